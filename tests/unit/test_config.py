"""Production refuses to start without its secrets, with a message that says what to set."""

import pytest

from admissions import create_app

KEY = "0dZ8mZ0aT2pQqVv1bG7q3o0uKfFhN5m6hQeS8yW2c1k="


def production(**config):
    return {"SQLALCHEMY_DATABASE_URI": "sqlite://", **config}


def test_a_server_without_a_secret_key_refuses_to_start():
    with pytest.raises(RuntimeError, match="ADMISSIONS_SECRET_KEY is not set"):
        create_app(production(ENCRYPTION_KEYS=KEY))


def test_a_server_without_encryption_keys_refuses_to_start():
    with pytest.raises(RuntimeError, match="ADMISSIONS_ENCRYPTION_KEYS is not set"):
        create_app(production(SECRET_KEY="s" * 40))


def test_a_server_with_both_starts():
    app = create_app(production(SECRET_KEY="s" * 40, ENCRYPTION_KEYS=KEY))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_environment_variables_prefixed_admissions_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("ADMISSIONS_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("ADMISSIONS_ENCRYPTION_KEYS", KEY)
    monkeypatch.setenv("ADMISSIONS_DATABASE_URL", "postgres://db.example/admissions")
    monkeypatch.setenv("ADMISSIONS_QUEUE_LEASE_SECONDS", "600")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db.example/admissions"
    assert app.config["QUEUE_LEASE_SECONDS"] == 600
