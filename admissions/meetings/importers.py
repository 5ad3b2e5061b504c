"""Read Meeting Guide (TSML) and BMLT feeds into checked meeting records, without a database.

Each parser turns one feed row into a ``MeetingRecord`` or raises ``RowRejected`` with a reason
a person can act on. ``services.import_records`` writes the records.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from admissions.core.geo import zip_info
from admissions.core.text import clean, slugify
from admissions.meetings import formats, schedule

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,119}$")
_ZIP_IN_TEXT = re.compile(r"\b(\d{5})(?:-\d{4})?\b(?!.*\b\d{5}\b)")


class RowRejected(ValueError):
    """This row cannot become a meeting; the message says why."""


@dataclass
class MeetingRecord:
    """One meeting as a feed describes it, checked and normalised."""

    source: str
    source_id: str
    slug: str
    fellowship: str
    name: str
    days: list[int]
    start_minute: int
    end_minute: int
    timezone: str
    location_name: str | None = None
    location_notes: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False
    conference_url: str | None = None
    conference_url_notes: str | None = None
    conference_phone: str | None = None
    conference_phone_notes: str | None = None
    types: list[str] = field(default_factory=list)
    attendance: str = formats.IN_PERSON
    notes: str | None = None
    group_name: str | None = None
    region: str | None = None
    source_updated_at: datetime | None = None

    @property
    def source_key(self) -> str:
        return f"{self.source}:{self.source_id}"

    def content_hash(self) -> str:
        """Hash of what the feed said, so a re-import can tell "unchanged" from "updated"."""
        data = asdict(self)
        data.pop("slug")
        data["source_updated_at"] = self.source_updated_at.isoformat() if self.source_updated_at else None
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def load_rows(text: str, fmt: str) -> tuple[list, dict[str, str]]:
    """The meeting rows of a feed, and (BMLT) the server's format key -> world id table."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RowRejected(f"not JSON ({exc.msg} at line {exc.lineno})") from None
    world_ids: dict[str, str] = {}
    if isinstance(data, dict):
        for item in data.get("formats") or []:
            if isinstance(item, dict) and item.get("key_string") and item.get("world_id"):
                world_ids[str(item["key_string"]).strip()] = str(item["world_id"]).strip().upper()
        data = data.get("meetings")
    if not isinstance(data, list):
        expected = "an array of meetings" if fmt == "tsml" else "an array of meetings (GetSearchResults)"
        raise RowRejected(f"the file is not {expected}")
    return data, world_ids


def _text(value, limit: int = 255) -> str | None:
    text = clean(value)
    return text[:limit] if text else None


def _coordinate(value, low: float, high: float) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _url(value) -> str | None:
    text = clean(value)
    return text[:500] if text.lower().startswith(("https://", "http://")) and len(text) > 10 else None


def _zip_of(postal_code: str | None, *texts) -> str | None:
    if postal_code and re.match(r"^\d{5}", postal_code):
        return postal_code[:5]
    for text in texts:
        if text and (match := _ZIP_IN_TEXT.search(text)):
            return match.group(1)
    return None


def resolve_timezone(given, zip_code: str | None, fallback: str | None) -> str:
    """The row's own zone, else the ZIP's, else the importer's ``--timezone``; else reject."""
    given = clean(given)
    if given:
        if not schedule.is_zone(given):
            raise RowRejected(f"unknown time zone {given!r}")
        return given
    info = zip_info(zip_code) if zip_code else None
    if info and info.timezone and schedule.is_zone(info.timezone):
        return info.timezone
    if fallback:
        return fallback
    raise RowRejected("no time zone: the row has none, its ZIP gives none, and no --timezone was given")


def _place_from_zip(record: MeetingRecord) -> None:
    """Without coordinates, put the meeting at its ZIP centre so a distance search can find it."""
    if record.latitude is not None and record.longitude is not None:
        return
    info = zip_info(record.postal_code)
    if info:
        record.latitude, record.longitude = info.latitude, info.longitude


def parse_tsml(row, *, fellowship: str | None, default_timezone: str | None) -> MeetingRecord:
    """One Meeting Guide meeting (``reference/tsml-types.json`` for its types)."""
    if not isinstance(row, dict):
        raise RowRejected("not a JSON object")
    name = _text(row.get("name"))
    if not name:
        raise RowRejected("no name")
    raw_slug = clean(row.get("slug")).lower()
    if not raw_slug:
        raise RowRejected("no slug")
    slug = raw_slug if _SLUG.match(raw_slug) else slugify(raw_slug, 120)
    if not slug:
        raise RowRejected(f"slug {raw_slug!r} has nothing URL-safe in it")
    raw_days = row.get("day")
    if raw_days is None or raw_days == "" or raw_days == []:
        raise RowRejected("no day (by appointment meetings are not listed)")
    try:
        days = sorted({schedule.tsml_day(d) for d in (raw_days if isinstance(raw_days, list) else [raw_days])})
        start = schedule.parse_clock(row.get("time"))
        if start == schedule.MINUTES_PER_DAY:
            raise schedule.ScheduleError("a meeting cannot start at 24:00")
        end = schedule.parse_clock(row["end_time"]) if clean(row.get("end_time")) else None
    except schedule.ScheduleError as exc:
        raise RowRejected(str(exc)) from None
    if end is None:
        end = (start + schedule.DEFAULT_DURATION_MINUTES) % schedule.MINUTES_PER_DAY
    formatted = _text(row.get("formatted_address"))
    postal_code = _text(row.get("postal_code"), 12)
    zip_code = _zip_of(postal_code, formatted, _text(row.get("address")))
    tz = resolve_timezone(row.get("timezone"), zip_code, default_timezone)
    types = row.get("types") or []
    if isinstance(types, str):
        types = [t.strip() for t in types.split(",")]
    types = formats.known_types(str(t).strip() for t in types if t)
    record = MeetingRecord(
        source="tsml", source_id=raw_slug[:150], slug=slug,
        fellowship=_fellowship(row.get("fellowship"), fellowship, "AA"),
        name=name, days=days, start_minute=start, end_minute=end, timezone=tz,
        location_name=_text(row.get("location")), location_notes=_text(row.get("location_notes"), 2000),
        address=_text(row.get("address")) or formatted, city=_text(row.get("city"), 120),
        state=_text(row.get("state"), 40), postal_code=postal_code or zip_code,
        country=_text(row.get("country"), 40),
        latitude=_coordinate(row.get("latitude"), -90, 90), longitude=_coordinate(row.get("longitude"), -180, 180),
        approximate=clean(row.get("approximate")).lower() in ("yes", "true", "1"),
        conference_url=_url(row.get("conference_url")),
        conference_url_notes=_text(row.get("conference_url_notes"), 2000),
        conference_phone=_text(row.get("conference_phone"), 80),
        conference_phone_notes=_text(row.get("conference_phone_notes"), 2000),
        types=types, notes=_text(row.get("notes"), 4000), group_name=_text(row.get("group")),
        region=_text(row.get("region"), 120), source_updated_at=_updated(row.get("updated")),
    )
    if record.latitude is None or record.longitude is None:
        record.latitude = record.longitude = None
    _place_from_zip(record)
    record.attendance = formats.derive_attendance(
        has_conference=bool(record.conference_url or record.conference_phone),
        temporarily_closed="TC" in types, approximate=record.approximate,
        has_place=bool(record.address or record.location_name),
    )
    return record


def parse_bmlt(row, *, fellowship: str | None, default_timezone: str | None,
               world_ids: dict[str, str] | None = None) -> MeetingRecord:
    """One BMLT ``GetSearchResults`` meeting; weekdays are 1-7 with Sunday = 1."""
    if not isinstance(row, dict):
        raise RowRejected("not a JSON object")
    source_id = clean(row.get("id_bigint"))
    if not source_id.isdigit():
        raise RowRejected("no id_bigint")
    if clean(row.get("published")) == "0":
        raise RowRejected("not published on the server")
    name = _text(row.get("meeting_name")) or "NA Meeting"
    try:
        day = schedule.bmlt_weekday_to_day(row.get("weekday_tinyint"))
        start = schedule.parse_clock(row.get("start_time"))
        if start == schedule.MINUTES_PER_DAY:
            raise schedule.ScheduleError("a meeting cannot start at 24:00")
        length = schedule.parse_clock(row["duration_time"]) if clean(row.get("duration_time")) else 0
    except schedule.ScheduleError as exc:
        raise RowRejected(str(exc)) from None
    length = length or schedule.DEFAULT_DURATION_MINUTES
    keys = [k for k in clean(row.get("formats")).split(",") if k.strip()]
    if world_ids:
        keys = [world_ids.get(k.strip(), k.strip()) for k in keys]
    types, carried = formats.na_formats_to_types(keys)
    postal_code = _text(row.get("location_postal_code_1"), 12)
    tz = resolve_timezone(row.get("time_zone"), _zip_of(postal_code), default_timezone)
    lat = _coordinate(row.get("latitude"), -90, 90)
    lon = _coordinate(row.get("longitude"), -180, 180)
    if not lat and not lon:
        lat = lon = None
    venue = clean(row.get("venue_type"))
    if venue == "2" or (not venue and "VM" in carried and "HYBR" not in carried):
        has_place = False
    else:
        has_place = bool(clean(row.get("location_street")) or clean(row.get("location_text")))
    record = MeetingRecord(
        source="bmlt", source_id=source_id, slug=slugify(f"{name} {source_id}", 120),
        fellowship=_fellowship(None, fellowship, "NA"),
        name=name, days=[day], start_minute=start, end_minute=(start + length) % schedule.MINUTES_PER_DAY,
        timezone=tz, location_name=_text(row.get("location_text")),
        location_notes=_text(row.get("location_info"), 2000), address=_text(row.get("location_street")),
        city=_text(row.get("location_municipality"), 120), state=_text(row.get("location_province"), 40),
        postal_code=postal_code, country=_text(row.get("location_nation"), 40),
        latitude=lat, longitude=lon, conference_url=_url(row.get("virtual_meeting_link")),
        conference_url_notes=_text(row.get("virtual_meeting_additional_info"), 2000),
        conference_phone=_text(row.get("phone_meeting_number"), 80),
        types=types, notes=_text(row.get("comments"), 4000),
    )
    _place_from_zip(record)
    record.attendance = formats.derive_attendance(
        has_conference=bool(record.conference_url or record.conference_phone),
        temporarily_closed="TC" in types, approximate=False, has_place=has_place,
    )
    return record


def _fellowship(row_value, option: str | None, default: str) -> str:
    """The row's own fellowship, else the importer's ``--fellowship``, else the format's usual one."""
    value = (clean(row_value) or clean(option)).upper()
    if not value:
        return default
    return value if value in ("NA", "AA") else "other"


def _updated(value) -> datetime | None:
    text = clean(value)
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def parse_feed(text: str, fmt: str, *, fellowship: str | None, default_timezone: str | None):
    """Every row of a feed: yields (row number, record or None, reason or None)."""
    rows, world_ids = load_rows(text, fmt)
    for number, row in enumerate(rows, start=1):
        try:
            if fmt == "tsml":
                record = parse_tsml(row, fellowship=fellowship, default_timezone=default_timezone)
            else:
                record = parse_bmlt(row, fellowship=fellowship, default_timezone=default_timezone,
                                    world_ids=world_ids)
        except RowRejected as exc:
            yield number, None, str(exc)
            continue
        yield number, record, None
