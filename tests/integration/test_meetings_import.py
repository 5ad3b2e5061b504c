"""Importing Meeting Guide and BMLT feeds: idempotent by source id, rejected rows reported."""

import json
from pathlib import Path

from sqlalchemy import func, select

from admissions.extensions import db
from admissions.meetings import demo, formats, queries, services
from admissions.meetings.models import Meeting

FIXTURES = Path(__file__).parent.parent / "fixtures" / "meetings"


def tsml_text() -> str:
    return (FIXTURES / "tsml_sample.json").read_text()


def bmlt_text() -> str:
    return (FIXTURES / "bmlt_sample.json").read_text()


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Meeting))


def test_tsml_import_keeps_good_rows_and_rejects_bad_ones_with_reasons(app):
    report = services.import_feed(tsml_text(), "tsml")
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    reasons = dict(report.rejected)
    assert "time zone" in reasons["row 6"]
    assert "outside 0-6" in reasons["row 7"]
    assert "7pm" in reasons["row 8"]
    assert count() == 5


def test_reimporting_the_same_feed_changes_nothing(app):
    services.import_feed(tsml_text(), "tsml")
    db.session.commit()
    again = services.import_feed(tsml_text(), "tsml")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert count() == 5


def test_a_changed_row_updates_its_meeting_in_place(app):
    services.import_feed(tsml_text(), "tsml")
    original = queries.meeting_by_slug("monday-night-hope")
    rows = json.loads(tsml_text())
    rows[0]["time"] = "19:30"
    report = services.import_feed(json.dumps(rows), "tsml")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    moved = queries.meeting_by_slug("monday-night-hope")
    assert moved.id == original.id and moved.start_hhmm == "19:30"


def test_imported_tsml_meetings_carry_derived_attendance_zone_and_default_length(app):
    services.import_feed(tsml_text(), "tsml")
    midnight = queries.meeting_by_slug("midnight-serenity")
    assert (midnight.timezone, midnight.start_hhmm, midnight.end_hhmm) == ("America/Los_Angeles", "23:30", "00:30")
    assert midnight.days == [5, 6]
    assert queries.meeting_by_slug("online-daily").attendance == formats.ONLINE
    assert queries.meeting_by_slug("online-daily").timezone == "America/Phoenix"
    assert queries.meeting_by_slug("hybrid-step-study").attendance == formats.HYBRID
    assert queries.meeting_by_slug("clubhouse-closed").attendance == formats.ONLINE
    assert queries.meeting_by_slug("monday-night-hope").types == ["D", "O", "X"]


def test_bmlt_import_maps_weekdays_zones_and_venues(app):
    report = services.import_feed(bmlt_text(), "bmlt")
    assert report.created == 2
    reasons = dict(report.rejected)
    assert "time zone" in reasons["row 3"] and "outside 1-7" in reasons["row 4"]
    sunday = db.session.scalar(select(Meeting).where(Meeting.source_key == "bmlt:1001"))
    assert (sunday.days, sunday.start_hhmm, sunday.end_hhmm) == ([0], "19:00", "20:30")
    assert sunday.fellowship == "NA" and sunday.types == ["LIT", "O", "X"]
    saturday = db.session.scalar(select(Meeting).where(Meeting.source_key == "bmlt:1002"))
    assert (saturday.days, saturday.end_hhmm, saturday.timezone) == ([6], "11:00", "America/Los_Angeles")
    assert saturday.attendance == formats.ONLINE


def test_bmlt_timezone_option_rescues_rows_without_zone_or_zip_and_reimport_is_idempotent(app):
    first = services.import_feed(bmlt_text(), "bmlt", default_timezone="America/Denver")
    assert first.created == 3
    hybrid = db.session.scalar(select(Meeting).where(Meeting.source_key == "bmlt:1003"))
    assert (hybrid.timezone, hybrid.attendance, hybrid.days) == ("America/Denver", formats.HYBRID, [3])
    again = services.import_feed(bmlt_text(), "bmlt", default_timezone="America/Denver")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_duplicate_source_id_in_one_file_is_rejected_not_doubled(app):
    rows = json.loads(tsml_text())[:1] * 2
    report = services.import_feed(json.dumps(rows), "tsml")
    assert report.created == 1 and "twice" in report.rejected[0][1]


def test_a_slug_taken_by_another_source_gets_a_suffix(app):
    services.import_feed(tsml_text(), "tsml")
    bmlt_row = {"id_bigint": "55", "meeting_name": "Monday Night Hope", "weekday_tinyint": "2",
                "start_time": "19:00:00", "time_zone": "America/New_York", "venue_type": "1",
                "location_street": "1 Main St"}
    services.import_feed(json.dumps([bmlt_row]), "bmlt")
    slugs = set(db.session.scalars(select(Meeting.slug)))
    assert "monday-night-hope" in slugs and "monday-night-hope-55" in slugs


def test_cli_import_reports_counts_and_rejections(runner, app):
    path = str(FIXTURES / "tsml_sample.json")
    result = runner.invoke(args=["meetings", "import", "--format", "tsml", path])
    assert result.exit_code == 0, result.output
    assert "tsml_sample.json: 8 rows: created 5, updated 0, unchanged 0, rejected 3" in result.output
    assert "  row 7: rejected: Day 9 is outside 0-6" in result.output
    again = runner.invoke(args=["meetings", "import", "--format", "tsml", path])
    assert "created 0, updated 0, unchanged 5, rejected 3" in again.output


def test_cli_import_of_bmlt_with_fellowship_and_timezone_options(runner, app):
    result = runner.invoke(args=["meetings", "import", "--format", "bmlt", "--fellowship", "other",
                                 "--timezone", "America/Denver", str(FIXTURES / "bmlt_sample.json")])
    assert "4 rows: created 3, updated 0, unchanged 0, rejected 1" in result.output
    assert set(db.session.scalars(select(Meeting.fellowship))) == {"other"}


def test_cli_refuses_an_unknown_timezone_option(runner, app):
    result = runner.invoke(args=["meetings", "import", "--format", "bmlt", "--timezone", "Mars/Olympus",
                                 str(FIXTURES / "bmlt_sample.json")])
    assert result.exit_code != 0 and "IANA" in result.output
    assert count() == 0


def test_cli_reports_a_file_that_is_not_a_feed_and_imports_the_others(runner, app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    result = runner.invoke(args=["meetings", "import", "--format", "tsml", str(bad), str(FIXTURES / "tsml_sample.json")])
    assert result.exit_code == 1
    assert "bad.json: cannot read the file: the file is not an array of meetings" in result.output
    assert count() == 5


def test_demo_meetings_are_deterministic_and_varied(app):
    assert demo.demo_feed(seed=1) == demo.demo_feed(seed=1)
    assert demo.demo_feed(seed=1) != demo.demo_feed(seed=2)
    demo.load_demo_meetings(seed=1, echo=lambda *_: None)
    meetings = list(db.session.scalars(select(Meeting)))
    assert len(meetings) >= 200
    assert {m.attendance for m in meetings} >= {formats.IN_PERSON, formats.ONLINE, formats.HYBRID}
    fellowships = [m.fellowship for m in meetings]
    assert fellowships.count("NA") > fellowships.count("AA") > 0
    assert len({m.state for m in meetings}) >= 10
    assert len({m.timezone for m in meetings}) >= 4
    placed = [m for m in meetings if m.attendance != formats.ONLINE]
    assert all(demo.nearest_area_miles(m.latitude, m.longitude) < 10 for m in placed)
