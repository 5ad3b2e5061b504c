"""Next on a real database: order, skills routing and fallback, leases, fencing, races."""

from __future__ import annotations

import threading
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.core.errors import Conflict, DomainError, Forbidden
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import Claim, InquiryEvent, InquiryStatus, Priority
from admissions.navigator import services
from tests.factories import make_inquiry, make_user


@pytest.fixture
def now():
    return utcnow()


def test_next_takes_priority_then_sla_deadline_then_age(app, now):
    nav = make_user(Role.NAVIGATOR)
    old_normal = make_inquiry(created_at=now - timedelta(hours=2), sla_due_at=now - timedelta(minutes=5))
    high_late = make_inquiry(priority=Priority.HIGH, sla_due_at=now + timedelta(minutes=14))
    high_early = make_inquiry(priority=Priority.HIGH, sla_due_at=now + timedelta(minutes=3))
    critical = make_inquiry(priority=Priority.CRITICAL, created_at=now - timedelta(minutes=1))
    order = [services.claim_next(nav, now=now).id for _ in range(4)]
    assert order == [critical.id, high_early.id, high_late.id, old_normal.id]
    assert services.claim_next(nav, now=now) is None


def test_same_deadline_goes_to_the_oldest(app, now):
    nav = make_user(Role.NAVIGATOR)
    due = now + timedelta(minutes=30)
    younger = make_inquiry(created_at=now - timedelta(minutes=1), sla_due_at=due)
    older = make_inquiry(created_at=now - timedelta(minutes=9), sla_due_at=due)
    assert services.claim_next(nav, now=now).id == older.id
    assert services.claim_next(nav, now=now).id == younger.id


def test_a_claim_writes_the_lease_claim_row_event_and_audit(app, now):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry()
    claimed = services.claim_next(nav, now=now)
    assert claimed.id == inquiry.id
    assert claimed.status is InquiryStatus.CLAIMED and claimed.claimed_by_id == nav.id
    assert claimed.lease_expires_at == now + timedelta(seconds=900)
    assert claimed.first_claimed_at == now
    assert db.session.scalar(select(func.count()).select_from(Claim).where(Claim.navigator_id == nav.id)) == 1
    assert db.session.scalar(select(InquiryEvent.kind).where(InquiryEvent.inquiry_id == inquiry.id)) == "claimed"
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == str(inquiry.id))) == "inquiry.claimed"


def test_a_spanish_inquiry_waits_for_a_spanish_speaker_until_the_fallback(app, now):
    english = make_user(Role.NAVIGATOR, languages="en")
    spanish = make_user(Role.NAVIGATOR, languages="en,es")
    inquiry = make_inquiry(language="es", routable_to_all_at=now + timedelta(seconds=300))
    assert services.claim_next(english, now=now) is None
    assert services.claim_next(spanish, now=now).id == inquiry.id


def test_after_the_fallback_anyone_may_take_it(app, now):
    english = make_user(Role.NAVIGATOR, languages="en")
    inquiry = make_inquiry(language="es", routable_to_all_at=now + timedelta(seconds=300))
    assert services.claim_next(english, now=now + timedelta(seconds=301)).id == inquiry.id


def test_state_licences_route_when_the_navigator_has_any(app, now):
    nevada_only = make_user(Role.NAVIGATOR, states="NV")
    anywhere = make_user(Role.NAVIGATOR, states="")
    texas = make_inquiry(state="TX", routable_to_all_at=now + timedelta(seconds=300))
    assert services.claim_next(nevada_only, now=now) is None
    assert services.claim_next(anywhere, now=now).id == texas.id


def test_an_expired_lease_hands_the_inquiry_on_and_the_old_holders_write_gets_409(app, now):
    first = make_user(Role.NAVIGATOR)
    second = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry()
    services.claim_next(first, now=now)
    later = now + timedelta(seconds=901)
    assert services.claim_next(second, now=now + timedelta(seconds=899)) is None
    assert services.claim_next(second, now=later).id == inquiry.id
    with pytest.raises(Conflict, match="no longer hold"):
        services.log_attempt(inquiry, first, outcome="no_answer", now=later)
    reasons = dict(db.session.execute(select(Claim.navigator_id, Claim.end_reason)).all())
    assert reasons == {first.id: "expired", second.id: None}


def test_a_released_inquiry_cannot_be_written_by_its_old_holder(app, now):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry()
    services.claim_next(nav, now=now)
    services.release(inquiry, nav, now=now)
    assert inquiry.status is InquiryStatus.WAITING
    with pytest.raises(Conflict):
        services.release(inquiry, nav, now=now)


def test_attempts_set_the_first_attempt_and_first_contact_milestones(app, now):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry()
    services.claim_next(nav, now=now)
    services.log_attempt(inquiry, nav, outcome="no_answer", note="rang out", now=now + timedelta(minutes=1))
    services.log_attempt(inquiry, nav, outcome="connected", now=now + timedelta(minutes=2))
    assert inquiry.attempts_count == 2
    assert inquiry.first_attempt_at == now + timedelta(minutes=1)
    assert inquiry.first_contact_at == now + timedelta(minutes=2)
    note = db.session.scalar(select(InquiryEvent.note).where(InquiryEvent.outcome == "no_answer"))
    assert note and "rang out" not in note  # encrypted at rest


def _in_two_days():
    return utcnow().date() + timedelta(days=2)


def test_a_due_callback_goes_to_the_top_of_its_owners_queue(app, now):
    owner = make_user(Role.NAVIGATOR)
    other = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry(timezone="America/New_York")
    services.claim_next(owner, now=now)
    callback = services.schedule_callback(inquiry, owner, day=_in_two_days(), at=time(10, 0), now=now)
    assert inquiry.status is InquiryStatus.WAITING and inquiry.callback_owner_id == owner.id
    critical_one = make_inquiry(priority=Priority.CRITICAL)
    make_inquiry(priority=Priority.CRITICAL)
    due = callback.due_at
    assert services.claim_next(other, now=due + timedelta(minutes=1)).id == critical_one.id
    assert services.claim_next(owner, now=due + timedelta(minutes=1)).id == inquiry.id


def test_a_due_callback_goes_to_anyone_after_the_grace_period(app, now):
    owner = make_user(Role.NAVIGATOR)
    other = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry(timezone="America/New_York")
    services.claim_next(owner, now=now)
    callback = services.schedule_callback(inquiry, owner, day=_in_two_days(), at=time(10, 0), now=now)
    assert services.claim_next(other, now=now) is None  # not before its time
    assert services.claim_next(other, now=callback.due_at + timedelta(minutes=5)) is None
    assert services.claim_next(other, now=callback.due_at + timedelta(minutes=11)).id == inquiry.id


def test_callbacks_in_quiet_hours_are_refused(app, now):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry(timezone="America/New_York")
    services.claim_next(nav, now=now)
    with pytest.raises(DomainError, match="08:00 and 21:00"):
        services.schedule_callback(inquiry, nav, day=_in_two_days(), at=time(21, 15), now=now)
    with pytest.raises(DomainError, match="08:00 and 21:00"):
        services.schedule_callback(inquiry, nav, day=_in_two_days(), at=time(7, 45), now=now)
    services.schedule_callback(inquiry, nav, day=_in_two_days(), at=time(20, 45), now=now)


def test_unreachable_needs_three_attempts_over_two_days(app, now):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry(timezone="UTC")
    services.claim_next(nav, now=now)
    for minutes in (1, 2, 3):
        services.log_attempt(inquiry, nav, outcome="no_answer", now=now + timedelta(minutes=minutes))
    with pytest.raises(DomainError, match="two days"):
        services.close(inquiry, nav, disposition="unreachable", now=now + timedelta(minutes=4))
    next_day = now + timedelta(days=1)
    services.log_attempt(inquiry, nav, outcome="voicemail", now=next_day)
    services.close(inquiry, nav, disposition="unreachable", now=next_day)
    assert inquiry.status is InquiryStatus.CLOSED and inquiry.disposition.value == "unreachable"


def test_a_duplicate_is_merged_into_the_other_inquiry(app, now):
    nav = make_user(Role.NAVIGATOR)
    copy = make_inquiry(created_at=now - timedelta(hours=1))
    original = make_inquiry(created_at=now - timedelta(minutes=1))
    assert services.claim_next(nav, now=now).id == copy.id
    services.close(copy, nav, disposition="duplicate", merged_into_id=original.id, now=now)
    assert copy.merged_into_id == original.id and copy.status is InquiryStatus.CLOSED
    assert db.session.scalar(select(InquiryEvent.kind).where(InquiryEvent.inquiry_id == original.id,
                                                             InquiryEvent.kind == "merged")) == "merged"


def test_a_manager_can_reassign_a_held_inquiry(app, now):
    first = make_user(Role.NAVIGATOR)
    second = make_user(Role.NAVIGATOR)
    manager = make_user(Role.MANAGER)
    inquiry = make_inquiry()
    services.claim_next(first, now=now)
    with pytest.raises(Forbidden):
        services.reassign(inquiry, first, second, now=now)
    services.reassign(inquiry, manager, second, now=now)
    assert inquiry.claimed_by_id == second.id
    with pytest.raises(Conflict):
        services.log_attempt(inquiry, first, outcome="no_answer", now=now)
    services.log_attempt(inquiry, second, outcome="connected", now=now)


def _race(app, navigator_ids: list[int], claims_each: int) -> list[int]:
    """Each navigator presses Next ``claims_each`` times at once in its own thread and session."""
    from admissions.auth.models import User

    claimed: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(navigator_ids))
    errors: list[BaseException] = []

    def worker(user_id: int):
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                barrier.wait()
                for _ in range(claims_each):
                    inquiry = services.claim_next(user, now=utcnow())
                    db.session.commit()
                    if inquiry is not None:
                        with lock:
                            claimed.append(inquiry.id)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in navigator_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return claimed


def test_concurrent_next_never_gives_one_inquiry_to_two_navigators(app):
    navigators = [make_user(Role.NAVIGATOR).id for _ in range(8)]
    ids = {make_inquiry().id for _ in range(60)}
    db.session.commit()
    claimed = _race(app, navigators, claims_each=10)
    assert len(claimed) == len(set(claimed)) == 60
    assert set(claimed) == ids
    holders = db.session.scalar(select(func.count()).select_from(Claim))
    assert holders == 60


def test_triage_reads_the_settings_when_intake_calls_it(app):
    from datetime import datetime, timezone

    from admissions.core.settings import set_setting
    from admissions.navigator.rules import triage

    set_setting("sla_minutes", {"critical": 5, "high": 30, "normal": 120})
    set_setting("business_hours", {str(d): ["00:00", "23:59"] for d in range(7)})
    set_setting("business_holidays", "")
    set_setting("routing_fallback_seconds", 120)
    created = datetime(2026, 11, 18, 18, 0, tzinfo=timezone.utc)
    inquiry = make_inquiry(created_at=created, in_withdrawal=True)
    result = triage(inquiry, created)
    assert result.priority is Priority.HIGH and inquiry.priority_reason == "High: in withdrawal"
    assert inquiry.sla_due_at == created + timedelta(minutes=30)
    assert inquiry.routable_to_all_at == created + timedelta(seconds=120)


def test_a_callback_before_any_attempt_moves_the_first_attempt_deadline_to_its_time(app, now):
    nav = make_user(Role.NAVIGATOR)
    inquiry = make_inquiry(timezone="America/New_York")
    services.claim_next(nav, now=now)
    callback = services.schedule_callback(inquiry, nav, day=_in_two_days(), at=time(10, 0), now=now)
    assert inquiry.sla_due_at == callback.due_at
