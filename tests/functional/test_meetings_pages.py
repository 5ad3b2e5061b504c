"""The public meeting pages, the calendar file, "report a change" and the admins' report list."""

from datetime import timedelta

from flask import render_template_string
from icalendar import Calendar
from sqlalchemy import select

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.meetings import schedule
from admissions.meetings.models import MeetingReport
from tests.factories import make_facility, make_meeting, make_user

EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]
LA = "America/Los_Angeles"


def local_clock(minutes_from_now: int, tz: str = LA) -> tuple[str, int]:
    """HH:MM and our day number of now + minutes, on the clock of ``tz``."""
    when = (utcnow() + timedelta(minutes=minutes_from_now)).astimezone(schedule.zone(tz))
    return when.strftime("%H:%M"), schedule.day_of(when.date())


def test_search_page_is_a_get_form_that_works_without_script(client):
    html = client.get("/meetings").get_data(as_text=True)
    assert '<form class="meeting-search" method="get"' in html
    assert 'name="near"' in html and 'value="soon"' in html and 'value="online"' in html
    assert "results-heading" not in html


def test_a_meeting_starting_soon_near_a_zip_is_listed_and_a_far_one_is_not(client, app):
    clock, day = local_clock(60)
    make_meeting(name="Soon Near Home", day=day, time=clock)
    make_meeting(name="Soon In Reno", day=day, time=clock, latitude=39.5, longitude=-119.8)
    make_meeting(name="Not Soon", day=(day + 3) % 7, time=clock)
    db.session.commit()
    html = client.get("/meetings?near=89108&when=soon&attendance=in_person&attendance=hybrid").get_data(as_text=True)
    assert "Soon Near Home" in html
    assert "Soon In Reno" not in html and "Not Soon" not in html
    assert "1 meeting" in html


def test_a_place_we_cannot_find_re_renders_the_form_with_what_was_typed(client):
    response = client.get("/meetings?near=Atlantis%2C+ZZ&when=soon")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Atlantis, ZZ"' in html and 'aria-invalid="true"' in html
    assert "We could not find" in html or "Enter a 5-digit ZIP" in html


def test_without_a_place_in_person_needs_a_zip_but_online_meetings_still_show(client, app):
    make_meeting(name="Zoom Daily", day=EVERY_DAY, time="07:00", address=None, latitude=None, longitude=None,
                 postal_code=None, approximate="yes", conference_url="https://meet.example.org/z")
    make_meeting(name="Church Hall", day=EVERY_DAY, time="07:00")
    db.session.commit()
    html = client.get("/meetings?when=any&attendance=in_person&attendance=online").get_data(as_text=True)
    assert "Enter your ZIP code or city" in html
    assert "Zoom Daily" in html and "Church Hall" not in html


def test_by_day_lists_only_that_days_meetings(client, app):
    make_meeting(name="Wednesday Group", day=3)
    make_meeting(name="Monday Group", day=1)
    db.session.commit()
    html = client.get("/meetings?near=89108&when=day&day=3").get_data(as_text=True)
    assert "Wednesday Group" in html and "Monday Group" not in html


def test_tomorrow_is_the_viewers_tomorrow(client, app):
    _, today = local_clock(0, "America/New_York")
    make_meeting(name="Tomorrow Group", day=(today + 1) % 7, postal_code="10001", latitude=40.7484,
                 longitude=-73.9967, timezone="America/New_York")
    make_meeting(name="Today Group", day=today, postal_code="10001", latitude=40.7484, longitude=-73.9967,
                 timezone="America/New_York")
    db.session.commit()
    client.set_cookie("tz", "America/New_York")
    html = client.get("/meetings?near=10001&when=tomorrow").get_data(as_text=True)
    assert "Tomorrow Group" in html and "Today Group" not in html


def test_tonight_lists_meetings_before_local_midnight(client, app):
    now = utcnow().astimezone(schedule.zone(LA))
    if now.hour >= 22 or now.hour < 4:
        later = local_clock(30)
    else:
        later = local_clock(60)
    make_meeting(name="Tonight Group", day=later[1], time=later[0])
    db.session.commit()
    client.set_cookie("tz", LA)
    html = client.get("/meetings?near=89108&when=tonight").get_data(as_text=True)
    assert "Tonight Group" in html


def test_meeting_page_shows_local_time_and_the_viewers_when_different(client, app):
    make_meeting(name="Hope Group", slug="hope-group", day=1, time="19:00", end_time="20:30",
                 types=["O", "X"], updated="2026-10-01 14:00:00")
    db.session.commit()
    html = client.get("/meetings/hope-group").get_data(as_text=True)
    assert "Hope Group" in html and "19:00–20:30" in html and "Pacific Time" in html
    assert "Monday" in html and "Wheelchair Access" in html and "1 October 2026" in html
    assert "Your time" not in html.replace('data-label="Your time:"', "")
    viewer = client.get("/meetings/hope-group?tz=America/New_York").get_data(as_text=True)
    assert "Your time" in viewer and "10:00 PM" in viewer and "Eastern Time" in viewer
    same = client.get("/meetings/hope-group?tz=America/Los_Angeles").get_data(as_text=True)
    assert "data-server-viewer-time" not in same


def test_an_unknown_meeting_is_404(client):
    assert client.get("/meetings/no-such-meeting").status_code == 404


def test_calendar_file_repeats_weekly_in_the_meetings_zone(client, app):
    make_meeting(name="Hope Group", slug="hope-group", day=[1, 3], time="19:00", end_time="20:30",
                 timezone="America/New_York")
    db.session.commit()
    response = client.get("/meetings/hope-group/calendar.ics")
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    event = cal.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Hope Group"
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "America/New_York" and start.strftime("%H:%M") == "19:00"
    assert end - start == timedelta(minutes=90)
    assert schedule.day_of(start.date()) in (1, 3)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    assert b"DTSTART;TZID=America/New_York:" in response.data


def test_report_a_change_is_stored_for_admins(client, app):
    make_meeting(name="Hope Group", slug="hope-group")
    db.session.commit()
    response = client.post("/meetings/hope-group/report",
                           data={"problem": "wrong_time", "details": "Now at 20:00", "contact": ""})
    assert response.status_code == 302
    report = db.session.scalar(select(MeetingReport))
    assert (report.problem, report.details, report.contact) == ("wrong_time", "Now at 20:00", None)
    assert "Thank you" in client.get("/meetings/hope-group").get_data(as_text=True)


def test_a_report_without_a_problem_re_renders_with_what_was_typed(client, app):
    make_meeting(name="Hope Group", slug="hope-group")
    db.session.commit()
    response = client.post("/meetings/hope-group/report", data={"details": "It moved to Elm St"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose what is wrong." in html and "It moved to Elm St" in html
    assert db.session.scalar(select(MeetingReport)) is None


def test_admins_see_and_resolve_reports_others_cannot(client, auth, app):
    meeting = make_meeting(name="Hope Group", slug="hope-group")
    db.session.add(MeetingReport(meeting=meeting, problem="closed", details="Church sold"))
    admin = make_user(Role.ADMIN)
    navigator = make_user(Role.NAVIGATOR)
    db.session.commit()
    assert client.get("/staff/meetings/reports").status_code == 302
    auth.login(navigator.email)
    assert client.get("/staff/meetings/reports").status_code == 403
    auth.logout()
    auth.login(admin.email)
    html = client.get("/staff/meetings/reports").get_data(as_text=True)
    assert "Hope Group" in html and "Church sold" in html
    report_id = db.session.scalar(select(MeetingReport.id))
    assert client.post(f"/staff/meetings/reports/{report_id}/resolve").status_code == 302
    assert "Church sold" not in client.get("/staff/meetings/reports").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting_report.resolved"))
    assert (event.actor_id, event.target_id) == (admin.id, str(report_id))


def test_facility_partial_lists_meetings_near_the_facility_or_nothing(app):
    facility = make_facility()
    template = '{% include "meetings/_near_facility.html" %}'
    with app.test_request_context("/treatment/x"):
        assert render_template_string(template, facility=facility).strip() == ""
    make_meeting(name="Around The Corner", day=EVERY_DAY)
    with app.test_request_context("/treatment/x"):
        html = render_template_string(template, facility=facility)
    assert "Recovery meetings nearby" in html and "Around The Corner" in html
    facility.latitude = None
    with app.test_request_context("/treatment/x"):
        assert render_template_string(template, facility=facility).strip() == ""


def test_a_tampered_choice_is_explained_not_a_500(client):
    response = client.get("/meetings?near=89108&when=someday&radius_miles=9999")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Distance:" in html and "When:" in html and "results-heading" not in html


def test_result_pages_link_to_each_other(client, app):
    for n in range(27):
        make_meeting(name=f"Group {n:02d}", day=EVERY_DAY, time=f"{6 + n // 4:02d}:{(n % 4) * 15:02d}")
    db.session.commit()
    first = client.get("/meetings?near=89108&when=any").get_data(as_text=True)
    assert "27 meetings" in first and "Page 1 of 2" in first
    assert first.count('class="meeting-card"') == 25
    second = client.get("/meetings?near=89108&when=any&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and second.count('class="meeting-card"') == 2
    assert 'href="/meetings?near=89108&amp;when=any&amp;page=1"' in second


def test_the_online_quick_link_lists_online_meetings_starting_soon_without_a_place(client, app):
    clock, day = local_clock(50, "America/New_York")
    make_meeting(name="Online Soon", day=day, time=clock, timezone="America/New_York", address=None,
                 latitude=None, longitude=None, postal_code=None, approximate="yes",
                 conference_url="https://meet.example.org/soon")
    make_meeting(name="Walk In Soon", day=day, time=clock, timezone="America/New_York")
    db.session.commit()
    page = client.get("/meetings").get_data(as_text=True)
    assert 'href="/meetings?when=soon&amp;attendance=online"' in page
    html = client.get("/meetings?when=soon&attendance=online").get_data(as_text=True)
    assert "Online Soon" in html and "Walk In Soon" not in html and "Enter your ZIP" not in html


def test_a_link_with_only_a_place_searches_starting_soon_there(client, app):
    clock, day = local_clock(40)
    make_meeting(name="Soon Here", day=day, time=clock)
    db.session.commit()
    html = client.get("/meetings?near=89108").get_data(as_text=True)
    assert '<input checked id="when-0" name="when" type="radio" value="soon">' in html
    assert "Soon Here" in html


def test_choosing_a_language_alone_does_not_run_a_search(client):
    html = client.get("/meetings?lang=es").get_data(as_text=True)
    assert "results-heading" not in html and "near-needed" not in html


def test_a_facility_page_shows_the_meetings_near_it(client, app):
    facility = make_facility(name="Desert Hope Detox")  # Las Vegas, like make_meeting's default
    make_meeting(name="Clean And Serene Group", slug="clean-and-serene", day=EVERY_DAY, time="19:00")
    make_meeting(name="Far Away Group", slug="far-away", day=EVERY_DAY, time="19:00",
                 latitude=40.7506, longitude=-73.9972, postal_code="10001", city="New York", state="NY",
                 timezone="America/New_York")
    db.session.commit()
    body = client.get(f"/treatment/{facility.public_id}-{facility.slug}").get_data(as_text=True)
    assert "Clean And Serene Group" in body and "/meetings/clean-and-serene" in body
    assert "Far Away Group" not in body
