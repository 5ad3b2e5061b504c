"""``flask directory import`` and ``flask demo load`` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from admissions.directory.models import Facility
from admissions.extensions import db
from tests.conftest import empty_database

DATA = Path(__file__).resolve().parent.parent / "data" / "directory"


def import_files(runner, source_format: str, *names: str):
    return runner.invoke(args=["directory", "import", "--format", source_format, *(str(DATA / n) for n in names)])


def facility_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Facility))


def test_importing_a_locator_file_prints_counts_and_each_rejected_row(runner):
    result = import_files(runner, "samhsa-json", "locator_sample.json")
    assert result.exit_code == 0, result.output
    assert "8 rows: created 4, updated 0, unchanged 0, rejected 3" in result.output
    assert "row 4: rejected: missing name1" in result.output
    assert "row 5: rejected: no usable coordinates and no known ZIP code" in result.output
    assert "row 8: rejected: missing or unknown state" in result.output
    assert 'row 1: unknown service "Hyperbaric wellness" in SET skipped' in result.output
    assert "Canyon Ridge" not in result.output  # reasons only, never the row's content
    assert facility_count() == 4


def test_re_importing_updates_in_place_and_never_duplicates(runner):
    import_files(runner, "samhsa-json", "locator_sample.json")
    ids = dict(db.session.execute(select(Facility.source_key, Facility.public_id)).all())
    again = import_files(runner, "samhsa-json", "locator_sample.json")
    assert "created 0, updated 0, unchanged 4, rejected 3" in again.output
    update = import_files(runner, "samhsa-json", "locator_update.json")
    assert "3 rows: created 1, updated 1, unchanged 1, rejected 0" in update.output
    assert facility_count() == 5
    after = dict(db.session.execute(select(Facility.source_key, Facility.public_id)).all())
    assert {key: after[key] for key in ids} == ids
    desert = db.session.scalar(select(Facility).where(Facility.name.startswith("Desert Dawn")))
    assert desert.intake_phone == "(702) 555-0150" and "NU" in desert.code_set


def test_importing_the_national_csv(runner):
    result = import_files(runner, "nsumhss-csv", "national_sample.csv")
    assert result.exit_code == 0, result.output
    assert "4 rows: created 3, updated 0, unchanged 0, rejected 1" in result.output
    assert "row 3: rejected: missing name1" in result.output
    assert 'row 2: unknown service code "HOVERCRAFT" skipped' in result.output
    granite = db.session.scalar(select(Facility).where(Facility.name == "Granite State Recovery"))
    assert granite.location_approximate is False and granite.intake_phone == "(603) 555-0121"
    harbor = db.session.scalar(select(Facility).where(Facility.name == "Harbor Light Counseling"))
    assert harbor.zip == "02134" and harbor.location_approximate is True
    bayou = db.session.scalar(select(Facility).where(Facility.name == "Bayou Bridge Clinic"))
    assert bayou.phone is None and bayou.intake_phone == "(504) 555-0101"
    assert bayou.facility_types == "SA,OTP"


def test_a_file_that_cannot_be_read_fails_the_command_but_the_others_are_imported(runner):
    result = import_files(runner, "samhsa-json", "broken.json", "missing.json", "locator_update.json")
    assert result.exit_code == 1
    assert "broken.json: cannot read the file: not JSON" in result.output
    assert "missing.json: cannot read the file" in result.output
    assert "created 3" in result.output
    assert facility_count() == 3


def test_a_csv_given_as_locator_json_cannot_be_read(runner):
    result = import_files(runner, "samhsa-json", "national_sample.csv")
    assert result.exit_code == 1 and facility_count() == 0


def test_an_unknown_format_is_a_usage_error(runner):
    result = import_files(runner, "excel", "locator_sample.json")
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def _demo_snapshot():
    rows = db.session.scalars(select(Facility).order_by(Facility.public_id)).all()
    return [
        (f.public_id, f.slug, f.name, f.name2, f.street1, f.city, f.state, f.zip, f.latitude, f.longitude,
         f.phone, f.website, f.facility_types, tuple(sorted(f.code_set)), f.verified_at, f.verified_by_id is not None)
        for f in rows
    ]


def test_demo_load_is_deterministic(runner):
    first = runner.invoke(args=["demo", "load", "--facilities", "200", "--seed", "3"])
    assert first.exit_code == 0, first.output
    assert "created 200, updated 0, unchanged 0, rejected 0" in first.output
    snapshot = _demo_snapshot()
    db.session.remove()
    empty_database()
    second = runner.invoke(args=["demo", "load", "--facilities", "200", "--seed", "3"])
    assert second.exit_code == 0, second.output
    assert _demo_snapshot() == snapshot
    db.session.remove()
    empty_database()
    runner.invoke(args=["demo", "load", "--facilities", "200", "--seed", "4"])
    assert _demo_snapshot() != snapshot


def test_demo_facilities_are_plausible_and_about_a_third_verified_by_a_person(runner):
    result = runner.invoke(args=["demo", "load", "--facilities", "200", "--seed", "3"])
    assert result.exit_code == 0, result.output
    facilities = db.session.scalars(select(Facility)).all()
    verified = [f for f in facilities if f.verified_at is not None]
    assert 40 <= len(verified) <= 80
    assert all(f.verified_by_id is not None for f in verified)
    assert len({f.state for f in facilities}) >= 30
    codes = [f.code_set for f in facilities]
    for code in ("MU", "BU", "NU", "DT", "RES", "OP", "MD", "PI", "SP", "ADLT"):
        assert any(code in c for c in codes), code
    assert any(f.mental_health_only for f in facilities)
    assert all(f.phone and "555-01" in f.phone for f in facilities)


def test_demo_load_twice_updates_in_place(runner):
    runner.invoke(args=["demo", "load", "--facilities", "50", "--seed", "3"])
    again = runner.invoke(args=["demo", "load", "--facilities", "50", "--seed", "3"])
    assert "created 0, updated 0, unchanged 50" in again.output
    assert facility_count() == 50
