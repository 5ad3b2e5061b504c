"""Demo staff accounts, printed by ``make run``."""

from __future__ import annotations

from sqlalchemy import select

from admissions.auth.models import Role, User
from admissions.auth.passwords import hash_password
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
            db.session.add(User(email=email, name=name, role=role, languages=languages,
                                states=states, password_hash=hash_password(DEMO_PASSWORD)))
    db.session.flush()


def print_logins(echo) -> None:
    echo("Demo staff logins (password for all: %s):" % DEMO_PASSWORD)
    for email, _name, role, _languages, _states in DEMO_STAFF:
        echo(f"  {role.value:<10} {email}")
