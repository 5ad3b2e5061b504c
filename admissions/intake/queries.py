"""Reads for intake: the facility a request is about, masked insurance for staff screens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from admissions.core.crypto import mask
from admissions.directory.models import Facility
from admissions.extensions import db
from admissions.intake.models import Inquiry


def facility_by_public_id(public_id: str | None) -> Facility | None:
    if not public_id or len(public_id) > 16:
        return None
    return db.session.scalar(select(Facility).where(Facility.public_id == public_id))


@dataclass(frozen=True)
class InsuranceSummary:
    """What a staff screen shows before anyone reveals a value."""

    plan_type: str | None
    payer_name: str | None
    subscriber_name: str | None
    relationship: str | None
    member_id_masked: str
    has_group_number: bool
    has_subscriber_dob: bool
    #: (id, side) of each card photo
    card_images: tuple[tuple[int, str], ...]


def insurance_summary(inquiry: Inquiry) -> InsuranceSummary | None:
    """Masked insurance for ``inquiry`` (member id as •••• 1234; the rest only as "given")."""
    policy = inquiry.insurance
    images = tuple((image.id, image.side) for image in inquiry.card_images)
    if policy is None and not images:
        return None
    return InsuranceSummary(
        plan_type=policy.plan_type if policy else None,
        payer_name=policy.payer_name if policy else None,
        subscriber_name=policy.subscriber_name if policy else None,
        relationship=policy.relationship_to_subscriber if policy else None,
        member_id_masked=mask(policy.member_id_last4) if policy and policy.member_id_encrypted else "",
        has_group_number=bool(policy and policy.group_number_encrypted),
        has_subscriber_dob=bool(policy and policy.subscriber_dob_encrypted),
        card_images=images,
    )
