"""Staff accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, String
from sqlalchemy.orm import Mapped, mapped_column

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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def language_list(self) -> list[str]:
        return [code for code in (self.languages or "").split(",") if code]

    @property
    def state_list(self) -> list[str]:
        return [code for code in (self.states or "").split(",") if code]
