"""Reading the audit trail: filtered, newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from admissions.audit.models import AuditEvent
from admissions.auth.models import User
from admissions.core.pagination import Paged
from admissions.extensions import db

PER_PAGE = 100


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditPage(Paged):
    rows: list[tuple[AuditEvent, str | None]]  # (entry, actor email)
    total: int
    page: int
    per_page: int


def audit_entries(criteria: AuditFilter, *, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    """Entries matching ``criteria``; ``action`` ending in "." matches every action with that prefix."""
    conditions = []
    if criteria.actor:
        actor = criteria.actor.strip().lower()
        conditions.append(AuditEvent.actor_id == int(actor) if actor.isdigit()
                          else AuditEvent.actor_id.in_(select(User.id).where(User.email == actor)))
    if criteria.action:
        conditions.append(AuditEvent.action.startswith(criteria.action, autoescape=True)
                          if criteria.action.endswith(".") else AuditEvent.action == criteria.action)
    if criteria.target_type:
        conditions.append(AuditEvent.target_type == criteria.target_type)
    if criteria.target_id:
        conditions.append(AuditEvent.target_id == str(criteria.target_id))
    if criteria.since:
        conditions.append(AuditEvent.at >= criteria.since)
    if criteria.until:
        conditions.append(AuditEvent.at < criteria.until)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))
    rows = db.session.execute(
        select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id).where(*conditions)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return AuditPage(rows=[(row[0], row[1]) for row in rows], total=total or 0, page=page, per_page=per_page)


def action_names() -> list[str]:
    """Every action recorded so far, for the filter's suggestions."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
