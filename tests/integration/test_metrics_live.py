"""The live panel: waiting now, oldest waiting, callbacks due and overdue, SLA at risk, who is signed in."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from admissions.auth.models import Role, StaffSession, User
from admissions.extensions import db
from admissions.intake.models import Callback, Disposition, InquiryEvent, InquiryStatus, Priority
from admissions.metrics.queries import live_panel, signed_in_navigators
from tests.factories import make_inquiry, make_user

NOW = datetime(2026, 11, 2, 18, 0, tzinfo=timezone.utc)


def minutes(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


def build():
    nora = make_user(Role.NAVIGATOR, name="Nora")
    sam = make_user(Role.NAVIGATOR, name="Sam")
    make_user(Role.NAVIGATOR, name="Idle Ivy")
    manager = make_user(Role.MANAGER, name="Maya")
    oldest = make_inquiry(created_at=minutes(-125), priority=Priority.NORMAL, sla_due_at=minutes(-65),
                          first_attempt_at=minutes(-60), attempts_count=1)
    make_inquiry(created_at=minutes(-20), priority=Priority.CRITICAL, sla_due_at=minutes(-15))       # breached
    make_inquiry(created_at=minutes(-50), priority=Priority.NORMAL, sla_due_at=minutes(10))          # at risk
    make_inquiry(created_at=minutes(-3), priority=Priority.HIGH, sla_due_at=minutes(12))             # at risk
    make_inquiry(created_at=minutes(-1), priority=Priority.NORMAL, sla_due_at=minutes(59))           # not yet
    held = make_inquiry(created_at=minutes(-40), priority=Priority.HIGH, sla_due_at=minutes(5),       # at risk
                        status=InquiryStatus.CLAIMED, claimed_by_id=nora.id, claimed_at=minutes(-7),
                        lease_expires_at=minutes(8))
    make_inquiry(created_at=minutes(-30), priority=Priority.CRITICAL, sla_due_at=minutes(-25),
                 status=InquiryStatus.CLAIMED, claimed_by_id=nora.id, claimed_at=minutes(-2),
                 lease_expires_at=minutes(13), first_attempt_at=minutes(-1))
    closed = make_inquiry(created_at=minutes(-300), sla_due_at=minutes(-240), status=InquiryStatus.CLOSED,
                          disposition=Disposition.SPAM, closed_at=minutes(-200))
    for due, attempted, cancelled, on in ((minutes(-5), None, None, held),       # due, within the grace
                                          (minutes(-14), None, None, oldest),    # due, still within 15 min
                                          (minutes(-40), None, None, oldest),    # overdue
                                          (minutes(-90), None, None, closed),    # inquiry closed: not counted
                                          (minutes(-30), minutes(-29), None, oldest),  # attempted
                                          (minutes(-10), None, minutes(-60), oldest),  # cancelled
                                          (minutes(30), None, None, oldest),     # in the next hour
                                          (minutes(90), None, None, oldest)):    # later
        db.session.add(Callback(inquiry_id=on.id, due_at=due, attempted_at=attempted, cancelled_at=cancelled))
    db.session.add(InquiryEvent(inquiry_id=oldest.id, actor_id=sam.id, at=minutes(-12), kind="note"))
    db.session.add(InquiryEvent(inquiry_id=oldest.id, actor_id=manager.id, at=minutes(-1), kind="note"))
    db.session.flush()
    return nora, sam


def test_live_panel_counts_what_is_open_now(app):
    build()
    panel = live_panel(NOW, grace_minutes=15)
    assert panel.waiting == {"critical": 1, "high": 1, "normal": 3}
    assert panel.oldest_waiting_seconds == 125 * 60
    assert (panel.callbacks_due, panel.callbacks_overdue, panel.callbacks_next_hour) == (2, 1, 1)
    assert (panel.sla_at_risk, panel.sla_breached) == (3, 1)


def test_signed_in_navigators_are_those_with_a_live_session_or_holding_work(app):
    nora, sam = build()
    ivy = db.session.scalar(select(User).where(User.name == "Idle Ivy"))
    db.session.add_all([
        StaffSession(id="sam-now", user_id=sam.id, created_at=minutes(-60), last_seen_at=minutes(-3)),
        # Signed out, idle for longer than the timeout, and signed in over 12 hours ago: none count.
        StaffSession(id="ivy-out", user_id=ivy.id, created_at=minutes(-20), last_seen_at=minutes(-2),
                     revoked_at=minutes(-1), revoked_reason="logout"),
        StaffSession(id="ivy-idle", user_id=ivy.id, created_at=minutes(-90), last_seen_at=minutes(-31)),
        StaffSession(id="ivy-old", user_id=ivy.id, created_at=minutes(-13 * 60), last_seen_at=minutes(-1)),
    ])
    db.session.flush()
    rows = {row.name: row for row in signed_in_navigators(NOW)}
    assert set(rows) == {"Nora", "Sam"}
    assert (rows["Nora"].holding, rows["Nora"].critical, rows["Nora"].high) == (2, 1, 1)
    assert rows["Nora"].longest_held_since == minutes(-7)
    assert rows["Nora"].next_lease_expiry == minutes(8)
    assert rows["Sam"].holding == 0 and rows["Sam"].last_active_at == minutes(-3)
    later = signed_in_navigators(NOW + timedelta(hours=2))
    assert [row.name for row in later] == ["Nora"]
