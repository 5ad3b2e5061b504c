"""Browsing the audit trail: ``/staff/audit`` and ``GET /api/v1/audit`` (managers and admins)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import Blueprint, g, render_template, request, url_for
from flask_login import current_user

from admissions.audit import services as audit
from admissions.audit.queries import AuditFilter, action_names, audit_entries
from admissions.auth.access import MANAGERS, role_required
from admissions.auth.tokens import token_required
from admissions.core.errors import ApiError, DomainError
from admissions.extensions import csrf, db

bp = Blueprint("audit", __name__, url_prefix="/staff")
api_bp = Blueprint("audit_api", __name__, url_prefix="/api/v1")
csrf.exempt(api_bp)


def parse_instant(text: str | None, *, end_of_day: bool = False) -> datetime | None:
    """A date (start of that UTC day, or the next day's start for ``end_of_day``) or an ISO instant."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day + timedelta(days=1 if end_of_day else 0), time(0), timezone.utc)
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError("Use a date like 2026-11-22 or an instant like 2026-11-22T08:00:00Z.") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)


def _criteria(args) -> AuditFilter:
    target_type, target_id = args.get("target_type") or None, args.get("target_id") or None
    if args.get("inquiry_id"):
        target_type, target_id = "inquiries", args["inquiry_id"].strip()
    if target_id and not target_id.isdigit():
        raise DomainError("The target id is a number.", "target_id")
    return AuditFilter(actor=args.get("actor") or None, action=args.get("action") or None,
                       target_type=target_type, target_id=target_id,
                       since=parse_instant(args.get("since")),
                       until=parse_instant(args.get("until"), end_of_day=True))


def _page(args) -> int:
    value = args.get("page", "1")
    if not value.isdigit() or int(value) < 1:
        raise DomainError("The page is a positive number.", "page")
    return int(value)


@bp.get("/audit")
@role_required(*MANAGERS)
def browse():
    """Filter the audit trail by actor, action, target and dates."""
    error = None
    try:
        criteria, page = _criteria(request.args), _page(request.args)
    except DomainError as exc:
        criteria, page, error = AuditFilter(), 1, exc.message
    result = audit_entries(criteria, page=page)
    audit.record(current_user, "audit.searched", target_type="audit_events")
    db.session.commit()
    next_url = (url_for("audit.browse", **{**request.args.to_dict(), "page": result.page + 1})
                if result.page < result.pages else None)
    return render_template("audit/browse.html", result=result, args=request.args, error=error,
                           actions=action_names(), next_url=next_url)


@api_bp.get("/audit")
@token_required(*MANAGERS)
def api_browse():
    """The same entries as JSON."""
    try:
        criteria, page = _criteria(request.args), _page(request.args)
    except DomainError as exc:
        raise ApiError(exc.message, exc.field or "since", 400) from None
    result = audit_entries(criteria, page=page)
    audit.record(g.api_user, "audit.searched", target_type="audit_events")
    db.session.commit()
    return {
        "page": result.page, "pages": result.pages, "total": result.total,
        "items": [{"id": event.id, "at": event.at.isoformat(), "actor_id": event.actor_id, "actor": email,
                   "actor_label": event.actor_label, "action": event.action, "target_type": event.target_type,
                   "target_id": event.target_id, "address": event.address, "user_agent": event.user_agent}
                  for event, email in result.rows],
    }
