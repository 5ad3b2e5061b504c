from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from admissions.core.business_hours import BusinessCalendar

LA = ZoneInfo("America/Los_Angeles")
WEEKDAYS = {d: ("08:00", "20:00") for d in range(5)}
CAL = BusinessCalendar("America/Los_Angeles", {**WEEKDAYS, 5: ("09:00", "17:00"), 6: None})


def test_minutes_inside_open_hours_add_plainly():
    start = datetime(2026, 11, 18, 10, 0, tzinfo=LA)  # Wednesday
    assert CAL.add_minutes(start, 60) == datetime(2026, 11, 18, 11, 0, tzinfo=LA)


def test_a_deadline_past_closing_carries_over_to_the_next_open_day():
    start = datetime(2026, 11, 20, 19, 30, tzinfo=LA)  # Friday
    assert CAL.add_minutes(start, 60) == datetime(2026, 11, 21, 9, 30, tzinfo=LA)


def test_sunday_is_skipped_and_night_arrivals_start_at_opening():
    start = datetime(2026, 11, 22, 3, 0, tzinfo=LA)  # Sunday night
    assert CAL.add_minutes(start, 15) == datetime(2026, 11, 23, 8, 15, tzinfo=LA)


def test_holidays_are_closed():
    cal = BusinessCalendar(CAL.timezone, CAL.hours, frozenset({date(2026, 11, 26)}))
    start = datetime(2026, 11, 25, 19, 50, tzinfo=LA)
    assert cal.add_minutes(start, 20) == datetime(2026, 11, 27, 8, 10, tzinfo=LA)


def test_open_hours_are_counted_in_local_time_across_a_dst_change():
    # 2026-03-08: clocks spring forward in Los Angeles; an 08:00 opening is still 08:00 local.
    start = datetime(2026, 3, 7, 16, 30, tzinfo=LA)  # Saturday 16:30
    due = CAL.add_minutes(start, 60)
    assert due == datetime(2026, 3, 9, 8, 30, tzinfo=LA)
    assert due.astimezone(timezone.utc).hour == 15  # PDT is UTC-7


def test_open_minutes_between_counts_only_open_time():
    start = datetime(2026, 11, 20, 19, 0, tzinfo=LA)
    end = datetime(2026, 11, 21, 10, 0, tzinfo=LA)
    assert CAL.open_minutes_between(start, end) == 120
    assert CAL.is_open(start) and not CAL.is_open(datetime(2026, 11, 22, 12, 0, tzinfo=LA))
