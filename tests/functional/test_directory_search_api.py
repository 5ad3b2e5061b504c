"""The directory JSON API and the OpenAPI document, through the test client."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from openapi_spec_validator import validate

from admissions.extensions import db
from tests.factories import make_facility


def test_search_returns_the_page_envelope_and_items_with_distance(client):
    make_facility(name="Bup Medicaid", codes=("SA", "BU", "MD"), phone="(702) 555-0101", intake_phone="702-555-0102",
                  name2="Second", street2="Suite 4", website="https://bup.example.org",
                  verified_at=datetime(2026, 10, 3, 15, 0, tzinfo=timezone.utc))
    make_facility(name="Cash Only", codes=("SA", "BU", "SF"))
    db.session.commit()
    body = client.get("/api/v1/facilities?near=89108&radius_miles=25&codes=BU,MD").get_json()
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    item = body["items"][0]
    assert item["name"] == "Bup Medicaid" and item["name2"] == "Second"
    assert item["address"]["street2"] == "Suite 4" and item["address"]["zip"] == "89108"
    assert item["distance_miles"] == pytest.approx(0.02, abs=0.01) and item["latitude"] == pytest.approx(36.2047)
    assert item["phone"] == "(702) 555-0101" and item["intake_phone"] == "702-555-0102"
    assert item["website"] == "https://bup.example.org"
    assert item["codes"] == ["BU", "MD", "SA"]
    assert item["verified_at"] == "2026-10-03T15:00:00+00:00"


def test_without_near_distance_is_null_and_results_sort_by_name(client):
    make_facility(name="B Place")
    make_facility(name="a place")
    db.session.commit()
    body = client.get("/api/v1/facilities?per_page=1&page=2").get_json()
    assert [i["name"] for i in body["items"]] == ["B Place"] and body["total"] == 2
    assert body["items"][0]["distance_miles"] is None


def test_include_mental_health_brings_back_mental_health_only_facilities(client):
    make_facility(name="Mind Only", facility_types="MH", codes=("OP",))
    db.session.commit()
    assert client.get("/api/v1/facilities").get_json()["total"] == 0
    assert client.get("/api/v1/facilities?include_mental_health=true").get_json()["total"] == 1


@pytest.mark.parametrize("query, field", [
    ("codes=BU,NOPE", "codes"),
    ("near=00000", "near"),
    ("near=nowhere", "near"),
    ("near=89108&radius_miles=15", "radius_miles"),
    ("near=89108&radius_miles=-5", "radius_miles"),
    ("per_page=101", "per_page"),
    ("per_page=0", "per_page"),
    ("page=0", "page"),
    ("page=1.5", "page"),
    ("include_mental_health=perhaps", "include_mental_health"),
    ("near=91,-200", "near"),
    ("codes=%F0%9F%92%8A", "codes"),
])
def test_bad_parameters_answer_400_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/facilities?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == field and body["error"]


def test_one_facility_has_its_services_grouped_by_category(client):
    facility = make_facility(name="Grouped", codes=("SA", "DT", "BU", "MU", "MD"))
    db.session.commit()
    body = client.get(f"/api/v1/facilities/{facility.public_id}").get_json()
    assert body["id"] == facility.public_id and body["name"] == "Grouped"
    groups = {g["category"]: [c["code"] for c in g["codes"]] for g in body["services"]}
    assert groups == {"TC": ["SA", "DT"], "OM": ["MU", "BU"], "PAY": ["MD"]}


def test_unknown_facility_is_a_json_404(client):
    response = client.get("/api/v1/facilities/doesnotexist")
    assert response.status_code == 404 and response.get_json()["error"]


def test_service_codes_lists_the_whole_vocabulary(client):
    body = client.get("/api/v1/service-codes").get_json()
    codes = {c["code"] for group in body["categories"] for c in group["codes"]}
    assert len(body["categories"]) == 19 and {"BU", "MD", "RD", "PI", "HH", "VET"} <= codes


def test_openapi_document_is_valid_and_describes_the_directory(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert {"/api/v1/facilities", "/api/v1/facilities/{id}", "/api/v1/service-codes"} <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"]["/api/v1/facilities"]["get"]["parameters"]}
    assert {"near", "radius_miles", "codes", "q", "include_mental_health", "page", "per_page"} <= parameters


def test_openapi_refuses_a_path_defined_twice(app):
    from admissions.core import openapi

    with pytest.raises(ValueError, match="defined twice"):
        openapi.contribute(app, {"/api/v1/facilities": {}}, {})
