"""axe finds nothing on the public pages of every area in Spanish, and each page really is in Spanish."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible
from tests.factories import make_facility, make_meeting


@pytest.fixture
def es_page(page):
    """The phone page with Spanish chosen once by ?lang=es (the choice is kept in a cookie)."""
    page.goto("/?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    return page


def _assert_spanish_and_accessible(page, where: str) -> None:
    assert page.locator("html").get_attribute("lang") == "es", where
    assert page.get_by_role("link", name="988").first.is_visible(), where
    assert_accessible(page, f"in Spanish, {where}")


def test_directory_pages_in_spanish(es_page, live_db):
    facility = make_facility(name="Centro Esperanza", codes=("SA", "DT", "BU", "MD", "SP"))
    live_db.session.commit()
    page = es_page

    page.goto("/treatment")
    assert page.get_by_role("button", name="Buscar").first.is_visible()
    _assert_spanish_and_accessible(page, "on the empty search")
    page.goto("/treatment?near=89108&radius_miles=25")
    assert page.get_by_role("link", name="Centro Esperanza").is_visible()
    _assert_spanish_and_accessible(page, "on the results")
    page.goto("/treatment?near=89108&radius_miles=25&codes=BU,MD")
    _assert_spanish_and_accessible(page, "on filtered results")
    page.goto("/treatment?near=59601&radius_miles=5&codes=RD")
    _assert_spanish_and_accessible(page, "on no results")
    page.goto("/treatment?near=00000")
    _assert_spanish_and_accessible(page, "on a bad ZIP")
    page.goto(f"/treatment/{facility.public_id}-{facility.slug}")
    assert page.get_by_role("heading", name="Centro Esperanza", level=1).is_visible()
    _assert_spanish_and_accessible(page, "on the facility page")


def test_meeting_pages_in_spanish(es_page, live_db):
    make_meeting(name="Solo Por Hoy", slug="solo-por-hoy", day=[0, 1, 2, 3, 4, 5, 6], time="19:00")
    live_db.session.commit()
    page = es_page

    page.goto("/meetings")
    _assert_spanish_and_accessible(page, "on the meeting search")
    page.goto("/meetings?near=89108&when=any")
    _assert_spanish_and_accessible(page, "on meeting results")
    page.goto("/meetings/solo-por-hoy")
    assert page.get_by_role("heading", name="Solo Por Hoy", level=1).is_visible()
    _assert_spanish_and_accessible(page, "on a meeting page")


def test_call_back_form_errors_and_confirmation_in_spanish(es_page, live_db):
    page = es_page
    page.goto("/callback")
    _assert_spanish_and_accessible(page, "on the empty call-back form")

    page.locator("input[name=first_name]").fill("Ana")
    page.locator("input[name=phone]").fill("12")
    with page.expect_navigation():
        page.locator("#callback-form").evaluate("form => form.submit()")
    assert page.locator("input[name=first_name]").input_value() == "Ana"
    assert page.locator(".error-summary").is_visible()
    _assert_spanish_and_accessible(page, "on the call-back form with errors")

    page.locator("input[name=phone]").fill("702 555 0123")
    page.locator("input[name=zip]").fill("89108")
    page.locator("input[name=consent_to_contact]").check()
    with page.expect_navigation(url="**/callback/thanks"):
        page.locator("#callback-form").evaluate("form => form.submit()")
    _assert_spanish_and_accessible(page, "on the confirmation")
