"""Staff sign-in: server-side sessions, throttling of wrong passwords, TOTP, disabling accounts.

Plain functions: they take the time and the request's address as arguments and flush, never commit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy import func, select, update

from admissions.audit import services as audit
from admissions.audit.models import AuditEvent
from admissions.auth.models import ApiToken, Role, StaffSession, User
from admissions.core.crypto import decrypt_text, encrypt_text
from admissions.extensions import db

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
#: last_seen_at is written at most this often, so a busy page does not write on every request.
TOUCH_EVERY = timedelta(seconds=60)

FAILURE_WINDOW = timedelta(minutes=15)
#: Wrong passwords allowed before each further try must wait (doubling, capped).
FREE_FAILURES_PER_ACCOUNT = 5
FREE_FAILURES_PER_ADDRESS = 20
MAX_DELAY_SECONDS = 300
LOGIN_FAILED = "auth.login_failed"
TOTP_ISSUER = "Admissions"


# -- sessions -------------------------------------------------------------------------------

def start_session(user: User, *, now: datetime, address: str | None, user_agent: str | None) -> StaffSession:
    """A new server-side session with a fresh random id (called at every sign-in)."""
    row = StaffSession(id=secrets.token_urlsafe(32), user_id=user.id, created_at=now, last_seen_at=now,
                       address=address, user_agent=(user_agent or "")[:255])
    db.session.add(row)
    db.session.flush()
    return row


def session_problem(row: StaffSession, user: User, *, now: datetime) -> str | None:
    """Why the session may no longer be used (revoked, disabled, idle, expired), or None."""
    if row.revoked_at is not None:
        return "revoked"
    if not user.active:
        return "disabled"
    if now - row.last_seen_at > IDLE_TIMEOUT:
        return "idle"
    if now - row.created_at > ABSOLUTE_TIMEOUT:
        return "expired"
    return None


def touch_session(row: StaffSession, *, now: datetime) -> bool:
    """Move last_seen_at forward; True when the row changed."""
    if now - row.last_seen_at < TOUCH_EVERY:
        return False
    row.last_seen_at = now
    return True


def revoke_session(row: StaffSession, *, now: datetime, reason: str) -> None:
    if row.revoked_at is None:
        row.revoked_at = now
        row.revoked_reason = reason


def revoke_all_sessions(user: User, *, now: datetime, reason: str) -> int:
    """End every live session of ``user``; returns how many."""
    result = db.session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def live_sessions(user: User, *, now: datetime) -> list[StaffSession]:
    rows = db.session.scalars(select(StaffSession).where(StaffSession.user_id == user.id,
                                                         StaffSession.revoked_at.is_(None))
                              .order_by(StaffSession.created_at.desc()))
    return [row for row in rows if session_problem(row, user, now=now) is None]


def disable_user(user: User, *, now: datetime, actor=None) -> None:
    """Refuse the account: live sessions end and API tokens stop working at once."""
    user.active = False
    revoke_all_sessions(user, now=now, reason="disabled")
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now))
    audit.record(actor, "user.disabled", user, actor_label=None if actor else "cli")


# -- throttling -----------------------------------------------------------------------------

def throttle_delay(failures: int, *, free: int) -> int:
    """Seconds the next try must wait after the last failure: 0, then 1, 2, 4... up to 5 minutes."""
    if failures < free:
        return 0
    return min(2 ** (failures - free), MAX_DELAY_SECONDS)


def email_label(email: str) -> str:
    """What the audit keeps of an email that matches no account: a short hash, never the address."""
    return "email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def _failures(*conditions) -> tuple[int, datetime | None]:
    row = db.session.execute(select(func.count(), func.max(AuditEvent.at))
                             .where(AuditEvent.action == LOGIN_FAILED, *conditions)).one()
    return row[0], row[1]


def login_wait_seconds(user: User | None, *, address: str | None, now: datetime, email: str = "") -> int:
    """How long this address must wait before trying to sign in to ``user`` again (0 = go ahead).

    Per address: many failures from one place slow that place down. Per account: failures slow
    every new place down, but a place the owner signed in from before counts only its own
    failures, so someone guessing from elsewhere cannot lock the owner out. An email with no
    account is slowed the same way, so the wait does not tell which emails have accounts.
    """
    since = now - FAILURE_WINDOW
    waits = [0]
    count, last = _failures(AuditEvent.at >= since, AuditEvent.address == address)
    if last is not None:
        waits.append(throttle_delay(count, free=FREE_FAILURES_PER_ADDRESS) - (now - last).total_seconds())
    if user is not None:
        account = (AuditEvent.at >= since, AuditEvent.target_type == "users",
                   AuditEvent.target_id == str(user.id))
        known_place = db.session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "auth.login", AuditEvent.actor_id == user.id,
            AuditEvent.address == address, AuditEvent.at >= now - timedelta(days=30)).limit(1))
        if known_place is not None:
            account = (*account, AuditEvent.address == address)
        count, last = _failures(*account)
    elif email:
        count, last = _failures(AuditEvent.at >= since, AuditEvent.actor_label == email_label(email))
    else:
        count, last = 0, None
    if last is not None:
        waits.append(throttle_delay(count, free=FREE_FAILURES_PER_ACCOUNT) - (now - last).total_seconds())
    return max(0, int(max(waits) + 0.999))


def record_failed_login(user: User | None, email: str, reason: str) -> None:
    """Audit a refused sign-in: the account if there is one, else a hash of the email typed."""
    if user is not None:
        audit.record(None, LOGIN_FAILED, user, actor_label=reason)
    else:
        audit.record(None, LOGIN_FAILED, target_type="users", actor_label=email_label(email))


# -- TOTP -----------------------------------------------------------------------------------

def begin_totp_enrollment(user: User) -> str:
    """Give ``user`` a new secret (not in use until confirmed) and return it."""
    secret = pyotp.random_base32()
    user.totp_secret_encrypted = encrypt_text(secret)
    user.totp_enabled_at = None
    user.totp_last_step = None
    return secret


def totp_secret(user: User) -> str | None:
    return decrypt_text(user.totp_secret_encrypted)


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """The QR code for ``uri`` as an inline SVG data URI (no network, allowed by the CSP)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def check_totp(user: User, code: str, *, now: datetime) -> bool:
    """Accept a current code (one step of clock drift either way) that was not used before."""
    secret = totp_secret(user)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // totp.interval
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False


def confirm_totp_enrollment(user: User, code: str, *, now: datetime) -> bool:
    """Turn TOTP on when ``code`` matches the pending secret."""
    if user.totp_secret_encrypted is None or not check_totp(user, code, now=now):
        return False
    user.totp_enabled_at = now
    audit.record(user, "auth.totp_enrolled", user)
    return True


def remove_totp(user: User, *, actor) -> None:
    """Turn TOTP off (navigators may; managers and admins must keep it)."""
    if user.role in (Role.MANAGER, Role.ADMIN):
        from admissions.core.errors import Forbidden

        raise Forbidden("Managers and admins must keep two-step sign-in.")
    user.totp_secret_encrypted = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    audit.record(actor, "auth.totp_removed", user)


def reset_totp(user: User, *, now: datetime, actor) -> None:
    """Forget the authenticator (lost phone): the next sign-in sets up a new one; sessions end."""
    user.totp_secret_encrypted = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    revoke_all_sessions(user, now=now, reason="admin")
    audit.record(actor, "auth.totp_reset", user)
