"""Staff sign-in through HTTP: password, TOTP, throttling, server-side sessions, headers, CLI."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from admissions.audit.models import AuditEvent
from admissions.auth.models import ApiToken, Role, StaffSession, User
from admissions.auth.passwords import verify_password
from admissions.core.time import utcnow
from admissions.extensions import db
from tests.factories import TEST_TOTP_SECRET, make_user


def _signed_in(client) -> bool:
    return client.get("/staff/account").status_code == 200


def test_a_navigator_signs_in_with_email_and_password(client, auth):
    make_user(email="nav@example.org")
    response = auth.login("nav@example.org")
    assert response.status_code == 302 and _signed_in(client)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "auth.login"))


def test_a_wrong_password_is_refused_and_audited_without_the_email(client, auth):
    make_user(email="nav@example.org")
    response = auth.login("nav@example.org", "wrong password!")
    assert response.status_code == 200 and b"do not match" in response.data and not _signed_in(client)
    auth.login("nobody@example.org", "wrong password!")
    labels = db.session.scalars(select(AuditEvent.actor_label).where(AuditEvent.action == "auth.login_failed")).all()
    assert labels[0] == "password" and labels[1].startswith("email:") and "nobody" not in labels[1]


def test_a_manager_must_give_a_totp_code(client, auth):
    make_user(Role.MANAGER, email="boss@example.org")
    response = auth.login("boss@example.org", totp=False)
    assert response.headers["Location"].endswith("/staff/login/totp")
    assert not _signed_in(client)
    assert client.post("/staff/login/totp", data={"code": "000000"}).status_code == 200
    assert not _signed_in(client)
    code = pyotp.TOTP(TEST_TOTP_SECRET).now()
    assert client.post("/staff/login/totp", data={"code": code}).status_code == 302
    assert _signed_in(client)


def test_a_totp_code_cannot_be_used_twice(client, auth):
    make_user(Role.ADMIN, email="root@example.org")
    code = auth.current_code("root@example.org")
    auth.login("root@example.org", totp=False)
    assert client.post("/staff/login/totp", data={"code": code}).status_code == 302
    auth.logout()
    auth.login("root@example.org", totp=False)
    assert client.post("/staff/login/totp", data={"code": code}).status_code == 200
    assert not _signed_in(client)


def test_a_manager_without_totp_enrolls_by_qr_code_before_getting_in(client, auth):
    make_user(Role.MANAGER, email="new@example.org", totp=False)
    response = auth.login("new@example.org", totp=False)
    assert response.headers["Location"].endswith("/staff/login/enroll")
    page = client.get("/staff/login/enroll")
    assert b'src="data:image/svg+xml' in page.data and not _signed_in(client)
    assert client.get("/staff/account").status_code == 302
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))
    code = auth.current_code("new@example.org")
    assert client.post("/staff/login/enroll", data={"code": code}).status_code == 302
    assert _signed_in(client) and user.totp_enabled


def test_the_login_helper_completes_the_second_step_for_every_role(client, auth):
    for role in Role:
        make_user(role, email=f"{role.value}@example.org")
        assert auth.login(f"{role.value}@example.org").status_code == 302
        assert _signed_in(client), role
        auth.logout()


def test_a_navigator_may_turn_totp_on_and_off(client, auth):
    make_user(email="nav@example.org")
    auth.login("nav@example.org")
    client.get("/staff/login/enroll")
    client.post("/staff/login/enroll", data={"code": auth.current_code("nav@example.org")})
    auth.logout()
    assert auth.login("nav@example.org", totp=False).headers["Location"].endswith("/staff/login/totp")
    auth.login("nav@example.org")
    client.post("/staff/account/totp/remove")
    assert not db.session.scalar(select(User).where(User.email == "nav@example.org")).totp_enabled


def test_repeated_wrong_passwords_slow_down_without_locking_the_owner_out(client, auth, app):
    make_user(email="nav@example.org")
    for _ in range(5):
        assert auth.login("nav@example.org", "wrong password!").status_code == 200
    response = auth.login("nav@example.org")  # right password, but too soon
    assert response.status_code == 429 and b"Wait" in response.data and not _signed_in(client)
    # Time passes: the wait is over and the owner gets in.
    db.session.execute(update(AuditEvent).values(at=utcnow() - timedelta(seconds=5)))
    db.session.commit()
    assert auth.login("nav@example.org").status_code == 302 and _signed_in(client)


def test_an_attacker_elsewhere_does_not_lock_out_the_owners_known_address(app, auth):
    make_user(email="nav@example.org")
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "10.6.6.6"
    owner_auth = type(auth)(owner)
    owner_auth.login("nav@example.org")
    owner_auth.logout()
    for _ in range(8):
        type(auth)(attacker).login("nav@example.org", "guess guess guess")
    assert type(auth)(attacker).login("nav@example.org").status_code == 429
    assert owner_auth.login("nav@example.org").status_code == 302


def test_each_sign_in_gets_a_new_server_side_session(client, auth):
    user = make_user(email="nav@example.org")
    auth.login("nav@example.org")
    with client.session_transaction() as session:
        first = session["sid"]
    auth.logout()
    auth.login("nav@example.org")
    with client.session_transaction() as session:
        second = session["sid"]
    assert first != second
    rows = db.session.scalars(select(StaffSession).where(StaffSession.user_id == user.id)
                              .order_by(StaffSession.created_at)).all()
    assert [r.revoked_reason for r in rows] == ["logout", None]


def test_the_session_cookie_alone_is_useless_after_logout(app, client, auth):
    make_user(email="nav@example.org")
    auth.login("nav@example.org")
    with client.session_transaction() as session:
        stolen = dict(session)
    auth.logout()
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(stolen)
    assert thief.get("/staff/account").status_code == 302


@pytest.mark.parametrize("age, field", [(timedelta(minutes=31), "last_seen_at"), (timedelta(hours=12, minutes=1), "created_at")])
def test_sessions_end_after_30_idle_minutes_or_12_hours(client, auth, age, field):
    make_user(email="nav@example.org")
    auth.login("nav@example.org")
    past = utcnow() - age
    values = {field: past} if field == "last_seen_at" else {"created_at": past}
    db.session.execute(update(StaffSession).values(**values))
    db.session.commit()
    assert client.get("/staff/account").status_code == 302
    row = db.session.scalar(select(StaffSession))
    db.session.refresh(row)
    assert row.revoked_reason == ("idle" if field == "last_seen_at" else "expired")


def test_activity_keeps_the_session_alive(client, auth):
    make_user(email="nav@example.org")
    auth.login("nav@example.org")
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=29),
                                                   created_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    assert client.get("/staff/account").status_code == 200
    row = db.session.scalar(select(StaffSession))
    db.session.refresh(row)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_sign_out_everywhere_ends_every_session(app, auth):
    make_user(email="nav@example.org")
    phone, desk = app.test_client(), app.test_client()
    type(auth)(phone).login("nav@example.org")
    type(auth)(desk).login("nav@example.org")
    assert _signed_in(phone) and _signed_in(desk)
    desk.post("/staff/account/sign-out-everywhere")
    assert not _signed_in(phone) and not _signed_in(desk)


def test_a_disabled_accounts_live_session_and_tokens_are_refused(client, auth, runner):
    user = make_user(email="nav@example.org")
    auth.login("nav@example.org")
    token = runner.invoke(args=["users", "token", "nav@example.org"]).output.split()[-1]
    assert client.post("/api/v1/inquiries", json={}, headers={"Authorization": f"Bearer {token}"}).status_code == 400
    result = runner.invoke(args=["users", "disable", "nav@example.org"])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/account").status_code == 302
    assert client.post("/api/v1/inquiries", json={}, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert auth.login("nav@example.org").status_code == 200
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at is not None


def test_cli_sign_out_ends_the_accounts_sessions(client, auth, runner):
    make_user(email="nav@example.org")
    auth.login("nav@example.org")
    assert "1 session" in runner.invoke(args=["users", "sign-out", "nav@example.org"]).output
    assert not _signed_in(client)


def test_users_create_reads_the_password_twice_from_standard_input(runner):
    result = runner.invoke(args=["users", "create", "Nia@Example.org", "--role", "navigator", "--name", "Nia",
                                 "--languages", "en, es", "--states", "nv,az"],
                           input="a long enough passphrase\na long enough passphrase\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "nia@example.org"))
    assert (user.languages, user.states, user.role) == ("en,es", "NV,AZ", Role.NAVIGATOR)
    assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, "a long enough passphrase")


@pytest.mark.parametrize("passwords, message", [
    ("a long enough passphrase\nanother passphrase\n", "differ"),
    ("short\nshort\n", "at least 8"),
    ("password123\npassword123\n", "most common"),
])
def test_users_create_refuses_bad_passwords(runner, passwords, message):
    result = runner.invoke(args=["users", "create", "x@example.org", "--role", "admin", "--name", "X"], input=passwords)
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(User)) is None


def test_users_token_prints_a_token_once_and_stores_only_its_hash(runner):
    make_user(email="nav@example.org")
    token = runner.invoke(args=["users", "token", "nav@example.org"]).output.split()[-1]
    assert len(token) > 30 and token not in db.session.scalar(select(ApiToken)).token_hash


def test_security_headers_on_public_and_staff_pages(client):
    public = client.get("/callback")
    csp = public.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert public.headers["X-Content-Type-Options"] == "nosniff"
    assert public.headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in public.headers
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"
    secure = client.get("/callback", base_url="https://localhost")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


def test_session_cookie_flags(app, client, auth):
    app.config["SESSION_COOKIE_SECURE"] = True
    make_user(email="nav@example.org")
    response = auth.login("nav@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_production_config_keeps_cookies_secure():
    from admissions.config import Config

    assert Config.SESSION_COOKIE_SECURE and Config.SESSION_COOKIE_HTTPONLY and Config.SESSION_COOKIE_SAMESITE == "Lax"


def test_an_admin_signs_someone_out_resets_totp_and_disables_the_account(app, auth):
    make_user(Role.MANAGER, email="boss@example.org")
    manager = app.test_client()
    type(auth)(manager).login("boss@example.org")
    make_user(Role.ADMIN, email="root@example.org")
    admin = app.test_client()
    type(auth)(admin).login("root@example.org")
    page = admin.get("/staff/users").get_data(as_text=True)
    assert "boss@example.org" in page and "on" in page
    boss = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert admin.post(f"/staff/users/{boss.id}/sign-out").status_code == 302
    assert not _signed_in(manager)
    admin.post(f"/staff/users/{boss.id}/reset-totp")
    db.session.refresh(boss)
    assert not boss.totp_enabled
    assert type(auth)(manager).login("boss@example.org", totp=False).headers["Location"].endswith("/staff/login/enroll")
    admin.post(f"/staff/users/{boss.id}/disable")
    db.session.refresh(boss)
    assert not boss.active
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == str(boss.id),
                                                                 AuditEvent.action.like("user.%") | AuditEvent.action.like("auth.totp%"))).all()
    assert {"user.signed_out", "auth.totp_reset", "user.disabled"} <= set(actions)
    assert admin.post("/staff/users/999999/disable").status_code == 404


def test_an_email_without_an_account_is_slowed_like_a_real_one(client, auth):
    for _ in range(5):
        assert auth.login("nobody@example.org", "wrong password!").status_code == 200
    assert auth.login("nobody@example.org", "wrong password!").status_code == 429
