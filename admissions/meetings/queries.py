"""Reads: meeting search, meetings near a place, the feed, reports.

SQL narrows the candidates (attendance, fellowship, day, clock range, a bounding box, and a
window of local start times per time zone); the exact rules (distance, next start in the
meeting's own zone) run on that short list in Python, where zoneinfo knows daylight saving.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, bindparam, false, or_, select, text

from admissions.core.geo import all_zips, bounding_box, haversine_miles
from admissions.core.pagination import Paged
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.meetings import formats, schedule
from admissions.meetings.models import Meeting, MeetingReport

PHYSICAL = (formats.IN_PERSON, formats.HYBRID)
#: A search for starting times further ahead than this has no time window to narrow with.
WEEK_MINUTES = 7 * schedule.MINUTES_PER_DAY


@dataclass
class MeetingSearch:
    """What someone asked for; every clock time is local to each meeting."""

    at: datetime = field(default_factory=utcnow)
    near: tuple[float, float] | None = None
    radius_miles: float = 10.0
    days: frozenset[int] | None = None
    after_minute: int | None = None  #: start >= after (local)
    before_minute: int | None = None  #: start < before (local); before < after wraps past midnight
    attendance: tuple[str, ...] = formats.DEFAULT_ATTENDANCE
    types: tuple[str, ...] = ()
    fellowships: tuple[str, ...] = ()
    starting_within_minutes: int | None = None
    include_in_progress: bool = False
    page: int = 1
    per_page: int = 20


@dataclass
class MeetingHit:
    meeting: Meeting
    next_start: datetime  #: in the meeting's zone; the current start when in progress
    end: datetime
    in_progress: bool
    distance_miles: float | None


@dataclass
class MeetingPage(Paged):
    items: list[MeetingHit]
    total: int
    page: int
    per_page: int


@dataclass
class _Candidate:
    id: int
    next_start: datetime
    end: datetime
    in_progress: bool
    distance: float | None


def search_meetings(search: MeetingSearch) -> MeetingPage:
    """Meetings matching ``search``, sorted by next start then distance, one page of them."""
    columns = (Meeting.id, Meeting.day_mask, Meeting.start_minute, Meeting.end_minute, Meeting.timezone,
               Meeting.latitude, Meeting.longitude, Meeting.attendance, Meeting.type_codes)
    query = select(*columns).where(*_filters(search))
    wanted_types = set(search.types)
    found: list[_Candidate] = []
    for row in db.session.execute(query):
        if wanted_types and not wanted_types.issubset(row.type_codes.split(",")):
            continue
        distance = None
        if search.near and row.latitude is not None and row.longitude is not None:
            distance = haversine_miles(search.near[0], search.near[1], row.latitude, row.longitude)
            if row.attendance in PHYSICAL and distance > search.radius_miles:
                continue
        occurrence = schedule.occurrence_at(schedule.mask_to_days(row.day_mask), row.start_minute,
                                            row.end_minute, row.timezone, search.at)
        if not _in_window(occurrence, search):
            continue
        found.append(_Candidate(row.id, occurrence.start, occurrence.end, occurrence.in_progress, distance))
    found.sort(key=lambda c: (c.next_start, c.distance if c.distance is not None else float("inf"), c.id))
    first = (search.page - 1) * search.per_page
    chosen = found[first:first + search.per_page]
    meetings = {}
    if chosen:
        meetings = {m.id: m for m in db.session.scalars(select(Meeting).where(Meeting.id.in_([c.id for c in chosen])))}
    items = [MeetingHit(meetings[c.id], c.next_start, c.end, c.in_progress, c.distance) for c in chosen]
    return MeetingPage(items, len(found), search.page, search.per_page)


def _in_window(occurrence: schedule.Occurrence, search: MeetingSearch) -> bool:
    """Without a window every meeting counts; with one, a start in [at, at + M], or under way if asked."""
    if search.starting_within_minutes is None:
        return True
    if occurrence.in_progress:
        return search.include_in_progress
    return (occurrence.start - search.at).total_seconds() <= search.starting_within_minutes * 60


def _filters(search: MeetingSearch) -> list:
    filters = [Meeting.attendance.in_(search.attendance)]
    if search.fellowships:
        filters.append(Meeting.fellowship.in_(search.fellowships))
    if search.days is not None:
        filters.append(Meeting.day_mask.op("&")(schedule.days_to_mask(search.days)) != 0)
    if search.after_minute is not None and search.before_minute is not None \
            and search.before_minute < search.after_minute:
        filters.append(or_(Meeting.start_minute >= search.after_minute,
                           Meeting.start_minute < search.before_minute))
    else:
        if search.after_minute is not None:
            filters.append(Meeting.start_minute >= search.after_minute)
        if search.before_minute is not None:
            filters.append(Meeting.start_minute < search.before_minute)
    if search.near:
        filters.append(_near_filter(search))
    if search.starting_within_minutes is not None and search.starting_within_minutes < WEEK_MINUTES:
        filters.append(_time_window_filter(search))
    return filters


def _near_filter(search: MeetingSearch):
    """A box around the place for meetings you walk into; online ones are never cut by distance."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(search.near[0], search.near[1], search.radius_miles)
    inside = and_(Meeting.latitude.between(min_lat, max_lat), Meeting.longitude.between(min_lon, max_lon))
    physical = [a for a in search.attendance if a in PHYSICAL]
    elsewhere = [a for a in search.attendance if a not in PHYSICAL]
    clauses = []
    if physical:
        clauses.append(and_(Meeting.attendance.in_(physical), inside))
    if elsewhere:
        clauses.append(Meeting.attendance.in_(elsewhere))
    return or_(*clauses) if clauses else false()


def _time_window_filter(search: MeetingSearch):
    """Per time zone, the local days and clock range a start must fall in (widened for DST).

    Written as SQL text: dozens of zones times a few day ranges would cost milliseconds to build
    as expression objects on every request. Only integers we computed go into the text; zone
    names are bound parameters.
    """
    before = schedule.MINUTES_PER_DAY if search.include_in_progress else 0
    zones = [name for name in meeting_zones() if schedule.is_zone(name)]
    if search.near and all(a in PHYSICAL for a in search.attendance):
        # Every row is inside the box: narrow by the zones found there (the rest still pass below).
        nearby = zones_near(*bounding_box(search.near[0], search.near[1], search.radius_miles))
        zones = [name for name in zones if name in nearby]
    parts, params = [], {}
    for i, name in enumerate(zones):
        days = []
        for day, start, end in schedule.local_week_windows(search.at, name, before, search.starting_within_minutes):
            clause = f"(meetings.day_mask & {1 << day}) != 0"
            if start > 0 or end < schedule.MINUTES_PER_DAY - 1:
                clause += f" AND meetings.start_minute BETWEEN {int(start)} AND {int(end)}"
            days.append(f"({clause})")
        params[f"zone_{i}"] = name
        parts.append(f"(meetings.timezone = :zone_{i} AND ({' OR '.join(days)}))")
    # A zone the cached list has not seen yet goes through to the exact check rather than vanish.
    if not parts:
        return Meeting.id.isnot(None)
    parts.append("meetings.timezone NOT IN :seen_zones")
    return text("(" + " OR ".join(parts) + ")").bindparams(bindparam("seen_zones", zones, expanding=True),
                                                           **params)


#: Time zones in use, per database, refreshed every few minutes (a stale list only costs speed).
_ZONES: dict[str, tuple[float, list[str]]] = {}
ZONES_TTL_SECONDS = 300


def meeting_zones() -> list[str]:
    """The time zones meetings are in (cached briefly; see ``_time_window_filter``)."""
    key = str(db.engine.url)
    cached = _ZONES.get(key)
    if cached and time.monotonic() - cached[0] < ZONES_TTL_SECONDS:
        return cached[1]
    zones = sorted(db.session.scalars(select(Meeting.timezone).distinct()))
    _ZONES[key] = (time.monotonic(), zones)
    return zones


@lru_cache(maxsize=1)
def _zone_grid() -> dict[tuple[int, int], frozenset[str]]:
    """Whole-degree cells of the map and the time zones of the ZIPs in each."""
    grid: dict[tuple[int, int], set[str]] = {}
    for info in all_zips():
        if info.timezone:
            grid.setdefault((math.floor(info.latitude), math.floor(info.longitude)), set()).add(info.timezone)
    return {cell: frozenset(names) for cell, names in grid.items()}


def zones_near(min_lat: float, max_lat: float, min_lon: float, max_lon: float) -> set[str]:
    """Time zones of the ZIPs in and one degree around a box (a hint for narrowing, not a rule)."""
    grid = _zone_grid()
    found: set[str] = set()
    for lat in range(math.floor(min_lat) - 1, math.floor(max_lat) + 2):
        for lon in range(math.floor(min_lon) - 1, math.floor(max_lon) + 2):
            found |= grid.get((lat, lon), frozenset())
    return found


def meetings_near(lat: float, lon: float, *, radius_miles: float = 10, at: datetime | None = None,
                  limit: int = 5) -> list[MeetingHit]:
    """The next few in-person and hybrid meetings within ``radius_miles`` of a point."""
    search = MeetingSearch(at=at or utcnow(), near=(lat, lon), radius_miles=radius_miles,
                           attendance=PHYSICAL, per_page=limit)
    return search_meetings(search).items


def meeting_by_slug(slug: str) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.slug == slug))


def all_meetings_for_feed() -> list[Meeting]:
    """Every meeting once, in slug order (the Meeting Guide feed)."""
    return list(db.session.scalars(select(Meeting).order_by(Meeting.slug)))


def open_reports(*, include_resolved: bool = False, limit: int = 200) -> list[MeetingReport]:
    query = select(MeetingReport).order_by(MeetingReport.created_at.desc()).limit(limit)
    if not include_resolved:
        query = query.where(MeetingReport.resolved_at.is_(None))
    return list(db.session.scalars(query))
