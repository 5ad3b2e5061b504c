"""The queue's pure rules: triage, SLA in business hours across DST, quiet hours, dispositions, assessment."""

from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from admissions.core.business_hours import BusinessCalendar
from admissions.intake.models import Disposition, InquiryStatus, Priority
from admissions.navigator import rules

UTC = timezone.utc
LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # a Friday, 10:00 in Los Angeles
WEEKDAYS = {d: ("08:00", "20:00") for d in range(5)} | {5: ("09:00", "17:00"), 6: None}
CALENDAR = BusinessCalendar(timezone="America/Los_Angeles", hours=WEEKDAYS)
SLA = {"critical": 5, "high": 15, "normal": 60}


def test_an_overdose_now_is_critical_with_its_reason():
    result = rules.priority_for(overdose_now=True, in_withdrawal=True, now=NOW)
    assert result.priority is Priority.CRITICAL
    assert result.reason.startswith("Critical:")


def test_suicidal_thoughts_are_critical():
    assert rules.priority_for(suicidal_thoughts=True, now=NOW).priority is Priority.CRITICAL


@pytest.mark.parametrize("answers, reason", [
    ({"in_withdrawal": True}, "in withdrawal"),
    ({"last_use_at": NOW - timedelta(hours=23)}, "used within the last 24 hours"),
    ({"pregnant": True}, "pregnant"),
    ({"substances": ["benzodiazepines"]}, "uses benzodiazepines"),
    ({"substances": ["alcohol"]}, "uses alcohol"),
    ({"recent_overdose": True}, "recent overdose"),
])
def test_high_priority_answers_name_their_reason(answers, reason):
    result = rules.priority_for(now=NOW, **answers)
    assert result.priority is Priority.HIGH
    assert result.reason == f"High: {reason}"


def test_last_use_two_days_ago_of_heroin_alone_is_normal():
    result = rules.priority_for(last_use_at=NOW - timedelta(days=2), substances=["heroin_fentanyl"], now=NOW)
    assert result.priority is Priority.NORMAL


def test_triage_sets_every_queue_column():
    inquiry = SimpleNamespace(overdose_now=False, suicidal_thoughts=False, in_withdrawal=False, last_use_at=None,
                              pregnant=True, substance_list=[], recent_overdose=False, created_at=NOW)
    rules.triage(inquiry, NOW, sla_minutes=SLA, calendar=CALENDAR, fallback_seconds=300)
    assert inquiry.priority is Priority.HIGH and inquiry.priority_rank == 1
    assert inquiry.priority_reason == "High: pregnant"
    assert inquiry.sla_due_at == NOW + timedelta(minutes=15)
    assert inquiry.routable_to_all_at == NOW + timedelta(seconds=300)


def test_sla_counts_only_business_hours_over_the_weekend():
    friday_evening = datetime(2026, 11, 21, 3, 30, tzinfo=UTC)  # Friday 19:30 in Los Angeles
    due = rules.sla_deadline(friday_evening, Priority.NORMAL, SLA, CALENDAR)
    assert due.astimezone(LA) == datetime(2026, 11, 21, 9, 30, tzinfo=LA)  # Saturday 09:30


def test_sla_deadline_is_right_across_the_fall_back_change():
    # Saturday 1 November 2025 16:30 PDT; the clocks fall back that night; Sunday closed.
    start = datetime(2025, 11, 1, 16, 30, tzinfo=LA)
    due = rules.sla_deadline(start, Priority.NORMAL, SLA, CALENDAR)
    assert due.astimezone(LA).replace(tzinfo=None) == datetime(2025, 11, 3, 8, 30)  # 30 min Sat, 30 min Mon
    assert due.utcoffset() is not None and due.astimezone(LA).utcoffset() == timedelta(hours=-8)


@pytest.mark.parametrize("action, start, allowed", [
    ("claim", InquiryStatus.WAITING, True),
    ("claim", InquiryStatus.CLAIMED, False),
    ("release", InquiryStatus.WAITING, False),
    ("close", InquiryStatus.CLAIMED, True),
    ("close", InquiryStatus.CLOSED, False),
    ("reassign", InquiryStatus.CLOSED, False),
    ("attempt", InquiryStatus.WAITING, False),
])
def test_transitions(action, start, allowed):
    assert rules.can_transition(action, start) is allowed


def test_next_status_refuses_a_forbidden_transition():
    assert rules.next_status("close", InquiryStatus.CLAIMED) is InquiryStatus.CLOSED
    with pytest.raises(ValueError):
        rules.next_status("claim", InquiryStatus.CLOSED)


@pytest.mark.parametrize("local_time, ok", [(time(7, 59), False), (time(8, 0), True), (time(20, 59), True),
                                            (time(21, 0), False), (time(23, 30), False)])
def test_quiet_hours_are_caller_local(local_time, ok):
    instant = rules.local_to_utc(date(2026, 12, 1), local_time, "America/New_York")
    if ok:
        rules.check_callable(instant, "America/New_York")
    else:
        with pytest.raises(rules.QuietHours):
            rules.check_callable(instant, "America/New_York")


def test_a_callback_keeps_its_wall_clock_time_across_spring_forward():
    before = rules.local_to_utc(date(2026, 3, 7), time(9, 0), "America/Chicago")
    after = rules.local_to_utc(date(2026, 3, 9), time(9, 0), "America/Chicago")
    assert before.hour == 15 and after.hour == 14  # CST is UTC-6, CDT UTC-5


def test_a_time_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="does not exist"):
        rules.local_to_utc(date(2026, 3, 8), time(2, 30), "America/Chicago")


def test_a_callback_is_overdue_after_its_grace_period():
    due = NOW - timedelta(minutes=5)
    assert not rules.callback_is_overdue(due, NOW, 600)
    assert rules.callback_is_overdue(due, NOW + timedelta(minutes=6), 600)


def test_referred_needs_a_facility():
    with pytest.raises(rules.DispositionRefused) as refused:
        rules.check_disposition(Disposition.REFERRED)
    assert refused.value.field == "facility_id"


def test_scheduled_needs_a_date():
    with pytest.raises(rules.DispositionRefused):
        rules.check_disposition(Disposition.SCHEDULED, facility_id=3)
    rules.check_disposition(Disposition.SCHEDULED, facility_id=3, intake_on=date(2026, 12, 1))


def test_duplicate_needs_another_inquiry():
    with pytest.raises(rules.DispositionRefused):
        rules.check_disposition(Disposition.DUPLICATE, inquiry_id=4)
    with pytest.raises(rules.DispositionRefused):
        rules.check_disposition(Disposition.DUPLICATE, inquiry_id=4, merged_into_id=4)
    rules.check_disposition(Disposition.DUPLICATE, inquiry_id=4, merged_into_id=2)


def test_unreachable_needs_enough_attempts_over_two_days():
    same_day = [NOW, NOW + timedelta(hours=1), NOW + timedelta(hours=2)]
    with pytest.raises(rules.DispositionRefused, match="two days"):
        rules.check_disposition(Disposition.UNREACHABLE, attempt_times=same_day, zone_name="America/Los_Angeles")
    with pytest.raises(rules.DispositionRefused):
        rules.check_disposition(Disposition.UNREACHABLE, attempt_times=[NOW, NOW + timedelta(days=1)],
                                zone_name="America/Los_Angeles")
    rules.check_disposition(Disposition.UNREACHABLE, attempt_times=same_day[:2] + [NOW + timedelta(days=1)],
                            zone_name="America/Los_Angeles")


def test_days_of_attempts_are_counted_in_the_callers_zone():
    # One UTC day, but 22:00 and 23:30 on the 19th and 01:00 on the 20th in Los Angeles.
    attempts = [datetime(2026, 11, 20, 6, 0, tzinfo=UTC), datetime(2026, 11, 20, 7, 30, tzinfo=UTC),
                datetime(2026, 11, 20, 9, 0, tzinfo=UTC)]
    rules.check_disposition(Disposition.UNREACHABLE, attempt_times=attempts, zone_name="America/Los_Angeles")
    with pytest.raises(rules.DispositionRefused):
        rules.check_disposition(Disposition.UNREACHABLE, attempt_times=attempts, zone_name="UTC")


def test_withdrawal_window_is_in_the_callers_time():
    last = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 18:00 on the 19th in Los Angeles
    window = rules.withdrawal_window(last, "America/Los_Angeles")
    assert window.onset_from == datetime(2026, 11, 20, 0, 0, tzinfo=LA)
    assert window.onset_to == datetime(2026, 11, 20, 6, 0, tzinfo=LA)
    assert window.worst_to - window.worst_from == timedelta(days=2)
    assert window.easing_to.date() == date(2026, 11, 26)
    assert window.onset_from.tzinfo.key == "America/Los_Angeles"


def test_benzodiazepines_with_methadone_raise_the_warning():
    warnings = rules.assessment_warnings(["benzodiazepines", "methadone"])
    assert any("deadly overdose" in w for w in warnings)


def test_a_buprenorphine_prescription_in_the_medications_with_xanax_raises_the_warning():
    warnings = rules.assessment_warnings(["heroin_fentanyl"], "Suboxone 8mg daily, Xanax as needed")
    assert any("deadly overdose" in w for w in warnings)


def test_heroin_alone_raises_no_warning():
    assert rules.assessment_warnings(["heroin_fentanyl"], "") == []


def test_several_substances_raise_the_polysubstance_note():
    warnings = rules.assessment_warnings(["heroin_fentanyl", "methamphetamine"])
    assert len(warnings) == 1 and warnings[0].startswith("Polysubstance")


def test_the_withdrawal_window_counts_real_hours_across_spring_forward():
    chicago = ZoneInfo("America/Chicago")
    last = datetime(2026, 3, 7, 22, 0, tzinfo=chicago)  # clocks jump from 02:00 to 03:00 that night
    window = rules.withdrawal_window(last.astimezone(UTC), "America/Chicago")
    assert window.onset_to.replace(tzinfo=None) == datetime(2026, 3, 8, 11, 0)  # 12 real hours later
    assert window.onset_to.astimezone(UTC) - last.astimezone(UTC) == timedelta(hours=12)
