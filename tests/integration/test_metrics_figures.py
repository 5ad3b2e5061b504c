"""Every history figure against values worked out by hand on a small, awkward fixture.

The range is Saturday 7 to Monday 9 March 2026 in America/Los_Angeles: Sunday 8 March is the
day clocks spring forward (23 hours long). The business calendar is the default (Los Angeles,
Mon-Fri 08:00-20:00, Sat 09:00-17:00, Sunday closed). X = 15 minutes, callback grace N = 15.

Inquiries (UTC creation, local time, calendar open or closed then, what happened):
  A  Mar 7 17:30Z  Sat 09:30 PST, open   attempt +10 min, reached then; admitted
  B  Mar 7 20:00Z  Sat 12:00 PST, open   attempt +20 min (no answer), reached +60; referred
  C  Mar 8 07:50Z  Sat 23:50 PST, closed attempt exactly +15 min after local midnight; never reached;
                                         unreachable (abandoned)
  D  Mar 8 09:30Z  Sun 01:30 PST, closed attempt +60 min (03:30 PDT: two hours by the wall clock);
                                         reached then; admitted
  E  Mar 8 20:00Z  Sun 13:00 PDT, closed never attempted, still waiting
  F  Mar 9 16:00Z  Mon 09:00 PDT, open   attempt +5 min, reached on a callback +130 min; not ready
  G  Mar 9 17:00Z  Mon 10:00 PDT, open   attempt +30 min, never reached, held by Sam
  H  Mar 9 07:30Z  Mon 00:30 PDT, closed never attempted (a fixed UTC-8 day would put it on Sunday)
Outside the range: one created Mar 7 07:59Z (Fri 23:59 PST), one Mar 10 07:30Z (Tue 00:30 PDT).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from admissions.auth.models import Role
from admissions.core.business_hours import calendar_from_settings
from admissions.core.settings import get_setting
from admissions.extensions import db
from admissions.intake.models import (
    Callback, Claim, Disposition, InquiryEvent, InquiryStatus, InsurancePolicy, Source,
)
from admissions.metrics.periods import period
from admissions.metrics.report import MetricSettings, history_report
from tests.factories import make_inquiry, make_user

TZ = "America/Los_Angeles"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=timezone.utc)


def build_fixture():
    nora = make_user(Role.NAVIGATOR, name="Nora")
    sam = make_user(Role.NAVIGATOR, name="Sam")

    def inquiry(created, *, source=Source.WEB, state="NV", plan=None, first_attempt=None, first_contact=None,
                attempts=0, disposition=None, closed=None, status=None, holder=None):
        row = make_inquiry(
            created_at=created, source=source, state=state, first_attempt_at=first_attempt,
            first_contact_at=first_contact, attempts_count=attempts, disposition=disposition, closed_at=closed,
            status=status or (InquiryStatus.CLOSED if disposition else InquiryStatus.WAITING),
            claimed_by_id=holder.id if holder else None)
        if plan:
            db.session.add(InsurancePolicy(inquiry_id=row.id, plan_type=plan))
        return row

    a = inquiry(at(7, 17, 30), plan="medicaid", first_attempt=at(7, 17, 40), first_contact=at(7, 17, 40),
                attempts=1, disposition=Disposition.ADMITTED, closed=at(7, 18))
    b = inquiry(at(7, 20), source=Source.API, state="CA", plan="commercial", first_attempt=at(7, 20, 20),
                first_contact=at(7, 21), attempts=2, disposition=Disposition.REFERRED, closed=at(7, 21, 10))
    c = inquiry(at(8, 7, 50), first_attempt=at(8, 8, 5), attempts=3, disposition=Disposition.UNREACHABLE,
                closed=at(9, 18))
    d = inquiry(at(8, 9, 30), source=Source.STAFF, state="AZ", plan="medicaid", first_attempt=at(8, 10, 30),
                first_contact=at(8, 10, 30), attempts=1, disposition=Disposition.ADMITTED, closed=at(8, 10, 45))
    e = inquiry(at(8, 20), plan="self_pay")
    f = inquiry(at(9, 16), source=Source.API, state="CA", plan="commercial", first_attempt=at(9, 16, 5),
                first_contact=at(9, 18, 10), attempts=2, disposition=Disposition.NOT_READY, closed=at(9, 18, 20))
    g = inquiry(at(9, 17), plan="medicaid", first_attempt=at(9, 17, 30), attempts=2,
                status=InquiryStatus.CLAIMED, holder=sam)
    h = inquiry(at(9, 7, 30), source=Source.STAFF, plan="medicare")
    inquiry(at(7, 7, 59), first_attempt=at(7, 8, 0), attempts=1)
    inquiry(at(10, 7, 30), first_attempt=at(10, 7, 31), first_contact=at(10, 7, 31), attempts=1,
            disposition=Disposition.ADMITTED, closed=at(10, 8))

    claims = [(a, nora, at(7, 17, 35), at(7, 18), "closed"), (b, sam, at(7, 20, 15), at(7, 20, 25), "released"),
              (b, sam, at(7, 20, 55), at(7, 21, 10), "closed"), (c, nora, at(8, 8), at(8, 8, 15), "expired"),
              (d, sam, at(8, 10, 25), at(8, 10, 45), "closed"), (f, nora, at(9, 16, 2), at(9, 16, 8), "released"),
              (f, nora, at(9, 18, 5), at(9, 18, 20), "closed"), (g, sam, at(9, 17, 28), None, None)]
    for row, who, start, end, reason in claims:
        db.session.add(Claim(inquiry_id=row.id, navigator_id=who.id, claimed_at=start, ended_at=end, end_reason=reason))

    attempts = [(a, nora, at(7, 17, 40), "connected"), (b, sam, at(7, 20, 20), "no_answer"),
                (b, sam, at(7, 21), "connected"), (c, nora, at(8, 8, 5), "no_answer"),
                (c, nora, at(8, 17), "voicemail"), (c, sam, at(9, 17, 50), "no_answer"),
                (d, sam, at(8, 10, 30), "connected"), (f, nora, at(9, 16, 5), "no_answer"),
                (f, nora, at(9, 18, 10), "connected"), (g, sam, at(9, 17, 30), "no_answer"),
                (g, sam, at(9, 19, 40), "no_answer")]
    for row, who, when, outcome in attempts:
        db.session.add(InquiryEvent(inquiry_id=row.id, actor_id=who.id, at=when, kind="attempt", outcome=outcome))
    for row, who in ((a, nora), (b, sam), (c, sam), (d, sam), (f, nora)):
        db.session.add(InquiryEvent(inquiry_id=row.id, actor_id=who.id, at=row.closed_at, kind="closed"))

    callbacks = [(f, nora, at(9, 18), at(9, 18, 10), None),   # on time (+10 min)
                 (g, sam, at(9, 19), at(9, 19, 40), None),    # late (+40 min)
                 (b, sam, at(7, 20, 45), at(7, 21), None),    # on time, exactly +15 min
                 (c, nora, at(8, 16), None, None),            # missed
                 (e, None, at(8, 22), None, at(8, 21)),       # cancelled before due: not due
                 (h, None, at(10, 16), None, None),           # due after the range
                 (d, sam, at(8, 11), at(8, 10, 30), None)]    # early (-30 min)
    for row, who, due, attempted, cancelled in callbacks:
        db.session.add(Callback(inquiry_id=row.id, owner_id=who.id if who else None, due_at=due,
                                attempted_at=attempted, cancelled_at=cancelled))
    db.session.flush()


@pytest.fixture
def report(app):
    build_fixture()
    settings = MetricSettings(calendar=calendar_from_settings(get_setting), service_level_minutes=15,
                              callback_grace_minutes=15)
    return history_report(period(date(2026, 3, 7), date(2026, 3, 9), TZ), now=NOW, settings=settings)


def test_the_range_runs_from_local_midnight_to_local_midnight_across_the_clock_change(report):
    assert report.period.start == at(7, 8)
    assert report.period.end == at(10, 7)
    assert [end - start for _day, start, end in report.period.days][1].total_seconds() == 23 * 3600


def test_cohort_figures_match_the_hand_worked_values(report):
    f = report.figures
    assert f["created"] == 8
    assert f["attempted"] == 6 and f["never_attempted"] == 2
    # first attempts: 300 600 900 1200 1800 3600
    assert f["speed_to_first_attempt_median_seconds"] == pytest.approx(1050)
    assert f["speed_to_first_attempt_p90_seconds"] == pytest.approx(2700)
    # contacts: 600 3600 3600 7800
    assert f["contacted"] == 4
    assert f["speed_to_contact_median_seconds"] == pytest.approx(3600)
    assert f["speed_to_contact_p90_seconds"] == pytest.approx(6540)
    assert f["within_x"] == 3 and f["service_level"] == pytest.approx(3 / 8)
    assert f["contact_rate"] == pytest.approx(0.5)
    assert f["abandoned"] == 1 and f["abandonment_rate"] == pytest.approx(1 / 8)
    assert f["admitted_conversion"] == pytest.approx(0.5)
    assert f["referred_conversion"] == pytest.approx(0.25)
    assert f["attempts_per_inquiry"] == pytest.approx(11 / 8)


def test_service_level_splits_business_hours_from_after_hours(report):
    f = report.figures
    assert f["business_hours_created"] == 4            # A B F G
    assert f["service_level_business_hours"] == pytest.approx(0.5)   # A F
    assert f["after_hours_created"] == 4               # C D E H
    assert f["service_level_after_hours"] == pytest.approx(0.25)     # C


def test_callback_adherence_counts_on_time_early_late_and_missed(report):
    f = report.figures
    assert (f["callbacks_due"], f["callbacks_on_time"], f["callbacks_early"], f["callbacks_late"],
            f["callbacks_missed"]) == (5, 2, 1, 1, 1)
    assert f["callback_adherence"] == pytest.approx(0.4)


def test_handle_time_uses_claims_ended_by_release_or_close(report):
    # 360 600 900 900 1200 1500; the expired claim and the open one are left out
    assert report.figures["handle_time_median_seconds"] == pytest.approx(900)
    assert report.figures["handle_time_p90_seconds"] == pytest.approx(1350)


def test_days_are_local_days_including_the_23_hour_one(report):
    rows = {r["day"]: r for r in report.tables["daily"].rows}
    assert [(d, rows[d]["created"], rows[d]["attempted"], rows[d]["within_x"], rows[d]["contacted"],
             rows[d]["admitted"], rows[d]["referred"], rows[d]["abandoned"]) for d in sorted(rows)] == [
        ("2026-03-07", 3, 3, 2, 2, 1, 1, 1),
        ("2026-03-08", 2, 1, 0, 1, 1, 0, 0),
        ("2026-03-09", 3, 2, 1, 1, 0, 0, 0),
    ]


def test_breakdown_by_source(report):
    rows = {r["group"]: r for r in report.tables["by_source"].rows}
    assert [r["group"] for r in report.tables["by_source"].rows] == ["Web form", "Partner API", "Staff entry"]
    web, api, staff = rows["Web form"], rows["Partner API"], rows["Staff entry"]
    assert (web["created"], web["within_x"], web["contacted"], web["abandoned"], web["attempts"]) == (4, 2, 1, 1, 6)
    assert web["speed_to_first_attempt_median_seconds"] == pytest.approx(900)
    assert web["speed_to_first_attempt_p90_seconds"] == pytest.approx(1620)
    assert web["speed_to_contact_median_seconds"] == pytest.approx(600)
    assert web["admitted_conversion"] == pytest.approx(1.0) and web["referred_conversion"] == pytest.approx(0.0)
    assert api["speed_to_first_attempt_median_seconds"] == pytest.approx(750)
    assert api["speed_to_first_attempt_p90_seconds"] == pytest.approx(1110)
    assert api["speed_to_contact_median_seconds"] == pytest.approx(5700)
    assert api["speed_to_contact_p90_seconds"] == pytest.approx(7380)
    assert api["contact_rate"] == pytest.approx(1.0) and api["referred_conversion"] == pytest.approx(0.5)
    assert api["attempts_per_inquiry"] == pytest.approx(2.0)
    assert (staff["created"], staff["never_attempted"], staff["admitted"]) == (2, 1, 1)
    assert staff["speed_to_first_attempt_median_seconds"] == pytest.approx(3600)


def test_breakdown_by_plan_type_and_state(report):
    plans = {r["group"]: r for r in report.tables["by_plan_type"].rows}
    assert {k: v["created"] for k, v in plans.items()} == {
        "Medicaid": 3, "Commercial": 2, "Not given": 1, "Self-pay": 1, "Medicare": 1}
    medicaid = plans["Medicaid"]
    assert medicaid["speed_to_first_attempt_median_seconds"] == pytest.approx(1800)
    assert medicaid["speed_to_first_attempt_p90_seconds"] == pytest.approx(3240)
    assert medicaid["service_level"] == pytest.approx(1 / 3)
    assert medicaid["contact_rate"] == pytest.approx(2 / 3) and medicaid["admitted_conversion"] == pytest.approx(1.0)
    states = {r["group"]: r["created"] for r in report.tables["by_state"].rows}
    assert states == {"NV": 5, "CA": 2, "AZ": 1}


def test_breakdown_by_navigator(report):
    rows = {r["navigator"]: r for r in report.tables["by_navigator"].rows}
    nora, sam = rows["Nora"], rows["Sam"]
    assert (nora["claims"], nora["handled"], nora["attempts"], nora["inquiries_attempted"], nora["reached"]) == (
        4, 3, 5, 3, 2)
    assert nora["handle_time_median_seconds"] == pytest.approx(900)
    assert nora["handle_time_p90_seconds"] == pytest.approx(1380)
    assert nora["attempts_per_inquiry"] == pytest.approx(5 / 3)
    assert (nora["closed"], nora["admitted"], nora["referred"]) == (2, 1, 0)
    assert nora["admitted_conversion"] == pytest.approx(0.5)
    assert (nora["callbacks_due"], nora["callbacks_on_time"]) == (2, 1)
    assert (sam["claims"], sam["handled"], sam["attempts"], sam["inquiries_attempted"], sam["reached"]) == (
        4, 3, 6, 4, 2)
    assert sam["handle_time_median_seconds"] == pytest.approx(900)
    assert sam["handle_time_p90_seconds"] == pytest.approx(1140)
    assert (sam["closed"], sam["admitted"], sam["referred"]) == (3, 1, 1)
    assert sam["referred_conversion"] == pytest.approx(0.5)
    assert sam["callback_adherence"] == pytest.approx(1 / 3)
