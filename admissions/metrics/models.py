"""Indexes the dashboard reads through, attached to the intake tables it only reads.

They are declared here (not in ``intake/models.py``) because metrics owns their reason to exist;
``admissions/models.py`` imports this module so Alembic sees them.
"""

from __future__ import annotations

from sqlalchemy import Index

from admissions.intake.models import Callback, InquiryEvent

#: Live panel: open callbacks (not attempted, not cancelled) by due time.
ix_callbacks_open_due = Index("ix_callbacks_open_due", Callback.attempted_at, Callback.cancelled_at,
                              Callback.due_at)
#: Who was active recently, and each navigator's attempts in a range.
ix_inquiry_events_actor_at = Index("ix_inquiry_events_actor_at", InquiryEvent.actor_id, InquiryEvent.at)
