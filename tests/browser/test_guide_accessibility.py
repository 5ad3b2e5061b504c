"""axe finds nothing on the home page, the guide and the questions, in English and in Spanish."""

from __future__ import annotations

import pytest

from admissions.guide.pages import PAGES
from tests.browser.conftest import assert_accessible

LANGUAGES = ["en", "es"]
STATIC_PAGES = ["/", "/guide"] + [f"/guide/{page.slug}" for page in PAGES] + ["/guide/which-care"]


def answer_everything(page):
    for name, value in (("other_drugs", "alcohol_or_benzos"), ("support_at_home", "no"),
                        ("physical_health", "pregnant"), ("mental_health", "harm"),
                        ("tried_before", "yes"), ("medication", "not_sure")):
        page.check(f'input[name="{name}"][value="{value}"]')
    page.fill("#near", "89108")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", STATIC_PAGES)
def test_public_page_has_no_axe_violations(page, path, lang):
    page.goto(f"{path}?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page, f"{path} ({lang})")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questionnaire_with_errors_has_no_axe_violations(page, lang):
    page.goto(f"/guide/which-care?lang={lang}")
    page.check('input[name="other_drugs"][value="none"]')
    page.click("form.questions button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert_accessible(page, f"questionnaire with errors ({lang})")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questionnaire_answered_has_no_axe_violations(page, lang):
    page.goto(f"/guide/which-care?lang={lang}")
    answer_everything(page)
    page.click("form.questions button[type=submit]")
    page.wait_for_selector(".care-suggestions")
    assert_accessible(page, f"questionnaire answered ({lang})")


def test_guide_page_is_usable_at_200_percent_zoom(page):
    """A 640 px window at 200% is 320 CSS px (WCAG reflow): nothing may scroll sideways."""
    page.set_viewport_size({"width": 640, "height": 800})
    for path in ("/", "/guide/medications", "/guide/which-care"):
        page.goto(path)
        page.evaluate("document.documentElement.style.zoom = '2'")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 200%"


def test_keyboard_focus_is_visible_and_the_skip_link_comes_first(page):
    page.goto("/guide")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_reduced_motion_is_respected(browser, live_server):
    context = browser.new_context(base_url=live_server, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto("/guide")
        assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
        duration = page.evaluate("getComputedStyle(document.querySelector('a')).transitionDuration")
        assert duration in ("0s", "")
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_not_found_has_no_axe_violations(page, lang):
    page.goto(f"/guide/no-such-page?lang={lang}")
    assert page.locator("a[href='tel:+18006624357']").count() >= 1
    assert_accessible(page, f"404 ({lang})")
