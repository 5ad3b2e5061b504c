"""Date ranges in a reader's time zone, turned into UTC instants (pure; no database).

A "day" is a calendar day in the reader's zone, so a daylight-saving day is 23 or 25 hours long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

#: Longest range the dashboard and the API answer, in days.
MAX_DAYS = 366
PRESETS = ("today", "7", "30", "custom")


class RangeError(ValueError):
    """A range parameter is missing or wrong; ``field`` names it."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    tz: str
    #: (local day, start UTC, end UTC) for every day of the range.
    days: tuple[tuple[date, datetime, datetime], ...]

    @property
    def start(self) -> datetime:
        return self.days[0][1]

    @property
    def end(self) -> datetime:
        return self.days[-1][2]


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_zone(name: str | None) -> bool:
    return bool(name) and name in zone_names()


def local_midnight(day: date, tz: str) -> datetime:
    """The instant ``day`` begins in ``tz``, in UTC (so differences are real durations)."""
    return datetime.combine(day, time(0), ZoneInfo(tz)).astimezone(timezone.utc)


def period(first: date, last: date, tz: str) -> Period:
    """The days ``first``..``last`` (inclusive) in ``tz``."""
    days = []
    day = first
    while day <= last:
        following = day + timedelta(days=1)
        days.append((day, local_midnight(day, tz), local_midnight(following, tz)))
        day = following
    return Period(first=first, last=last, tz=tz, days=tuple(days))


def parse_period(args, *, today: date, default_tz: str, preset_default: str = "7") -> tuple[str, Period]:
    """Read ``range`` (today, 7, 30, custom), ``from``, ``to`` and ``tz``; raise RangeError on bad input.

    ``from``/``to`` without ``range`` mean a custom range (the API form).
    """
    tz = (args.get("tz") or default_tz).strip()
    if not valid_zone(tz):
        raise RangeError("Unknown time zone; use an IANA name such as America/Chicago.", "tz")
    preset = args.get("range") or ("custom" if (args.get("from") or args.get("to")) else preset_default)
    if preset not in PRESETS:
        raise RangeError("Choose today, 7 days, 30 days or a custom range.", "range")
    if preset != "custom":
        length = 1 if preset == "today" else int(preset)
        return preset, period(today - timedelta(days=length - 1), today, tz)
    first = _date_arg(args, "from")
    last = _date_arg(args, "to")
    if last < first:
        raise RangeError("The end date is before the start date.", "to")
    if (last - first).days + 1 > MAX_DAYS:
        raise RangeError(f"A range may cover at most {MAX_DAYS} days.", "to")
    return preset, period(first, last, tz)


def _date_arg(args, name: str) -> date:
    raw = (args.get(name) or "").strip()
    if not raw:
        raise RangeError("Give a date as YYYY-MM-DD.", name)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RangeError("Give a date as YYYY-MM-DD.", name) from None
