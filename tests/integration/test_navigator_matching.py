"""Matching: the ten directory facilities that fit best, each with why."""

from admissions.navigator.queries import MatchNeeds, facilities_matching
from tests.factories import make_facility


def _needs(**overrides) -> MatchNeeds:
    values = dict(zip="89108", care=["detox"], substances=["heroin_fentanyl"], plan_type="medicaid",
                  language="en", pregnant=False, veteran=False, age=30)
    values.update(overrides)
    return MatchNeeds(**values)


def test_at_most_ten_come_back_best_first(app):
    for n in range(14):
        make_facility(name=f"Plain {n}", codes=("SA",))
    best = make_facility(name="Fits", codes=("SA", "DT", "MD", "BU", "ADLT"))
    matches = facilities_matching(_needs())
    assert len(matches) == 10
    assert matches[0].facility.id == best.id
    assert {"offers detox", "takes Medicaid", "medication for opioid use disorder"} <= set(matches[0].why)


def test_distance_breaks_ties_and_is_explained(app):
    far = make_facility(name="Reno", codes=("SA", "DT"), latitude=39.53, longitude=-119.81, zip="89501")
    near = make_facility(name="Vegas", codes=("SA", "DT"))
    matches = facilities_matching(_needs(plan_type=None))
    assert [m.facility.id for m in matches] == [near.id, far.id]
    assert matches[0].why[0].endswith("miles away") and matches[0].miles < matches[1].miles


def test_pregnancy_veterans_and_spanish_count(app):
    plain = make_facility(name="Plain", codes=("SA", "DT"))
    special = make_facility(name="Special", codes=("SA", "DT", "PW", "VET", "SP"))
    matches = facilities_matching(_needs(pregnant=True, veteran=True, language="es"))
    assert matches[0].facility.id == special.id
    assert {"program for pregnant women", "program for veterans", "services in Spanish"} <= set(matches[0].why)
    assert plain.id in [m.facility.id for m in matches]


def test_a_youth_is_not_sent_to_an_adults_only_program_first(app):
    adults = make_facility(name="Adults", codes=("SA", "DT", "ADLT"))
    youth = make_facility(name="Youth", codes=("SA", "DT", "CHLD"))
    matches = facilities_matching(_needs(age=16))
    assert matches[0].facility.id == youth.id and matches[-1].facility.id == adults.id


def test_mental_health_only_and_inactive_listings_are_left_out(app):
    make_facility(name="MH only", codes=("MH",), facility_types="MH")
    make_facility(name="Closed", codes=("SA", "DT"), active=False)
    assert facilities_matching(_needs()) == []
