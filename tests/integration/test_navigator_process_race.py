"""Several processes, each with threads, press Next at once: every inquiry is claimed exactly once.

Runs bench/queue.py small, on SQLite by default and on PostgreSQL when the suite runs there.
"""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy.engine import make_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_processes_racing_for_next_never_double_claim(_schema, tmp_path):
    url = make_url(_schema)
    if url.get_backend_name() == "sqlite":
        target = f"sqlite:///{tmp_path / 'queue_race.sqlite3'}"
    else:
        target = url.set(database=url.database + "_queue_race").render_as_string(hide_password=False)
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "bench", "queue.py"), target, "--history", "200", "--waiting", "60",
         "--processes", "3", "--threads", "2"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "double_claims: 0" in result.stdout and "claimed: 60" in result.stdout
