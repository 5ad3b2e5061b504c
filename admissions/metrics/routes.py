"""The manager dashboard, its live fragment, CSV exports and the settings page."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admissions.audit import services as audit
from admissions.auth.access import MANAGERS, role_required
from admissions.core.settings import get_setting
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.metrics import charts, queries, services
from admissions.metrics.definitions import FIGURES, LIVE
from admissions.metrics.forms import WEEKDAYS, MetricsSettingsForm
from admissions.metrics.periods import RangeError, parse_period, valid_zone
from admissions.metrics.report import TABLE_NAMES, history_report, metric_settings

bp = Blueprint("metrics", __name__, url_prefix="/staff/metrics")

US_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
            "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "UTC")


def reader_zone(settings) -> str:
    """The signed-in manager's zone, else the business calendar's."""
    zone = getattr(current_user, "timezone", None)
    return zone if valid_zone(zone) else settings.calendar.timezone


def _period_from_request(settings, now: datetime):
    """(preset, period, errors): a bad range re-renders with messages and the last 7 days."""
    zone = reader_zone(settings)
    asked_zone = request.args.get("tz") or zone
    today = now.astimezone(ZoneInfo(asked_zone if valid_zone(asked_zone) else zone)).date()
    try:
        preset, period = parse_period(request.args, today=today, default_tz=zone)
        return preset, period, {}
    except RangeError as error:
        fallback_today = now.astimezone(ZoneInfo(zone)).date()
        preset, period = parse_period({"range": "7"}, today=fallback_today, default_tz=zone)
        return request.args.get("range", "custom"), period, {error.field: error.message}


@bp.get("")
@role_required(*MANAGERS)
def dashboard():
    """Live panel and history for a range, each figure with its definition."""
    now = utcnow()
    settings = metric_settings()
    preset, period, errors = _period_from_request(settings, now)
    report = history_report(period, now=now, settings=settings)
    live = queries.live_panel(now, grace_minutes=settings.callback_grace_minutes)
    audit.record(current_user, "metrics.viewed", target_type="metrics", target_id=f"{period.first}/{period.last}")
    db.session.commit()
    chart_created, chart_service = charts.daily_charts(report)
    status = 400 if errors else 200
    return render_template("metrics/dashboard.html", report=report, live=live, period=period, preset=preset,
                           errors=errors, args=request.args, zones=_zone_choices(period.tz), figures=FIGURES,
                           live_definitions=LIVE, chart_created=chart_created, chart_service=chart_service,
                           settings=settings, zone=reader_zone(settings)), status


@bp.get("/live")
@role_required(*MANAGERS)
def live():
    """The live panel alone, for the page to refresh itself."""
    settings = metric_settings()
    panel = queries.live_panel(utcnow(), grace_minutes=settings.callback_grace_minutes)
    return render_template("metrics/_live.html", live=panel, live_definitions=LIVE, settings=settings,
                           zone=reader_zone(settings))


@bp.get("/export/<name>.csv")
@role_required(*MANAGERS)
def export(name: str):
    """One table of the dashboard as CSV, for the range asked."""
    if name not in TABLE_NAMES:
        abort(404, description="There is no such table.")
    now = utcnow()
    settings = metric_settings()
    _preset, period, errors = _period_from_request(settings, now)
    if errors:
        return render_template("core/error.html", code=400, message=" ".join(errors.values())), 400
    table = history_report(period, now=now, settings=settings).tables[name]
    audit.record(current_user, "metrics.exported", target_type="metrics",
                 target_id=f"{name}:{period.first}/{period.last}")
    db.session.commit()
    filename = f"metrics-{name}-{period.first}-{period.last}.csv"
    return Response(table_csv(table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def table_csv(table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    keys = ["figure", "label", "value", "definition"] if table.name == "summary" else [c.key for c in table.columns]
    writer.writerow(keys)
    for row in table.rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in keys])
    return out.getvalue()


@bp.route("/settings", methods=["GET", "POST"])
@role_required(*MANAGERS)
def settings_page():
    """Business hours per weekday, holidays, SLA minutes per priority, service level X."""
    form = MetricsSettingsForm()
    if request.method == "GET":
        _fill_settings_form(form)
    elif form.validate_on_submit():
        services.save_settings({
            "business_timezone": form.business_timezone.data.strip(),
            "business_hours": form.hours(),
            "business_holidays": (form.business_holidays.data or "").strip(),
            "business_closed_dates": form.closed_dates(),
            "sla_minutes": {"critical": form.sla_critical.data, "high": form.sla_high.data,
                            "normal": form.sla_normal.data},
            "service_level_minutes": form.service_level_minutes.data,
            "callback_grace_minutes": form.callback_grace_minutes.data,
        }, by=current_user)
        services.set_user_timezone(current_user, (form.my_timezone.data or "").strip())
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("metrics.settings_page"))
    status = 400 if form.errors else 200
    return render_template("metrics/settings.html", form=form, weekdays=WEEKDAYS), status


def _fill_settings_form(form: MetricsSettingsForm) -> None:
    settings = metric_settings()
    form.business_timezone.data = settings.calendar.timezone
    form.business_holidays.data = get_setting("business_holidays") or ""
    form.business_closed_dates.data = "\n".join(get_setting("business_closed_dates") or [])
    sla = get_setting("sla_minutes") or {}
    form.sla_critical.data, form.sla_high.data, form.sla_normal.data = (sla.get(k) for k in ("critical", "high", "normal"))
    form.service_level_minutes.data = int(settings.service_level_minutes)
    form.callback_grace_minutes.data = int(settings.callback_grace_minutes)
    form.my_timezone.data = current_user.timezone or ""
    for day in range(7):
        closed, opens, closes = form.day_fields(day)
        window = settings.calendar.hours.get(day)
        closed.data = not window
        opens.data, closes.data = (window[0], window[1]) if window else ("", "")


def _zone_choices(current: str) -> list[str]:
    return list(US_ZONES) if current in US_ZONES else [current, *US_ZONES]


@bp.app_template_filter("metric")
def format_metric(value, kind: str = "int") -> str:
    """A figure as the page shows it: 37.5%, 17 min 30 s, 1.38, 1,204; a dash when there is none."""
    if value is None or value == "":
        return "–"
    if kind == "ratio":
        return f"{value * 100:.1f}%"
    if kind == "seconds":
        seconds = round(value)
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return f"{hours} h {minutes} min"
        return f"{minutes} min {secs} s" if minutes else f"{secs} s"
    if kind == "number":
        return f"{value:.2f}"
    if kind == "int":
        return f"{int(value):,}"
    return str(value)


@bp.app_template_filter("zoneinfo")
def zoneinfo_filter(name: str) -> ZoneInfo:
    return ZoneInfo(name)
