"""Facilities and their service codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admissions.core.time import UTCDateTime, utcnow
from admissions.extensions import db


class Facility(db.Model):
    __tablename__ = "facilities"
    __table_args__ = (
        Index("ix_facilities_lat_lon", "latitude", "longitude"),
        Index("ix_facilities_sort_name", "sort_name", "id"),
        # Covers the count of a search by codes and flags (any distance included), so it never reads
        # the wide table rows. No equality prefix on purpose: a search near a place must keep
        # using the latitude index instead.
        Index("ix_facilities_search",
              "bits_tc", "bits_set", "bits_om", "bits_ot", "bits_phr", "bits_detox", "bits_tap", "bits_pay",
              "bits_pyas", "bits_age", "bits_gn", "bits_sg", "bits_sl", "bits_scr", "bits_trsrv", "bits_as",
              "bits_lca", "bits_excl", "bits_fop",
              "active", "mental_health_only", "verified_at", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable public id, kept across re-imports (derived from the source key).
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    #: Readable URL part; set once and kept so deep links never break.
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    #: The locator's ``frid``, else "h:" + a hash of normalized name, street, city, state, zip.
    source_key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name2: Mapped[str | None] = mapped_column(String(255))
    #: Folded (lower-case, accent-free) names for text search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Folded name for a stable, case-insensitive sort.
    sort_name: Mapped[str] = mapped_column(String(255), default="")
    street1: Mapped[str | None] = mapped_column(String(255))
    street2: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(2), index=True)
    zip: Mapped[str | None] = mapped_column(String(10))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    #: True when the point is a ZIP centroid rather than the street address.
    location_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    intake_phone: Mapped[str | None] = mapped_column(String(40))
    hotline_phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    #: Locator facility types, comma separated (SA, MH, OTP, HRSA).
    facility_types: Mapped[str] = mapped_column(String(40), default="")
    #: Mental-health only: type MH without any substance-use type of care.
    mental_health_only: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Hash of the imported content, to tell "unchanged" from "updated" on re-import.
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    #: When a person confirmed the listing; an import never sets it.
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # -- Search columns, derived from facility_codes by directory.search_index.refresh. --
    # One bit per service code of a vocabulary category (bit = the code's position in its
    # category), so "any of these codes" is one integer test instead of a join per category.
    bits_tc: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_set: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_om: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_ot: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_phr: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_detox: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_tap: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_pay: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_pyas: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_age: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_gn: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_sg: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_sl: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_scr: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_trsrv: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_as: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_lca: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_excl: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bits_fop: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    codes: Mapped[list[FacilityCode]] = relationship(
        back_populates="facility", cascade="all, delete-orphan", lazy="selectin",
        order_by="FacilityCode.code",
    )

    @property
    def code_set(self) -> set[str]:
        return {c.code for c in self.codes}


class FacilityCode(db.Model):
    """One service code a facility offers."""

    __tablename__ = "facility_codes"

    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)

    facility: Mapped[Facility] = relationship(back_populates="codes")


class ListingReport(db.Model):
    """Someone told us a listing is wrong."""

    __tablename__ = "listing_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), index=True)
    #: closed, wrong_phone, wrong_address, wrong_services, wrong_insurance, other
    problem: Mapped[str] = mapped_column(String(40))
    details: Mapped[str] = mapped_column(Text, default="")
    #: Optional way to reach the reporter; shown to admins only.
    contact: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(Text)

    facility: Mapped[Facility] = relationship()
