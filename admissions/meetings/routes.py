"""Public meeting pages, the calendar file, "report a change", and the admins' report list."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime, get_timezone_name
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from admissions.auth.access import ADMINS, role_required
from admissions.core.geo import PlaceError
from admissions.core.time import utcnow
from admissions.extensions import db, limiter
from admissions.meetings import calendar, formats, queries, schedule, services
from admissions.meetings.api import full_address
from admissions.meetings.forms import MeetingSearchForm, ReportChangeForm, search_from_form
from admissions.meetings.models import MeetingReport

bp = Blueprint("meetings", __name__)

#: Where the viewer's browser says it is (set by static/js/meetings.js); never personal data.
TZ_COOKIE = "tz"


def viewer_zone() -> str | None:
    """The viewer's IANA zone from ``?tz=`` or the cookie the page script sets, if valid."""
    for candidate in (request.args.get("tz"), request.cookies.get(TZ_COOKIE)):
        if schedule.is_zone(candidate):
            return candidate
    return None


def default_zone() -> str:
    return current_app.config.get("MEETINGS_DEFAULT_TIMEZONE") or current_app.config["BUSINESS_TIMEZONE"]


@bp.get("/meetings")
def search():
    """Find a meeting: starting soon, tonight, tomorrow, on a day, near a place or online."""
    form = MeetingSearchForm(request.args)
    results = place = None
    needs_place = False
    asked = request.args.keys() - {"lang", "tz"}
    if asked and form.validate():
        try:
            search, place, needs_place = search_from_form(form, now=utcnow(), viewer_tz=viewer_zone(),
                                                          fallback_tz=default_zone())
        except PlaceError:
            search = None
        if search is not None and search.attendance:
            results = queries.search_meetings(search)
    return render_template("meetings/search.html", form=form, results=results, place=place,
                           needs_place=needs_place, viewer_tz=viewer_zone())


@bp.get("/meetings/<slug>")
def meeting(slug: str):
    """One meeting: when in its zone and in the viewer's, where, how to join, report a change."""
    found = _meeting_or_404(slug)
    return render_template("meetings/meeting.html", **_meeting_context(found, ReportChangeForm()))


@bp.get("/meetings/<slug>/calendar.ics")
def meeting_calendar(slug: str):
    """An "add to calendar" file: a weekly event in the meeting's own zone."""
    found = _meeting_or_404(slug)
    body = calendar.meeting_ics(found, url=url_for("meetings.meeting", slug=slug, _external=True), today=utcnow())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{found.slug}.ics"'})


@bp.post("/meetings/<slug>/report")
@limiter.limit(lambda: current_app.config["REPORT_RATE_LIMIT"])
def report_change(slug: str):
    """Store a "this meeting is wrong" report for the admins."""
    found = _meeting_or_404(slug)
    form = ReportChangeForm()
    if not form.validate_on_submit():
        return render_template("meetings/meeting.html", **_meeting_context(found, form)), 400
    services.report_change(found, problem=form.problem.data, details=form.details.data or "",
                           contact=form.contact.data)
    db.session.commit()
    flash(_("Thank you. We will check this meeting."), "success")
    return redirect(url_for("meetings.meeting", slug=slug))


@bp.get("/staff/meetings/reports")
@role_required(*ADMINS)
def reports():
    """Open reports about meetings, newest first."""
    return render_template("meetings/reports.html", reports=queries.open_reports())


@bp.post("/staff/meetings/reports/<int:report_id>/resolve")
@role_required(*ADMINS)
def resolve_report(report_id: int):
    report = db.session.get(MeetingReport, report_id) or abort(404)
    services.resolve_report(report, by=current_user)
    db.session.commit()
    flash("Report marked as dealt with.", "success")
    return redirect(url_for("meetings.reports"))


def _meeting_or_404(slug: str):
    return queries.meeting_by_slug(slug) or abort(404)


def _meeting_context(found, form: ReportChangeForm) -> dict:
    at = utcnow()
    occurrence = schedule.occurrence_at(found.days, found.start_minute, found.end_minute, found.timezone, at)
    viewer = viewer_zone()
    return {
        "meeting": found, "form": form, "occurrence": occurrence, "address": full_address(found),
        "viewer_tz": viewer if viewer and viewer != found.timezone else None,
        "type_labels": [formats.type_label(code, str(get_locale() or "en")) for code in found.types],
    }


@bp.app_template_filter("meeting_time")
def meeting_time(value: datetime, tz_name: str, pattern: str = "EEEE h:mm a") -> str:
    """An instant as a reader in ``tz_name`` would say it, in the page's language."""
    return format_datetime(value, pattern, tzinfo=schedule.zone(tz_name), locale=str(get_locale() or "en"))


@bp.app_template_filter("zone_name")
def zone_name(tz_name: str) -> str:
    """ "Eastern Time" for America/New_York, in the page's language."""
    return get_timezone_name(schedule.zone(tz_name), width="long", uncommon=False,
                             locale=str(get_locale() or "en"))


@bp.app_template_global("day_names")
def day_names(days: list[int]) -> str:
    from admissions.meetings.forms import DAY_CHOICES

    labels = dict(DAY_CHOICES)
    return ", ".join(str(labels[str(day)]) for day in days)


@bp.app_template_global("meetings_near_facility")
def meetings_near_facility(facility, limit: int = 3):
    """For ``meetings/_near_facility.html``: the next few meetings near a facility."""
    return queries.meetings_near(facility.latitude, facility.longitude, limit=limit)
