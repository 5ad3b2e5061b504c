"""The queue's pure rules: triage, SLA deadlines, transitions, quiet hours, dispositions, assessment.

Nothing here touches the database or the request; every function takes what it needs and is
tested as a plain function (tests/unit/test_navigator_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from admissions.core.business_hours import BusinessCalendar
from admissions.intake.models import Disposition, InquiryStatus, Priority
from admissions.intake.rules import emergency_reasons

#: Callers may be called from 08:00 until 21:00 in their own time zone.
QUIET_HOURS_END = time(8, 0)
QUIET_HOURS_START = time(21, 0)

ATTEMPT_OUTCOMES = ("no_answer", "voicemail", "connected", "wrong_number", "call_later")
#: Outcomes that reached the person (first contact).
CONTACT_OUTCOMES = frozenset({"connected", "call_later"})

BENZODIAZEPINE_WORDS = ("benzodiazepine", "xanax", "alprazolam", "valium", "diazepam", "klonopin",
                        "clonazepam", "ativan", "lorazepam", "restoril", "temazepam")
OPIOID_MEDICATION_WORDS = ("methadone", "buprenorphine", "suboxone", "subutex", "zubsolv", "sublocade",
                           "brixadi")


# --- triage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Triage:
    priority: Priority
    reason: str


def priority_for(*, overdose_now: bool = False, suicidal_thoughts: bool = False, in_withdrawal: bool = False,
                 last_use_at: datetime | None = None, pregnant: bool = False, substances=(),
                 recent_overdose: bool = False, now: datetime) -> Triage:
    """Priority and a reason a navigator can read at a glance."""
    emergencies = emergency_reasons({"overdose_now": overdose_now, "suicidal_thoughts": suicidal_thoughts,
                                     "pregnant": pregnant, "in_withdrawal": in_withdrawal})
    if emergencies:
        return Triage(Priority.CRITICAL, "Critical: " + ", ".join(emergencies))
    substances = set(substances)
    reasons = []
    if in_withdrawal:
        reasons.append("in withdrawal")
    elif last_use_at is not None and now - last_use_at <= timedelta(hours=24):
        reasons.append("used within the last 24 hours")
    if pregnant:
        reasons.append("pregnant")
    if "benzodiazepines" in substances:
        reasons.append("uses benzodiazepines")
    if "alcohol" in substances:
        reasons.append("uses alcohol")
    if recent_overdose:
        reasons.append("recent overdose")
    if reasons:
        return Triage(Priority.HIGH, "High: " + ", ".join(reasons))
    return Triage(Priority.NORMAL, "Normal: no urgent answers")


def sla_deadline(created_at: datetime, priority: Priority, sla_minutes: dict, calendar: BusinessCalendar) -> datetime:
    """First-attempt deadline: the priority's minutes counted in the calendar's open hours."""
    minutes = sla_minutes.get(priority.value, sla_minutes.get("normal", 60))
    return calendar.add_minutes(created_at, minutes)


def triage(inquiry, now: datetime, *, sla_minutes: dict | None = None, calendar: BusinessCalendar | None = None,
           fallback_seconds: int | None = None) -> Triage:
    """Set priority, rank, reason, SLA deadline and skills-fallback time on ``inquiry``.

    Called when an inquiry is created. Settings default to the app's (``get_setting``) when not given.
    """
    if sla_minutes is None or calendar is None or fallback_seconds is None:
        from admissions.core.business_hours import calendar_from_settings
        from admissions.core.settings import get_setting

        sla_minutes = sla_minutes if sla_minutes is not None else get_setting("sla_minutes")
        calendar = calendar or calendar_from_settings(get_setting)
        if fallback_seconds is None:
            fallback_seconds = int(get_setting("routing_fallback_seconds", 300))
    result = priority_for(overdose_now=bool(inquiry.overdose_now), suicidal_thoughts=bool(inquiry.suicidal_thoughts),
                          in_withdrawal=bool(inquiry.in_withdrawal), last_use_at=inquiry.last_use_at,
                          pregnant=bool(inquiry.pregnant), substances=inquiry.substance_list,
                          recent_overdose=bool(inquiry.recent_overdose), now=now)
    created = inquiry.created_at or now
    inquiry.priority = result.priority
    inquiry.priority_rank = result.priority.rank
    inquiry.priority_reason = result.reason
    inquiry.sla_due_at = sla_deadline(created, result.priority, sla_minutes, calendar)
    inquiry.routable_to_all_at = created + timedelta(seconds=fallback_seconds)
    return result


# --- transitions ------------------------------------------------------------------------------

#: action -> (statuses it may start from, status it ends in)
TRANSITIONS: dict[str, tuple[frozenset[InquiryStatus], InquiryStatus]] = {
    "claim": (frozenset({InquiryStatus.WAITING}), InquiryStatus.CLAIMED),
    "attempt": (frozenset({InquiryStatus.CLAIMED}), InquiryStatus.CLAIMED),
    "callback": (frozenset({InquiryStatus.CLAIMED}), InquiryStatus.WAITING),
    "release": (frozenset({InquiryStatus.CLAIMED}), InquiryStatus.WAITING),
    "expire": (frozenset({InquiryStatus.CLAIMED}), InquiryStatus.WAITING),
    "reassign": (frozenset({InquiryStatus.WAITING, InquiryStatus.CLAIMED}), InquiryStatus.CLAIMED),
    "close": (frozenset({InquiryStatus.CLAIMED}), InquiryStatus.CLOSED),
}


def can_transition(action: str, status: InquiryStatus) -> bool:
    """Whether ``action`` is allowed on an inquiry in ``status``."""
    allowed = TRANSITIONS.get(action)
    return allowed is not None and status in allowed[0]


def next_status(action: str, status: InquiryStatus) -> InquiryStatus:
    if not can_transition(action, status):
        raise ValueError(f"{action} is not allowed from {status.value}")
    return TRANSITIONS[action][1]


# --- callbacks and quiet hours ---------------------------------------------------------------


class QuietHours(ValueError):
    """The time falls in the caller's quiet hours."""


def local_to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The instant of a wall-clock time in ``zone_name``; refuses times that do not exist (DST gap)."""
    zone = ZoneInfo(zone_name)
    local = datetime.combine(day, at, zone)
    round_trip = local.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError("That time does not exist on that day (the clocks change).")
    return local.astimezone(ZoneInfo("UTC"))


def check_callable(instant: datetime, zone_name: str) -> None:
    """Raise QuietHours unless ``instant`` is between 08:00 and 21:00 in the caller's zone."""
    local = instant.astimezone(ZoneInfo(zone_name)).time()
    if local < QUIET_HOURS_END or local >= QUIET_HOURS_START:
        raise QuietHours("Callers may only be called between 08:00 and 21:00 their time.")


def callback_is_overdue(due_at: datetime | None, now: datetime, grace_seconds: int) -> bool:
    """A callback is overdue once its grace period has passed without a new attempt."""
    return due_at is not None and now > due_at + timedelta(seconds=grace_seconds)


# --- dispositions ----------------------------------------------------------------------------

#: Dispositions that tell a facility about the caller (need a facility and a consent).
FACILITY_DISPOSITIONS = frozenset({Disposition.ADMITTED, Disposition.SCHEDULED, Disposition.REFERRED})


class DispositionRefused(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def check_disposition(disposition: Disposition, *, facility_id: int | None = None, intake_on: date | None = None,
                      merged_into_id: int | None = None, inquiry_id: int | None = None,
                      attempt_times: list[datetime] = (), zone_name: str = "UTC", min_attempts: int = 3) -> None:
    """Raise DispositionRefused when the disposition's requirements are not met."""
    if disposition in FACILITY_DISPOSITIONS and facility_id is None:
        raise DispositionRefused("Choose the facility.", "facility_id")
    if disposition is Disposition.SCHEDULED and intake_on is None:
        raise DispositionRefused("Give the intake date.", "intake_on")
    if disposition is Disposition.DUPLICATE:
        if merged_into_id is None:
            raise DispositionRefused("Give the inquiry this one duplicates.", "merged_into_id")
        if merged_into_id == inquiry_id:
            raise DispositionRefused("An inquiry cannot duplicate itself.", "merged_into_id")
    if disposition is Disposition.UNREACHABLE:
        zone = ZoneInfo(zone_name)
        days = {t.astimezone(zone).date() for t in attempt_times}
        if len(attempt_times) < min_attempts or len(days) < 2:
            raise DispositionRefused(
                f"Unreachable needs at least {min_attempts} attempts over at least two days "
                f"({len(attempt_times)} attempts on {len(days)} day(s) so far).", "disposition")


# --- assessment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WithdrawalWindow:
    onset_from: datetime
    onset_to: datetime
    worst_from: datetime
    worst_to: datetime
    easing_from: datetime
    easing_to: datetime


def withdrawal_window(last_use_at: datetime, zone_name: str) -> WithdrawalWindow:
    """Expected short-acting opioid withdrawal, in the caller's time: onset 6-12 h, worst days 1-3, easing days 5-7."""
    zone = ZoneInfo(zone_name)

    def at(hours: float) -> datetime:
        # Elapsed time, so the window stays right across a DST change.
        return (last_use_at + timedelta(hours=hours)).astimezone(zone)

    return WithdrawalWindow(onset_from=at(6), onset_to=at(12), worst_from=at(24), worst_to=at(72),
                            easing_from=at(24 * 5), easing_to=at(24 * 7))


def _mentions(text: str, words) -> bool:
    folded = (text or "").casefold()
    return any(word in folded for word in words)


def assessment_warnings(substances, medications: str = "") -> list[str]:
    """Warnings the navigator must see: benzodiazepines with methadone or buprenorphine; polysubstance use."""
    substances = set(substances)
    warnings = []
    benzo = "benzodiazepines" in substances or _mentions(medications, BENZODIAZEPINE_WORDS)
    opioid_medication = bool({"methadone", "buprenorphine"} & substances) or _mentions(medications,
                                                                                        OPIOID_MEDICATION_WORDS)
    if benzo and opioid_medication:
        warnings.append("Warning: benzodiazepines together with methadone or buprenorphine raise the risk of a "
                        "deadly overdose. Make sure a prescriber and the facility know.")
    if len(substances) >= 2:
        warnings.append("Polysubstance use: detox usually goes one substance at a time, starting with the most "
                        "dangerous withdrawal (alcohol and benzodiazepines before opioids). Record every substance.")
    return warnings
