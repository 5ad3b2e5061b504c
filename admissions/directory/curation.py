"""Changes people make to listings: reports from the public, fixes and verification by admins.

(The importer's writes live in ``services.py``; these are the human ones, each audited.)
"""

from __future__ import annotations

from datetime import datetime

from admissions.audit.services import record
from admissions.core.errors import DomainError
from admissions.directory import search_index
from admissions.directory.models import Facility, ListingReport
from admissions.extensions import db

#: What a member of the public can say is wrong, in the order the form offers it.
PROBLEMS = ("closed", "wrong_phone", "wrong_address", "wrong_services", "wrong_insurance", "other")

#: Listing fields an admin may correct.
EDITABLE_FIELDS = ("name", "name2", "street1", "street2", "city", "state", "zip", "latitude", "longitude",
                   "phone", "intake_phone", "hotline_phone", "website")


def report_problem(facility: Facility, *, problem: str, details: str, contact: str | None) -> ListingReport:
    """Save a public report about a listing for the admins."""
    if problem not in PROBLEMS:
        raise DomainError("Choose what is wrong with the listing.", "problem")
    report = ListingReport(facility=facility, problem=problem, details=(details or "").strip()[:2000],
                           contact=(contact or "").strip()[:255] or None)
    db.session.add(report)
    db.session.flush()
    return report


def resolve_report(report: ListingReport, admin, *, resolution: str, now: datetime) -> None:
    """Close a report, saying what was done."""
    if report.resolved_at is not None:
        raise DomainError("This report is already resolved.")
    report.resolved_at = now
    report.resolved_by_id = admin.id
    report.resolution = (resolution or "").strip()[:2000] or None
    record(admin, "listing_report.resolved", report)
    db.session.flush()


def mark_verified(facility: Facility, admin, *, now: datetime) -> None:
    """A person confirmed the listing with the facility today."""
    facility.verified_at = now
    facility.verified_by_id = admin.id
    record(admin, "facility.verified", facility)
    db.session.flush()


def set_active(facility: Facility, admin, *, active: bool) -> None:
    """Close a facility (it leaves every search) or reopen it."""
    if facility.active == active:
        return
    facility.active = active
    record(admin, "facility.reopened" if active else "facility.closed", facility)
    db.session.flush()


def correct_listing(facility: Facility, admin, changes: dict) -> list[str]:
    """Apply an admin's corrections; returns the names of the fields that changed."""
    changed = []
    for name in EDITABLE_FIELDS:
        if name in changes and getattr(facility, name) != changes[name]:
            setattr(facility, name, changes[name])
            changed.append(name)
    if not changed:
        return changed
    if "latitude" in changed or "longitude" in changed:
        facility.location_approximate = False
    record(admin, "facility.corrected", facility)
    db.session.flush()
    search_index.refresh(db.session, [facility.id])
    return changed
