"""The staff queue API with a bearer token."""

from __future__ import annotations

from datetime import timedelta

import pytest

from admissions.auth.models import Role
from admissions.auth.tokens import issue_token
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import Priority
from tests.factories import make_facility, make_inquiry, make_user


@pytest.fixture
def api(app, client):
    """A navigator's token and a helper that calls the API with it."""

    def make(role=Role.NAVIGATOR):
        user = make_user(role)
        token = issue_token(user)
        db.session.commit()

        def call(method, path, json=None):
            return client.open(path, method=method, json=json, headers={"Authorization": f"Bearer {token}"})

        call.user = user
        return call

    return make


def test_next_answers_the_inquiry_and_its_lease(api):
    call = api()
    make_inquiry()
    critical = make_inquiry(priority=Priority.CRITICAL, priority_reason="Critical: overdose")
    db.session.commit()
    response = call("POST", "/api/v1/queue/next")
    assert response.status_code == 200
    body = response.get_json()
    assert body["inquiry"]["id"] == critical.id
    assert body["inquiry"]["priority_reason"] == "Critical: overdose"
    assert body["lease_expires_at"] == body["inquiry"]["lease_expires_at"] is not None


def test_next_with_nothing_eligible_is_204(api):
    call = api()
    make_inquiry(language="vi", routable_to_all_at=utcnow() + timedelta(minutes=5))
    db.session.commit()
    response = call("POST", "/api/v1/queue/next")
    assert response.status_code == 204 and response.data == b""


def test_the_whole_call_through_the_api(api):
    call = api()
    inquiry = make_inquiry(timezone="America/Chicago")
    db.session.commit()
    call("POST", "/api/v1/queue/next")
    assert call("GET", f"/api/v1/inquiries/{inquiry.id}").get_json()["inquiry"]["status"] == "claimed"
    attempt = call("POST", f"/api/v1/inquiries/{inquiry.id}/attempts", {"outcome": "no_answer", "note": "rang"})
    assert attempt.status_code == 200 and attempt.get_json()["inquiry"]["attempts_count"] == 1
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    callback = call("POST", f"/api/v1/inquiries/{inquiry.id}/callback", {"due_at": f"{day}T09:30:00"})
    assert callback.status_code == 200
    assert callback.get_json()["inquiry"]["status"] == "waiting"
    assert callback.get_json()["callback"]["due_at"].startswith(day)


def test_release_and_close(api):
    call = api()
    first, second = make_inquiry(), make_inquiry()
    db.session.commit()
    taken = call("POST", "/api/v1/queue/next").get_json()["inquiry"]["id"]
    assert call("POST", f"/api/v1/inquiries/{taken}/release").get_json()["inquiry"]["status"] == "waiting"
    taken = call("POST", "/api/v1/queue/next").get_json()["inquiry"]["id"]
    closed = call("POST", f"/api/v1/inquiries/{taken}/close", {"disposition": "spam"})
    assert closed.status_code == 200 and closed.get_json()["inquiry"]["disposition"] == "spam"
    assert {first.id, second.id} >= {taken}


def test_acting_on_an_inquiry_someone_else_holds_is_409(api):
    holder, other = api(), api()
    inquiry = make_inquiry()
    db.session.commit()
    holder("POST", "/api/v1/queue/next")
    for path, body in ((f"/api/v1/inquiries/{inquiry.id}/attempts", {"outcome": "connected"}),
                       (f"/api/v1/inquiries/{inquiry.id}/release", {}),
                       (f"/api/v1/inquiries/{inquiry.id}/close", {"disposition": "spam"})):
        response = other("POST", path, body)
        assert response.status_code == 409
        assert "no longer hold" in response.get_json()["error"]


def test_an_expired_lease_passes_the_inquiry_on_and_the_old_holder_gets_409(api, app):
    app.config["QUEUE_LEASE_SECONDS"] = 0
    first, second = api(), api()
    inquiry = make_inquiry()
    db.session.commit()
    first("POST", "/api/v1/queue/next")
    assert second("POST", "/api/v1/queue/next").get_json()["inquiry"]["id"] == inquiry.id
    assert first("POST", f"/api/v1/inquiries/{inquiry.id}/attempts", {"outcome": "no_answer"}).status_code == 409


@pytest.mark.parametrize("path, body, field", [
    ("attempts", {"outcome": "shouted"}, "outcome"),
    ("callback", {"due_at": "tomorrow-ish"}, "due_at"),
    ("close", {"disposition": "gone"}, "disposition"),
    ("close", {"disposition": "referred"}, "facility_id"),
    ("close", {"disposition": "referred", "facility_id": "x"}, "facility_id"),
    ("close", {"disposition": "unreachable"}, "disposition"),
])
def test_bad_values_get_400_with_the_field(api, path, body, field):
    call = api()
    inquiry = make_inquiry()
    db.session.commit()
    call("POST", "/api/v1/queue/next")
    response = call("POST", f"/api/v1/inquiries/{inquiry.id}/{path}", body)
    assert response.status_code == 400
    assert response.get_json()["field"] == field


def test_a_callback_in_quiet_hours_is_400(api):
    call = api()
    inquiry = make_inquiry(timezone="America/Los_Angeles")
    db.session.commit()
    call("POST", "/api/v1/queue/next")
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    response = call("POST", f"/api/v1/inquiries/{inquiry.id}/callback", {"due_at": f"{day}T06:30:00-08:00"})
    assert response.status_code == 400 and "08:00" in response.get_json()["error"]


def test_closing_as_referred_without_consent_is_refused(api):
    call = api()
    inquiry = make_inquiry()
    facility = make_facility()
    db.session.commit()
    call("POST", "/api/v1/queue/next")
    response = call("POST", f"/api/v1/inquiries/{inquiry.id}/close", {"disposition": "referred",
                                                                       "facility_id": facility.id})
    assert response.status_code == 400 and response.get_json()["field"] == "consent"


def test_a_body_that_is_not_json_is_400(api, client):
    call = api()
    inquiry = make_inquiry()
    db.session.commit()
    call("POST", "/api/v1/queue/next")
    response = call("POST", f"/api/v1/inquiries/{inquiry.id}/attempts", None)
    assert response.status_code == 400


def test_an_unknown_inquiry_is_404(api):
    call = api(Role.MANAGER)
    assert call("GET", "/api/v1/inquiries/999999").status_code == 404
    assert call("POST", "/api/v1/inquiries/999999/release").status_code == 404
