"""The call-back request's rules: phone numbers, emergencies, values, masking, card photos."""

import io
from datetime import datetime, timezone

import pytest
from PIL import Image

from admissions.auth.services import throttle_delay
from admissions.core.crypto import mask
from admissions.intake.photos import PhotoError, reencode_card_photo
from admissions.intake.rules import InvalidInquiry, clean_inquiry, emergency_reasons, normalize_phone

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)
VALID = {"first_name": "Ana", "phone": "702-555-0123", "zip": "89108", "consent_to_contact": True}


@pytest.mark.parametrize("typed, expected", [
    ("702-555-0123", "+17025550123"),
    ("(702) 555 0123", "+17025550123"),
    ("+1 702.555.0123", "+17025550123"),
    ("1-702-555-0123", "+17025550123"),
    ("+52 55 1234 5678", "+525512345678"),
])
def test_phone_numbers_are_stored_in_e164(typed, expected):
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize("typed", ["", "12", "555-0123", "call me", "+1 000 000 0000"])
def test_phone_numbers_that_cannot_be_called_are_refused(typed):
    with pytest.raises(ValueError):
        normalize_phone(typed)


@pytest.mark.parametrize("answers, expected", [
    ({"overdose_now": True}, ["overdose happening now"]),
    ({"suicidal_thoughts": "y"}, ["thoughts of suicide"]),
    ({"pregnant": True, "in_withdrawal": True}, ["pregnant and in withdrawal"]),
    ({"pregnant": True}, []),
    ({"in_withdrawal": True}, []),
    ({"recent_overdose": True}, []),
    ({}, []),
])
def test_emergency_answers_are_recognized(answers, expected):
    assert emergency_reasons(answers) == expected


def test_masking_shows_only_the_last_four_characters():
    assert mask("XYZ123456789") == "•••• 6789"
    assert mask(None) == ""


def test_a_valid_request_comes_back_clean_with_state_and_time_zone():
    data = clean_inquiry({**VALID, "substances": ["alcohol", "heroin_fentanyl"], "last_use_at": "2026-11-20",
                          "insurance": {"plan_type": "medicare", "member_id": "1EG4-TE5-MK73"}}, now=NOW)
    assert (data.phone, data.state, data.timezone) == ("+17025550123", "NV", "America/Los_Angeles")
    assert data.substances == ["heroin_fentanyl", "alcohol"]
    assert data.last_use_at.date().isoformat() == "2026-11-20"
    assert data.insurance.member_id == "1EG4-TE5-MK73"


@pytest.mark.parametrize("change, field", [
    ({"first_name": ""}, "first_name"),
    ({"phone": "12"}, "phone"),
    ({"zip": "8910"}, "zip"),
    ({"zip": "00000"}, "zip"),
    ({"email": "not-an-email"}, "email"),
    ({"consent_to_contact": False}, "consent_to_contact"),
    ({"for_whom": "neighbor"}, "for_whom"),
    ({"language": "fr"}, "language"),
    ({"substances": ["heroin", "alcohol"]}, "substances"),
    ({"care_interests": ["spa"]}, "care_interests"),
    ({"best_times": ["midnight"]}, "best_times"),
    ({"using_now": "maybe"}, "using_now"),
    ({"last_use_at": "2027-01-01"}, "last_use_at"),
    ({"last_use_at": "yesterday"}, "last_use_at"),
    ({"message": "x" * 2001}, "message"),
    ({"insurance": {"plan_type": "gold"}}, "insurance.plan_type"),
    ({"insurance": {"plan_type": "medicare", "member_id": "12345"}}, "insurance.member_id"),
    ({"insurance": {"member_id": "<script>"}}, "insurance.member_id"),
    ({"insurance": {"subscriber_dob": "1800-01-01"}}, "insurance.subscriber_dob"),
    ({"insurance": {"relationship": "cousin"}}, "insurance.relationship"),
    ({"insurance": "Aetna"}, "insurance"),
])
def test_each_wrong_value_is_reported_at_its_field(change, field):
    with pytest.raises(InvalidInquiry) as caught:
        clean_inquiry({**VALID, **change}, now=NOW)
    assert list(caught.value.errors) == [field]


def test_throttling_waits_longer_after_each_failure_up_to_five_minutes():
    assert [throttle_delay(n, free=5) for n in (0, 4, 5, 6, 7, 30)] == [0, 0, 1, 2, 4, 300]


def _photo(kind: str, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 40), (200, 30, 30)).save(out, kind, **save)
    return out.getvalue()


def test_card_photos_lose_their_metadata():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N"}      # GPS block
    data, content_type = reencode_card_photo(_photo("JPEG", exif=exif.tobytes(), comment=b"home address"))
    assert content_type == "image/jpeg"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (64, 40)
        assert not image.getexif()
        assert "comment" not in image.info and "exif" not in image.info
    assert b"PhoneMaker" not in data and b"home address" not in data


def test_png_card_photos_stay_png_without_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ana Caller")
    data, content_type = reencode_card_photo(_photo("PNG", pnginfo=info))
    assert content_type == "image/png" and b"Ana Caller" not in data


@pytest.mark.parametrize("data", [b"", b"GIF89a not really", _photo("GIF"), b"\xff\xd8\xff" + b"0" * 100])
def test_files_that_are_not_jpeg_or_png_are_refused(data):
    with pytest.raises(PhotoError):
        reencode_card_photo(data)


def test_photos_over_five_megabytes_are_refused():
    with pytest.raises(PhotoError, match="5 MB"):
        reencode_card_photo(b"\xff" * (5 * 1024 * 1024 + 1))
