"""Writes of the navigator's work: claim, attempts, callbacks, release, reassign, close, assessment,
consent, referrals and benefits. Plain functions; they flush, audit, and never commit.

Every write to an inquiry someone holds is fenced: it applies only while the row still says
``claimed_by = navigator AND status = claimed`` and raises Conflict (409) when no row matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select, update

from admissions.audit import services as audit
from admissions.auth.models import Role, User
from admissions.core.crypto import decrypt_text, encrypt_text
from admissions.core.errors import Conflict, DomainError, Forbidden, NotFound
from admissions.core.settings import AppSetting, get_setting
from admissions.directory.models import Facility
from admissions.extensions import db
from admissions.intake.models import Callback, Claim, Disposition, Inquiry, InquiryEvent, InquiryStatus
from admissions.intake import services as intake_services
from admissions.navigator import queries, rules
from admissions.navigator.models import Assessment, BenefitsVerification, Consent, Disclosure

LOST_LEASE = ("You no longer hold this inquiry: your claim expired or someone else took it. "
              "Go back to the queue and take Next.")
MANAGERS = (Role.MANAGER, Role.ADMIN)


def lease_seconds() -> int:
    return int(get_setting("queue_lease_seconds", 900))


def grace_seconds() -> int:
    """How long a due callback waits for its owner before anyone may take it."""
    return int(get_setting("callback_grace_seconds", 600))


def _claim_settings() -> tuple[int, int]:
    """(lease seconds, callback grace seconds) in one read, stored settings over config."""
    stored = dict(db.session.execute(select(AppSetting.key, AppSetting.value).where(
        AppSetting.key.in_(("queue_lease_seconds", "callback_grace_seconds")))).all())
    lease = stored.get("queue_lease_seconds", current_app.config.get("QUEUE_LEASE_SECONDS", 900))
    grace = stored.get("callback_grace_seconds", current_app.config.get("CALLBACK_GRACE_SECONDS", 600))
    return int(lease), int(grace)


def _event(inquiry_id: int, actor: User | None, kind: str, now: datetime, **fields) -> InquiryEvent:
    event = InquiryEvent(inquiry_id=inquiry_id, actor_id=getattr(actor, "id", None), kind=kind, at=now, **fields)
    db.session.add(event)
    return event


def _end_claims(inquiry_id: int, now: datetime, reason: str) -> None:
    """Close the open claim rows of an inquiry."""
    for claim in db.session.scalars(select(Claim).where(Claim.inquiry_id == inquiry_id, Claim.ended_at.is_(None))):
        claim.ended_at = now
        claim.end_reason = reason


# --- claim -----------------------------------------------------------------------------------


def claim_next(navigator: User, *, now: datetime) -> Inquiry | None:
    """Give ``navigator`` the most urgent inquiry they may take, leased; None when nothing fits."""
    lease, grace = _claim_settings()
    inquiry = queries.claim_one(navigator, now=now, lease_seconds=lease, grace_seconds=grace)
    if inquiry is None:
        return None
    inquiry_id = inquiry.id
    expired = db.session.execute(update(Claim).where(Claim.inquiry_id == inquiry_id, Claim.ended_at.is_(None))
                                 .values(ended_at=now, end_reason="expired").returning(Claim.navigator_id)
                                 ).scalars().all()
    for previous in expired:
        _event(inquiry_id, None, "lease_expired", now, details={"navigator_id": previous})
    db.session.add(Claim(inquiry_id=inquiry_id, navigator_id=navigator.id, claimed_at=now))
    details = {"lease_expires_at": inquiry.lease_expires_at.isoformat()}
    if inquiry.callback_due_at is not None and inquiry.callback_due_at <= now:
        details["callback_due_at"] = inquiry.callback_due_at.isoformat()
    _event(inquiry_id, navigator, "claimed", now, details=details)
    audit.record(navigator, "inquiry.claimed", inquiry)
    db.session.flush()
    return inquiry


def _fenced(inquiry: Inquiry, navigator: User, now: datetime, **values) -> None:
    """Apply ``values`` only while ``navigator`` still holds ``inquiry``; renew the lease."""
    values.setdefault("lease_expires_at", now + timedelta(seconds=lease_seconds()))
    values["updated_at"] = now
    result = db.session.execute(
        update(Inquiry).where(Inquiry.id == inquiry.id, Inquiry.claimed_by_id == navigator.id,
                              Inquiry.status == InquiryStatus.CLAIMED).values(**values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(LOST_LEASE)
    db.session.refresh(inquiry)


def require_holder(inquiry: Inquiry, navigator: User) -> None:
    """Refuse (409) unless ``navigator`` holds the inquiry now."""
    db.session.refresh(inquiry)
    if inquiry.claimed_by_id != navigator.id or inquiry.status != InquiryStatus.CLAIMED:
        raise Conflict(LOST_LEASE)


def can_view(user: User, inquiry: Inquiry) -> bool:
    """Managers see everything; a navigator sees what they hold or have worked on."""
    if user.role in MANAGERS:
        return True
    if inquiry.claimed_by_id == user.id or inquiry.callback_owner_id == user.id:
        return True
    return queries.has_worked_on(user, inquiry.id)


def open_inquiry(user: User, inquiry_id: int) -> Inquiry:
    """Load an inquiry for the workspace, check the user may see it, and audit the view."""
    inquiry = queries.inquiry_by_id(inquiry_id)
    if inquiry is None:
        raise NotFound("There is no such inquiry.")
    if not can_view(user, inquiry):
        audit.record(user, "inquiry.view_refused", inquiry)
        raise Forbidden("Take this inquiry from the queue before opening it.")
    audit.record(user, "inquiry.viewed", inquiry)
    return inquiry


def inquiry_for_action(user: User, inquiry_id: int) -> Inquiry:
    """Load an inquiry someone wants to change: 404 when missing, 409 unless they hold it (or manage)."""
    inquiry = db.session.get(Inquiry, inquiry_id)
    if inquiry is None:
        raise NotFound("There is no such inquiry.")
    if user.role not in MANAGERS and (inquiry.claimed_by_id != user.id or inquiry.status != InquiryStatus.CLAIMED):
        raise Conflict(LOST_LEASE)
    return inquiry


# --- actions on a held inquiry ---------------------------------------------------------------


def log_attempt(inquiry: Inquiry, navigator: User, *, outcome: str, note: str = "", now: datetime) -> InquiryEvent:
    """Record a call attempt and its outcome; sets the first-attempt and first-contact milestones."""
    if outcome not in rules.ATTEMPT_OUTCOMES:
        raise DomainError("Choose what happened on the call.", "outcome")
    values = {"attempts_count": Inquiry.attempts_count + 1, "last_attempt_at": now,
              "first_attempt_at": inquiry.first_attempt_at or now}
    if outcome in rules.CONTACT_OUTCOMES:
        values["first_contact_at"] = inquiry.first_contact_at or now
    callback = queries.pending_callback(inquiry.id)
    if callback is not None and callback.due_at <= now + timedelta(minutes=15):
        callback.attempted_at = now
        values.update(callback_due_at=None, callback_owner_id=None)
    _fenced(inquiry, navigator, now, **values)
    event = _event(inquiry.id, navigator, "attempt", now, outcome=outcome,
                   note=encrypt_text(note.strip()) if note and note.strip() else None)
    audit.record(navigator, "inquiry.attempt_logged", inquiry)
    db.session.flush()
    return event


def schedule_callback(inquiry: Inquiry, navigator: User, *, day: date, at, now: datetime) -> Callback:
    """Promise a call at ``day`` ``at`` in the caller's zone; the inquiry waits until then for its owner."""
    zone = inquiry.timezone or get_setting("business_timezone")
    try:
        due_at = rules.local_to_utc(day, at, zone)
        rules.check_callable(due_at, zone)
    except ValueError as exc:  # QuietHours is a ValueError too
        raise DomainError(str(exc), "time") from exc
    if due_at <= now:
        raise DomainError("Choose a time in the future.", "time")
    previous = queries.pending_callback(inquiry.id)
    values = dict(status=InquiryStatus.WAITING, claimed_by_id=None, lease_expires_at=None, callback_due_at=due_at,
                  callback_owner_id=navigator.id)
    if inquiry.first_attempt_at is None:
        values["sla_due_at"] = due_at  # the caller chose the time: the first-attempt clock waits for it
    _fenced(inquiry, navigator, now, **values)
    if previous is not None:
        previous.cancelled_at = now
    callback = Callback(inquiry_id=inquiry.id, owner_id=navigator.id, due_at=due_at, created_by_id=navigator.id,
                        created_at=now)
    db.session.add(callback)
    _end_claims(inquiry.id, now, "released")
    _event(inquiry.id, navigator, "callback_scheduled", now, details={"due_at": due_at.isoformat(), "zone": zone})
    audit.record(navigator, "inquiry.callback_scheduled", inquiry)
    db.session.flush()
    return callback


def release(inquiry: Inquiry, navigator: User, *, now: datetime) -> None:
    """Put the inquiry back in the queue."""
    _fenced(inquiry, navigator, now, status=InquiryStatus.WAITING, claimed_by_id=None, lease_expires_at=None)
    _end_claims(inquiry.id, now, "released")
    _event(inquiry.id, navigator, "released", now)
    audit.record(navigator, "inquiry.released", inquiry)
    db.session.flush()


def reassign(inquiry: Inquiry, manager: User, to: User, *, now: datetime) -> None:
    """A manager hands the inquiry to another navigator, whoever holds it now."""
    if manager.role not in MANAGERS:
        raise Forbidden("Only a manager can reassign an inquiry.")
    if to is None or not to.active or to.role not in (Role.NAVIGATOR, *MANAGERS):
        raise DomainError("Choose an active navigator.", "navigator_id")
    if not rules.can_transition("reassign", inquiry.status):
        raise Conflict("This inquiry is closed.")
    result = db.session.execute(
        update(Inquiry).where(Inquiry.id == inquiry.id, Inquiry.status != InquiryStatus.CLOSED).values(
            status=InquiryStatus.CLAIMED, claimed_by_id=to.id, claimed_at=now,
            lease_expires_at=now + timedelta(seconds=lease_seconds()), updated_at=now,
            first_claimed_at=inquiry.first_claimed_at or now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict("This inquiry was closed meanwhile.")
    _end_claims(inquiry.id, now, "reassigned")
    db.session.add(Claim(inquiry_id=inquiry.id, navigator_id=to.id, claimed_at=now))
    db.session.refresh(inquiry)
    _event(inquiry.id, manager, "reassigned", now, details={"navigator_id": to.id})
    audit.record(manager, "inquiry.reassigned", inquiry)
    db.session.flush()


def close(inquiry: Inquiry, navigator: User, *, disposition: str, now: datetime, facility_id: int | None = None,
          intake_on: date | None = None, merged_into_id: int | None = None, note: str = "") -> None:
    """Close the inquiry with a disposition, after checking that disposition's rules."""
    try:
        chosen = Disposition(disposition)
    except ValueError:
        raise DomainError("Choose a disposition.", "disposition") from None
    require_holder(inquiry, navigator)
    try:
        rules.check_disposition(chosen, facility_id=facility_id, intake_on=intake_on, merged_into_id=merged_into_id,
                                inquiry_id=inquiry.id, attempt_times=queries.attempt_times(inquiry.id),
                                zone_name=inquiry.timezone or get_setting("business_timezone"),
                                min_attempts=int(get_setting("unreachable_min_attempts", 3)))
    except rules.DispositionRefused as exc:
        raise DomainError(str(exc), exc.field) from None
    details: dict = {"disposition": chosen.value}
    if chosen in rules.FACILITY_DISPOSITIONS:
        facility = db.session.get(Facility, facility_id)
        if facility is None:
            raise DomainError("There is no such facility.", "facility_id")
        _disclose(inquiry, navigator, facility, now=now, purpose="referral")
        details["facility_id"] = facility.id
        if intake_on is not None:
            details["intake_on"] = intake_on.isoformat()
    if chosen is Disposition.DUPLICATE:
        target = db.session.get(Inquiry, merged_into_id)
        if target is None:
            raise DomainError("There is no inquiry with that number.", "merged_into_id")
        details["merged_into_id"] = target.id
        _event(target.id, navigator, "merged", now, details={"from_inquiry_id": inquiry.id})
    _fenced(inquiry, navigator, now, status=InquiryStatus.CLOSED, disposition=chosen, closed_at=now,
            lease_expires_at=None, callback_due_at=None, callback_owner_id=None,
            disposition_facility_id=facility_id if chosen in rules.FACILITY_DISPOSITIONS else None,
            merged_into_id=merged_into_id if chosen is Disposition.DUPLICATE else None)
    _end_claims(inquiry.id, now, "closed")
    _event(inquiry.id, navigator, "closed", now, details=details,
           note=encrypt_text(note.strip()) if note and note.strip() else None)
    audit.record(navigator, "inquiry.closed", inquiry)
    db.session.flush()


# --- assessment ------------------------------------------------------------------------------

ASSESSMENT_TEXT_FIELDS = ("family_history", "medications", "social_financial", "physical_health", "mental_health")


@dataclass
class AssessmentView:
    assessment: Assessment | None
    texts: dict[str, str]
    warnings: list[str]
    window: rules.WithdrawalWindow | None


def assessment_view(inquiry: Inquiry) -> AssessmentView:
    """The assessment decrypted for the workspace, with its warnings and the withdrawal window."""
    assessment = db.session.scalar(select(Assessment).where(Assessment.inquiry_id == inquiry.id))
    texts = {name: "" for name in ASSESSMENT_TEXT_FIELDS}
    substances = inquiry.substance_list
    last_use = inquiry.last_use_at
    if assessment is not None:
        texts = {name: decrypt_text(getattr(assessment, name + "_encrypted")) or "" for name in ASSESSMENT_TEXT_FIELDS}
        substances = assessment.substance_list or substances
        last_use = assessment.last_use_at or last_use
    zone = inquiry.timezone or get_setting("business_timezone")
    window = rules.withdrawal_window(last_use, zone) if last_use is not None else None
    return AssessmentView(assessment, texts, rules.assessment_warnings(substances, texts["medications"]), window)


def save_assessment(inquiry: Inquiry, navigator: User, *, now: datetime, substances: list[str],
                    last_use_at: datetime | None, length_of_use: str | None, age: int | None, veteran: bool,
                    texts: dict[str, str]) -> Assessment:
    """Store the pre-admission assessment; the free-text answers are encrypted."""
    require_holder(inquiry, navigator)
    assessment = db.session.scalar(select(Assessment).where(Assessment.inquiry_id == inquiry.id))
    if assessment is None:
        assessment = Assessment(inquiry_id=inquiry.id)
        db.session.add(assessment)
    assessment.substances = ",".join(substances)
    assessment.last_use_at = last_use_at
    assessment.length_of_use = length_of_use or None
    assessment.age = age
    assessment.veteran = veteran
    assessment.updated_by_id = navigator.id
    assessment.updated_at = now
    for name in ASSESSMENT_TEXT_FIELDS:
        value = (texts.get(name) or "").strip()
        setattr(assessment, name + "_encrypted", encrypt_text(value) if value else None)
    _fenced(inquiry, navigator, now)
    warnings = rules.assessment_warnings(substances, texts.get("medications") or "")
    _event(inquiry.id, navigator, "assessment", now, details={"warnings": len(warnings)})
    audit.record(navigator, "inquiry.assessment_saved", inquiry)
    db.session.flush()
    return assessment


# --- consent, disclosure, referral, benefits -------------------------------------------------


def record_consent(inquiry: Inquiry, navigator: User, *, now: datetime, patient_name: str, recipient_kind: str,
                   recipient_facility_id: int | None, recipient_name: str, information: str, purpose: str,
                   method: str, signature: str, expires_on: date, revocation_told: bool) -> Consent:
    """Store a consent with every Part 2 element; verbal consent carries the navigator's attestation."""
    require_holder(inquiry, navigator)
    if recipient_kind not in ("facility", "payer"):
        raise DomainError("Choose who receives the information.", "recipient_kind")
    if method not in ("verbal", "signed"):
        raise DomainError("Choose how the caller consented.", "method")
    if not revocation_told:
        raise DomainError("Tell the caller they may revoke the consent, and how, before recording it.",
                          "revocation_told")
    if expires_on <= now.date():
        raise DomainError("The consent must expire in the future.", "expires_on")
    if recipient_facility_id is not None and db.session.get(Facility, recipient_facility_id) is None:
        raise DomainError("There is no such facility.", "recipient_facility_id")
    consent = Consent(inquiry_id=inquiry.id, patient_name=patient_name.strip(), discloser=get_setting(
        "program_name", "Admissions navigation program"), information=information.strip(),
        recipient_kind=recipient_kind, recipient_facility_id=recipient_facility_id,
        recipient_name=recipient_name.strip(), purpose=purpose.strip(), method=method,
        signature=signature.strip(), signed_on=now.date(), expires_on=expires_on, revocation_told=True,
        attested_by_id=navigator.id, created_at=now)
    db.session.add(consent)
    _fenced(inquiry, navigator, now)
    db.session.flush()
    _event(inquiry.id, navigator, "consent", now, details={"consent_id": consent.id, "recipient": recipient_kind})
    audit.record(navigator, "inquiry.consent_recorded", inquiry)
    return consent


def revoke_consent(inquiry: Inquiry, user: User, consent_id: int, *, now: datetime) -> Consent:
    """Revoke a consent: later disclosures under it are refused."""
    consent = db.session.get(Consent, consent_id)
    if consent is None or consent.inquiry_id != inquiry.id:
        raise NotFound("There is no such consent.")
    if user.role not in MANAGERS:
        require_holder(inquiry, user)
    if consent.revoked_at is None:
        consent.revoked_at = now
        consent.revoked_by_id = user.id
        _event(inquiry.id, user, "consent", now, details={"consent_id": consent.id, "revoked": True})
        audit.record(user, "inquiry.consent_revoked", inquiry)
    db.session.flush()
    return consent


def active_consent(inquiry_id: int, *, kind: str, facility_id: int | None, today: date) -> Consent | None:
    """A consent in force for this recipient: the named facility, or any facility we refer to."""
    consents = db.session.scalars(select(Consent).where(Consent.inquiry_id == inquiry_id,
                                                        Consent.recipient_kind == kind,
                                                        Consent.revoked_at.is_(None))
                                  .order_by(Consent.created_at.desc()))
    for consent in consents:
        if consent.expires_on < today:
            continue
        if kind == "payer" or consent.recipient_facility_id in (None, facility_id):
            return consent
    return None


def _disclose(inquiry: Inquiry, navigator: User, facility: Facility | None, *, now: datetime, purpose: str,
              payer_name: str | None = None) -> Disclosure:
    kind = "facility" if facility is not None else "payer"
    consent = active_consent(inquiry.id, kind=kind, facility_id=getattr(facility, "id", None), today=now.date())
    if consent is None:
        who = "this facility" if facility is not None else "the insurer"
        raise DomainError(f"Record the caller's consent to share details with {who} first.", "consent")
    disclosure = Disclosure(inquiry_id=inquiry.id, consent_id=consent.id, actor_id=navigator.id,
                            recipient_facility_id=getattr(facility, "id", None),
                            recipient_name=facility.name if facility is not None else (payer_name or consent.recipient_name),
                            purpose=purpose, information=consent.information, at=now)
    db.session.add(disclosure)
    db.session.flush()
    _event(inquiry.id, navigator, "disclosure", now, details={"disclosure_id": disclosure.id,
                                                              "consent_id": consent.id, "purpose": purpose})
    audit.record(navigator, "inquiry.disclosed", inquiry)
    return disclosure


def record_referral(inquiry: Inquiry, navigator: User, facility_id: int, *, now: datetime) -> Disclosure:
    """One click from the matches: tell the facility about the caller, under a consent."""
    require_holder(inquiry, navigator)
    facility = db.session.get(Facility, facility_id)
    if facility is None:
        raise NotFound("There is no such facility.")
    disclosure = _disclose(inquiry, navigator, facility, now=now, purpose="referral")
    _fenced(inquiry, navigator, now)
    _event(inquiry.id, navigator, "referral", now, details={"facility_id": facility.id})
    db.session.flush()
    return disclosure


BENEFIT_STATUSES = ("pending", "verified", "inactive", "not_found")


def record_benefits(inquiry: Inquiry, navigator: User, *, now: datetime, status: str, in_network: str = "U",
                    prior_auth_required: str = "U", amounts: dict[str, Decimal | None] | None = None,
                    percents: dict[str, int | None] | None = None) -> BenefitsVerification:
    """Record a verification of benefits done by phone; calling the payer is a disclosure under consent."""
    require_holder(inquiry, navigator)
    if status not in BENEFIT_STATUSES:
        raise DomainError("Choose the verification status.", "status")
    payer = inquiry.insurance.payer_name if inquiry.insurance is not None else None
    disclosure = _disclose(inquiry, navigator, None, now=now, purpose="benefits", payer_name=payer)
    row = BenefitsVerification(inquiry_id=inquiry.id, status=status, in_network=in_network,
                               prior_auth_required=prior_auth_required, consent_id=disclosure.consent_id,
                               started_at=now, verified_at=now if status != "pending" else None,
                               verified_by_id=navigator.id, **(amounts or {}), **(percents or {}))
    db.session.add(row)
    _fenced(inquiry, navigator, now)
    _event(inquiry.id, navigator, "benefits", now, details={"status": status})
    audit.record(navigator, "inquiry.benefits_recorded", inquiry)
    db.session.flush()
    return row


def reveal(inquiry: Inquiry, user: User, field: str) -> str:
    """Show one masked value in full; the reveal is audited."""
    if field in intake_services.REVEALABLE:
        return intake_services.reveal_insurance_value(user, inquiry, field)
    if field != "email":
        raise DomainError("Nothing to reveal there.", "field")
    if not inquiry.email:
        raise NotFound("That value was not given.")
    audit.record(user, "inquiry.revealed.email", inquiry)
    return inquiry.email


def expire_leases(*, now: datetime) -> int:
    """Return every inquiry whose lease ran out to the queue (Next also takes them directly)."""
    ids = list(db.session.scalars(select(Inquiry.id).where(Inquiry.status == InquiryStatus.CLAIMED,
                                                            Inquiry.lease_expires_at <= now)))
    for inquiry_id in ids:
        result = db.session.execute(update(Inquiry).where(
            Inquiry.id == inquiry_id, Inquiry.status == InquiryStatus.CLAIMED, Inquiry.lease_expires_at <= now)
            .values(status=InquiryStatus.WAITING, claimed_by_id=None, lease_expires_at=None)
            .execution_options(synchronize_session=False))
        if result.rowcount:
            _end_claims(inquiry_id, now, "expired")
            _event(inquiry_id, None, "lease_expired", now)
    db.session.flush()
    return len(ids)
