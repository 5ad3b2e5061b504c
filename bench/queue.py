"""Benchmark Next: many claimers at once against a full queue, counting double claims.

PostgreSQL (the target: 1,000,000 inquiries of history, 5,000 waiting, 32 claimers,
>= 1,000 claims/s, p95 <= 15 ms, zero double claims):

    .venv/bin/python bench/queue.py postgresql://postgres@127.0.0.1:5432/queue_bench \
        --history 1000000 --waiting 5000 --processes 4 --threads 8

SQLite (8 processes, zero double claims, figures reported):

    .venv/bin/python bench/queue.py sqlite:////tmp/queue_bench.sqlite3 --history 100000 --waiting 2000 \
        --processes 8 --threads 1

Each claimer runs the real service (``navigator.services.claim_next``: the atomic claim, the claim
row, the timeline event, the audit entry, one commit) until nothing is left. A PostgreSQL database
is created for the run and dropped afterwards; a SQLite file is deleted afterwards.
"""

from __future__ import annotations

import os
import sys

# This file is named like the standard library's ``queue``: take bench/ off the path, put the repo on it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

from cryptography.fernet import Fernet  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from admissions.config import normalize_database_url  # noqa: E402


def make_app(url: str, pool: int):
    from admissions import create_app

    options = {"pool_size": pool, "max_overflow": 4} if url.startswith("postgresql") else {}
    return create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
                       "SQLALCHEMY_ENGINE_OPTIONS": options, "RATELIMIT_ENABLED": False,
                       "PROPAGATE_TEST_ERRORS": False})


def create_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and os.path.exists(parsed.database):
            os.remove(parsed.database)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            if parsed.database and os.path.exists(parsed.database + suffix):
                os.remove(parsed.database + suffix)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


_COLUMNS = ("reference, source, status, priority, priority_rank, priority_reason, for_whom, first_name, phone, "
            "best_times, ok_voicemail, ok_text, language, substances, care_interests, message, consent_to_contact, "
            "overdose_now, suicidal_thoughts, pregnant, in_withdrawal, recent_overdose, attempts_count, state, "
            "created_at, updated_at, sla_due_at, routable_to_all_at, closed_at, disposition")


def fill(url: str, history: int, waiting: int, claimers: int) -> list[int]:
    """Navigators, ``history`` closed inquiries and ``waiting`` open ones; the navigator ids."""
    from admissions.auth.models import Role, User
    from admissions.core.time import utcnow
    from admissions.extensions import db

    app = make_app(url, 2)
    with app.app_context():
        db.create_all()
        users = [{"email": f"bench{n}@example.org", "name": f"Bench {n}", "role": Role.NAVIGATOR,
                  "password_hash": "x", "languages": "en,es", "states": "", "active": True, "created_at": utcnow()}
                 for n in range(claimers)]
        db.session.execute(insert(User), users)
        now = utcnow()
        if db.engine.dialect.name == "postgresql":
            for status, count, offset in (("closed", history, 0), ("waiting", waiting, history)):
                db.session.execute(text(f"""
                    INSERT INTO inquiries ({_COLUMNS})
                    SELECT 'B' || lpad((n + :offset)::text, 10, '0'), 'web', CAST(:status AS varchar),
                           (ARRAY['critical','high','normal'])[1 + n % 3], n % 3, '', 'self', 'Bench',
                           '+1702555' || lpad((n % 10000)::text, 4, '0'), '', false, false,
                           CASE WHEN n % 5 = 0 THEN 'es' ELSE 'en' END, 'heroin_fentanyl', 'detox', '', true,
                           false, false, false, false, false, 0, 'NV',
                           :now - (n % 129600) * interval '1 minute', :now,
                           :now + (n % 600) * interval '1 minute', :now - interval '1 hour',
                           CASE WHEN CAST(:status AS varchar) = 'closed' THEN CAST(:now AS timestamptz) ELSE NULL END,
                           CASE WHEN CAST(:status AS varchar) = 'closed' THEN 'not_ready' ELSE NULL END
                    FROM generate_series(1, :count) AS n"""),
                    {"offset": offset, "status": status, "count": count, "now": now})
            db.session.execute(text("ANALYZE inquiries"))
        else:
            from admissions.intake.models import Inquiry

            for status, count, offset in (("closed", history, 0), ("waiting", waiting, history)):
                for start in range(0, count, 20000):
                    rows = [dict(reference=f"B{n + offset:010d}", source="web", status=status,
                                 priority=("critical", "high", "normal")[n % 3], priority_rank=n % 3,
                                 priority_reason="", for_whom="self", first_name="Bench",
                                 phone=f"+1702555{n % 10000:04d}", best_times="", ok_voicemail=False,
                                 ok_text=False, language="es" if n % 5 == 0 else "en",
                                 substances="heroin_fentanyl", care_interests="detox", message="",
                                 consent_to_contact=True, overdose_now=False, suicidal_thoughts=False,
                                 pregnant=False, in_withdrawal=False, recent_overdose=False, attempts_count=0,
                                 state="NV", created_at=now - timedelta(minutes=n % 129600), updated_at=now,
                                 sla_due_at=now + timedelta(minutes=n % 600),
                                 routable_to_all_at=now - timedelta(hours=1),
                                 closed_at=now if status == "closed" else None,
                                 disposition="not_ready" if status == "closed" else None)
                            for n in range(start + 1, min(count, start + 20000) + 1)]
                    db.session.execute(insert(Inquiry.__table__), rows)
        db.session.commit()
        ids = list(db.session.scalars(select(User.id).order_by(User.id)))
        db.engine.dispose()
    return ids


def claimer_process(url: str, user_ids: list[int], start_at: float, queue, statement_only: bool) -> None:
    """One process: a thread per navigator pressing Next until the queue is empty."""
    from admissions.auth.models import User
    from admissions.core.time import utcnow
    from admissions.extensions import db
    from admissions.navigator import queries, services

    def claim(user):
        if statement_only:  # the atomic claim alone: no claim row, event or audit entry
            return queries.claim_one(user, now=utcnow(), lease_seconds=900, grace_seconds=600)
        return services.claim_next(user, now=utcnow())

    app = make_app(url, len(user_ids) + 1)
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    errors: list[str] = []

    def work(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            db.session.commit()
            while time.time() < start_at:
                time.sleep(0.001)
            while True:
                began = time.perf_counter()
                try:
                    inquiry = claim(user)
                    inquiry_id = inquiry.id if inquiry is not None else None
                    db.session.commit()
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    db.session.rollback()
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                elapsed = time.perf_counter() - began
                if inquiry_id is None:
                    break
                with lock:
                    results.append((inquiry_id, elapsed))
            db.session.remove()

    threads = [threading.Thread(target=work, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((results, errors))


def run(url: str, processes: int, threads: int, waiting: int, history: int, statement_only: bool) -> dict:
    claimers = processes * threads
    user_ids = fill(url, history, waiting, claimers)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + 3.0
    workers = [ctx.Process(target=claimer_process, args=(url, user_ids[p * threads:(p + 1) * threads], start_at, queue,
                                                         statement_only))
               for p in range(processes)]
    for w in workers:
        w.start()
    results, errors = [], []
    for _ in workers:
        r, e = queue.get()
        results.extend(r)
        errors.extend(e)
    finished = time.time()
    for w in workers:
        w.join()
    ids = [i for i, _ in results]
    latencies = sorted(elapsed for _, elapsed in results)
    engine = create_engine(url)
    with engine.connect() as conn:
        per_inquiry = conn.execute(text("SELECT COUNT(*) FROM (SELECT inquiry_id FROM claims GROUP BY inquiry_id "
                                        "HAVING COUNT(*) > 1) AS d")).scalar()
        claim_rows = conn.execute(text("SELECT COUNT(*) FROM claims")).scalar()
        still_waiting = conn.execute(text("SELECT COUNT(*) FROM inquiries WHERE status = 'waiting'")).scalar()
    engine.dispose()
    seconds = finished - start_at
    return {
        "claimers": claimers, "waiting": waiting, "history": history, "claimed": len(ids),
        "distinct": len(set(ids)), "double_claims": len(ids) - len(set(ids)) + per_inquiry,
        "claim_rows": claim_rows, "left_waiting": still_waiting, "errors": len(errors), "error_kinds": sorted(set(errors)),
        "seconds": round(seconds, 2), "claims_per_second": round(len(ids) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="database URL; a PostgreSQL database of that name is created and dropped")
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--waiting", type=int, default=5_000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--statement-only", action="store_true",
                        help="time the atomic claim statement alone instead of the whole claim_next service")
    args = parser.parse_args()
    url = normalize_database_url(args.url)
    create_database(url)
    try:
        figures = run(url, args.processes, args.threads, args.waiting, args.history, args.statement_only)
    finally:
        if not args.keep:
            drop_database(url)
    print(f"mode: {'claim statement only' if args.statement_only else 'services.claim_next'}; "
          f"load average at the end: {os.getloadavg()[0]:.1f}")
    for key, value in figures.items():
        print(f"{key:>18}: {value}")
    ok = figures["double_claims"] == 0 and figures["claimed"] == args.waiting
    print("zero double claims, every inquiry claimed once" if ok else "FAILED: double claims or missed inquiries")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
