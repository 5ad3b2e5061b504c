"""Demo meetings: NA mostly, some AA, in person, online and hybrid, near the demo areas.

Made as a Meeting Guide feed and loaded through the importer, so the demo exercises the same path
as a real feed. The same seed gives the same meetings.
"""

from __future__ import annotations

import json
import random

from sqlalchemy import select

from admissions.core.geo import haversine_miles, zip_info
from admissions.directory.models import Facility
from admissions.extensions import db
from admissions.meetings import services

#: City-centre ZIPs in several states (and zones: Eastern, Central, Mountain, Arizona, Pacific).
AREAS = ("89108", "89101", "10001", "19103", "02108", "30303", "33130", "43215", "37203", "60614",
         "77002", "80202", "85004", "90012", "94103", "97205", "98101", "87102", "73102", "40202")
NA_NAMES = ("Clean and Serene", "Just for Today", "Hope Without Dope", "Recovery at Noon", "Miracles Happen",
            "New Beginnings", "Freedom Group", "Basic Text Study", "Never Alone", "Living Clean",
            "Step Into Recovery", "Young and Clean", "Sisters in Recovery", "Brothers in Recovery",
            "Surrender Group", "Candlelight NA", "Keep Coming Back", "Spiritual Principles")
AA_NAMES = ("Big Book Study", "Serenity Group", "Early Birds", "Happy Destiny", "Keep It Simple",
            "Came to Believe", "Daily Reflections", "Sunrise Group", "Back to Basics")
PLACES = ("St. Mark's Church Hall", "Community Center", "Recovery Clubhouse", "Public Library Meeting Room",
          "Alano Club", "First Methodist Church", "Neighborhood House", "YMCA Room 2")
STREETS = ("Main St", "Oak Ave", "Maple St", "Washington Blvd", "Lincoln Ave", "Park Rd", "Church St",
           "Broadway", "2nd St", "Elm St")
TIMES = ("07:00", "10:00", "12:00", "12:30", "17:30", "18:00", "18:30", "19:00", "19:00", "19:30", "20:00",
         "20:00", "21:00", "23:30")
NA_TYPES = (["O", "D"], ["C", "LIT"], ["O", "ST"], ["BE", "O"], ["C", "SP"], ["O", "LIT", "X"], ["C", "TR"])
AA_TYPES = (["O", "B"], ["C", "D"], ["O", "SP", "X"], ["C", "ST"], ["O", "DR"])


def demo_feed(*, seed: int, per_area: int = 12, near_facilities: int = 40) -> list[dict]:
    """Meeting Guide rows around the demo areas and some demo facilities, deterministic."""
    rng = random.Random(seed * 7919 + 3)
    centres = [zip_info(code) for code in AREAS]
    points = [(c.latitude, c.longitude, c.zip, c.city, c.state) for c in centres if c]
    facilities = db.session.execute(
        select(Facility.latitude, Facility.longitude, Facility.zip, Facility.city, Facility.state)
        .where(Facility.latitude.isnot(None)).order_by(Facility.id).limit(2000)).all()
    if facilities:
        points += [tuple(f) for f in rng.sample(facilities, min(near_facilities, len(facilities)))]
    rows: list[dict] = []
    for area, (lat, lon, zip_code, city, state) in enumerate(points):
        count = per_area if area < len(AREAS) else 2
        for _ in range(count):
            rows.append(_row(rng, len(rows) + 1, lat, lon, zip_code, city, state))
    return rows


def _row(rng: random.Random, n: int, lat: float, lon: float, zip_code, city, state) -> dict:
    na = rng.random() < 0.75
    name = rng.choice(NA_NAMES if na else AA_NAMES)
    roll = rng.random()
    attendance = "online" if roll < 0.15 else "hybrid" if roll < 0.30 else "in_person"
    start = rng.choice(TIMES)
    hour, minute = map(int, start.split(":"))
    length = rng.choice((60, 60, 60, 90))
    end_minutes = (hour * 60 + minute + length) % 1440
    days = sorted(rng.sample(range(7), rng.choice((1, 1, 1, 2, 3, 7))))
    info = zip_info(zip_code)
    row = {
        "name": name, "slug": f"demo-{'na' if na else 'aa'}-{n:04d}", "fellowship": "NA" if na else "AA",
        "day": days[0] if len(days) == 1 else days, "time": start,
        "end_time": f"{end_minutes // 60:02d}:{end_minutes % 60:02d}",
        "types": list(rng.choice(NA_TYPES if na else AA_TYPES)),
        "updated": f"2026-{rng.randint(6, 11):02d}-{rng.randint(1, 28):02d} 12:00:00",
        "timezone": info.timezone if info and info.timezone else None,
    }
    if attendance != "online":
        dlat, dlon = rng.uniform(-0.06, 0.06), rng.uniform(-0.06, 0.06)
        row.update({
            "location": rng.choice(PLACES), "address": f"{rng.randint(100, 9899)} {rng.choice(STREETS)}",
            "city": city, "state": state, "postal_code": zip_code, "country": "US",
            "latitude": round(lat + dlat, 5), "longitude": round(lon + dlon, 5),
        })
    else:
        row["approximate"] = "yes"
        row.update({"city": city, "state": state, "postal_code": zip_code})
    if attendance in ("online", "hybrid"):
        row["conference_url"] = f"https://meet.example.org/{row['slug']}"
        row["conference_phone"] = f"+1 555 01{n % 100:02d}"
        row["conference_url_notes"] = "Passcode: recovery"
    return row


def load_demo_meetings(*, seed: int, echo) -> None:
    """Import the demo feed (deterministic for ``seed``)."""
    rows = demo_feed(seed=seed)
    report = services.import_feed(json.dumps(rows), "tsml")
    echo(f"Meetings: {report.summary()}")


def nearest_area_miles(lat: float, lon: float) -> float:
    """Distance to the closest demo area centre (used by tests of the demo's spread)."""
    return min(haversine_miles(lat, lon, info.latitude, info.longitude)
               for info in (zip_info(code) for code in AREAS) if info)
