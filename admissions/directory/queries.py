"""Reads of the directory: search, one facility, listing reports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import lazyload

from admissions.core.geo import bounding_box, haversine_miles
from admissions.core.pagination import Paged
from admissions.directory import search_index
from admissions.directory.criteria import SearchCriteria
from admissions.directory.models import Facility, ListingReport
from admissions.directory.vocabulary import vocabulary
from admissions.extensions import db

#: Rings tried, in miles, when a search near a place has no radius (the last covers the Earth).
_ANY_DISTANCE_RINGS = (25, 50, 100, 200, 400, 800, 1600, 3200, 13000)


@dataclass(frozen=True)
class Hit:
    facility: Facility
    #: Miles from the searched place; None without a place.
    distance_miles: float | None

    @property
    def codes(self) -> set[str]:
        """The facility's codes, from its search columns (no query per result)."""
        return search_index.codes_of(self.facility)


@dataclass(frozen=True)
class SearchResults(Paged):
    items: list[Hit]
    total: int
    page: int
    per_page: int


def search_facilities(criteria: SearchCriteria) -> SearchResults:
    """Active facilities matching ``criteria``: by distance then name near a place, else by name."""
    conditions = search_conditions(criteria)
    if criteria.place is None:
        return _by_name(criteria, conditions)
    if criteria.radius_miles is None:
        return _nearest_any_distance(criteria, conditions)
    ranked = _ranked_within(criteria, conditions, criteria.radius_miles)
    return _page_of(criteria, ranked, len(ranked))


def search_conditions(criteria: SearchCriteria) -> list:
    """The WHERE clauses shared by every kind of search (codes, words, flags)."""
    conditions = [Facility.active.is_(True)]
    if not criteria.include_mental_health:
        conditions.append(Facility.mental_health_only.is_(False))
    if criteria.verified_only:
        conditions.append(Facility.verified_at.is_not(None))
    for group in criteria.code_groups:
        tests = [getattr(Facility, search_index.column_name(category)).op("&")(mask) != 0
                 for category, mask in search_index.masks_for(group).items()]
        conditions.append(or_(*tests) if len(tests) > 1 else tests[0])
    padded = literal(" ").concat(Facility.search_text)
    for word in criteria.words:
        conditions.append(padded.like(f"% {word}%"))
    return conditions


def _by_name(criteria: SearchCriteria, conditions: list) -> SearchResults:
    total = db.session.scalar(select(func.count()).select_from(Facility).where(*conditions))
    facilities = db.session.scalars(
        select(Facility).options(lazyload(Facility.codes)).where(*conditions)
        .order_by(Facility.sort_name, Facility.id)
        .offset(criteria.offset).limit(criteria.per_page)
    ).all()
    return SearchResults([Hit(f, None) for f in facilities], total, criteria.page, criteria.per_page)


def _ranked_within(criteria: SearchCriteria, conditions: list, miles: float) -> list[tuple[float, str, int]]:
    """(distance, sort name, id) of every match within ``miles``, nearest first.

    The indexed bounding box narrows the rows; the exact great-circle distance decides.
    """
    lat, lon = criteria.place.latitude, criteria.place.longitude
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, miles)
    rows = db.session.execute(
        select(Facility.id, Facility.latitude, Facility.longitude, Facility.sort_name).where(
            *conditions,
            Facility.latitude.between(min_lat, max_lat),
            Facility.longitude.between(min_lon, max_lon),
        )
    )
    ranked = []
    for facility_id, f_lat, f_lon, sort_name in rows:
        distance = haversine_miles(lat, lon, f_lat, f_lon)
        if distance <= miles:
            ranked.append((distance, sort_name, facility_id))
    ranked.sort()
    return ranked


def _nearest_any_distance(criteria: SearchCriteria, conditions: list) -> SearchResults:
    """Widen the circle until it holds the requested page; every match counts in the total."""
    located = [*conditions, Facility.latitude.is_not(None), Facility.longitude.is_not(None)]
    total = db.session.scalar(select(func.count()).select_from(Facility).where(*located))
    needed = min(total, criteria.offset + criteria.per_page)
    ranked: list[tuple[float, str, int]] = []
    for miles in _ANY_DISTANCE_RINGS:
        ranked = _ranked_within(criteria, located, miles)
        if len(ranked) >= needed:
            break
    return _page_of(criteria, ranked, total)


def _page_of(criteria: SearchCriteria, ranked: list[tuple[float, str, int]], total: int) -> SearchResults:
    window = ranked[criteria.offset:criteria.offset + criteria.per_page]
    ids = [facility_id for _, _, facility_id in window]
    loaded = {}
    if ids:
        statement = select(Facility).options(lazyload(Facility.codes)).where(Facility.id.in_(ids))
        loaded = {f.id: f for f in db.session.scalars(statement)}
    items = [Hit(loaded[facility_id], distance) for distance, _, facility_id in window]
    return SearchResults(items, total, criteria.page, criteria.per_page)


def facility_by_public_id(public_id: str) -> Facility | None:
    """A facility by its public id, closed ones included (their page says so)."""
    return db.session.scalar(select(Facility).where(Facility.public_id == public_id))


def facility_by_slug(slug: str) -> Facility | None:
    return db.session.scalar(select(Facility).where(Facility.slug == slug))


def services_by_category(codes: set[str]) -> list[dict]:
    """Codes grouped by vocabulary category, in vocabulary order; empty categories left out."""
    groups = []
    for category, label in vocabulary().categories.items():
        members = [{"code": c.code, "label": c.label} for c in vocabulary().in_category(category) if c.code in codes]
        if members:
            groups.append({"category": category, "label": label, "codes": members})
    return groups


def listing_reports(*, open_only: bool = True, limit: int = 200) -> list[ListingReport]:
    """Reports about listings, oldest open first."""
    statement = select(ListingReport).order_by(ListingReport.created_at, ListingReport.id).limit(limit)
    if open_only:
        statement = statement.where(ListingReport.resolved_at.is_(None))
    return list(db.session.scalars(statement))


def open_reports_for(facility: Facility) -> list[ListingReport]:
    return list(db.session.scalars(
        select(ListingReport).where(ListingReport.facility_id == facility.id, ListingReport.resolved_at.is_(None))
        .order_by(ListingReport.created_at)
    ))
