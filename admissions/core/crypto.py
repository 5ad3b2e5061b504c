"""Encryption at rest for the most sensitive fields (member ids, birth dates, card photos, notes).

Keys come from the ``ENCRYPTION_KEYS`` setting: Fernet keys separated by commas, newest first.
MultiFernet encrypts with the first and decrypts with any, so a new key can be put in front and
old rows re-encrypted (``rotate``) before the old key is dropped.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


class EncryptionNotConfigured(RuntimeError):
    """ENCRYPTION_KEYS is missing or holds a value that is not a Fernet key."""


def keyring(keys: str | None = None) -> MultiFernet:
    """The MultiFernet for ``keys`` (default: the app's ENCRYPTION_KEYS)."""
    raw = keys if keys is not None else current_app.config.get("ENCRYPTION_KEYS")
    if isinstance(raw, (list, tuple)):
        raw = ",".join(raw)
    parts = [part.strip() for part in (raw or "").split(",") if part.strip()]
    if not parts:
        raise EncryptionNotConfigured(
            "ADMISSIONS_ENCRYPTION_KEYS is not set. Generate one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'."
        )
    try:
        return MultiFernet([Fernet(part.encode()) for part in parts])
    except (ValueError, TypeError) as exc:
        raise EncryptionNotConfigured("ADMISSIONS_ENCRYPTION_KEYS holds a value that is not a Fernet key.") from exc


def encrypt_bytes(data: bytes) -> bytes:
    return keyring().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return keyring().decrypt(token)


def encrypt_text(value: str | None) -> str | None:
    """Encrypt a string; None stays None."""
    if value is None:
        return None
    return keyring().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str | None) -> str | None:
    if token is None:
        return None
    return keyring().decrypt(token.encode("ascii")).decode("utf-8")


def rotate_text(token: str | None) -> str | None:
    """Re-encrypt ``token`` under the newest key."""
    if token is None:
        return None
    return keyring().rotate(token.encode("ascii")).decode("ascii")


def rotate_bytes(token: bytes) -> bytes:
    return keyring().rotate(token)


def mask(value: str | None, *, keep: int = 4) -> str:
    """'•••• 1234' for display: only the last ``keep`` characters of ``value``."""
    if not value:
        return ""
    return "•••• " + value[-keep:]


__all__ = ["EncryptionNotConfigured", "InvalidToken", "keyring", "encrypt_bytes", "decrypt_bytes",
           "encrypt_text", "decrypt_text", "rotate_text", "rotate_bytes", "mask"]
