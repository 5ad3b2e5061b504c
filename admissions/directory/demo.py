"""Demo facilities: realistic, deterministic listings across the US, loaded through the importer.

The listings are written as a locator JSON response and fed to the same parser and import service
as a real file, so the demo exercises the path production data takes. Phones use the 555-01xx
numbers reserved for fiction; places are real ZIP centroids.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from datetime import datetime, time, timedelta, timezone
from functools import lru_cache

from sqlalchemy import bindparam, select, update

from admissions.core.geo import US_STATES, all_zips, in_us
from admissions.core.text import fold
from admissions.core.time import utcnow
from admissions.directory import importers, services
from admissions.directory.models import Facility
from admissions.directory.vocabulary import vocabulary
from admissions.extensions import db

DEMO_SOURCE = "demo"
#: Share of demo listings a person has confirmed.
VERIFIED_SHARE = 0.3

_WORDS = (
    "New Beginnings", "Desert Hope", "Harbor Light", "Serenity", "Pathways", "Crossroads", "Bridgeway",
    "Clear Horizons", "Second Chance", "Hope House", "Lighthouse", "Turning Point", "Cedar Ridge",
    "Riverbend", "Summit", "Willow Creek", "Evergreen", "Northstar", "Open Door", "Safe Harbor",
    "Anchor", "Compass", "Recovery Road", "Fresh Start", "Gateway", "Sunrise", "Blue Ridge",
    "Prairie View", "Mountain View", "Lakeside", "Keystone", "Magnolia", "Juniper", "Stillwater",
)
_SAINTS = ("St. Mary's", "St. Joseph's", "St. Luke's", "Mercy", "Good Samaritan", "Providence", "Sacred Heart")
_SPANISH = ("Nueva Vida", "La Esperanza", "Renacer", "Camino Nuevo", "Corazón Valiente", "Amanecer")
_STREETS = (
    "Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lincoln", "Jefferson", "Park",
    "Lake", "Hill", "Sunset", "Highland", "Church", "Mill", "River", "Spring", "Center", "Market",
)
_SUFFIXES = ("St", "Ave", "Blvd", "Rd", "Dr", "Way", "Ln", "Pkwy")

#: Archetypes: (weight, facility types, name patterns, {code: probability}).
_ARCHETYPES = (
    (16, "SA,OTP", ("{city} Comprehensive Treatment Center", "{word} Opioid Treatment Program",
                    "{word} Methadone Clinic"),
     {"SA": 1, "OP": 1, "OMB": 1, "MU": 1, "BU": .8, "NU": .3, "OTP": 1, "MM": 1, "DM": .6, "BUM": .6,
      "SOTP": 1, "MD": .9, "MC": .6, "PI": .5, "SF": .9, "SS": .4, "DAUT": 1, "HCT": .6, "HIVT": .5,
      "NOE": .9, "MOA": .3, "CARF": .7, "JC": .2, "CM": .7, "PVTP": .6, "PVTN": .3}),
    (18, "SA", ("{word} Recovery Center", "{word} Residential Treatment", "{word} Ranch",
                "{word} Treatment Center of {city}"),
     {"SA": 1, "DT": .5, "RES": 1, "RS": .7, "RL": .5, "RD": .5, "BU": .5, "NU": .5, "MOA": .4,
      "ODTX": .4, "ADTX": .4, "MDET": .4, "PI": .9, "SF": 1, "MI": .5, "MD": .4, "SS": .2,
      "CARF": .5, "JC": .5, "TWFA": .7, "CBT": .8, "PEER": .6, "PVTP": .7, "PVTN": .3}),
    (8, "SA", ("{saint} Medical Center Detox Unit", "{saint} Hospital Withdrawal Management"),
     {"SA": 1, "DT": 1, "HI": 1, "HID": 1, "HIT": .5, "BU": .9, "NU": .4, "ODTX": 1, "ADTX": 1,
      "BDTX": .9, "MDET": 1, "LFXD": .4, "CLND": .7, "MD": 1, "MC": 1, "PI": 1, "MI": .6, "SF": .8,
      "JC": 1, "PVTN": .8, "LCCG": .2}),
    (22, "SA", ("{word} Counseling Services", "{county} Behavioral Health", "{word} Outpatient Program",
                "{word} Family Services"),
     {"SA": 1, "OP": 1, "ORT": 1, "OIT": .6, "ODT": .2, "TELE": .6, "OD": .2, "NU": .3, "BU": .3,
      "MOA": .6, "MD": .8, "PI": .7, "SF": .9, "SS": .6, "MC": .3, "CBT": .9, "MOTI": .8,
      "RELP": .8, "DUO": .05, "CJ": .4, "PVTN": .5, "LCCG": .3, "STAG": .6}),
    (12, "SA", ("{word} Addiction Medicine", "{city} Family Health Clinic", "{word} Bridge Clinic"),
     {"SA": 1, "OP": 1, "OMB": 1, "TELE": .7, "OD": .6, "BU": 1, "NU": .7, "UB": 1, "BUM": .8,
      "DB": .5, "UN": .6, "BWN": .9, "BERI": .4, "VTRL": .5, "MD": .8, "MC": .6, "PI": .9, "SF": .7,
      "SS": .5, "PA": .3, "IPC": .6, "HCT": .5, "NOE": .8, "PVTP": .5, "PVTN": .5}),
    (8, "SA", ("{word} Sober Living", "{word} House", "{word} Recovery Residence"),
     {"HH": 1, "SA": .3, "RES": .6, "SF": 1, "PA": .3, "PEER": .8, "SHG": .9, "TWFA": .8,
      "EMP": .4, "PVTP": .5, "PVTN": .5}),
    (4, "SA", ("Centro de Recuperación {spanish}", "Clínica {spanish}"),
     {"SA": 1, "OP": 1, "ORT": 1, "OIT": .5, "BU": .4, "MD": .8, "SF": 1, "SS": .8, "SP": 1,
      "CBT": .6, "PEER": .5, "PVTN": 1}),
    (12, "MH", ("{county} Mental Health Center", "{word} Psychiatric Services", "{word} Wellness Clinic"),
     {"OP": 1, "TELE": .6, "MD": .9, "MC": .5, "PI": .8, "SF": .7, "SS": .5, "CBT": .9, "DBT": .6,
      "TRC": .7, "MHS": 1, "LCCG": .4, "PVTN": .6}),
)
#: Codes most facilities of any kind carry, with how often.
_COMMON = {
    "ADLT": .95, "YAD": .5, "SNR": .4, "CHLD": .15, "FEM": .9, "MALE": .9, "SP": .35, "AH": .1,
    "FX": .1, "NX": .03, "PW": .2, "VET": .25, "GL": .2, "CO": .5, "TRMA": .3, "AD": .1, "WN": .2,
    "MN": .2, "DV": .15, "ADM": .05, "HBT": .2, "DAUT": .6, "BABA": .3, "ACC": .7, "DP": .8,
    "OFD": .3, "TA": .2, "HS": .15, "NOE": .3, "CM": .4,
}


def load_demo_facilities(*, count: int, seed: int, echo) -> None:
    """Create ``count`` demo facilities (same seed, same data) and verify about 30% as the demo admin."""
    rng = random.Random(seed)
    rows, verified_rows = demo_locator_rows(count, rng)
    payload = io.BytesIO(json.dumps({"page": 1, "totalPages": 1, "recordCount": len(rows), "rows": rows}).encode())
    parsed = list(importers.parse_locator_json(payload))
    report = services.import_facilities(parsed, source=DEMO_SOURCE, now=utcnow())
    verified = _verify_as_demo_admin([parsed[i] for i in verified_rows], rng)
    echo(f"Demo facilities: {report.summary}; {verified} marked verified by the demo admin.")


def demo_locator_rows(count: int, rng: random.Random) -> tuple[list[dict], list[int]]:
    """``count`` rows shaped like the locator's JSON, and the indexes of those a person verified."""
    zips = _demo_zips()
    extras = _zip_extras()
    weights = [a[0] for a in _ARCHETYPES]
    rows, verified = [], []
    for index in range(count):
        place = rng.choice(zips)
        area_codes, county = extras.get(place.zip, ((), ""))
        _weight, types, patterns, mix = rng.choices(_ARCHETYPES, weights=weights)[0]
        name = rng.choice(patterns).format(
            city=place.city, word=rng.choice(_WORDS), saint=rng.choice(_SAINTS), spanish=rng.choice(_SPANISH),
            county=(county.replace(" County", "").replace(" Parish", "") or place.city),
        )
        codes = {code for code, chance in mix.items() if rng.random() < chance}
        codes |= {code for code, chance in _COMMON.items() if rng.random() < chance}
        area = area_codes[0] if area_codes else "555"
        row = {
            "_irow": index + 1,
            "name1": name,
            "name2": rng.choice(("", "", "", "Main Campus", "Outpatient Office", "Intake Center")),
            "street1": f"{rng.randint(10, 9899)} {rng.choice(('', 'N ', 'S ', 'E ', 'W '))}"
                       f"{rng.choice(_STREETS)} {rng.choice(_SUFFIXES)}",
            "street2": rng.choice(("", "", "", f"Suite {rng.randint(100, 499)}")),
            "city": place.city,
            "state": place.state,
            "zip": place.zip,
            "phone": f"({area}) 555-01{rng.randint(0, 99):02d}",
            "intake1": f"({area}) 555-01{rng.randint(0, 99):02d}" if rng.random() < .6 else "",
            "hotline1": f"(800) 555-01{rng.randint(0, 99):02d}" if rng.random() < .1 else "",
            "website": (f"https://www.{fold(name).replace(' ', '')[:30]}.example.org"
                        if rng.random() < .75 else "http://"),
            "latitude": f"{place.latitude:.4f}",
            "longitude": f"{place.longitude:.4f}",
            "typeFacility": types,
            "services": _locator_services(codes),
        }
        if rng.random() < .9:  # some locator rows come without frid
            row["frid"] = hashlib.sha256(f"demo:{place.zip}:{index}:{name}".encode()).hexdigest()
        rows.append(row)
        if rng.random() < VERIFIED_SHARE:
            verified.append(index)
    return rows, verified


def _locator_services(codes: set[str]) -> list[dict]:
    """The locator's ``services`` list: one entry per category, labels joined by "; "."""
    vocab = vocabulary()
    services = []
    for category, label in vocab.categories.items():
        labels = [c.label for c in vocab.in_category(category) if c.code in codes]
        if labels:
            services.append({"f1": label, "f2": category, "f3": "; ".join(labels)})
    return services


def _verify_as_demo_admin(parsed: list[importers.ParsedRow], rng: random.Random) -> int:
    """Mark these listings verified by the demo admin on dates in the last four months."""
    from admissions.auth.models import Role, User

    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1))
    records = [p.record for p in parsed if p.record is not None]
    if admin is None or not records:
        return 0
    # Dates count back from today's midnight so the same seed gives the same rows all day.
    today = datetime.combine(utcnow().date(), time(), tzinfo=timezone.utc)
    values = [
        {"key": record.source_key, "verified_at": today - timedelta(days=rng.randint(1, 120), hours=rng.randint(8, 17)),
         "verified_by_id": admin.id}
        for record in records
    ]
    table = Facility.__table__
    db.session.execute(
        update(table).where(table.c.source_key == bindparam("key"))
        .values(verified_at=bindparam("verified_at"), verified_by_id=bindparam("verified_by_id")),
        values,
    )
    return len(values)


@lru_cache(maxsize=1)
def _demo_zips():
    return [info for info in all_zips()
            if info.state in US_STATES and in_us(info.latitude, info.longitude) and info.city]


@lru_cache(maxsize=1)
def _zip_extras() -> dict[str, tuple[tuple[str, ...], str]]:
    """Area codes and county of each ZIP, for plausible phone numbers and clinic names."""
    import zipcodes

    return {row["zip_code"]: (tuple(row.get("area_codes") or ()), row.get("county") or "")
            for row in zipcodes.list_all()}
