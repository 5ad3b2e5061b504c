"""The "add to calendar" file, built from an unsaved meeting (no database)."""

from datetime import datetime, timezone

from icalendar import Calendar

from admissions.meetings import schedule
from admissions.meetings.calendar import meeting_ics
from admissions.meetings.models import Meeting


def build(**fields) -> Meeting:
    defaults = dict(id=1, slug="early", name="Early Risers", day_mask=schedule.days_to_mask([0]),
                    start_minute=150, end_minute=210, timezone="America/New_York", address="1 Main St")
    defaults.update(fields)
    return Meeting(**defaults)


def event_of(ics: bytes):
    return Calendar.from_ical(ics).walk("VEVENT")[0]


def test_a_start_in_the_spring_forward_gap_keeps_its_wall_clock_time_for_the_series():
    ics = meeting_ics(build(), url="https://example.org/meetings/early",
                      today=datetime(2026, 3, 8, 5, 0, tzinfo=timezone.utc))
    assert b"DTSTART;TZID=America/New_York:20260308T023000" in ics
    assert b"DTEND;TZID=America/New_York:20260308T033000" in ics
    assert b"RRULE:FREQ=WEEKLY;BYDAY=SU" in ics


def test_a_meeting_past_midnight_ends_the_next_day():
    event = event_of(meeting_ics(build(start_minute=23 * 60 + 30, end_minute=30, day_mask=schedule.days_to_mask([5])),
                                 url="https://example.org/m", today=datetime(2026, 11, 22, tzinfo=timezone.utc)))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.isoformat(), end.isoformat()) == ("2026-11-27T23:30:00-05:00", "2026-11-28T00:30:00-05:00")
