"""Spanish: from Accept-Language, ?lang=, and a remembered choice; vocabulary and meeting types."""

from __future__ import annotations

import re

from flask import render_template_string
from flask_babel import gettext, refresh

from admissions.core.i18n import LANG_COOKIE, meeting_type_label
from admissions.directory.vocabulary import vocabulary


def test_english_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Quick exit" in html


def test_accept_language_spanish_gets_spanish(client):
    html = client.get("/guide/withdrawal", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "Cómo se siente la abstinencia" in html
    assert "Salida rápida" in html
    assert "Llame al 988" in html or "llame al 988" in html


def test_lang_argument_switches_and_the_choice_is_remembered(client):
    response = client.get("/guide?lang=es", headers={"Accept-Language": "en"})
    assert "Guía para dejar los opioides" in response.get_data(as_text=True)
    cookie = client.get_cookie(LANG_COOKIE)
    assert cookie is not None and cookie.value == "es"
    assert cookie.http_only

    later = client.get("/guide/medications", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="es">' in later
    assert "Medicamentos que ayudan" in later

    back = client.get("/guide/medications?lang=en").get_data(as_text=True)
    assert "Medicines that help" in back
    assert client.get_cookie(LANG_COOKIE).value == "en"


def test_an_unsupported_language_is_ignored(client):
    html = client.get("/?lang=fr", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert client.get_cookie(LANG_COOKIE) is None


def test_the_visible_switch_keeps_the_page_and_its_query(client):
    html = client.get("/?near=89108&codes=BU").get_data(as_text=True)
    link = re.search(r'<ul class="language-switch"[^>]*>\s*<li><a href="([^"]+)" lang="es" hreflang="es">Español</a>', html)
    assert link, "the switch to Spanish is missing"
    assert link.group(1) == "/?near=89108&amp;codes=BU&amp;lang=es"
    spanish = client.get("/guide/withdrawal?lang=es").get_data(as_text=True)
    assert 'href="/guide/withdrawal?lang=en" lang="en" hreflang="en">English</a>' in spanish


def test_responses_vary_by_language_inputs(client):
    vary = client.get("/guide").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_every_service_code_label_and_category_has_a_spanish_label(app):
    with app.test_request_context("/?lang=es"):
        untranslated = [c.code for c in vocabulary().codes.values() if gettext(c.label) == c.label
                        and c.label not in ("Medicaid", "Medicare", "Disulfiram", "The Joint Commission")]
        assert untranslated == []
        assert gettext("Buprenorphine used in Treatment") == "Buprenorfina usada en el tratamiento"
        assert gettext("Payment/Insurance/Funding Accepted") == "Pagos/seguros/fondos aceptados"
        assert render_template_string("{{ _(label) }}", label="Sliding fee scale") == "Tarifas según ingresos"


def test_meeting_types_come_with_their_spanish_names(app):
    assert meeting_type_label("W", "es") == "Mujeres"
    assert meeting_type_label("O", "es") == "Abierta"
    assert meeting_type_label("W", "en") == "Women"
    assert meeting_type_label("UNKNOWN", "es") == "UNKNOWN"
    with app.test_request_context("/?lang=es"):
        assert render_template_string("{{ meeting_type_label('C') }}") == "Cerrada"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()  # a request context made by hand skips before_request, where this happens
        assert render_template_string("{{ meeting_type_label('C') }}") == "Closed"
