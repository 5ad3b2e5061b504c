"""OpenAPI description of the staff queue API (see ``navigator.api``)."""

from __future__ import annotations

_ERROR = {"$ref": "#/components/schemas/Error"}
_TOKEN = [{"bearerToken": []}]
_INQUIRY = {
    "type": "object",
    "description": "An inquiry as the queue API shows it; insurance identifiers are never included.",
    "properties": {
        "id": {"type": "integer"}, "reference": {"type": "string"}, "status": {"type": "string"},
        "priority": {"type": "string", "enum": ["critical", "high", "normal"]},
        "priority_reason": {"type": "string"}, "first_name": {"type": "string"},
        "last_name": {"type": ["string", "null"]}, "phone": {"type": "string", "description": "E.164"},
        "language": {"type": "string"}, "state": {"type": ["string", "null"]}, "zip": {"type": ["string", "null"]},
        "timezone": {"type": ["string", "null"]}, "for_whom": {"type": "string"},
        "substances": {"type": "array", "items": {"type": "string"}},
        "care_interests": {"type": "array", "items": {"type": "string"}},
        "created_at": {"type": "string", "format": "date-time"},
        "sla_due_at": {"type": ["string", "null"], "format": "date-time"},
        "callback_due_at": {"type": ["string", "null"], "format": "date-time"},
        "claimed_by_id": {"type": ["integer", "null"]},
        "lease_expires_at": {"type": ["string", "null"], "format": "date-time"},
        "attempts_count": {"type": "integer"},
        "first_attempt_at": {"type": ["string", "null"], "format": "date-time"},
        "disposition": {"type": ["string", "null"]},
        "closed_at": {"type": ["string", "null"], "format": "date-time"},
    },
}
_ONE = {"type": "object", "properties": {"inquiry": {"$ref": "#/components/schemas/QueueInquiry"}}}
_ID = {"name": "inquiry_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _errors(*codes: str) -> dict:
    text = {"400": "A bad value; `field` names it", "401": "Missing or bad token", "403": "Role may not do this",
            "404": "No such inquiry", "409": "You no longer hold this inquiry (or it cannot go that way)"}
    return {code: {"description": text[code], "content": {"application/json": {"schema": _ERROR}}}
            for code in codes}


def _action(summary: str, body: dict | None, description: str = "") -> dict:
    operation = {
        "summary": summary, "description": description, "security": _TOKEN, "parameters": [_ID],
        "responses": {"200": {"description": "The inquiry after the change",
                              "content": {"application/json": {"schema": _ONE}}},
                      **_errors("400", "401", "403", "404", "409")},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return {"post": operation}


OPENAPI_SCHEMAS = {"QueueInquiry": _INQUIRY}
OPENAPI_PATHS = {
    "/api/v1/queue/next": {"post": {
        "summary": "Claim the most urgent inquiry this navigator may take",
        "description": "Atomic: due callbacks to the caller first, then priority, first-attempt deadline and age, "
                       "with language and state routing. The claim holds for the lease "
                       "(ADMISSIONS_QUEUE_LEASE_SECONDS).",
        "security": _TOKEN,
        "responses": {"200": {"description": "The claimed inquiry", "content": {"application/json": {"schema": {
                          "type": "object", "properties": {
                              "inquiry": {"$ref": "#/components/schemas/QueueInquiry"},
                              "lease_expires_at": {"type": "string", "format": "date-time"}}}}}},
                      "204": {"description": "Nobody is waiting that this navigator may take"},
                      **_errors("401", "403")},
    }},
    "/api/v1/inquiries/{inquiry_id}": {"get": {
        "summary": "Read an inquiry (audited)", "security": _TOKEN, "parameters": [_ID],
        "responses": {"200": {"description": "The inquiry", "content": {"application/json": {"schema": _ONE}}},
                      **_errors("401", "403", "404")},
    }},
    "/api/v1/inquiries/{inquiry_id}/attempts": _action("Log a call attempt", {
        "type": "object", "required": ["outcome"],
        "properties": {"outcome": {"type": "string",
                                   "enum": ["no_answer", "voicemail", "connected", "wrong_number", "call_later"]},
                       "note": {"type": "string"}}}),
    "/api/v1/inquiries/{inquiry_id}/callback": _action("Schedule a callback", {
        "type": "object", "required": ["due_at"],
        "properties": {"due_at": {"type": "string", "description": "ISO 8601; without an offset, the caller's time"}}},
        "Refused outside 08:00-21:00 in the caller's time zone."),
    "/api/v1/inquiries/{inquiry_id}/release": _action("Release the inquiry to the queue", None),
    "/api/v1/inquiries/{inquiry_id}/close": _action("Close with a disposition", {
        "type": "object", "required": ["disposition"],
        "properties": {"disposition": {"type": "string", "enum": ["admitted", "scheduled", "referred", "not_ready",
                                                                  "not_eligible", "unreachable", "duplicate",
                                                                  "spam"]},
                       "facility_id": {"type": "integer"}, "intake_on": {"type": "string", "format": "date"},
                       "merged_into_id": {"type": "integer"}, "note": {"type": "string"}}}),
}
