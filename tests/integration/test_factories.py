from admissions.intake.models import InquiryStatus
from tests.factories import make_facility, make_inquiry, make_user


def test_factories_make_rows_that_round_trip_with_aware_timestamps(app):
    user = make_user()
    facility = make_facility(codes=("SA", "BU"))
    inquiry = make_inquiry(facility_id=facility.id)
    from admissions.extensions import db

    db.session.commit()
    db.session.expire_all()
    assert inquiry.status is InquiryStatus.WAITING
    assert inquiry.created_at.tzinfo is not None
    assert facility.code_set == {"SA", "BU"}
    assert user.is_active
