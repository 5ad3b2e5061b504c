"""Reads for the queue and the workspace, and the one atomic statement that claims an inquiry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, false, func, or_, select, text, true
from sqlalchemy.orm import selectinload

from admissions.auth.models import Role, User
from admissions.core.geo import bounding_box, haversine_miles, zip_info
from admissions.directory.models import Facility
from admissions.extensions import db
from admissions.intake.models import Callback, Claim, Inquiry, InquiryEvent, InquiryStatus

WAITING = InquiryStatus.WAITING.value
CLAIMED = InquiryStatus.CLAIMED.value


# --- who may take what -----------------------------------------------------------------------


def _skills_sql(navigator: User) -> tuple[str, dict]:
    """SQL condition (and its parameters) for inquiries this navigator's skills fit."""
    params: dict = {"langs": navigator.language_list or ["en"]}
    condition = "i.language IN :langs"
    if navigator.state_list:
        condition += " AND (i.state IS NULL OR i.state IN :states)"
        params["states"] = navigator.state_list
    return condition, params


def _claim_candidates(navigator: User) -> tuple[list[tuple[str, str]], dict]:
    """The steps of Next in order, as (SQL condition, ORDER BY), and their parameters.

    1. callbacks due to this navigator, or anyone's past the grace period;
    2. inquiries whose lease lapsed (they were at the head of the queue when claimed);
    3. the waiting queue, by priority, SLA deadline and age.
    Each step reads a small partial index, so claimed rows are never walked past.
    """
    skills, params = _skills_sql(navigator)
    fits = f"(i.routable_to_all_at IS NULL OR i.routable_to_all_at <= :now OR ({skills}))"
    callbacks = (f"(i.status = '{WAITING}' OR (i.status = '{CLAIMED}' AND i.lease_expires_at <= :now)) "
                 "AND i.callback_due_at IS NOT NULL AND i.callback_due_at <= :now "
                 "AND (i.callback_owner_id = :me OR i.callback_owner_id IS NULL OR i.callback_due_at <= :grace_cutoff)")
    lapsed = (f"i.status = '{CLAIMED}' AND i.lease_expires_at <= :now AND i.callback_due_at IS NULL AND {fits}")
    waiting = f"i.status = '{WAITING}' AND i.callback_due_at IS NULL AND {fits}"
    return [(callbacks, CALLBACK_ORDER), (lapsed, "i.lease_expires_at, i.id"), (waiting, QUEUE_ORDER)], params


CALLBACK_ORDER = "i.callback_due_at, i.priority_rank, i.id"
QUEUE_ORDER = "i.priority_rank, i.sla_due_at, i.created_at, i.id"


def claim_one(navigator: User, *, now: datetime, lease_seconds: int, grace_seconds: int) -> Inquiry | None:
    """Atomically give ``navigator`` the best inquiry they may take (loaded from the UPDATE), or None.

    Due callbacks (theirs, or anyone's past the grace period) come first, then the queue by
    priority, SLA deadline and age. One statement per step, so two navigators never get the same row.
    """
    steps, params = _claim_candidates(navigator)
    params.update(me=navigator.id, now=now, grace_cutoff=now - timedelta(seconds=grace_seconds),
                  lease=now + timedelta(seconds=lease_seconds), claimed=CLAIMED)
    for condition, order in steps:
        inquiry = _claim_statement(condition, order, params)
        if inquiry is not None:
            return inquiry
    return None


_SET = ("status = :claimed, claimed_by_id = :me, claimed_at = :now, lease_expires_at = :lease, "
        "first_claimed_at = COALESCE(first_claimed_at, :now), updated_at = :now")


def _claim_statement(condition: str, order: str, params: dict) -> Inquiry | None:
    if db.session.get_bind().dialect.name == "postgresql":
        sql = (f"WITH next AS (SELECT i.id FROM inquiries i WHERE {condition} ORDER BY {order} "
               f"LIMIT 1 FOR UPDATE SKIP LOCKED) "
               f"UPDATE inquiries SET {_SET} FROM next WHERE inquiries.id = next.id RETURNING inquiries.*")
    else:
        sql = (f"UPDATE inquiries SET {_SET} WHERE id = (SELECT i.id FROM inquiries i WHERE {condition} "
               f"ORDER BY {order} LIMIT 1) RETURNING *")
    statement, values = _bound(sql, params)
    statement = select(Inquiry).from_statement(statement).execution_options(populate_existing=True)
    return db.session.execute(statement, values).scalar()


def _bound(sql: str, params: dict):
    """A text() statement with list and timestamp parameters typed, and only the values it uses."""
    used = {name: value for name, value in params.items() if f":{name}" in sql}
    binds = []
    for name, value in used.items():
        if isinstance(value, (list, tuple)):
            binds.append(bindparam(name, expanding=True))
        elif isinstance(value, datetime):
            binds.append(bindparam(name, type_=Inquiry.__table__.c.claimed_at.type))
    return text(sql).bindparams(*binds), used


# --- the queue page --------------------------------------------------------------------------


@dataclass
class QueueRow:
    inquiry: Inquiry
    callback_due: bool
    mine: bool


@dataclass
class QueueView:
    rows: list[QueueRow]
    callbacks_due: list[Inquiry]
    held: list[Inquiry]
    waiting_total: int
    #: For managers: every inquiry someone holds now, to reassign from.
    held_by_others: list[Inquiry] = field(default_factory=list)


def queue_for(navigator: User, *, now: datetime, grace_seconds: int, limit: int = 50) -> QueueView:
    """What ``navigator`` may take now, in claim order, plus what they hold and their due callbacks."""
    steps, params = _claim_candidates(navigator)
    params.update(me=navigator.id, now=now, grace_cutoff=now - timedelta(seconds=grace_seconds))
    rows: list[QueueRow] = []
    for step, (condition, order) in enumerate(steps):
        is_callback = step == 0
        statement, values = _bound(f"SELECT i.id FROM inquiries i WHERE {condition} ORDER BY {order} LIMIT :limit",
                                   {**params, "limit": limit})
        ids = list(db.session.execute(statement, values).scalars())
        found = {i.id: i for i in db.session.scalars(select(Inquiry).where(Inquiry.id.in_(ids)))} if ids else {}
        rows.extend(QueueRow(found[i], is_callback, found[i].callback_owner_id == navigator.id) for i in ids)
    held = list(db.session.scalars(select(Inquiry).where(
        Inquiry.claimed_by_id == navigator.id, Inquiry.status == InquiryStatus.CLAIMED,
        Inquiry.lease_expires_at > now).order_by(Inquiry.claimed_at)))
    callbacks_due = list(db.session.scalars(select(Inquiry).where(
        Inquiry.callback_owner_id == navigator.id, Inquiry.callback_due_at.is_not(None),
        Inquiry.status != InquiryStatus.CLOSED).order_by(Inquiry.callback_due_at)))
    waiting_total = db.session.scalar(select(func.count()).select_from(Inquiry).where(or_(
        Inquiry.status == InquiryStatus.WAITING,
        and_(Inquiry.status == InquiryStatus.CLAIMED, Inquiry.lease_expires_at <= now))))
    held_by_others: list[Inquiry] = []
    if navigator.role in (Role.MANAGER, Role.ADMIN):
        held_by_others = list(db.session.scalars(select(Inquiry).where(
            Inquiry.status == InquiryStatus.CLAIMED, Inquiry.claimed_by_id != navigator.id)
            .order_by(Inquiry.priority_rank, Inquiry.claimed_at).limit(limit)))
    return QueueView(rows=rows[:limit], callbacks_due=callbacks_due, held=held, waiting_total=waiting_total,
                     held_by_others=held_by_others)


# --- the workspace ---------------------------------------------------------------------------


def inquiry_by_id(inquiry_id: int) -> Inquiry | None:
    return db.session.scalar(select(Inquiry).where(Inquiry.id == inquiry_id)
                             .options(selectinload(Inquiry.events), selectinload(Inquiry.insurance)))


def has_worked_on(navigator: User, inquiry_id: int) -> bool:
    """Whether the navigator ever held the inquiry (a claim or a callback of theirs)."""
    claimed = db.session.scalar(select(Claim.id).where(Claim.inquiry_id == inquiry_id,
                                                       Claim.navigator_id == navigator.id).limit(1))
    return claimed is not None


def attempt_times(inquiry_id: int) -> list[datetime]:
    return list(db.session.scalars(select(InquiryEvent.at).where(InquiryEvent.inquiry_id == inquiry_id,
                                                                  InquiryEvent.kind == "attempt")))


def pending_callback(inquiry_id: int) -> Callback | None:
    return db.session.scalar(select(Callback).where(Callback.inquiry_id == inquiry_id,
                                                    Callback.cancelled_at.is_(None),
                                                    Callback.attempted_at.is_(None))
                             .order_by(Callback.due_at.desc()).limit(1))


def open_claim(inquiry_id: int) -> Claim | None:
    return db.session.scalar(select(Claim).where(Claim.inquiry_id == inquiry_id, Claim.ended_at.is_(None))
                             .order_by(Claim.claimed_at.desc()).limit(1))


def navigators() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.NAVIGATOR, User.active == true())
                                   .order_by(User.name)))


def actor_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


# --- matching --------------------------------------------------------------------------------

CARE_CODES = {
    "detox": ({"DT", "HID", "RD", "OD", "ODTX"}, "offers detox"),
    "residential": ({"RES", "RS", "RL"}, "residential care"),
    "outpatient": ({"OP", "ORT", "OIT", "ODT"}, "outpatient care"),
    "medication": ({"OMB", "MU", "BU", "NU", "OTP", "BUM", "MM", "UB"}, "medication treatment"),
}
OPIOIDS = {"heroin_fentanyl", "other_opioids", "methadone", "buprenorphine"}
MEDICATION_CODES = {"BU", "MU", "NU", "OTP", "UB", "BUM", "MM", "METH", "BWN", "BWON"}
PAYMENT_CODES = {
    "medicaid": ({"MD"}, "takes Medicaid"),
    "medicare": ({"MC"}, "takes Medicare"),
    "medicare_advantage": ({"MC", "PI"}, "takes Medicare Advantage plans"),
    "commercial": ({"PI"}, "takes private insurance"),
    "tricare": ({"MI"}, "takes TRICARE"),
    "va": ({"MI", "VAMC", "FSA"}, "serves veterans' coverage"),
    "self_pay": ({"SF", "SS", "PA"}, "self-pay or sliding scale"),
    "none": ({"SS", "PA", "FSA", "NP"}, "free or reduced-cost care"),
}
SEARCH_RADIUS_MILES = (50, 150, 500)


@dataclass
class Match:
    facility: Facility
    miles: float | None
    score: float
    why: list[str]


@dataclass
class MatchNeeds:
    zip: str | None
    care: list[str]
    substances: list[str]
    plan_type: str | None
    language: str
    pregnant: bool
    veteran: bool
    age: int | None


def facilities_matching(needs: MatchNeeds, *, limit: int = 10) -> list[Match]:
    """The ``limit`` directory facilities that fit best, each with the reasons it fits."""
    place = zip_info(needs.zip) if needs.zip else None
    base = select(Facility).where(Facility.active == true(), Facility.mental_health_only == false())
    candidates: list[Facility] = []
    if place is not None:
        for radius in SEARCH_RADIUS_MILES:
            min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, radius)
            candidates = list(db.session.scalars(base.where(
                Facility.latitude.between(min_lat, max_lat), Facility.longitude.between(min_lon, max_lon))
                .limit(2000)))
            if len(candidates) >= limit * 3:
                break
    else:
        candidates = list(db.session.scalars(base.order_by(Facility.sort_name).limit(500)))
    matches = [_score(f, needs, place) for f in candidates]
    matches.sort(key=lambda m: (-m.score, m.miles if m.miles is not None else 1e9, m.facility.id))
    return matches[:limit]


def _score(facility: Facility, needs: MatchNeeds, place) -> Match:
    codes = facility.code_set
    why: list[str] = []
    score = 0.0
    miles = None
    if place is not None and facility.latitude is not None:
        miles = haversine_miles(place.latitude, place.longitude, facility.latitude, facility.longitude)
        score += max(0.0, 30.0 - miles / 5)
        why.append(f"{miles:.0f} miles away")
    for care in needs.care:
        wanted, label = CARE_CODES.get(care, (set(), ""))
        if wanted & codes:
            score += 20
            why.append(label)
    if OPIOIDS & set(needs.substances) and MEDICATION_CODES & codes:
        score += 10
        why.append("medication for opioid use disorder")
    if "alcohol" in needs.substances and "ADTX" in codes:
        score += 5
        why.append("alcohol detox")
    if "benzodiazepines" in needs.substances and "BDTX" in codes:
        score += 5
        why.append("benzodiazepine detox")
    if needs.plan_type in PAYMENT_CODES:
        wanted, label = PAYMENT_CODES[needs.plan_type]
        if wanted & codes:
            score += 25
            why.append(label)
    if needs.language == "es" and "SP" in codes:
        score += 15
        why.append("services in Spanish")
    elif needs.language not in ("en", "es") and "FX" in codes:
        score += 10
        why.append("services in other languages")
    if needs.pregnant and "PW" in codes:
        score += 15
        why.append("program for pregnant women")
    if needs.veteran and ({"VET", "VAMC"} & codes):
        score += 10
        why.append("program for veterans")
    if needs.age is not None:
        age_code = "CHLD" if needs.age < 18 else "YAD" if needs.age < 26 else "SNR" if needs.age >= 65 else "ADLT"
        if age_code in codes:
            score += 5
            why.append("serves this age group")
        elif needs.age < 18 and "CHLD" not in codes:
            score -= 50
    return Match(facility=facility, miles=miles, score=score, why=why)
