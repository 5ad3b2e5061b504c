"""The guide pages and the "What kind of care fits me?" questions."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from admissions.guide import fit
from admissions.guide.forms import WhichCareForm
from admissions.guide.pages import BY_SLUG, PAGES

bp = Blueprint("guide", __name__, url_prefix="/guide")


@bp.get("")
def index():
    """Every guide page, with a one-line summary."""
    return render_template("guide/index.html", pages=PAGES)


@bp.route("/which-care", methods=["GET", "POST"])
def which_care():
    """Six questions; on a valid POST, the kinds of care to look at and why. Nothing is stored."""
    form = WhichCareForm()
    result = None
    status = 200
    if form.validate_on_submit():
        result = fit.suggest(form.answers())
    elif form.is_submitted():
        status = 422
    html = render_template("guide/which_care.html", form=form, result=result, near=form.near.data or "")
    # Answers describe someone's health: keep them out of caches and history snapshots.
    return html, status, {"Cache-Control": "no-store"}


@bp.get("/<slug>")
def page(slug: str):
    """One guide page."""
    guide_page = BY_SLUG.get(slug)
    if guide_page is None:
        abort(404)
    return render_template(guide_page.template, page=guide_page, pages=PAGES)


@bp.app_context_processor
def guide_links():
    """The guide's pages, for the home page and any template that wants to point to them."""
    return {"guide_pages": PAGES}
