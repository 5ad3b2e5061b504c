"""The dashboard, its live fragment, CSV exports, the settings page and the API, through HTTP."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.auth.tokens import issue_token
from admissions.core.settings import get_setting
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import InquiryStatus, Priority
from tests.factories import make_inquiry, make_user


@pytest.fixture
def manager(app):
    user = make_user(Role.MANAGER, email="maya@example.org", name="Maya")
    db.session.commit()
    return user


@pytest.fixture
def as_manager(client, auth, manager):
    auth.login("maya@example.org")
    return client


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/staff/metrics")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize("role, status", [(Role.NAVIGATOR, 403), (Role.MANAGER, 200), (Role.ADMIN, 200)])
def test_only_managers_and_admins_open_the_dashboard(client, auth, role, status):
    make_user(role, email="someone@example.org")
    db.session.commit()
    auth.login("someone@example.org")
    for path in ("/staff/metrics", "/staff/metrics/live", "/staff/metrics/export/daily.csv",
                 "/staff/metrics/settings"):
        assert client.get(path).status_code == status, path


def test_the_dashboard_shows_live_figures_history_and_definitions(as_manager):
    now = utcnow()
    make_inquiry(created_at=now - timedelta(minutes=90), priority=Priority.CRITICAL)
    make_inquiry(created_at=now - timedelta(minutes=10), first_attempt_at=now - timedelta(minutes=5),
                 attempts_count=1)
    db.session.commit()
    page = as_manager.get("/staff/metrics?range=7").get_data(as_text=True)
    assert 'data-figure="waiting">2<' in page
    assert "Critical 1, high 0, normal 1" in page
    assert 'data-figure="oldest-waiting">1 h 30 min<' in page
    assert "Speed to first attempt, median" in page and "linear interpolation" in page
    assert "within 15 minutes of creation" in page      # X substituted into the definition
    assert '<svg class="chart"' in page and "<title id=\"chart-created-title\">Inquiries per day</title>" in page
    for caption in ("By navigator", "By source", "By plan type", "By state"):
        assert f">{caption}</caption>" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "metrics.viewed")) is not None


def test_a_custom_range_in_another_zone_is_shown(as_manager):
    page = as_manager.get("/staff/metrics?range=custom&from=2026-03-01&to=2026-03-31&tz=America/New_York")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Mar 1, 2026 – Mar 31, 2026</strong>, days in America/New_York" in text
    assert text.count("<th scope=\"row\">2026-03-") == 31


@pytest.mark.parametrize("query, field, message", [
    ("range=custom&from=2026-03-10&to=2026-03-01", "to", "The end date is before the start date."),
    ("range=custom&from=yesterday&to=2026-03-01", "from", "Give a date as YYYY-MM-DD."),
    ("range=7&tz=Mars/Olympus", "tz", "Unknown time zone"),
    ("range=42", "range", "Choose today, 7 days, 30 days or a custom range."),
])
def test_a_bad_range_re_renders_with_a_message_and_what_was_typed(as_manager, query, field, message):
    response = as_manager.get(f"/staff/metrics?{query}")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in text and f'id="{field}-error"' in text
    if field == "from":
        assert 'value="yesterday"' in text


def test_the_live_fragment_lists_navigators_and_what_they_hold(as_manager):
    nora = make_user(Role.NAVIGATOR, name="Nora Navigator")
    make_inquiry(status=InquiryStatus.CLAIMED, claimed_by_id=nora.id, claimed_at=utcnow() - timedelta(minutes=4),
                 lease_expires_at=utcnow() + timedelta(minutes=11), priority=Priority.HIGH)
    db.session.commit()
    fragment = as_manager.get("/staff/metrics/live").get_data(as_text=True)
    assert "<html" not in fragment
    assert "Nora Navigator" in fragment and "critical 0, high 1, normal 0" in fragment


def test_every_table_exports_as_csv_and_the_export_is_audited(as_manager):
    make_inquiry(created_at=utcnow() - timedelta(hours=2), state="AZ")
    db.session.commit()
    for name in ("summary", "daily", "by_navigator", "by_source", "by_plan_type", "by_state"):
        response = as_manager.get(f"/staff/metrics/export/{name}.csv?range=7")
        assert response.status_code == 200 and response.mimetype == "text/csv", name
        assert f"metrics-{name}-" in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        if name == "by_state":
            assert rows[0]["group"] == "AZ" and rows[0]["created"] == "1"
        if name == "summary":
            assert {"figure": "created", "value": "1"}.items() <= rows[0].items()
    audited = db.session.scalars(select(AuditEvent.target_id).where(AuditEvent.action == "metrics.exported")).all()
    assert len(audited) == 6 and all(":" in target for target in audited)


def test_an_unknown_table_is_not_found(as_manager):
    assert as_manager.get("/staff/metrics/export/passwords.csv").status_code == 404


def _settings_form(**changes) -> dict:
    data = {"business_timezone": "America/Chicago", "business_holidays": "US-TX",
            "business_closed_dates": "2026-12-24\n2026-12-31", "sla_critical": "5", "sla_high": "20",
            "sla_normal": "90", "service_level_minutes": "10", "callback_grace_minutes": "20", "my_timezone": ""}
    for day in range(5):
        data[f"opens_{day}"], data[f"closes_{day}"] = "07:30", "19:00"
    data["opens_5"], data["closes_5"] = "09:00", "13:00"
    data["closed_6"] = "y"
    data.update(changes)
    return data


def test_managers_save_business_hours_holidays_sla_and_service_level(as_manager):
    response = as_manager.post("/staff/metrics/settings", data=_settings_form(my_timezone="America/New_York"))
    assert response.status_code == 302
    assert get_setting("business_timezone") == "America/Chicago"
    assert get_setting("business_hours")["0"] == ["07:30", "19:00"] and get_setting("business_hours")["6"] is None
    assert get_setting("business_closed_dates") == ["2026-12-24", "2026-12-31"]
    assert get_setting("sla_minutes") == {"critical": 5, "high": 20, "normal": 90}
    assert get_setting("service_level_minutes") == 10
    page = as_manager.get("/staff/metrics").get_data(as_text=True)
    assert "X = 10 minutes" in page and "days in America/New_York" in page
    form = as_manager.get("/staff/metrics/settings").get_data(as_text=True)
    assert 'value="07:30"' in form and "2026-12-24" in form


def test_bad_settings_re_render_with_a_message_per_field(as_manager):
    response = as_manager.post("/staff/metrics/settings", data=_settings_form(
        business_timezone="Nowhere/City", opens_2="25:99", closes_3="06:00", sla_high="0", business_holidays="ZZ"))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Nowhere/City"' in text and "Unknown time zone" in text
    assert "Use a 24-hour time" in text and "Closing must come after opening." in text
    assert "Number must be between 1 and 1440." in text and "Use a country code" in text
    assert get_setting("business_timezone") == "America/Los_Angeles"


# ---------------------------------------------------------------- API


def _token(role: Role) -> str:
    user = make_user(role)
    token = issue_token(user)
    db.session.commit()
    return token


def test_the_api_answers_managers_with_the_figures_named_as_on_the_page(client):
    make_inquiry(created_at=utcnow() - timedelta(hours=1))
    token = _token(Role.MANAGER)
    today = utcnow().date()
    response = client.get(f"/api/v1/metrics?from={today - timedelta(days=2)}&to={today + timedelta(days=1)}&tz=UTC",
                          headers={"Authorization": f"Bearer {token}"})
    body = response.get_json()
    assert response.status_code == 200
    assert body["tz"] == "UTC" and body["figures"]["created"] == 1
    assert body["figures"]["service_level"] == 0.0
    assert body["definitions"]["service_level"]["label"] == "Service level"
    assert set(body["tables"]) == {"daily", "by_navigator", "by_source", "by_plan_type", "by_state"}
    assert len(body["tables"]["daily"]) == 4


@pytest.mark.parametrize("query, field", [
    ("to=2026-03-01", "from"), ("from=2026-03-01", "to"), ("from=2026-3-1x&to=2026-03-02", "from"),
    ("from=2026-03-05&to=2026-03-01", "to"), ("from=2025-01-01&to=2026-03-01", "to"),
    ("from=2026-03-01&to=2026-03-02&tz=Moon/Base", "tz"),
])
def test_the_api_explains_bad_parameters_in_json(client, query, field):
    token = _token(Role.ADMIN)
    response = client.get(f"/api/v1/metrics?{query}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.get_json()["field"] == field and response.get_json()["error"]


def test_the_api_refuses_missing_tokens_and_navigators(client):
    assert client.get("/api/v1/metrics?from=2026-03-01&to=2026-03-02").status_code == 401
    token = _token(Role.NAVIGATOR)
    response = client.get("/api/v1/metrics?from=2026-03-01&to=2026-03-02", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and "error" in response.get_json()


@pytest.mark.parametrize("role, shown", [(Role.NAVIGATOR, False), (Role.MANAGER, True), (Role.ADMIN, True)])
def test_the_metrics_link_is_in_the_menu_for_managers_only(client, auth, role, shown):
    make_user(role, email="menu@example.org")
    db.session.commit()
    auth.login("menu@example.org")
    assert ('href="/staff/metrics"' in client.get("/").get_data(as_text=True)) is shown
