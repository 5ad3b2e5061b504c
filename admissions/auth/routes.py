"""Staff sign-in (password, then TOTP), sign-out, and the account page with its sessions."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from admissions.audit import services as audit
from admissions.auth import services
from admissions.auth.access import ADMINS, role_required
from admissions.auth.forms import ConfirmForm, LoginForm, TotpForm
from admissions.auth.models import StaffSession, User
from admissions.auth.passwords import hash_password, needs_rehash, verify_nothing, verify_password
from admissions.core.errors import NotFound
from admissions.core.time import utcnow
from admissions.extensions import db, login_manager

bp = Blueprint("auth", __name__, url_prefix="/staff")

SESSION_ID = "sid"
#: Password checked, second step pending: user id, when, where to go after.
PENDING = "mfa_pending"
PENDING_SECONDS = 300


@bp.before_app_request
def forget_cached_user():
    """Load the user from the server-side session on every request.

    ``g`` outlives a request when the app context was pushed beforehand (tests, CLI), and
    Flask-Login caches the user there; a session revoked elsewhere must take effect at once.
    """
    g.pop("_login_user", None)


@login_manager.user_loader
def load_user(user_id: str):
    """The signed-in user, only while their server-side session is alive."""
    sid = session.get(SESSION_ID)
    row = db.session.get(StaffSession, sid) if sid else None
    if row is None or str(row.user_id) != user_id:
        return None
    now = utcnow()
    problem = services.session_problem(row, row.user, now=now)
    if problem is not None:
        if row.revoked_at is None:
            services.revoke_session(row, now=now, reason=problem)
            db.session.commit()
        return None
    if services.touch_session(row, now=now):
        db.session.commit()
    return row.user


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password; managers and admins go on to the TOTP step."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email = form.email.data.strip().lower()
    user = db.session.scalar(select(User).where(User.email == email))
    now = utcnow()
    wait = services.login_wait_seconds(user, address=request.remote_addr, now=now, email=email)
    if wait:
        audit.record(None, "auth.login_throttled", user, target_type="users",
                     actor_label=None if user else services.email_label(email))
        db.session.commit()
        flash(f"Too many wrong tries. Wait {wait} seconds, then sign in again.", "error")
        return render_template("auth/login.html", form=form, wait=wait), 429
    if user is None:
        verify_nothing(form.password.data)
    if user is None or not user.active or not verify_password(user.password_hash, form.password.data):
        services.record_failed_login(user, email, "password")
        db.session.commit()
        flash("That email and password do not match an active account.", "error")
        return render_template("auth/login.html", form=form), 200
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(form.password.data)
    if user.totp_enabled or user.totp_required:
        session.clear()
        session[PENDING] = {"user_id": user.id, "at": now.timestamp(), "next": _safe_next()}
        db.session.commit()
        return redirect(url_for("auth.totp" if user.totp_enabled else "auth.enroll"))
    return _complete_login(user, _safe_next())


@bp.route("/login/totp", methods=["GET", "POST"])
def totp():
    """Second step: the six-digit code from the authenticator app."""
    user = _pending_user()
    if user is None or not user.totp_enabled:
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if form.validate_on_submit():
        now = utcnow()
        wait = services.login_wait_seconds(user, address=request.remote_addr, now=now)
        if not wait and services.check_totp(user, form.code.data, now=now):
            return _complete_login(user, session[PENDING].get("next"))
        if not wait:
            services.record_failed_login(user, user.email, "totp")
        db.session.commit()
        form.code.errors = [f"Too many wrong tries. Wait {wait} seconds." if wait
                            else "That code is not right. Codes change every 30 seconds."]
    return render_template("auth/totp.html", form=form)


@bp.route("/login/enroll", methods=["GET", "POST"])
def enroll():
    """Set up two-step sign-in: scan the QR code, then type a code to prove it works."""
    user = _pending_user() or (current_user if current_user.is_authenticated else None)
    if user is None:
        return redirect(url_for("auth.login"))
    if user.totp_enabled:
        return redirect(url_for("auth.account"))
    form = TotpForm()
    if user.totp_secret_encrypted is None:
        services.begin_totp_enrollment(user)
        db.session.commit()
    if form.validate_on_submit():
        if services.confirm_totp_enrollment(user, form.code.data, now=utcnow()):
            db.session.commit()
            if current_user.is_authenticated:
                flash("Two-step sign-in is on.", "success")
                return redirect(url_for("auth.account"))
            return _complete_login(user, session[PENDING].get("next"))
        form.code.errors = ["That code is not right. Check the time on your phone and try the next code."]
    secret = services.totp_secret(user)
    uri = services.provisioning_uri(user, secret)
    return render_template("auth/enroll.html", form=form, secret=secret, qr=services.qr_svg_data_uri(uri))


@bp.post("/logout")
@login_required
def logout():
    row = db.session.get(StaffSession, session.get(SESSION_ID, ""))
    if row is not None:
        services.revoke_session(row, now=utcnow(), reason="logout")
    audit.record(current_user, "auth.logout", current_user)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.get("/account")
@login_required
def account():
    """Your sessions and two-step sign-in."""
    sessions = services.live_sessions(current_user, now=utcnow())
    return render_template("auth/account.html", sessions=sessions, current_sid=session.get(SESSION_ID),
                           form=ConfirmForm())


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session of this account, this one included."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("auth.account"))
    services.revoke_all_sessions(current_user, now=utcnow(), reason="everywhere")
    audit.record(current_user, "auth.signed_out_everywhere", current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out on every device.", "success")
    return redirect(url_for("auth.login"))


@bp.post("/account/totp/remove")
@login_required
def remove_totp():
    """Navigators may turn two-step sign-in off again."""
    if ConfirmForm().validate_on_submit():
        services.remove_totp(current_user, actor=current_user)
        db.session.commit()
        flash("Two-step sign-in is off.", "success")
    return redirect(url_for("auth.account"))


@bp.get("/users")
@role_required(*ADMINS)
def users():
    """Staff accounts, with their live sessions and two-step status."""
    now = utcnow()
    accounts = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    counts = {user.id: len(services.live_sessions(user, now=now)) for user in accounts}
    audit.record(current_user, "user.listed", target_type="users")
    db.session.commit()
    return render_template("auth/users.html", accounts=accounts, counts=counts, form=ConfirmForm())


@bp.post("/users/<int:user_id>/<any('sign-out', disable, 'reset-totp'):action>")
@role_required(*ADMINS)
def manage_user(user_id: int, action: str):
    """An admin ends someone's sessions, disables the account, or makes them set up TOTP again."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("auth.users"))
    now = utcnow()
    if action == "sign-out":
        services.revoke_all_sessions(user, now=now, reason="admin")
        audit.record(current_user, "user.signed_out", user)
    elif action == "disable":
        services.disable_user(user, now=now, actor=current_user)
    else:
        services.reset_totp(user, now=now, actor=current_user)
    db.session.commit()
    flash(f"Done: {action.replace('-', ' ')} for {user.email}.", "success")
    return redirect(url_for("auth.users"))


def _complete_login(user: User, next_url: str | None):
    """A new session id, the server-side row, the audit entry."""
    session.clear()
    row = services.start_session(user, now=utcnow(), address=request.remote_addr,
                                 user_agent=request.user_agent.string)
    session[SESSION_ID] = row.id
    login_user(user)
    audit.record(user, "auth.login", user)
    db.session.commit()
    return redirect(next_url or url_for(current_app.config.get("STAFF_HOME_ENDPOINT", "auth.account")))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not pending or utcnow().timestamp() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user_id"))
    return user if user is not None and user.active else None


def _safe_next() -> str | None:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else None
