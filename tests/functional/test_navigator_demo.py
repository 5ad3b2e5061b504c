"""The demo step leaves a live queue: inquiries waiting now and one callback due.

(``flask demo load`` runs it after the directory step; that step is still being built on main,
so this test calls the queue's step directly after creating the demo staff.)
"""

from sqlalchemy import func, select

from admissions.auth.demo import DEMO_PASSWORD, create_demo_staff
from admissions.extensions import db
from admissions.intake.models import Inquiry, InquiryStatus, Priority
from admissions.navigator.demo import load_demo_queue


def test_the_demo_queue_is_current_and_shows_on_the_queue_page(app, client, auth):
    said = []
    create_demo_staff(said.append)
    load_demo_queue(said.append)
    db.session.commit()
    assert any("waiting now" in line for line in said)
    waiting = db.session.scalar(select(func.count()).select_from(Inquiry).where(
        Inquiry.status == InquiryStatus.WAITING))
    assert waiting == 8
    assert set(db.session.scalars(select(Inquiry.priority))) == {Priority.CRITICAL, Priority.HIGH, Priority.NORMAL}
    auth.login("navigator@example.org", DEMO_PASSWORD)
    page = client.get("/staff/queue").get_data(as_text=True)
    assert "Your callbacks" in page and "Critical: overdose" in page and "High: in withdrawal" in page
    load_demo_queue(said.append)  # a second run adds nothing
    assert db.session.scalar(select(func.count()).select_from(Inquiry)) == 8


def test_expire_leases_returns_lapsed_claims_to_the_queue(app, runner):
    from datetime import timedelta

    from admissions.auth.models import Role
    from admissions.core.time import utcnow
    from admissions.intake.models import Claim
    from admissions.navigator import services
    from tests.factories import make_inquiry, make_user

    nav = make_user(Role.NAVIGATOR)
    held = make_inquiry()
    assert services.claim_next(nav, now=utcnow()).id == held.id
    lapsed = make_inquiry()
    assert services.claim_next(nav, now=utcnow() - timedelta(hours=1)).id == lapsed.id  # its lease ran out
    db.session.commit()
    result = runner.invoke(args=["queue", "expire-leases"])
    assert result.exit_code == 0 and "1 expired lease(s)" in result.output
    db.session.expire_all()
    assert db.session.get(Inquiry, lapsed.id).status is InquiryStatus.WAITING
    assert db.session.get(Inquiry, held.id).status is InquiryStatus.CLAIMED
    assert db.session.scalar(select(Claim.end_reason).where(Claim.inquiry_id == lapsed.id)) == "expired"
