"""A navigator in a real browser: sign in, take Next, log an attempt, schedule a callback."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from admissions.auth.models import Role
from admissions.core.time import utcnow
from admissions.intake.models import Callback, InquiryEvent, Priority
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_inquiry, make_user


def test_a_navigator_takes_next_logs_an_attempt_and_schedules_a_callback(page, live_db):
    nav = make_user(Role.NAVIGATOR, email="nora@example.org", languages="en,es")
    inquiry = make_inquiry(first_name="Rosa", priority=Priority.HIGH, priority_reason="High: in withdrawal",
                           timezone="America/Denver", state="CO")
    live_db.session.commit()

    sign_in(page, live_db, nav.email)
    page.goto("/staff/queue")
    assert page.is_visible("text=High: in withdrawal")
    assert_accessible(page, "on the queue")

    page.click("button:has-text('Next')")
    page.wait_for_url(f"**/staff/inquiries/{inquiry.id}")
    assert page.is_visible("h1:has-text('Inquiry #')")
    assert page.is_visible("text=Rosa")
    assert_accessible(page, "in the workspace")

    page.check("input[name=outcome][value=no_answer]")
    page.fill("textarea[name=note]", "Rang eight times")
    page.click("button:has-text('Log attempt')")
    assert page.is_visible("text=Attempt logged.")

    day = (utcnow() + timedelta(days=3)).date().isoformat()
    page.fill("input[name=day]", day)
    page.fill("input[name=time]", "10:15")
    page.click("button:has-text('Schedule callback')")
    page.wait_for_url("**/staff/queue")
    assert page.is_visible("text=Callback set for")
    assert page.is_visible("text=Your callbacks")

    live_db.session.expire_all()
    callback = live_db.session.scalar(select(Callback).where(Callback.inquiry_id == inquiry.id))
    assert callback is not None and callback.owner_id == nav.id
    kinds = list(live_db.session.scalars(select(InquiryEvent.kind).where(InquiryEvent.inquiry_id == inquiry.id)))
    assert kinds == ["claimed", "attempt", "callback_scheduled"]
