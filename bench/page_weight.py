"""Page weight: bytes of HTML + CSS + JS each public page sends, against a test app.

    .venv/bin/python bench/page_weight.py [--demo N] [--limit-kb 60] [PATH ...]

Builds the app on a throwaway SQLite file (optionally with N demo facilities), requests every
public page (argument-free GET routes outside /staff, /api and /healthz, every guide page, the
questions answered) in English and Spanish, adds the stylesheets and scripts each page links
to, and prints one line per page. Exits 1 when a page is over the limit. Nothing leaves the
machine: pages are fetched through the Flask test client, and a page that links to anything
not served by the app (a script, stylesheet, image or font) is reported as a third-party request.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repo, not bench/ (bench/queue.py would shadow the queue module)

from cryptography.fernet import Fernet  # noqa: E402

from admissions import create_app  # noqa: E402
from admissions.core.security import is_staff_path  # noqa: E402
from admissions.extensions import db  # noqa: E402

ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
#: Subresources the browser would fetch by itself (links people click are not requests).
EXTERNAL = re.compile(r'(?:\bsrc="|<link[^>]+href="|url\(["\']?|@import\s+["\'])((?:https?:)?//[^"\')\s]+)')
QUESTION_ANSWERS = {"other_drugs": "alcohol_or_benzos", "support_at_home": "no", "physical_health": "pregnant",
                    "mental_health": "harm", "tried_before": "yes", "medication": "yes", "near": "89108"}


def public_paths(app) -> list[str]:
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments or rule.endpoint == "static":
            continue
        path = rule.rule
        if is_staff_path(path) or path.startswith(("/api", "/healthz", "/staff")):
            continue
        paths.add(path)
    if "guide" in app.blueprints:
        from admissions.guide.pages import PAGES

        paths.update(f"/guide/{page.slug}" for page in PAGES)
    return sorted(paths)


def data_paths() -> list[str]:
    """Pages that need data: results near a ZIP, a facility, meetings near a ZIP, a meeting."""
    from sqlalchemy import select

    from admissions.directory.models import Facility
    from admissions.meetings.models import Meeting

    facility = db.session.scalars(select(Facility).order_by(Facility.id)).first()
    meeting = db.session.scalars(select(Meeting).order_by(Meeting.id)).first()
    return ["/treatment?near=89108&radius_miles=100", "/treatment?near=10001&radius_miles=any&codes=BU",
            f"/treatment/{facility.public_id}-{facility.slug}", "/meetings?near=10001&when=any",
            f"/meetings/{meeting.slug}"]


def weigh(client, path: str, lang: str, method: str = "GET", data: dict | None = None) -> dict:
    url = f"{path}{'&' if '?' in path else '?'}lang={lang}"
    response = client.open(url, method=method, data=data)
    html = response.get_data()
    total, zipped = len(html), len(gzip.compress(html))
    external = EXTERNAL.findall(html.decode("utf-8", "replace"))
    for asset in ASSET.findall(html.decode("utf-8", "replace")):
        if asset.startswith(("http:", "https:", "//")):
            external.append(asset)
            continue
        body = client.get(asset).get_data()
        external += EXTERNAL.findall(body.decode("utf-8", "replace"))
        total += len(body)
        zipped += len(gzip.compress(body))
    return {"path": f"{method} {url}", "status": response.status_code, "html": len(html), "total": total,
            "gzip": zipped, "external": external}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="pages to weigh (default: every public page)")
    parser.add_argument("--demo", type=int, default=0, metavar="N", help="load N demo facilities first")
    parser.add_argument("--limit-kb", type=float, default=60.0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="guide-weight-") as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/weight.sqlite3",
                          "ENCRYPTION_KEYS": Fernet.generate_key().decode()})
        with app.app_context():
            db.create_all()
            paths = args.paths or public_paths(app)
            if args.demo:
                result = app.test_cli_runner().invoke(args=["demo", "load", "--facilities", str(args.demo)])
                if result.exit_code:
                    raise SystemExit(f"demo load failed: {result.output}{result.exception!r}")
                paths = paths if args.paths else paths + data_paths()
            client = app.test_client()
            rows = []
            for lang in app.config["LANGUAGES"]:
                for path in paths:
                    rows.append(weigh(client, path, lang))
                if not args.paths:
                    rows.append(weigh(client, "/callback", lang, "POST", {"first_name": "Ana", "phone": "12"}))
                if "guide" in app.blueprints and not args.paths:
                    rows.append(weigh(client, "/guide/which-care", lang, "POST", QUESTION_ANSWERS))
            db.session.remove()
            db.engine.dispose()

    limit = args.limit_kb * 1024
    print(f"{'page':58} {'status':>6} {'html B':>8} {'html+css+js B':>14} {'gzip B':>8}  verdict")
    worst = 0
    failed = False
    for row in rows:
        over = row["total"] > limit
        bad = over or row["external"] or row["status"] >= 500
        failed = failed or bool(bad)
        worst = max(worst, row["total"])
        verdict = "OVER" if over else ("THIRD-PARTY " + ",".join(row["external"]) if row["external"] else "ok")
        print(f"{row['path'][:58]:58} {row['status']:>6} {row['html']:>8} {row['total']:>14} {row['gzip']:>8}  {verdict}")
    print(f"pages: {len(rows)}; heaviest: {worst} B ({worst / 1024:.1f} KB) of {args.limit_kb:.0f} KB allowed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
