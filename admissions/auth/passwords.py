"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_LENGTH = 8
MAX_LENGTH = 256

#: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane): about 50 ms on a free core, so
#: sign-in stays quick on a busy two-core server. Older hashes are upgraded at the next sign-in.
_production = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
#: Cheap parameters so the test suite is quick; used only when the app is TESTING.
_testing = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _hasher() -> PasswordHasher:
    if has_app_context() and current_app.config.get("TESTING") and current_app.config.get("FAST_PASSWORD_HASHING", True):
        return _testing
    return _production


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> None:
    """Spend the time a real check takes, so an unknown email answers as slowly as a wrong password."""
    hasher = _hasher()
    verify_password(_dummy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism), password)


@lru_cache(maxsize=4)
def _dummy_hash(_time_cost: int, _memory_cost: int, _parallelism: int) -> str:
    return _hasher().hash("not a password anyone has")


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than the current ones."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "common_passwords.txt"
    return frozenset(line.strip().lower() for line in path.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why ``password`` is refused (length, a very common password), or None (NIST SP 800-63B)."""
    if len(password) < MIN_LENGTH:
        return f"The password needs at least {MIN_LENGTH} characters (15 or more is better)."
    if len(password) > MAX_LENGTH:
        return f"The password can have at most {MAX_LENGTH} characters."
    if password.lower() in _common_passwords() or len(set(password)) == 1:
        return "That password is one of the most common; choose another."
    return None
