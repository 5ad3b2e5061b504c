"""Every staff route for every role, anonymous included.

ROUTES must list every rule under /staff and the staff API; the completeness test fails when a
new route is added without a row here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from admissions.auth.models import Role
from admissions.auth.tokens import issue_token
from admissions.core.crypto import encrypt_bytes
from admissions.core.security import is_staff_path
from admissions.extensions import db
from admissions.intake.models import InsuranceCardImage, InsurancePolicy
from admissions.core.crypto import encrypt_text
from tests.factories import make_facility, make_inquiry, make_user

NAV, MGR, ADM = Role.NAVIGATOR, Role.MANAGER, Role.ADMIN
ALL = (NAV, MGR, ADM)


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str  # {inquiry} and {image} are filled in
    allowed: tuple[Role, ...]
    data: dict | None = None


ROUTES = [
    Route("auth.account", "GET", "/staff/account", ALL),
    Route("auth.logout", "POST", "/staff/logout", ALL),
    Route("auth.sign_out_everywhere", "POST", "/staff/account/sign-out-everywhere", ALL),
    # Managers and admins must keep TOTP: the object rule answers 403.
    Route("auth.remove_totp", "POST", "/staff/account/totp/remove", (NAV,)),
    Route("auth.users", "GET", "/staff/users", (ADM,)),
    Route("auth.manage_user", "POST", "/staff/users/{navigator}/sign-out", (ADM,)),
    Route("intake.reveal_insurance", "POST", "/staff/inquiries/{inquiry}/insurance/reveal", ALL,
          {"field": "member_id"}),
    Route("intake.card_image", "GET", "/staff/inquiries/{inquiry}/cards/{image}", ALL),
    Route("audit.browse", "GET", "/staff/audit", (MGR, ADM)),
    Route("intake_api.create", "POST", "/api/v1/inquiries", ALL, {}),
    Route("audit_api.api_browse", "GET", "/api/v1/audit", (MGR, ADM)),
    # Directory administration (the directory area's routes; skipped where that area is not merged yet).
    Route("directory_admin.reports", "GET", "/staff/directory/reports", (ADM,)),
    Route("directory_admin.resolve", "POST", "/staff/directory/reports/999999/resolve", (ADM,)),
    Route("directory_admin.facility", "GET", "/staff/directory/facilities/{facility}", (ADM,)),
    Route("directory_admin.verify", "POST", "/staff/directory/facilities/{facility}/verify", (ADM,)),
    Route("directory_admin.set_active", "POST", "/staff/directory/facilities/{facility}/close", (ADM,)),
    # The navigator queue and the inquiry workspace (the inquiry is held by the navigator).
    Route("navigator.queue", "GET", "/staff/queue", ALL),
    Route("navigator.queue_rows", "GET", "/staff/queue/rows", ALL),
    Route("navigator.claim_next", "POST", "/staff/queue/next", ALL),
    Route("navigator.inquiry", "GET", "/staff/inquiries/{inquiry}", ALL),
    Route("navigator.log_attempt", "POST", "/staff/inquiries/{inquiry}/attempts", ALL),
    Route("navigator.schedule_callback", "POST", "/staff/inquiries/{inquiry}/callback", ALL),
    Route("navigator.release", "POST", "/staff/inquiries/{inquiry}/release", ALL),
    Route("navigator.reassign", "POST", "/staff/inquiries/{inquiry}/reassign", (MGR, ADM)),
    Route("navigator.close", "POST", "/staff/inquiries/{inquiry}/close", ALL),
    Route("navigator.save_assessment", "POST", "/staff/inquiries/{inquiry}/assessment", ALL),
    Route("navigator.record_consent", "POST", "/staff/inquiries/{inquiry}/consents", ALL),
    Route("navigator.revoke_consent", "POST", "/staff/inquiries/{inquiry}/consents/999999/revoke", ALL),
    Route("navigator.record_referral", "POST", "/staff/inquiries/{inquiry}/referrals", ALL),
    Route("navigator.record_benefits", "POST", "/staff/inquiries/{inquiry}/benefits", ALL),
    Route("navigator.reveal", "POST", "/staff/inquiries/{inquiry}/reveal", ALL, {"field": "member_id"}),
    Route("navigator_api.claim_next", "POST", "/api/v1/queue/next", ALL, {}),
    Route("navigator_api.get_inquiry", "GET", "/api/v1/inquiries/{inquiry}", ALL),
    Route("navigator_api.log_attempt", "POST", "/api/v1/inquiries/{inquiry}/attempts", ALL, {}),
    Route("navigator_api.schedule_callback", "POST", "/api/v1/inquiries/{inquiry}/callback", ALL, {}),
    Route("navigator_api.release", "POST", "/api/v1/inquiries/{inquiry}/release", ALL, {}),
    Route("navigator_api.close", "POST", "/api/v1/inquiries/{inquiry}/close", ALL, {}),
    # Manager metrics.
    Route("metrics.dashboard", "GET", "/staff/metrics", (MGR, ADM)),
    Route("metrics.live", "GET", "/staff/metrics/live", (MGR, ADM)),
    Route("metrics.export", "GET", "/staff/metrics/export/summary.csv", (MGR, ADM)),
    Route("metrics.settings_page", "GET", "/staff/metrics/settings", (MGR, ADM)),
    Route("metrics_api.metrics", "GET", "/api/v1/metrics", (MGR, ADM)),
    # Meeting change reports.
    Route("meetings.reports", "GET", "/staff/meetings/reports", (ADM,)),
    Route("meetings.resolve_report", "POST", "/staff/meetings/reports/999999/resolve", (ADM,)),
]

#: Staff-path endpoints reachable before signing in, on purpose.
PUBLIC = {"auth.login": "the sign-in form", "auth.totp": "second sign-in step (needs a checked password)",
          "auth.enroll": "TOTP set-up at first sign-in (needs a checked password)"}


def test_every_staff_route_is_in_the_table(app):
    staff_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if is_staff_path(rule.rule)}
    listed = {route.endpoint for route in ROUTES}
    missing = staff_endpoints - listed - set(PUBLIC)
    assert not missing, f"add these staff routes to ROUTES in {__file__}: {sorted(missing)}"


@pytest.fixture
def world(app):
    """One user per role, an inquiry held by the navigator, with insurance and a card photo."""
    users = {role: make_user(role, email=f"{role.value}@example.org") for role in Role}
    inquiry = make_inquiry(claimed_by_id=users[NAV].id)
    db.session.add(InsurancePolicy(inquiry_id=inquiry.id, member_id_encrypted=encrypt_text("W123456789"),
                                   member_id_last4="6789"))
    image = InsuranceCardImage(inquiry_id=inquiry.id, side="front", content_type="image/png",
                               data_encrypted=encrypt_bytes(b"\x89PNG"))
    db.session.add(image)
    db.session.flush()
    tokens = {role: issue_token(users[role]) for role in Role}
    db.session.commit()
    return {"inquiry": inquiry.id, "image": image.id, "tokens": tokens, "navigator": users[NAV].id,
            "facility": make_facility().public_id}


def _call(client, route: Route, world, token: str | None = None):
    if route.endpoint not in client.application.view_functions:
        pytest.skip(f"{route.endpoint} is not part of this build")
    path = route.path.format(inquiry=world["inquiry"], image=world["image"], navigator=world["navigator"],
                             facility=world["facility"])
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if path.startswith("/api/"):
        return client.open(path, method=route.method, json=route.data, headers=headers)
    return client.open(path, method=route.method, data=route.data, headers=headers)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.endpoint)
def test_anonymous_callers_are_sent_to_sign_in_or_get_401(client, world, route):
    response = _call(client, route, world)
    if route.path.startswith("/api/"):
        assert response.status_code == 401 and response.is_json
    else:
        assert response.status_code == 302 and "/staff/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.endpoint)
def test_each_role_gets_in_or_gets_403(client, auth, world, route, role):
    token = None
    if route.path.startswith("/api/"):
        token = world["tokens"][role]
    else:
        assert auth.login(f"{role.value}@example.org").status_code == 302
    response = _call(client, route, world, token)
    if role in route.allowed:
        assert response.status_code not in (401, 403), response.status_code
        assert "next=" not in response.headers.get("Location", "")
    else:
        assert response.status_code == 403


def test_a_bad_token_is_401(client, world):
    response = client.get("/api/v1/audit", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401 and response.json["field"] == "Authorization"


def test_staff_pages_are_never_cached(client, auth, world):
    auth.login("admin@example.org")
    for path in ("/staff/account", "/staff/audit"):
        assert client.get(path).headers["Cache-Control"] == "no-store"
