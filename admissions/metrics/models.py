"""Indexes the dashboard reads through, attached to the intake tables it only reads.

They are declared here (not in ``intake/models.py``) because metrics owns their reason to exist;
``admissions/models.py`` imports this module so Alembic sees them. The covering ones let the
history figures for a month be counted from the index alone, without visiting the wide rows.
"""

from __future__ import annotations

from sqlalchemy import Index, and_

from admissions.intake.models import Callback, Claim, Inquiry, InquiryEvent, InsurancePolicy

#: History: every column a cohort figure needs, in creation order.
ix_inquiries_metrics = Index("ix_inquiries_metrics", Inquiry.created_at, Inquiry.first_attempt_at,
                             Inquiry.first_contact_at, Inquiry.disposition, Inquiry.attempts_count, Inquiry.source,
                             Inquiry.state)
#: History: plan type per inquiry without reading the (encrypted, wide) policy row.
ix_insurance_policies_inquiry_plan = Index("ix_insurance_policies_inquiry_plan", InsurancePolicy.inquiry_id,
                                           InsurancePolicy.plan_type)
#: History by navigator: attempts and closes in a range, by whom, with what outcome.
ix_inquiry_events_metrics = Index("ix_inquiry_events_metrics", InquiryEvent.kind, InquiryEvent.at,
                                  InquiryEvent.actor_id, InquiryEvent.outcome, InquiryEvent.inquiry_id)
#: History: claims taken in a range, by whom, how they ended.
ix_claims_metrics = Index("ix_claims_metrics", Claim.claimed_at, Claim.navigator_id, Claim.ended_at, Claim.end_reason)
#: History: callbacks due in a range and whether they were kept.
ix_callbacks_metrics = Index("ix_callbacks_metrics", Callback.due_at, Callback.owner_id, Callback.attempted_at,
                             Callback.cancelled_at)
#: Live panel: callbacks not kept yet (not attempted, not cancelled), by due time.
ix_callbacks_open_due = Index("ix_callbacks_open_due", Callback.due_at, Callback.inquiry_id,
                              sqlite_where=and_(Callback.attempted_at.is_(None), Callback.cancelled_at.is_(None)),
                              postgresql_where=and_(Callback.attempted_at.is_(None), Callback.cancelled_at.is_(None)))
#: Live panel: open inquiries nobody has called yet, by first-attempt deadline.
_OPEN_UNATTEMPTED = and_(Inquiry.status.in_(("waiting", "claimed")), Inquiry.first_attempt_at.is_(None))
ix_inquiries_open_sla = Index("ix_inquiries_open_sla", Inquiry.sla_due_at, sqlite_where=_OPEN_UNATTEMPTED,
                              postgresql_where=_OPEN_UNATTEMPTED)
#: Live panel: who was active recently.
ix_inquiry_events_actor_at = Index("ix_inquiry_events_actor_at", InquiryEvent.actor_id, InquiryEvent.at)
