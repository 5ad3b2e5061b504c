"""Staff sign-in in a real browser: the QR code renders under the CSP, TOTP gets a manager in."""

import pyotp
from sqlalchemy import select

from admissions.auth.models import Role, User
from admissions.core.crypto import decrypt_text
from tests.browser.conftest import assert_accessible
from tests.factories import DEFAULT_PASSWORD, make_user


def test_a_new_manager_enrolls_with_the_qr_code_and_signs_in(page, live_db):
    make_user(Role.MANAGER, email="maya@example.org", totp=False)
    live_db.session.commit()
    page.goto("/staff/login")
    assert_accessible(page, "on the sign-in page")
    page.get_by_label("Email").fill("maya@example.org")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/login/enroll")
    qr = page.get_by_alt_text("QR code for your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the data: SVG is allowed by the CSP
    live_db.session.expire_all()
    user = live_db.session.scalar(select(User).where(User.email == "maya@example.org"))
    secret = decrypt_text(user.totp_secret_encrypted)
    assert page.locator(".totp-secret").inner_text() == secret
    assert_accessible(page, "on the enrollment page")
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url("**/staff/queue")  # staff land on the queue
    assert page.get_by_role("heading", name="Queue", level=1).is_visible()
