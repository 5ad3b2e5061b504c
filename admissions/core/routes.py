"""The home page and the health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from admissions.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    """Crisis numbers, the search box and the call-back link."""
    return render_template("core/home.html")


@bp.get("/healthz")
def health():
    """Liveness and database reachability, for load balancers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
