"""What the navigator records while on the call: assessment, consent, disclosures, benefits.

Free-text health details are encrypted at rest (``core.crypto``); the columns end in ``_encrypted``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from admissions.core.time import UTCDateTime, utcnow
from admissions.extensions import db

#: Shown with every disclosure (42 CFR 2.32, in our own words).
REDISCLOSURE_NOTICE = (
    "This information has been disclosed to you from records protected by federal confidentiality "
    "rules (42 CFR part 2). Those rules prohibit you from making any further disclosure of it unless "
    "the person it concerns has given written consent or the rules otherwise permit it, and from "
    "using it to investigate or prosecute the person for a crime."
)


class Assessment(db.Model):
    """The pre-admission assessment (DOMAIN.md section 2), one per inquiry."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), unique=True)
    #: Comma-separated substances in the system now (intake codes plus methadone, buprenorphine).
    substances: Mapped[str] = mapped_column(String(200), default="")
    last_use_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: e.g. "less_than_1_year", "1_5_years", "more_than_5_years"
    length_of_use: Mapped[str | None] = mapped_column(String(30))
    age: Mapped[int | None] = mapped_column(Integer)
    veteran: Mapped[bool] = mapped_column(Boolean, default=False)
    family_history_encrypted: Mapped[str | None] = mapped_column(Text)
    medications_encrypted: Mapped[str | None] = mapped_column(Text)
    social_financial_encrypted: Mapped[str | None] = mapped_column(Text)
    physical_health_encrypted: Mapped[str | None] = mapped_column(Text)
    mental_health_encrypted: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def substance_list(self) -> list[str]:
        return [s for s in (self.substances or "").split(",") if s]


class Consent(db.Model):
    """A 42 CFR Part 2 consent to disclose, verbal (with attestation) or signed."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    patient_name: Mapped[str] = mapped_column(String(160))
    #: Who discloses (our program).
    discloser: Mapped[str] = mapped_column(String(160))
    #: What information may be disclosed.
    information: Mapped[str] = mapped_column(Text)
    #: facility or payer
    recipient_kind: Mapped[str] = mapped_column(String(10))
    #: The named recipient; None with kind "facility" means the treatment programs we refer to.
    recipient_facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id", ondelete="SET NULL"))
    recipient_name: Mapped[str] = mapped_column(String(255))
    purpose: Mapped[str] = mapped_column(Text)
    #: verbal (the navigator attests) or signed
    method: Mapped[str] = mapped_column(String(10))
    signature: Mapped[str] = mapped_column(String(160))
    signed_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    revocation_told: Mapped[bool] = mapped_column(Boolean, default=False)
    attested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def is_active(self, today: date) -> bool:
        return self.revoked_at is None and self.expires_on >= today


class Disclosure(db.Model):
    """One disclosure made under a consent: who told whom what, when, with the notice."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recipient_facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id", ondelete="SET NULL"))
    recipient_name: Mapped[str] = mapped_column(String(255))
    #: referral, benefits
    purpose: Mapped[str] = mapped_column(String(20))
    information: Mapped[str] = mapped_column(Text)
    notice: Mapped[str] = mapped_column(Text, default=REDISCLOSURE_NOTICE)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BenefitsVerification(db.Model):
    """Verification of benefits, entered by hand after calling the payer."""

    __tablename__ = "benefits_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    #: pending, verified, inactive, not_found
    status: Mapped[str] = mapped_column(String(12))
    #: Y, N or U (unknown)
    in_network: Mapped[str] = mapped_column(String(1), default="U")
    deductible: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    deductible_remaining: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    out_of_pocket_max: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    detox_copay: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    detox_coinsurance_pct: Mapped[int | None] = mapped_column(Integer)
    residential_copay: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    residential_coinsurance_pct: Mapped[int | None] = mapped_column(Integer)
    outpatient_copay: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    outpatient_coinsurance_pct: Mapped[int | None] = mapped_column(Integer)
    #: Y, N or U
    prior_auth_required: Mapped[str] = mapped_column(String(1), default="U")
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def _queue_indexes() -> None:
    """Partial indexes for Next: the waiting queue in claim order, leases by expiry, callbacks with a time."""
    from sqlalchemy import Index, text

    from admissions.intake.models import Inquiry

    waiting = text("status = 'waiting'")
    Index("ix_inquiries_waiting_queue", Inquiry.priority_rank, Inquiry.sla_due_at, Inquiry.created_at, Inquiry.id,
          postgresql_where=waiting, sqlite_where=waiting)
    claimed = text("status = 'claimed'")
    Index("ix_inquiries_claimed_lease", Inquiry.lease_expires_at, postgresql_where=claimed, sqlite_where=claimed)
    has_callback = text("callback_due_at IS NOT NULL")
    Index("ix_inquiries_callback_due", Inquiry.callback_due_at, postgresql_where=has_callback,
          sqlite_where=has_callback)


_queue_indexes()
