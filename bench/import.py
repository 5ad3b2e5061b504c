"""Directory import speed: N locator rows into a fresh database, then the same file again.

    .venv/bin/python bench/import.py [--rows 100000] [--database sqlite|postgresql|both]

The rows are the demo generator's (deterministic, ~24 service codes each), written to a locator
JSON file and imported the way ``flask directory import`` does it: parse, then write in batches
with a commit after each. Prints seconds and rows/s for the first import, the re-import (all unchanged) and an import where
every row changed.
SQLite uses /tmp/dir-import-bench.sqlite3; PostgreSQL a database ``dir_import_bench`` that the
script creates and drops.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repo, not bench/ (bench/queue.py would shadow the queue module)

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from admissions import create_app  # noqa: E402
from admissions.core.time import utcnow  # noqa: E402
from admissions.directory import importers, services  # noqa: E402
from admissions.directory.demo import demo_locator_rows  # noqa: E402
from admissions.directory.models import Facility, FacilityCode  # noqa: E402
from admissions.extensions import db  # noqa: E402

SQLITE_PATH = "/tmp/dir-import-bench.sqlite3"
JSON_PATH = "/tmp/dir-import-bench.json"
PG_DATABASE = "dir_import_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=os.environ.get("ADMISSIONS_BENCH_POSTGRES_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--batch-size", type=int, default=services.BATCH_SIZE)
    args = parser.parse_args()

    started = time.perf_counter()
    rows, _verified = demo_locator_rows(args.rows, random.Random(args.seed))
    with open(JSON_PATH, "w", encoding="utf-8") as fh:
        json.dump({"page": 1, "totalPages": 1, "recordCount": len(rows), "rows": rows}, fh)
    size_mb = os.path.getsize(JSON_PATH) / 1e6
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"generated {len(rows):,} locator rows ({size_mb:.0f} MB) in {time.perf_counter() - started:.1f} s")
    del rows

    try:
        if args.database in ("sqlite", "both"):
            run("SQLite", *sqlite_database(), args)
        if args.database in ("postgresql", "both"):
            run("PostgreSQL", *postgres_database(args.pg_url), args)
    finally:
        os.remove(JSON_PATH)


def run(label: str, url: str, drop, args) -> None:
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            db.create_all()
            for attempt in ("first import", "re-import", "all changed"):
                if attempt == "all changed":
                    change_every_phone()
                seconds, cpu, report = timed_import(args.batch_size)
                print(f"{label:<10} {attempt:<12} {args.rows:>8,} rows  {seconds:6.1f} s  "
                      f"{args.rows / seconds:8,.0f} rows/s  (this process's CPU {cpu:5.1f} s)  {report.summary}")
            facilities = db.session.scalar(select(func.count()).select_from(Facility))
            codes = db.session.scalar(select(func.count()).select_from(FacilityCode))
            print(f"{label:<10} stored {facilities:,} facilities, {codes:,} service codes")
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()


def timed_import(batch_size: int):
    """Parse the file and import it as the command does; seconds from opening the file to the last commit."""
    started, cpu = time.perf_counter(), time.process_time()
    with open(JSON_PATH, "rb") as stream:
        parsed = list(importers.parse_locator_json(stream))
    report = services.import_facilities(parsed, source="samhsa-json", now=utcnow(), batch_size=batch_size,
                                        on_batch=db.session.commit)
    db.session.commit()
    return time.perf_counter() - started, time.process_time() - cpu, report


def change_every_phone() -> None:
    """Rewrite the file with a new main phone on every row, so the next import updates them all."""
    with open(JSON_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    for row in data["rows"]:
        row["phone"] = row["phone"][:-2] + ("00" if row["phone"][-2:] != "00" else "01")
    with open(JSON_PATH, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


def sqlite_database():
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(SQLITE_PATH + suffix):
            os.remove(SQLITE_PATH + suffix)

    def drop():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(SQLITE_PATH + suffix):
                os.remove(SQLITE_PATH + suffix)

    return f"sqlite:///{SQLITE_PATH}", drop


def postgres_database(server_url: str):
    base = make_url(server_url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=PG_DATABASE).render_as_string(hide_password=False), drop


if __name__ == "__main__":
    main()
