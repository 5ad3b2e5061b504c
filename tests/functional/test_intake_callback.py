"""The public call-back form through HTTP: happy path, every invalid field, emergencies, abuse guards."""

import io
import secrets
import logging
import os
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select

from admissions.extensions import db
from admissions.intake.models import Inquiry, InsuranceCardImage, Priority
from tests.conftest import base_test_config
from tests.factories import make_facility

@pytest.fixture
def app_config(_schema, request):
    """The test config, changed by ``indirect`` parameters; rate limits on with their own key prefix."""
    config = base_test_config(_schema)
    changes = getattr(request, "param", {})
    if "RATELIMIT_STORAGE_URI" in changes:
        config.update({"RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": f"intake-test-{uuid.uuid4().hex}",
                       "CALLBACK_RATE_LIMIT": "3 per 10 minutes"})
    config.update(changes)
    return config


GOOD = {"for_whom": "loved_one", "first_name": "Ana", "last_name": "Caller", "phone": "(702) 555-0123",
        "email": "ana@example.org", "zip": "89108", "best_times": ["evening"], "ok_voicemail": "y",
        "language": "es", "substances": ["heroin_fentanyl", "benzodiazepines"], "using_now": "yes",
        "care_interests": ["detox"], "plan_type": "medicaid", "payer_name": "Nevada Medicaid",
        "member_id": "NV998877665", "subscriber_dob": "1990-05-06", "relationship": "self",
        "message": "Mornings are bad", "consent_to_contact": "y"}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Inquiry))


def _jpeg() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (120, 80), (10, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_the_form_is_linked_from_every_public_page(client):
    for path in ("/", "/callback", "/staff/login"):
        assert b'href="/callback"' in client.get(path).data


def test_a_caller_sends_the_form_and_sees_a_reference_not_in_the_url(client):
    response = client.post("/callback", data={**GOOD, "card_front": (io.BytesIO(_jpeg()), "card.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 303 and response.headers["Location"].endswith("/callback/thanks")
    inquiry = db.session.scalar(select(Inquiry))
    assert (inquiry.phone, inquiry.state, inquiry.language, inquiry.for_whom) == ("+17025550123", "NV", "es", "loved_one")
    assert inquiry.substance_list == ["heroin_fentanyl", "benzodiazepines"] and inquiry.using_now is True
    assert inquiry.insurance.member_id_last4 == "7665" and len(inquiry.card_images) == 1
    thanks = client.get(response.headers["Location"])
    reference = f"{inquiry.reference[:4]}-{inquiry.reference[4:]}"
    assert thanks.status_code == 200 and reference.encode() in thanks.data
    assert thanks.headers["Cache-Control"] == "no-store"
    assert b"tel:988" in thanks.data and b"1-800-662-4357" in thanks.data
    assert b"What happens next" in thanks.data
    assert inquiry.reference not in response.headers["Location"]


def test_the_thanks_page_without_a_request_sends_back_to_the_form(client):
    assert client.get("/callback/thanks").headers["Location"].endswith("/callback")


@pytest.mark.parametrize("change, field, message", [
    ({"first_name": ""}, "first_name", b"first name"),
    ({"phone": "555"}, "phone", b"phone"),
    ({"email": "ana@"}, "email", b"email address"),
    ({"zip": "99999"}, "zip", b"ZIP code"),
    ({"zip": "abc"}, "zip", b"5-digit ZIP"),
    ({"for_whom": "cat"}, "for_whom", b"options"),
    ({"language": "de"}, "language", b"options"),
    ({"best_times": ["3am"]}, "best_times", b"options"),
    ({"substances": ["tea"]}, "substances", b"options"),
    ({"using_now": "perhaps"}, "using_now", b"yes or no"),
    ({"last_use_at": "2999-01-01"}, "last_use_at", b"future"),
    ({"care_interests": ["spa"]}, "care_interests", b"options"),
    ({"plan_type": "platinum"}, "plan_type", b"options"),
    ({"payer_name": "p" * 121}, "payer_name", b"120 characters"),
    ({"member_id": "id;drop"}, "member_id", b"letters, digits"),
    ({"group_number": "g" * 41}, "group_number", b"40 characters"),
    ({"subscriber_name": "s" * 161}, "subscriber_name", b"160 characters"),
    ({"subscriber_dob": "not a date"}, "subscriber_dob", b"date like"),
    ({"relationship": "uncle"}, "relationship", b"options"),
    ({"message": "m" * 2001}, "message", b"2000 characters"),
    ({"consent_to_contact": ""}, "consent_to_contact", b"agree to be contacted"),
    ({"card_front": (io.BytesIO(b"not an image"), "card.jpg")}, "card_front", b"JPEG or PNG"),
])
def test_each_invalid_field_re_renders_with_its_message_and_everything_typed(client, change, field, message):
    data = {**GOOD, **change}
    response = client.post("/callback", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and _count() == 0
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message.decode() in page
    assert 'aria-invalid="true"' in page
    for name in ("first_name", "last_name", "email", "payer_name", "message"):
        if name != field:
            assert GOOD[name] in page, name
    if field != "phone":
        assert 'value="(702) 555-0123"' in page
    if field != "substances":
        assert 'value="heroin_fentanyl" checked' in page
    if field != "plan_type":
        assert 'value="medicaid" selected' in page


@pytest.mark.parametrize("app_config", [{"CARD_PHOTO_MAX_BYTES": 64 * 1024}], indirect=True)
def test_a_photo_over_the_size_limit_is_refused_at_its_field(client):
    # The limit is 5 MB in production (unit test); a small one here keeps the body in memory.
    response = client.post("/callback", data={**GOOD, "card_back": (io.BytesIO(b"x" * (64 * 1024 + 1)), "big.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and b'id="card_back-error"' in response.data and b"64 KB" in response.data


def test_an_emergency_answer_shows_911_and_988_and_marks_the_inquiry_critical(client):
    page = client.get("/callback").get_data(as_text=True)
    assert 'id="emergency-guidance"' in page and "hidden>" in page.split('id="emergency-guidance"')[1][:80]
    response = client.post("/callback", data={**GOOD, "overdose_now": "y"})
    assert response.status_code == 303
    inquiry = db.session.scalar(select(Inquiry))
    assert inquiry.priority == Priority.CRITICAL and "overdose" in inquiry.priority_reason
    thanks = client.get("/callback/thanks").get_data(as_text=True)
    guidance = thanks.split('id="emergency-guidance"')[1][:60]
    assert "hidden" not in guidance and "tel:911" in thanks and "tel:988" in thanks
    assert "before anyone else" in thanks


def test_an_emergency_answer_with_other_errors_still_shows_the_guidance(client):
    page = client.post("/callback", data={**GOOD, "suicidal_thoughts": "y", "phone": ""}).get_data(as_text=True)
    assert "hidden" not in page.split('id="emergency-guidance"')[1][:60] and "tel:988" in page


def test_the_same_phone_twice_within_ten_minutes_is_one_inquiry(client):
    client.post("/callback", data=GOOD)
    client.post("/callback", data={**GOOD, "phone": "702.555.0123", "substances": ["alcohol"]})
    assert _count() == 1
    assert db.session.scalar(select(Inquiry)).substance_list == ["heroin_fentanyl", "benzodiazepines", "alcohol"]


def test_the_honeypot_drops_the_request_quietly(client):
    response = client.post("/callback", data={**GOOD, "website": "http://spam.example"})
    assert response.status_code == 303 and _count() == 0
    assert b"Your reference" not in client.get("/callback/thanks").data


def test_a_facility_listing_prefills_the_form(client):
    facility = make_facility(name="Desert Hope Detox")
    page = client.get(f"/callback?facility={facility.public_id}").get_data(as_text=True)
    assert "Desert Hope Detox" in page and f'value="{facility.public_id}"' in page
    client.post("/callback", data={**GOOD, "facility": facility.public_id})
    assert db.session.scalar(select(Inquiry)).facility_id == facility.id


def test_card_photos_are_stored_encrypted_without_metadata(client):
    client.post("/callback", data={**GOOD, "card_front": (io.BytesIO(_jpeg()), "c.jpg")},
                content_type="multipart/form-data")
    image = db.session.scalar(select(InsuranceCardImage))
    assert image.content_type == "image/jpeg" and not image.data_encrypted.startswith(b"\xff\xd8")
    from admissions.core.crypto import decrypt_bytes

    assert b"PhoneMaker" not in decrypt_bytes(image.data_encrypted)


def test_nothing_personal_reaches_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/callback", data=GOOD)
    client.post("/callback", data={**GOOD, "zip": "bad"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in ("Ana", "555-0123", "5550123", "NV998877665", "1990-05-06", "Mornings", "ana@example.org"):
        assert value not in logged


REDIS_URL = os.environ.get("ADMISSIONS_TEST_REDIS_URL")


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_a_post_without_a_csrf_token_is_refused(client):
    assert client.post("/callback", data=GOOD).status_code == 400
    assert _count() == 0
    page = client.get("/callback").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/callback", data={**GOOD, "csrf_token": token}).status_code == 303


@pytest.mark.parametrize("app_config", [
    pytest.param({"RATELIMIT_STORAGE_URI": "memory://"}, id="memory"),
    pytest.param({"RATELIMIT_STORAGE_URI": REDIS_URL or "redis://"}, id="redis", marks=pytest.mark.skipif(
        not REDIS_URL, reason="Redis: set ADMISSIONS_TEST_REDIS_URL=redis://127.0.0.1:6379/15 to test limits on Redis")),
], indirect=True)
def test_each_address_may_send_only_a_few_requests(app, client):
    # Fresh addresses each run: Redis keeps counts between runs.
    client.environ_base["REMOTE_ADDR"] = _random_address()
    codes = [client.post("/callback", data={**GOOD, "phone": f"702-555-01{n:02d}"}).status_code for n in range(4)]
    assert codes == [303, 303, 303, 429]
    assert client.get("/callback").status_code == 200  # reading the form is never limited
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = _random_address()
    assert other.post("/callback", data={**GOOD, "phone": "702-555-0199"}).status_code == 303


def _random_address() -> str:
    return "10." + ".".join(str(secrets.randbelow(250) + 1) for _ in range(3))


def test_the_form_in_spanish_asks_for_a_call_in_spanish(client):
    page = client.get("/callback?lang=es").get_data(as_text=True)
    assert 'value="es" checked' in page


def test_a_bad_photo_and_a_bad_phone_are_both_reported(client):
    response = client.post("/callback", data={**GOOD, "phone": "1", "card_front": (io.BytesIO(b"nope"), "c.jpg")},
                           content_type="multipart/form-data")
    assert b'id="phone-error"' in response.data and b'id="card_front-error"' in response.data


def test_the_confirmation_is_forgotten_after_half_an_hour(client):
    client.post("/callback", data=GOOD)
    assert client.get("/callback/thanks").status_code == 200
    with client.session_transaction() as session:
        session["callback_confirmation"] = {**session["callback_confirmation"],
                                            "at": session["callback_confirmation"]["at"] - 31 * 60}
    assert client.get("/callback/thanks").headers["Location"].endswith("/callback")
    with client.session_transaction() as session:
        assert "callback_confirmation" not in session
