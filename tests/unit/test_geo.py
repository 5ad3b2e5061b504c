import pytest

from admissions.core.geo import PlaceError, bounding_box, haversine_miles, in_us, resolve_place


def test_zip_resolves_to_its_centroid_state_and_time_zone():
    place = resolve_place("89108")
    assert place.state == "NV"
    assert place.timezone == "America/Los_Angeles"
    assert abs(place.latitude - 36.2) < 0.1


def test_city_and_state_resolve_case_insensitively():
    place = resolve_place("las vegas, nv")
    assert place.state == "NV" and abs(place.longitude + 115.2) < 0.3


def test_lat_lon_text_resolves_to_that_point():
    place = resolve_place("36.1, -115.2")
    assert (place.latitude, place.longitude) == (36.1, -115.2)


@pytest.mark.parametrize("text", ["", "00000", "Atlantis, ZZ", "hello", "91, 200"])
def test_unknown_places_raise_a_clear_error(text):
    with pytest.raises(PlaceError):
        resolve_place(text)


def test_haversine_matches_a_known_distance():
    # Las Vegas to Los Angeles is about 228 miles as the crow flies.
    assert 220 < haversine_miles(36.1699, -115.1398, 34.0522, -118.2437) < 236


def test_bounding_box_contains_points_at_the_radius():
    min_lat, max_lat, min_lon, max_lon = bounding_box(36.0, -115.0, 25)
    for bearing_point in ((36.36, -115.0), (36.0, -115.44)):
        assert haversine_miles(36.0, -115.0, *bearing_point) <= 25.5
        assert min_lat <= bearing_point[0] <= max_lat and min_lon <= bearing_point[1] <= max_lon


def test_us_bounds_reject_zero_and_swapped_points():
    assert in_us(36.2, -115.2)
    assert not in_us(0, 0)
    assert not in_us(-115.2, 36.2)
