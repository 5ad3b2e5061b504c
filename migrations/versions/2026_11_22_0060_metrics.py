"""metrics: indexes for the dashboard, the staff member's time zone

Revision ID: 0060
Revises: 0010
Create Date: 2026-11-22 08:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0060"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=40), nullable=True))
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.create_index("ix_callbacks_open_due", ["attempted_at", "cancelled_at", "due_at"], unique=False)
    with op.batch_alter_table("inquiry_events", schema=None) as batch_op:
        batch_op.create_index("ix_inquiry_events_actor_at", ["actor_id", "at"], unique=False)


def downgrade():
    with op.batch_alter_table("inquiry_events", schema=None) as batch_op:
        batch_op.drop_index("ix_inquiry_events_actor_at")
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.drop_index("ix_callbacks_open_due")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("timezone")
