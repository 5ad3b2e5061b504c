"""metrics: indexes for the dashboard, the staff member's time zone

Revision ID: 0060
Revises: 0050
Create Date: 2026-11-22 08:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0060"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=40), nullable=True))
    op.create_index("ix_inquiries_metrics", "inquiries", ["created_at", "first_attempt_at", "first_contact_at",
                                                          "disposition", "attempts_count", "source", "state"])
    op.create_index("ix_insurance_policies_inquiry_plan", "insurance_policies", ["inquiry_id", "plan_type"])
    op.create_index("ix_inquiry_events_metrics", "inquiry_events", ["kind", "at", "actor_id", "outcome", "inquiry_id"])
    op.create_index("ix_inquiry_events_actor_at", "inquiry_events", ["actor_id", "at"])
    op.create_index("ix_claims_metrics", "claims", ["claimed_at", "navigator_id", "ended_at", "end_reason"])
    op.create_index("ix_callbacks_metrics", "callbacks", ["due_at", "owner_id", "attempted_at", "cancelled_at"])
    unkept = sa.text("attempted_at IS NULL AND cancelled_at IS NULL")
    op.create_index("ix_callbacks_open_due", "callbacks", ["due_at", "inquiry_id"], sqlite_where=unkept,
                    postgresql_where=unkept)
    unattempted = sa.text("status IN ('waiting', 'claimed') AND first_attempt_at IS NULL")
    op.create_index("ix_inquiries_open_sla", "inquiries", ["sla_due_at"], sqlite_where=unattempted,
                    postgresql_where=unattempted)


def downgrade():
    for name, table in (("ix_inquiries_open_sla", "inquiries"), ("ix_callbacks_open_due", "callbacks"), ("ix_callbacks_metrics", "callbacks"),
                        ("ix_claims_metrics", "claims"), ("ix_inquiry_events_actor_at", "inquiry_events"),
                        ("ix_inquiry_events_metrics", "inquiry_events"),
                        ("ix_insurance_policies_inquiry_plan", "insurance_policies"),
                        ("ix_inquiries_metrics", "inquiries")):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone")
