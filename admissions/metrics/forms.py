"""The settings managers change: business hours, holidays, SLA minutes, service level X."""

from __future__ import annotations

from datetime import date, time

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from admissions.metrics.periods import valid_zone

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _zone(form, field):
    if field.data and not valid_zone(field.data.strip()):
        raise ValidationError("Unknown time zone; use an IANA name such as America/Chicago.")


def _clock(form, field):
    if field.data:
        try:
            time.fromisoformat(field.data.strip())
        except ValueError:
            raise ValidationError("Use a 24-hour time such as 08:00.") from None


def _holiday_region(form, field):
    value = (field.data or "").strip()
    if not value:
        return
    import holidays

    country, _, subdivision = value.partition("-")
    try:
        holidays.country_holidays(country, subdiv=subdivision or None, years=2026)
    except (NotImplementedError, KeyError):
        raise ValidationError("Use a country code, optionally with a region, such as US or US-CA.") from None


def _dates(form, field):
    for line in (field.data or "").split():
        try:
            date.fromisoformat(line)
        except ValueError:
            raise ValidationError(f"“{line}” is not a date as YYYY-MM-DD.") from None


class MetricsSettingsForm(FlaskForm):
    business_timezone = StringField("Time zone of the business hours", validators=[InputRequired(), _zone])
    business_holidays = StringField("Holidays (country, optionally region)", validators=[Optional(), _holiday_region])
    business_closed_dates = TextAreaField("Other closed dates, one per line (YYYY-MM-DD)", validators=[_dates])
    sla_critical = IntegerField("Critical", validators=[InputRequired(), NumberRange(1, 1440)])
    sla_high = IntegerField("High", validators=[InputRequired(), NumberRange(1, 1440)])
    sla_normal = IntegerField("Normal", validators=[InputRequired(), NumberRange(1, 1440)])
    service_level_minutes = IntegerField("Service level X (minutes)", validators=[InputRequired(), NumberRange(1, 240)])
    callback_grace_minutes = IntegerField("Callback grace N (minutes)", validators=[InputRequired(), NumberRange(1, 240)])
    my_timezone = StringField("Your time zone for dates on the dashboard", validators=[Optional(), Length(max=40), _zone])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for day in range(7):
            closed, opens, closes = self.day_fields(day)
            if closed.data:
                continue
            for field in (opens, closes):
                if not field.data:
                    field.errors.append("Give a time, or mark the day closed.")
                    ok = False
            if opens.data and closes.data and not opens.errors and not closes.errors and opens.data >= closes.data:
                closes.errors.append("Closing must come after opening.")
                ok = False
        return ok

    def day_fields(self, day: int):
        return self[f"closed_{day}"], self[f"opens_{day}"], self[f"closes_{day}"]

    def hours(self) -> dict[str, list[str] | None]:
        """Business hours as core.settings stores them: weekday -> [open, close] or None."""
        result = {}
        for day in range(7):
            closed, opens, closes = self.day_fields(day)
            result[str(day)] = None if closed.data else [opens.data.strip(), closes.data.strip()]
        return result

    def closed_dates(self) -> list[str]:
        return sorted({line for line in (self.business_closed_dates.data or "").split()})


for _day, _name in enumerate(WEEKDAYS):
    setattr(MetricsSettingsForm, f"closed_{_day}", BooleanField(f"{_name} closed"))
    setattr(MetricsSettingsForm, f"opens_{_day}", StringField(f"{_name} opens", validators=[Optional(), _clock]))
    setattr(MetricsSettingsForm, f"closes_{_day}", StringField(f"{_name} closes", validators=[Optional(), _clock]))
