"""Recovery meetings (NA, AA and other fellowships) and reports that one is wrong."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admissions.core.time import UTCDateTime, utcnow
from admissions.extensions import db
from admissions.meetings import schedule


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_lat_lon", "latitude", "longitude"),
        Index("ix_meetings_attendance_timezone", "attendance", "timezone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Public URL part and the Meeting Guide slug of our feed; kept across re-imports.
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    #: "tsml:" + the feed's slug or "bmlt:" + ``id_bigint``: what makes re-imports idempotent.
    source_key: Mapped[str] = mapped_column(String(160), unique=True)
    #: NA, AA or other.
    fellowship: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(255))
    #: Days of the week as bits, bit 0 = Sunday (Meeting Guide day numbers).
    day_mask: Mapped[int] = mapped_column(Integer)
    #: Local start, minutes after midnight in the meeting's zone.
    start_minute: Mapped[int] = mapped_column(Integer)
    #: Local end, minutes after midnight; at or before the start means it ends after midnight.
    end_minute: Mapped[int] = mapped_column(Integer)
    #: IANA zone the times are in.
    timezone: Mapped[str] = mapped_column(String(64))
    location_name: Mapped[str | None] = mapped_column(String(255))
    location_notes: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(40))
    postal_code: Mapped[str | None] = mapped_column(String(12))
    country: Mapped[str | None] = mapped_column(String(40))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: The point is only roughly right (a ZIP or city centre), so nobody should walk to it.
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    conference_url: Mapped[str | None] = mapped_column(String(500))
    conference_url_notes: Mapped[str | None] = mapped_column(Text)
    conference_phone: Mapped[str | None] = mapped_column(String(80))
    conference_phone_notes: Mapped[str | None] = mapped_column(Text)
    #: Meeting Guide type codes, comma separated, sorted (O,ST,X).
    type_codes: Mapped[str] = mapped_column(String(255), default="")
    #: in_person, hybrid, online or inactive, derived as DOMAIN.md section 4 says.
    attendance: Mapped[str] = mapped_column(String(12))
    notes: Mapped[str | None] = mapped_column(Text)
    group_name: Mapped[str | None] = mapped_column(String(255))
    region: Mapped[str | None] = mapped_column(String(120))
    #: tsml, bmlt or demo.
    source: Mapped[str] = mapped_column(String(20))
    #: When the source says the meeting last changed (``updated``), else when we first saw it.
    source_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Hash of the imported content, to tell "unchanged" from "updated" on re-import.
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def days(self) -> list[int]:
        return schedule.mask_to_days(self.day_mask)

    @property
    def start_time(self) -> time:
        return schedule.clock_time(self.start_minute)

    @property
    def end_time(self) -> time:
        return schedule.clock_time(self.end_minute)

    @property
    def start_hhmm(self) -> str:
        return schedule.format_clock(self.start_minute)

    @property
    def end_hhmm(self) -> str:
        return schedule.format_clock(self.end_minute)

    @property
    def types(self) -> list[str]:
        return [code for code in self.type_codes.split(",") if code]

    @property
    def last_updated_at(self) -> datetime:
        return self.source_updated_at or self.updated_at


class MeetingReport(db.Model):
    """Someone told us a meeting is wrong (moved, closed, new time, dead link)."""

    __tablename__ = "meeting_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    #: closed, wrong_time, wrong_place, wrong_link, other
    problem: Mapped[str] = mapped_column(String(40))
    details: Mapped[str] = mapped_column(Text, default="")
    #: Optional way to reach the reporter; shown to admins only.
    contact: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship()
