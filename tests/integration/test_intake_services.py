"""create_inquiry on a database: priority, the ten-minute duplicate rule, encryption at rest, key rotation."""

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role, User
from admissions.core.crypto import decrypt_text
from admissions.core.keys import rotate_all
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake import services
from admissions.intake.models import Inquiry, InquiryEvent, InsuranceCardImage, Priority, Source
from admissions.intake.rules import CardPhoto, InvalidInquiry, clean_inquiry
from tests.factories import make_facility, make_user

VALID = {"first_name": "Ana", "phone": "702-555-0123", "zip": "89108", "consent_to_contact": True}


def _create(now=None, source=Source.WEB, **answers):
    now = now or utcnow()
    return services.create_inquiry(clean_inquiry({**VALID, **answers}, now=now), source=source, now=now)


def test_a_new_inquiry_waits_with_a_reference_a_created_event_and_an_audit_entry(app):
    inquiry = _create(substances=["heroin_fentanyl"])
    db.session.commit()
    assert inquiry.status.value == "waiting" and inquiry.priority == Priority.NORMAL
    assert len(inquiry.reference) == 8 and inquiry.reference.isalnum()
    assert (inquiry.state, inquiry.timezone, inquiry.phone) == ("NV", "America/Los_Angeles", "+17025550123")
    kinds = db.session.scalars(select(InquiryEvent.kind).where(InquiryEvent.inquiry_id == inquiry.id)).all()
    assert kinds == ["created"]
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inquiry.created"))
    assert entry.target_id == str(inquiry.id) and entry.actor_label == "web form"


def test_emergency_answers_make_the_inquiry_critical_with_the_reason(app):
    inquiry = _create(pregnant=True, in_withdrawal=True)
    assert inquiry.priority == Priority.CRITICAL and inquiry.priority_rank == 0
    assert inquiry.priority_reason == "Critical: pregnant and in withdrawal"


def test_references_differ_between_inquiries(app):
    references = {_create(phone=f"702-555-01{n:02d}").reference for n in range(20)}
    assert len(references) == 20


def test_the_same_phone_within_ten_minutes_adds_to_the_open_inquiry(app):
    start = utcnow()
    first = _create(now=start, substances=["alcohol"], message="Please call after 5")
    again = _create(now=start + timedelta(minutes=9), phone="(702) 555-0123", substances=["cocaine"],
                    overdose_now=True, message="It is getting worse")
    db.session.commit()
    assert again.id == first.id
    assert db.session.scalar(select(db.func.count()).select_from(Inquiry)) == 1
    assert first.substance_list == ["alcohol", "cocaine"]
    assert "Please call after 5" in first.message and "It is getting worse" in first.message
    assert first.priority == Priority.CRITICAL
    events = db.session.scalars(select(InquiryEvent).where(InquiryEvent.inquiry_id == first.id)
                                .order_by(InquiryEvent.id)).all()
    assert [e.kind for e in events] == ["created", "updated"]
    assert "overdose_now" in events[1].details["fields"]


def test_the_same_phone_after_ten_minutes_is_a_new_inquiry(app):
    start = utcnow()
    first = _create(now=start)
    later = _create(now=start + timedelta(minutes=11))
    assert later.id != first.id


def test_an_unknown_facility_is_an_error_at_its_field(app):
    with pytest.raises(InvalidInquiry) as caught:
        _create(facility_id="nope")
    assert list(caught.value.errors) == ["facility_id"]
    facility = make_facility()
    assert _create(facility_id=facility.public_id).facility_id == facility.id


def test_member_id_group_number_and_birth_date_are_not_stored_in_plaintext(app):
    now = utcnow()
    data = clean_inquiry({**VALID, "insurance": {"plan_type": "commercial", "payer_name": "Aetna",
                                                 "member_id": "W123456789", "group_number": "GRP-778899",
                                                 "subscriber_dob": "1981-03-14"}}, now=now)
    data.card_photos = [CardPhoto(side="front", content_type="image/png", data=b"\x89PNG card pixels 5551234")]
    inquiry = services.create_inquiry(data, source=Source.WEB, now=now)
    db.session.commit()
    dump = []
    with db.engine.connect() as conn:
        for table in ("insurance_policies", "insurance_card_images", "inquiries", "audit_events", "inquiry_events"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                dump.append(" ".join(str(v) if not isinstance(v, bytes) else v.decode("latin-1") for v in row))
    raw = "\n".join(dump)
    for secret in ("W123456789", "GRP-778899", "1981-03-14", "1981", "card pixels"):
        assert secret not in raw
    assert decrypt_text(inquiry.insurance.member_id_encrypted) == "W123456789"
    assert inquiry.insurance.member_id_last4 == "6789"


def test_key_rotation_re_encrypts_every_column_under_the_new_key(app):
    old_key = app.config["ENCRYPTION_KEYS"]
    inquiry = _create(insurance={"member_id": "W123456789", "subscriber_dob": "1981-03-14"})
    db.session.add(InsuranceCardImage(inquiry_id=inquiry.id, side="back", content_type="image/png",
                                      data_encrypted=Fernet(old_key.encode()).encrypt(b"photo")))
    manager = make_user(Role.MANAGER)
    db.session.commit()

    new_key = Fernet.generate_key().decode()
    app.config["ENCRYPTION_KEYS"] = f"{new_key},{old_key}"
    counts = rotate_all()
    db.session.commit()
    assert counts["insurance_policies.member_id_encrypted"] == 1
    assert counts["insurance_policies.subscriber_dob_encrypted"] == 1
    assert counts["insurance_card_images.data_encrypted"] == 1
    assert counts["users.totp_secret_encrypted"] == 1

    app.config["ENCRYPTION_KEYS"] = new_key  # the old key is gone: everything still reads
    db.session.expire_all()
    assert decrypt_text(db.session.get(Inquiry, inquiry.id).insurance.member_id_encrypted) == "W123456789"
    image = db.session.scalar(select(InsuranceCardImage))
    assert Fernet(new_key.encode()).decrypt(image.data_encrypted) == b"photo"
    assert decrypt_text(db.session.get(User, manager.id).totp_secret_encrypted)


def test_revealing_a_masked_value_is_audited_and_limited_to_the_holder(app):
    inquiry = _create(insurance={"member_id": "W123456789", "subscriber_dob": "1981-03-14"})
    holder, other, manager = make_user(), make_user(), make_user(Role.MANAGER)
    inquiry.claimed_by_id = holder.id
    assert services.reveal_insurance_value(holder, inquiry, "subscriber_dob") == "1981-03-14"
    assert services.reveal_insurance_value(manager, inquiry, "member_id") == "W123456789"
    from admissions.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.reveal_insurance_value(other, inquiry, "member_id")
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "inquiries")
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["inquiry.created", "insurance.revealed_subscriber_dob", "insurance.revealed_member_id"]

