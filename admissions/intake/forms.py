"""The public call-back form. It checks shape only; ``rules.clean_inquiry`` checks the values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

FOR_WHOM = [("self", _l("Myself")), ("loved_one", _l("Someone I love"))]
LANGUAGES = [("en", _l("English")), ("es", _l("Spanish (Español)"))]
BEST_TIMES = [("morning", _l("Morning (8 am to noon)")), ("afternoon", _l("Afternoon (noon to 5 pm)")),
              ("evening", _l("Evening (5 pm to 8 pm)")), ("any", _l("Any time"))]
SUBSTANCES = [("heroin_fentanyl", _l("Heroin or fentanyl")), ("other_opioids", _l("Other opioids (pills, methadone)")),
              ("alcohol", _l("Alcohol")), ("benzodiazepines", _l("Benzodiazepines (Xanax, Valium, Klonopin)")),
              ("methamphetamine", _l("Methamphetamine")), ("cocaine", _l("Cocaine or crack")),
              ("other", _l("Something else"))]
USING_NOW = [("yes", _l("Yes")), ("no", _l("No"))]
CARE = [("detox", _l("Detox (help through withdrawal)")), ("residential", _l("Residential (live-in) treatment")),
        ("outpatient", _l("Outpatient (live at home)")), ("medication", _l("Medication (buprenorphine, methadone, naltrexone)")),
        ("not_sure", _l("Not sure yet"))]
PLAN_TYPES = [("", _l("Choose…")), ("commercial", _l("Private or through work")), ("medicaid", _l("Medicaid")),
              ("medicare", _l("Medicare")), ("medicare_advantage", _l("Medicare Advantage")),
              ("tricare", _l("TRICARE (military)")), ("va", _l("VA")), ("self_pay", _l("I will pay myself")),
              ("none", _l("No insurance")), ("other", _l("Other"))]
RELATIONSHIPS = [("", _l("Choose…")), ("self", _l("The patient is the subscriber")), ("spouse", _l("Spouse or partner")),
                 ("child", _l("Child")), ("other", _l("Other"))]

#: Form field -> the key ``clean_inquiry`` reports errors under.
INSURANCE_FIELDS = ("plan_type", "payer_name", "member_id", "group_number", "subscriber_name", "subscriber_dob",
                    "relationship")


def _options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CallbackForm(FlaskForm):
    for_whom = RadioField(_l("Who is this for?"), choices=_options(FOR_WHOM), default="self", validate_choice=False)
    first_name = StringField(_l("First name"))
    last_name = StringField(_l("Last name (optional)"))
    phone = StringField(_l("Phone number"))
    email = StringField(_l("Email (optional)"))
    zip = StringField(_l("ZIP code"))
    best_times = MultiCheckboxField(_l("Best time to call (your local time)"), choices=_options(BEST_TIMES), validate_choice=False)
    ok_voicemail = BooleanField(_l("OK to leave a voicemail"))
    ok_text = BooleanField(_l("OK to send a text message"))
    language = RadioField(_l("Language"), choices=_options(LANGUAGES), default="en", validate_choice=False)

    overdose_now = BooleanField(_l("Someone has overdosed or cannot be woken up right now"))
    suicidal_thoughts = BooleanField(_l("Thoughts of suicide or of ending a life"))
    pregnant = BooleanField(_l("Pregnant"))
    in_withdrawal = BooleanField(_l("In withdrawal now (sick, shaking, sweating)"))
    recent_overdose = BooleanField(_l("Overdosed in the last month"))

    substances = MultiCheckboxField(_l("Which substances?"), choices=_options(SUBSTANCES), validate_choice=False)
    using_now = RadioField(_l("Using now?"), choices=_options(USING_NOW), validate_choice=False)
    last_use_at = StringField(_l("If not, when was the last use?"))
    care_interests = MultiCheckboxField(_l("What kind of care?"), choices=_options(CARE), validate_choice=False)

    plan_type = SelectField(_l("Kind of insurance"), choices=_options(PLAN_TYPES), validate_choice=False)
    payer_name = StringField(_l("Insurance company"))
    member_id = StringField(_l("Member ID"))
    group_number = StringField(_l("Group number"))
    subscriber_name = StringField(_l("Name of the person the plan is under"))
    subscriber_dob = StringField(_l("Their date of birth"))
    relationship = SelectField(_l("Patient's relationship to them"), choices=_options(RELATIONSHIPS), validate_choice=False)
    card_front = FileField(_l("Photo of the card, front (optional)"))
    card_back = FileField(_l("Photo of the card, back (optional)"))

    message = TextAreaField(_l("Anything you want us to know (optional)"))
    consent_to_contact = BooleanField(_l("I agree that a navigator may contact me about treatment"))
    facility = HiddenField()
    #: Honeypot: hidden from people, filled by bots.
    website = StringField(_l("Leave this empty"))

    def payload(self) -> dict:
        """The answers under the partner API's field names, for ``rules.clean_inquiry``."""
        data = {name: self[name].data for name in (
            "for_whom", "first_name", "last_name", "phone", "email", "zip", "best_times", "ok_voicemail",
            "ok_text", "language", "overdose_now", "suicidal_thoughts", "pregnant", "in_withdrawal",
            "recent_overdose", "substances", "using_now", "last_use_at", "care_interests", "message",
            "consent_to_contact")}
        data["facility_id"] = self.facility.data or None
        insurance = {name: self[name].data or None for name in INSURANCE_FIELDS}
        data["insurance"] = insurance if any(insurance.values()) else None
        return data

    def add_errors(self, errors: dict) -> None:
        """Put each ``clean_inquiry`` message at its field."""
        for key, message in errors.items():
            name = key.removeprefix("insurance.")
            name = "facility" if name == "facility_id" else name
            if name in self._fields:
                self[name].errors = list(self[name].errors or []) + [message]
            else:
                self.form_errors.append(message)
