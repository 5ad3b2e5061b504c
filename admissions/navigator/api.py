"""The staff queue API (Bearer token): Next, read an inquiry, attempts, callbacks, release, close."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, g, request

from admissions.auth.access import STAFF
from admissions.auth.tokens import token_required
from admissions.core.errors import ApiError
from admissions.core.settings import get_setting
from admissions.core.time import utcnow
from admissions.extensions import csrf, db
from admissions.intake.models import Inquiry
from admissions.navigator import services

bp = Blueprint("navigator_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies: nothing for a forged form to ride on


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def inquiry_json(inquiry: Inquiry) -> dict:
    """What the API shows of an inquiry; insurance identifiers stay out."""
    return {
        "id": inquiry.id, "reference": inquiry.reference, "status": inquiry.status.value,
        "priority": inquiry.priority.value, "priority_reason": inquiry.priority_reason,
        "first_name": inquiry.first_name, "last_name": inquiry.last_name, "phone": inquiry.phone,
        "language": inquiry.language, "state": inquiry.state, "zip": inquiry.zip, "timezone": inquiry.timezone,
        "for_whom": inquiry.for_whom, "substances": inquiry.substance_list,
        "care_interests": inquiry.care_interest_list, "created_at": _iso(inquiry.created_at),
        "sla_due_at": _iso(inquiry.sla_due_at), "callback_due_at": _iso(inquiry.callback_due_at),
        "claimed_by_id": inquiry.claimed_by_id, "lease_expires_at": _iso(inquiry.lease_expires_at),
        "attempts_count": inquiry.attempts_count, "first_attempt_at": _iso(inquiry.first_attempt_at),
        "disposition": inquiry.disposition.value if inquiry.disposition else None,
        "closed_at": _iso(inquiry.closed_at),
    }


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError("Send a JSON object.", None, 400)
    return body


def _int_or_none(body: dict, key: str) -> int | None:
    value = body.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ApiError(f"{key} must be a whole number.", key, 400)
    try:
        return int(value)
    except ValueError:
        raise ApiError(f"{key} must be a whole number.", key, 400) from None


@bp.post("/queue/next")
@token_required(*STAFF)
def claim_next():
    """Claim the best inquiry for the caller: 200 with it, or 204 when none is eligible."""
    inquiry = services.claim_next(g.api_user, now=utcnow())
    db.session.commit()
    if inquiry is None:
        return "", 204
    return {"inquiry": inquiry_json(inquiry), "lease_expires_at": _iso(inquiry.lease_expires_at)}


@bp.get("/inquiries/<int:inquiry_id>")
@token_required(*STAFF)
def get_inquiry(inquiry_id: int):
    inquiry = services.open_inquiry(g.api_user, inquiry_id)
    db.session.commit()
    return {"inquiry": inquiry_json(inquiry)}


@bp.post("/inquiries/<int:inquiry_id>/attempts")
@token_required(*STAFF)
def log_attempt(inquiry_id: int):
    body = _body()
    note = body.get("note") or ""
    if not isinstance(note, str):
        raise ApiError("note must be text.", "note", 400)
    inquiry = services.inquiry_for_action(g.api_user, inquiry_id)
    event = services.log_attempt(inquiry, g.api_user, outcome=str(body.get("outcome") or ""), note=note,
                                 now=utcnow())
    db.session.commit()
    return {"inquiry": inquiry_json(inquiry), "attempt": {"id": event.id, "outcome": event.outcome,
                                                          "at": _iso(event.at)}}


@bp.post("/inquiries/<int:inquiry_id>/callback")
@token_required(*STAFF)
def schedule_callback(inquiry_id: int):
    """``due_at`` in ISO 8601; without an offset it is read in the caller's time zone."""
    body = _body()
    inquiry = services.inquiry_for_action(g.api_user, inquiry_id)
    zone = ZoneInfo(inquiry.timezone or get_setting("business_timezone"))
    try:
        due = datetime.fromisoformat(str(body.get("due_at") or ""))
    except ValueError:
        raise ApiError("due_at must be an ISO 8601 date and time.", "due_at", 400) from None
    local = due.astimezone(zone) if due.tzinfo is not None else due
    callback = services.schedule_callback(inquiry, g.api_user, day=local.date(), at=local.time().replace(tzinfo=None),
                                          now=utcnow())
    db.session.commit()
    return {"inquiry": inquiry_json(inquiry), "callback": {"id": callback.id, "due_at": _iso(callback.due_at)}}


@bp.post("/inquiries/<int:inquiry_id>/release")
@token_required(*STAFF)
def release(inquiry_id: int):
    inquiry = services.inquiry_for_action(g.api_user, inquiry_id)
    services.release(inquiry, g.api_user, now=utcnow())
    db.session.commit()
    return {"inquiry": inquiry_json(inquiry)}


@bp.post("/inquiries/<int:inquiry_id>/close")
@token_required(*STAFF)
def close(inquiry_id: int):
    body = _body()
    intake_on = None
    if body.get("intake_on"):
        try:
            intake_on = date.fromisoformat(str(body["intake_on"]))
        except ValueError:
            raise ApiError("intake_on must be a date (YYYY-MM-DD).", "intake_on", 400) from None
    inquiry = services.inquiry_for_action(g.api_user, inquiry_id)
    services.close(inquiry, g.api_user, disposition=str(body.get("disposition") or ""), now=utcnow(),
                   facility_id=_int_or_none(body, "facility_id"), intake_on=intake_on,
                   merged_into_id=_int_or_none(body, "merged_into_id"), note=str(body.get("note") or ""))
    db.session.commit()
    return {"inquiry": inquiry_json(inquiry)}
