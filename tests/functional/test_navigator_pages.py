"""The queue page and the workspace, through the test client as a navigator uses them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from admissions.audit.models import AuditEvent
from admissions.auth.models import Role
from admissions.core.crypto import encrypt_text
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import Callback, Inquiry, InquiryStatus, InsurancePolicy, Priority
from admissions.navigator.models import Assessment, BenefitsVerification, Disclosure
from tests.factories import make_facility, make_inquiry, make_user


@pytest.fixture
def nav(app, auth):
    user = make_user(Role.NAVIGATOR, languages="en,es", states="NV,AZ")
    db.session.commit()
    auth.login(user.email)
    return user


def _take(client) -> int:
    response = client.post("/staff/queue/next")
    assert response.status_code == 302 and "/staff/inquiries/" in response.location
    return int(response.location.rsplit("/", 1)[1])


def _actions(inquiry_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "inquiries",
                                                                   AuditEvent.target_id == str(inquiry_id))
                                   .order_by(AuditEvent.id)))


def test_the_queue_shows_priority_reason_language_state_and_deadline(client, nav):
    make_inquiry(priority=Priority.HIGH, priority_reason="High: uses benzodiazepines", language="es", state="AZ")
    db.session.commit()
    page = client.get("/staff/queue").get_data(as_text=True)
    assert "High: uses benzodiazepines" in page
    assert "<td>es</td>" in page and "<td>AZ</td>" in page
    assert "Waiting now: <strong>1</strong>" in page
    assert 'data-refresh-url="/staff/queue/rows"' in page
    rows = client.get("/staff/queue/rows").get_data(as_text=True)
    assert "High: uses benzodiazepines" in rows and "<html" not in rows


def test_the_queue_flags_overdue_callbacks(client, nav):
    make_inquiry(callback_due_at=utcnow() - timedelta(minutes=30), callback_owner_id=nav.id)
    db.session.commit()
    page = client.get("/staff/queue").get_data(as_text=True)
    assert "Your callbacks" in page and "Overdue" in page


def test_next_opens_the_workspace_and_the_view_is_audited(client, nav):
    inquiry = make_inquiry(first_name="Rosa")
    db.session.commit()
    assert _take(client) == inquiry.id
    page = client.get(f"/staff/inquiries/{inquiry.id}")
    assert page.status_code == 200 and "Rosa" in page.get_data(as_text=True)
    assert _actions(inquiry.id) == ["inquiry.claimed", "inquiry.viewed"]


def test_next_with_nothing_waiting_says_so(client, nav):
    response = client.post("/staff/queue/next", follow_redirects=True)
    assert "Nobody is waiting" in response.get_data(as_text=True)


def test_logging_an_attempt_shows_on_the_timeline(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    response = client.post(f"/staff/inquiries/{inquiry.id}/attempts", data={"outcome": "voicemail", "note": "left msg"},
                           follow_redirects=True)
    assert "Attempt logged." in response.get_data(as_text=True)
    assert "attempt: Voicemail left" in response.get_data(as_text=True)
    assert "left msg" in response.get_data(as_text=True)  # decrypted for the timeline
    db.session.refresh(inquiry)
    assert inquiry.attempts_count == 1 and inquiry.first_attempt_at is not None


def test_an_attempt_without_an_outcome_is_refused_with_the_note_kept(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    response = client.post(f"/staff/inquiries/{inquiry.id}/attempts", data={"note": "typed this"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose what happened on the call." in body and "typed this" in body


def test_a_callback_in_quiet_hours_is_refused_and_keeps_the_typed_values(client, nav):
    inquiry = make_inquiry(timezone="America/New_York")
    db.session.commit()
    _take(client)
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    response = client.post(f"/staff/inquiries/{inquiry.id}/callback", data={"day": day, "time": "21:30"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "between 08:00 and 21:00" in body and 'value="21:30"' in body


def test_a_callback_shows_both_zones_and_returns_the_inquiry_to_the_queue(client, nav):
    inquiry = make_inquiry(timezone="America/New_York")
    db.session.commit()
    _take(client)
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    response = client.post(f"/staff/inquiries/{inquiry.id}/callback", data={"day": day, "time": "10:00"},
                           follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "10:00 E" in body and "yours)" in body
    callback = db.session.scalar(select(Callback))
    assert callback.due_at.hour in (14, 15)  # 10:00 Eastern, standard or daylight time
    db.session.refresh(inquiry)
    assert inquiry.status is InquiryStatus.WAITING and inquiry.callback_owner_id == nav.id


def test_release_puts_it_back(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    response = client.post(f"/staff/inquiries/{inquiry.id}/release")
    assert response.status_code == 302
    db.session.refresh(inquiry)
    assert inquiry.status is InquiryStatus.WAITING and inquiry.claimed_by_id is None


def test_a_navigator_who_lost_the_lease_gets_409_with_a_clear_message(client, nav):
    inquiry = make_inquiry()
    other = make_user(Role.NAVIGATOR)
    db.session.commit()
    _take(client)
    db.session.execute(Inquiry.__table__.update().values(claimed_by_id=other.id))
    db.session.commit()
    response = client.post(f"/staff/inquiries/{inquiry.id}/attempts", data={"outcome": "no_answer"})
    assert response.status_code == 409
    assert "You no longer hold this inquiry" in response.get_data(as_text=True)


def test_closing_as_not_ready(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    response = client.post(f"/staff/inquiries/{inquiry.id}/close", data={"disposition": "not_ready"})
    assert response.status_code == 302
    db.session.refresh(inquiry)
    assert inquiry.status is InquiryStatus.CLOSED and inquiry.disposition.value == "not_ready"


def test_unreachable_too_early_is_refused_on_the_form(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    client.post(f"/staff/inquiries/{inquiry.id}/attempts", data={"outcome": "no_answer"})
    response = client.post(f"/staff/inquiries/{inquiry.id}/close", data={"disposition": "unreachable"})
    assert response.status_code == 400
    assert "at least 3 attempts over at least two days" in response.get_data(as_text=True)


def _consent(client, inquiry_id, **overrides):
    data = {"patient_name": "Rosa Diaz", "recipient_kind": "facility", "recipient_name": "Treatment programs",
            "information": "Name, phone, substances, insurance", "purpose": "Arrange admission",
            "method": "verbal", "signature": "Nora Navigator",
            "expires_on": (date.today() + timedelta(days=90)).isoformat(), "revocation_told": "y"}
    data.update(overrides)
    return client.post(f"/staff/inquiries/{inquiry_id}/consents", data=data)


def test_a_referral_needs_consent_and_logs_the_disclosure_with_the_notice(client, nav):
    inquiry = make_inquiry()
    facility = make_facility(name="Desert Detox")
    db.session.commit()
    _take(client)
    refused = client.post(f"/staff/inquiries/{inquiry.id}/referrals", data={"facility_id": facility.id})
    assert refused.status_code == 400 and "consent" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Disclosure)) is None
    assert _consent(client, inquiry.id).status_code == 302
    response = client.post(f"/staff/inquiries/{inquiry.id}/referrals", data={"facility_id": facility.id},
                           follow_redirects=True)
    assert "Referral recorded" in response.get_data(as_text=True)
    disclosure = db.session.scalar(select(Disclosure))
    assert disclosure.recipient_name == "Desert Detox" and "42 CFR part 2" in disclosure.notice
    assert "42 CFR part 2" in response.get_data(as_text=True)


def test_a_consent_without_the_revocation_notice_is_refused(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    response = _consent(client, inquiry.id, revocation_told="")
    assert response.status_code == 400 and "revoke" in response.get_data(as_text=True)


def test_a_revoked_consent_no_longer_allows_a_referral(client, nav):
    inquiry = make_inquiry()
    facility = make_facility()
    db.session.commit()
    _take(client)
    _consent(client, inquiry.id)
    from admissions.navigator.models import Consent

    consent = db.session.scalar(select(Consent))
    assert client.post(f"/staff/inquiries/{inquiry.id}/consents/{consent.id}/revoke").status_code == 302
    refused = client.post(f"/staff/inquiries/{inquiry.id}/referrals", data={"facility_id": facility.id})
    assert refused.status_code == 400


def test_closing_as_referred_needs_consent(client, nav):
    inquiry = make_inquiry()
    facility = make_facility()
    db.session.commit()
    _take(client)
    refused = client.post(f"/staff/inquiries/{inquiry.id}/close",
                          data={"disposition": "referred", "facility_id": facility.id})
    assert refused.status_code == 400 and "consent" in refused.get_data(as_text=True)
    _consent(client, inquiry.id)
    assert client.post(f"/staff/inquiries/{inquiry.id}/close",
                       data={"disposition": "referred", "facility_id": facility.id}).status_code == 302
    db.session.refresh(inquiry)
    assert inquiry.disposition_facility_id == facility.id


def test_benefits_need_a_payer_consent_then_are_recorded(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    data = {"status": "verified", "in_network": "Y", "prior_auth_required": "Y", "deductible": "1500.00",
            "deductible_remaining": "200", "out_of_pocket_max": "4000", "detox_copay": "250",
            "residential_coinsurance_pct": "20"}
    assert client.post(f"/staff/inquiries/{inquiry.id}/benefits", data=data).status_code == 400
    _consent(client, inquiry.id, recipient_kind="payer", recipient_name="Acme Health")
    response = client.post(f"/staff/inquiries/{inquiry.id}/benefits", data=data, follow_redirects=True)
    assert "Benefits recorded." in response.get_data(as_text=True)
    row = db.session.scalar(select(BenefitsVerification))
    assert row.status == "verified" and str(row.deductible) == "1500.00" and row.residential_coinsurance_pct == 20
    assert row.verified_by_id == nav.id and row.verified_at is not None


def test_the_assessment_warns_about_benzodiazepines_with_methadone_and_is_encrypted(client, nav):
    inquiry = make_inquiry(timezone="America/Denver")
    db.session.commit()
    _take(client)
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    response = client.post(f"/staff/inquiries/{inquiry.id}/assessment", follow_redirects=True, data={
        "substances": ["heroin_fentanyl", "benzodiazepines"], "last_use_day": yesterday, "last_use_time": "20:00",
        "length_of_use": "1_5_years", "age": "34", "medications": "Methadone 80 mg from a clinic",
        "family_history": "Father drank", "mental_health": "Anxiety"})
    body = response.get_data(as_text=True)
    assert "deadly overdose" in body and "Polysubstance" in body
    assert "Expected opioid withdrawal" in body and "M" in body
    assessment = db.session.scalar(select(Assessment))
    assert "Methadone" not in (assessment.medications_encrypted or "")
    assert assessment.last_use_at is not None and assessment.age == 34


def test_an_assessment_with_a_future_last_use_is_refused(client, nav):
    inquiry = make_inquiry()
    db.session.commit()
    _take(client)
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    response = client.post(f"/staff/inquiries/{inquiry.id}/assessment", data={"last_use_day": tomorrow,
                                                                               "family_history": "kept"})
    assert response.status_code == 400 and "cannot be in the future" in response.get_data(as_text=True)
    assert "kept" in response.get_data(as_text=True)


def test_the_member_id_is_masked_and_revealing_it_is_audited(client, nav):
    inquiry = make_inquiry()
    db.session.add(InsurancePolicy(inquiry_id=inquiry.id, plan_type="medicaid", payer_name="Nevada Medicaid",
                                   member_id_encrypted=encrypt_text("ABC123456789"), member_id_last4="6789"))
    db.session.commit()
    _take(client)
    page = client.get(f"/staff/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "ABC123456789" not in page and "•••• 6789" in page
    revealed = client.post(f"/staff/inquiries/{inquiry.id}/reveal", data={"field": "member_id"})
    assert "ABC123456789" in revealed.get_data(as_text=True)
    assert "insurance.revealed_member_id" in _actions(inquiry.id)


def test_matches_list_facilities_that_fit_with_why(client, nav):
    inquiry = make_inquiry(zip="89108", care_interests="detox", language="es")
    near = make_facility(name="Near Detox", codes=("SA", "DT", "MD", "SP"))
    make_facility(name="Far Place", codes=("SA",), latitude=39.5, longitude=-119.8, zip="89501")
    db.session.add(InsurancePolicy(inquiry_id=inquiry.id, plan_type="medicaid"))
    db.session.commit()
    _take(client)
    page = client.get(f"/staff/inquiries/{inquiry.id}").get_data(as_text=True)
    assert page.index("Near Detox") < page.index("Far Place")
    assert "takes Medicaid" in page and "offers detox" in page and "services in Spanish" in page
    assert f'name="facility_id" value="{near.id}"' in page


def test_a_manager_reassigns_and_the_old_holder_is_fenced_out(client, auth, nav):
    inquiry = make_inquiry()
    other = make_user(Role.NAVIGATOR, name="Sam Other")
    manager = make_user(Role.MANAGER)
    db.session.commit()
    _take(client)
    auth.logout()
    auth.login(manager.email)
    assert client.post(f"/staff/inquiries/{inquiry.id}/reassign", data={"navigator_id": other.id}).status_code == 302
    auth.logout()
    auth.login(nav.email)
    assert client.post(f"/staff/inquiries/{inquiry.id}/attempts", data={"outcome": "no_answer"}).status_code == 409
    db.session.refresh(inquiry)
    assert inquiry.claimed_by_id == other.id


def test_a_manager_sees_who_holds_what_on_the_queue_page(client, auth, nav):
    inquiry = make_inquiry()
    manager = make_user(Role.MANAGER)
    db.session.commit()
    _take(client)
    auth.logout()
    auth.login(manager.email)
    page = client.get("/staff/queue").get_data(as_text=True)
    assert "Held by navigators" in page and f"#{inquiry.id}</a>" in page and nav.name in page


def test_a_closed_inquiry_reads_back_for_a_manager_with_its_timeline(client, auth, nav):
    inquiry = make_inquiry(timezone=None, state=None, zip=None)
    manager = make_user(Role.MANAGER)
    db.session.commit()
    _take(client)
    client.post(f"/staff/inquiries/{inquiry.id}/close", data={"disposition": "spam", "note": "test entry"})
    auth.logout()
    auth.login(manager.email)
    page = client.get(f"/staff/inquiries/{inquiry.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Spam or test" in body and "test entry" in body
    assert "Log attempt" not in body and "Reassign</button>" not in body


def test_every_workspace_route_leaves_its_audit_entry(client, auth, nav):
    """Walk the workspace the way a navigator works an inquiry; each step must be in the audit trail."""
    inquiry = make_inquiry(email="rosa@example.org")
    facility = make_facility(name="Desert Detox")
    other = make_user(Role.NAVIGATOR)
    manager = make_user(Role.MANAGER)
    db.session.commit()
    url = f"/staff/inquiries/{inquiry.id}"
    in_three_days = (utcnow() + timedelta(days=3)).date().isoformat()
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    benefits = {"status": "verified", "in_network": "Y", "prior_auth_required": "N", "deductible": "100"}
    steps = [
        ("inquiry.claimed", lambda: client.post("/staff/queue/next")),
        ("inquiry.viewed", lambda: client.get(url)),
        ("inquiry.attempt_logged", lambda: client.post(f"{url}/attempts", data={"outcome": "no_answer"})),
        ("inquiry.assessment_saved", lambda: client.post(f"{url}/assessment", data={
            "substances": ["heroin_fentanyl"], "last_use_day": yesterday, "last_use_time": "20:00"})),
        ("inquiry.consent_recorded", lambda: _consent(client, inquiry.id)),
        ("inquiry.disclosed", lambda: client.post(f"{url}/referrals", data={"facility_id": facility.id})),
        ("inquiry.consent_recorded", lambda: _consent(client, inquiry.id, recipient_kind="payer",
                                                      recipient_name="Acme Health")),
        ("inquiry.benefits_recorded", lambda: client.post(f"{url}/benefits", data=benefits)),
        ("inquiry.revealed.email", lambda: client.post(f"{url}/reveal", data={"field": "email"})),
        ("inquiry.consent_revoked", lambda: client.post(f"{url}/consents/{_first_consent_id()}/revoke")),
        ("inquiry.released", lambda: client.post(f"{url}/release")),
        ("inquiry.claimed", lambda: client.post("/staff/queue/next")),
        ("inquiry.callback_scheduled", lambda: client.post(f"{url}/callback",
                                                           data={"day": in_three_days, "time": "10:00"})),
    ]
    for action, step in steps:
        before = _actions(inquiry.id).count(action)
        response = step()
        assert response.status_code in (200, 302), (action, response.status_code)
        assert _actions(inquiry.id).count(action) == before + 1, action

    auth.logout()
    auth.login(manager.email)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/reassign", data={"navigator_id": other.id}).status_code == 302
    assert "inquiry.reassigned" in _actions(inquiry.id)
    auth.logout()
    auth.login(other.email)
    assert client.post(f"{url}/close", data={"disposition": "not_ready"}).status_code == 302
    assert _actions(inquiry.id)[-1] == "inquiry.closed"


def _first_consent_id() -> int:
    from admissions.navigator.models import Consent

    return db.session.scalar(select(Consent.id).order_by(Consent.id))
