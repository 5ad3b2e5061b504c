"""drop the (code, facility) index on facility_codes: search reads the bitmask columns instead

Revision ID: 0061
Revises: 0060
Create Date: 2026-11-22

Every search filters on the per-category bitmask columns of ``facilities``; nothing reads
``facility_codes`` by code any more, and keeping a second index over 2.4 million rows made every
import pay for it.
"""
from alembic import op

revision = "0061"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facility_codes", schema=None) as batch_op:
        batch_op.drop_index("ix_facility_codes_code_facility")


def downgrade():
    with op.batch_alter_table("facility_codes", schema=None) as batch_op:
        batch_op.create_index("ix_facility_codes_code_facility", ["code", "facility_id"], unique=False)
