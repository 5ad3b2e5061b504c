"""The directory parsers, one test per quirk of the sources (no database)."""

from __future__ import annotations

import io
import json

import pytest

from admissions.directory import importers
from admissions.directory.importers import (
    SourceFileError, clean_phone, clean_website, clean_zip, merge_same_sites, parse_locator_json,
    parse_locator_row, parse_national_csv, resolve_location,
)

FRID = "ab" * 32


def locator_row(**fields) -> dict:
    row = {
        "_irow": 1, "frid": FRID, "name1": "Desert Dawn Recovery", "name2": "", "street1": "3100 N Tenaya Way",
        "street2": "", "city": "Las Vegas", "state": "NV", "zip": "89128", "phone": "(702) 555-0142",
        "intake1": "", "hotline1": "", "website": "https://desertdawn.example.org", "latitude": "36.2107",
        "longitude": "-115.2496", "miles": 1.5, "typeFacility": "SA",
        "services": [{"f1": "Type of Care", "f2": "TC", "f3": "Substance use treatment"}],
    }
    row.update(fields)
    return row


def parse_json(rows) -> list[importers.ParsedRow]:
    return list(parse_locator_json(io.BytesIO(json.dumps({"page": 1, "rows": rows}).encode())))


def parse_csv(text: str, encoding: str = "utf-8") -> list[importers.ParsedRow]:
    return list(parse_national_csv(io.BytesIO(text.encode(encoding))))


# -- locator JSON ------------------------------------------------------------------------------------


def test_a_clean_locator_row_becomes_a_record_keyed_by_its_frid():
    parsed = parse_locator_row(1, locator_row(frid=FRID.upper()))
    record = parsed.record
    assert parsed.reason is None and parsed.warnings == []
    assert record.source_key == FRID
    assert (record.name, record.city, record.state, record.zip) == ("Desert Dawn Recovery", "Las Vegas", "NV", "89128")
    assert (record.latitude, record.longitude, record.location_approximate) == (36.2107, -115.2496, False)
    assert record.codes == {"SA"} and record.facility_types == ("SA",)


def test_f3_labels_map_to_codes_case_insensitively_and_by_alias_within_their_category():
    services = [
        {"f1": "Payment", "f2": "PAY", "f3": "MEDICAID; private health insurance; Military insurance"},
        {"f1": "Setting", "f2": "SET", "f3": "Residential; Outpatient detoxification"},
        {"f1": "Opioid", "f2": "OM", "f3": "Buprenorphine used in Treatment"},
    ]
    record = parse_locator_row(1, locator_row(services=services)).record
    assert record.codes == {"MD", "PI", "MI", "RES", "OD", "BU"}


def test_a_label_is_only_recognized_in_its_own_category():
    services = [{"f1": "Payment", "f2": "PAY", "f3": "Outpatient"}]
    parsed = parse_locator_row(1, locator_row(services=services))
    assert parsed.record.codes == set()
    assert parsed.warnings == ['unknown service "Outpatient" in PAY skipped']


def test_an_unknown_f3_label_is_reported_and_skipped_and_the_row_is_kept():
    services = [{"f1": "Setting", "f2": "SET", "f3": "Outpatient; Equine therapy"}]
    parsed = parse_locator_row(4, locator_row(services=services))
    assert parsed.record is not None and parsed.record.codes == {"OP"}
    assert parsed.warnings == ['unknown service "Equine therapy" in SET skipped']


def test_an_unknown_category_is_reported_and_skipped():
    parsed = parse_locator_row(1, locator_row(services=[{"f1": "Pets", "f2": "PETS", "f3": "Dogs"}]))
    assert parsed.record.codes == set()
    assert parsed.warnings == ['unknown service category "PETS" skipped']


def test_null_services_give_a_facility_without_codes():
    parsed = parse_locator_row(1, locator_row(services=None))
    assert parsed.record.codes == set() and parsed.warnings == []


def test_a_website_of_bare_http_means_none():
    assert parse_locator_row(1, locator_row(website="http://")).record.website is None
    assert clean_website("https://") is None
    assert clean_website("") is None


def test_a_website_without_scheme_gets_one_and_other_schemes_are_dropped():
    assert clean_website("www.example.org/intake") == "http://www.example.org/intake"
    assert clean_website("javascript:alert(1)") is None
    assert clean_website("ftp://example.org") is None
    assert clean_website("not a site") is None


def test_html_entities_and_non_breaking_spaces_in_names_are_cleaned():
    record = parse_locator_row(1, locator_row(name1="Hope &amp; Healing\u00a0\u00a0Center",
                                              name2="Caf&eacute;\u00a0 Program")).record
    assert record.name == "Hope & Healing Center"
    assert record.name2 == "Café Program"


def test_swapped_coordinates_are_swapped_back():
    parsed = parse_locator_row(1, locator_row(latitude="-115.2496", longitude="36.2107"))
    assert (parsed.record.latitude, parsed.record.longitude) == (36.2107, -115.2496)
    assert parsed.record.location_approximate is False
    assert "latitude and longitude were swapped" in parsed.warnings


@pytest.mark.parametrize("lat, lon", [("0", "0"), ("", ""), (None, None), ("0.0", "-115.2")])
def test_zero_or_missing_coordinates_fall_back_to_the_zip_centroid_marked_approximate(lat, lon):
    record = parse_locator_row(1, locator_row(latitude=lat, longitude=lon, zip="89108")).record
    assert record.location_approximate is True
    assert record.latitude == pytest.approx(36.2, abs=0.1)
    assert record.longitude == pytest.approx(-115.2, abs=0.1)


def test_coordinates_outside_the_us_fall_back_to_the_zip_centroid():
    parsed = parse_locator_row(1, locator_row(latitude="51.5", longitude="-0.12", zip="89108"))
    assert parsed.record.location_approximate is True
    assert "coordinates outside the US were replaced by the ZIP centroid" in parsed.warnings


def test_a_row_with_no_usable_place_is_rejected():
    parsed = parse_locator_row(3, locator_row(latitude="51.5", longitude="-0.12", zip="00000"))
    assert parsed.record is None
    assert parsed.reason == "no usable coordinates and no known ZIP code"


def test_coordinates_in_alaska_hawaii_and_puerto_rico_are_kept():
    for lat, lon in (("61.2181", "-149.9003"), ("21.3069", "-157.8583"), ("18.4655", "-66.1057")):
        record = parse_locator_row(1, locator_row(latitude=lat, longitude=lon)).record
        assert (record.latitude, record.longitude, record.location_approximate) == (float(lat), float(lon), False)


@pytest.mark.parametrize("raw", ["(999) 999-9999", "999-999-9999", "000-000-0000", "(111) 111-1111",
                                 "123-456-7890", "N/A", "555-0100", "call us"])
def test_placeholder_and_broken_phones_mean_none(raw):
    assert clean_phone(raw) is None


@pytest.mark.parametrize("raw, expected", [
    ("702-555-0142", "(702) 555-0142"),
    ("+1 (702) 555 0142", "(702) 555-0142"),
    ("7025550142 ext. 12", "(702) 555-0142 x12"),
    ("(702) 555-0142 x3", "(702) 555-0142 x3"),
])
def test_real_phones_are_written_one_way(raw, expected):
    assert clean_phone(raw) == expected


def test_a_placeholder_phone_is_reported_and_the_row_kept():
    parsed = parse_locator_row(1, locator_row(phone="(999) 999-9999"))
    assert parsed.record.phone is None
    assert "phone is a placeholder or not a phone number; left empty" in parsed.warnings


def test_a_row_without_frid_gets_a_stable_key_from_its_name_and_address():
    a = parse_locator_row(1, locator_row(frid=None)).record
    b = parse_locator_row(9, locator_row(frid="", name1="DESERT  dawn recovery", _irow=9, miles=40)).record
    assert a.source_key.startswith("h:") and len(a.source_key) == 66
    assert a.source_key == b.source_key
    other = parse_locator_row(1, locator_row(frid=None, street1="3102 N Tenaya Way")).record
    assert other.source_key != a.source_key


def test_irow_is_not_an_id():
    a = parse_locator_row(1, locator_row(frid=None, _irow=1))
    b = parse_locator_row(1, locator_row(frid=None, _irow=1, name1="Another Place", street1="1 Other St"))
    assert a.record.source_key != b.record.source_key


def test_a_frid_that_is_not_hex_is_ignored_with_a_note():
    parsed = parse_locator_row(1, locator_row(frid="<script>"))
    assert parsed.record.frid is None and parsed.record.source_key.startswith("h:")


@pytest.mark.parametrize("fields, reason", [
    ({"name1": ""}, "missing name1"),
    ({"name1": "&nbsp;"}, "missing name1"),
    ({"state": "ZZ"}, "missing or unknown state"),
    ({"state": None}, "missing or unknown state"),
])
def test_rows_without_a_name_or_state_are_rejected(fields, reason):
    parsed = parse_locator_row(1, locator_row(**fields))
    assert parsed.record is None and parsed.reason == reason


def test_a_row_that_is_not_an_object_is_rejected():
    assert parse_json([locator_row(), "garbage", 7])[1].reason == "row is not an object"


def test_the_same_site_as_an_sa_row_and_an_mh_row_becomes_one_facility():
    mh = locator_row(frid="cd" * 32, name1="Valley Behavioral Health", typeFacility="MH", phone="(480) 555-0110",
                     website="http://valley.example.org",
                     services=[{"f1": "Age", "f2": "AGE", "f3": "Adults"}])
    sa = locator_row(frid="ef" * 32, name1="Valley Behavioral Health SUD Program", typeFacility="SA",
                     website="http://", services=[{"f1": "Type of Care", "f2": "TC", "f3": "Substance use treatment"}])
    merged = merge_same_sites(parse_json([mh, sa]))
    assert len(merged) == 1
    record = merged[0].record
    assert record.name == "Valley Behavioral Health SUD Program"  # the substance-use row leads
    assert record.frid == "ef" * 32
    assert record.facility_types == ("SA", "MH")
    assert record.codes == {"SA", "ADLT"}
    assert record.website == "http://valley.example.org"  # filled from the MH row
    assert record.mental_health_only is False


def test_the_merge_does_not_depend_on_the_order_of_the_rows():
    mh = locator_row(frid="cd" * 32, typeFacility="MH", services=None)
    sa = locator_row(frid="ef" * 32, typeFacility="SA")
    one = merge_same_sites(parse_json([mh, sa]))[0].record
    other = merge_same_sites(parse_json([sa, mh]))[0].record
    assert one == other


def test_two_substance_use_providers_at_one_address_stay_apart():
    a = locator_row(frid="cd" * 32, name1="First Clinic")
    b = locator_row(frid="ef" * 32, name1="Second Clinic")
    assert len(merge_same_sites(parse_json([a, b]))) == 2


def test_a_row_repeated_in_one_file_is_merged_not_duplicated():
    merged = merge_same_sites(parse_json([locator_row(), locator_row(_irow=26)]))
    assert len(merged) == 1
    assert "merged with row 2 (same facility)" in merged[0].warnings


def test_mh_only_means_type_mh_without_substance_use_care():
    mh = parse_locator_row(1, locator_row(typeFacility="MH", services=None)).record
    assert mh.mental_health_only is True
    with_detox = parse_locator_row(1, locator_row(
        typeFacility="MH", services=[{"f1": "Type of Care", "f2": "TC", "f3": "Detoxification"}])).record
    assert with_detox.mental_health_only is False


@pytest.mark.parametrize("content", [b"not json", b'{"page": 1}', b'"rows"', b"\xff\xfe"])
def test_a_file_that_is_not_a_locator_response_cannot_be_read(content):
    with pytest.raises(SourceFileError):
        list(parse_locator_json(io.BytesIO(content)))


def test_a_bare_list_of_rows_is_accepted():
    assert len(list(parse_locator_json(io.BytesIO(json.dumps([locator_row()]).encode())))) == 1


# -- national CSV -----------------------------------------------------------------------------------

CSV_HEADER = "name1,name2,street1,street2,city,state,zip,phone,intake1,intake2,intake1a,intake2a,service_code_info"


def test_a_csv_row_takes_its_space_separated_codes_and_sits_at_its_zip_centroid():
    rows = parse_csv(CSV_HEADER + "\nHarbor Light,,5 Bay Rd,,Boston,MA,02134,617-555-0199,,,,,SA DT  op bu MD\n")
    record = rows[0].record
    assert rows[0].row == 1
    assert record.codes == {"SA", "DT", "OP", "BU", "MD"}
    assert record.location_approximate is True
    assert record.latitude == pytest.approx(42.35, abs=0.05)
    assert record.facility_types == ("SA",)
    assert record.source_key.startswith("h:")


def test_csv_coordinates_are_used_when_present():
    text = CSV_HEADER + ",latitude,longitude\nHarbor Light,,5 Bay Rd,,Boston,MA,02134,,,,,,SA,42.3601,-71.0589\n"
    record = parse_csv(text)[0].record
    assert (record.latitude, record.longitude, record.location_approximate) == (42.3601, -71.0589, False)


def test_an_unknown_csv_code_is_reported_and_skipped():
    parsed = parse_csv(CSV_HEADER + "\nHarbor Light,,5 Bay Rd,,Boston,MA,02134,,,,,,SA XYZ\n")[0]
    assert parsed.record.codes == {"SA"}
    assert parsed.warnings == ['unknown service code "XYZ" skipped']


def test_a_zip_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back():
    assert clean_zip("2134") == "02134"
    assert clean_zip("021341234") == "02134-1234"
    assert clean_zip("89108-1234") == "89108-1234"
    assert clean_zip("abc") is None
    record = parse_csv(CSV_HEADER + "\nHarbor Light,,5 Bay Rd,,Boston,MA,2134,,,,,,SA\n")[0].record
    assert record.zip == "02134"


def test_intake1a_serves_as_the_intake_line_when_intake1_is_empty():
    record = parse_csv(CSV_HEADER + "\nHarbor Light,,5 Bay Rd,,Boston,MA,02134,,,,617-555-0123,,SA\n")[0].record
    assert record.intake_phone == "(617) 555-0123"


def test_a_csv_with_a_byte_order_mark_and_upper_case_headers_is_read():
    text = "\ufeff" + CSV_HEADER.upper() + "\nHarbor Light,,5 Bay Rd,,Boston,MA,02134,,,,,,SA\n"
    assert parse_csv(text)[0].record.name == "Harbor Light"


def test_a_windows_1252_csv_is_read():
    rows = parse_csv(CSV_HEADER + "\nClínica Nueva Vida,,5 Bay Rd,,Boston,MA,02134,,,,,,SA\n", encoding="cp1252")
    assert rows[0].record.name == "Clínica Nueva Vida"


def test_a_bad_csv_row_is_rejected_and_the_next_one_kept():
    rows = parse_csv(CSV_HEADER + "\n,,5 Bay Rd,,Boston,MA,02134,,,,,,SA\nGood Place,,6 Bay Rd,,Boston,MA,02134,,,,,,SA\n")
    assert [r.reason for r in rows] == ["missing name1", None]


@pytest.mark.parametrize("content", [b"", b"a,b,c\n1,2,3\n"])
def test_a_file_that_is_not_the_national_csv_cannot_be_read(content):
    with pytest.raises(SourceFileError):
        list(parse_national_csv(io.BytesIO(content)))


def test_resolve_location_keeps_good_coordinates():
    assert resolve_location("36.1", "-115.1", None) == (36.1, -115.1, False, None)
