"""Every navigator route against every role: who gets in, who is sent away."""

from __future__ import annotations

import pytest

from admissions.auth.models import Role
from admissions.auth.tokens import issue_token
from admissions.extensions import db
from admissions.core.time import utcnow
from admissions.navigator import services
from tests.factories import make_inquiry, make_user

STAFF = {"navigator", "manager", "admin"}
MANAGERS = {"manager", "admin"}

#: (method, path, roles allowed); {id} is an inquiry, {consent} a consent id.
PAGES = [
    ("GET", "/staff/queue", STAFF),
    ("GET", "/staff/queue/rows", STAFF),
    ("POST", "/staff/queue/next", STAFF),
    ("GET", "/staff/inquiries/{id}", STAFF),
    ("POST", "/staff/inquiries/{id}/attempts", STAFF),
    ("POST", "/staff/inquiries/{id}/callback", STAFF),
    ("POST", "/staff/inquiries/{id}/release", STAFF),
    ("POST", "/staff/inquiries/{id}/close", STAFF),
    ("POST", "/staff/inquiries/{id}/assessment", STAFF),
    ("POST", "/staff/inquiries/{id}/consents", STAFF),
    ("POST", "/staff/inquiries/{id}/consents/1/revoke", STAFF),
    ("POST", "/staff/inquiries/{id}/referrals", STAFF),
    ("POST", "/staff/inquiries/{id}/benefits", STAFF),
    ("POST", "/staff/inquiries/{id}/reveal", STAFF),
    ("POST", "/staff/inquiries/{id}/reassign", MANAGERS),
]
API = [
    ("POST", "/api/v1/queue/next", STAFF),
    ("GET", "/api/v1/inquiries/{id}", STAFF),
    ("POST", "/api/v1/inquiries/{id}/attempts", STAFF),
    ("POST", "/api/v1/inquiries/{id}/callback", STAFF),
    ("POST", "/api/v1/inquiries/{id}/release", STAFF),
    ("POST", "/api/v1/inquiries/{id}/close", STAFF),
]


@pytest.mark.parametrize("method, path, allowed", PAGES)
def test_pages_send_anonymous_visitors_to_sign_in(client, app, method, path, allowed):
    inquiry = make_inquiry()
    db.session.commit()
    response = client.open(path.format(id=inquiry.id), method=method)
    assert response.status_code == 302 and "/staff/login" in response.location


@pytest.mark.parametrize("role", ["navigator", "manager", "admin"])
@pytest.mark.parametrize("method, path, allowed", PAGES)
def test_pages_let_in_only_their_roles(client, auth, app, role, method, path, allowed):
    user = make_user(Role(role))
    inquiry = make_inquiry()
    services.claim_next(user, now=utcnow())  # the object check is tested apart
    db.session.commit()
    auth.login(user.email)
    response = client.open(path.format(id=inquiry.id), method=method)
    if role in allowed:
        assert response.status_code not in (401, 403), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("method, path, allowed", API)
def test_the_api_wants_a_token(client, app, method, path, allowed):
    inquiry = make_inquiry()
    db.session.commit()
    response = client.open(path.format(id=inquiry.id), method=method, json={})
    assert response.status_code == 401
    assert "error" in response.get_json()


@pytest.mark.parametrize("role", ["navigator", "manager", "admin"])
@pytest.mark.parametrize("method, path, allowed", API)
def test_the_api_lets_in_staff_tokens(client, app, role, method, path, allowed):
    user = make_user(Role(role))
    token = issue_token(user)
    inquiry = make_inquiry()
    services.claim_next(user, now=utcnow())  # so the object check lets every role through
    db.session.commit()
    response = client.open(path.format(id=inquiry.id), method=method, json={},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code not in (401, 403)


def test_a_navigator_cannot_open_an_inquiry_they_never_held(client, auth, app):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry()
    db.session.commit()
    auth.login(nav.email)
    assert client.get(f"/staff/inquiries/{inquiry.id}").status_code == 403


def test_staff_pages_are_not_cached(client, auth, app):
    nav = make_user(Role.NAVIGATOR)
    db.session.commit()
    auth.login(nav.email)
    assert client.get("/staff/queue").headers["Cache-Control"] == "no-store"
