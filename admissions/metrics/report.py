"""The history report: every figure for a period, and the tables the page, CSV and API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from admissions.core.business_hours import BusinessCalendar, calendar_from_settings
from admissions.core.settings import get_setting
from admissions.metrics import queries
from admissions.metrics.definitions import FIGURES
from admissions.metrics.queries import _ratio
from admissions.metrics.periods import Period

DEFAULT_SERVICE_LEVEL_MINUTES = 15
DEFAULT_CALLBACK_GRACE_MINUTES = 15

SOURCE_LABELS = {"web": "Web form", "api": "Partner API", "staff": "Staff entry"}
PLAN_LABELS = {"commercial": "Commercial", "medicaid": "Medicaid", "medicare": "Medicare",
               "medicare_advantage": "Medicare Advantage", "tricare": "TRICARE", "va": "VA",
               "self_pay": "Self-pay", "none": "No insurance", "other": "Other"}


@dataclass(frozen=True)
class MetricSettings:
    calendar: BusinessCalendar
    service_level_minutes: float
    callback_grace_minutes: float


def metric_settings() -> MetricSettings:
    """The settings the figures depend on, as managers last saved them."""
    return MetricSettings(
        calendar=calendar_from_settings(get_setting),
        service_level_minutes=float(get_setting("service_level_minutes", DEFAULT_SERVICE_LEVEL_MINUTES)),
        callback_grace_minutes=float(get_setting("callback_grace_minutes", DEFAULT_CALLBACK_GRACE_MINUTES)),
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: int, ratio, seconds, number or text: how the page shows it.
    kind: str = "int"


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict]


COHORT_COLUMNS = [
    Column("created", "Inquiries"),
    Column("service_level", "Service level", "ratio"),
    Column("speed_to_first_attempt_median_seconds", "First attempt, median", "seconds"),
    Column("speed_to_first_attempt_p90_seconds", "First attempt, p90", "seconds"),
    Column("speed_to_contact_median_seconds", "Contact, median", "seconds"),
    Column("speed_to_contact_p90_seconds", "Contact, p90", "seconds"),
    Column("never_attempted", "Never attempted"),
    Column("contact_rate", "Contact rate", "ratio"),
    Column("abandonment_rate", "Abandonment", "ratio"),
    Column("admitted", "Admitted"),
    Column("admitted_conversion", "Admitted / reached", "ratio"),
    Column("referred", "Referred"),
    Column("referred_conversion", "Referred / reached", "ratio"),
    Column("attempts_per_inquiry", "Attempts per inquiry", "number"),
]

TABLE_NAMES = ("summary", "daily", "by_navigator", "by_source", "by_plan_type", "by_state")


@dataclass
class Report:
    period: Period
    settings: MetricSettings
    figures: dict
    callbacks: queries.CallbackCounts
    tables: dict[str, Table]


def history_report(period: Period, *, now: datetime, settings: MetricSettings) -> Report:
    """Every history figure of the dashboard for ``period``."""
    minutes = settings.service_level_minutes
    groups = queries.cohorts(period, settings.calendar, service_level_minutes=minutes)
    business, after = groups.business_hours, groups.after_hours
    callbacks = queries.callbacks(period, now=now, grace_minutes=settings.callback_grace_minutes)
    handle = queries.handle_times(period)
    overall_handle = handle["all"].get(None, {})
    figures = groups.overall.figures()
    figures.update({
        "service_level_business_hours": _ratio(business.within_x, business.created),
        "business_hours_created": business.created,
        "service_level_after_hours": _ratio(after.within_x, after.created),
        "after_hours_created": after.created,
        "callbacks_due": callbacks.due,
        "callbacks_on_time": callbacks.on_time,
        "callbacks_early": callbacks.early,
        "callbacks_late": callbacks.late,
        "callbacks_missed": callbacks.missed,
        "callback_adherence": callbacks.adherence,
        "handle_time_median_seconds": overall_handle.get(50),
        "handle_time_p90_seconds": overall_handle.get(90),
    })
    tables = {
        "summary": _summary_table(figures),
        "daily": Table("daily", "Inquiries per day", [
            Column("day", "Day", "text"), Column("created", "Inquiries"), Column("attempted", "Attempted"),
            Column("service_level", "Service level", "ratio"), Column("contacted", "Reached"),
            Column("admitted", "Admitted"), Column("referred", "Referred"), Column("abandoned", "Abandoned")],
            queries.daily(period, service_level_minutes=minutes)),
        "by_navigator": Table("by_navigator", "By navigator", [
            Column("navigator", "Navigator", "text"), Column("claims", "Claims"), Column("handled", "Handled"),
            Column("handle_time_median_seconds", "Handle time, median", "seconds"),
            Column("handle_time_p90_seconds", "Handle time, p90", "seconds"),
            Column("attempts", "Attempts"), Column("attempts_per_inquiry", "Attempts per inquiry", "number"),
            Column("reached", "Reached"), Column("admitted", "Admitted"),
            Column("admitted_conversion", "Admitted / reached", "ratio"), Column("referred", "Referred"),
            Column("referred_conversion", "Referred / reached", "ratio"),
            Column("callbacks_due", "Callbacks due"), Column("callback_adherence", "Callback adherence", "ratio")],
            queries.by_navigator(period, now=now, grace_minutes=settings.callback_grace_minutes,
                                 handle_percentiles=handle)),
    }
    for dimension, title, labels in (("source", "By source", SOURCE_LABELS),
                                     ("plan_type", "By plan type", PLAN_LABELS),
                                     ("state", "By state", {})):
        rows = []
        for key, item in groups.by[dimension]:
            rows.append({"group": labels.get(key, key) if key else "Not given", **item.figures()})
        tables[f"by_{dimension}"] = Table(f"by_{dimension}", title,
                                          [Column("group", title.removeprefix("By ").capitalize(), "text"),
                                           *COHORT_COLUMNS], rows)
    return Report(period=period, settings=settings, figures=figures, callbacks=callbacks, tables=tables)


def _summary_table(figures: dict) -> Table:
    kinds = {"created": "int"}
    rows = []
    for key, (label, definition) in FIGURES.items():
        kind = kinds.get(key) or ("seconds" if key.endswith("_seconds") else
                                  "number" if key == "attempts_per_inquiry" else "ratio")
        rows.append({"figure": key, "label": label, "value": figures.get(key), "kind": kind,
                     "definition": definition})
    return Table("summary", "Summary", [Column("label", "Figure", "text"), Column("value", "Value", "value"),
                                        Column("definition", "Definition", "text")], rows)
