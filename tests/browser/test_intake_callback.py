"""A caller on a phone asks for a call back: the emergency guidance, errors, the confirmation; axe clean."""

from sqlalchemy import select

from admissions.intake.models import Inquiry, Priority
from tests.browser.conftest import assert_accessible


def _fill_required(page):
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Phone number").fill("702 555 0123")
    page.get_by_label("ZIP code").fill("89108")
    page.get_by_label("I agree that a navigator may contact me about treatment").check()


def test_a_caller_on_a_phone_sends_the_form_and_sees_the_confirmation(page, live_db):
    page.goto("/")
    page.get_by_role("link", name="Ask for a call", exact=True).click()
    page.wait_for_url("**/callback")
    assert_accessible(page, "on the empty form")
    _fill_required(page)
    page.get_by_label("Heroin or fentanyl").check()
    page.get_by_label("Detox (help through withdrawal)").check()
    page.get_by_label("Kind of insurance").select_option("medicaid")
    page.get_by_label("Member ID").fill("NV998877665")
    page.get_by_role("button", name="Ask for a call back").click()
    page.wait_for_url("**/callback/thanks")
    assert page.get_by_role("heading", name="We got your request").is_visible()
    reference = page.locator(".reference strong").inner_text()
    inquiry = live_db.session.scalar(select(Inquiry))
    assert reference.replace("-", "") == inquiry.reference and inquiry.reference not in page.url
    assert page.get_by_role("link", name="call or text 988").first.is_visible()
    assert_accessible(page, "on the confirmation")


def test_ticking_an_emergency_answer_shows_911_and_988_at_once(page, live_db):
    page.goto("/callback")
    guidance = page.locator("#emergency-guidance")
    assert not guidance.is_visible()
    page.get_by_label("Pregnant", exact=True).check()
    assert not guidance.is_visible()
    page.get_by_label("In withdrawal now (sick, shaking, sweating)").check()
    assert guidance.is_visible()
    assert guidance.get_by_role("link", name="call 911 now").is_visible()
    page.get_by_label("Pregnant", exact=True).uncheck()
    assert not guidance.is_visible()
    page.get_by_label("Someone has overdosed or cannot be woken up right now").check()
    assert guidance.is_visible()
    assert_accessible(page, "with the emergency guidance showing")
    _fill_required(page)
    page.get_by_role("button", name="Ask for a call back").click()
    page.wait_for_url("**/callback/thanks")
    assert page.locator("#emergency-guidance").is_visible()
    assert live_db.session.scalar(select(Inquiry)).priority == Priority.CRITICAL


def test_errors_show_at_each_field_keep_what_was_typed_and_pass_axe(page, live_db):
    page.goto("/callback")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Phone number").fill("12")
    page.get_by_label("Anything you want us to know (optional)").fill("Please call after 6")
    page.get_by_role("button", name="Ask for a call back").click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#phone-error").is_visible() and page.locator("#zip-error").is_visible()
    assert page.locator("#consent_to_contact-error").is_visible()
    assert page.get_by_label("First name").input_value() == "Ana"
    assert page.get_by_label("Phone number").input_value() == "12"
    assert page.get_by_label("Anything you want us to know (optional)").input_value() == "Please call after 6"
    assert_accessible(page, "on the form with errors")
    page.get_by_label("Phone number").fill("702-555-0123")
    page.get_by_label("ZIP code").fill("89108")
    page.get_by_label("I agree that a navigator may contact me about treatment").check()
    page.get_by_role("button", name="Ask for a call back").click()
    page.wait_for_url("**/callback/thanks")
    assert live_db.session.scalar(select(Inquiry)).message == "Please call after 6"
