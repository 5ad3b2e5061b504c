"""Business-hours arithmetic on a calendar with its own time zone (pure; no database).

SLA deadlines count only open minutes: a 60-minute first-attempt deadline for an inquiry that
arrives at 19:30 on a Friday (open until 20:00, Saturday 09:00-17:00) falls at 09:30 Saturday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class BusinessCalendar:
    #: IANA zone the hours are in.
    timezone: str
    #: weekday (0 = Monday) -> (open, close) as "HH:MM", or None when closed all day.
    hours: dict[int, tuple[str, str] | None]
    #: Dates closed all day.
    holidays: frozenset[date] = field(default_factory=frozenset)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def window_on(self, day: date) -> tuple[datetime, datetime] | None:
        """The open interval on ``day`` as aware datetimes, or None when closed."""
        if day in self.holidays:
            return None
        spec = self.hours.get(day.weekday()) or self.hours.get(str(day.weekday()))
        if not spec:
            return None
        start, end = (time.fromisoformat(spec[0]), time.fromisoformat(spec[1]))
        if end <= start:
            return None
        zone = self.zone
        return datetime.combine(day, start, zone), datetime.combine(day, end, zone)

    def is_open(self, instant: datetime) -> bool:
        local = instant.astimezone(self.zone)
        window = self.window_on(local.date())
        return window is not None and window[0] <= local < window[1]

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant ``minutes`` open minutes after ``start`` (aware in, aware UTC-comparable out)."""
        remaining = timedelta(minutes=minutes)
        local = start.astimezone(self.zone)
        day = local.date()
        for _ in range(400):  # at most about a year of closed days
            window = self.window_on(day)
            if window is not None:
                open_at, close_at = window
                begin = max(open_at, local)
                if begin < close_at:
                    available = close_at - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += timedelta(days=1)
            local = datetime.combine(day, time(0), self.zone)
        raise ValueError("the calendar has no open hours")

    def open_minutes_between(self, start: datetime, end: datetime) -> float:
        """Open minutes in [start, end)."""
        if end <= start:
            return 0.0
        total = timedelta()
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            window = self.window_on(day)
            if window is not None:
                begin, finish = max(window[0], start), min(window[1], end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total.total_seconds() / 60


def calendar_from_settings(get) -> BusinessCalendar:
    """Build the calendar from a settings getter (``core.settings.get_setting``)."""
    import holidays as holiday_lib

    zone = get("business_timezone")
    hours = {int(k): (tuple(v) if v else None) for k, v in (get("business_hours") or {}).items()}
    country = get("business_holidays") or ""
    extra = {date.fromisoformat(d) for d in (get("business_closed_dates") or [])}
    days: set[date] = set(extra)
    if country:
        country, _, subdivision = country.partition("-")
        this_year = datetime.now().year
        days |= set(holiday_lib.country_holidays(country, subdiv=subdivision or None,
                                                 years=range(this_year - 2, this_year + 2)).keys())
    return BusinessCalendar(timezone=zone, hours=hours, holidays=frozenset(days))
