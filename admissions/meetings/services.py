"""Changes to meetings: imports and reports. Functions flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from admissions.audit import services as audit
from admissions.core.errors import DomainError
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.meetings import schedule
from admissions.meetings.importers import MeetingRecord, RowRejected, parse_feed
from admissions.meetings.models import Meeting, MeetingReport

REPORT_PROBLEMS = ("closed", "wrong_time", "wrong_place", "wrong_link", "other")


@dataclass
class ImportReport:
    """What an import did: counts, and each rejected row with its reason."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  #: (where, reason)

    def add(self, other: ImportReport) -> None:
        self.rows += other.rows
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected.extend(other.rejected)

    def summary(self) -> str:
        return (f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"rejected {len(self.rejected)}")


class FeedError(DomainError):
    """The file as a whole is not a feed of this format (not JSON, not a list)."""


def import_feed(text: str, fmt: str, *, fellowship: str | None = None,
                default_timezone: str | None = None) -> ImportReport:
    """Parse a TSML or BMLT feed and create or update its meetings by source id.

    Bad rows are counted as rejected with their reason and the rest are kept; a file that is not
    a feed at all raises FeedError.
    """
    if default_timezone and not schedule.is_zone(default_timezone):
        raise DomainError(f"--timezone {default_timezone!r} is not an IANA time zone.", field="timezone")
    report = ImportReport()
    records: list[tuple[str, MeetingRecord]] = []
    seen: set[str] = set()
    try:
        for number, record, reason in parse_feed(text, fmt, fellowship=fellowship,
                                                 default_timezone=default_timezone):
            report.rows += 1
            where = f"row {number}"
            if record is None:
                report.rejected.append((where, reason))
            elif record.source_key in seen:
                report.rejected.append((where, f"source id {record.source_id} appears twice in this file"))
            else:
                seen.add(record.source_key)
                records.append((where, record))
    except RowRejected as exc:
        raise FeedError(str(exc)) from None
    report.add(import_records([record for _, record in records]))
    return report


def import_records(records: list[MeetingRecord]) -> ImportReport:
    """Create or update meetings, idempotent by source key; keep each meeting's slug."""
    report = ImportReport()
    keys = [record.source_key for record in records]
    existing: dict[str, Meeting] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        existing.update((m.source_key, m) for m in db.session.scalars(
            select(Meeting).where(Meeting.source_key.in_(chunk))))
    taken = _slugs_taken({record.slug for record in records})
    for record in records:
        digest = record.content_hash()
        meeting = existing.get(record.source_key)
        if meeting is None:
            meeting = Meeting(source_key=record.source_key, slug=_free_slug(record.slug, taken))
            db.session.add(meeting)
            report.created += 1
        elif meeting.content_hash == digest:
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        _apply(meeting, record, digest)
    db.session.flush()
    return report


def _slugs_taken(wanted: set[str]) -> set[str]:
    taken: set[str] = set()
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 500):
        chunk = wanted_list[start:start + 500]
        taken.update(db.session.scalars(select(Meeting.slug).where(Meeting.slug.in_(chunk))))
    return taken


def _free_slug(wanted: str, taken: set[str]) -> str:
    slug, n = wanted, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = wanted[: 120 - len(suffix)] + suffix
        n += 1
    taken.add(slug)
    return slug


def _apply(meeting: Meeting, record: MeetingRecord, digest: str) -> None:
    meeting.fellowship = record.fellowship
    meeting.name = record.name
    meeting.day_mask = schedule.days_to_mask(record.days)
    meeting.start_minute = record.start_minute
    meeting.end_minute = record.end_minute
    meeting.timezone = record.timezone
    for name in ("location_name", "location_notes", "address", "city", "state", "postal_code", "country",
                 "latitude", "longitude", "approximate", "conference_url", "conference_url_notes",
                 "conference_phone", "conference_phone_notes", "attendance", "notes", "group_name",
                 "region", "source_updated_at"):
        setattr(meeting, name, getattr(record, name))
    meeting.type_codes = ",".join(record.types)
    meeting.source = record.source
    meeting.content_hash = digest
    if meeting.source_updated_at is None:
        meeting.source_updated_at = utcnow()


def report_change(meeting: Meeting, *, problem: str, details: str, contact: str | None) -> MeetingReport:
    """Store what someone says is wrong with a meeting, for an admin to check."""
    if problem not in REPORT_PROBLEMS:
        raise DomainError("Choose what is wrong.", field="problem")
    report = MeetingReport(meeting=meeting, problem=problem, details=details.strip()[:4000],
                           contact=(contact or "").strip()[:255] or None)
    db.session.add(report)
    db.session.flush()
    return report


def resolve_report(report: MeetingReport, *, by) -> None:
    """Mark a report as dealt with, and say who did in the audit log."""
    if report.resolved_at is None:
        report.resolved_at = utcnow()
        report.resolved_by_id = by.id
        audit.record(by, "meeting_report.resolved", report)
        db.session.flush()
