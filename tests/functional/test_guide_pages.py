"""The guide pages, the home page, the crisis bar and the quick exit, through the test client."""

from __future__ import annotations

import re

import pytest

from admissions.guide.pages import PAGES

PUBLIC_PAGES = ["/", "/guide", "/guide/which-care"] + [f"/guide/{page.slug}" for page in PAGES]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_carries_the_crisis_numbers_as_links_that_dial(client, path):
    html = client.get(path).get_data(as_text=True)
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert 'href="tel:+18006624357"' in html
    assert "1-800-662-4357" in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_has_a_quick_exit_link_to_a_neutral_site_and_a_skip_link(client, path):
    html = client.get(path).get_data(as_text=True)
    assert re.search(r'<a class="quick-exit" id="quick-exit" href="https://www\.weather\.gov/" data-quick-exit', html)
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_quick_exit_goes_where_the_settings_say(app, client):
    app.config["QUICK_EXIT_URL"] = "https://www.example.org/"
    assert 'href="https://www.example.org/" data-quick-exit' in client.get("/guide").get_data(as_text=True)


def test_the_guide_index_lists_every_page_and_the_questions(client):
    html = client.get("/guide").get_data(as_text=True)
    for page in PAGES:
        assert f'href="/guide/{page.slug}"' in html
    assert 'href="/guide/which-care"' in html


def test_the_home_page_links_to_search_callback_questions_and_each_guide_page(client):
    html = client.get("/").get_data(as_text=True)
    assert 'action="/treatment"' in html and 'name="near"' in html
    assert 'href="/callback"' in html
    assert 'href="/guide/which-care"' in html
    for page in PAGES:
        assert f'href="/guide/{page.slug}"' in html


@pytest.mark.parametrize("slug, search", [
    ("withdrawal", "/treatment?codes=ODTX"),
    ("detox-and-rehab", "/treatment?codes=HID,RD"),
    ("detox-and-rehab", "/treatment?codes=OD"),
    ("medications", "/treatment?codes=BU"),
    ("medications", "/treatment?codes=MU"),
    ("medications", "/treatment?codes=DLC"),
    ("after-detox", "/treatment?codes=NOE"),
    ("counseling-and-support", "/meetings"),
    ("paying-for-care", "/treatment?codes=MD"),
    ("paying-for-care", "/treatment?codes=SS"),
    ("navigator-call", "/callback"),
])
def test_each_guide_page_links_to_the_matching_search(client, slug, search):
    html = client.get(f"/guide/{slug}").get_data(as_text=True)
    assert f'href="{search}"' in html


def test_the_medications_page_covers_each_medicine_and_the_benzodiazepine_danger(client):
    html = client.get("/guide/medications").get_data(as_text=True)
    for name in ("Methadone", "Buprenorphine", "Naltrexone", "Clonidine and lofexidine", "Xanax"):
        assert name in html
    assert 'id="benzo-warning"' in html


def test_an_unknown_guide_page_is_a_404_with_the_crisis_bar(client):
    response = client.get("/guide/nothing-here")
    assert response.status_code == 404
    assert 'href="tel:988"' in response.get_data(as_text=True)


def test_every_service_code_used_by_the_guide_exists_in_the_vocabulary():
    from admissions.directory.vocabulary import vocabulary
    from admissions.guide import fit

    codes = {code for page in PAGES for search in page.searches for code in search.codes}
    answers = [fit.Answers(o, s, p, m, t, med)
               for o in (fit.OTHER_NONE, fit.OTHER_ALCOHOL_OR_BENZOS) for s in (fit.YES, fit.NO)
               for p in (fit.HEALTH_OK, fit.HEALTH_PREGNANT) for m in (fit.MIND_OK, fit.MIND_HARM)
               for t in (fit.YES, fit.NO) for med in (fit.YES, fit.NO)]
    codes |= {code for a in answers for s in fit.suggest(a).suggestions for code in s.codes}
    assert codes <= set(vocabulary().codes), codes - set(vocabulary().codes)
