"""/api/v1/openapi.json describes every API endpoint of every area, and is a valid OpenAPI document."""

from __future__ import annotations

import re

from openapi_spec_validator import validate


def _shape(path: str) -> str:
    """The path with its parameters unnamed: /api/v1/facilities/{id} and /{public_id} are one route."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def _operations(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), _shape(path)) for path, item in document["paths"].items() for method in item}


def test_every_api_route_is_described(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    described = _operations(document)
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "openapi.openapi_json":
            continue
        path = re.sub(r"<[^>]+>", "{}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, path) not in described:
                missing.append(f"{method} {path}")
    assert not missing, f"describe these in the area's OPENAPI_PATHS: {missing}"


def test_every_secured_operation_names_the_defined_scheme(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemes = set(document["components"]["securitySchemes"])
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for requirement in operation.get("security", []):
                assert set(requirement) <= schemes, f"{method.upper()} {path}: {requirement}"
