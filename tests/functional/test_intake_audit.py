"""The audit trail: every route that reads or changes an inquiry leaves an entry; admins browse it."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.auth.tokens import issue_token
from admissions.core.crypto import encrypt_bytes, encrypt_text
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import InsuranceCardImage, InsurancePolicy
from tests.factories import make_inquiry, make_user

#: (what, how to call it, the action it must leave) for every intake route that touches an inquiry.
INQUIRY_ROUTES = [
    ("reveal member id", lambda c, i, img, tok: c.post(f"/staff/inquiries/{i}/insurance/reveal", data={"field": "member_id"}),
     "insurance.revealed_member_id"),
    ("reveal birth date", lambda c, i, img, tok: c.post(f"/staff/inquiries/{i}/insurance/reveal", data={"field": "subscriber_dob"}),
     "insurance.revealed_subscriber_dob"),
    ("card photo", lambda c, i, img, tok: c.get(f"/staff/inquiries/{i}/cards/{img}"), "insurance.card_viewed"),
]


@pytest.fixture
def held_inquiry(app):
    navigator = make_user(email="nav@example.org")
    inquiry = make_inquiry(claimed_by_id=navigator.id)
    db.session.add(InsurancePolicy(inquiry_id=inquiry.id, member_id_encrypted=encrypt_text("W123456789"),
                                   member_id_last4="6789", subscriber_dob_encrypted=encrypt_text("1981-03-14")))
    image = InsuranceCardImage(inquiry_id=inquiry.id, side="front", content_type="image/png",
                               data_encrypted=encrypt_bytes(b"\x89PNG fake"))
    db.session.add(image)
    db.session.commit()
    return inquiry.id, image.id


@pytest.mark.parametrize("what, call, action", INQUIRY_ROUTES, ids=[r[0] for r in INQUIRY_ROUTES])
def test_every_staff_route_touching_an_inquiry_leaves_an_audit_entry(client, auth, held_inquiry, what, call, action):
    inquiry_id, image_id = held_inquiry
    auth.login("nav@example.org")
    response = call(client, inquiry_id, image_id, None)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))
    assert entry is not None and entry.target_type == "inquiries" and entry.target_id == str(inquiry_id)
    assert entry.actor_id is not None and entry.address == "127.0.0.1"


def test_the_revealed_value_is_shown_but_never_written_to_the_audit_trail(client, auth, held_inquiry):
    inquiry_id, _ = held_inquiry
    auth.login("nav@example.org")
    page = client.post(f"/staff/inquiries/{inquiry_id}/insurance/reveal", data={"field": "member_id"})
    assert b"W123456789" in page.data
    with db.engine.connect() as conn:
        rows = " ".join(str(row) for row in conn.execute(text("SELECT * FROM audit_events")))
    assert "W123456789" not in rows and "6789" not in rows


def test_a_navigator_not_holding_the_inquiry_may_not_reveal(client, auth, held_inquiry):
    inquiry_id, _ = held_inquiry
    make_user(email="other@example.org")
    auth.login("other@example.org")
    assert client.post(f"/staff/inquiries/{inquiry_id}/insurance/reveal", data={"field": "member_id"}).status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("insurance.%"))) is None


def test_unknown_fields_and_inquiries_are_404(client, auth, held_inquiry):
    inquiry_id, image_id = held_inquiry
    auth.login("nav@example.org")
    assert client.post(f"/staff/inquiries/{inquiry_id}/insurance/reveal", data={"field": "phone"}).status_code == 404
    assert client.post("/staff/inquiries/999999/insurance/reveal", data={"field": "member_id"}).status_code == 404
    assert client.get(f"/staff/inquiries/{inquiry_id}/cards/{image_id + 1}").status_code == 404


def test_the_public_form_and_the_api_audit_the_inquiries_they_create(client):
    navigator = make_user(email="partner@example.org")
    token = issue_token(navigator)
    db.session.commit()
    client.post("/callback", data={"first_name": "Ana", "phone": "702-555-0123", "zip": "89108", "consent_to_contact": "y"})
    client.post("/api/v1/inquiries", headers={"Authorization": f"Bearer {token}"},
                json={"first_name": "Bo", "phone": "702-555-0124", "zip": "89108", "consent_to_contact": True})
    entries = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "inquiry.created")
                                 .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.actor_label) for e in entries] == [(None, "web form"), (navigator.id, None)]


def test_admins_browse_and_filter_the_audit_trail(client, auth, held_inquiry):
    inquiry_id, _ = held_inquiry
    auth.login("nav@example.org")
    client.post(f"/staff/inquiries/{inquiry_id}/insurance/reveal", data={"field": "member_id"})
    auth.logout()
    make_user(Role.ADMIN, email="root@example.org")
    auth.login("root@example.org")
    page = client.get("/staff/audit").get_data(as_text=True)
    assert "<td>insurance.revealed_member_id</td>" in page and "nav@example.org" in page and "<td>auth.login</td>" in page
    filtered = client.get(f"/staff/audit?action=insurance.&target_type=inquiries&target_id={inquiry_id}").get_data(as_text=True)
    assert "<td>insurance.revealed_member_id</td>" in filtered and "<td>auth.login</td>" not in filtered
    by_actor = client.get("/staff/audit?actor=root@example.org").get_data(as_text=True)
    assert "root@example.org" in by_actor and "<td>insurance.revealed_member_id</td>" not in by_actor
    db.session.execute(update(AuditEvent).where(AuditEvent.action == "insurance.revealed_member_id")
                       .values(at=utcnow() - timedelta(days=3)))
    db.session.commit()
    today = utcnow().date().isoformat()
    recent = client.get(f"/staff/audit?action=insurance.&since={today}").get_data(as_text=True)
    assert "<td>insurance.revealed_member_id</td>" not in recent
    older = client.get(f"/staff/audit?action=insurance.&until={(utcnow() - timedelta(days=2)).date().isoformat()}")
    assert "<td>insurance.revealed_member_id</td>" in older.get_data(as_text=True)
    bad = client.get("/staff/audit?since=last+week")
    assert bad.status_code == 200 and b"Use a date like" in bad.data
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.searched"))


def test_navigators_may_not_browse_the_audit_trail(client, auth):
    make_user(email="nav@example.org")
    auth.login("nav@example.org")
    assert client.get("/staff/audit").status_code == 403


def test_the_masked_insurance_partial_shows_only_the_last_four_and_reveal_buttons(app, held_inquiry):
    from flask import render_template_string

    from admissions.intake.models import Inquiry
    from admissions.intake.queries import insurance_summary

    inquiry = db.session.get(Inquiry, held_inquiry[0])
    with app.test_request_context():
        html = render_template_string('{% include "intake/_insurance.html" %}', inquiry=inquiry,
                                      insurance=insurance_summary(inquiry))
    assert "•••• 6789" in html and "W123456789" not in html and "1981" not in html
    assert html.count('name="field"') == 2  # member id and birth date were given; no group number
    assert f"/staff/inquiries/{inquiry.id}/cards/" in html
