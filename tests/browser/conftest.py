"""The browser tier: the real app served on localhost, driven by Debian's headless Chromium."""

from __future__ import annotations

import os
import threading

import pyotp
import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from admissions import create_app
from admissions.auth.models import User
from admissions.core.crypto import decrypt_text
from admissions.extensions import db
from tests.conftest import base_test_config, empty_database
from tests.factories import DEFAULT_PASSWORD

CHROMIUM = os.environ.get("ADMISSIONS_TEST_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app the browser talks to: CSRF on, like production, on its own SQLite file."""
    url = "sqlite:///" + str(tmp_path_factory.mktemp("live") / "live.sqlite3")
    config = base_test_config(url)
    config.update({"WTF_CSRF_ENABLED": True, "PROPAGATE_TEST_ERRORS": False})
    app = create_app(config)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def live_db(live_app):
    """An app context on the live server's database, emptied after the test."""
    with live_app.app_context():
        yield db
        db.session.remove()
        empty_database()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page; any request that leaves localhost fails the test."""
    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True, has_touch=True)
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "about:")):
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page
    context.close()
    assert not outside, f"requests left the site: {outside}"


def assert_accessible(page, context: str = "") -> None:
    """Run axe on the page as it is now and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"axe violations {context}:\n{results.generate_report()}"


def sign_in(page, live_db, email: str, password: str | None = None) -> None:
    """The real sign-in form, with the two-step code when the app asks for one (enrolling if needed)."""
    page.goto("/staff/login")
    page.fill("#email", email)
    page.fill("#password", password or DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/staff/login/enroll" in page.url or "/staff/login/totp" in page.url:
        if page.locator(".totp-secret").count():
            secret = page.locator(".totp-secret").inner_text().strip()
        else:
            live_db.session.expire_all()
            user = live_db.session.scalar(select(User).where(User.email == email))
            secret = decrypt_text(user.totp_secret_encrypted)
        page.fill("#code", pyotp.TOTP(secret).now())
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert "/staff/login" not in page.url, "sign-in did not complete"
