"""directory search: per-category service-code bitmasks on facilities

Revision ID: 0020
Revises: 0010
Create Date: 2026-11-22 08:40:00

Existing rows get their bits from facility_codes here, one UPDATE per code.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bits_tc', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_set', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_om', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_ot', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_phr', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_detox', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_tap', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_pay', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_pyas', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_age', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_gn', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_sg', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_sl', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_scr', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_trsrv', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_as', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_lca', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_excl', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bits_fop', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_facilities_search', [
            'bits_tc', 'bits_set', 'bits_om', 'bits_ot', 'bits_phr', 'bits_detox', 'bits_tap', 'bits_pay', 'bits_pyas', 'bits_age', 'bits_gn', 'bits_sg', 'bits_sl', 'bits_scr', 'bits_trsrv', 'bits_as', 'bits_lca', 'bits_excl', 'bits_fop',
            'active', 'mental_health_only', 'verified_at', 'latitude', 'longitude'], unique=False)

    from admissions.directory.search_index import code_bits, column_name

    for code, (category, bit) in code_bits().items():
        column = column_name(category)
        op.execute(sa.text(
            f"UPDATE facilities SET {column} = {column} | :bit "
            "WHERE id IN (SELECT facility_id FROM facility_codes WHERE code = :code)"
        ).bindparams(bit=bit, code=code))


def downgrade():
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.drop_index('ix_facilities_search')
        batch_op.drop_column('bits_fop')
        batch_op.drop_column('bits_excl')
        batch_op.drop_column('bits_lca')
        batch_op.drop_column('bits_as')
        batch_op.drop_column('bits_trsrv')
        batch_op.drop_column('bits_scr')
        batch_op.drop_column('bits_sl')
        batch_op.drop_column('bits_sg')
        batch_op.drop_column('bits_gn')
        batch_op.drop_column('bits_age')
        batch_op.drop_column('bits_pyas')
        batch_op.drop_column('bits_pay')
        batch_op.drop_column('bits_tap')
        batch_op.drop_column('bits_detox')
        batch_op.drop_column('bits_phr')
        batch_op.drop_column('bits_ot')
        batch_op.drop_column('bits_om')
        batch_op.drop_column('bits_set')
        batch_op.drop_column('bits_tc')
