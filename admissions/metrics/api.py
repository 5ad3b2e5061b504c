"""``GET /api/v1/metrics``: the dashboard's history figures for a date range, as JSON."""

from __future__ import annotations

from flask import Blueprint, g, request

from admissions.audit import services as audit
from admissions.auth.access import MANAGERS
from admissions.auth.tokens import token_required
from admissions.core.errors import ApiError
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.metrics.definitions import FIGURES
from admissions.metrics.periods import MAX_DAYS, RangeError, parse_period
from admissions.metrics.report import history_report, metric_settings

bp = Blueprint("metrics_api", __name__, url_prefix="/api/v1")


@bp.get("/metrics")
@token_required(*MANAGERS)
def metrics():
    """Every history figure for ``from``..``to`` (local days in ``tz``), named as on the page."""
    settings = metric_settings()
    for name in ("from", "to"):
        if not request.args.get(name):
            raise ApiError("Give the range as from=YYYY-MM-DD&to=YYYY-MM-DD.", name, 400)
    if request.args.get("range"):
        raise ApiError("Use from and to; range is for the page.", "range", 400)
    now = utcnow()
    try:
        _preset, period = parse_period(request.args, today=now.date(), default_tz=settings.calendar.timezone)
    except RangeError as error:
        raise ApiError(error.message, error.field, 400) from None
    report = history_report(period, now=now, settings=settings)
    audit.record(g.api_user, "metrics.api_read", target_type="metrics", target_id=f"{period.first}/{period.last}")
    db.session.commit()
    return {
        "from": period.first.isoformat(),
        "to": period.last.isoformat(),
        "tz": period.tz,
        "service_level_minutes": settings.service_level_minutes,
        "callback_grace_minutes": settings.callback_grace_minutes,
        "figures": report.figures,
        "definitions": {key: {"label": label, "definition": text} for key, (label, text) in FIGURES.items()},
        "tables": {name: table.rows for name, table in report.tables.items() if name != "summary"},
    }


_ERROR = {"type": "object", "properties": {"error": {"type": "string"}, "field": {"type": "string"}}}

#: For the lead to merge into the OpenAPI document.
OPENAPI_PATHS = {
    "/api/v1/metrics": {
        "get": {
            "summary": "Manager metrics for a date range",
            "description": "Every history figure of the dashboard (DOMAIN.md section 5 definitions), for the "
                           "local days from..to in tz. Manager or admin token.",
            "security": [{"bearerToken": []}],
            "parameters": [
                {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "required": True, "schema": {"type": "string", "format": "date"},
                 "description": f"Inclusive; at most {MAX_DAYS} days after from."},
                {"name": "tz", "in": "query", "required": False, "schema": {"type": "string"},
                 "description": "IANA zone the days are counted in; default the business calendar's."},
            ],
            "responses": {
                "200": {"description": "The figures", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                        "tz": {"type": "string"}, "service_level_minutes": {"type": "number"},
                        "callback_grace_minutes": {"type": "number"},
                        "figures": {"type": "object", "additionalProperties": {"type": ["number", "null"]}},
                        "definitions": {"type": "object"},
                        "tables": {"type": "object", "additionalProperties": {"type": "array",
                                                                              "items": {"type": "object"}}},
                    }}}}},
                "400": {"description": "A bad parameter", "content": {"application/json": {"schema": _ERROR}}},
                "401": {"description": "No or bad token", "content": {"application/json": {"schema": _ERROR}}},
                "403": {"description": "Not a manager or admin", "content": {"application/json": {"schema": _ERROR}}},
            },
        }
    }
}
