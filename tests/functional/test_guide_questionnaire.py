"""'What kind of care fits me?' as a browser without JavaScript uses it: real form, CSRF on."""

from __future__ import annotations

import re

import pytest

from tests.conftest import base_test_config

ANSWERS = {"other_drugs": "alcohol_or_benzos", "support_at_home": "no", "physical_health": "pregnant",
           "mental_health": "condition", "tried_before": "yes", "medication": "yes", "near": "89108"}


@pytest.fixture
def app_config(_schema):
    config = base_test_config(_schema)
    config["WTF_CSRF_ENABLED"] = True
    return config


def csrf_token(client) -> str:
    html = client.get("/guide/which-care").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_the_empty_form_has_six_questions_a_csrf_token_and_says_it_is_not_a_diagnosis(client):
    response = client.get("/guide/which-care")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<fieldset") == 6
    assert 'name="csrf_token"' in html
    assert "not a diagnosis" in html
    assert 'method="post"' in html


def test_posting_without_the_csrf_token_is_refused(client):
    assert client.post("/guide/which-care", data=ANSWERS).status_code == 400


def test_answers_give_suggestions_with_reasons_and_prefilled_searches(client):
    response = client.post("/guide/which-care", data={**ANSWERS, "csrf_token": csrf_token(client)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Inpatient detox" in html
    assert "can cause seizures" in html
    assert 'href="/treatment?codes=HID,RD,PW&amp;near=89108"' in html
    assert 'href="/treatment?codes=BU,MU,PW&amp;near=89108"' in html
    assert 'href="/treatment?codes=CO,PW&amp;near=89108"' in html
    assert 'href="/meetings?near=89108"' in html
    assert "This is not a diagnosis" in html


def test_thoughts_of_self_harm_bring_988_to_the_top_as_an_alert(client):
    data = {**ANSWERS, "mental_health": "harm", "csrf_token": csrf_token(client)}
    html = client.post("/guide/which-care", data=data).get_data(as_text=True)
    alert = html.index('role="alert"')
    assert alert < html.index('class="care-suggestions"')
    assert 'href="tel:988"' in html[alert:alert + 600]


def test_missing_answers_rerender_with_what_was_chosen_and_a_message_per_question(client):
    data = {"other_drugs": "none", "medication": "no", "near": "Reno", "csrf_token": csrf_token(client)}
    response = client.post("/guide/which-care", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count('class="field-error"') == 4
    assert 'role="alert"' in html
    assert re.search(r'value="none" checked', html)
    assert re.search(r'value="no" checked', html)
    assert 'value="Reno"' in html
    assert "Care that may fit you" not in html


def test_an_answer_outside_the_choices_is_an_error_not_a_crash(client):
    data = {**ANSWERS, "other_drugs": "everything", "near": "<script>", "csrf_token": csrf_token(client)}
    response = client.post("/guide/which-care", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="other_drugs-error"' in html
    assert 'id="near-error"' in html
    assert "<script>" not in html.split('<main', 1)[1].split("</main>")[0]


def test_the_answers_are_answered_in_spanish_too(client):
    client.get("/guide/which-care?lang=es")
    html = client.post("/guide/which-care", data={**ANSWERS, "csrf_token": csrf_token(client)}).get_data(as_text=True)
    assert "Desintoxicación con internación" in html
    assert "Esto no es un diagnóstico" in html
