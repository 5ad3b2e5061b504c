"""The "What kind of care fits me?" questions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from admissions.guide import fit

ANSWER_NEEDED = _l("Please choose an answer.")


def _question(label, choices):
    return RadioField(label, choices=[SelectChoice(value, text) for value, text in choices],
                      validators=[InputRequired(ANSWER_NEEDED)])


class WhichCareForm(FlaskForm):
    """Six questions; each answer maps to a constant in ``guide.fit``."""

    other_drugs = _question(_l("Besides opioids, do you also use alcohol or other drugs?"), [
        (fit.OTHER_NONE, _l("No, only opioids")),
        (fit.OTHER_ALCOHOL_OR_BENZOS, _l("Yes: alcohol, or pills like Xanax or Valium")),
        (fit.OTHER_STIMULANTS, _l("Yes: other drugs, like meth or cocaine")),
        (fit.NOT_SURE, _l("I am not sure")),
    ])
    support_at_home = _question(_l("Is there someone sober who can stay with you for the first few days?"), [
        (fit.YES, _l("Yes")),
        (fit.NO, _l("No")),
        (fit.NOT_SURE, _l("I am not sure")),
    ])
    physical_health = _question(_l("How is your physical health?"), [
        (fit.HEALTH_OK, _l("Mostly fine")),
        (fit.HEALTH_SERIOUS, _l("I have a serious health problem, like heart, lung or liver disease, or seizures")),
        (fit.HEALTH_PREGNANT, _l("I am pregnant")),
    ])
    mental_health = _question(_l("How is your mental health?"), [
        (fit.MIND_OK, _l("Mostly fine")),
        (fit.MIND_CONDITION, _l("I live with depression, anxiety, trauma or another condition")),
        (fit.MIND_HARM, _l("I have thoughts of hurting myself")),
    ])
    tried_before = _question(_l("Have you tried to stop before and started using again?"), [
        (fit.YES, _l("Yes")),
        (fit.NO, _l("No, this is my first time")),
    ])
    medication = _question(_l("Would you take a medicine like methadone or buprenorphine?"), [
        (fit.YES, _l("Yes")),
        (fit.NO, _l("No")),
        (fit.NOT_SURE, _l("I am not sure")),
    ])
    near = StringField(_l("Your ZIP code or city (optional)"), validators=[
        Optional(), Length(max=60, message=_l("Please use 60 characters or fewer.")),
        Regexp(r"^[\w .,'-]+$", message=_l("Please use only letters, numbers and spaces.")),
    ])

    QUESTIONS = ("other_drugs", "support_at_home", "physical_health", "mental_health",
                 "tried_before", "medication")

    def answers(self) -> fit.Answers:
        return fit.Answers(**{name: self[name].data for name in self.QUESTIONS})
