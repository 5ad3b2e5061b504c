"""A person on a phone searches by ZIP, filters, opens a facility; axe checks every page."""

from __future__ import annotations

from datetime import datetime, timezone

from tests.browser.conftest import assert_accessible
from tests.factories import make_facility


def test_search_by_zip_on_a_phone_filter_and_open_a_facility(page, live_db):
    make_facility(name="Desert Hope Detox", codes=("SA", "DT", "RD", "BU", "MD", "PI"), phone="(702) 555-0101",
                  verified_at=datetime(2026, 10, 3, tzinfo=timezone.utc))
    make_facility(name="Sunrise Outpatient", codes=("SA", "OP", "NU", "SF"), phone="(702) 555-0102",
                  latitude=36.25, longitude=-115.18)
    live_db.session.commit()

    page.goto("/")
    assert_accessible(page, "on the home page")
    page.get_by_label("Your ZIP code or city").fill("89108")
    page.get_by_role("button", name="Find treatment").click()
    page.wait_for_url("**/treatment?near=89108*")
    assert page.get_by_role("heading", name="Places near Las Vegas, NV 89108: 2").is_visible()
    assert_accessible(page, "on the results")
    call = page.get_by_role("link", name="Call (702) 555-0101")
    assert call.get_attribute("href") == "tel:+17025550101" and call.is_visible()

    page.get_by_text("Filters: type of care, medication, payment and more").click()
    page.get_by_label("Buprenorphine (Suboxone)").check()
    page.get_by_label("Medicaid").check()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**medication=buprenorphine*")
    assert page.get_by_role("heading", name="Places near Las Vegas, NV 89108: 1").is_visible()
    assert page.get_by_text("Sunrise Outpatient").count() == 0
    assert_accessible(page, "on filtered results")

    page.get_by_role("link", name="Desert Hope Detox").click()
    page.wait_for_url("**/treatment/*")
    assert page.get_by_role("heading", name="Desert Hope Detox", level=1).is_visible()
    assert page.get_by_text("Verified on October 3, 2026").is_visible()
    assert_accessible(page, "on the facility page")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("The phone number is wrong").check()
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_text("Thank you. We will check this listing.").is_visible()


def test_no_results_page_is_accessible_and_offers_help(page, live_db):
    page.goto("/treatment?near=59601&radius_miles=5&care=sober_living")
    assert page.get_by_text("We found no place that matches everything you asked for.").is_visible()
    assert page.get_by_role("link", name="1-800-662-4357", exact=True).is_visible()
    assert_accessible(page, "on no results")
    page.get_by_role("link", name="Search within 10 miles").click()
    page.wait_for_url("**radius_miles=10*")


def test_a_bad_zip_is_explained_next_to_the_field(page, live_db):
    page.goto("/treatment?near=00000")
    assert page.get_by_text("We do not know the ZIP code 00000.").is_visible()
    assert_accessible(page, "on a bad ZIP")
