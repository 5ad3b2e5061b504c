"""Partner intake API and the audit trail's API."""

import secrets

import pytest
from sqlalchemy import func, select

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.auth.tokens import issue_token
from admissions.extensions import db
from admissions.intake.models import Inquiry
from tests.conftest import base_test_config
from tests.factories import make_facility, make_user

PAYLOAD = {"for_whom": "self", "first_name": "Luis", "phone": "+1 (775) 555-0142", "zip": "89501",
           "language": "es", "substances": ["heroin_fentanyl"], "using_now": True, "care_interests": ["detox", "medication"],
           "insurance": {"plan_type": "medicaid", "payer_name": "Nevada Medicaid", "member_id": "NV123456",
                         "subscriber_dob": "1985-02-03", "relationship": "self"},
           "message": "Call after work", "consent_to_contact": True}


@pytest.fixture
def token(app):
    value = issue_token(make_user(Role.NAVIGATOR, email="partner@example.org"))
    db.session.commit()
    return {"Authorization": f"Bearer {value}"}


def test_a_partner_creates_an_inquiry(client, token):
    facility = make_facility()
    db.session.commit()
    response = client.post("/api/v1/inquiries", json={**PAYLOAD, "facility_id": facility.public_id}, headers=token)
    assert response.status_code == 201
    body = response.json
    assert set(body) == {"id", "reference", "status", "priority"}
    assert body["status"] == "waiting" and body["priority"] == "normal"
    inquiry = db.session.get(Inquiry, body["id"])
    assert (inquiry.source.value, inquiry.phone, inquiry.state, inquiry.facility_id) == ("api", "+17755550142", "NV", facility.id)
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inquiry.created"))
    assert entry.actor_id is not None and entry.target_id == str(body["id"])


@pytest.fixture
def app_config(_schema, request):
    config = base_test_config(_schema)
    config.update(getattr(request, "param", {}))
    return config


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "CALLBACK_RATE_LIMIT": "2 per 10 minutes",
                                         "RATELIMIT_KEY_PREFIX": "intake-api-test"}], indirect=True)
def test_the_form_rate_limit_does_not_apply_to_the_api(client, token):
    form = {"first_name": "Ana", "zip": "89108", "consent_to_contact": "y"}
    client.environ_base["REMOTE_ADDR"] = "10.77.%d.%d" % (secrets.randbelow(250) + 1, secrets.randbelow(250) + 1)
    codes = [client.post("/callback", data={**form, "phone": f"702-555-01{n:02d}"}).status_code for n in range(3)]
    assert codes == [303, 303, 429]
    for n in range(6):
        response = client.post("/api/v1/inquiries", json={**PAYLOAD, "phone": f"775-555-01{n:02d}"}, headers=token)
        assert response.status_code == 201


def test_an_emergency_over_the_api_is_critical(client, token):
    response = client.post("/api/v1/inquiries", json={**PAYLOAD, "suicidal_thoughts": True}, headers=token)
    assert response.json["priority"] == "critical"


@pytest.mark.parametrize("change, field", [
    ({"phone": "12"}, "phone"),
    ({"zip": 89501}, "zip"),
    ({"first_name": None}, "first_name"),
    ({"consent_to_contact": False}, "consent_to_contact"),
    ({"substances": ["heroin"]}, "substances"),
    ({"care_interests": "rehab"}, "care_interests"),
    ({"for_whom": "friend"}, "for_whom"),
    ({"language": "fr"}, "language"),
    ({"using_now": "sometimes"}, "using_now"),
    ({"last_use_at": "tomorrow"}, "last_use_at"),
    ({"insurance": {"plan_type": "gold"}}, "insurance.plan_type"),
    ({"insurance": {"subscriber_dob": "2999-01-01"}}, "insurance.subscriber_dob"),
    ({"facility_id": "nope"}, "facility_id"),
    ({"favorite_color": "blue"}, "favorite_color"),
])
def test_invalid_fields_answer_400_with_the_errors_per_field(client, token, change, field):
    response = client.post("/api/v1/inquiries", json={**PAYLOAD, **change}, headers=token)
    assert response.status_code == 400 and response.is_json
    assert field in response.json["errors"] and response.json["error"]
    assert db.session.scalar(select(func.count()).select_from(Inquiry)) == 0


@pytest.mark.parametrize("body, content_type", [("not json", "application/json"), ("[1, 2]", "application/json"),
                                                ("first_name=Luis", "application/x-www-form-urlencoded")])
def test_a_body_that_is_not_a_json_object_is_400(client, token, body, content_type):
    response = client.post("/api/v1/inquiries", data=body, content_type=content_type, headers=token)
    assert response.status_code == 400 and response.is_json


def test_the_same_phone_within_ten_minutes_over_the_api_returns_the_same_inquiry(client, token):
    first = client.post("/api/v1/inquiries", json=PAYLOAD, headers=token).json
    second = client.post("/api/v1/inquiries", json={**PAYLOAD, "message": "Also alcohol"}, headers=token).json
    assert first["id"] == second["id"] and first["reference"] == second["reference"]


def test_openapi_paths_describe_the_endpoints():
    from admissions.intake.api import INQUIRY_SCHEMA, OPENAPI_PATHS

    assert set(OPENAPI_PATHS) == {"/api/v1/inquiries", "/api/v1/audit"}
    assert set(INQUIRY_SCHEMA["required"]) <= set(INQUIRY_SCHEMA["properties"])
    assert set(PAYLOAD) <= set(INQUIRY_SCHEMA["properties"])


def test_managers_read_the_audit_trail_over_the_api(client, token):
    created = client.post("/api/v1/inquiries", json=PAYLOAD, headers=token).json
    client.post("/api/v1/inquiries", json={**PAYLOAD, "phone": "775-555-0199"}, headers=token)
    manager_token = issue_token(make_user(Role.MANAGER, email="boss@example.org"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {manager_token}"}
    body = client.get(f"/api/v1/audit?inquiry_id={created['id']}", headers=headers).json
    assert [item["action"] for item in body["items"]] == ["inquiry.created"]
    assert body["items"][0]["actor"] == "partner@example.org"
    assert client.get("/api/v1/audit?actor=partner@example.org&action=inquiry.", headers=headers).json["total"] == 2
    assert client.get("/api/v1/audit?since=2999-01-01", headers=headers).json["total"] == 0
    assert client.get("/api/v1/audit?since=yesterday", headers=headers).status_code == 400
    assert client.get("/api/v1/audit?inquiry_id=abc", headers=headers).status_code == 400
    assert client.get("/api/v1/audit", headers=token).status_code == 403
