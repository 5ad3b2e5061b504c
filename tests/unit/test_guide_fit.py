"""The rules behind "What kind of care fits me?"."""

from __future__ import annotations

from dataclasses import replace

from admissions.guide import fit

CALM = fit.Answers(other_drugs=fit.OTHER_NONE, support_at_home=fit.YES, physical_health=fit.HEALTH_OK,
                   mental_health=fit.MIND_OK, tried_before=fit.NO, medication=fit.YES)


def kinds(answers: fit.Answers) -> list[str]:
    return [s.kind for s in fit.suggest(answers).suggestions]


def by_kind(answers: fit.Answers, kind: str) -> fit.Suggestion:
    return next(s for s in fit.suggest(answers).suggestions if s.kind == kind)


def test_someone_with_support_and_no_other_risks_gets_outpatient_detox_and_medication():
    assert kinds(CALM) == [fit.OUTPATIENT_DETOX, fit.MEDICATION, fit.SUPPORT]
    assert by_kind(CALM, fit.OUTPATIENT_DETOX).codes == ("OD",)


def test_alcohol_or_benzodiazepines_point_to_inpatient_detox_with_the_seizure_reason():
    answers = replace(CALM, other_drugs=fit.OTHER_ALCOHOL_OR_BENZOS)
    inpatient = by_kind(answers, fit.INPATIENT_DETOX)
    assert fit.OUTPATIENT_DETOX not in kinds(answers)
    assert any("seizures" in str(reason) for reason in inpatient.reasons)
    assert inpatient.codes == ("HID", "RD")


def test_each_inpatient_factor_alone_is_enough():
    for change in ({"support_at_home": fit.NO}, {"physical_health": fit.HEALTH_SERIOUS},
                   {"mental_health": fit.MIND_CONDITION}, {"other_drugs": fit.NOT_SURE}):
        answers = replace(CALM, **change)
        assert kinds(answers)[0] == fit.INPATIENT_DETOX, change
        assert len(fit.needs_inpatient_detox(answers)) == 1, change


def test_stimulant_use_alone_keeps_outpatient_but_says_to_tell_the_clinic():
    answers = replace(CALM, other_drugs=fit.OTHER_STIMULANTS)
    outpatient = by_kind(answers, fit.OUTPATIENT_DETOX)
    assert any("every drug" in str(reason) for reason in outpatient.reasons)


def test_pregnancy_adds_the_pregnant_women_program_code_to_each_search():
    answers = replace(CALM, physical_health=fit.HEALTH_PREGNANT)
    assert by_kind(answers, fit.INPATIENT_DETOX).codes == ("HID", "RD", "PW")
    medication = by_kind(answers, fit.MEDICATION)
    assert medication.codes == ("BU", "MU", "PW")
    assert any("birth" in str(reason) for reason in medication.reasons)


def test_refusing_opioid_medicine_suggests_naltrexone_instead():
    answers = replace(CALM, medication=fit.NO)
    assert fit.MEDICATION not in kinds(answers)
    assert by_kind(answers, fit.NALTREXONE).codes == ("NU",)


def test_mental_health_adds_co_occurring_care_and_harm_thoughts_raise_the_urgent_flag():
    condition = fit.suggest(replace(CALM, mental_health=fit.MIND_CONDITION))
    assert fit.MENTAL_HEALTH in [s.kind for s in condition.suggestions]
    assert condition.urgent_mental_health is False
    assert fit.suggest(replace(CALM, mental_health=fit.MIND_HARM)).urgent_mental_health is True


def test_relapse_or_no_support_adds_residential_or_intensive_outpatient_care():
    assert fit.RESIDENTIAL not in kinds(CALM)
    assert by_kind(replace(CALM, tried_before=fit.YES), fit.RESIDENTIAL).codes == ("RES", "OIT")
    assert fit.RESIDENTIAL in kinds(replace(CALM, support_at_home=fit.NO))


def test_support_groups_always_close_the_list_and_point_to_meetings():
    suggestion = fit.suggest(CALM).suggestions[-1]
    assert suggestion.kind == fit.SUPPORT
    assert suggestion.search_url("89108") == "/meetings?near=89108"


def test_search_url_joins_codes_with_commas_and_keeps_the_place():
    suggestion = by_kind(replace(CALM, physical_health=fit.HEALTH_PREGNANT), fit.MEDICATION)
    assert suggestion.search_url() == "/treatment?codes=BU,MU,PW"
    assert suggestion.search_url("Las Vegas, NV") == "/treatment?codes=BU,MU,PW&near=Las+Vegas,+NV"
