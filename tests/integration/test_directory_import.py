"""Importing facilities into the database: upserts, rejections, atomic batches, stable ids."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from admissions.directory import importers, search_index, services
from admissions.directory.importers import parse_locator_row
from admissions.directory.models import Facility, FacilityCode
from admissions.extensions import db
from tests.unit.test_directory_importers import locator_row

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=30)


def rows(count: int, **fields):
    """``count`` distinct locator rows parsed, numbered from 1."""
    return [
        parse_locator_row(n, locator_row(frid=f"{n:064x}", name1=f"Clinic {n}", street1=f"{n} Main St", **fields))
        for n in range(1, count + 1)
    ]


def run_import(parsed, now=NOW, **options):
    report = services.import_facilities(parsed, source="samhsa-json", now=now, **options)
    db.session.commit()
    return report


def facilities() -> list[Facility]:
    return list(db.session.scalars(select(Facility).order_by(Facility.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_import_creates_facilities_with_their_codes_and_folded_search_text(app):
    parsed = [parse_locator_row(1, locator_row(
        name1="Clínica Nueva Vida", name2="Main&nbsp;Campus",
        services=[{"f1": "Opioid", "f2": "OM", "f3": "Methadone used in Treatment; Buprenorphine used in Treatment"}],
    ))]
    report = run_import(parsed)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (1, 0, 0, [])
    facility = facilities()[0]
    assert facility.code_set == {"MU", "BU"}
    assert facility.search_text == "clinica nueva vida main campus"
    assert facility.sort_name == "clinica nueva vida"
    assert facility.slug == "clinica-nueva-vida-las-vegas-nv"
    assert facility.source == "samhsa-json" and facility.imported_at == NOW
    assert facility.source_key == "ab" * 32
    assert report.facility_ids == [facility.id]


def test_an_import_never_marks_a_listing_verified(app):
    run_import(rows(3))
    assert all(f.verified_at is None and f.verified_by_id is None for f in facilities())


def test_re_importing_the_same_rows_changes_nothing_and_duplicates_nothing(app):
    run_import(rows(5))
    before = [(f.id, f.public_id, f.slug, f.updated_at) for f in facilities()]
    report = run_import(rows(5), now=LATER)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert [(f.id, f.public_id, f.slug, f.updated_at) for f in facilities()] == before
    assert count(FacilityCode) == 5


def test_a_changed_row_is_updated_in_place_and_keeps_its_public_id_and_slug(app):
    run_import(rows(3))
    original = {f.source_key: (f.id, f.public_id, f.slug) for f in facilities()}
    changed = rows(3)
    changed[1] = parse_locator_row(2, locator_row(
        frid=f"{2:064x}", name1="Clinic Two Renamed", street1="2 Main St", phone="702-555-0199",
        services=[{"f1": "Payment", "f2": "PAY", "f3": "Medicaid; Medicare"}],
    ))
    report = run_import(changed, now=LATER)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    after = {f.source_key: f for f in facilities()}
    assert {key: (f.id, f.public_id, f.slug) for key, f in after.items()} == original
    renamed = after[f"{2:064x}"]
    assert renamed.name == "Clinic Two Renamed" and renamed.sort_name == "clinic two renamed"
    assert renamed.phone == "(702) 555-0199"
    assert renamed.code_set == {"MD", "MC"}
    assert renamed.imported_at == LATER and renamed.updated_at == LATER
    assert after[f"{1:064x}"].imported_at == NOW


def test_a_re_import_keeps_what_people_set_on_a_listing(app):
    run_import(rows(1))
    facility = facilities()[0]
    facility.verified_at = NOW
    facility.active = False
    db.session.commit()
    run_import([parse_locator_row(1, locator_row(frid=f"{1:064x}", name1="Clinic 1 New", street1="1 Main St"))],
               now=LATER)
    facility = facilities()[0]
    assert facility.name == "Clinic 1 New"
    assert facility.verified_at == NOW and facility.active is False


def test_rows_without_frid_are_found_again_by_name_and_address(app):
    first = [parse_locator_row(1, locator_row(frid=None, phone="702-555-0101"))]
    run_import(first)
    again = [parse_locator_row(7, locator_row(frid=None, name1="DESERT DAWN  recovery", phone="702-555-0102"))]
    report = run_import(again, now=LATER)
    assert (report.created, report.updated) == (0, 1)
    assert [f.phone for f in facilities()] == ["(702) 555-0102"]


def test_a_listing_first_seen_without_frid_adopts_its_frid_later(app):
    run_import([parse_locator_row(1, locator_row(frid=None))])
    public_id = facilities()[0].public_id
    report = run_import([parse_locator_row(1, locator_row(frid="cd" * 32))], now=LATER)
    assert (report.created, report.updated) == (0, 1)
    (facility,) = facilities()
    assert facility.source_key == "cd" * 32 and facility.public_id == public_id


def test_rejected_rows_are_reported_with_their_row_number_and_the_rest_imported(app):
    parsed = rows(4)
    parsed[1] = parse_locator_row(2, locator_row(name1=""))
    parsed[2] = parse_locator_row(3, locator_row(state="XX", frid=None))
    report = run_import(parsed)
    assert report.created == 2
    assert [(note.row, note.message) for note in report.rejected] == [
        (2, "missing name1"), (3, "missing or unknown state")]
    assert count(Facility) == 2


def test_unknown_labels_are_reported_as_warnings_and_the_facility_imported(app):
    parsed = [parse_locator_row(1, locator_row(services=[{"f1": "Set", "f2": "SET", "f3": "Outpatient; Yoga"}]))]
    report = run_import(parsed)
    assert report.created == 1 and report.rejected == []
    assert [(n.row, n.message) for n in report.warnings] == [(1, 'unknown service "Yoga" in SET skipped')]
    assert facilities()[0].code_set == {"OP"}


def test_an_sa_row_and_an_mh_row_of_one_site_become_one_facility(app):
    mh = parse_locator_row(1, locator_row(frid="cd" * 32, typeFacility="MH", services=None))
    sa = parse_locator_row(2, locator_row(frid="ef" * 32, typeFacility="SA"))
    report = run_import([mh, sa])
    assert report.created == 1
    (facility,) = facilities()
    assert facility.facility_types == "SA,MH" and facility.mental_health_only is False


def test_a_mental_health_only_listing_is_flagged(app):
    run_import([parse_locator_row(1, locator_row(typeFacility="MH", services=None))])
    assert facilities()[0].mental_health_only is True


def test_same_names_in_one_city_get_distinct_slugs_and_keep_them(app):
    parsed = [parse_locator_row(n, locator_row(frid=f"{n:064x}", name1="Community Health Center",
                                               street1=f"{n} Oak St")) for n in (1, 2, 3)]
    run_import(parsed)
    slugs = [f.slug for f in facilities()]
    assert slugs[0] == "community-health-center-las-vegas-nv"
    assert len(set(slugs)) == 3 and all(s.startswith("community-health-center-las-vegas-nv") for s in slugs)
    run_import(list(reversed(parsed)), now=LATER)
    assert [f.slug for f in facilities()] == slugs


def test_the_public_id_depends_only_on_the_source_key(app):
    run_import(rows(2))
    assert [f.public_id for f in facilities()] == [
        services.public_id_for(f"{1:064x}"), services.public_id_for(f"{2:064x}")]


def test_a_failure_mid_batch_leaves_whole_batches_and_no_half_written_facility(app, monkeypatch):
    real_replace_codes = services._replace_codes
    calls = {"n": 0}

    def failing_replace_codes(*args):
        calls["n"] += 1
        if calls["n"] == 2:  # the second batch: its facilities are inserted, its codes are not yet
            raise RuntimeError("killed")
        return real_replace_codes(*args)

    monkeypatch.setattr(services, "_replace_codes", failing_replace_codes)
    with pytest.raises(RuntimeError):
        services.import_facilities(rows(7), source="samhsa-json", now=NOW, batch_size=3,
                                   on_batch=db.session.commit)
    db.session.rollback()
    assert count(Facility) == 3
    assert all(f.code_set == {"SA"} for f in facilities())

    monkeypatch.setattr(services, "_replace_codes", real_replace_codes)
    report = run_import(rows(7), batch_size=3)
    assert (report.created, report.unchanged) == (4, 3)
    assert count(Facility) == 7 and count(FacilityCode) == 7


def test_the_search_index_is_refreshed_for_every_written_facility(app, monkeypatch):
    refreshed: list[int] = []
    monkeypatch.setattr(search_index, "refresh", lambda session, ids: refreshed.extend(ids))
    run_import(rows(5), batch_size=2)
    assert sorted(refreshed) == sorted(f.id for f in facilities())
    refreshed.clear()
    run_import(rows(5), now=LATER)
    assert refreshed == []


def test_a_national_csv_imports_through_the_same_service(app):
    import io

    text = ("name1,name2,street1,street2,city,state,zip,phone,intake1,intake2,intake1a,intake2a,service_code_info\n"
            "Harbor Light,,5 Bay Rd,,Boston,MA,2134,617-555-0199,,,,,SA OP MD\n")
    parsed = list(importers.parse_national_csv(io.BytesIO(text.encode())))
    report = services.import_facilities(parsed, source="nsumhss-csv", now=NOW)
    db.session.commit()
    assert report.created == 1
    facility = facilities()[0]
    assert facility.zip == "02134" and facility.location_approximate is True
    assert facility.code_set == {"SA", "OP", "MD"}
