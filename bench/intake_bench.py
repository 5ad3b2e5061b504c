"""Intake figures: call-back form GET/POST latency, API create, staff sign-in cost, audit trail queries.

Run: .venv/bin/python bench/intake_bench.py [--requests 200] [--audit-rows 50000]
Uses its own SQLite file under /tmp (intake_bench_*.sqlite3) and deletes it at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repo, not bench/ (bench/queue.py would shadow the queue module)

from sqlalchemy import insert  # noqa: E402

from admissions import create_app  # noqa: E402
from admissions.extensions import db  # noqa: E402


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  (n={len(ordered)})"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--audit-rows", type=int, default=50_000)
    args = parser.parse_args()
    handle, path = tempfile.mkstemp(prefix="intake_bench_", suffix=".sqlite3")
    os.close(handle)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "PROPAGATE_TEST_ERRORS": True,
                      "ENCRYPTION_KEYS": "0dZ8mZ0aT2pQqVv1bG7q3o0uKfFhN5m6hQeS8yW2c1k=",
                      "FAST_PASSWORD_HASHING": False})
    try:
        with app.app_context():
            db.create_all()
            run(app, args)
            db.session.remove()
            db.engine.dispose()
    finally:
        os.unlink(path)


def run(app, args) -> None:
    from admissions.audit.models import AuditEvent
    from admissions.audit.queries import AuditFilter, audit_entries
    from admissions.auth.models import Role, User
    from admissions.auth.passwords import hash_password, verify_password
    from admissions.auth.tokens import issue_token
    from admissions.core.time import utcnow

    client = app.test_client()
    form = {"first_name": "Ana", "zip": "89108", "consent_to_contact": "y", "substances": ["heroin_fentanyl"],
            "plan_type": "medicaid", "member_id": "NV998877665", "subscriber_dob": "1990-05-06",
            "message": "Please call in the evening"}
    print(f"GET  /callback                {percentiles([timed(lambda: client.get('/callback')) for _ in range(args.requests)])}")
    samples = [timed(lambda n=n: client.post("/callback", data={**form, "phone": f"702-555-{n:04d}"}))
               for n in range(args.requests)]
    print(f"POST /callback (new inquiry)  {percentiles(samples)}")
    samples = [timed(lambda n=n: client.post("/callback", data={**form, "phone": f"702-555-{n:04d}"}))
               for n in range(args.requests)]
    print(f"POST /callback (duplicate)    {percentiles(samples)}")

    user = User(email="bench@example.org", name="Bench", role=Role.NAVIGATOR,
                password_hash=hash_password("a long bench passphrase"))
    db.session.add(user)
    db.session.flush()
    token = issue_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    body = {"first_name": "Bo", "zip": "89501", "consent_to_contact": True, "substances": ["alcohol"]}
    samples = [timed(lambda n=n: client.post("/api/v1/inquiries", json={**body, "phone": f"775-555-{n:04d}"}, headers=headers))
               for n in range(args.requests)]
    print(f"POST /api/v1/inquiries        {percentiles(samples)}")

    samples = [timed(lambda: verify_password(user.password_hash, "a long bench passphrase")) for _ in range(10)]
    print(f"argon2id verify (production)  {percentiles(samples)}")
    samples = [timed(lambda: client.post("/staff/login", data={"email": "bench@example.org",
                                                               "password": "a long bench passphrase"}))
               for _ in range(10)]
    print(f"POST /staff/login (full)      {percentiles(samples)}")

    now = utcnow()
    actions = ["inquiry.created", "inquiry.viewed", "inquiry.claimed", "auth.login", "insurance.revealed_member_id"]
    rows = [{"at": now - timedelta(seconds=n * 7), "actor_id": user.id if n % 3 else None, "action": actions[n % 5],
             "target_type": "inquiries", "target_id": str(n % 20_000), "address": "10.0.0.1", "user_agent": "bench"}
            for n in range(args.audit_rows)]
    db.session.execute(insert(AuditEvent), rows)
    db.session.commit()
    for label, criteria in (
        ("one inquiry", AuditFilter(target_type="inquiries", target_id="1234")),
        ("actor + action prefix", AuditFilter(actor="bench@example.org", action="inquiry.")),
        ("last day", AuditFilter(since=now - timedelta(days=1))),
        ("no filter, page 1", AuditFilter()),
    ):
        samples = [timed(lambda c=criteria: audit_entries(c)) for _ in range(20)]
        print(f"audit ({args.audit_rows} rows) {label:<22} {percentiles(samples)}")


if __name__ == "__main__":
    main()
