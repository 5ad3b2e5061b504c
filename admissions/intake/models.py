"""Inquiries and what hangs off them: insurance, card photos, timeline events, callbacks, claims.

The queue columns live on the inquiry row so Next can sort and claim in one indexed statement;
the timeline (events), callbacks and claims keep the history the metrics are computed from.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admissions.core.time import UTCDateTime, utcnow
from admissions.extensions import db


def _enum(cls):
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class Priority(str, enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        """Sort key: lower is more urgent."""
        return {"critical": 0, "high": 1, "normal": 2}[self.value]


class InquiryStatus(str, enum.Enum):
    WAITING = "waiting"   # in the queue, nobody holds it
    CLAIMED = "claimed"   # a navigator holds the lease
    CLOSED = "closed"     # has a disposition


class Source(str, enum.Enum):
    WEB = "web"       # public call-back form
    API = "api"       # partner intake API
    STAFF = "staff"   # entered by a navigator


class Disposition(str, enum.Enum):
    ADMITTED = "admitted"
    SCHEDULED = "scheduled"
    REFERRED = "referred"
    NOT_READY = "not_ready"
    NOT_ELIGIBLE = "not_eligible"
    UNREACHABLE = "unreachable"
    DUPLICATE = "duplicate"
    SPAM = "spam"


class Inquiry(db.Model):
    __tablename__ = "inquiries"
    __table_args__ = (
        Index("ix_inquiries_queue", "status", "priority_rank", "sla_due_at", "created_at"),
        Index("ix_inquiries_callback", "callback_owner_id", "callback_due_at"),
        Index("ix_inquiries_phone_created", "phone", "created_at"),
        Index("ix_inquiries_created_at", "created_at"),
        Index("ix_inquiries_claimed_by", "claimed_by_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short unguessable reference shown to the caller.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    source: Mapped[Source] = mapped_column(_enum(Source), default=Source.WEB)
    status: Mapped[InquiryStatus] = mapped_column(_enum(InquiryStatus), default=InquiryStatus.WAITING)
    priority: Mapped[Priority] = mapped_column(_enum(Priority), default=Priority.NORMAL)
    #: ``priority.rank``, stored so the queue index can sort on it.
    priority_rank: Mapped[int] = mapped_column(Integer, default=2)
    #: Why the priority is what it is, shown to the navigator ("High: uses benzodiazepines").
    priority_reason: Mapped[str] = mapped_column(String(255), default="")

    # Who and how to reach them
    for_whom: Mapped[str] = mapped_column(String(20), default="self")  # self, loved_one
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(80))
    #: E.164
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    zip: Mapped[str | None] = mapped_column(String(10))
    state: Mapped[str | None] = mapped_column(String(2), index=True)
    #: IANA zone of the caller, from the ZIP.
    timezone: Mapped[str | None] = mapped_column(String(40))
    #: Comma-separated windows in the caller's local time, e.g. "morning,evening".
    best_times: Mapped[str] = mapped_column(String(80), default="")
    ok_voicemail: Mapped[bool] = mapped_column(Boolean, default=False)
    ok_text: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(5), default="en")

    # What they told us
    #: Comma-separated: heroin_fentanyl, other_opioids, alcohol, benzodiazepines, methamphetamine, cocaine, other
    substances: Mapped[str] = mapped_column(String(200), default="")
    using_now: Mapped[bool | None] = mapped_column(Boolean)
    last_use_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Comma-separated: detox, residential, outpatient, medication, not_sure
    care_interests: Mapped[str] = mapped_column(String(120), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    consent_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id", ondelete="SET NULL"))
    overdose_now: Mapped[bool] = mapped_column(Boolean, default=False)
    suicidal_thoughts: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    in_withdrawal: Mapped[bool] = mapped_column(Boolean, default=False)
    recent_overdose: Mapped[bool] = mapped_column(Boolean, default=False)

    # The queue
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Until then only navigators with the right language/state skills are offered it.
    routable_to_all_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: First-attempt deadline (SLA), counted in business hours.
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The pending scheduled callback, if any (denormalized from ``callbacks`` for the queue).
    callback_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    callback_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # Milestones (UTC) the metrics use
    first_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: First attempt that reached the person.
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts_count: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disposition: Mapped[Disposition | None] = mapped_column(_enum(Disposition))
    disposition_facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id", ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    insurance: Mapped[InsurancePolicy | None] = relationship(back_populates="inquiry", uselist=False,
                                                             cascade="all, delete-orphan")
    card_images: Mapped[list[InsuranceCardImage]] = relationship(back_populates="inquiry",
                                                                 cascade="all, delete-orphan")
    events: Mapped[list[InquiryEvent]] = relationship(back_populates="inquiry", cascade="all, delete-orphan",
                                                      order_by="InquiryEvent.at")

    @property
    def substance_list(self) -> list[str]:
        return [s for s in (self.substances or "").split(",") if s]

    @property
    def care_interest_list(self) -> list[str]:
        return [s for s in (self.care_interests or "").split(",") if s]


class InsurancePolicy(db.Model):
    """Insurance as the caller gave it. Identifiers and the birth date are encrypted at rest."""

    __tablename__ = "insurance_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), unique=True)
    #: commercial, medicaid, medicare, medicare_advantage, tricare, va, self_pay, none, other
    plan_type: Mapped[str | None] = mapped_column(String(30), index=True)
    payer_name: Mapped[str | None] = mapped_column(String(120))
    member_id_encrypted: Mapped[str | None] = mapped_column(Text)
    #: Last four characters, for the masked display (•••• 1234).
    member_id_last4: Mapped[str | None] = mapped_column(String(4))
    group_number_encrypted: Mapped[str | None] = mapped_column(Text)
    subscriber_name: Mapped[str | None] = mapped_column(String(160))
    subscriber_dob_encrypted: Mapped[str | None] = mapped_column(Text)
    #: self, spouse, child, other: the patient's relationship to the subscriber
    relationship_to_subscriber: Mapped[str | None] = mapped_column(String(20))

    inquiry: Mapped[Inquiry] = relationship(back_populates="insurance")


class InsuranceCardImage(db.Model):
    """A photo of the insurance card, re-encoded without metadata and encrypted."""

    __tablename__ = "insurance_card_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10), default="front")  # front, back
    content_type: Mapped[str] = mapped_column(String(30))
    data_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="card_images")


class InquiryEvent(db.Model):
    """One line of an inquiry's timeline: created, claimed, attempt, callback, released, closed..."""

    __tablename__ = "inquiry_events"
    __table_args__ = (
        Index("ix_inquiry_events_inquiry_at", "inquiry_id", "at"),
        Index("ix_inquiry_events_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: created, updated, claimed, lease_expired, released, reassigned, attempt, callback_scheduled,
    #: callback_cancelled, note, assessment, consent, disclosure, benefits, closed, merged
    kind: Mapped[str] = mapped_column(String(30))
    #: For attempts: no_answer, voicemail, connected, wrong_number, call_later
    outcome: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column(JSON)

    inquiry: Mapped[Inquiry] = relationship(back_populates="events")


class Callback(db.Model):
    """A promised call at a time the caller chose; adherence is measured on these rows."""

    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_due_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: First call attempt made for this callback.
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Claim(db.Model):
    """A navigator holding an inquiry, from claim to release, close, expiry or reassignment."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_navigator_claimed", "navigator_id", "claimed_at"),
        Index("ix_claims_claimed_at", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    navigator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: released, closed, expired, reassigned
    end_reason: Mapped[str | None] = mapped_column(String(20))
