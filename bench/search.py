"""Directory search speed on 100,000 generated facilities, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                      # SQLite file in /tmp
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

Builds its own database (``dir_search_bench``), loads facilities at real ZIP centroids with
plausible service mixes, fills the search columns with ``search_index.refresh``, then times
``search_facilities`` in-process for the two searches of issue 2 and a realistic mix. It prints
p50/p95 per search and the ratio of the p95 to the bare SQL statements' p95 (the same SQL run
straight on the DBAPI cursor), and drops the database at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repo, not bench/ (bench/queue.py would shadow the queue module)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from admissions import create_app  # noqa: E402
from admissions.config import normalize_database_url  # noqa: E402
from admissions.core.geo import all_zips  # noqa: E402
from admissions.directory import search_index  # noqa: E402
from admissions.directory.criteria import parse_search  # noqa: E402
from admissions.directory.models import Facility, FacilityCode  # noqa: E402
from admissions.directory.queries import search_facilities  # noqa: E402
from admissions.extensions import db  # noqa: E402

DB_NAME = "dir_search_bench"

#: (code, share of facilities offering it): a rough picture of the national directory.
CODE_SHARES = {
    "SA": 0.85, "DT": 0.18, "HH": 0.06, "SUMH": 0.35,
    "HI": 0.05, "HID": 0.04, "RES": 0.2, "RD": 0.08, "RS": 0.1, "RL": 0.1, "OP": 0.8, "OD": 0.1,
    "ODT": 0.12, "OIT": 0.4, "ORT": 0.75, "OMB": 0.3, "TELE": 0.5,
    "MU": 0.1, "BU": 0.45, "NU": 0.35, "OTP": 0.1, "BUM": 0.3, "UB": 0.3, "UN": 0.2,
    "BWN": 0.35, "NXN": 0.25, "VTRL": 0.25, "ACM": 0.2, "ADTX": 0.15, "ODTX": 0.15,
    "CBT": 0.9, "MOTI": 0.85, "RELP": 0.85, "TRC": 0.6, "TWFA": 0.5,
    "SF": 0.9, "MD": 0.7, "MC": 0.45, "PI": 0.65, "MI": 0.35, "SI": 0.4, "NP": 0.03, "SS": 0.45, "PA": 0.4,
    "CHLD": 0.2, "YAD": 0.7, "ADLT": 0.95, "SNR": 0.8, "FEM": 0.95, "MALE": 0.93,
    "AD": 0.15, "WN": 0.3, "PW": 0.2, "MN": 0.3, "GL": 0.2, "VET": 0.2, "CJ": 0.45, "CO": 0.5,
    "SP": 0.4, "AH": 0.3, "FX": 0.15, "HBT": 0.2, "HCT": 0.25, "HIVT": 0.25, "DAUT": 0.8,
    "NOE": 0.6, "ACC": 0.8, "DP": 0.85, "CM": 0.8, "PEER": 0.5, "MHS": 0.6,
    "CARF": 0.2, "JC": 0.2, "STAG": 0.8, "SOTP": 0.1, "PVTN": 0.5, "PVTP": 0.35, "LCCG": 0.08,
}
WORDS = ["Hope", "Recovery", "New", "Life", "Center", "Health", "Behavioral", "Community", "Counseling",
         "Services", "Treatment", "Valley", "Sunrise", "Serenity", "Pathways", "Comprehensive", "Clinic",
         "Esperanza", "Bridge", "Harbor", "Family", "Mountain", "River", "Desert", "Coastal"]

#: The two searches issue 2 names, then a realistic mix of what people type.
NAMED = {
    "near=89108&radius_miles=25&codes=BU,MD": {"near": "89108", "radius_miles": "25", "codes": "BU,MD"},
    "codes=RD,PI&per_page=20": {"codes": "RD,PI", "per_page": "20"},
}
MIX = [
    {"near": "10001", "radius_miles": "10", "codes": "BU,MU,MD,PI"},
    {"near": "Phoenix, AZ", "radius_miles": "50", "codes": "RES"},
    {"near": "60614", "radius_miles": "5"},
    {"near": "30303", "radius_miles": "100", "codes": "DT,MD"},
    {"near": "59601", "radius_miles": "any", "codes": "BU"},
    {"near": "90012", "radius_miles": "25", "codes": "OD,RD,HID,PW"},
    {"codes": "MU", "q": "recovery"},
    {"q": "esperanza", "codes": "SP"},
    {"near": "33101", "radius_miles": "25", "codes": "SF,SS,NP", "include_mental_health": "true"},
]


def build(app, count: int, seed: int) -> tuple[float, float]:
    """Load ``count`` facilities through bulk inserts plus refresh; (total seconds, refresh seconds)."""
    rng = random.Random(seed)
    zips = [z for z in all_zips() if z.state not in ("PR", "VI", "GU", "AS", "MP")]
    shares = list(CODE_SHARES.items())
    started = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        facilities, codes = [], []
        for n in range(1, count + 1):
            place = rng.choice(zips)
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)} {n}"
            is_mh = rng.random() < 0.12
            facilities.append({
                "id": n, "public_id": f"b{n:07d}", "slug": f"bench-{n}", "source_key": f"bench:{n}",
                "name": name, "search_text": "", "sort_name": "", "city": place.city, "state": place.state,
                "zip": place.zip, "latitude": place.latitude + rng.uniform(-0.02, 0.02),
                "longitude": place.longitude + rng.uniform(-0.02, 0.02), "location_approximate": False,
                "phone": "(702) 555-0100", "facility_types": "MH" if is_mh else "SA",
                "mental_health_only": False, "source": "bench", "content_hash": "", "active": True,
                "imported_at": _now(), "created_at": _now(), "updated_at": _now(),
            })
            for code, share in shares:
                if is_mh and code in ("SA", "DT", "HH", "SUMH"):
                    continue
                if rng.random() < share:
                    codes.append({"facility_id": n, "code": code})
        for start in range(0, len(facilities), 5000):
            db.session.execute(Facility.__table__.insert(), facilities[start:start + 5000])
        for start in range(0, len(codes), 20000):
            db.session.execute(FacilityCode.__table__.insert(), codes[start:start + 20000])
        refresh_started = time.perf_counter()
        search_index.refresh(db.session, range(1, count + 1))
        db.session.commit()
        refresh_seconds = time.perf_counter() - refresh_started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE facilities"))
                conn.execute(text("VACUUM ANALYZE facility_codes"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return time.perf_counter() - started, refresh_seconds


def _now():
    from admissions.core.time import utcnow

    return utcnow()


def time_search(args: dict, repeat: int) -> tuple[list[float], list[float], int]:
    """Timings (ms) of the whole search and of its bare SQL statements, and the total found."""
    captured: list[tuple[str, object]] = []
    engine = db.engine

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    from sqlalchemy import event

    results = search_facilities(parse_search(MultiDict(args)))  # warm caches
    full = []
    for _ in range(repeat):
        db.session.expunge_all()
        started = time.perf_counter()
        results = search_facilities(parse_search(MultiDict(args)))
        full.append((time.perf_counter() - started) * 1000)
    db.session.expunge_all()
    event.listen(engine, "before_cursor_execute", capture)
    search_facilities(parse_search(MultiDict(args)))
    event.remove(engine, "before_cursor_execute", capture)
    bare = []
    raw = db.session.connection().connection.dbapi_connection
    for _ in range(repeat):
        started = time.perf_counter()
        for statement, parameters in captured:
            cursor = raw.cursor()
            cursor.execute(statement, parameters)
            cursor.fetchall()
            cursor.close()
        bare.append((time.perf_counter() - started) * 1000)
    return full, bare, results.total


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="server URL; the bench creates and drops its own database there")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the database (reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="skip loading; use the kept database")
    options = parser.parse_args()

    if options.postgres:
        server = make_url(normalize_database_url(options.postgres))
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        if not options.reuse:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
        url = server.set(database=DB_NAME).render_as_string(hide_password=False)
    else:
        path = f"/tmp/{DB_NAME}.sqlite3"
        if not options.reuse and os.path.exists(path):
            os.remove(path)
        url = f"sqlite:///{path}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    if not options.reuse:
        seconds, refresh_seconds = build(app, options.count, seed=1)
        print(f"loaded {options.count:,} facilities in {seconds:.1f} s, of which "
              f"search_index.refresh of all of them {refresh_seconds:.1f} s")

    backend = "PostgreSQL" if options.postgres else "SQLite"
    print(f"{backend}, {options.count:,} facilities, {options.repeat} runs each, times in ms")
    print(f"{'search':58} {'found':>7} {'p50':>7} {'p95':>7} {'bare p95':>9} {'ratio':>6}")
    mix_full: list[float] = []
    with app.app_context():
        for label, args in list(NAMED.items()) + [("&".join(f"{k}={v}" for k, v in a.items()), a) for a in MIX]:
            full, bare, total = time_search(args, options.repeat)
            if label not in NAMED:
                mix_full.extend(full)
            print(f"{label[:58]:58} {total:7d} {statistics.median(full):7.2f} {p95(full):7.2f} "
                  f"{p95(bare):9.2f} {p95(full) / p95(bare):6.2f}")
        print(f"{'whole mix':58} {'':7} {statistics.median(mix_full):7.2f} {p95(mix_full):7.2f}")
        db.session.remove()
        db.engine.dispose()

    if not options.keep:
        if options.postgres:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        else:
            os.remove(f"/tmp/{DB_NAME}.sqlite3")


if __name__ == "__main__":
    main()
