"""Directory JSON API under /api/v1: facility search, one facility, the service-code vocabulary."""

from __future__ import annotations

from flask import Blueprint, request

from admissions.core.errors import ApiError
from admissions.directory import search_index
from admissions.directory.criteria import MAX_PER_PAGE, RADII, SearchError, parse_search
from admissions.directory.models import Facility
from admissions.directory.queries import facility_by_public_id, search_facilities, services_by_category
from admissions.directory.vocabulary import vocabulary

bp = Blueprint("directory_api", __name__, url_prefix="/api/v1")


@bp.get("/facilities")
def facilities():
    """Search active facilities; the same filters as the /treatment page."""
    try:
        criteria = parse_search(request.args)
    except SearchError as exc:
        raise ApiError(exc.message, exc.field) from None
    results = search_facilities(criteria)
    return {
        "items": [facility_json(hit.facility, hit.distance_miles, hit.codes) for hit in results.items],
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
    }


@bp.get("/facilities/<public_id>")
def facility(public_id: str):
    """One facility, with its services grouped by category."""
    found = facility_by_public_id(public_id[:16])
    if found is None:
        raise ApiError("No facility has this id.", "id", status=404)
    codes = search_index.codes_of(found)
    body = facility_json(found, None, codes)
    body["services"] = services_by_category(codes)
    return body


@bp.get("/service-codes")
def service_codes():
    """The vocabulary: categories and their codes."""
    return {"categories": services_by_category(set(vocabulary().codes))}


def facility_json(facility: Facility, distance: float | None, codes: set[str]) -> dict:
    return {
        "id": facility.public_id,
        "name": facility.name,
        "name2": facility.name2,
        "address": {"street1": facility.street1, "street2": facility.street2, "city": facility.city,
                    "state": facility.state, "zip": facility.zip},
        "latitude": facility.latitude,
        "longitude": facility.longitude,
        "location_approximate": facility.location_approximate,
        "distance_miles": None if distance is None else round(distance, 2),
        "phone": facility.phone,
        "intake_phone": facility.intake_phone,
        "hotline_phone": facility.hotline_phone,
        "website": facility.website,
        "codes": sorted(codes),
        "verified_at": facility.verified_at.isoformat() if facility.verified_at else None,
        "active": facility.active,
        "url": f"/treatment/{facility.public_id}-{facility.slug}",
    }


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_NULLABLE_STRING = {"type": ["string", "null"]}

OPENAPI_SCHEMAS = {
    "Facility": {
        "type": "object",
        "required": ["id", "name", "address", "codes", "verified_at", "distance_miles"],
        "properties": {
            "id": {"type": "string", "description": "Stable public id, kept across re-imports."},
            "name": {"type": "string"},
            "name2": _NULLABLE_STRING,
            "address": {"type": "object", "properties": {
                key: _NULLABLE_STRING for key in ("street1", "street2", "city", "state", "zip")}},
            "latitude": {"type": ["number", "null"]},
            "longitude": {"type": ["number", "null"]},
            "location_approximate": {"type": "boolean", "description": "The point is the ZIP centroid."},
            "distance_miles": {"type": ["number", "null"], "description": "From `near`; null without it."},
            "phone": _NULLABLE_STRING,
            "intake_phone": _NULLABLE_STRING,
            "hotline_phone": _NULLABLE_STRING,
            "website": _NULLABLE_STRING,
            "codes": {"type": "array", "items": {"type": "string"}},
            "verified_at": {"type": ["string", "null"], "format": "date-time",
                            "description": "When a person last confirmed the listing; imports never set it."},
            "active": {"type": "boolean"},
            "url": {"type": "string", "description": "The facility's public page."},
        },
    },
    "ServiceGroup": {
        "type": "object",
        "required": ["category", "label", "codes"],
        "properties": {
            "category": {"type": "string"},
            "label": {"type": "string"},
            "codes": {"type": "array", "items": {"type": "object", "required": ["code", "label"], "properties": {
                "code": {"type": "string"}, "label": {"type": "string"}}}},
        },
    },
    "FacilityDetail": {
        "allOf": [
            {"$ref": "#/components/schemas/Facility"},
            {"type": "object", "required": ["services"], "properties": {
                "services": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceGroup"}}}},
        ],
    },
    "FacilityPage": {
        "type": "object",
        "required": ["items", "total", "page", "per_page"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Facility"}},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    },
}

OPENAPI_PATHS = {
    "/api/v1/facilities": {
        "get": {
            "summary": "Search treatment facilities",
            "description": "Codes in one vocabulary category combine with OR, categories with AND. "
                           "Near a place, results sort by distance then name; otherwise by name. "
                           "Closed facilities never appear; mental-health-only ones only on request.",
            "operationId": "searchFacilities",
            "tags": ["directory"],
            "parameters": [
                _query("near", "A 5-digit ZIP, \"City, ST\" or \"lat,lon\".", {"type": "string"}),
                _query("radius_miles", "Miles around `near` (default 25), or `any`.",
                       {"type": "string", "enum": [str(r) for r in RADII] + ["any"]}),
                _query("codes", "Service codes, comma separated (see /api/v1/service-codes).",
                       {"type": "string", "example": "BU,MU,MD,PI"}),
                _query("q", "Words of the facility's names; case and accents do not matter.", {"type": "string"}),
                _query("include_mental_health", "Also list mental-health-only facilities.", {"type": "boolean"}),
                _query("verified_only", "Only listings a person has verified.", {"type": "boolean"}),
                _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
                _query("per_page", "Results per page.",
                       {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}),
            ],
            "responses": {
                "200": {"description": "A page of facilities.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FacilityPage"}}}},
                "400": _error("A parameter is wrong; `field` names it."),
            },
        },
    },
    "/api/v1/facilities/{id}": {
        "get": {
            "summary": "One facility",
            "operationId": "getFacility",
            "tags": ["directory"],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "The facility and its services grouped by category.",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/FacilityDetail"}}}},
                "404": _error("No facility has this id."),
            },
        },
    },
    "/api/v1/service-codes": {
        "get": {
            "summary": "The service-code vocabulary",
            "operationId": "listServiceCodes",
            "tags": ["directory"],
            "responses": {
                "200": {"description": "Categories and their codes.",
                        "content": {"application/json": {"schema": {
                            "type": "object", "required": ["categories"],
                            "properties": {"categories": {
                                "type": "array", "items": {"$ref": "#/components/schemas/ServiceGroup"}}}}}}},
            },
        },
    },
}
