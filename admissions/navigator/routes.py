"""The queue page, Next, and the inquiry workspace with its actions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from admissions.auth.access import MANAGERS, STAFF, role_required
from admissions.auth.models import User
from admissions.core.crypto import InvalidToken, decrypt_text
from admissions.core.errors import DomainError
from admissions.core.settings import get_setting
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.navigator import forms, queries, rules, services
from admissions.navigator.models import BenefitsVerification, Consent, Disclosure

bp = Blueprint("navigator", __name__, url_prefix="/staff")


def _me() -> User:
    return current_user._get_current_object()


# --- the queue -------------------------------------------------------------------------------


@bp.get("/queue")
@role_required(*STAFF)
def queue():
    """What the navigator may take now; refreshes itself (static/js/queue.js)."""
    return render_template("navigator/queue.html", **_queue_context())


@bp.get("/queue/rows")
@role_required(*STAFF)
def queue_rows():
    """The queue table alone, for the page's periodic refresh."""
    return render_template("navigator/_queue_rows.html", **_queue_context())


def _queue_context() -> dict:
    now = utcnow()
    grace = services.grace_seconds()
    view = queries.queue_for(_me(), now=now, grace_seconds=grace)
    names = queries.actor_names(i.claimed_by_id for i in view.held_by_others)
    return dict(view=view, now=now, grace=grace, next_form=forms.ActionForm(), overdue=rules.callback_is_overdue,
                to_zone=_to_zone, staff_zone=get_setting("business_timezone"), names=names)


@bp.post("/queue/next")
@role_required(*STAFF)
def claim_next():
    """Give the navigator the most urgent inquiry they can take."""
    form = forms.ActionForm()
    if not form.validate_on_submit():
        flash("The form expired. Try again.", "error")
        return redirect(url_for("navigator.queue"))
    inquiry = services.claim_next(_me(), now=utcnow())
    db.session.commit()
    if inquiry is None:
        flash("Nobody is waiting that you can take. Nice work.")
        return redirect(url_for("navigator.queue"))
    return redirect(url_for("navigator.inquiry", inquiry_id=inquiry.id))


# --- the workspace ---------------------------------------------------------------------------


@bp.get("/inquiries/<int:inquiry_id>")
@role_required(*STAFF)
def inquiry(inquiry_id: int):
    """Everything the call needs on one screen."""
    record = services.open_inquiry(_me(), inquiry_id)
    db.session.commit()
    return _workspace(record)


def _workspace(record, status: int = 200, revealed: dict | None = None, **bound):
    """Render the workspace; ``bound`` forms (with errors) replace the empty ones."""
    now = utcnow()
    zone = record.timezone or get_setting("business_timezone")
    staff_zone = get_setting("business_timezone")
    assessment = services.assessment_view(record)
    assessment_form = bound.get("assessment_form") or _assessment_form(assessment, zone)
    reassign_form = bound.get("reassign_form") or forms.ReassignForm()
    reassign_form.navigator_id.choices = forms.choices([(0, "Choose…")] + [(u.id, u.name) for u in queries.navigators()])
    insurance = record.insurance
    needs = queries.MatchNeeds(
        zip=record.zip, care=record.care_interest_list,
        substances=(assessment.assessment.substance_list if assessment.assessment else []) or record.substance_list,
        plan_type=insurance.plan_type if insurance else None, language=record.language, pregnant=record.pregnant,
        veteran=bool(assessment.assessment and assessment.assessment.veteran),
        age=assessment.assessment.age if assessment.assessment else None)
    events = record.events
    context = dict(
        inquiry=record, now=now, zone=zone, staff_zone=staff_zone, caller_now=now.astimezone(ZoneInfo(zone)),
        holds=record.claimed_by_id == current_user.id and record.status.value == "claimed",
        events=events, names=queries.actor_names([e.actor_id for e in events] + [record.claimed_by_id,
                                                                                 record.callback_owner_id]),
        callback=queries.pending_callback(record.id), grace=services.grace_seconds(),
        overdue=rules.callback_is_overdue, assessment=assessment, matches=queries.facilities_matching(needs),
        consents=list(db.session.scalars(select(Consent).where(Consent.inquiry_id == record.id)
                                         .order_by(Consent.created_at.desc()))),
        disclosures=list(db.session.scalars(select(Disclosure).where(Disclosure.inquiry_id == record.id)
                                            .order_by(Disclosure.at.desc()))),
        benefits=list(db.session.scalars(select(BenefitsVerification).where(
            BenefitsVerification.inquiry_id == record.id).order_by(BenefitsVerification.started_at.desc()))),
        revealed=revealed or {}, action_form=forms.ActionForm(), reveal_form=forms.RevealForm(),
        referral_form=forms.ReferralForm(),
        attempt_form=bound.get("attempt_form") or forms.AttemptForm(),
        callback_form=bound.get("callback_form") or forms.CallbackForm(),
        close_form=bound.get("close_form") or forms.CloseForm(),
        consent_form=bound.get("consent_form") or forms.ConsentForm(),
        benefits_form=bound.get("benefits_form") or forms.BenefitsForm(),
        assessment_form=assessment_form, reassign_form=reassign_form, to_zone=_to_zone, note=_note,
        substance_labels=forms.SUBSTANCE_LABELS, outcome_labels=forms.OUTCOME_LABELS,
        disposition_labels=forms.DISPOSITION_LABELS,
    )
    return render_template("navigator/inquiry.html", **context), status


def _note(token: str | None) -> str:
    """An event note decrypted for the timeline; notes are encrypted at rest."""
    if not token:
        return ""
    try:
        return decrypt_text(token) or ""
    except (InvalidToken, ValueError):
        return "(this note cannot be read with the current keys)"


def _to_zone(instant: datetime | str | None, zone: str) -> str:
    """A stored instant (or its ISO text, as kept in event details) as wall time in ``zone``."""
    if isinstance(instant, str):
        try:
            instant = datetime.fromisoformat(instant)
        except ValueError:
            return instant
    if instant is None:
        return ""
    return instant.astimezone(ZoneInfo(zone)).strftime("%a %d %b %Y %H:%M %Z")


def _assessment_form(view, zone: str) -> forms.AssessmentForm:
    form = forms.AssessmentForm()
    if view.assessment is not None:
        a = view.assessment
        form.substances.data = a.substance_list
        form.length_of_use.data = a.length_of_use or ""
        form.age.data = a.age
        form.veteran.data = a.veteran
        if a.last_use_at is not None:
            local = a.last_use_at.astimezone(ZoneInfo(zone))
            form.last_use_day.data, form.last_use_time.data = local.date(), local.time().replace(second=0,
                                                                                                 microsecond=0)
        for name, value in view.texts.items():
            getattr(form, name).data = value
    return form


def _refused(record, exc: DomainError, form_name: str, form):
    """Re-render the workspace with the service's refusal on the field it names."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = list(field.errors or []) + [exc.message]
    else:
        form.form_errors.append(exc.message)
    db.session.rollback()
    record = services.open_inquiry(_me(), record.id)
    db.session.commit()
    return _workspace(record, 400, **{form_name: form})


def _action(inquiry_id: int, form, form_name: str, act, done: str, redirect_to=None):
    """The common path of a workspace action: load, validate, act, commit, redirect."""
    record = services.inquiry_for_action(_me(), inquiry_id)
    if not form.validate_on_submit():
        record = services.open_inquiry(_me(), inquiry_id)
        db.session.commit()
        return _workspace(record, 400, **{form_name: form})
    try:
        act(record)
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        return _refused(record, exc, form_name, form)
    db.session.commit()
    flash(done)
    return redirect(redirect_to or url_for("navigator.inquiry", inquiry_id=inquiry_id))


@bp.post("/inquiries/<int:inquiry_id>/attempts")
@role_required(*STAFF)
def log_attempt(inquiry_id: int):
    form = forms.AttemptForm()
    return _action(inquiry_id, form, "attempt_form",
                   lambda r: services.log_attempt(r, _me(), outcome=form.outcome.data, note=form.note.data or "",
                                                  now=utcnow()),
                   "Attempt logged.")


@bp.post("/inquiries/<int:inquiry_id>/callback")
@role_required(*STAFF)
def schedule_callback(inquiry_id: int):
    form = forms.CallbackForm()
    result = {}

    def act(record):
        result["callback"] = services.schedule_callback(record, _me(), day=form.day.data, at=form.time.data,
                                                        now=utcnow())
        result["zone"] = record.timezone or get_setting("business_timezone")

    response = _action(inquiry_id, form, "callback_form", act, "", url_for("navigator.queue"))
    if "callback" in result:
        due = result["callback"].due_at
        flash(f"Callback set for {_to_zone(due, result['zone'])} caller's time "
              f"({_to_zone(due, get_setting('business_timezone'))} yours). It is back in the queue until then.")
    return response


@bp.post("/inquiries/<int:inquiry_id>/release")
@role_required(*STAFF)
def release(inquiry_id: int):
    return _action(inquiry_id, forms.ActionForm(), "action_form",
                   lambda r: services.release(r, _me(), now=utcnow()), "Released to the queue.",
                   url_for("navigator.queue"))


@bp.post("/inquiries/<int:inquiry_id>/reassign")
@role_required(*MANAGERS)
def reassign(inquiry_id: int):
    form = forms.ReassignForm()
    form.navigator_id.choices = forms.choices([(0, "Choose…")] + [(u.id, u.name) for u in queries.navigators()])
    return _action(inquiry_id, form, "reassign_form",
                   lambda r: services.reassign(r, _me(), db.session.get(User, form.navigator_id.data), now=utcnow()),
                   "Reassigned.")


@bp.post("/inquiries/<int:inquiry_id>/close")
@role_required(*STAFF)
def close(inquiry_id: int):
    form = forms.CloseForm()
    return _action(inquiry_id, form, "close_form",
                   lambda r: services.close(r, _me(), disposition=form.disposition.data, now=utcnow(),
                                            facility_id=form.facility_id.data, intake_on=form.intake_on.data,
                                            merged_into_id=form.merged_into_id.data, note=form.note.data or ""),
                   "Inquiry closed.", url_for("navigator.queue"))


@bp.post("/inquiries/<int:inquiry_id>/assessment")
@role_required(*STAFF)
def save_assessment(inquiry_id: int):
    form = forms.AssessmentForm()

    def act(record):
        zone = record.timezone or get_setting("business_timezone")
        last_use = None
        if form.last_use_day.data is not None:
            at = form.last_use_time.data or datetime.min.time()
            try:
                last_use = rules.local_to_utc(form.last_use_day.data, at, zone)
            except ValueError as exc:
                raise DomainError(str(exc), "last_use_time") from exc
            if last_use > utcnow():
                raise DomainError("The last use cannot be in the future.", "last_use_day")
        services.save_assessment(record, _me(), now=utcnow(), substances=form.substances.data or [],
                                 last_use_at=last_use, length_of_use=form.length_of_use.data, age=form.age.data,
                                 veteran=form.veteran.data,
                                 texts={n: getattr(form, n).data for n in services.ASSESSMENT_TEXT_FIELDS})

    return _action(inquiry_id, form, "assessment_form", act, "Assessment saved.")


@bp.post("/inquiries/<int:inquiry_id>/consents")
@role_required(*STAFF)
def record_consent(inquiry_id: int):
    form = forms.ConsentForm()
    return _action(inquiry_id, form, "consent_form",
                   lambda r: services.record_consent(
                       r, _me(), now=utcnow(), patient_name=form.patient_name.data,
                       recipient_kind=form.recipient_kind.data,
                       recipient_facility_id=form.recipient_facility_id.data,
                       recipient_name=form.recipient_name.data, information=form.information.data,
                       purpose=form.purpose.data, method=form.method.data, signature=form.signature.data,
                       expires_on=form.expires_on.data, revocation_told=form.revocation_told.data),
                   "Consent recorded.")


@bp.post("/inquiries/<int:inquiry_id>/consents/<int:consent_id>/revoke")
@role_required(*STAFF)
def revoke_consent(inquiry_id: int, consent_id: int):
    return _action(inquiry_id, forms.ActionForm(), "action_form",
                   lambda r: services.revoke_consent(r, _me(), consent_id, now=utcnow()), "Consent revoked.")


@bp.post("/inquiries/<int:inquiry_id>/referrals")
@role_required(*STAFF)
def record_referral(inquiry_id: int):
    form = forms.ReferralForm()

    def act(record):
        try:
            facility_id = int(form.facility_id.data)
        except (TypeError, ValueError):
            raise DomainError("Choose a facility.", "facility_id") from None
        services.record_referral(record, _me(), facility_id, now=utcnow())

    return _action(inquiry_id, form, "referral_form", act, "Referral recorded; the disclosure is logged.")


@bp.post("/inquiries/<int:inquiry_id>/benefits")
@role_required(*STAFF)
def record_benefits(inquiry_id: int):
    form = forms.BenefitsForm()
    return _action(inquiry_id, form, "benefits_form",
                   lambda r: services.record_benefits(
                       r, _me(), now=utcnow(), status=form.status.data, in_network=form.in_network.data,
                       prior_auth_required=form.prior_auth_required.data,
                       amounts={n: getattr(form, n).data for n in form.AMOUNTS},
                       percents={n: getattr(form, n).data for n in form.PERCENTS}),
                   "Benefits recorded.")


@bp.post("/inquiries/<int:inquiry_id>/reveal")
@role_required(*STAFF)
def reveal(inquiry_id: int):
    """Show one masked value, once, on this response; the reveal is audited."""
    form = forms.RevealForm()
    record = services.open_inquiry(_me(), inquiry_id)
    if not form.validate_on_submit():
        db.session.commit()
        return _workspace(record, 400)
    value = services.reveal(record, _me(), form.field.data)
    db.session.commit()
    return _workspace(record, revealed={form.field.data: value})
