"""Staff accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from admissions.core.time import UTCDateTime, utcnow
from admissions.extensions import db


class Role(str, enum.Enum):
    NAVIGATOR = "navigator"
    MANAGER = "manager"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20,
                                            values_callable=lambda e: [m.value for m in e]))
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Comma-separated ISO 639-1 codes the navigator speaks, e.g. "en,es".
    languages: Mapped[str] = mapped_column(String(60), default="en")
    #: Comma-separated state codes the navigator is licensed in; empty means any.
    states: Mapped[str] = mapped_column(String(250), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: IANA zone the person reads dates in (the metrics dashboard); None means the business zone.
    timezone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: TOTP secret (base32), encrypted with core.crypto; set at enrollment, in use once confirmed.
    totp_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    #: When the staff member proved the authenticator works; None means TOTP is not in use.
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last 30-second step whose code was accepted, so a code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret_encrypted is not None

    @property
    def totp_required(self) -> bool:
        """Managers and admins must use a second factor; navigators may."""
        return self.role in (Role.MANAGER, Role.ADMIN)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def language_list(self) -> list[str]:
        return [code for code in (self.languages or "").split(",") if code]

    @property
    def state_list(self) -> list[str]:
        return [code for code in (self.states or "").split(",") if code]


class ApiToken(db.Model):
    """A bearer token for the staff API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class StaffSession(db.Model):
    """A signed-in browser. The cookie holds only ``id``; revoking the row signs the browser out."""

    __tablename__ = "staff_sessions"
    __table_args__ = (Index("ix_staff_sessions_user_revoked", "user_id", "revoked_at"),)

    #: Random, unguessable; a new one at every sign-in.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why it ended: logout, everywhere, disabled, idle, expired, admin.
    revoked_reason: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship()
