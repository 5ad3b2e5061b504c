"""The questions, the quick exit and the language switch in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_guide_accessibility import answer_everything

NEUTRAL = "https://www.weather.gov/"


@pytest.fixture
def neutral_site(page):
    """Answer for the neutral site locally, so the test needs no network and nothing leaves."""
    # On the context, registered after the fixture's guard, so it wins for every request there
    # (the page, and anything the browser fetches for it on its own, like a favicon).
    page.context.route(f"{NEUTRAL}**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Weather</title><h1>Weather</h1>"))
    return page


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, java_script_enabled=False)
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(NEUTRAL):
            return route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")
        if route.request.url.startswith("http://127.0.0.1"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    yield context.new_page()
    context.close()
    assert not outside


def test_questionnaire_suggests_care_with_reasons_and_searches(page):
    page.goto("/guide/which-care")
    answer_everything(page)
    page.click("form.questions button[type=submit]")
    page.wait_for_selector(".care-suggestions")
    assert page.locator("h1").inner_text() == "Care that may fit you"
    assert page.get_by_role("alert").is_visible()
    kinds = page.eval_on_selector_all(".care-suggestion", "els => els.map(e => e.dataset.kind)")
    assert kinds[0] == "inpatient_detox"
    assert page.locator('a[href="/treatment?codes=HID,RD,PW&near=89108"]').count() == 1
    assert "This is not a diagnosis" in page.content()


def test_questionnaire_shows_an_error_for_each_unanswered_question_and_keeps_answers(page):
    page.goto("/guide/which-care")
    page.check('input[name="support_at_home"][value="yes"]')
    page.click("form.questions button[type=submit]")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert summary.locator("li").count() == 5
    assert page.is_checked('input[name="support_at_home"][value="yes"]')
    summary.locator("a").first.click()
    assert page.evaluate("location.hash") == "#other_drugs-0"


def test_questionnaire_can_be_answered_with_the_keyboard_only(page):
    page.goto("/guide/which-care")
    page.focus('input[name="other_drugs"][value="none"]')
    for _ in range(6):
        page.keyboard.press("Space")  # choose the focused answer
        page.keyboard.press("Tab")    # on to the next question
    page.keyboard.press("Tab")        # past the place field
    page.keyboard.press("Enter")
    page.wait_for_selector(".care-suggestions")
    assert page.locator(".care-suggestion").first.get_attribute("data-kind") == "outpatient_detox"


def test_questionnaire_works_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/guide/which-care")
    answer_everything(page)
    page.click("form.questions button[type=submit]")
    assert page.locator(".care-suggestion").count() >= 4


def test_quick_exit_leaves_and_the_back_button_does_not_return(neutral_site, live_server):
    page = neutral_site
    page.goto("/")
    page.goto("/guide/withdrawal")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == live_server + "/"


def test_escape_twice_is_a_quick_exit_too(neutral_site, live_server):
    page = neutral_site
    page.goto("/guide")
    page.goto("/guide/medications")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == live_server + "/guide"


def test_quick_exit_is_a_plain_link_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/guide")
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL)


def test_language_switch_changes_language_and_the_choice_persists(page):
    page.goto("/guide")
    assert page.locator("h1").inner_text() == "Guide to getting off opioids"
    page.click('.language-switch a[hreflang="es"]')
    page.wait_for_url("**/guide?lang=es")
    assert page.locator("h1").inner_text() == "Guía para dejar los opioides"
    page.goto("/guide/medications")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Medicamentos que ayudan"
    page.click('.language-switch a[hreflang="en"]')
    assert page.locator("h1").inner_text() == "Medicines that help"
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_spanish_browser_gets_spanish_first(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="es-MX")
    try:
        page = context.new_page()
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("#quick-exit").inner_text() == "Salida rápida"
    finally:
        context.close()
