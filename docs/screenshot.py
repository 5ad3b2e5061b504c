"""Make docs/search.png: the treatment search on a phone, from a throwaway database.

    .venv/bin/python docs/screenshot.py

Needs Playwright and Chromium at /usr/bin/chromium (or ADMISSIONS_TEST_CHROMIUM).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from admissions import create_app  # noqa: E402
from admissions.directory import search_index  # noqa: E402
from admissions.directory.models import Facility, FacilityCode  # noqa: E402
from admissions.extensions import db  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CHROMIUM = os.environ.get("ADMISSIONS_TEST_CHROMIUM", "/usr/bin/chromium")

#: Invented listings around Las Vegas (the names and numbers are not real).
LISTINGS = [
    ("Desert Bloom Recovery Center", 36.2101, -115.2301, "(702) 555-0141", ("SA", "DT", "RD", "RES", "BU", "NU", "MD", "PI", "SF"), True),
    ("Westside Medication Clinic", 36.1985, -115.2410, "(702) 555-0177", ("SA", "OP", "OMB", "MU", "BU", "MD", "MC", "SS"), True),
    ("Nueva Esperanza Outpatient", 36.1760, -115.1950, "(702) 555-0123", ("SA", "OP", "OIT", "BU", "MD", "SF", "SP"), False),
    ("Red Rock Detox", 36.1500, -115.2900, "(702) 555-0190", ("SA", "DT", "HID", "BU", "PI", "MI"), True),
]


def build(app) -> None:
    with app.app_context():
        db.create_all()
        for n, (name, lat, lon, phone, codes, verified) in enumerate(LISTINGS, start=1):
            facility = Facility(
                public_id=f"demo{n:04d}", slug=name.lower().replace(" ", "-"), source_key=f"shot:{n}", name=name,
                street1=f"{100 * n} W Lake Mead Blvd", city="Las Vegas", state="NV", zip="89108",
                latitude=lat, longitude=lon, phone=phone, facility_types="SA", source="screenshot",
                verified_at=datetime(2026, 11, 2 + n, tzinfo=timezone.utc) if verified else None,
            )
            facility.codes = [FacilityCode(code=c) for c in codes]
            db.session.add(facility)
            db.session.flush()
            search_index.refresh(db.session, [facility.id])
        db.session.commit()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "screenshot", "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/shot.sqlite3"})
        build(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 390, "height": 1150}, device_scale_factor=2,
                                        is_mobile=True, has_touch=True)
                page.goto(f"http://127.0.0.1:{server.server_port}/treatment?near=89108&radius_miles=10"
                          "&medication=buprenorphine")
                page.screenshot(path=os.path.join(HERE, "search.png"))
                browser.close()
        finally:
            server.shutdown()
    print("wrote docs/search.png")


if __name__ == "__main__":
    main()
