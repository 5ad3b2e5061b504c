"""Creating inquiries (public form and partner API alike), revealing masked insurance values."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from admissions.audit import services as audit
from admissions.auth.models import Role
from admissions.core.crypto import decrypt_bytes, decrypt_text, encrypt_bytes, encrypt_text
from admissions.core.errors import Forbidden, NotFound
from admissions.directory.models import Facility
from admissions.extensions import db
from admissions.intake.models import (
    Inquiry, InquiryEvent, InquiryStatus, InsuranceCardImage, InsurancePolicy, Priority, Source,
)
from admissions.intake.rules import InquiryData, InsuranceData, InvalidInquiry, emergency_reasons
from admissions.navigator.rules import triage

#: A second request from the same phone within this window adds to the open inquiry.
DUPLICATE_WINDOW = timedelta(minutes=10)
#: Crockford's base 32 without I, L, O, U: easy to read aloud over the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8
REVEALABLE = ("member_id", "group_number", "subscriber_dob")


def new_reference() -> str:
    """Eight random characters (40 bits), shown as ABCD-1234."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def format_reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def open_duplicate(phone: str, *, now: datetime) -> Inquiry | None:
    """The open inquiry from the same phone created in the last ten minutes, if any."""
    return db.session.scalar(
        select(Inquiry)
        .where(Inquiry.phone == phone, Inquiry.created_at >= now - DUPLICATE_WINDOW,
               Inquiry.status != InquiryStatus.CLOSED, Inquiry.merged_into_id.is_(None))
        .order_by(Inquiry.created_at.desc())
        .limit(1)
    )


def create_inquiry(data: InquiryData, *, source: Source, now: datetime, actor=None) -> Inquiry:
    """Store a call-back request, or add it to the same phone's open one from the last ten minutes.

    Encrypts the insurance identifiers and card photos, sets the priority, writes the timeline
    event and the audit entry. Flushes; the caller commits.
    """
    facility_id = _facility_id(data.facility_id)
    existing = open_duplicate(data.phone, now=now)
    if existing is not None:
        _add_to(existing, data, facility_id=facility_id, source=source, now=now)
        audit.record(actor, "inquiry.updated", existing, actor_label=None if actor else f"{source.value} form")
        return existing
    inquiry = Inquiry(
        reference=_unused_reference(), source=source, status=InquiryStatus.WAITING,
        for_whom=data.for_whom, first_name=data.first_name, last_name=data.last_name, phone=data.phone,
        email=data.email, zip=data.zip, state=data.state, timezone=data.timezone,
        best_times=",".join(data.best_times), ok_voicemail=data.ok_voicemail, ok_text=data.ok_text,
        language=data.language, substances=",".join(data.substances), using_now=data.using_now,
        last_use_at=data.last_use_at, care_interests=",".join(data.care_interests), message=data.message,
        consent_to_contact=data.consent_to_contact, facility_id=facility_id,
        overdose_now=data.overdose_now, suicidal_thoughts=data.suicidal_thoughts, pregnant=data.pregnant,
        in_withdrawal=data.in_withdrawal, recent_overdose=data.recent_overdose,
        created_at=now, updated_at=now,
    )
    if data.insurance is not None:
        inquiry.insurance = _policy(data.insurance)
    inquiry.card_images = [InsuranceCardImage(side=photo.side, content_type=photo.content_type,
                                              data_encrypted=encrypt_bytes(photo.data), created_at=now)
                           for photo in data.card_photos]
    triage(inquiry, now)
    db.session.add(inquiry)
    db.session.flush()
    db.session.add(InquiryEvent(inquiry_id=inquiry.id, at=now, actor_id=getattr(actor, "id", None),
                                kind="created", details={"source": source.value,
                                                         "priority": inquiry.priority.value}))
    audit.record(actor, "inquiry.created", inquiry, actor_label=None if actor else f"{source.value} form")
    db.session.flush()
    return inquiry


def _add_to(inquiry: Inquiry, data: InquiryData, *, facility_id: int | None, source: Source,
            now: datetime) -> None:
    """Merge a repeat submission: new answers fill gaps, lists and flags only grow, messages append."""
    changed = []

    def union(current: str, new: list[str]) -> str:
        values = [v for v in current.split(",") if v]
        return ",".join(values + [v for v in new if v not in values])

    for name, value in (("substances", data.substances), ("care_interests", data.care_interests),
                        ("best_times", data.best_times)):
        merged = union(getattr(inquiry, name) or "", value)
        if merged != getattr(inquiry, name):
            setattr(inquiry, name, merged)
            changed.append(name)
    for name in ("last_name", "email", "using_now", "last_use_at"):
        value = getattr(data, name)
        if value is not None and getattr(inquiry, name) != value:
            setattr(inquiry, name, value)
            changed.append(name)
    for name in ("overdose_now", "suicidal_thoughts", "pregnant", "in_withdrawal", "recent_overdose",
                 "ok_voicemail", "ok_text"):
        if getattr(data, name) and not getattr(inquiry, name):
            setattr(inquiry, name, True)
            changed.append(name)
    if data.message and data.message not in (inquiry.message or ""):
        inquiry.message = f"{inquiry.message}\n\n{data.message}".strip()
        changed.append("message")
    if facility_id and inquiry.facility_id != facility_id:
        inquiry.facility_id = facility_id
        changed.append("facility_id")
    if data.insurance is not None:
        inquiry.insurance = _policy(data.insurance, inquiry.insurance)
        changed.append("insurance")
    for photo in data.card_photos:
        inquiry.card_images.append(InsuranceCardImage(side=photo.side, content_type=photo.content_type,
                                                      data_encrypted=encrypt_bytes(photo.data), created_at=now))
        changed.append("card_images")
    before = inquiry.priority
    triage(inquiry, now)
    inquiry.updated_at = now
    db.session.add(InquiryEvent(inquiry_id=inquiry.id, at=now, kind="updated",
                                note="The caller sent the form again.",
                                details={"source": source.value, "fields": sorted(set(changed)),
                                         "priority_from": before.value, "priority": inquiry.priority.value}))
    db.session.flush()


def _policy(data: InsuranceData, policy: InsurancePolicy | None = None) -> InsurancePolicy:
    policy = policy or InsurancePolicy()
    policy.plan_type = data.plan_type or policy.plan_type
    policy.payer_name = data.payer_name or policy.payer_name
    policy.subscriber_name = data.subscriber_name or policy.subscriber_name
    policy.relationship_to_subscriber = data.relationship or policy.relationship_to_subscriber
    if data.member_id:
        policy.member_id_encrypted = encrypt_text(data.member_id)
        policy.member_id_last4 = data.member_id.replace("-", "").replace(" ", "")[-4:]
    if data.group_number:
        policy.group_number_encrypted = encrypt_text(data.group_number)
    if data.subscriber_dob:
        policy.subscriber_dob_encrypted = encrypt_text(data.subscriber_dob.isoformat())
    return policy


def _facility_id(public_id: str | None) -> int | None:
    if not public_id:
        return None
    facility_id = db.session.scalar(select(Facility.id).where(Facility.public_id == public_id))
    if facility_id is None:
        raise InvalidInquiry({"facility_id": _l("Unknown facility.")})
    return facility_id


def _unused_reference() -> str:
    while True:
        reference = new_reference()
        if db.session.scalar(select(Inquiry.id).where(Inquiry.reference == reference)) is None:
            return reference


# -- staff: masked values ---------------------------------------------------------------------

def may_see_insurance(user, inquiry: Inquiry) -> bool:
    """Managers and admins may; a navigator only for an inquiry they hold or owe a callback on."""
    if user.role in (Role.MANAGER, Role.ADMIN):
        return True
    return user.id in (inquiry.claimed_by_id, inquiry.callback_owner_id)


def reveal_insurance_value(user, inquiry: Inquiry, field: str) -> str:
    """Decrypt one masked insurance value for ``user`` and audit it (``insurance.revealed_<field>``)."""
    if field not in REVEALABLE:
        raise NotFound("Nothing to reveal there.")
    if not may_see_insurance(user, inquiry):
        raise Forbidden("Only the navigator holding this inquiry, or a manager, may see this.")
    policy = inquiry.insurance
    token = getattr(policy, f"{field}_encrypted", None) if policy else None
    if token is None:
        raise NotFound("That value was not given.")
    audit.record(user, f"insurance.revealed_{field}", inquiry)
    return decrypt_text(token)


def card_image_bytes(user, inquiry: Inquiry, image_id: int) -> tuple[bytes, str]:
    """The decrypted photo for ``user``, audited (``insurance.card_viewed``)."""
    image = next((image for image in inquiry.card_images if image.id == image_id), None)
    if image is None:
        raise NotFound("No such photo.")
    if not may_see_insurance(user, inquiry):
        raise Forbidden("Only the navigator holding this inquiry, or a manager, may see this.")
    audit.record(user, "insurance.card_viewed", inquiry)
    return decrypt_bytes(image.data_encrypted), image.content_type
