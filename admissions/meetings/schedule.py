"""Meeting time arithmetic, pure: days, local clock times and the meeting's own time zone.

Days follow Meeting Guide: 0-6 with Sunday = 0. A start time is a wall-clock time in the
meeting's zone, so the instant of "Monday 19:00" moves with daylight saving. Two awkward cases:

* spring forward: a wall time that does not exist that day (02:30 in New York on the March
  change) happens when clocks reach it, i.e. it is read with the offset in force before the
  change (02:30 EST = 03:30 EDT), which is what a group meeting "at 2:30" does in practice;
* fall back: a wall time that happens twice (01:30 on the November change) happens the first
  time (``fold=0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

MINUTES_PER_DAY = 24 * 60
#: A meeting with no end time lasts this long.
DEFAULT_DURATION_MINUTES = 60
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


class ScheduleError(ValueError):
    """A day, clock time or time zone that cannot be understood."""


@dataclass(frozen=True)
class Occurrence:
    """The occurrence of a meeting that matters at an instant: the current one or the next."""

    start: datetime  #: aware, in the meeting's zone
    end: datetime  #: aware, in the meeting's zone
    in_progress: bool


def parse_clock(text: str) -> int:
    """ "HH:MM" or "HH:MM:SS" (24-hour) to minutes after midnight; raise ScheduleError."""
    match = _CLOCK.match(str(text or ""))
    if not match:
        raise ScheduleError(f"{text!r} is not a time like 19:30.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours == 24 and minutes == 0:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        raise ScheduleError(f"{text!r} is not a time of day (00:00 to 23:59).")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """Minutes after midnight to "HH:MM" (a 24:00 end wraps to 00:00)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_time(minutes: int) -> time:
    minutes %= MINUTES_PER_DAY
    return time(minutes // 60, minutes % 60)


def tsml_day(value) -> int:
    """A Meeting Guide day (0-6, Sunday = 0, int or digit string) checked and returned."""
    try:
        day = int(str(value).strip())
    except (TypeError, ValueError):
        raise ScheduleError(f"{value!r} is not a day number (0-6, Sunday = 0).") from None
    if not 0 <= day <= 6:
        raise ScheduleError(f"Day {day} is outside 0-6 (Sunday = 0).")
    return day


def bmlt_weekday_to_day(value) -> int:
    """A BMLT ``weekday_tinyint`` (1-7, Sunday = 1) to our day (0-6, Sunday = 0)."""
    try:
        weekday = int(str(value).strip())
    except (TypeError, ValueError):
        raise ScheduleError(f"{value!r} is not a BMLT weekday (1-7, Sunday = 1).") from None
    if not 1 <= weekday <= 7:
        raise ScheduleError(f"BMLT weekday {weekday} is outside 1-7 (Sunday = 1).")
    return weekday - 1


def day_of(local_date: date) -> int:
    """Our day number (Sunday = 0) of a calendar date."""
    return (local_date.weekday() + 1) % 7


def days_to_mask(days) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def mask_to_days(mask: int) -> list[int]:
    return [day for day in range(7) if mask & (1 << day)]


def duration_minutes(start: int, end: int | None) -> int:
    """Length of a meeting; an end at or before the start means it runs past midnight."""
    if end is None:
        return DEFAULT_DURATION_MINUTES
    length = (end - start) % MINUTES_PER_DAY
    return length or MINUTES_PER_DAY


@lru_cache(maxsize=None)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; raise ScheduleError for an unknown one."""
    if not name or name not in _known_zones():
        raise ScheduleError(f"{name!r} is not an IANA time zone such as America/New_York.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{name!r} is not an IANA time zone such as America/New_York.") from None


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_zone(name: str | None) -> bool:
    return bool(name) and name in _known_zones()


def localize(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive wall-clock time in ``tz`` made aware, with the gap and overlap rules above."""
    aware = wall.replace(tzinfo=tz, fold=0)
    # In a gap, fold=0 reads the wall time with the earlier offset; normalising through UTC
    # turns 02:30 "EST" into 03:30 EDT, the moment the meeting actually starts.
    return aware.astimezone(timezone.utc).astimezone(tz)


def occurrence_at(days, start_minute: int, end_minute: int | None, tz_name: str,
                  at: datetime) -> Occurrence:
    """The occurrence under way at ``at``, else the next one to start at or after ``at``."""
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    days = set(days)
    if not days:
        raise ScheduleError("A meeting needs at least one day.")
    tz = zone(tz_name)
    length = duration_minutes(start_minute, end_minute)
    local_today = at.astimezone(tz).date()
    start_clock = clock_time(start_minute)
    # Yesterday's meeting may still run (23:30 to 00:30); a week and a day covers every next start.
    for offset in range(-1, 9):
        local_date = local_today + timedelta(days=offset)
        if day_of(local_date) not in days:
            continue
        start = localize(datetime.combine(local_date, start_clock), tz)
        end = _end_of(start, local_date, start_minute, length, tz)
        if start <= at < end:
            return Occurrence(start, end, True)
        if start >= at:
            return Occurrence(start, end, False)
    raise AssertionError("a weekly meeting always has a next start within eight days")


def _end_of(start: datetime, local_date: date, start_minute: int, length: int, tz: ZoneInfo) -> datetime:
    """The end at its wall-clock time (an hour-long 01:00 meeting ends at 02:00 on the clock)."""
    end_wall = datetime.combine(local_date, time()) + timedelta(minutes=start_minute + length)
    end = localize(end_wall, tz)
    if end <= start:  # the end fell into a gap or overlap; fall back to elapsed minutes
        end = (start.astimezone(timezone.utc) + timedelta(minutes=length)).astimezone(tz)
    return end


def first_start_on_or_after(days, start_minute: int, tz_name: str, on: date) -> datetime:
    """The first start on or after the local date ``on`` (the DTSTART of a calendar series)."""
    tz = zone(tz_name)
    for offset in range(7):
        local_date = on + timedelta(days=offset)
        if day_of(local_date) in set(days):
            return localize(datetime.combine(local_date, clock_time(start_minute)), tz)
    raise ScheduleError("A meeting needs at least one day.")


def local_week_windows(at: datetime, tz_name: str, before_minutes: int, after_minutes: int
                       ) -> list[tuple[int, int, int]]:
    """(day, from_minute, to_minute) ranges of local start times near ``at`` in one zone.

    Covers every start between ``at - before`` and ``at + after`` on the local clock, widened by
    an hour on both sides for a daylight-saving change inside the window. Used to narrow a search
    in SQL before the exact check; never the final answer.
    """
    local = at.astimezone(zone(tz_name)).replace(tzinfo=None)
    first = local - timedelta(minutes=before_minutes + 60)
    last = local + timedelta(minutes=after_minutes + 60)
    windows: list[tuple[int, int, int]] = []
    cursor = first
    while cursor <= last and len(windows) < 8:
        day_end = datetime.combine(cursor.date(), time()) + timedelta(days=1)
        upto = min(last, day_end - timedelta(minutes=1))
        windows.append((day_of(cursor.date()), cursor.hour * 60 + cursor.minute, upto.hour * 60 + upto.minute))
        cursor = day_end
    return windows
