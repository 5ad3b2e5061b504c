"""Forms of the queue page and the inquiry workspace: shape only; services check the rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DecimalField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from admissions.intake.models import Disposition
from admissions.navigator.rules import ATTEMPT_OUTCOMES

OUTCOME_LABELS = {"no_answer": "No answer", "voicemail": "Voicemail left", "connected": "Connected",
                  "wrong_number": "Wrong number", "call_later": "Call me later"}
DISPOSITION_LABELS = {"admitted": "Admitted", "scheduled": "Scheduled for intake", "referred": "Referred",
                      "not_ready": "Not ready", "not_eligible": "Not eligible", "unreachable": "Unreachable",
                      "duplicate": "Duplicate (merged into another inquiry)", "spam": "Spam or test"}
SUBSTANCE_LABELS = {"heroin_fentanyl": "Heroin or fentanyl", "other_opioids": "Other opioids (pills)",
                    "methadone": "Methadone", "buprenorphine": "Buprenorphine (Suboxone)", "alcohol": "Alcohol",
                    "benzodiazepines": "Benzodiazepines (Xanax, Valium)", "methamphetamine": "Methamphetamine",
                    "cocaine": "Cocaine or crack", "other": "Other"}
LENGTH_OF_USE = [("", "Not asked yet"), ("under_1_year", "Less than a year"), ("1_5_years", "1 to 5 years"),
                 ("over_5_years", "More than 5 years")]
YNU = [("U", "Unknown"), ("Y", "Yes"), ("N", "No")]


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects rather than tuples."""
    return [SelectChoice(str(value) if not isinstance(value, int) else value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class AttemptForm(FlaskForm):
    outcome = RadioField("What happened", choices=choices((o, OUTCOME_LABELS[o]) for o in ATTEMPT_OUTCOMES),
                         validators=[InputRequired(message="Choose what happened on the call.")])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])


class CallbackForm(FlaskForm):
    day = DateField("Date (caller's time)", validators=[InputRequired(message="Give a date.")])
    time = TimeField("Time (caller's time)", validators=[InputRequired(message="Give a time.")])


class ReassignForm(FlaskForm):
    navigator_id = SelectField("Give to", coerce=int, validators=[DataRequired(message="Choose a navigator.")])


class CloseForm(FlaskForm):
    disposition = SelectField("Disposition", choices=choices([("", "Choose…")] + [(d.value, DISPOSITION_LABELS[d.value])
                                                                                  for d in Disposition]),
                              validators=[DataRequired(message="Choose a disposition.")])
    facility_id = IntegerField("Facility number (admitted, scheduled, referred)", validators=[Optional()])
    intake_on = DateField("Intake date (scheduled)", validators=[Optional()])
    merged_into_id = IntegerField("Inquiry number it duplicates", validators=[Optional()])
    note = TextAreaField("Note", validators=[Optional(), Length(max=2000)])


class AssessmentForm(FlaskForm):
    substances = MultiCheckboxField("Substances in the system now", choices=choices(SUBSTANCE_LABELS.items()))
    last_use_day = DateField("Last use: date (caller's time)", validators=[Optional()])
    last_use_time = TimeField("Last use: time (caller's time)", validators=[Optional()])
    length_of_use = SelectField("How long they have used", choices=choices(LENGTH_OF_USE), validators=[Optional()])
    age = IntegerField("Age", validators=[Optional(), NumberRange(min=10, max=110, message="Give an age from 10 to 110.")])
    veteran = BooleanField("Veteran")
    family_history = TextAreaField("Family history of addiction", validators=[Optional(), Length(max=4000)])
    medications = TextAreaField("Current medications", validators=[Optional(), Length(max=4000)])
    social_financial = TextAreaField("Social and financial situation", validators=[Optional(), Length(max=4000)])
    physical_health = TextAreaField("Physical health", validators=[Optional(), Length(max=4000)])
    mental_health = TextAreaField("Mental health and co-occurring conditions",
                                  validators=[Optional(), Length(max=4000)])


class ConsentForm(FlaskForm):
    patient_name = StringField("Patient name", validators=[DataRequired(message="Give the patient's name."),
                                                           Length(max=160)])
    recipient_kind = SelectField("Recipient", choices=choices([("facility", "A treatment facility"),
                                                               ("payer", "The insurer (benefits check)")]))
    recipient_facility_id = IntegerField("Facility number (empty: the programs we refer to)",
                                         validators=[Optional()])
    recipient_name = StringField("Recipient as told to the caller",
                                 validators=[DataRequired(message="Name the recipient."), Length(max=255)])
    information = TextAreaField("What information", validators=[DataRequired(message="Say what will be shared.")])
    purpose = TextAreaField("Purpose", validators=[DataRequired(message="Say why it will be shared.")])
    method = SelectField("How consent was given", choices=choices([("verbal", "Verbal, I attest I heard it"),
                                                                   ("signed", "Signed")]))
    signature = StringField("Signature or attestation name",
                            validators=[DataRequired(message="Sign or attest."), Length(max=160)])
    expires_on = DateField("Expires on", validators=[InputRequired(message="Give an expiry date.")])
    revocation_told = BooleanField("I told the caller they can revoke this at any time, and how")


class ReferralForm(FlaskForm):
    facility_id = HiddenField(validators=[DataRequired()])


class BenefitsForm(FlaskForm):
    status = SelectField("Status", choices=choices([("pending", "Pending"), ("verified", "Verified"),
                                                    ("inactive", "Inactive"), ("not_found", "Not found")]))
    in_network = SelectField("In network", choices=choices(YNU))
    prior_auth_required = SelectField("Prior authorization required", choices=choices(YNU))
    deductible = DecimalField("Deductible ($)", places=2, validators=[Optional(), NumberRange(min=0)])
    deductible_remaining = DecimalField("Deductible remaining ($)", places=2, validators=[Optional(), NumberRange(min=0)])
    out_of_pocket_max = DecimalField("Out-of-pocket maximum ($)", places=2, validators=[Optional(), NumberRange(min=0)])
    detox_copay = DecimalField("Detox copay ($)", places=2, validators=[Optional(), NumberRange(min=0)])
    detox_coinsurance_pct = IntegerField("Detox coinsurance (%)", validators=[Optional(), NumberRange(0, 100)])
    residential_copay = DecimalField("Residential copay ($)", places=2, validators=[Optional(), NumberRange(min=0)])
    residential_coinsurance_pct = IntegerField("Residential coinsurance (%)", validators=[Optional(), NumberRange(0, 100)])
    outpatient_copay = DecimalField("Outpatient copay ($)", places=2, validators=[Optional(), NumberRange(min=0)])
    outpatient_coinsurance_pct = IntegerField("Outpatient coinsurance (%)", validators=[Optional(), NumberRange(0, 100)])

    AMOUNTS = ("deductible", "deductible_remaining", "out_of_pocket_max", "detox_copay", "residential_copay",
               "outpatient_copay")
    PERCENTS = ("detox_coinsurance_pct", "residential_coinsurance_pct", "outpatient_coinsurance_pct")


class RevealForm(FlaskForm):
    field = HiddenField(validators=[DataRequired()])
