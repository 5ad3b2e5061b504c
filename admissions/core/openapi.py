"""The API's OpenAPI 3 document at ``/api/v1/openapi.json``, assembled from each area's part.

An area describes its endpoints in two dicts (``OPENAPI_PATHS``, ``OPENAPI_SCHEMAS``) and the
app factory hands them to :func:`contribute`; nothing here knows about any feature.
"""

from __future__ import annotations

import copy

from flask import Blueprint, Flask, current_app, jsonify

bp = Blueprint("openapi", __name__)

_KEY = "admissions_openapi"

#: Schemas every area may point at with ``{"$ref": "#/components/schemas/Error"}``.
COMMON_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "What went wrong, in plain words."},
            "field": {"type": "string", "description": "The parameter or field at fault, when there is one."},
        },
    },
}


def contribute(app: Flask, paths: dict, schemas: dict) -> None:
    """Add an area's paths and schemas; a path or schema defined twice is a programming error."""
    registry = app.extensions.setdefault(_KEY, {"paths": {}, "schemas": dict(COMMON_SCHEMAS)})
    for kind, new in (("paths", paths), ("schemas", schemas)):
        clash = set(registry[kind]) & set(new)
        if clash:
            raise ValueError(f"OpenAPI {kind} defined twice: {sorted(clash)}")
        registry[kind].update(copy.deepcopy(new))


def document(app: Flask) -> dict:
    """The merged OpenAPI 3.1 document."""
    registry = app.extensions.get(_KEY, {"paths": {}, "schemas": dict(COMMON_SCHEMAS)})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Admissions API",
            "version": "1.0.0",
            "description": "Public treatment directory search and the staff admissions API.",
        },
        "servers": [{"url": "/"}],
        "paths": dict(sorted(registry["paths"].items())),
        "components": {
            "schemas": dict(sorted(registry["schemas"].items())),
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/api/v1/openapi.json")
def openapi_json():
    """The OpenAPI document describing every API endpoint."""
    return jsonify(document(current_app))
