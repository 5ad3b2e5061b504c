"""Admin curation of listings: reports, corrections, verification, closing, and who may do it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.directory.models import Facility, ListingReport
from admissions.extensions import db
from tests.factories import make_facility, make_user


@pytest.fixture
def admin(auth):
    user = make_user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    auth.login("admin@example.org")
    return user


def actions() -> list[str]:
    """Audit actions recorded by the directory (sign-ins left out)."""
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.not_like("auth.%"))
                                   .order_by(AuditEvent.id)))


@pytest.mark.parametrize("role", [None, Role.NAVIGATOR, Role.MANAGER])
def test_only_admins_reach_curation(client, auth, role):
    facility = make_facility()
    if role is not None:
        make_user(role, email="someone@example.org")
    db.session.commit()
    if role is not None:
        auth.login("someone@example.org")
    for method, url in [("get", "/staff/directory/reports"),
                        ("get", f"/staff/directory/facilities/{facility.public_id}"),
                        ("post", f"/staff/directory/facilities/{facility.public_id}/verify"),
                        ("post", f"/staff/directory/facilities/{facility.public_id}/close")]:
        response = getattr(client, method)(url)
        assert response.status_code in (302, 401, 403), url
        if role is not None:
            assert response.status_code == 403, url
    assert db.session.get(Facility, facility.id).verified_at is None


def test_admin_sees_a_report_and_resolves_it(client, admin):
    facility = make_facility(name="Reported Place")
    report = ListingReport(facility=facility, problem="wrong_phone", details="Disconnected", contact="555-0000")
    db.session.add(report)
    db.session.commit()
    page = client.get("/staff/directory/reports").get_data(as_text=True)
    assert "Reported Place" in page and "Disconnected" in page and "555-0000" in page
    assert client.get("/staff/directory/reports").headers["Cache-Control"] == "no-store"
    client.post(f"/staff/directory/reports/{report.id}/resolve", data={"resolution": "Phone fixed"})
    db.session.expire_all()
    assert report.resolved_at is not None and report.resolution == "Phone fixed" and report.resolved_by_id == admin.id
    assert "Reported Place" not in client.get("/staff/directory/reports").get_data(as_text=True)
    assert actions() == ["listing_report.resolved"]


def test_admin_marks_a_facility_verified_and_the_public_page_says_so(client, admin):
    facility = make_facility(name="Checked Place")
    db.session.commit()
    client.post(f"/staff/directory/facilities/{facility.public_id}/verify")
    db.session.expire_all()
    assert facility.verified_at is not None and facility.verified_by_id == admin.id
    page = client.get(f"/treatment/{facility.public_id}-{facility.slug}").get_data(as_text=True)
    assert "Verified on" in page and "Edit this listing (admin)" in page
    assert actions() == ["facility.verified"]


def test_closing_a_facility_removes_it_from_search_and_reopening_brings_it_back(client, admin):
    facility = make_facility(name="Closing Place")
    db.session.commit()
    client.post(f"/staff/directory/facilities/{facility.public_id}/close")
    assert client.get("/api/v1/facilities").get_json()["total"] == 0
    client.post(f"/staff/directory/facilities/{facility.public_id}/reopen")
    assert client.get("/api/v1/facilities").get_json()["total"] == 1
    assert actions() == ["facility.closed", "facility.reopened"]


def test_admin_corrects_a_listing_and_search_sees_the_new_name(client, admin):
    facility = make_facility(name="Old Name", phone="(702) 555-0100")
    db.session.commit()
    url = f"/staff/directory/facilities/{facility.public_id}"
    form = {"name": "Nuevo Amanecer", "phone": "(702) 555-0199", "city": "Las Vegas", "state": "NV", "zip": "89108",
            "street1": "1 Main St", "latitude": "36.2", "longitude": "-115.2"}
    assert client.post(url, data=form).status_code == 302
    assert client.get("/api/v1/facilities?q=amanecer").get_json()["items"][0]["phone"] == "(702) 555-0199"
    assert actions() == ["facility.corrected"]


def test_a_bad_correction_re_renders_with_messages(client, admin):
    facility = make_facility(name="Place")
    db.session.commit()
    response = client.post(f"/staff/directory/facilities/{facility.public_id}",
                           data={"name": "Place", "state": "Nevada", "website": "not a url"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Two capital letters." in page and "not a url" in page
    assert actions() == []
