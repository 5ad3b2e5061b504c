"""Partner intake API: ``POST /api/v1/inquiries`` with a staff bearer token."""

from __future__ import annotations

from flask import Blueprint, g, request

from admissions.auth.access import STAFF
from admissions.auth.tokens import token_required
from admissions.core.errors import ApiError
from admissions.core.time import utcnow
from admissions.extensions import csrf, db
from admissions.intake import rules, services
from admissions.intake.models import Source
from admissions.intake.rules import InvalidInquiry, clean_inquiry

bp = Blueprint("intake_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.post("/inquiries")
@token_required(*STAFF)
def create():
    """Create an inquiry (or add to the same phone's open one from the last ten minutes)."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiError("Send a JSON object with Content-Type: application/json.", None, 400)
    unknown = sorted(set(payload) - set(INQUIRY_SCHEMA["properties"]))
    if unknown:
        raise ApiError("Unknown fields.", unknown[0], 400, errors={name: "Unknown field." for name in unknown})
    try:
        data = clean_inquiry(payload, now=utcnow())
        inquiry = services.create_inquiry(data, source=Source.API, now=utcnow(), actor=g.api_user)
    except InvalidInquiry as exc:
        errors = {name: str(message) for name, message in exc.errors.items()}
        raise ApiError("The inquiry has errors.", next(iter(errors)), 400, errors=errors) from None
    db.session.commit()
    return {"id": inquiry.id, "reference": inquiry.reference, "status": inquiry.status.value,
            "priority": inquiry.priority.value}, 201


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


_BOOL = {"type": "boolean"}
INQUIRY_SCHEMA = {
    "type": "object",
    "required": ["first_name", "phone", "zip", "consent_to_contact"],
    "properties": {
        "for_whom": _enum(rules.FOR_WHOM),
        "first_name": {"type": "string", "maxLength": 80},
        "last_name": {"type": "string", "maxLength": 80},
        "phone": {"type": "string", "description": "Any US spelling; stored as E.164.", "example": "702-555-0123"},
        "email": {"type": "string", "format": "email"},
        "zip": {"type": "string", "pattern": r"^\d{5}(-\d{4})?$"},
        "best_times": {"type": "array", "items": _enum(rules.BEST_TIMES)},
        "ok_voicemail": _BOOL,
        "ok_text": _BOOL,
        "language": _enum(rules.LANGUAGES),
        "substances": {"type": "array", "items": _enum(rules.SUBSTANCES)},
        "using_now": {"type": "boolean", "nullable": True},
        "last_use_at": {"type": "string", "format": "date"},
        "care_interests": {"type": "array", "items": _enum(rules.CARE_INTERESTS)},
        "insurance": {"type": "object", "properties": {
            "plan_type": _enum(rules.PLAN_TYPES),
            "payer_name": {"type": "string", "maxLength": 120},
            "member_id": {"type": "string", "maxLength": 40},
            "group_number": {"type": "string", "maxLength": 40},
            "subscriber_name": {"type": "string", "maxLength": 160},
            "subscriber_dob": {"type": "string", "format": "date"},
            "relationship": _enum(rules.RELATIONSHIPS),
        }},
        "message": {"type": "string", "maxLength": 2000},
        "consent_to_contact": {"type": "boolean", "description": "Must be true."},
        "facility_id": {"type": "string", "description": "The facility's public id, as in the directory API."},
        "overdose_now": _BOOL,
        "suicidal_thoughts": _BOOL,
        "pregnant": _BOOL,
        "in_withdrawal": _BOOL,
        "recent_overdose": _BOOL,
    },
}
_ERROR = {"type": "object", "properties": {"error": {"type": "string"}, "field": {"type": "string"},
                                           "errors": {"type": "object", "additionalProperties": {"type": "string"}}}}

#: OpenAPI 3 path items for the lead to merge into the API description.
OPENAPI_PATHS = {
    "/api/v1/inquiries": {
        "post": {
            "summary": "Create a call-back inquiry (partner intake)",
            "description": "Any staff token. The same phone again within 10 minutes adds to the open inquiry. "
                           "Emergency answers (overdose_now, suicidal_thoughts, pregnant with in_withdrawal) "
                           "make it critical.",
            "security": [{"bearerToken": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": INQUIRY_SCHEMA}}},
            "responses": {
                "201": {"description": "Created", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"id": {"type": "integer"}, "reference": {"type": "string"},
                                                     "status": {"type": "string"}, "priority": {"type": "string"}}}}}},
                "400": {"description": "Errors per field", "content": {"application/json": {"schema": _ERROR}}},
                "401": {"description": "Missing or bad token", "content": {"application/json": {"schema": _ERROR}}},
                "403": {"description": "Role may not do this", "content": {"application/json": {"schema": _ERROR}}},
            },
        }
    },
    "/api/v1/audit": {
        "get": {
            "summary": "Browse the audit trail (managers and admins)",
            "security": [{"bearerToken": []}],
            "parameters": [
                {"name": name, "in": "query", "schema": schema, "description": text}
                for name, schema, text in (
                    ("inquiry_id", {"type": "integer"}, "Entries about this inquiry"),
                    ("actor", {"type": "string"}, "Staff email or user id"),
                    ("action", {"type": "string"}, "Exact action, or a prefix ending in '.' (inquiry.)"),
                    ("since", {"type": "string", "format": "date-time"}, "From this instant (UTC) or date"),
                    ("until", {"type": "string", "format": "date-time"}, "Before this instant (UTC) or date"),
                    ("page", {"type": "integer", "minimum": 1}, "Page, 100 entries each"),
                )
            ],
            "responses": {
                "200": {"description": "Entries, newest first"},
                "400": {"description": "Bad filter", "content": {"application/json": {"schema": _ERROR}}},
                "401": {"description": "Missing or bad token"},
                "403": {"description": "Not a manager or admin"},
            },
        }
    },
}
