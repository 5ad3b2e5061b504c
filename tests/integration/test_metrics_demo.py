"""The demo history: deterministic for a seed, realistic enough to fill every panel, quick."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import Callback, Claim, Inquiry, InquiryEvent
from admissions.metrics.demo import load_demo_history
from admissions.metrics.periods import period
from admissions.metrics.queries import live_panel
from admissions.metrics.report import history_report, metric_settings
from tests.conftest import empty_database

NOW = datetime(2026, 11, 20, 19, 0, tzinfo=timezone.utc)


def _fingerprint():
    return (
        db.session.scalar(select(func.count()).select_from(Inquiry)),
        db.session.scalar(select(func.sum(Inquiry.attempts_count))),
        db.session.scalar(select(func.count()).select_from(InquiryEvent)),
        db.session.scalar(select(func.count()).select_from(Callback)),
        db.session.scalar(select(func.count()).select_from(Claim)),
        tuple(db.session.execute(select(Inquiry.disposition, func.count()).group_by(Inquiry.disposition)
                                 .order_by(Inquiry.disposition)).all()),
    )


def test_demo_load_fills_90_days_and_the_live_panel(runner, monkeypatch):
    # Facilities are the directory area's step; this test is about the metrics step only.
    monkeypatch.setattr("admissions.directory.demo.load_demo_facilities", lambda **_kw: None)
    result = runner.invoke(args=["demo", "load", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "demo inquiries over 90 days" in result.output
    created = db.session.scalar(select(func.count()).select_from(Inquiry))
    assert 4000 < created < 10000
    now = utcnow()
    today = now.astimezone(ZoneInfo("America/Los_Angeles")).date()
    report = history_report(period(today - timedelta(days=30), today - timedelta(days=1), "America/Los_Angeles"),
                            now=now, settings=metric_settings())
    figures = report.figures
    assert 1500 < figures["created"] < 3000
    assert 0.5 < figures["contact_rate"] < 0.85
    assert 0.05 < figures["abandonment_rate"] < 0.4
    assert 0.4 < figures["service_level"] < 0.95
    assert figures["service_level_business_hours"] > figures["service_level_after_hours"]
    assert 0.5 < figures["callback_adherence"] < 1
    assert figures["speed_to_first_attempt_median_seconds"] < figures["speed_to_first_attempt_p90_seconds"]
    assert len(report.tables["by_navigator"].rows) >= 5
    assert all(row["claims"] > 0 for row in report.tables["by_navigator"].rows)
    panel = live_panel(now, grace_minutes=15)
    assert panel.waiting_total >= 7 and panel.callbacks_overdue >= 1 and panel.callbacks_due >= 1
    assert len(panel.navigators) >= 2


def test_the_same_seed_gives_the_same_history_and_a_second_run_adds_nothing(app):
    load_demo_history(seed=3, echo=lambda _m: None, now=NOW, days=10)
    db.session.commit()
    first = _fingerprint()
    assert load_demo_history(seed=3, echo=lambda _m: None, now=NOW, days=10) == 0
    db.session.remove()
    empty_database()
    load_demo_history(seed=3, echo=lambda _m: None, now=NOW, days=10)
    db.session.commit()
    assert _fingerprint() == first
    db.session.remove()
    empty_database()
    load_demo_history(seed=4, echo=lambda _m: None, now=NOW, days=10)
    assert _fingerprint() != first
