"""A handful of inquiries waiting right now, so the queue is alive on a first run."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from admissions.auth.models import User
from admissions.core.geo import zip_info
from admissions.core.time import utcnow
from admissions.extensions import db
from admissions.intake.models import Callback, Inquiry, InquiryEvent, InsurancePolicy, Source
from admissions.navigator.rules import triage

#: (first name, zip, language, substances, minutes ago, answers, plan type, care wanted)
WAITING_NOW = (
    ("Marcus", "89108", "en", "heroin_fentanyl", 3, {"overdose_now": True}, "medicaid", "detox"),
    ("Lucía", "85004", "es", "heroin_fentanyl,benzodiazepines", 7, {"in_withdrawal": True}, "medicaid", "detox,medication"),
    ("Dana", "90012", "en", "other_opioids", 12, {"pregnant": True}, "commercial", "medication"),
    ("Tom", "80202", "en", "alcohol", 18, {}, "commercial", "residential"),
    ("Jamie", "97205", "en", "methamphetamine", 25, {}, "self_pay", "outpatient"),
    ("Ana", "78701", "es", "heroin_fentanyl", 34, {}, "none", "not_sure"),
    ("Chris", "10001", "en", "heroin_fentanyl,cocaine", 41, {"recent_overdose": True}, "tricare", "detox"),
)
CALLBACK_NAME = "Pat"


def load_demo_queue(echo) -> None:
    """Add the waiting inquiries (and one callback due to the first demo navigator) unless present."""
    if db.session.scalar(select(Inquiry.id).where(Inquiry.reference.like("DEMOQ%")).limit(1)) is not None:
        return
    now = utcnow()
    for n, (name, zip_code, language, substances, minutes, answers, plan, care) in enumerate(WAITING_NOW, 1):
        _inquiry(n, name, zip_code, language, substances, now - timedelta(minutes=minutes), now, answers, plan, care)
    navigator = db.session.scalar(select(User).where(User.email == "navigator@example.org"))
    callback = _inquiry(len(WAITING_NOW) + 1, CALLBACK_NAME, "89501", "en", "heroin_fentanyl",
                        now - timedelta(hours=3), now, {}, "medicare", "detox")
    if navigator is not None:
        due = now - timedelta(minutes=2)
        callback.callback_due_at, callback.callback_owner_id = due, navigator.id
        db.session.add(Callback(inquiry_id=callback.id, owner_id=navigator.id, due_at=due,
                                created_by_id=navigator.id, created_at=now - timedelta(hours=2)))
        db.session.add(InquiryEvent(inquiry_id=callback.id, actor_id=navigator.id, kind="callback_scheduled",
                                    at=now - timedelta(hours=2), details={"due_at": due.isoformat()}))
    db.session.flush()
    echo(f"Queue: {len(WAITING_NOW) + 1} inquiries waiting now (one callback due).")


def _inquiry(n, name, zip_code, language, substances, created, now, answers, plan, care) -> Inquiry:
    place = zip_info(zip_code)
    inquiry = Inquiry(reference=f"DEMOQ{n:04d}", source=Source.WEB, first_name=name, phone=f"+1555010{n:04d}",
                      zip=zip_code, state=place.state if place else None,
                      timezone=place.timezone if place else "America/Los_Angeles", language=language,
                      substances=substances, care_interests=care, consent_to_contact=True, ok_voicemail=True,
                      created_at=created, updated_at=created, **answers)
    triage(inquiry, created)
    db.session.add(inquiry)
    db.session.flush()
    db.session.add(InsurancePolicy(inquiry_id=inquiry.id, plan_type=plan))
    db.session.add(InquiryEvent(inquiry_id=inquiry.id, kind="created", at=created))
    return inquiry
