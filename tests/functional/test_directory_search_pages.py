"""The /treatment search page, facility pages and the report form, through the test client."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from admissions.directory.models import ListingReport
from admissions.extensions import db
from tests.conftest import base_test_config
from tests.factories import make_facility


def test_search_by_zip_lists_nearby_places_with_distance_phone_and_verification(client):
    make_facility(name="Desert Hope Detox", codes=("SA", "DT", "RD", "BU", "MD"), phone="(702) 555-0101",
                  verified_at=datetime(2026, 10, 3, tzinfo=timezone.utc))
    make_facility(name="Reno Recovery", latitude=39.53, longitude=-119.81, zip="89501", city="Reno")
    db.session.commit()
    page = client.get("/treatment?near=89108&radius_miles=25").get_data(as_text=True)
    assert "Desert Hope Detox" in page and "Reno Recovery" not in page
    assert 'href="tel:+17025550101"' in page
    assert "0.0 mi" in page
    assert "Verified on Oct 3, 2026" in page
    assert "Inpatient detox" in page and "Buprenorphine" in page and "Medicaid" in page


def test_plain_language_filters_narrow_the_results_and_stay_checked(client):
    make_facility(name="Methadone Clinic", codes=("SA", "MU", "MD"))
    make_facility(name="Naltrexone Clinic", codes=("SA", "NU", "PI"))
    db.session.commit()
    page = client.get("/treatment?near=89108&medication=methadone&payment=medicaid").get_data(as_text=True)
    assert "Methadone Clinic" in page and "Naltrexone Clinic" not in page
    assert 'value="methadone" checked' in page and 'value="medicaid" checked' in page


def test_unverified_listing_says_so(client):
    make_facility(name="New Place")
    db.session.commit()
    assert "Not yet verified" in client.get("/treatment").get_data(as_text=True)


def test_no_results_suggests_a_wider_radius_the_helpline_and_a_call_back(client):
    make_facility(name="Far Away", latitude=39.53, longitude=-119.81)
    db.session.commit()
    page = client.get("/treatment?near=89108&radius_miles=10&care=sober_living").get_data(as_text=True)
    assert "We found no place" in page
    assert "radius_miles=25" in page and "Search again without filters" in page
    assert 'href="tel:+18006624357"' in page and 'href="/callback"' in page


def test_unknown_zip_re_renders_the_form_with_the_message_and_what_was_typed(client):
    response = client.get("/treatment?near=00000")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "We do not know the ZIP code 00000" in page and 'value="00000"' in page


@pytest.mark.parametrize("query", ["near=89108&radius_miles=7", "care=teleportation", "page=0", "page=abc",
                                   "include_mental_health=maybe", "codes=XYZ", "near=%00%ff",
                                   "per_page=1000", "near=99999"])
def test_garbage_never_breaks_the_page(client, query):
    assert client.get(f"/treatment?{query}").status_code == 400


def test_pages_of_results_link_to_each_other_keeping_the_search(client):
    for n in range(23):
        make_facility(name=f"Place {n:02d}")
    db.session.commit()
    first = client.get("/treatment?near=89108&care=outpatient&care=residential").get_data(as_text=True)
    assert "Page 1 of 1" not in first
    make_facility(name="x", codes=("SA", "OP"))
    db.session.commit()
    page = client.get("/treatment?q=place").get_data(as_text=True)
    assert "Page 1 of 2" in page and "page=2" in page and "q=place" in page
    assert "Place 20" in client.get("/treatment?q=place&page=2").get_data(as_text=True)
    beyond = client.get("/treatment?q=place&page=9").get_data(as_text=True)
    assert "There are no more results" in beyond and "We found no place" not in beyond


def test_facility_page_shows_everything_and_redirects_old_slugs(client):
    facility = make_facility(name="Casa de Esperanza", name2="Hope House", codes=("SA", "DT", "OD", "BU", "PI", "SP"),
                             intake_phone="702-555-0199", website="https://example.org/")
    db.session.commit()
    url = f"/treatment/{facility.public_id}-{facility.slug}"
    page = client.get(url).get_data(as_text=True)
    for text in ("Casa de Esperanza", "Hope House", "tel:+17025550199", "Directions", "https://example.org/",
                 "Outpatient detox", "Spanish", f"/callback?facility={facility.public_id}",
                 "Report a problem with this listing", "Not yet verified"):
        assert text in page, text
    moved = client.get(f"/treatment/{facility.public_id}-an-old-name")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(url)
    assert client.get(f"/treatment/{facility.public_id}").status_code == 301
    assert client.get("/treatment/nosuchplace-x").status_code == 404


def test_closed_facility_page_says_it_is_closed(client):
    facility = make_facility(name="Gone", active=False)
    db.session.commit()
    page = client.get(f"/treatment/{facility.public_id}-{facility.slug}").get_data(as_text=True)
    assert "This place is closed" in page


def test_report_a_problem_is_saved_for_the_admins(client):
    facility = make_facility(name="Wrong Phone Place")
    db.session.commit()
    url = f"/treatment/{facility.public_id}-{facility.slug}"
    response = client.post(url + "/report", data={"problem": "wrong_phone", "details": "Number is disconnected",
                                                  "contact": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith(url + "#report")
    report = db.session.scalar(select(ListingReport))
    assert (report.facility_id, report.problem, report.details, report.contact) == (
        facility.id, "wrong_phone", "Number is disconnected", None)


def test_report_without_a_problem_re_renders_with_what_was_typed(client):
    facility = make_facility(name="Some Place")
    db.session.commit()
    response = client.post(f"/treatment/{facility.public_id}-{facility.slug}/report",
                           data={"details": "It moved to 5th street"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose what is wrong." in page and "It moved to 5th street" in page
    assert db.session.scalar(select(ListingReport)) is None


def test_report_from_a_bot_filling_the_hidden_field_is_dropped(client):
    facility = make_facility(name="Some Place")
    db.session.commit()
    client.post(f"/treatment/{facility.public_id}-{facility.slug}/report",
                data={"problem": "other", "nickname": "buy pills"})
    assert db.session.scalar(select(ListingReport)) is None


class TestReportRateLimit:
    @pytest.fixture
    def app_config(self, _schema):
        config = base_test_config(_schema)
        config.update(RATELIMIT_ENABLED=True, REPORT_RATE_LIMIT="2 per hour")
        return config

    def test_reports_are_rate_limited_per_address(self, client):
        facility = make_facility(name="Popular")
        db.session.commit()
        url = f"/treatment/{facility.public_id}-{facility.slug}/report"
        codes = [client.post(url, data={"problem": "other"}).status_code for _ in range(3)]
        assert codes == [302, 302, 429]
        assert len(db.session.scalars(select(ListingReport)).all()) == 2


def test_home_page_search_box_leads_to_the_results(client):
    make_facility(name="Home Search Place")
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert 'action="/treatment"' in home and 'name="near"' in home
    assert "Home Search Place" in client.get("/treatment?near=89108").get_data(as_text=True)


def test_search_page_weighs_under_60_kb_with_a_full_page_of_results(client):
    for n in range(20):
        make_facility(name=f"Comprehensive Behavioral Health and Recovery Center {n}",
                      codes=("SA", "DT", "RD", "OD", "RES", "OP", "OIT", "ODT", "TELE", "BU", "MU", "NU",
                             "MD", "MC", "PI", "MI", "SF", "SS"))
    db.session.commit()
    html = client.get("/treatment?near=89108").get_data()
    facility_page = client.get(client.get("/api/v1/facilities?per_page=1").get_json()["items"][0]["url"]).get_data()
    with client.get("/static/css/app.css") as response:
        css = response.get_data()
    with client.get("/static/js/app.js") as response:
        js = response.get_data()
    assert len(html) + len(css) + len(js) <= 60 * 1024, (len(html), len(css), len(js))
    assert len(facility_page) + len(css) + len(js) <= 60 * 1024, len(facility_page)


def test_search_and_facility_pages_speak_spanish(client):
    facility = make_facility(name="Centro Esperanza", codes=("SA", "BU", "MD"))
    db.session.commit()
    page = client.get("/treatment?near=89108&lang=es").get_data(as_text=True)
    assert "Lugares cerca de Las Vegas, NV 89108: 1" in page and "Buprenorfina (Suboxone)" in page
    page = client.get(f"/treatment/{facility.public_id}-{facility.slug}?lang=es").get_data(as_text=True)
    assert "Informar un problema con este anuncio" in page


def test_a_website_that_is_not_http_is_not_linked(client):
    facility = make_facility(name="Odd Site", website="javascript:alert(1)")
    db.session.commit()
    page = client.get(f"/treatment/{facility.public_id}-{facility.slug}").get_data(as_text=True)
    assert "javascript:alert" not in page
