"""About 90 days of realistic inquiry history, so the dashboard is alive on first run.

Deterministic for a seed (relative to the minute it runs): the same seed gives the same people,
the same waits and the same outcomes. Rows go in with bulk inserts, so this takes seconds.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select, text

from admissions.auth.models import Role, User
from admissions.core.business_hours import calendar_from_settings
from admissions.core.settings import get_setting
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import (
    Callback, Claim, Inquiry, InquiryEvent, InquiryStatus, InsurancePolicy, Priority, Source,
)

REFERENCE_PREFIX = "DM"
EXTRA_NAVIGATORS = (
    ("navigator3@example.org", "Rosa Navigator", "en,es", "TX,NM,AZ"),
    ("navigator4@example.org", "Lee Navigator", "en", ""),
    ("navigator5@example.org", "Ana Navigator", "en,es", "FL,GA"),
)
FIRST_NAMES = ("Alex", "Jordan", "Casey", "Maria", "James", "Linda", "Robert", "Ashley", "Miguel", "Tanya",
               "Chris", "Dana", "Jamal", "Erin", "Luis", "Kim", "Pat", "Sofia", "Derek", "Heather")
STATES = (("NV", "America/Los_Angeles", 16), ("CA", "America/Los_Angeles", 14), ("AZ", "America/Phoenix", 12),
          ("TX", "America/Chicago", 12), ("FL", "America/New_York", 10), ("OH", "America/New_York", 8),
          ("NM", "America/Denver", 6), ("GA", "America/New_York", 6), ("WA", "America/Los_Angeles", 6),
          ("CO", "America/Denver", 5), ("PA", "America/New_York", 5))
PLANS = (("medicaid", 34), ("commercial", 26), ("none", 12), ("medicare", 8), ("medicare_advantage", 5),
         ("self_pay", 5), ("tricare", 3), ("va", 3), (None, 4))
SUBSTANCES = ("heroin_fentanyl", "heroin_fentanyl,benzodiazepines", "other_opioids", "heroin_fentanyl,methamphetamine",
              "alcohol", "other_opioids,alcohol", "methamphetamine", "cocaine,alcohol")
#: Share of inquiries arriving in each hour of the day (local), evenings are busiest.
HOURLY = (1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 6, 4, 2)


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[-1] for p in pairs])[0]


def ensure_demo_navigators() -> list[User]:
    """The demo navigators, adding a few to the auth area's two so the breakdowns have substance."""
    from admissions.auth.demo import DEMO_PASSWORD
    from admissions.auth.passwords import hash_password

    existing = set(db.session.scalars(select(User.email)))
    missing = [spec for spec in EXTRA_NAVIGATORS if spec[0] not in existing]
    if missing:
        password_hash = hash_password(DEMO_PASSWORD)
        for email, name, languages, states in missing:
            db.session.add(User(email=email, name=name, role=Role.NAVIGATOR, languages=languages, states=states,
                                password_hash=password_hash))
        db.session.flush()
    return list(db.session.scalars(select(User).where(User.role == Role.NAVIGATOR, User.active.is_(True))
                                   .order_by(User.id)))


def load_demo_history(*, seed: int, echo, days: int = 90, now: datetime | None = None) -> int:
    """Create ``days`` of inquiries with their timeline, callbacks and claims; return how many."""
    if db.session.scalar(select(func.count()).select_from(Inquiry)
                         .where(Inquiry.reference.like(f"{REFERENCE_PREFIX}%"))):
        echo("Demo inquiry history already loaded.")
        return 0
    navigators = ensure_demo_navigators()
    now = (now or utcnow()).replace(second=0, microsecond=0)
    rng = random.Random(seed)
    calendar = calendar_from_settings(get_setting)
    sla = get_setting("sla_minutes") or {"critical": 5, "high": 15, "normal": 60}
    plan = _HistoryPlan(rng, calendar, sla, navigators, now)
    start = now - timedelta(days=days)
    moment = start
    while moment < now:
        local_hour = moment.astimezone(calendar.zone).hour
        weekend = moment.astimezone(calendar.zone).weekday() >= 5
        expected = HOURLY[local_hour] * (0.45 if weekend else 0.75)
        for _ in range(_poisson(rng, expected)):
            plan.add(moment + timedelta(seconds=rng.randrange(3600)))
        moment += timedelta(hours=1)
    plan.add_open_now()
    count = plan.write()
    echo(f"Created {count} demo inquiries over {days} days, with their calls, callbacks and claims.")
    return count


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; means here are below 10.
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class _HistoryPlan:
    """Collects rows in memory, then writes each table in one bulk insert."""

    def __init__(self, rng, calendar, sla, navigators, now):
        self.rng, self.calendar, self.sla, self.navigators, self.now = rng, calendar, sla, navigators, now
        self.inquiries: list[dict] = []
        self.plans: list[str | None] = []
        #: per inquiry: lists of events, callbacks and claims (inquiry_id filled in at write time)
        self.children: list[tuple[list, list, list]] = []

    # -- one inquiry's story
    def add(self, created: datetime, *, keep_open: bool = False) -> None:
        rng, n = self.rng, len(self.inquiries) + 1
        if created >= self.now:
            return
        priority = rng.choices(list(Priority), weights=(5, 35, 60))[0]
        state, zone, _w = rng.choices(STATES, weights=[s[2] for s in STATES])[0]
        row = dict(
            reference=f"{REFERENCE_PREFIX}{n:06d}", source=rng.choices(list(Source), weights=(65, 20, 15))[0],
            status=InquiryStatus.CLOSED, priority=priority, priority_rank=priority.rank,
            priority_reason={"critical": "Critical: overdose risk now", "high": "High: in withdrawal",
                             "normal": "Normal"}[priority.value],
            for_whom=rng.choice(("self", "self", "loved_one")), first_name=rng.choice(FIRST_NAMES),
            phone=f"+1555010{n % 10000:04d}", state=state, timezone=zone, language="es" if rng.random() < 0.15 else "en",
            substances=rng.choice(SUBSTANCES), consent_to_contact=True, created_at=created, updated_at=created,
            sla_due_at=self.calendar.add_minutes(created, self.sla.get(priority.value, 60)),
            routable_to_all_at=created + timedelta(minutes=5), attempts_count=0,
        )
        events = [dict(at=created, kind="created")]
        callbacks: list[dict] = []
        claims: list[dict] = []
        self.inquiries.append(row)
        self.plans.append(_weighted(rng, PLANS))
        self.children.append((events, callbacks, claims))
        if not keep_open and rng.random() < 0.02:   # spam or test, closed without a call
            self._close(row, events, claims, created + timedelta(minutes=rng.randrange(5, 90)), "spam", None)
            return
        if keep_open:
            return self._leave_open(row)
        self._work(row, events, callbacks, claims)

    def _first_attempt_delay(self, row) -> timedelta:
        rng, created = self.rng, row["created_at"]
        speed = {"critical": 2.0, "high": 5.0, "normal": 9.0}[row["priority"].value]
        wait = timedelta(minutes=rng.lognormvariate(0, 0.8) * speed)
        if not self.calendar.is_open(created):  # after hours: the on-call navigator is slower
            wait += timedelta(minutes=rng.choice((5, 15, 40, 90, 240)))
        return wait

    def _work(self, row, events, callbacks, claims) -> None:
        rng = self.rng
        navigator = rng.choice(self.navigators)
        attempt_at = row["created_at"] + self._first_attempt_delay(row)
        reached_on = rng.choices((1, 2, 3, 4, None), weights=(42, 16, 8, 4, 30))[0]
        attempts_planned = reached_on or rng.choice((3, 3, 4))
        for number in range(1, attempts_planned + 1):
            if attempt_at >= self.now:
                return self._leave_open(row)
            if rng.random() < 0.35:   # other navigators pick it up later
                navigator = rng.choice(self.navigators)
            reached = number == reached_on
            outcome = "connected" if reached else rng.choice(("no_answer", "no_answer", "voicemail"))
            claimed_at = attempt_at - timedelta(minutes=rng.uniform(0.5, 3))
            handle = timedelta(minutes=rng.lognormvariate(2.3 if reached else 0.8, 0.5))
            row["first_claimed_at"] = row.get("first_claimed_at") or claimed_at
            row["first_attempt_at"] = row.get("first_attempt_at") or attempt_at
            row["last_attempt_at"] = attempt_at
            row["attempts_count"] += 1
            events.append(dict(at=claimed_at, kind="claimed", actor_id=navigator.id))
            events.append(dict(at=attempt_at, kind="attempt", outcome=outcome, actor_id=navigator.id))
            if reached:
                row["first_contact_at"] = attempt_at
                disposition = rng.choices(("admitted", "scheduled", "referred", "not_ready", "not_eligible"),
                                          weights=(22, 15, 25, 25, 13))[0]
                self._close(row, events, claims, attempt_at + handle, disposition, navigator, claimed_at)
                return
            gap = timedelta(hours=rng.choice((2, 4, 20, 26)))
            if number < attempts_planned and rng.random() < 0.3:
                due = attempt_at + gap
                late = rng.choices((0, 1, 2), weights=(80, 12, 8))[0]
                attempted = (due + timedelta(minutes=rng.uniform(-5, 12)) if late == 0 else
                             due + timedelta(minutes=rng.uniform(20, 120)) if late == 1 else None)
                callbacks.append(dict(owner_id=navigator.id, due_at=due, created_at=attempt_at + handle,
                                      created_by_id=navigator.id,
                                      attempted_at=attempted if attempted and attempted < self.now else None))
                events.append(dict(at=attempt_at + handle, kind="callback_scheduled", actor_id=navigator.id))
                if due > self.now:
                    claims.append(dict(navigator_id=navigator.id, claimed_at=claimed_at, ended_at=attempt_at + handle,
                                       end_reason="released"))
                    row["callback_due_at"], row["callback_owner_id"] = due, navigator.id
                    return self._leave_open(row)
                gap = (attempted or due + timedelta(hours=3)) - attempt_at
            ended = attempt_at + handle
            expired = rng.random() < 0.04
            claims.append(dict(navigator_id=navigator.id, claimed_at=claimed_at,
                               ended_at=claimed_at + timedelta(minutes=15) if expired else ended,
                               end_reason="expired" if expired else "released"))
            events.append(dict(at=ended, kind="lease_expired" if expired else "released", actor_id=navigator.id))
            attempt_at += gap
        self._close(row, events, claims, attempt_at - gap + timedelta(minutes=2), "unreachable", navigator)

    def _close(self, row, events, claims, at, disposition, navigator, claimed_at=None) -> None:
        if at >= self.now:
            return self._leave_open(row)
        row.update(status=InquiryStatus.CLOSED, closed_at=at, disposition=disposition, updated_at=at)
        actor = navigator.id if navigator else None
        events.append(dict(at=at, kind="closed", actor_id=actor, details={"disposition": disposition}))
        if navigator is not None:
            claims.append(dict(navigator_id=navigator.id, claimed_at=claimed_at or at - timedelta(minutes=1),
                               ended_at=at, end_reason="closed"))

    def _leave_open(self, row) -> None:
        row.update(status=InquiryStatus.WAITING, closed_at=None, disposition=None)

    def add_open_now(self) -> None:
        """A live queue: a handful waiting right now, two held, a callback due and one overdue."""
        rng, now = self.rng, self.now
        for minutes_ago in (3, 9, 14, 26, 41, 58, 95):
            self.add(now - timedelta(minutes=minutes_ago), keep_open=True)
        for navigator, minutes_ago in zip(self.navigators[:2], (6, 11)):
            self.add(now - timedelta(minutes=minutes_ago + rng.randrange(5, 20)), keep_open=True)
            row = self.inquiries[-1]
            claimed_at = now - timedelta(minutes=minutes_ago)
            row.update(status=InquiryStatus.CLAIMED, claimed_by_id=navigator.id, claimed_at=claimed_at,
                       lease_expires_at=claimed_at + timedelta(minutes=15), first_claimed_at=claimed_at)
            self.children[-1][0].append(dict(at=claimed_at, kind="claimed", actor_id=navigator.id))
            self.children[-1][2].append(dict(navigator_id=navigator.id, claimed_at=claimed_at))
        for due_minutes_ago in (4, 35):
            self.add(now - timedelta(hours=5), keep_open=True)
            row = self.inquiries[-1]
            owner = self.navigators[-1]
            due = now - timedelta(minutes=due_minutes_ago)
            row.update(first_attempt_at=now - timedelta(hours=4, minutes=50), last_attempt_at=now - timedelta(hours=4),
                       attempts_count=1, callback_due_at=due, callback_owner_id=owner.id)
            self.children[-1][0].append(dict(at=row["first_attempt_at"], kind="attempt", outcome="no_answer",
                                             actor_id=owner.id))
            self.children[-1][1].append(dict(owner_id=owner.id, due_at=due, created_at=row["first_attempt_at"],
                                             created_by_id=owner.id))

    # -- writing
    def write(self) -> int:
        if not self.inquiries:
            return 0
        keys = set().union(*self.inquiries)
        rows = [{key: row.get(key) for key in keys} for row in self.inquiries]
        connection = db.session.connection()
        # Ids handed out here so child rows can point at them without a RETURNING round trip per row.
        first_id = (db.session.scalar(select(func.max(Inquiry.id))) or 0) + 1
        ids = list(range(first_id, first_id + len(rows)))
        for inquiry_id, row in zip(ids, rows):
            row["id"] = inquiry_id
        connection.execute(Inquiry.__table__.insert(), rows)
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval(pg_get_serial_sequence('inquiries', 'id'), :last)"),
                               {"last": ids[-1]})
        events, callbacks, claims, policies = [], [], [], []
        for inquiry_id, plan_type, (evs, cbs, cls) in zip(ids, self.plans, self.children):
            events += [{"actor_id": None, "outcome": None, "details": None, **e, "inquiry_id": inquiry_id} for e in evs]
            callbacks += [{"attempted_at": None, **c, "inquiry_id": inquiry_id} for c in cbs]
            claims += [{"ended_at": None, "end_reason": None, **c, "inquiry_id": inquiry_id} for c in cls]
            if plan_type:
                policies.append({"inquiry_id": inquiry_id, "plan_type": plan_type})
        for model, batch in ((InquiryEvent, events), (Callback, callbacks), (Claim, claims), (InsurancePolicy, policies)):
            if batch:
                connection.execute(model.__table__.insert(), batch)
        return len(ids)
