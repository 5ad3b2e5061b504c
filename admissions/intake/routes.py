"""The public call-back request, its confirmation, and staff access to masked insurance values."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from admissions.auth.access import STAFF, role_required
from admissions.core.business_hours import calendar_from_settings
from admissions.core.errors import NotFound
from admissions.core.settings import get_setting
from admissions.core.time import utcnow
from admissions.extensions import db, limiter
from admissions.intake import queries, services
from admissions.intake.forms import CallbackForm
from admissions.intake.models import Inquiry, Priority, Source
from admissions.intake.photos import MAX_BYTES, PhotoError, reencode_card_photo
from admissions.intake.rules import (
    LANGUAGES, CardPhoto, InquiryData, InvalidInquiry, clean_inquiry, emergency_reasons,
)

bp = Blueprint("intake", __name__)
log = logging.getLogger("admissions.intake")

#: What the confirmation page needs, kept in the session (never in the URL).
CONFIRMATION = "callback_confirmation"
CONFIRMATION_SECONDS = 30 * 60
DEFAULT_RATE_LIMIT = "5 per 10 minutes; 20 per day"


def _rate_limit() -> str:
    return current_app.config.get("CALLBACK_RATE_LIMIT", DEFAULT_RATE_LIMIT)


@bp.route("/callback", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def callback():
    """Ask a navigator to call back."""
    form = CallbackForm()
    if request.method == "GET":
        locale = str(get_locale() or "en")
        form.language.data = locale if locale in LANGUAGES else "en"
        form.facility.data = request.args.get("facility", "")[:16] or None
    facility = queries.facility_by_public_id(form.facility.data)
    if form.validate_on_submit():
        if form.website.data:
            log.info("call-back request dropped: honeypot field filled")
            session[CONFIRMATION] = {"reference": None, "critical": False, "timezone": None,
                                     "at": utcnow().timestamp()}
            return redirect(url_for("intake.thanks"), 303)
        try:
            now = utcnow()
            inquiry = services.create_inquiry(_clean(form, now=now), source=Source.WEB, now=now)
        except InvalidInquiry as exc:
            form.add_errors(exc.errors)
        else:
            db.session.commit()
            log.info("call-back request stored as inquiry %s", inquiry.id)
            session[CONFIRMATION] = {"reference": inquiry.reference, "timezone": inquiry.timezone,
                                     "critical": inquiry.priority == Priority.CRITICAL, "at": now.timestamp()}
            return redirect(url_for("intake.thanks"), 303)
    status = 400 if request.method == "POST" else 200
    return _no_store(render_template("intake/callback.html", form=form, facility=facility,
                                     emergency=bool(emergency_reasons(form.data))), status)


@bp.get("/callback/thanks")
def thanks():
    """The confirmation: reference, what happens next and when, crisis numbers."""
    confirmation = session.get(CONFIRMATION)
    if confirmation and utcnow().timestamp() - confirmation.get("at", 0) > CONFIRMATION_SECONDS:
        # A shared phone should not show the next person that someone asked for help.
        session.pop(CONFIRMATION)
        confirmation = None
    if not confirmation:
        return redirect(url_for("intake.callback"))
    reference = confirmation.get("reference")
    return _no_store(render_template(
        "intake/thanks.html", reference=services.format_reference(reference) if reference else None,
        critical=confirmation.get("critical"), next_step=_next_step(confirmation.get("timezone"))))


def _clean(form: CallbackForm, *, now) -> InquiryData:
    """The answers checked by the shared rules, with the photos' problems reported alongside."""
    photos, photo_errors = _photos(form)
    try:
        data = clean_inquiry(form.payload(), now=now, photos=photos)
    except InvalidInquiry as exc:
        raise InvalidInquiry({**exc.errors, **photo_errors}) from None
    if photo_errors:
        raise InvalidInquiry(photo_errors)
    return data


def _photos(form: CallbackForm) -> tuple[list[CardPhoto], dict]:
    photos, errors = [], {}
    limit = current_app.config.get("CARD_PHOTO_MAX_BYTES", MAX_BYTES)
    for side, field in (("front", form.card_front), ("back", form.card_back)):
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            continue
        try:
            data, content_type = reencode_card_photo(upload.stream.read(limit + 1), max_bytes=limit)
        except PhotoError as exc:
            upload.close()
            errors[field.name] = exc.args[0]
        else:
            upload.close()
            photos.append(CardPhoto(side=side, content_type=content_type, data=data))
    return photos, errors


def _next_step(timezone: str | None) -> dict:
    """Open now, or when we open next, in the caller's time zone when we know it."""
    calendar = calendar_from_settings(get_setting)
    now = utcnow()
    zone = ZoneInfo(timezone or calendar.timezone)
    if calendar.is_open(now):
        return {"open": True, "opens": None}
    opens = calendar.add_minutes(now, 0)
    return {"open": False, "opens": format_datetime(opens, "EEEE h:mm a zzz", tzinfo=zone,
                                                    locale=str(get_locale() or "en"))}


def _no_store(response, status: int = 200):
    response = current_app.make_response((response, status))
    response.headers["Cache-Control"] = "no-store"
    return response


# -- staff: masked insurance values ---------------------------------------------------------

def _inquiry(inquiry_id: int) -> Inquiry:
    inquiry = db.session.get(Inquiry, inquiry_id)
    if inquiry is None:
        raise NotFound("No such inquiry.")
    return inquiry


@bp.post("/staff/inquiries/<int:inquiry_id>/insurance/reveal")
@role_required(*STAFF)
def reveal_insurance(inquiry_id: int):
    """Show one masked value (member id, group number, birth date) in full; audited."""
    inquiry = _inquiry(inquiry_id)
    field = request.form.get("field", "")
    value = services.reveal_insurance_value(current_user, inquiry, field)
    db.session.commit()
    return render_template("intake/reveal.html", inquiry=inquiry, field=field, value=value)


@bp.get("/staff/inquiries/<int:inquiry_id>/cards/<int:image_id>")
@role_required(*STAFF)
def card_image(inquiry_id: int, image_id: int):
    """A decrypted insurance card photo; audited."""
    data, content_type = services.card_image_bytes(current_user, _inquiry(inquiry_id), image_id)
    db.session.commit()
    return Response(data, content_type=content_type,
                    headers={"Cache-Control": "no-store", "Content-Disposition": "inline"})
