"""Meetings JSON API under /api/v1: search, and our list as a Meeting Guide feed."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from flask import Blueprint, jsonify, request

from admissions.core.errors import ApiError
from admissions.core.geo import PlaceError, resolve_place
from admissions.core.time import utcnow
from admissions.meetings import formats, queries, schedule
from admissions.meetings.models import Meeting

bp = Blueprint("meetings_api", __name__, url_prefix="/api/v1")

MAX_PER_PAGE = 100
_PLUS_AS_SPACE = re.compile(r" (\d{2}(?::?\d{2})?)$")
MAX_RADIUS_MILES = 500


@bp.get("/meetings")
def search():
    """Meetings by place, day, clock time, attendance, type and how soon they start."""
    page = queries.search_meetings(search_from_args(request.args))
    return jsonify({
        "items": [hit_json(hit) for hit in page.items],
        "total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages,
    })


@bp.get("/meetings/feed.json")
def feed():
    """Every meeting once, in Meeting Guide (TSML) format."""
    return jsonify([meeting_guide_json(m) for m in queries.all_meetings_for_feed()])


def search_from_args(args) -> queries.MeetingSearch:
    """Read the query string; raise ApiError (400) naming the bad parameter."""
    search = queries.MeetingSearch(at=_instant(args.get("at")))
    if near := args.get("near", "").strip():
        try:
            place = resolve_place(near)
        except PlaceError as exc:
            raise ApiError(str(exc), field="near") from None
        search.near = (place.latitude, place.longitude)
    search.radius_miles = _number(args, "radius_miles", 10.0, low=0.1, high=MAX_RADIUS_MILES)
    if days := args.get("day", "").strip():
        try:
            search.days = frozenset(schedule.tsml_day(d) for d in days.split(","))
        except schedule.ScheduleError:
            raise ApiError("day is a comma list of 0-6 (Sunday = 0).", field="day") from None
    search.after_minute = _clock(args, "after")
    search.before_minute = _clock(args, "before")
    search.attendance = _choices(args, "attendance", formats.ATTENDANCE) or formats.DEFAULT_ATTENDANCE
    search.types = tuple(t for t in _list(args, "types"))
    unknown = [t for t in search.types if t not in formats.type_labels()]
    if unknown:
        raise ApiError(f"unknown meeting type {unknown[0]!r}", field="types")
    search.fellowships = tuple(_choices(args, "fellowship", formats.FELLOWSHIPS, fold=True))
    if "starting_within_minutes" in args:
        search.starting_within_minutes = int(_number(args, "starting_within_minutes", 0, low=0, high=100000,
                                                     integer=True))
    search.include_in_progress = _flag(args, "include_in_progress")
    search.page = int(_number(args, "page", 1, low=1, high=100000, integer=True))
    search.per_page = int(_number(args, "per_page", 20, low=1, high=MAX_PER_PAGE, integer=True))
    return search


def _instant(text: str | None) -> datetime:
    if not text:
        return utcnow()
    try:
        # A "+" left unencoded in a query string arrives as a space.
        value = datetime.fromisoformat(_PLUS_AS_SPACE.sub(r"+\1", text.strip()).replace("Z", "+00:00"))
    except ValueError:
        raise ApiError("at is an ISO 8601 instant with an offset, like 2026-03-08T01:30:00-05:00.",
                       field="at") from None
    if value.tzinfo is None:
        raise ApiError("at needs a UTC offset or Z, like 2026-03-08T06:30:00Z.", field="at")
    return value.astimezone(timezone.utc)


def _number(args, name: str, default: float, *, low: float, high: float, integer: bool = False) -> float:
    text = args.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise ApiError(f"{name} must be {kind}.", field=name) from None
    if not low <= value <= high or value != value:
        raise ApiError(f"{name} must be between {low:g} and {high:g}.", field=name)
    return value


def _clock(args, name: str) -> int | None:
    text = args.get(name, "").strip()
    if not text:
        return None
    try:
        minute = schedule.parse_clock(text)
    except schedule.ScheduleError:
        raise ApiError(f"{name} is a local time HH:MM from 00:00 to 23:59.", field=name) from None
    if minute >= schedule.MINUTES_PER_DAY and name == "after":
        raise ApiError(f"{name} is a local time HH:MM from 00:00 to 23:59.", field=name)
    return minute


def _list(args, name: str) -> list[str]:
    values = []
    for raw in args.getlist(name):
        values.extend(v.strip() for v in raw.split(",") if v.strip())
    return values


def _choices(args, name: str, allowed, *, fold: bool = False) -> tuple[str, ...]:
    chosen = []
    lookup = {a.upper(): a for a in allowed} if fold else {a: a for a in allowed}
    for value in _list(args, name):
        key = value.upper() if fold else value
        if key not in lookup:
            raise ApiError(f"{name} takes {', '.join(allowed)}.", field=name)
        if lookup[key] not in chosen:
            chosen.append(lookup[key])
    return tuple(chosen)


def _flag(args, name: str) -> bool:
    text = args.get(name, "").strip().lower()
    if text in ("", "false", "0", "no"):
        return False
    if text in ("true", "1", "yes"):
        return True
    raise ApiError(f"{name} is true or false.", field=name)


def hit_json(hit: queries.MeetingHit) -> dict:
    m = hit.meeting
    return {
        "id": m.id, "slug": m.slug, "name": m.name, "fellowship": m.fellowship,
        "day": m.days, "start_time": m.start_hhmm, "end_time": m.end_hhmm, "timezone": m.timezone,
        "next_start": hit.next_start.isoformat(), "in_progress": hit.in_progress,
        "attendance": m.attendance, "types": m.types, "address": full_address(m),
        "latitude": m.latitude, "longitude": m.longitude,
        "distance_miles": round(hit.distance_miles, 2) if hit.distance_miles is not None else None,
        "conference_url": m.conference_url, "conference_phone": m.conference_phone,
    }


def full_address(m: Meeting) -> str | None:
    if not m.address:
        return None
    if m.city and m.city in m.address:
        return m.address
    tail = " ".join(p for p in (m.state, m.postal_code) if p)
    return ", ".join(p for p in (m.address, m.city, tail) if p)


def meeting_guide_json(m: Meeting) -> dict:
    """One meeting as the Meeting Guide app reads it."""
    days = m.days
    row = {
        "name": m.name, "slug": m.slug, "day": days[0] if len(days) == 1 else days,
        "time": m.start_hhmm, "end_time": m.end_hhmm, "timezone": m.timezone,
        "types": m.types, "fellowship": m.fellowship,
        "location": m.location_name, "location_notes": m.location_notes,
        "address": m.address, "city": m.city, "state": m.state, "postal_code": m.postal_code,
        "country": m.country, "latitude": m.latitude, "longitude": m.longitude,
        "approximate": "yes" if m.approximate else "no",
        "conference_url": m.conference_url, "conference_url_notes": m.conference_url_notes,
        "conference_phone": m.conference_phone, "conference_phone_notes": m.conference_phone_notes,
        "notes": m.notes, "group": m.group_name, "region": m.region,
        "updated": m.last_updated_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
    }
    return {key: value for key, value in row.items() if value not in (None, "")}


_HIT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
        "fellowship": {"type": "string", "enum": list(formats.FELLOWSHIPS)},
        "day": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6},
                "description": "Days of the week, Sunday = 0."},
        "start_time": {"type": "string", "example": "19:00", "description": "Local to the meeting."},
        "end_time": {"type": "string", "example": "20:00"},
        "timezone": {"type": "string", "example": "America/New_York"},
        "next_start": {"type": "string", "format": "date-time",
                       "description": "Next start (the current one when in progress), with the meeting's offset."},
        "in_progress": {"type": "boolean"},
        "attendance": {"type": "string", "enum": list(formats.ATTENDANCE)},
        "types": {"type": "array", "items": {"type": "string"}, "description": "Meeting Guide type codes."},
        "address": {"type": "string", "nullable": True},
        "latitude": {"type": "number", "nullable": True}, "longitude": {"type": "number", "nullable": True},
        "distance_miles": {"type": "number", "nullable": True},
        "conference_url": {"type": "string", "nullable": True},
        "conference_phone": {"type": "string", "nullable": True},
    },
}


def _param(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


OPENAPI_SCHEMAS = {
    "Meeting": _HIT,
    "MeetingPage": {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}},
            "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
        },
    },
    "MeetingGuideMeeting": {
        "type": "object", "required": ["name", "slug"],
        "description": "A meeting in the Meeting Guide (TSML) JSON format.",
        "properties": {
            "name": {"type": "string"}, "slug": {"type": "string"},
            "day": {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]},
            "time": {"type": "string"}, "end_time": {"type": "string"}, "timezone": {"type": "string"},
            "types": {"type": "array", "items": {"type": "string"}},
            "address": {"type": "string"}, "city": {"type": "string"}, "state": {"type": "string"},
            "postal_code": {"type": "string"}, "latitude": {"type": "number"}, "longitude": {"type": "number"},
            "approximate": {"type": "string", "enum": ["yes", "no"]},
            "conference_url": {"type": "string"}, "conference_phone": {"type": "string"},
            "updated": {"type": "string", "example": "2026-11-20 14:00:00"},
        },
    },
    "MeetingError": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"}, "field": {"type": "string"}},
    },
}

OPENAPI_PATHS = {
    "/api/v1/meetings": {
        "get": {
            "summary": "Search recovery meetings",
            "tags": ["meetings"],
            "parameters": [
                _param("near", "ZIP, \"City, ST\" or \"lat,lon\"; filters in-person and hybrid meetings only.",
                       {"type": "string"}),
                _param("radius_miles", "Distance from near (default 10).",
                       {"type": "number", "minimum": 0.1, "maximum": MAX_RADIUS_MILES}),
                _param("day", "Comma list of days, 0-6, Sunday = 0, local to each meeting.", {"type": "string"}),
                _param("after", "Start at or after HH:MM, local to each meeting.", {"type": "string"}),
                _param("before", "Start before HH:MM, local to each meeting.", {"type": "string"}),
                _param("attendance", "Comma list of in_person, hybrid, online (default in_person,hybrid).",
                       {"type": "string"}),
                _param("types", "Comma list of Meeting Guide type codes; all must match.", {"type": "string"}),
                _param("fellowship", "Comma list of NA, AA, other.", {"type": "string"}),
                _param("starting_within_minutes", "Next start within [at, at + M], in each meeting's zone.",
                       {"type": "integer", "minimum": 0}),
                _param("include_in_progress", "Keep meetings under way at `at`.", {"type": "boolean"}),
                _param("at", "ISO 8601 instant with offset (default now).", {"type": "string", "format": "date-time"}),
                _param("page", "Page number from 1.", {"type": "integer", "minimum": 1}),
                _param("per_page", "Items per page (1-100, default 20).",
                       {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
            ],
            "responses": {
                "200": {"description": "Meetings sorted by next start, then distance.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MeetingPage"}}}},
                "400": {"description": "A parameter is out of range or unreadable.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MeetingError"}}}},
            },
        }
    },
    "/api/v1/meetings/feed.json": {
        "get": {
            "summary": "Every meeting in Meeting Guide format",
            "tags": ["meetings"],
            "responses": {
                "200": {"description": "A JSON array of meetings, unique slugs.",
                        "content": {"application/json": {"schema": {
                            "type": "array", "items": {"$ref": "#/components/schemas/MeetingGuideMeeting"}}}}},
            },
        }
    },
}
