"""Places and distances, offline: ZIP centroids and time zones from the ``zipcodes`` package."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

EARTH_RADIUS_MILES = 3958.8
#: Rough boxes around the states and territories; a coordinate outside all of them is wrong.
US_BOUNDS = (
    (24.3, 49.5, -125.0, -66.8),   # contiguous states
    (51.0, 71.6, -180.0, -129.9),  # Alaska
    (51.0, 53.1, 172.0, 180.0),    # Aleutians west of 180
    (18.8, 22.4, -160.5, -154.7),  # Hawaii
    (17.8, 18.6, -67.4, -65.2),    # Puerto Rico
    (17.6, 18.5, -65.1, -64.5),    # US Virgin Islands
    (13.2, 20.6, 144.5, 146.1),    # Guam and Northern Marianas
    (-14.6, -11.0, -171.2, -168.1),  # American Samoa
)

US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP",
}


class PlaceError(ValueError):
    """The text does not name a place we can find."""


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str
    zip: str | None = None
    city: str | None = None
    state: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class ZipInfo:
    zip: str
    latitude: float
    longitude: float
    city: str
    state: str
    timezone: str | None


@lru_cache(maxsize=1)
def _zip_index() -> dict[str, ZipInfo]:
    import zipcodes

    index: dict[str, ZipInfo] = {}
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if lat == 0 and lon == 0:
            continue
        index[row["zip_code"]] = ZipInfo(
            zip=row["zip_code"], latitude=lat, longitude=lon,
            city=(row.get("city") or "").title(), state=row.get("state") or "",
            timezone=row.get("timezone") or None,
        )
    return index


@lru_cache(maxsize=1)
def _city_index() -> dict[tuple[str, str], ZipInfo]:
    groups: dict[tuple[str, str], list[ZipInfo]] = {}
    for info in _zip_index().values():
        groups.setdefault((info.city.upper(), info.state), []).append(info)
    index = {}
    for key, infos in groups.items():
        lat = sum(i.latitude for i in infos) / len(infos)
        lon = sum(i.longitude for i in infos) / len(infos)
        first = infos[0]
        index[key] = ZipInfo(zip="", latitude=lat, longitude=lon, city=first.city,
                             state=first.state, timezone=first.timezone)
    return index


def zip_info(zip_code: str | None) -> ZipInfo | None:
    """Centroid, city, state and time zone of a five-digit ZIP, or None."""
    if not zip_code:
        return None
    return _zip_index().get(str(zip_code).strip()[:5])


def all_zips() -> list[ZipInfo]:
    """Every ZIP with a usable centroid, sorted by code (for deterministic demo data)."""
    return sorted(_zip_index().values(), key=lambda info: info.zip)


_LATLON = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
_CITY_STATE = re.compile(r"^\s*([^,]+?)\s*,\s*([A-Za-z]{2})\s*$")


def resolve_place(text: str) -> Place:
    """Turn a ZIP, "City, ST" or "lat,lon" into a point, or raise PlaceError."""
    text = (text or "").strip()
    if not text:
        raise PlaceError("Enter a ZIP code, a city and state, or coordinates.")
    if match := _ZIP.match(text):
        info = zip_info(match.group(1))
        if info is None:
            raise PlaceError(f"We do not know the ZIP code {match.group(1)}.")
        return Place(info.latitude, info.longitude, f"{info.city}, {info.state} {info.zip}",
                     info.zip, info.city, info.state, info.timezone)
    if match := _LATLON.match(text):
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise PlaceError("Coordinates must be a latitude from -90 to 90 and a longitude from -180 to 180.")
        return Place(lat, lon, f"{lat:.4f}, {lon:.4f}")
    if match := _CITY_STATE.match(text):
        city, state = match.group(1).strip(), match.group(2).upper()
        info = _city_index().get((city.upper(), state))
        if info is None:
            raise PlaceError(f"We could not find {city}, {state}. Try a ZIP code.")
        return Place(info.latitude, info.longitude, f"{info.city}, {info.state}", None,
                     info.city, info.state, info.timezone)
    raise PlaceError("Enter a 5-digit ZIP code, a city and state like \"Reno, NV\", or \"lat,lon\".")


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains every point within ``miles``."""
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if max(abs(min_lat), abs(max_lat)) >= 89.9:
        return min_lat, max_lat, -180.0, 180.0
    dlon = math.degrees(miles / (EARTH_RADIUS_MILES * math.cos(math.radians(max(abs(min_lat), abs(max_lat))))))
    return min_lat, max_lat, max(-180.0, lon - dlon), min(180.0, lon + dlon)


def in_us(lat: float, lon: float) -> bool:
    """Whether the point falls in one of the US boxes."""
    return any(a <= lat <= b and c <= lon <= d for a, b, c, d in US_BOUNDS)
