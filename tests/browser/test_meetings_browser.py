"""On a phone: find a meeting starting soon near a ZIP, open it, and the pages pass axe."""

from datetime import timedelta

from admissions.core.time import utcnow
from admissions.meetings import schedule
from tests.browser.conftest import PHONE, assert_accessible
from tests.factories import make_meeting


def _soon_in_las_vegas(minutes: int) -> tuple[str, int]:
    when = (utcnow() + timedelta(minutes=minutes)).astimezone(schedule.zone("America/Los_Angeles"))
    return when.strftime("%H:%M"), schedule.day_of(when.date())


def test_find_a_meeting_starting_soon_near_a_zip_on_a_phone(page, live_db):
    clock, day = _soon_in_las_vegas(45)
    make_meeting(name="Just For Today Vegas", slug="just-for-today-vegas", day=day, time=clock,
                 location="Community Center", types=["O", "BE"])
    make_meeting(name="Next Week Group", day=(day + 2) % 7, time=clock)
    make_meeting(name="Online Anytime", day=[0, 1, 2, 3, 4, 5, 6], time="06:00", address=None, latitude=None,
                 longitude=None, postal_code=None, approximate="yes", conference_url="https://meet.example.org/a")
    live_db.session.commit()

    page.goto("/meetings")
    assert_accessible(page, "on /meetings")
    page.get_by_label("ZIP code or city").fill("89108")
    page.get_by_label("Starting in the next 3 hours").check()
    page.get_by_role("button", name="Find meetings").click()

    results = page.get_by_role("region", name="1 meeting near Las Vegas, NV 89108")
    assert results.is_visible()
    assert page.get_by_text("Next Week Group").count() == 0
    assert_accessible(page, "on the search results")
    results.get_by_role("link", name="Just For Today Vegas").click()

    page.wait_for_url("**/meetings/just-for-today-vegas")
    assert page.get_by_role("heading", name="Just For Today Vegas").is_visible()
    assert page.get_by_text("Pacific Time").first.is_visible()
    assert page.get_by_role("link", name="Add to calendar").is_visible()
    assert_accessible(page, "on a meeting page")


def test_report_a_change_from_a_phone(page, live_db):
    make_meeting(name="Hope Group", slug="hope-group-browser", day=1)
    live_db.session.commit()
    page.goto("/meetings/hope-group-browser")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_text("Choose what is wrong.").is_visible()
    assert_accessible(page, "on a report with an error")
    page.get_by_label("The day or time is wrong").check()
    page.get_by_label("What should it say? (optional)").fill("Mondays at 20:00 now")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_text("Thank you. We will check this meeting.").is_visible()


def test_a_viewer_in_another_zone_sees_the_time_in_their_own(browser, live_server, live_db):
    make_meeting(name="Vegas Evening", slug="vegas-evening", day=1, time="19:00")  # Los Angeles time
    live_db.session.commit()
    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True,
                                  timezone_id="America/New_York")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server)
                  else route.abort())
    try:
        page = context.new_page()
        page.goto("/meetings/vegas-evening")
        # First visit: the server does not know the zone yet; the page script fills it in.
        note = page.locator("[data-viewer-time-note]")
        note.wait_for(state="visible")
        assert "Your time:" in note.inner_text() and "10:00" in note.inner_text()
        # The script remembered the zone, so the next page comes with it from the server.
        page.reload()
        assert "Eastern Time" in page.locator("[data-server-viewer-time]").inner_text()
        assert page.locator("[data-viewer-time-note]").is_hidden()
    finally:
        context.close()
