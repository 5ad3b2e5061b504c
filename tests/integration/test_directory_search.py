"""Directory search on a real database: filters, OR/AND, distance, radius edges, text, brute force."""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest
from werkzeug.datastructures import MultiDict

from admissions.core.geo import haversine_miles, resolve_place
from admissions.core.text import fold
from admissions.directory import search_index
from admissions.directory.criteria import SearchCriteria, parse_codes, parse_search
from admissions.directory.models import Facility, FacilityCode
from admissions.directory.queries import search_facilities
from admissions.directory.vocabulary import vocabulary
from admissions.extensions import db
from tests.factories import make_facility

LAS_VEGAS = resolve_place("89108")


def names(results) -> list[str]:
    return [hit.facility.name for hit in results.items]


def search(**fields) -> list[str]:
    return names(search_facilities(SearchCriteria(**fields)))


def search_args(**args):
    return search_facilities(parse_search(MultiDict(args)))


def test_codes_or_inside_a_category_and_across_categories(app):
    make_facility(name="Bup Medicaid", codes=("SA", "BU", "MD"))
    make_facility(name="Methadone Private", codes=("SA", "MU", "PI"))
    make_facility(name="Bup Cash", codes=("SA", "BU", "SF"))
    make_facility(name="Naltrexone Medicaid", codes=("SA", "NU", "MD"))
    # (BU or MU) and (MD or PI)
    got = search(code_groups=parse_codes("BU,MU,MD,PI"), radius_miles=None)
    assert got == ["Bup Medicaid", "Methadone Private"]
    assert search(code_groups=parse_codes("BU,MU"), radius_miles=None) == ["Bup Cash", "Bup Medicaid", "Methadone Private"]


def test_every_vocabulary_category_filters(app):
    for code in vocabulary().codes.values():
        make_facility(name=f"Has {code.code}", codes=(code.code,) if code.code != "SA" else ("SA",),
                      facility_types="SA")
    for code in vocabulary().codes.values():
        assert search(code_groups=parse_codes(code.code), radius_miles=None) == [f"Has {code.code}"], code.code


def test_plain_language_options_combine_with_or_inside_a_group(app):
    make_facility(name="Sober House", codes=("HH",))
    make_facility(name="Residential Rehab", codes=("SA", "RES"))
    make_facility(name="Outpatient Only", codes=("SA", "OP"))
    results = search_facilities(parse_search(MultiDict([("care", "residential"), ("care", "sober_living")])))
    assert names(results) == ["Residential Rehab", "Sober House"]


def test_without_a_place_results_sort_by_name_ignoring_case_and_accents(app):
    make_facility(name="zeta House")
    make_facility(name="Álamo Recovery")
    make_facility(name="Beta Center")
    assert search() == ["Álamo Recovery", "Beta Center", "zeta House"]


def test_near_a_place_results_carry_and_sort_by_distance_then_name(app):
    make_facility(name="Far", latitude=36.30, longitude=-115.22)
    make_facility(name="B Near", latitude=LAS_VEGAS.latitude, longitude=LAS_VEGAS.longitude)
    make_facility(name="A Near", latitude=LAS_VEGAS.latitude, longitude=LAS_VEGAS.longitude)
    results = search_args(near="89108", radius_miles="25")
    assert names(results) == ["A Near", "B Near", "Far"]
    assert results.items[0].distance_miles == pytest.approx(0, abs=1e-6)
    expected = haversine_miles(LAS_VEGAS.latitude, LAS_VEGAS.longitude, 36.30, -115.22)
    assert results.items[2].distance_miles == pytest.approx(expected)


def test_radius_keeps_points_on_the_edge_and_drops_those_just_past_it(app):
    # One degree of latitude is 69.09 miles; put points at 9.99 and 10.01 miles north.
    per_mile = 1 / 69.0934
    make_facility(name="Inside", latitude=LAS_VEGAS.latitude + 9.99 * per_mile, longitude=LAS_VEGAS.longitude)
    make_facility(name="Outside", latitude=LAS_VEGAS.latitude + 10.01 * per_mile, longitude=LAS_VEGAS.longitude)
    make_facility(name="No coordinates", latitude=None, longitude=None)
    assert names(search_args(near="89108", radius_miles="10")) == ["Inside"]
    assert names(search_args(near="89108", radius_miles="25")) == ["Inside", "Outside"]
    any_distance = search_args(near="89108", radius_miles="any")
    assert names(any_distance) == ["Inside", "Outside"] and any_distance.total == 2
    assert len(names(search_args())) == 3


def test_any_distance_finds_the_nearest_across_the_country(app):
    make_facility(name="Boston", latitude=42.36, longitude=-71.06)
    make_facility(name="Miami", latitude=25.77, longitude=-80.19)
    make_facility(name="Seattle", latitude=47.61, longitude=-122.33)
    results = search_args(near="Reno, NV", radius_miles="any", per_page="2")
    assert names(results) == ["Seattle", "Miami"] or names(results) == ["Seattle", "Boston"]
    assert results.total == 3
    reno = resolve_place("Reno, NV")
    expected = sorted(["Boston", "Miami", "Seattle"], key=lambda n: {
        "Boston": haversine_miles(reno.latitude, reno.longitude, 42.36, -71.06),
        "Miami": haversine_miles(reno.latitude, reno.longitude, 25.77, -80.19),
        "Seattle": haversine_miles(reno.latitude, reno.longitude, 47.61, -122.33)}[n])
    assert names(results) == expected[:2]
    assert names(search_args(near="Reno, NV", radius_miles="any", per_page="2", page="2")) == expected[2:]


def test_text_matches_words_of_either_name_case_and_accent_insensitive(app):
    make_facility(name="Centro de Recuperación Esperanza", name2="Hope Clinic")
    make_facility(name="Recovery Road")
    assert search(words=("recuperacion",)) == ["Centro de Recuperación Esperanza"]
    assert names(search_args(q="RECUPERACIÓN hope")) == ["Centro de Recuperación Esperanza"]
    assert names(search_args(q="reco")) == ["Recovery Road"]  # word starts, not word middles
    assert names(search_args(q="covery")) == []


def test_mental_health_only_facilities_are_left_out_unless_asked(app):
    make_facility(name="Mind Clinic", facility_types="MH", codes=("OP",))
    make_facility(name="Dual Clinic", facility_types="MH", codes=("SUMH", "OP"))
    make_facility(name="Rehab", facility_types="SA", codes=("SA",))
    assert search() == ["Dual Clinic", "Rehab"]
    assert search(include_mental_health=True) == ["Dual Clinic", "Mind Clinic", "Rehab"]


def test_closed_facilities_never_show_and_verified_only_keeps_verified(app):
    make_facility(name="Closed", active=False)
    make_facility(name="Verified", verified_at=datetime(2026, 11, 1, tzinfo=timezone.utc))
    make_facility(name="Unverified")
    assert search() == ["Unverified", "Verified"]
    assert search(verified_only=True) == ["Verified"]


def test_pages_split_the_results_and_report_the_total(app):
    for n in range(5):
        make_facility(name=f"Place {n}")
    first = search_args(per_page="2")
    third = search_args(per_page="2", page="3")
    assert names(first) == ["Place 0", "Place 1"] and first.total == 5 and first.pages == 3
    assert names(third) == ["Place 4"] and not third.has_next


def test_refresh_recomputes_bits_after_writes_that_bypass_the_orm(app):
    facility = make_facility(name="Old Name", codes=("SA",))
    db.session.execute(FacilityCode.__table__.insert(), [{"facility_id": facility.id, "code": "BU"}])
    db.session.execute(Facility.__table__.update().where(Facility.__table__.c.id == facility.id)
                       .values(name="Nueva Vía"))
    db.session.expire_all()
    assert search(code_groups=parse_codes("BU"), radius_miles=None) == []
    search_index.refresh(db.session, [facility.id])
    assert search(code_groups=parse_codes("BU"), radius_miles=None) == ["Nueva Vía"]
    assert search(words=("via",)) == ["Nueva Vía"]
    assert facility.bits_om == search_index.masks_for(["BU"])["OM"]


def test_search_agrees_with_brute_force_over_a_generated_dataset(app):
    rng = random.Random(7)
    all_codes = ["SA", "DT", "HH", "BU", "MU", "NU", "MD", "PI", "SF", "RES", "OP", "OD", "SP", "ADLT", "FEM"]
    centers = [(36.17, -115.14), (39.53, -119.81), (34.05, -118.24)]
    made = []
    for n in range(160):
        lat, lon = rng.choice(centers)
        codes = tuple(sorted(set(rng.sample(all_codes, rng.randint(1, 6)))))
        facility = make_facility(
            name=f"{rng.choice(['Hope', 'Nueva', 'Sunrise', 'Desert'])} {rng.choice(['House', 'Center'])} {n}",
            latitude=lat + rng.uniform(-0.8, 0.8), longitude=lon + rng.uniform(-0.8, 0.8),
            codes=codes, facility_types=rng.choice(["SA", "SA", "MH"]), active=rng.random() > 0.05,
        )
        made.append(facility)
    db.session.commit()
    rows = [(f.name, fold(f.name), f.latitude, f.longitude, set(f.code_set), f.facility_types, f.active,
             f.mental_health_only) for f in made]

    for trial in range(60):
        place = rng.choice([None, "89108", "Reno, NV", "34.05,-118.24"])
        radius = rng.choice(["5", "10", "25", "50", "100", "any"])
        codes = ",".join(rng.sample(all_codes, rng.randint(0, 3)))
        word = rng.choice(["", "", "hope", "center"])
        criteria = parse_search(MultiDict({"near": place or "", "radius_miles": radius, "codes": codes,
                                           "q": word, "per_page": "100"}))
        expected = []
        for name, folded, lat, lon, code_set, types, active, mh_only in rows:
            if not active or mh_only:
                continue
            if any(not (group & code_set) for group in criteria.code_groups):
                continue
            if word and word not in folded.split():
                continue
            distance = None
            if criteria.place is not None:
                distance = haversine_miles(criteria.place.latitude, criteria.place.longitude, lat, lon)
                if criteria.radius_miles is not None and distance > criteria.radius_miles:
                    continue
            expected.append((distance if distance is not None else 0, folded, name))
        expected.sort()
        got = search_facilities(criteria)
        assert got.total == len(expected), (trial, place, radius, codes, word)
        assert names(got) == [name for _, _, name in expected][:100], (trial, place, radius, codes, word)


def test_migration_fills_the_bitmasks_of_facilities_that_already_exist(tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from admissions import create_app

    url = f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})
    with app.app_context():
        upgrade(revision="0010")
        db.session.execute(text(
            "INSERT INTO facilities (id, public_id, slug, source_key, name, search_text, sort_name, "
            "location_approximate, facility_types, mental_health_only, source, imported_at, content_hash, "
            "active, created_at, updated_at) VALUES (1, 'p1', 's1', 'k1', 'Old', 'old', 'old', 0, 'SA', 0, "
            "'test', '2026-01-01', '', 1, '2026-01-01', '2026-01-01')"))
        db.session.execute(text("INSERT INTO facility_codes (facility_id, code) VALUES (1, 'BU'), (1, 'MU'), (1, 'MD')"))
        db.session.commit()
        upgrade()
        row = db.session.execute(text("SELECT bits_om, bits_pay, bits_tc FROM facilities")).one()
        db.session.remove()
        db.engine.dispose()
    assert row == (search_index.masks_for(["BU", "MU"])["OM"], search_index.masks_for(["MD"])["PAY"], 0)


def test_a_writer_may_store_derived_values_itself_and_refresh_accepts_any_ids(app):
    values = search_index.derived_values("Clínica Norte", None, "SA", ["SA", "MU", "PI"])
    db.session.execute(Facility.__table__.insert(), [{
        "id": 500, "public_id": "p500", "slug": "s500", "source_key": "k500", "name": "Clínica Norte",
        "latitude": 36.2, "longitude": -115.2, "facility_types": "SA", "source": "test", **values}])
    db.session.execute(FacilityCode.__table__.insert(), [{"facility_id": 500, "code": c} for c in ("SA", "MU", "PI")])
    search_index.refresh(db.session, [500, 999999, None])
    assert search(code_groups=parse_codes("MU,PI"), words=("clinica",)) == ["Clínica Norte"]
