"""Meeting times in the meeting's own zone, daylight saving included (no database)."""

from datetime import datetime, timedelta, timezone

import pytest

from admissions.meetings import formats, schedule
from admissions.meetings.importers import RowRejected, parse_bmlt, parse_tsml

UTC = timezone.utc
SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = range(7)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def minutes(hhmm: str) -> int:
    return schedule.parse_clock(hhmm)


# --- daylight saving: 2026 changes are 8 March (spring forward) and 1 November (fall back) ---

def test_sunday_evening_meeting_after_spring_forward_starts_at_the_daylight_offset():
    occ = schedule.occurrence_at([SUNDAY], minutes("19:00"), minutes("20:00"), "America/New_York",
                                 at("2026-03-08T12:00:00-04:00"))
    assert occ.start.isoformat() == "2026-03-08T19:00:00-04:00"
    assert occ.start.astimezone(UTC) == at("2026-03-08T23:00:00+00:00")
    assert not occ.in_progress


def test_spring_forward_night_is_an_hour_shorter_between_two_local_times():
    # Saturday 20:00 EST to Sunday 19:00 EDT is 22 real hours, not 23.
    now = at("2026-03-07T20:00:00-05:00")
    occ = schedule.occurrence_at([SUNDAY], minutes("19:00"), None, "America/New_York", now)
    assert occ.start - now == timedelta(hours=22)


def test_a_meeting_in_the_spring_forward_gap_starts_when_the_clock_reaches_it():
    occ = schedule.occurrence_at([SUNDAY], minutes("02:30"), minutes("03:30"), "America/New_York",
                                 at("2026-03-08T00:00:00-05:00"))
    assert occ.start.astimezone(UTC) == at("2026-03-08T07:30:00+00:00")
    assert occ.start.isoformat() == "2026-03-08T03:30:00-04:00"


def test_a_meeting_in_the_fall_back_overlap_happens_the_first_time_the_clock_shows_it():
    occ = schedule.occurrence_at([SUNDAY], minutes("01:30"), minutes("02:30"), "America/New_York",
                                 at("2026-11-01T00:00:00-04:00"))
    assert occ.start.isoformat() == "2026-11-01T01:30:00-04:00"
    # It ends at 02:30 on the clock, which after the fall back is 02:30 EST.
    assert occ.end.astimezone(UTC) == at("2026-11-01T07:30:00+00:00")


def test_fall_back_meeting_is_still_under_way_during_the_repeated_hour():
    occ = schedule.occurrence_at([SUNDAY], minutes("01:30"), minutes("02:30"), "America/New_York",
                                 at("2026-11-01T01:10:00-05:00"))  # the second 01:10
    assert occ.in_progress
    assert occ.start.isoformat() == "2026-11-01T01:30:00-04:00"


def test_los_angeles_spring_forward_morning_meeting_is_two_hours_away_not_three():
    now = at("2026-03-08T09:00:00+00:00")  # 01:00 PST, an hour before the change
    occ = schedule.occurrence_at([SUNDAY], minutes("04:00"), None, "America/Los_Angeles", now)
    assert occ.start.isoformat() == "2026-03-08T04:00:00-07:00"
    assert occ.start - now == timedelta(hours=2)


def test_los_angeles_fall_back_evening_meeting_uses_standard_time():
    occ = schedule.occurrence_at([SUNDAY], minutes("19:00"), minutes("20:00"), "America/Los_Angeles",
                                 at("2026-11-01T08:00:00-08:00"))
    assert occ.start.isoformat() == "2026-11-01T19:00:00-08:00"


def test_phoenix_has_no_daylight_saving_so_the_utc_time_never_moves():
    winter = schedule.occurrence_at([SUNDAY], minutes("19:00"), None, "America/Phoenix", at("2026-01-04T00:00:00Z"))
    spring = schedule.occurrence_at([SUNDAY], minutes("19:00"), None, "America/Phoenix", at("2026-03-08T00:00:00Z"))
    assert winter.start.astimezone(UTC).time() == spring.start.astimezone(UTC).time()
    assert spring.start.isoformat() == "2026-03-08T19:00:00-07:00"


def test_a_2330_meeting_is_still_in_progress_after_midnight():
    occ = schedule.occurrence_at([MONDAY], minutes("23:30"), minutes("00:30"), "America/New_York",
                                 at("2026-11-24T00:10:00-05:00"))  # Tuesday 00:10
    assert occ.in_progress
    assert occ.start.isoformat() == "2026-11-23T23:30:00-05:00"
    assert occ.end.isoformat() == "2026-11-24T00:30:00-05:00"


def test_after_a_late_meeting_ends_the_next_start_is_a_week_later():
    occ = schedule.occurrence_at([MONDAY], minutes("23:30"), minutes("00:30"), "America/New_York",
                                 at("2026-11-24T00:45:00-05:00"))
    assert not occ.in_progress
    assert occ.start.isoformat() == "2026-11-30T23:30:00-05:00"


def test_a_meeting_on_several_days_starts_on_the_next_of_them():
    occ = schedule.occurrence_at([MONDAY, WEDNESDAY, FRIDAY], minutes("12:00"), minutes("13:00"),
                                 "America/Chicago", at("2026-11-24T15:00:00-06:00"))  # Tuesday afternoon
    assert occ.start.isoformat() == "2026-11-25T12:00:00-06:00"


def test_a_meeting_starting_right_now_is_in_progress():
    occ = schedule.occurrence_at([SUNDAY], minutes("19:00"), None, "America/New_York",
                                 at("2026-11-22T19:00:00-05:00"))
    assert occ.in_progress and occ.start == at("2026-11-22T19:00:00-05:00")


def test_local_windows_cover_every_start_in_the_search_window_across_midnight():
    windows = schedule.local_week_windows(at("2026-11-23T04:00:00+00:00"), "America/New_York", 0, 180)
    # 23:00 Sunday local, widened an hour each way: Sunday 22:00-23:59 and Monday 00:00-03:00.
    assert windows == [(SUNDAY, 22 * 60, 23 * 60 + 59), (MONDAY, 0, 3 * 60)]


# --- days, clocks and formats ---

@pytest.mark.parametrize("weekday, day", [("1", SUNDAY), ("2", MONDAY), ("7", SATURDAY), (4, WEDNESDAY)])
def test_bmlt_weekdays_start_with_sunday_as_one(weekday, day):
    assert schedule.bmlt_weekday_to_day(weekday) == day


@pytest.mark.parametrize("weekday", ["0", "8", "", "Sunday", None])
def test_bmlt_weekdays_outside_one_to_seven_are_refused(weekday):
    with pytest.raises(schedule.ScheduleError):
        schedule.bmlt_weekday_to_day(weekday)


@pytest.mark.parametrize("text", ["25:00", "7pm", "19:60", "", "19"])
def test_unreadable_clock_times_are_refused(text):
    with pytest.raises(schedule.ScheduleError):
        schedule.parse_clock(text)


def test_clock_times_read_with_or_without_seconds():
    assert schedule.parse_clock("07:05") == 425
    assert schedule.parse_clock("19:00:00") == 1140


def test_a_missing_end_time_means_sixty_minutes_and_an_early_end_means_after_midnight():
    assert schedule.duration_minutes(1140, None) == 60
    assert schedule.duration_minutes(23 * 60 + 30, 30) == 60


def test_day_masks_round_trip():
    assert schedule.mask_to_days(schedule.days_to_mask([0, 3, 6])) == [0, 3, 6]


@pytest.mark.parametrize("conference, closed, approximate, expected", [
    (False, False, False, formats.IN_PERSON),
    (True, False, False, formats.HYBRID),
    (True, True, False, formats.ONLINE),
    (True, False, True, formats.ONLINE),
    (False, True, False, formats.INACTIVE),
    (False, False, True, formats.INACTIVE),
])
def test_attendance_follows_the_meeting_guide_rule(conference, closed, approximate, expected):
    assert formats.derive_attendance(has_conference=conference, temporarily_closed=closed,
                                     approximate=approximate) == expected


def test_na_format_keys_map_through_world_ids_to_meeting_guide_types():
    types, world_ids = formats.na_formats_to_types(["O", "BT", "WC", "St", "YP", "ES", "VM", "ZZ"])
    assert types == ["LIT", "O", "S", "ST", "X", "Y"]
    assert "VM" in world_ids


def test_tsml_row_without_end_time_lasts_an_hour_and_runs_past_midnight():
    record = parse_tsml({"name": "Late", "slug": "late", "day": 5, "time": "23:30", "timezone": "America/New_York",
                         "address": "1 Main St"}, fellowship=None, default_timezone=None)
    assert record.end_minute == 30
    assert record.attendance == formats.IN_PERSON


def test_tsml_row_takes_its_zone_from_the_zip_then_the_option_then_is_rejected():
    row = {"name": "Z", "slug": "z", "day": 1, "time": "19:00", "postal_code": "85004"}
    assert parse_tsml(row, fellowship=None, default_timezone=None).timezone == "America/Phoenix"
    row.pop("postal_code")
    assert parse_tsml(row, fellowship=None, default_timezone="America/Denver").timezone == "America/Denver"
    with pytest.raises(RowRejected, match="time zone"):
        parse_tsml(row, fellowship=None, default_timezone=None)


def test_bmlt_virtual_meeting_is_online_with_types_from_its_formats():
    record = parse_bmlt({"id_bigint": "7", "meeting_name": "Online", "weekday_tinyint": "2",
                         "start_time": "20:00:00", "duration_time": "01:30:00", "time_zone": "America/Chicago",
                         "venue_type": "2", "formats": "C,VM,JT",
                         "virtual_meeting_link": "https://meet.example.org/x"},
                        fellowship=None, default_timezone=None)
    assert (record.days, record.start_minute, record.end_minute) == ([MONDAY], 1200, 1290)
    assert record.attendance == formats.ONLINE
    assert record.types == ["C", "LIT"]
    assert record.fellowship == "NA"


def test_bmlt_uses_the_servers_own_format_keys_when_the_file_lists_them():
    record = parse_bmlt({"id_bigint": "8", "weekday_tinyint": "3", "start_time": "19:00:00",
                         "time_zone": "America/Chicago", "venue_type": "1", "location_street": "1 Main St",
                         "formats": "OA,WH"}, fellowship=None, default_timezone=None,
                        world_ids={"OA": "OPEN", "WH": "WCHR"})
    assert record.types == ["O", "X"]
