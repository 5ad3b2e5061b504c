"""Reading a directory search from query-string arguments, without a database."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from admissions.directory import search_index
from admissions.directory.criteria import (
    DEFAULT_RADIUS, FILTER_GROUPS, SearchError, parse_codes, parse_radius, parse_search, parse_words,
)
from admissions.directory.vocabulary import vocabulary


def parse(**args):
    return parse_search(MultiDict(args))


def test_codes_group_by_category_in_vocabulary_order():
    assert parse_codes("md, bu,MU,PI") == (frozenset({"BU", "MU"}), frozenset({"MD", "PI"}))
    assert parse_codes("") == ()


def test_an_unknown_code_names_the_codes_field():
    with pytest.raises(SearchError) as caught:
        parse_codes("BU,HEROIN")
    assert caught.value.field == "codes" and "HEROIN" in caught.value.message


@pytest.mark.parametrize("text, miles", [("5", 5), ("100", 100), ("any", None), ("ANY", None), ("", DEFAULT_RADIUS)])
def test_radius_choices(text, miles):
    assert parse_radius(text) == miles


@pytest.mark.parametrize("text", ["7", "0", "-5", "25.0", "far", "1e3"])
def test_other_radii_are_refused(text):
    with pytest.raises(SearchError, match="Radius") as caught:
        parse_radius(text)
    assert caught.value.field == "radius_miles"


def test_words_are_folded_deduplicated_and_capped():
    assert parse_words("  Recuperación   RECUPERACION hope-house ") == ("recuperacion", "hope", "house")
    assert len(parse_words(" ".join(f"w{n}" for n in range(20)))) == 8


def test_place_may_be_a_zip_a_city_and_state_or_coordinates():
    assert parse(near="89108").place.zip == "89108"
    assert parse(near="Reno, NV").place.state == "NV"
    assert parse(near="36.1,-115.1").place.latitude == pytest.approx(36.1)
    assert parse().place is None


def test_an_unknown_place_names_the_near_field():
    with pytest.raises(SearchError) as caught:
        parse(near="Atlantis, ZZ")
    assert caught.value.field == "near"


def test_plain_language_options_become_one_code_group_each():
    criteria = parse_search(MultiDict([("care", "residential"), ("care", "sober_living"), ("payment", "medicaid")]))
    assert criteria.code_groups == (frozenset({"RES", "RS", "RL", "HH"}), frozenset({"MD"}))
    assert criteria.chosen == {"care": ("residential", "sober_living"), "payment": ("medicaid",)}


def test_an_unknown_option_names_its_group():
    with pytest.raises(SearchError) as caught:
        parse(medication="heroin")
    assert caught.value.field == "medication"


@pytest.mark.parametrize("args, field", [
    ({"page": "0"}, "page"), ({"page": "x"}, "page"), ({"page": "1001"}, "page"),
    ({"per_page": "101"}, "per_page"), ({"per_page": "-1"}, "per_page"),
    ({"include_mental_health": "maybe"}, "include_mental_health"), ({"verified_only": "2"}, "verified_only"),
])
def test_numbers_and_flags_out_of_range_name_their_field(args, field):
    with pytest.raises(SearchError) as caught:
        parse(**args)
    assert caught.value.field == field


def test_defaults():
    criteria = parse()
    assert (criteria.page, criteria.per_page, criteria.include_mental_health, criteria.verified_only) == (1, 20, False, False)
    assert parse(include_mental_health="true", page="3", per_page="100").offset == 200


def test_every_filter_option_names_codes_of_the_vocabulary():
    known = set(vocabulary().codes)
    for group in FILTER_GROUPS:
        for option in group.options:
            assert option.codes and option.codes <= known, (group.name, option.key)


def test_each_category_has_a_column_and_every_code_its_own_bit():
    bits = search_index.code_bits()
    assert set(bits) == set(vocabulary().codes)
    seen = set()
    for code, (category, bit) in bits.items():
        assert (category, bit) not in seen and bit < 2 ** 31
        seen.add((category, bit))
    from admissions.directory.models import Facility

    for category in vocabulary().categories:
        assert hasattr(Facility, search_index.column_name(category)), category


def test_mental_health_only_needs_type_mh_and_no_substance_use_care():
    assert search_index.is_mental_health_only("MH", ["OP"])
    assert not search_index.is_mental_health_only("MH", ["SUMH"])
    assert not search_index.is_mental_health_only("MH,SA", [])
    assert not search_index.is_mental_health_only("SA", [])
