"""meetings: recovery meetings and reports of changes

Revision ID: 0030
Revises: 0020
Create Date: 2026-11-22 08:25:06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('source_key', sa.String(length=160), nullable=False),
    sa.Column('fellowship', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('day_mask', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('location_name', sa.String(length=255), nullable=True),
    sa.Column('location_notes', sa.Text(), nullable=True),
    sa.Column('address', sa.String(length=255), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=True),
    sa.Column('postal_code', sa.String(length=12), nullable=True),
    sa.Column('country', sa.String(length=40), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('approximate', sa.Boolean(), nullable=False),
    sa.Column('conference_url', sa.String(length=500), nullable=True),
    sa.Column('conference_url_notes', sa.Text(), nullable=True),
    sa.Column('conference_phone', sa.String(length=80), nullable=True),
    sa.Column('conference_phone_notes', sa.Text(), nullable=True),
    sa.Column('type_codes', sa.String(length=255), nullable=False),
    sa.Column('attendance', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('group_name', sa.String(length=255), nullable=True),
    sa.Column('region', sa.String(length=120), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('slug', name=op.f('uq_meetings_slug')),
    sa.UniqueConstraint('source_key', name=op.f('uq_meetings_source_key'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_attendance_timezone', ['attendance', 'timezone'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_fellowship'), ['fellowship'], unique=False)
        batch_op.create_index('ix_meetings_lat_lon', ['latitude', 'longitude'], unique=False)

    op.create_table('meeting_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('problem', sa.String(length=40), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_reports_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_meeting_reports_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_reports'))
    )
    with op.batch_alter_table('meeting_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_reports_meeting_id'), ['meeting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meeting_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_reports_meeting_id'))

    op.drop_table('meeting_reports')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_lat_lon')
        batch_op.drop_index(batch_op.f('ix_meetings_fellowship'))
        batch_op.drop_index('ix_meetings_attendance_timezone')

    op.drop_table('meetings')
