"""The call-back request's rules, shared by the public form and the partner API (pure; no database).

``clean_inquiry`` takes the submitted values under the API's field names and returns an
``InquiryData`` or raises ``InvalidInquiry`` with one message per field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

import phonenumbers
from flask_babel import lazy_gettext as _l

from admissions.core.errors import DomainError
from admissions.core.geo import zip_info

FOR_WHOM = ("self", "loved_one")
LANGUAGES = ("en", "es")
BEST_TIMES = ("morning", "afternoon", "evening", "any")
SUBSTANCES = ("heroin_fentanyl", "other_opioids", "alcohol", "benzodiazepines", "methamphetamine",
              "cocaine", "other")
CARE_INTERESTS = ("detox", "residential", "outpatient", "medication", "not_sure")
PLAN_TYPES = ("commercial", "medicaid", "medicare", "medicare_advantage", "tricare", "va", "self_pay",
              "none", "other")
#: The patient's relationship to the insurance subscriber.
RELATIONSHIPS = ("self", "spouse", "child", "other")
#: Plan types with no card to ask about.
NO_POLICY = ("self_pay", "none")
EMERGENCY_FLAGS = ("overdose_now", "suicidal_thoughts", "pregnant", "in_withdrawal", "recent_overdose")
MBI = re.compile(r"^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]"
                 r"[AC-HJKMNP-RT-Y]{2}[0-9]{2}$")
_ZIP = re.compile(r"^(\d{5})(?:-\d{4})?$")
_ID = re.compile(r"^[A-Za-z0-9\- ]{2,40}$")


class InvalidInquiry(DomainError):
    """The submission has errors; ``errors`` maps each field (``insurance.member_id``) to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("The request has errors.")
        self.errors = errors


@dataclass
class InsuranceData:
    plan_type: str | None = None
    payer_name: str | None = None
    member_id: str | None = None
    group_number: str | None = None
    subscriber_name: str | None = None
    subscriber_dob: date | None = None
    relationship: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any(vars(self).values())


@dataclass
class CardPhoto:
    side: str
    content_type: str
    #: Re-encoded, metadata stripped, not yet encrypted.
    data: bytes


@dataclass
class InquiryData:
    first_name: str
    phone: str
    zip: str
    state: str | None
    timezone: str | None
    consent_to_contact: bool
    for_whom: str = "self"
    last_name: str | None = None
    email: str | None = None
    best_times: list[str] = field(default_factory=list)
    ok_voicemail: bool = False
    ok_text: bool = False
    language: str = "en"
    substances: list[str] = field(default_factory=list)
    using_now: bool | None = None
    last_use_at: datetime | None = None
    care_interests: list[str] = field(default_factory=list)
    insurance: InsuranceData | None = None
    message: str = ""
    #: The facility's public id, when the request came from a listing.
    facility_id: str | None = None
    overdose_now: bool = False
    suicidal_thoughts: bool = False
    pregnant: bool = False
    in_withdrawal: bool = False
    recent_overdose: bool = False
    card_photos: list[CardPhoto] = field(default_factory=list)


def normalize_phone(text: str | None) -> str:
    """The phone number in E.164 (+17025550123); US numbers may omit the country code."""
    raw = (text or "").strip()
    if not raw:
        raise ValueError(_l("Enter a phone number we can call."))
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(_l("Enter a phone number like 702-555-0123.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(_l("This phone number does not look right. Check the digits."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def emergency_reasons(source) -> list[str]:
    """What in the answers is an emergency (overdose now, suicide thoughts, pregnant in withdrawal).

    ``source`` is anything with the flag attributes or keys: an InquiryData, an Inquiry, a dict.
    """
    def flag(name: str) -> bool:
        value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, False)
        return _truthy(value)

    reasons = []
    if flag("overdose_now"):
        reasons.append("overdose happening now")
    if flag("suicidal_thoughts"):
        reasons.append("thoughts of suicide")
    if flag("pregnant") and flag("in_withdrawal"):
        reasons.append("pregnant and in withdrawal")
    return reasons


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "y", "yes", "on")
    return bool(value)


def _text(raw: Mapping, name: str, limit: int, errors: dict, key: str | None = None) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        errors[key or name] = _l("Enter text here.")
        return None
    value = " ".join(value.split()) if name != "message" else value.strip()
    if len(value) > limit:
        errors[key or name] = _l("Keep this to %(limit)s characters.", limit=limit)
        return None
    return value or None


def _choices(raw: Mapping, name: str, allowed: tuple[str, ...], errors: dict) -> list[str]:
    value = raw.get(name) or []
    if isinstance(value, str):
        value = [part for part in value.split(",") if part]
    if not isinstance(value, (list, tuple)) or any(v not in allowed for v in value):
        errors[name] = _l("Choose from the options shown.")
        return []
    return [v for v in allowed if v in value]


def _choice(raw: Mapping, name: str, allowed: tuple[str, ...], errors: dict, *, default=None,
            key: str | None = None) -> str | None:
    value = raw.get(name)
    if value in (None, ""):
        return default
    if value not in allowed:
        errors[key or name] = _l("Choose one of the options shown.")
        return default
    return value


def _bool(raw: Mapping, name: str, errors: dict) -> bool:
    value = raw.get(name, False)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("", "0", "1", "true", "false", "y", "yes", "n",
                                                            "no", "on", "off"):
        return _truthy(value)
    errors[name] = _l("Answer yes or no.")
    return False


def _date(value, *, key: str, errors: dict, today: date, oldest: date) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        errors[key] = _l("Enter a date like 1980-04-30.")
        return None
    try:
        parsed = date.fromisoformat(value.strip()[:10])
    except ValueError:
        errors[key] = _l("Enter a date like 1980-04-30.")
        return None
    if parsed > today:
        errors[key] = _l("This date is in the future.")
        return None
    if parsed < oldest:
        errors[key] = _l("This date is too far in the past.")
        return None
    return parsed


def _insurance(raw, errors: dict, *, today: date) -> InsuranceData | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, Mapping):
        errors["insurance"] = _l("Insurance must be an object.")
        return None
    sub: dict[str, str] = {}
    data = InsuranceData(
        plan_type=_choice(raw, "plan_type", PLAN_TYPES, sub),
        payer_name=_text(raw, "payer_name", 120, sub),
        member_id=_text(raw, "member_id", 40, sub),
        group_number=_text(raw, "group_number", 40, sub),
        subscriber_name=_text(raw, "subscriber_name", 160, sub),
        subscriber_dob=_date(raw.get("subscriber_dob"), key="subscriber_dob", errors=sub, today=today,
                             oldest=date(today.year - 120, 1, 1)),
        relationship=_choice(raw, "relationship", RELATIONSHIPS, sub),
    )
    for name in ("member_id", "group_number"):
        value = getattr(data, name)
        if value and not _ID.match(value):
            sub[name] = _l("Use only the letters, digits and dashes on the card.")
    if data.plan_type == "medicare" and data.member_id and "member_id" not in sub:
        if not MBI.match(data.member_id.replace("-", "").replace(" ", "").upper()):
            sub["member_id"] = _l("A Medicare number has 11 characters, like 1EG4-TE5-MK73.")
    if data.member_id and data.plan_type in NO_POLICY:
        sub["plan_type"] = _l("Choose the kind of plan this member id belongs to.")
    errors.update({f"insurance.{name}": message for name, message in sub.items()})
    return None if data.is_empty else data


def clean_inquiry(raw: Mapping, *, now: datetime, photos: list[CardPhoto] | None = None) -> InquiryData:
    """Check a submission and return clean values, or raise InvalidInquiry with every problem."""
    if not isinstance(raw, Mapping):
        raise InvalidInquiry({"": _l("Send a JSON object.")})
    errors: dict[str, str] = {}
    today = now.date()
    first_name = _text(raw, "first_name", 80, errors)
    if not first_name and "first_name" not in errors:
        errors["first_name"] = _l("Tell us a first name so the navigator knows whom to ask for.")
    phone = None
    try:
        phone = normalize_phone(raw.get("phone") if isinstance(raw.get("phone"), str) else None)
    except ValueError as exc:
        errors["phone"] = exc.args[0]
    email = _text(raw, "email", 254, errors)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        errors["email"] = _l("Enter an email address like name@example.com, or leave it empty.")
    zip_code = raw.get("zip") if isinstance(raw.get("zip"), str) else ""
    place = None
    match = _ZIP.match(zip_code.strip())
    if not match:
        errors["zip"] = _l("Enter a 5-digit ZIP code.")
    else:
        place = zip_info(match.group(1))
        if place is None:
            errors["zip"] = _l("We do not know this ZIP code. Check the digits.")
    using_now = raw.get("using_now")
    if isinstance(using_now, str):
        using_now = {"yes": True, "true": True, "no": False, "false": False, "": None}.get(using_now.lower(), "?")
    if using_now not in (None, True, False):
        errors["using_now"] = _l("Answer yes or no.")
        using_now = None
    last_use = _date(raw.get("last_use_at"), key="last_use_at", errors=errors, today=today,
                     oldest=date(today.year - 80, 1, 1))
    consent = _bool(raw, "consent_to_contact", errors)
    if not consent and "consent_to_contact" not in errors:
        errors["consent_to_contact"] = _l("We can only call you back if you agree to be contacted.")
    facility_id = raw.get("facility_id")
    if facility_id not in (None, "") and (not isinstance(facility_id, str) or len(facility_id) > 16):
        errors["facility_id"] = _l("Unknown facility.")
    data = InquiryData(
        first_name=first_name or "", phone=phone or "", zip=match.group(1) if match else "",
        state=place.state if place else None, timezone=place.timezone if place else None,
        consent_to_contact=consent,
        for_whom=_choice(raw, "for_whom", FOR_WHOM, errors, default="self"),
        last_name=_text(raw, "last_name", 80, errors),
        email=email,
        best_times=_choices(raw, "best_times", BEST_TIMES, errors),
        ok_voicemail=_bool(raw, "ok_voicemail", errors),
        ok_text=_bool(raw, "ok_text", errors),
        language=_choice(raw, "language", LANGUAGES, errors, default="en"),
        substances=_choices(raw, "substances", SUBSTANCES, errors),
        using_now=using_now,
        last_use_at=datetime.combine(last_use, time(12), timezone.utc) if last_use else None,
        care_interests=_choices(raw, "care_interests", CARE_INTERESTS, errors),
        insurance=_insurance(raw.get("insurance"), errors, today=today),
        message=_text(raw, "message", 2000, errors) or "",
        facility_id=(facility_id or None) if isinstance(facility_id, str) else None,
        card_photos=list(photos or []),
        **{name: _bool(raw, name, errors) for name in EMERGENCY_FLAGS},
    )
    if errors:
        raise InvalidInquiry(errors)
    return data


__all__ = ["InvalidInquiry", "InquiryData", "InsuranceData", "CardPhoto", "clean_inquiry", "normalize_phone",
           "emergency_reasons"]
