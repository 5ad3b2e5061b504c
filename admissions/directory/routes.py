"""Public directory pages: the search at /treatment, a facility's page and its report form."""

from __future__ import annotations

import re
import threading
from urllib.parse import quote_plus

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admissions.core.errors import DomainError
from admissions.core.geo import resolve_place
from admissions.directory import curation, search_index
from admissions.directory.criteria import (
    FILTER_GROUPS, RADII, SearchCriteria, SearchError, parse_search, summary,
)
from admissions.directory.forms import ReportProblemForm
from admissions.directory.models import Facility
from admissions.directory.queries import (
    facility_by_public_id, facility_by_slug, search_facilities, services_by_category,
)
from admissions.extensions import db, limiter

bp = Blueprint("directory", __name__)


@bp.record_once
def _warm_places(state) -> None:
    """Build the ZIP and city tables in the background at start-up: they take seconds, and the
    first person to search should not wait for them."""
    if not state.app.testing:
        threading.Thread(target=warm_place_tables, name="warm-places", daemon=True).start()


def warm_place_tables() -> None:
    resolve_place("89108")
    resolve_place("Reno, NV")


@bp.get("/treatment")
def search():
    """The search form and its results; a GET form, so every search is a shareable URL."""
    error = None
    try:
        criteria = parse_search(request.args)
    except SearchError as exc:
        error, criteria = exc, SearchCriteria()
    results = None if error else search_facilities(criteria)
    return render_template(
        "directory/search.html", criteria=criteria, results=results, error=error, groups=FILTER_GROUPS,
        radii=RADII, args=request.args, page_url=_page_url, search_url=_search_url, wider_radius=_wider_radius(criteria),
        summary=summary,
    ), 400 if error else 200


@bp.get("/treatment/<ident>")
def facility(ident: str):
    """A facility's page; an old or partial slug redirects to the current address."""
    found = _facility_or_404(ident)
    if ident != _ident(found):
        return redirect(url_for("directory.facility", ident=_ident(found)), 301)
    return _render_facility(found, ReportProblemForm())


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@bp.post("/treatment/<ident>/report")
@limiter.limit(_report_limit, methods=["POST"])
def report(ident: str):
    """Someone tells us the listing is wrong; admins see it in the curation queue."""
    found = _facility_or_404(ident)
    form = ReportProblemForm()
    if not form.validate_on_submit():
        return _render_facility(found, form), 400
    if not form.nickname.data:  # a filled honeypot gets the same answer but nothing is saved
        try:
            curation.report_problem(found, problem=form.problem.data, details=form.details.data,
                                    contact=form.contact.data)
        except DomainError as exc:
            form.problem.errors.append(exc.message)
            return _render_facility(found, form), 400
        db.session.commit()
    flash(_("Thank you. We will check this listing."), "success")
    return redirect(url_for("directory.facility", ident=_ident(found)) + "#report")


def _render_facility(found: Facility, form: ReportProblemForm):
    codes = search_index.codes_of(found)
    return render_template("directory/facility.html", facility=found, form=form, summary=summary(codes),
                           services=services_by_category(codes), directions=_directions_url(found))


def _facility_or_404(ident: str) -> Facility:
    public_id = ident.split("-", 1)[0][:16]
    found = facility_by_public_id(public_id)
    if found is None:
        found = facility_by_slug(ident[:120])
    if found is None:
        abort(404)
    return found


def _ident(facility: Facility) -> str:
    return f"{facility.public_id}-{facility.slug}"


def _search_url(**changes: str) -> str:
    """This search's URL with some arguments changed."""
    args = request.args.to_dict(flat=False)
    args.update({name: [value] for name, value in changes.items()})
    return url_for("directory.search", **args)


def _page_url(page: int) -> str:
    return _search_url(page=str(page))


def _wider_radius(criteria: SearchCriteria) -> str | None:
    """The next radius up, or "any"; None when the search already has no limit."""
    if criteria.place is None or criteria.radius_miles is None:
        return None
    larger = [r for r in RADII if r > criteria.radius_miles]
    return str(larger[0]) if larger else "any"


def _directions_url(facility: Facility) -> str | None:
    parts = [facility.street1, facility.city, facility.state, facility.zip]
    if facility.street1 and facility.city:
        destination = ", ".join(p for p in parts if p)
    elif facility.latitude is not None and facility.longitude is not None:
        destination = f"{facility.latitude},{facility.longitude}"
    else:
        return None
    return "https://www.google.com/maps/dir/?api=1&destination=" + quote_plus(destination)


@bp.app_template_filter("tel")
def tel_href(phone: str | None) -> str:
    """``(702) 555-0100`` -> ``tel:+17025550100``."""
    number = re.split(r"(?i)\s*(?:x|ext)", phone or "")[0]
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if digits else ""


@bp.app_template_filter("facility_url")
def facility_url(facility: Facility) -> str:
    return url_for("directory.facility", ident=_ident(facility))
