"""Encryption at rest: round trips, key rotation, clear errors."""

import pytest
from cryptography.fernet import Fernet
from flask import Flask

from admissions.core import crypto


def app_with(keys):
    app = Flask(__name__)
    app.config["ENCRYPTION_KEYS"] = keys
    return app


def test_text_round_trips_and_is_not_stored_in_clear():
    with app_with(Fernet.generate_key().decode()).app_context():
        token = crypto.encrypt_text("W123456789")
        assert "W123456789" not in token
        assert crypto.decrypt_text(token) == "W123456789"
        assert crypto.encrypt_text(None) is None


def test_an_old_key_still_decrypts_after_a_new_key_is_put_in_front():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with app_with(old).app_context():
        token = crypto.encrypt_text("secret")
    with app_with(f"{new},{old}").app_context():
        assert crypto.decrypt_text(token) == "secret"
        rotated = crypto.rotate_text(token)
    with app_with(new).app_context():
        assert crypto.decrypt_text(rotated) == "secret"


@pytest.mark.parametrize("keys", [None, "", "not-a-key"])
def test_missing_or_bad_keys_raise_a_clear_error(keys):
    with app_with(keys).app_context(), pytest.raises(crypto.EncryptionNotConfigured, match="ENCRYPTION_KEYS"):
        crypto.encrypt_text("x")


def test_mask_shows_only_the_last_four():
    assert crypto.mask("W123456789") == "•••• 6789"
    assert crypto.mask(None) == ""
