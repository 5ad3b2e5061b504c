"""Demo staff accounts, printed by ``make run``.

Managers and admins must use two-step sign-in, so the demo enrolls them and prints their TOTP
key and otpauth URI: add either to an authenticator app (or run ``python -c "import pyotp;
print(pyotp.TOTP('KEY').now())"``) to get the six-digit code.
"""

from __future__ import annotations

from sqlalchemy import select

from admissions.auth import services
from admissions.auth.models import Role, User
from admissions.auth.passwords import hash_password
from admissions.core.time import utcnow
from admissions.extensions import db

DEMO_PASSWORD = "recovery-demo-2026"
DEMO_STAFF = (
    ("navigator@example.org", "Nora Navigator", Role.NAVIGATOR, "en,es", "NV,AZ,CA"),
    ("navigator2@example.org", "Sam Navigator", Role.NAVIGATOR, "en", ""),
    ("manager@example.org", "Maya Manager", Role.MANAGER, "en", ""),
    ("admin@example.org", "Adam Admin", Role.ADMIN, "en", ""),
)


def create_demo_staff(echo) -> None:
    for email, name, role, languages, states in DEMO_STAFF:
        if db.session.scalar(select(User).where(User.email == email)) is None:
            user = User(email=email, name=name, role=role, languages=languages,
                        states=states, password_hash=hash_password(DEMO_PASSWORD))
            if user.totp_required:
                services.begin_totp_enrollment(user)
                user.totp_enabled_at = utcnow()
            db.session.add(user)
    db.session.flush()


def print_logins(echo) -> None:
    echo("Demo staff logins at /staff/login (password for all: %s):" % DEMO_PASSWORD)
    for email, _name, role, _languages, _states in DEMO_STAFF:
        user = db.session.scalar(select(User).where(User.email == email))
        line = f"  {role.value:<10} {email}"
        if user is not None and user.totp_enabled:
            secret = services.totp_secret(user)
            line += f"  TOTP key {secret}  ({services.provisioning_uri(user, secret)})"
        echo(line)
    echo("Managers and admins need a six-digit code: add their TOTP key to an authenticator app.")
