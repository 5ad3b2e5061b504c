"""Ranges in a reader's zone, the figure formats and the SVG charts (no database)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from admissions.metrics.charts import bar_chart
from admissions.metrics.periods import RangeError, parse_period, period
from admissions.metrics.routes import format_metric


def test_days_follow_the_local_clock_across_both_changes():
    spring = period(date(2026, 3, 8), date(2026, 3, 8), "America/Chicago")
    fall = period(date(2026, 11, 1), date(2026, 11, 1), "America/Chicago")
    assert (spring.end - spring.start).total_seconds() == 23 * 3600
    assert (fall.end - fall.start).total_seconds() == 25 * 3600
    assert spring.start == datetime(2026, 3, 8, 6, 0, tzinfo=timezone.utc)


def test_presets_end_today_in_the_readers_zone():
    preset, p = parse_period({"range": "7", "tz": "Pacific/Honolulu"}, today=date(2026, 5, 10), default_tz="UTC")
    assert preset == "7" and (p.first, p.last, p.tz) == (date(2026, 5, 4), date(2026, 5, 10), "Pacific/Honolulu")
    assert parse_period({}, today=date(2026, 5, 10), default_tz="UTC")[1].first == date(2026, 5, 4)
    assert parse_period({"range": "today"}, today=date(2026, 5, 10), default_tz="UTC")[1].first == date(2026, 5, 10)


def test_from_and_to_alone_mean_a_custom_range():
    preset, p = parse_period({"from": "2026-01-01", "to": "2026-01-31"}, today=date(2026, 5, 10), default_tz="UTC")
    assert preset == "custom" and len(p.days) == 31


@pytest.mark.parametrize("args, field", [
    ({"range": "custom", "from": "2026-02-30", "to": "2026-03-01"}, "from"),
    ({"range": "custom", "from": "2026-03-01"}, "to"),
    ({"range": "custom", "from": "2026-03-02", "to": "2026-03-01"}, "to"),
    ({"range": "custom", "from": "2024-01-01", "to": "2026-03-01"}, "to"),
    ({"range": "365"}, "range"),
    ({"tz": "Europe/Atlantis"}, "tz"),
])
def test_bad_ranges_name_the_field(args, field):
    with pytest.raises(RangeError) as error:
        parse_period(args, today=date(2026, 5, 10), default_tz="UTC")
    assert error.value.field == field


@pytest.mark.parametrize("value, kind, shown", [
    (None, "ratio", "–"), (0.375, "ratio", "37.5%"), (1050, "seconds", "17 min 30 s"), (42.4, "seconds", "42 s"),
    (6540, "seconds", "1 h 49 min"), (1.375, "number", "1.38"), (12345, "int", "12,345"), ("NV", "text", "NV"),
])
def test_figures_are_shown_readably(value, kind, shown):
    assert format_metric(value, kind) == shown


def test_a_chart_has_a_title_a_description_and_escapes_labels():
    svg = str(bar_chart("c1", "Inquiries per day", "Daily <counts>", ["03-07", "03-08"], [3, None]))
    assert svg.startswith('<svg class="chart" id="c1"') and 'role="img"' in svg
    assert '<title id="c1-title">Inquiries per day</title>' in svg and "Daily &lt;counts&gt;" in svg
    assert svg.count("<rect") == 1
