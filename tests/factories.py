"""Small factories for tests: each makes a valid row with overridable fields and flushes it."""

from __future__ import annotations

import itertools

from admissions.auth.models import Role, User
from admissions.auth.passwords import hash_password
from admissions.directory.models import Facility, FacilityCode
from admissions.extensions import db

_counter = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery"
#: The authenticator secret every test manager and admin is enrolled with (``totp=True``).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(role: Role = Role.NAVIGATOR, *, email: str | None = None, password: str = DEFAULT_PASSWORD,
              totp: bool | None = None, **fields) -> User:
    """A staff account; managers and admins come with TOTP enrolled (``totp=False`` to skip)."""
    from admissions.core.crypto import encrypt_text
    from admissions.core.time import utcnow

    n = next(_counter)
    if totp is None:
        totp = role in (Role.MANAGER, Role.ADMIN)
    if totp:
        fields.setdefault("totp_secret_encrypted", encrypt_text(TEST_TOTP_SECRET))
        fields.setdefault("totp_enabled_at", utcnow())
    user = User(email=email or f"staff{n}@example.org", name=fields.pop("name", f"Staff {n}"), role=role,
                password_hash=hash_password(password), **fields)
    db.session.add(user)
    db.session.flush()
    return user


def make_facility(*, codes=("SA", "DT"), **fields) -> Facility:
    n = next(_counter)
    name = fields.pop("name", f"Facility {n}")
    defaults = dict(
        public_id=f"f{n:07d}", slug=f"facility-{n}", source_key=f"test:{n}", name=name,
        search_text=name.lower(), sort_name=name.lower(), street1=f"{n} Main St", city="Las Vegas",
        state="NV", zip="89108", latitude=36.2047, longitude=-115.2232, phone="(702) 555-0100",
        facility_types="SA", source="test",
    )
    defaults.update(fields)
    facility = Facility(**defaults)
    facility.codes = [FacilityCode(code=c) for c in codes]
    db.session.add(facility)
    db.session.flush()
    from admissions.directory import search_index

    search_index.refresh(db.session, [facility.id])
    return facility


def make_inquiry(**fields):
    """A waiting inquiry from the web form, normal priority, due in an hour."""
    from datetime import timedelta

    from admissions.core.time import utcnow
    from admissions.intake.models import Inquiry, InquiryStatus, Priority, Source

    n = next(_counter)
    now = fields.pop("created_at", None) or utcnow()
    priority = fields.pop("priority", Priority.NORMAL)
    defaults = dict(
        reference=f"R{n:07d}", source=Source.WEB, status=InquiryStatus.WAITING, priority=priority,
        priority_rank=priority.rank, priority_reason="", first_name=f"Caller{n}", phone=f"+1702555{n % 10000:04d}",
        zip="89108", state="NV", timezone="America/Los_Angeles", language="en", substances="heroin_fentanyl",
        consent_to_contact=True, created_at=now, routable_to_all_at=now + timedelta(minutes=5),
        sla_due_at=now + timedelta(minutes=60),
    )
    defaults.update(fields)
    inquiry = Inquiry(**defaults)
    db.session.add(inquiry)
    db.session.flush()
    return inquiry


def make_meeting(**tsml_fields):
    """A meeting imported through the Meeting Guide importer; fields are TSML keys (day, time, ...)."""
    import json

    from admissions.meetings import queries, services

    n = next(_counter)
    row = dict(name=f"Meeting {n}", slug=f"meeting-{n}", day=1, time="19:00", end_time="20:00",
               timezone="America/Los_Angeles", address=f"{n} Main St", city="Las Vegas", state="NV",
               postal_code="89108", latitude=36.2047, longitude=-115.2232, types=["O"], fellowship="NA")
    row.update(tsml_fields)
    row = {key: value for key, value in row.items() if value is not None}
    report = services.import_feed(json.dumps([row]), "tsml")
    assert not report.rejected, report.rejected
    return queries.meeting_by_slug(row["slug"])
