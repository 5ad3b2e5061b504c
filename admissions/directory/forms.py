"""Forms of the directory pages (the search itself is a plain GET form read by ``criteria``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp

PROBLEM_CHOICES = [SelectChoice(value, label) for value, label in (
    ("closed", _l("It has closed")),
    ("wrong_phone", _l("The phone number is wrong")),
    ("wrong_address", _l("The address or map location is wrong")),
    ("wrong_services", _l("The services are wrong")),
    ("wrong_insurance", _l("The insurance or payment information is wrong")),
    ("other", _l("Something else")),
)]


class ReportProblemForm(FlaskForm):
    problem = RadioField(_l("What is wrong?"), choices=PROBLEM_CHOICES,
                         validators=[DataRequired(_l("Choose what is wrong."))])
    details = TextAreaField(_l("Tell us more (optional)"), validators=[Optional(), Length(max=2000)])
    contact = StringField(_l("Your phone or email, if we may contact you (optional)"),
                          validators=[Optional(), Length(max=255)])
    #: Left empty by people; filled by bots that fill every field.
    nickname = StringField(_l("Leave this empty"), validators=[Optional()])


class ResolveReportForm(FlaskForm):
    resolution = TextAreaField("What was done", validators=[Optional(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class ListingForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=255)])
    name2 = StringField("Second name", validators=[Optional(), Length(max=255)])
    street1 = StringField("Street", validators=[Optional(), Length(max=255)])
    street2 = StringField("Street, second line", validators=[Optional(), Length(max=255)])
    city = StringField("City", validators=[Optional(), Length(max=120)])
    state = StringField("State", validators=[Optional(), Regexp(r"^[A-Z]{2}$", message="Two capital letters.")])
    zip = StringField("ZIP", validators=[Optional(), Regexp(r"^\d{5}(-\d{4})?$", message="5 digits.")])
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180)])
    phone = StringField("Main phone", validators=[Optional(), Length(max=40)])
    intake_phone = StringField("Intake phone", validators=[Optional(), Length(max=40)])
    hotline_phone = StringField("Hotline", validators=[Optional(), Length(max=40)])
    website = StringField("Website", validators=[Optional(), URL(message="A full address starting with https://"),
                                                 Length(max=500)])

    def changes(self) -> dict:
        """Field values as the model stores them (empty text becomes None)."""
        values = {}
        for name in ("name", "name2", "street1", "street2", "city", "state", "zip", "latitude", "longitude",
                     "phone", "intake_phone", "hotline_phone", "website"):
            value = getattr(self, name).data
            if isinstance(value, str):
                value = value.strip() or None
            values[name] = value
        return values
