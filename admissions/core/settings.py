"""Settings managers change at run time (business hours, SLA minutes...), over config defaults."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from admissions.core.time import UTCDateTime, utcnow
from admissions.extensions import db


class AppSetting(db.Model):
    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def get_setting(key: str, default=None):
    """The stored value for ``key``, else the app config's ``key.upper()``, else ``default``."""
    row = db.session.get(AppSetting, key)
    if row is not None:
        return row.value
    return current_app.config.get(key.upper(), default)


def set_setting(key: str, value, *, by=None) -> AppSetting:
    """Store ``value`` for ``key`` (the caller commits)."""
    row = db.session.get(AppSetting, key)
    if row is None:
        row = AppSetting(key=key, value=value, updated_by_id=getattr(by, "id", None))
        db.session.add(row)
    else:
        row.value = value
        row.updated_by_id = getattr(by, "id", None)
    return row


def all_settings() -> dict:
    return {row.key: row.value for row in db.session.scalars(select(AppSetting))}
