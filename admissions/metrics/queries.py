"""Dashboard figures as SQL aggregations over the intake tables (read only).

Every function takes explicit arguments (a period, ``now``, the calendar and the minutes that
define the figures) and returns small dataclasses or dicts. The database does the counting and the
ranking; Python only interpolates percentiles between the two rows SQL hands back per group.
Percentiles are computed the same way on PostgreSQL and SQLite (window functions), so both give
identical answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Float, and_, case, func, literal, or_, select, union_all
from sqlalchemy import text as text_clause
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from admissions.auth.models import Role, StaffSession, User
from admissions.auth.services import ABSOLUTE_TIMEOUT, IDLE_TIMEOUT
from admissions.core.business_hours import BusinessCalendar
from admissions.core.time import UTCDateTime
from admissions.extensions import db
from admissions.intake.models import (
    Callback, Claim, Disposition, Inquiry, InquiryEvent, InquiryStatus, InsurancePolicy, Priority,
)
from admissions.metrics.definitions import ABANDON_DISPOSITIONS
from admissions.metrics.periods import Period

PERCENTILES = (50, 90)
#: How recent an action must be for a navigator to count as signed in.
SLA_RISK_MINUTES = 15
HANDLED_END_REASONS = ("released", "closed")


class seconds_between(FunctionElement):
    """``later - earlier`` in seconds (float), rounded to the millisecond on SQLite."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS DOUBLE PRECISION)"


def _at(value: datetime):
    """A timestamp parameter bound the way the columns store it."""
    return literal(value, UTCDateTime())


def _ratio(part, whole):
    return None if not whole else part / whole


# ---------------------------------------------------------------- percentiles


def ranked_percentiles(value, groups: dict, *, where, from_=None) -> dict:
    """Median and 90th percentile of ``value``, overall and per group, in one pass over the rows.

    ``groups`` maps a name to a column, or to None for "all rows". Returns
    {name: {group value: {50: x, 90: y}}} (the key is None for "all"), interpolated linearly
    between neighbouring ranks (PERCENTILE.INC). Each window hands back at most two rows per
    percentile and group, so Python only sees a handful of rows.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return _percentiles_postgresql(value, groups, where=where, from_=from_)
    names = list(groups)
    base = select(value.label("x"), *[column.label(f"g_{name}") for name, column in groups.items()
                                      if column is not None]).where(*where, value.is_not(None))
    if from_ is not None:
        base = base.select_from(from_)
    base = base.subquery()
    windows = []
    for name in names:
        partition = base.c[f"g_{name}"] if groups[name] is not None else None
        windows.append(func.row_number().over(partition_by=partition, order_by=base.c.x).label(f"rn_{name}"))
        windows.append(func.count().over(partition_by=partition).label(f"n_{name}"))
    ranked = select(base, *windows).subquery()
    wanted = or_(*[ranked.c[f"rn_{name}"] == (k * (ranked.c[f"n_{name}"] - 1)) // 100 + offset
                   for name in names for k in PERCENTILES for offset in (1, 2)])
    picked: dict = {name: {} for name in names}
    for row in db.session.execute(select(ranked).where(wanted)).mappings():  # a few rows per group
        for name in names:
            key = row[f"g_{name}"] if groups[name] is not None else None
            n, xs = picked[name].setdefault(_plain(key), (row[f"n_{name}"], {}))
            xs[row[f"rn_{name}"]] = float(row["x"])
    result: dict = {}
    for name, by_key in picked.items():
        result[name] = {}
        for key, (n, xs) in by_key.items():
            values = {}
            for k in PERCENTILES:
                position = k * (n - 1)
                low = position // 100 + 1
                if low not in xs:  # this row was not one of the group's picks
                    break
                fraction = (position % 100) / 100
                values[k] = xs[low] + fraction * (xs.get(low + 1, xs[low]) - xs[low])
            else:
                result[name][key] = values
    return result


def _percentiles_postgresql(value, groups: dict, *, where, from_=None) -> dict:
    """The same figures from PostgreSQL's own percentile_cont (also PERCENTILE.INC), all groups in one scan."""
    from sqlalchemy.dialects.postgresql import ARRAY, array

    columns = {name: column for name, column in groups.items() if column is not None}
    wanted = array([k / 100 for k in PERCENTILES])
    stmt = select(func.percentile_cont(wanted).within_group(value).cast(ARRAY(Float)).label("values"),
                  *[column.label(f"g_{name}") for name, column in columns.items()],
                  *[func.grouping(column).label(f"grouped_{name}") for name, column in columns.items()])
    stmt = stmt.where(*where, value.is_not(None)).group_by(
        func.grouping_sets(text_clause("()"), *columns.values()))
    if from_ is not None:
        stmt = stmt.select_from(from_)
    result: dict = {name: {} for name in groups}
    for row in db.session.execute(stmt).mappings():
        if row["values"] is None:  # the "all rows" set over no rows at all
            continue
        values = dict(zip(PERCENTILES, row["values"]))
        by = [name for name in columns if row[f"grouped_{name}"] == 0]
        if not by:
            for name, column in groups.items():
                if column is None:
                    result[name][None] = values
        else:
            result[by[0]][_plain(row[f"g_{by[0]}"])] = values
    return result


def _plain(key):
    return key.value if hasattr(key, "value") else key


# ---------------------------------------------------------------- inquiry cohorts


@dataclass
class Cohort:
    """Counts over inquiries created in a period, and the figures made from them."""

    created: int = 0
    attempted: int = 0
    within_x: int = 0
    contacted: int = 0
    abandoned: int = 0
    admitted: int = 0
    referred: int = 0
    attempts: int = 0
    speed_to_first_attempt: dict = field(default_factory=dict)
    speed_to_contact: dict = field(default_factory=dict)

    COUNTS = ("created", "attempted", "within_x", "contacted", "abandoned", "admitted", "referred", "attempts")

    @classmethod
    def from_row(cls, row) -> Cohort:
        return cls(**{name: int(getattr(row, name) or 0) for name in cls.COUNTS})

    def __add__(self, other: Cohort) -> Cohort:
        return Cohort(**{name: getattr(self, name) + getattr(other, name) for name in self.COUNTS})

    @property
    def never_attempted(self) -> int:
        return self.created - self.attempted

    def figures(self) -> dict:
        return {
            "created": self.created,
            "attempted": self.attempted,
            "never_attempted": self.never_attempted,
            "within_x": self.within_x,
            "service_level": _ratio(self.within_x, self.created),
            "speed_to_first_attempt_median_seconds": self.speed_to_first_attempt.get(50),
            "speed_to_first_attempt_p90_seconds": self.speed_to_first_attempt.get(90),
            "contacted": self.contacted,
            "speed_to_contact_median_seconds": self.speed_to_contact.get(50),
            "speed_to_contact_p90_seconds": self.speed_to_contact.get(90),
            "contact_rate": _ratio(self.contacted, self.created),
            "abandoned": self.abandoned,
            "abandonment_rate": _ratio(self.abandoned, self.created),
            "admitted": self.admitted,
            "admitted_conversion": _ratio(self.admitted, self.contacted),
            "referred": self.referred,
            "referred_conversion": _ratio(self.referred, self.contacted),
            "attempts": self.attempts,
            "attempts_per_inquiry": _ratio(self.attempts, self.created),
        }


def _speed_to_first_attempt(c=Inquiry):
    return seconds_between(c.first_attempt_at, c.created_at)


def _speed_to_contact(c=Inquiry):
    return seconds_between(c.first_contact_at, c.created_at)


def _cohort_columns(service_level_seconds: float, c=Inquiry) -> list:
    """The additive counts of a cohort, over ``c`` (the inquiries table, or a subquery of its columns)."""
    one = lambda condition: func.sum(case((condition, 1), else_=0))  # noqa: E731
    return [
        func.count().label("created"),
        func.count(c.first_attempt_at).label("attempted"),
        one(_speed_to_first_attempt(c) <= service_level_seconds).label("within_x"),
        func.count(c.first_contact_at).label("contacted"),
        one(and_(c.disposition.in_(ABANDON_DISPOSITIONS), c.first_contact_at.is_(None))).label("abandoned"),
        one(c.disposition == Disposition.ADMITTED).label("admitted"),
        one(c.disposition == Disposition.REFERRED).label("referred"),
        func.sum(c.attempts_count).label("attempts"),
    ]


def _created_in(start: datetime, end: datetime) -> list:
    return [Inquiry.created_at >= _at(start), Inquiry.created_at < _at(end)]


#: The breakdowns of inquiry figures.
DIMENSIONS = ("source", "state", "plan_type")


def _cohort_rows(period: Period, calendar: BusinessCalendar):
    """Inquiries created in ``period`` with what the figures need, their plan type and whether the calendar was open.

    The plan type is looked up per row (an index probe) rather than joined, so the database never
    reads the policies of inquiries outside the range.
    """
    plan_type = (select(InsurancePolicy.plan_type).where(InsurancePolicy.inquiry_id == Inquiry.id)
                 .correlate(Inquiry).scalar_subquery())
    windows = open_windows(calendar, period.start, period.end)
    in_hours = case((or_(*[and_(Inquiry.created_at >= _at(a), Inquiry.created_at < _at(b)) for a, b in windows]), 1),
                    else_=0) if windows else literal(0)
    return (select(Inquiry.created_at, Inquiry.first_attempt_at, Inquiry.first_contact_at, Inquiry.disposition,
                   Inquiry.attempts_count, Inquiry.source, Inquiry.state, plan_type.label("plan_type"),
                   in_hours.label("in_hours"))
            .where(*_created_in(period.start, period.end)).subquery("cohort"))


def _roomy_sorts() -> None:
    """PostgreSQL, for this transaction: sort a month of inquiries in memory (the default work_mem
    spills to disk), and skip parallel workers, whose start-up costs more than scans this size save."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text_clause("SET LOCAL work_mem = '64MB'"))
        db.session.execute(text_clause("SET LOCAL max_parallel_workers_per_gather = 0"))


@dataclass
class Cohorts:
    overall: Cohort
    business_hours: Cohort
    after_hours: Cohort
    #: dimension -> [(value, Cohort)], biggest group first
    by: dict[str, list[tuple[str | None, Cohort]]]


def cohorts(period: Period, calendar: BusinessCalendar, *, service_level_minutes: float) -> Cohorts:
    """Inquiry figures over ``period``: overall, business hours and after hours, per source, state, plan type.

    One grouped scan gives every count (Python adds up a few hundred groups); one ranked scan per
    duration gives every percentile.
    """
    _roomy_sorts()
    rows = _cohort_rows(period, calendar)
    dimensions = [rows.c[name] for name in DIMENSIONS]
    stmt = (select(*dimensions, rows.c.in_hours, *_cohort_columns(service_level_minutes * 60, rows.c))
            .group_by(*dimensions, rows.c.in_hours))
    overall, business, after = Cohort(), Cohort(), Cohort()
    by: dict[str, dict] = {name: {} for name in DIMENSIONS}
    for row in db.session.execute(stmt):  # one row per (source, state, plan type, open or not)
        item = Cohort.from_row(row)
        overall += item
        if row.in_hours:
            business += item
        else:
            after += item
        for name in DIMENSIONS:
            key = _plain(getattr(row, name))
            by[name][key] = by[name].get(key, Cohort()) + item
    groups = {"all": None, **{name: rows.c[name] for name in DIMENSIONS}}
    first = ranked_percentiles(_speed_to_first_attempt(rows.c), groups, where=[], from_=rows)
    contact = ranked_percentiles(_speed_to_contact(rows.c), groups, where=[], from_=rows)
    overall.speed_to_first_attempt = first["all"].get(None, {})
    overall.speed_to_contact = contact["all"].get(None, {})
    ordered = {}
    for name, items in by.items():
        for key, item in items.items():
            item.speed_to_first_attempt = first[name].get(key, {})
            item.speed_to_contact = contact[name].get(key, {})
        ordered[name] = sorted(items.items(), key=lambda pair: (-pair[1].created, pair[0] or ""))
    return Cohorts(overall=overall, business_hours=business, after_hours=after, by=ordered)


def _days(period: Period):
    parts = [select(literal(day.isoformat()).label("day"), _at(start).label("starts"), _at(end).label("ends"))
             for day, start, end in period.days]
    return (union_all(*parts) if len(parts) > 1 else parts[0]).cte("days")


def daily(period: Period, *, service_level_minutes: float) -> list[dict]:
    """Per local day of the period: the cohort counts of inquiries created that day."""
    days = _days(period)
    stmt = (select(days.c.day, *_cohort_columns(service_level_minutes * 60))
            .select_from(days)
            .join(Inquiry, and_(Inquiry.created_at >= days.c.starts, Inquiry.created_at < days.c.ends))
            .group_by(days.c.day))
    found = {row.day: Cohort.from_row(row) for row in db.session.execute(stmt)}
    rows = []
    for day, _start, _end in period.days:
        item = found.get(day.isoformat(), Cohort())
        rows.append({"day": day.isoformat(), "created": item.created, "attempted": item.attempted,
                     "within_x": item.within_x, "service_level": _ratio(item.within_x, item.created),
                     "contacted": item.contacted, "admitted": item.admitted, "referred": item.referred,
                     "abandoned": item.abandoned})
    return rows


def open_windows(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The calendar's open intervals that overlap [start, end), clipped to it."""
    zone = calendar.zone
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    windows = []
    while day <= last:
        window = calendar.window_on(day)
        if window is not None:
            begin, finish = max(window[0], start), min(window[1], end)
            if finish > begin:
                windows.append((begin, finish))
        day += timedelta(days=1)
    return windows


# ---------------------------------------------------------------- callbacks


@dataclass
class CallbackCounts:
    due: int = 0
    on_time: int = 0
    early: int = 0
    late: int = 0
    missed: int = 0

    @property
    def adherence(self) -> float | None:
        return _ratio(self.on_time, self.due)


def _callback_columns(grace_seconds: float) -> list:
    gap = seconds_between(Callback.attempted_at, Callback.due_at)
    one = lambda condition: func.sum(case((condition, 1), else_=0))  # noqa: E731
    return [
        func.count().label("due"),
        one(and_(Callback.attempted_at.is_not(None), gap >= -grace_seconds, gap <= grace_seconds)).label("on_time"),
        one(gap < -grace_seconds).label("early"),
        one(gap > grace_seconds).label("late"),
        one(Callback.attempted_at.is_(None)).label("missed"),
    ]


def _callbacks_due(period: Period, now: datetime, grace_minutes: float) -> list:
    decided_before = min(period.end, now - timedelta(minutes=grace_minutes))
    return [Callback.due_at >= _at(period.start), Callback.due_at < _at(decided_before),
            or_(Callback.cancelled_at.is_(None), Callback.cancelled_at > Callback.due_at,
                Callback.attempted_at.is_not(None))]


def callbacks(period: Period, *, now: datetime, grace_minutes: float) -> CallbackCounts:
    """Adherence over callbacks due in the period whose grace is over."""
    row = db.session.execute(select(*_callback_columns(grace_minutes * 60))
                             .where(*_callbacks_due(period, now, grace_minutes))).one()
    return CallbackCounts(**{k: int(getattr(row, k) or 0) for k in ("due", "on_time", "early", "late", "missed")})


# ---------------------------------------------------------------- navigators


def handle_times(period: Period) -> dict:
    """Handle time percentiles over claims taken in the period: {"all": {None: ...}, "navigator": {id: ...}}."""
    handled = and_(Claim.ended_at.is_not(None), Claim.end_reason.in_(HANDLED_END_REASONS))
    return ranked_percentiles(case((handled, seconds_between(Claim.ended_at, Claim.claimed_at))),
                              {"all": None, "navigator": Claim.navigator_id},
                              where=[Claim.claimed_at >= _at(period.start), Claim.claimed_at < _at(period.end)])


def by_navigator(period: Period, *, now: datetime, grace_minutes: float,
                 handle_percentiles: dict | None = None) -> list[dict]:
    """Each navigator's work in the period: claims and handle time, attempts, closes, callbacks."""
    start, end = _at(period.start), _at(period.end)
    handled = and_(Claim.ended_at.is_not(None), Claim.end_reason.in_(HANDLED_END_REASONS))
    claims_where = [Claim.claimed_at >= start, Claim.claimed_at < end]
    claims = {r.navigator_id: r for r in db.session.execute(
        select(Claim.navigator_id, func.count().label("claims"),
               func.sum(case((handled, 1), else_=0)).label("handled"))
        .where(*claims_where).group_by(Claim.navigator_id))}
    handle_pct = (handle_percentiles or handle_times(period))["navigator"]

    attempt = and_(InquiryEvent.kind == "attempt", InquiryEvent.at >= start, InquiryEvent.at < end)
    connected = InquiryEvent.outcome == "connected"
    attempts = {r.actor_id: r for r in db.session.execute(
        select(InquiryEvent.actor_id, func.count().label("attempts"),
               func.count(func.distinct(InquiryEvent.inquiry_id)).label("inquiries_attempted"),
               func.sum(case((connected, 1), else_=0)).label("connected_attempts"),
               func.count(func.distinct(case((connected, InquiryEvent.inquiry_id)))).label("reached"))
        .where(attempt, InquiryEvent.actor_id.is_not(None)).group_by(InquiryEvent.actor_id))}

    closed_event = and_(InquiryEvent.kind == "closed", InquiryEvent.at >= start, InquiryEvent.at < end)
    closes = {r.actor_id: r for r in db.session.execute(
        select(InquiryEvent.actor_id, func.count(func.distinct(InquiryEvent.inquiry_id)).label("closed"),
               func.count(func.distinct(case((Inquiry.disposition == Disposition.ADMITTED, Inquiry.id)))).label("admitted"),
               func.count(func.distinct(case((Inquiry.disposition == Disposition.REFERRED, Inquiry.id)))).label("referred"))
        .join(Inquiry, Inquiry.id == InquiryEvent.inquiry_id)
        .where(closed_event, InquiryEvent.actor_id.is_not(None)).group_by(InquiryEvent.actor_id))}

    due = {r.owner_id: r for r in db.session.execute(
        select(Callback.owner_id, *_callback_columns(grace_minutes * 60))
        .where(*_callbacks_due(period, now, grace_minutes), Callback.owner_id.is_not(None))
        .group_by(Callback.owner_id))}

    ids = set(claims) | set(attempts) | set(closes) | set(due)
    names = dict(db.session.execute(select(User.id, User.name).where(
        or_(User.id.in_(ids), and_(User.role == Role.NAVIGATOR, User.active.is_(True))))).all())
    rows = []
    for user_id, name in names.items():
        c, a, x, d = claims.get(user_id), attempts.get(user_id), closes.get(user_id), due.get(user_id)
        handled_count = int(c.handled or 0) if c else 0
        reached = int(a.reached or 0) if a else 0
        admitted = int(x.admitted or 0) if x else 0
        referred = int(x.referred or 0) if x else 0
        attempts_made = int(a.attempts or 0) if a else 0
        inquiries_attempted = int(a.inquiries_attempted or 0) if a else 0
        due_count = int(d.due or 0) if d else 0
        on_time = int(d.on_time or 0) if d else 0
        rows.append({
            "navigator": name,
            "claims": int(c.claims or 0) if c else 0,
            "handled": handled_count,
            "handle_time_median_seconds": handle_pct.get(user_id, {}).get(50),
            "handle_time_p90_seconds": handle_pct.get(user_id, {}).get(90),
            "attempts": attempts_made,
            "inquiries_attempted": inquiries_attempted,
            "attempts_per_inquiry": _ratio(attempts_made, inquiries_attempted),
            "reached": reached,
            "closed": int(x.closed or 0) if x else 0,
            "admitted": admitted,
            "referred": referred,
            "admitted_conversion": _ratio(admitted, reached),
            "referred_conversion": _ratio(referred, reached),
            "callbacks_due": due_count,
            "callbacks_on_time": on_time,
            "callback_adherence": _ratio(on_time, due_count),
        })
    rows.sort(key=lambda r: (-r["claims"], -r["attempts"], r["navigator"]))
    return rows


# ---------------------------------------------------------------- the live panel


@dataclass
class Holding:
    navigator_id: int
    name: str
    holding: int
    critical: int
    high: int
    normal: int
    longest_held_since: datetime | None
    next_lease_expiry: datetime | None
    last_active_at: datetime | None


@dataclass
class LivePanel:
    now: datetime
    waiting: dict[str, int]
    oldest_waiting_since: datetime | None
    callbacks_due: int
    callbacks_overdue: int
    callbacks_next_hour: int
    sla_at_risk: int
    sla_breached: int
    navigators: list[Holding]

    @property
    def waiting_total(self) -> int:
        return sum(self.waiting.values())

    @property
    def oldest_waiting_seconds(self) -> float | None:
        if self.oldest_waiting_since is None:
            return None
        return (self.now - self.oldest_waiting_since).total_seconds()


def signed_in_navigators(now: datetime) -> list[Holding]:
    """Navigators with a live staff session (or holding an inquiry through the API), with what each holds.

    A session is live when it is not revoked and within the idle and absolute timeouts of sign-in.
    """
    idle_since = _at(now - IDLE_TIMEOUT)
    started_since = _at(now - ABSOLUTE_TIMEOUT)
    held = and_(Inquiry.claimed_by_id == User.id, Inquiry.status == InquiryStatus.CLAIMED)
    last_seen = (select(func.max(StaffSession.last_seen_at))
                 .where(StaffSession.user_id == User.id, StaffSession.revoked_at.is_(None),
                        StaffSession.last_seen_at >= idle_since, StaffSession.created_at >= started_since)
                 .correlate(User).scalar_subquery())
    count_of = lambda priority: func.sum(case((Inquiry.priority == priority, 1), else_=0))  # noqa: E731
    stmt = (
        select(User.id, User.name, func.count(Inquiry.id).label("holding"),
               count_of(Priority.CRITICAL).label("critical"), count_of(Priority.HIGH).label("high"),
               count_of(Priority.NORMAL).label("normal"),
               func.min(Inquiry.claimed_at).label("longest"), func.min(Inquiry.lease_expires_at).label("expiry"),
               last_seen.label("last_seen"))
        .select_from(User).outerjoin(Inquiry, held)
        .where(User.role == Role.NAVIGATOR, User.active.is_(True),
               or_(select(Inquiry.id).where(held).correlate(User).exists(), last_seen.is_not(None)))
        .group_by(User.id, User.name)
        .order_by(User.name)
    )
    return [
        Holding(navigator_id=row.id, name=row.name, holding=row.holding, critical=int(row.critical or 0),
                high=int(row.high or 0), normal=int(row.normal or 0), longest_held_since=_aware(row.longest),
                next_lease_expiry=_aware(row.expiry), last_active_at=_aware(row.last_seen))
        for row in db.session.execute(stmt)
    ]


def _aware(value):
    """Aggregates over UTC columns lose the column type (and SQLite its zone); give it back."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return UTCDateTime().process_result_value(value, None)


def live_panel(now: datetime, *, grace_minutes: float) -> LivePanel:
    """What a manager must see right now; every figure reads through an index on open rows."""
    # priority_rank rather than priority: the queue index holds it, so no row is visited.
    waiting_rows = db.session.execute(
        select(Inquiry.priority_rank, func.count(), func.min(Inquiry.created_at))
        .where(Inquiry.status == InquiryStatus.WAITING).group_by(Inquiry.priority_rank)).all()
    by_rank = {p.rank: p.value for p in Priority}
    waiting = {p.value: 0 for p in Priority}
    oldest = None
    for rank, count, first in waiting_rows:
        waiting[by_rank[rank]] = count
        first = _aware(first)
        oldest = first if oldest is None or first < oldest else oldest

    grace = timedelta(minutes=grace_minutes)
    open_callback = and_(Callback.attempted_at.is_(None), Callback.cancelled_at.is_(None))
    one = lambda condition: func.sum(case((condition, 1), else_=0))  # noqa: E731
    callback_row = db.session.execute(
        select(one(Callback.due_at > _at(now - grace)).label("due"),
               one(Callback.due_at <= _at(now - grace)).label("overdue"),
               one(Callback.due_at > _at(now)).label("next_hour"))
        .where(open_callback, Callback.due_at <= _at(now + timedelta(hours=1)),
               # a set of the few open inquiries' ids, probed without reading any inquiry row
               Callback.inquiry_id.in_(select(Inquiry.id).where(
                   Inquiry.status.in_((InquiryStatus.WAITING, InquiryStatus.CLAIMED)))))).one()
    due_now = int(callback_row.due or 0) - int(callback_row.next_hour or 0)

    # Spelled as literals, like the predicate of the partial index ix_inquiries_open_sla, so both
    # planners can prove the index applies.
    not_attempted = and_(text_clause("inquiries.status IN ('waiting', 'claimed')"), Inquiry.first_attempt_at.is_(None))
    sla_row = db.session.execute(
        select(one(Inquiry.sla_due_at >= _at(now)).label("at_risk"),
               one(Inquiry.sla_due_at < _at(now)).label("breached"))
        .where(not_attempted, Inquiry.sla_due_at < _at(now + timedelta(minutes=SLA_RISK_MINUTES)))).one()
    return LivePanel(
        now=now, waiting=waiting, oldest_waiting_since=oldest,
        callbacks_due=due_now, callbacks_overdue=int(callback_row.overdue or 0),
        callbacks_next_hour=int(callback_row.next_hour or 0),
        sla_at_risk=int(sla_row.at_risk or 0), sla_breached=int(sla_row.breached or 0),
        navigators=signed_in_navigators(now))
