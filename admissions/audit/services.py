"""Writing audit entries; they join the caller's transaction and commit with the change."""

from __future__ import annotations

from flask import has_request_context, request

from admissions.audit.models import AuditEvent
from admissions.extensions import db


def record(actor, action: str, target=None, *, target_type: str | None = None,
           target_id=None, actor_label: str | None = None) -> AuditEvent:
    """Add an audit entry for ``actor`` doing ``action`` to ``target`` (a model or None)."""
    if target is not None:
        target_type = target_type or getattr(target, "__tablename__", type(target).__name__)
        target_id = target_id if target_id is not None else getattr(target, "id", None)
    address = agent = None
    if has_request_context():
        address = request.remote_addr
        agent = (request.user_agent.string or "")[:255]
    actor_id = getattr(actor, "id", None) if actor is not None and getattr(actor, "is_authenticated", True) else None
    event = AuditEvent(actor_id=actor_id, actor_label=actor_label, action=action,
                       target_type=target_type, target_id=None if target_id is None else str(target_id),
                       address=address, user_agent=agent)
    db.session.add(event)
    return event
