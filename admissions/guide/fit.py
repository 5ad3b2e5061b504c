"""Which kinds of care to suggest from the answers to "What kind of care fits me?".

Pure rules, no database and no request: the factors that decide inpatient or outpatient detox
(other drug use, support at home, physical health, mental health; DOMAIN.md section 2) plus a
few that point to medication, longer care and special programs. This is a suggestion to talk
over with a navigator or a doctor, never a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l

YES, NO, NOT_SURE = "yes", "no", "not_sure"

#: Answers to "Do you also use other drugs or alcohol?"
OTHER_ALCOHOL_OR_BENZOS = "alcohol_or_benzos"
OTHER_STIMULANTS = "stimulants"
OTHER_NONE = "none"

#: Answers to "How is your physical health?"
HEALTH_SERIOUS = "serious"
HEALTH_PREGNANT = "pregnant"
HEALTH_OK = "ok"

#: Answers to "How is your mental health?"
MIND_HARM = "harm"
MIND_CONDITION = "condition"
MIND_OK = "ok"

INPATIENT_DETOX = "inpatient_detox"
OUTPATIENT_DETOX = "outpatient_detox"
MEDICATION = "medication"
NALTREXONE = "naltrexone"
MENTAL_HEALTH = "co_occurring"
RESIDENTIAL = "residential"
SUPPORT = "support"


@dataclass(frozen=True)
class Answers:
    """One person's answers; every field holds one of the constants above."""

    other_drugs: str
    support_at_home: str
    physical_health: str
    mental_health: str
    tried_before: str
    medication: str


@dataclass
class Suggestion:
    """A kind of care, why it came up, and the directory codes that find it."""

    kind: str
    title: str
    reasons: list[str] = field(default_factory=list)
    codes: tuple[str, ...] = ()
    #: Where to look when this is not a directory search (support groups are meetings).
    path: str = "/treatment"

    def search_url(self, near: str = "") -> str:
        """The prefilled search: same-category codes combine with OR, categories with AND."""
        args: list[tuple[str, str]] = []
        if self.codes:
            args.append(("codes", ",".join(self.codes)))
        if near:
            args.append(("near", near))
        return self.path + ("?" + urlencode(args, safe=",") if args else "")


@dataclass
class Result:
    suggestions: list[Suggestion]
    #: True when the person said they think about hurting themselves: show 988 first.
    urgent_mental_health: bool = False


def needs_inpatient_detox(answers: Answers) -> list[str]:
    """The reasons detox should happen where staff watch you day and night; empty if none."""
    reasons = []
    if answers.other_drugs == OTHER_ALCOHOL_OR_BENZOS:
        reasons.append(_l("Stopping alcohol or pills like Xanax or Valium can cause seizures. "
                          "That withdrawal needs a doctor close by, and it is treated first."))
    elif answers.other_drugs == NOT_SURE:
        reasons.append(_l("You are not sure what else you take. Staff can test and watch you safely."))
    if answers.support_at_home == NO:
        reasons.append(_l("You do not have someone to stay with you in the first days."))
    if answers.physical_health == HEALTH_SERIOUS:
        reasons.append(_l("A health problem can make withdrawal harder on your body."))
    if answers.physical_health == HEALTH_PREGNANT:
        reasons.append(_l("You are pregnant. Do not stop on your own; a doctor should guide every step."))
    if answers.mental_health in (MIND_HARM, MIND_CONDITION):
        reasons.append(_l("Withdrawal can make anxiety and low mood worse. Staff can help with both."))
    return reasons


def suggest(answers: Answers) -> Result:
    """The kinds of care to look at first, most important first, each with its reasons."""
    pregnant = answers.physical_health == HEALTH_PREGNANT
    group = ("PW",) if pregnant else ()
    suggestions: list[Suggestion] = []

    inpatient_reasons = needs_inpatient_detox(answers)
    if inpatient_reasons:
        suggestions.append(Suggestion(INPATIENT_DETOX, _l("Inpatient detox"), inpatient_reasons,
                                      ("HID", "RD") + group))
    else:
        reasons = [_l("You have someone at home to help you.") if answers.support_at_home == YES
                   else _l("Ask someone you trust to stay with you for the first days."),
                   _l("You did not name alcohol or pills that make withdrawal dangerous."),
                   _l("You can sleep at home and visit the clinic.")]
        if answers.other_drugs == OTHER_STIMULANTS:
            reasons.append(_l("You use other drugs too. Tell the clinic about every drug you take."))
        suggestions.append(Suggestion(OUTPATIENT_DETOX, _l("Outpatient detox"), reasons, ("OD",) + group))

    if answers.medication in (YES, NOT_SURE):
        reasons = [_l("Methadone and buprenorphine ease withdrawal and cravings."),
                   _l("People on these medicines are more likely to stay in treatment and stay alive.")]
        if pregnant:
            reasons.append(_l("In pregnancy, these medicines can lead to a healthier birth."))
        suggestions.append(Suggestion(MEDICATION, _l("Medicine for opioid use: methadone or buprenorphine"),
                                      reasons, ("BU", "MU") + group))
    else:
        suggestions.append(Suggestion(NALTREXONE, _l("Naltrexone after detox"), [
            _l("You would rather not take an opioid medicine. Naltrexone is not an opioid."),
            _l("It blocks the high, but you must be off opioids for days before you start."),
        ], ("NU",) + group))

    if answers.mental_health in (MIND_HARM, MIND_CONDITION):
        suggestions.append(Suggestion(MENTAL_HEALTH, _l("Care for drug use and mental health together"), [
            _l("You told us about your mental health. Some programs treat both at the same time."),
        ], ("CO",) + group))

    if answers.tried_before == YES or answers.support_at_home == NO:
        reasons = []
        if answers.tried_before == YES:
            reasons.append(_l("You tried to stop before and started again. More time in care can help."))
        if answers.support_at_home == NO:
            reasons.append(_l("A residential program gives you a safe place to live while you heal."))
        suggestions.append(Suggestion(RESIDENTIAL, _l("Residential or intensive outpatient care after detox"),
                                      reasons, ("RES", "OIT")))

    suggestions.append(Suggestion(SUPPORT, _l("Counseling and support groups"), [
        _l("Detox alone rarely keeps people off drugs. Ongoing help does."),
        _l("Meetings are free, and many are open to anyone."),
    ], path="/meetings"))

    return Result(suggestions, urgent_mental_health=answers.mental_health == MIND_HARM)
