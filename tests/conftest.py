"""Fixtures for every tier: an app on a fresh database, a client, a CLI runner, a sign-in helper.

The database tiers run on SQLite by default and on PostgreSQL when ``ADMISSIONS_TEST_POSTGRES_URL``
names a server: each test process then creates its own database there and drops it at the end.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from admissions import create_app
from admissions.config import normalize_database_url
from admissions.extensions import db

POSTGRES_URL = os.environ.get("ADMISSIONS_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One database per test process: a SQLite file, or a new PostgreSQL database."""
    if not POSTGRES_URL:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        return
    base = make_url(normalize_database_url(POSTGRES_URL))
    name = f"admissions_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.exit(f"PostgreSQL at {base.render_as_string(hide_password=True)} is not reachable: {exc}", 3)
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create every table once per process."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


def base_test_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "ENCRYPTION_KEYS": "0dZ8mZ0aT2pQqVv1bG7q3o0uKfFhN5m6hQeS8yW2c1k=",
        "SERVER_NAME": None,
    }


@pytest.fixture
def app_config(_schema) -> dict:
    """Override in a test module (or parametrize) to change settings for its app."""
    return base_test_config(_schema)


@pytest.fixture
def app(app_config):
    """A fresh app on an emptied database."""
    app = create_app(app_config)
    with app.app_context():
        yield app
        db.session.remove()
        empty_database()
        db.engine.dispose()


def empty_database() -> None:
    """Delete every row, children first, so the next test starts from nothing."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def is_postgres(app) -> bool:
    return db.engine.dialect.name == "postgresql"


class AuthActions:
    """Sign staff in and out through the real login form, TOTP step included."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = "correct horse battery", *, totp: bool = True, **extra):
        """Post the login form; with ``totp`` also type the current code (enrolling first if needed).

        Returns the last response: the redirect after a full sign-in, or the login/TOTP page.
        """
        response = self._client.post("/staff/login", data={"email": email, "password": password, **extra})
        location = response.headers.get("Location", "")
        if not totp or response.status_code != 302:
            return response
        if location.endswith("/staff/login/enroll"):
            self._client.get("/staff/login/enroll")
        elif not location.endswith("/staff/login/totp"):
            return response
        return self._client.post(location, data={"code": self.current_code(email)})

    def current_code(self, email: str) -> str:
        """A TOTP code the account will accept now (the replay guard is reset first)."""
        import pyotp
        from sqlalchemy import select

        from admissions.auth.models import User
        from admissions.core.crypto import decrypt_text

        db.session.expire_all()
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        user.totp_last_step = None
        db.session.commit()
        return pyotp.TOTP(decrypt_text(user.totp_secret_encrypted)).now()

    def logout(self):
        return self._client.post("/staff/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
