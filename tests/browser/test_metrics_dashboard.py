"""A manager signs in, opens the metrics dashboard, changes the range and downloads a CSV."""

from __future__ import annotations

import csv
import io

import pytest

from admissions.auth.models import Role
from admissions.metrics.demo import load_demo_history
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_user

MANAGER_EMAIL = "maya.metrics@example.org"


@pytest.fixture
def history(live_db):
    make_user(Role.MANAGER, email=MANAGER_EMAIL, name="Maya Metrics")
    load_demo_history(seed=5, echo=lambda _m: None, days=35)
    live_db.session.commit()


def test_a_manager_reads_the_dashboard_changes_the_range_and_exports_a_csv(page, live_db, history):
    sign_in(page, live_db, MANAGER_EMAIL)
    page.goto("/staff/metrics")
    assert page.get_by_role("heading", name="Metrics", exact=True).is_visible()
    assert page.get_by_role("heading", name="Right now").is_visible()
    assert page.locator('[data-figure="waiting"]').inner_text() != "0"
    assert page.get_by_role("img", name="Inquiries per day").is_visible()
    assert page.locator("table:has(#caption-daily) tbody tr").count() == 7
    assert_accessible(page, "dashboard, last 7 days")

    page.get_by_label("Last 30 days").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "range=30" in page.url
    assert page.locator("table:has(#caption-daily) tbody tr").count() == 30
    assert_accessible(page, "dashboard, last 30 days")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “By source” as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("metrics-by_source-")
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert {row["group"] for row in rows} <= {"Web form", "Partner API", "Staff entry"}
    assert sum(int(row["created"]) for row in rows) > 100


def test_the_settings_page_is_accessible_and_reports_bad_input(page, live_db, history):
    sign_in(page, live_db, MANAGER_EMAIL)
    page.goto("/staff/metrics/settings")
    assert_accessible(page, "settings")
    page.get_by_label("Service level X (minutes)").fill("0")
    page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("Number must be between 1 and 240.").is_visible()
    assert_accessible(page, "settings with an error")
