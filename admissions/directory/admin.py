"""Admin curation of the directory under /staff/directory: reports, corrections, verification."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from admissions.auth.access import ADMINS, role_required
from admissions.core.errors import DomainError
from admissions.core.time import utcnow
from admissions.directory import curation
from admissions.directory.forms import ConfirmForm, ListingForm, ResolveReportForm
from admissions.directory.models import Facility, ListingReport
from admissions.directory.queries import facility_by_public_id, listing_reports, open_reports_for
from admissions.extensions import db

bp = Blueprint("directory_admin", __name__, url_prefix="/staff/directory")


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/reports")
@role_required(*ADMINS)
def reports():
    """Open reports about listings, oldest first."""
    return render_template("directory/admin_reports.html", reports=listing_reports(), form=ResolveReportForm())


@bp.post("/reports/<int:report_id>/resolve")
@role_required(*ADMINS)
def resolve(report_id: int):
    report = db.session.get(ListingReport, report_id) or abort(404)
    form = ResolveReportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        curation.resolve_report(report, current_user, resolution=form.resolution.data, now=utcnow())
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".reports"))
    db.session.commit()
    flash("Report resolved.", "success")
    return redirect(url_for(".reports"))


@bp.route("/facilities/<public_id>", methods=["GET", "POST"])
@role_required(*ADMINS)
def facility(public_id: str):
    """Correct a listing; see its open reports; verify, close or reopen it."""
    found = _facility(public_id)
    form = ListingForm(obj=found)
    if form.validate_on_submit():
        changed = curation.correct_listing(found, current_user, form.changes())
        db.session.commit()
        flash(f"Saved: {', '.join(changed)}." if changed else "Nothing changed.", "success")
        return redirect(url_for(".facility", public_id=found.public_id))
    return render_template("directory/admin_facility.html", facility=found, form=form,
                           reports=open_reports_for(found), confirm=ConfirmForm())


@bp.post("/facilities/<public_id>/verify")
@role_required(*ADMINS)
def verify(public_id: str):
    found = _facility(public_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    curation.mark_verified(found, current_user, now=utcnow())
    db.session.commit()
    flash("Marked verified today.", "success")
    return redirect(url_for(".facility", public_id=found.public_id))


@bp.post("/facilities/<public_id>/<any(close, reopen):action>")
@role_required(*ADMINS)
def set_active(public_id: str, action: str):
    found = _facility(public_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    curation.set_active(found, current_user, active=action == "reopen")
    db.session.commit()
    flash("Facility reopened." if action == "reopen" else "Facility closed: it no longer appears in search.",
          "success")
    return redirect(url_for(".facility", public_id=found.public_id))


def _facility(public_id: str) -> Facility:
    return facility_by_public_id(public_id[:16]) or abort(404)
