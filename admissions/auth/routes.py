"""Staff sign-in and sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from admissions.audit import services as audit
from admissions.auth.forms import LoginForm
from admissions.auth.models import User
from admissions.auth.passwords import verify_password
from admissions.extensions import db, login_manager

bp = Blueprint("auth", __name__, url_prefix="/staff")


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data.strip().lower()))
        if user is not None and user.active and verify_password(user.password_hash, form.password.data):
            login_user(user)
            audit.record(user, "auth.login", user)
            db.session.commit()
            return redirect(_safe_next() or url_for("core.home"))
        audit.record(None, "auth.login_failed", target_type="users", target_id=user.id if user else None)
        db.session.commit()
        flash("That email and password do not match an active account.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    audit.record(current_user, "auth.logout", current_user)
    db.session.commit()
    logout_user()
    return redirect(url_for("auth.login"))


def _safe_next() -> str | None:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else None
