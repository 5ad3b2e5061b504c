"""Benchmark: the metrics dashboard on 1,000,000 inquiries and 3,000,000 timeline events.

    .venv/bin/python bench/metrics.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/metrics.py --sqlite /tmp/metrics-bench.sqlite3

Loads the history with COPY (PostgreSQL) or one executemany transaction (SQLite), then times,
through the test client as a signed-in manager, the 30-day dashboard page (live panel and every
history figure and table) and the live-panel fragment. Prints the figures; the database is dropped
(or the file deleted) at the end unless --keep is given. Targets: page <= 300 ms, live <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repo, not bench/ (bench/queue.py would shadow the queue module)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from admissions import create_app  # noqa: E402
from admissions.config import normalize_database_url  # noqa: E402
from admissions.extensions import db  # noqa: E402

PG_NAME = "metrics_bench"
BIG_TABLES = ("inquiries", "inquiry_events", "claims", "callbacks", "insurance_policies")
NAVIGATORS = 40
PASSWORD = "bench-password-2026"
STATES = ("NV", "CA", "AZ", "TX", "FL", "OH", "NM", "GA", "WA", "CO", "PA", "NY", "IL", "MI", "NC")
PLANS = ("medicaid", "medicaid", "medicaid", "commercial", "commercial", "none", "medicare", "self_pay", "tricare", "va")
DISPOSITIONS = ("admitted", "scheduled", "referred", "not_ready", "not_eligible")

INQUIRY_COLUMNS = (
    "id", "reference", "source", "status", "priority", "priority_rank", "priority_reason", "for_whom", "first_name",
    "phone", "state", "best_times", "ok_voicemail", "ok_text", "language", "substances", "care_interests", "message",
    "consent_to_contact", "overdose_now", "suicidal_thoughts", "pregnant", "in_withdrawal", "recent_overdose",
    "sla_due_at", "first_claimed_at", "first_attempt_at", "first_contact_at", "last_attempt_at", "attempts_count",
    "closed_at", "disposition", "claimed_by_id", "claimed_at", "lease_expires_at", "created_at", "updated_at")
EVENT_COLUMNS = ("id", "inquiry_id", "at", "actor_id", "kind", "outcome")
CLAIM_COLUMNS = ("id", "inquiry_id", "navigator_id", "claimed_at", "ended_at", "end_reason")
CALLBACK_COLUMNS = ("id", "inquiry_id", "owner_id", "due_at", "created_at", "attempted_at", "cancelled_at")
POLICY_COLUMNS = ("id", "inquiry_id", "plan_type")


def generate(inquiries: int, days: int, now: datetime, navigator_ids: list[int], seed: int = 1):
    """Yield (table, row tuple) for every row; timestamps are aware UTC datetimes."""
    rng = random.Random(seed)
    span = days * 86400
    event_id = claim_id = callback_id = policy_id = 0
    waiting_from = inquiries - 5000  # the last 5,000 are waiting now
    for n in range(1, inquiries + 1):
        if n > waiting_from:
            created = now - timedelta(seconds=rng.randrange(60, 4 * 3600))
        else:
            created = now - timedelta(seconds=span * (1 - n / waiting_from) + 3600 + rng.random() * 60)
        priority = rng.choices(("critical", "high", "normal"), weights=(5, 35, 60))[0]
        rank = {"critical": 0, "high": 1, "normal": 2}[priority]
        source = rng.choices(("web", "api", "staff"), weights=(65, 20, 15))[0]
        navigator = rng.choice(navigator_ids)
        first_attempt = first_contact = last_attempt = closed = None
        disposition = None
        attempts = 0
        status = "waiting"
        event_id += 1
        events = [(event_id, n, created, None, "created", None)]
        if n <= waiting_from:
            status = "closed"
            reached_on = rng.choices((1, 2, None), weights=(60, 8, 32))[0]
            planned = reached_on or 1
            moment = created + timedelta(seconds=rng.lognormvariate(6, 1.2))
            for number in range(1, planned + 1):
                attempts += 1
                first_attempt = first_attempt or moment
                last_attempt = moment
                reached = number == reached_on
                event_id += 1
                events.append((event_id, n, moment, navigator, "attempt", "connected" if reached else "no_answer"))
                claim_id += 1
                yield "claims", (claim_id, n, navigator, moment - timedelta(minutes=1),
                                 moment + timedelta(seconds=rng.randrange(120, 1500)), "released")
                if reached:
                    first_contact = moment
                    break
                moment += timedelta(hours=rng.choice((2, 5, 20)))
            closed = last_attempt + timedelta(minutes=rng.randrange(3, 30))
            disposition = rng.choice(DISPOSITIONS) if first_contact else "unreachable"
            if rng.random() < 0.25:
                callback_id += 1
                due = created + timedelta(hours=rng.randrange(2, 30))
                attempted = due + timedelta(minutes=rng.choice((-3, 2, 8, 40))) if rng.random() < 0.9 else None
                yield "callbacks", (callback_id, n, navigator, due, created, attempted, None)
            event_id += 1
            events.append((event_id, n, closed, navigator, "closed", None))
        for event in events:
            yield "inquiry_events", event
        if rng.random() < 0.9:
            policy_id += 1
            yield "insurance_policies", (policy_id, n, rng.choice(PLANS))
        yield "inquiries", (
            n, f"B{n:09d}", source, status, priority, rank, "", "self", "Bench", f"+1555010{n % 10000:04d}",
            rng.choice(STATES), "", False, False, "en", "heroin_fentanyl", "", "", True, False, False, False, False,
            False, created + timedelta(minutes=(5, 15, 60)[rank]), first_attempt, first_attempt, first_contact,
            last_attempt, attempts, closed, disposition, None, None, None, created, closed or created)


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return value


def load(app, inquiries: int, days: int, now: datetime) -> dict:
    """Create the schema, bulk-load the rows (indexes built after), return row counts."""
    from admissions.auth.models import Role, User
    from admissions.auth.passwords import hash_password

    with app.app_context():
        db.create_all()
        password_hash = hash_password(PASSWORD)
        db.session.add(User(email="bench-manager@example.org", name="Bench Manager", role=Role.MANAGER,
                            password_hash=password_hash))
        for i in range(NAVIGATORS):
            db.session.add(User(email=f"bench-nav{i}@example.org", name=f"Navigator {i:02d}", role=Role.NAVIGATOR,
                                password_hash=password_hash))
        db.session.commit()
        navigator_ids = [u.id for u in db.session.scalars(db.select(User).where(User.role == Role.NAVIGATOR))]
        indexes = [index for name in BIG_TABLES for index in db.metadata.tables[name].indexes]
        for index in indexes:
            index.drop(db.engine)
        counts = dict.fromkeys(BIG_TABLES, 0)
        columns = {"inquiries": INQUIRY_COLUMNS, "inquiry_events": EVENT_COLUMNS, "claims": CLAIM_COLUMNS,
                   "callbacks": CALLBACK_COLUMNS, "insurance_policies": POLICY_COLUMNS}
        rows = generate(inquiries, days, now, navigator_ids)
        if db.engine.dialect.name == "postgresql":
            _copy_postgres(db.engine, rows, columns, counts)
        else:
            _insert_sqlite(db.engine, rows, columns, counts)
        for index in indexes:
            index.create(db.engine)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if conn.dialect.name == "postgresql":
                for name in BIG_TABLES:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                      f"(SELECT max(id) FROM {name}))"))
                conn.execute(text("VACUUM ANALYZE"))  # statistics, and the visibility map for index-only scans
            else:
                conn.execute(text("ANALYZE"))
        db.engine.dispose()
    return counts


def _copy_postgres(engine, rows, columns, counts) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        # Children may be flushed before their inquiry; skip FK triggers for the load (superuser only).
        cursor.execute("SET session_replication_role = replica")
        buffers = {name: [] for name in columns}
        for table, row in rows:
            buffers[table].append(row)
            counts[table] += 1
            if len(buffers[table]) >= 200_000:
                _flush_copy(cursor, table, columns[table], buffers[table])
        for table, buffered in buffers.items():
            _flush_copy(cursor, table, columns[table], buffered)
        raw.commit()
    finally:
        raw.close()


def _flush_copy(cursor, table, names, buffered) -> None:
    if not buffered:
        return
    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in buffered:
            copy.write_row(row)
    buffered.clear()


def _insert_sqlite(engine, rows, columns, counts) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA foreign_keys = OFF")  # children may be flushed before their inquiry
        statements = {name: f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
                      for name, cols in columns.items()}
        buffers = {name: [] for name in columns}
        for table, row in rows:
            buffers[table].append(tuple(_sqlite_value(v) for v in row))
            counts[table] += 1
            if len(buffers[table]) >= 100_000:
                cursor.executemany(statements[table], buffers[table])
                buffers[table].clear()
        for table, buffered in buffers.items():
            if buffered:
                cursor.executemany(statements[table], buffered)
        raw.commit()
    finally:
        raw.close()


def measure(app, runs: int) -> dict:
    """Time the 30-day page and the live fragment through HTTP as a manager."""
    client = app.test_client()
    with app.app_context():
        response = client.post("/staff/login", data={"email": "bench-manager@example.org", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        results = {}
        for label, path in (("dashboard_30_days", "/staff/metrics?range=30"), ("live_panel", "/staff/metrics/live")):
            assert client.get(path).status_code == 200  # warm the statement cache and the page cache
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            results[label] = (statistics.median(timings), max(timings))
        return results


def figures_sample(app) -> dict:
    from admissions.metrics.periods import period
    from admissions.metrics.report import history_report, metric_settings
    from admissions.core.time import utcnow

    with app.app_context():
        today = utcnow().date()
        report = history_report(period(today - timedelta(days=29), today, "America/Los_Angeles"), now=utcnow(),
                                settings=metric_settings())
        return {k: report.figures[k] for k in ("created", "service_level", "speed_to_first_attempt_median_seconds",
                                                "contact_rate", "callback_adherence")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--postgres", help="server URL; database metrics_bench is created there and dropped")
    target.add_argument("--sqlite", help="file path, e.g. /tmp/metrics-bench.sqlite3 (deleted at the end)")
    parser.add_argument("--inquiries", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365, help="span of the history")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database for another run")
    parser.add_argument("--reuse", action="store_true", help="measure an already loaded database")
    args = parser.parse_args()

    admin = None
    if args.postgres:
        base = make_url(normalize_database_url(args.postgres))
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        if not args.reuse:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
        url = base.set(database=PG_NAME).render_as_string(hide_password=False)
    else:
        if os.path.exists(args.sqlite) and not args.reuse:
            os.remove(args.sqlite)
        url = "sqlite:///" + args.sqlite
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PROPAGATE_TEST_ERRORS": True})
    try:
        if not args.reuse:
            started = time.perf_counter()
            counts = load(app, args.inquiries, args.days, datetime.now(timezone.utc))
            print(f"loaded in {time.perf_counter() - started:.0f} s: "
                  + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        results = measure(app, args.runs)
        engine = "PostgreSQL" if args.postgres else "SQLite"
        for label, (median, worst) in results.items():
            print(f"{engine} {label}: median {median:.0f} ms, max {worst:.0f} ms over {args.runs} runs")
        print("30-day figures:", figures_sample(app))
    finally:
        with app.app_context():
            db.engine.dispose()
        if not args.keep:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            elif os.path.exists(args.sqlite):
                os.remove(args.sqlite)
                for suffix in ("-wal", "-shm"):
                    if os.path.exists(args.sqlite + suffix):
                        os.remove(args.sqlite + suffix)
        if admin is not None:
            admin.dispose()


if __name__ == "__main__":
    main()
