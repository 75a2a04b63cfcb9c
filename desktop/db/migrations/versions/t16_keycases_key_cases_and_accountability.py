"""key cases and accountability

Revision ID: t16_keycases
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 't16_keycases'
down_revision = "t15_prevention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('callback_draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('population', sa.JSON(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['staff.id'], name=op.f('fk_callback_draws_drawn_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_draws')),
    sa.UniqueConstraint('month', name=op.f('uq_callback_draws_month'))
    )
    with op.batch_alter_table('callback_draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_draws_quarter'), ['quarter'], unique=False)

    op.create_table('callback_draw_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('result', sa.Enum('satisfied', 'basically', 'dissatisfied', 'unreached', name='callbackresult', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('resolved', sa.Boolean(), nullable=True),
    sa.Column('conduct_ok', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('called_on', sa.Date(), nullable=True),
    sa.Column('called_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['called_by_id'], ['staff.id'], name=op.f('fk_callback_draw_items_called_by_id_staff')),
    sa.ForeignKeyConstraint(['draw_id'], ['callback_draws.id'], name=op.f('fk_callback_draw_items_draw_id_callback_draws'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_callback_draw_items_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_draw_items')),
    sa.UniqueConstraint('draw_id', 'matter_id', name=op.f('uq_callback_draw_items_draw_id_matter_id'))
    )
    with op.batch_alter_table('callback_draw_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_draw_items_draw_id'), ['draw_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_callback_draw_items_matter_id'), ['matter_id'], unique=False)

    op.create_table('channel_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('letter', 'online', 'hotline', name='receiptchannel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('incomplete', sa.Boolean(), nullable=False),
    sa.Column('contact_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contacted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_channel_receipts_matter_id_matters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_channel_receipts_recorded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_receipts'))
    )
    with op.batch_alter_table('channel_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_receipts_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index('ix_channel_receipts_received', ['channel', 'received_at'], unique=False)

    op.create_table('key_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('key', 'backlog', name='keycasekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Enum('red_warning', 'unresolved', 'from_above', 'leader_instruction', 'historical', name='keycasereason', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason_note', sa.Text(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('background', sa.Text(), nullable=False),
    sa.Column('core_demand', sa.Text(), nullable=False),
    sa.Column('since_on', sa.Date(), nullable=False),
    sa.Column('limit_on', sa.Date(), nullable=True),
    sa.Column('plan_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('flagged_by_id', sa.Integer(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['flagged_by_id'], ['staff.id'], name=op.f('fk_key_cases_flagged_by_id_staff')),
    sa.ForeignKeyConstraint(['leader_id'], ['staff.id'], name=op.f('fk_key_cases_leader_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_key_cases_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_cases')),
    sa.UniqueConstraint('matter_id', name=op.f('uq_key_cases_matter_id'))
    )
    with op.batch_alter_table('key_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_cases_leader_id'), ['leader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_cases_resolved_on'), ['resolved_on'], unique=False)

    op.create_table('mediations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('screening_item_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('mediators', sa.JSON(), nullable=False),
    sa.Column('party_a', sa.String(length=200), nullable=False),
    sa.Column('party_b', sa.String(length=200), nullable=False),
    sa.Column('dispute', sa.Text(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('agreed', 'failed', 'to_court', name='mediationoutcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('document_number', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('matter_id IS NOT NULL OR screening_item_id IS NOT NULL', name=op.f('ck_mediations_has_subject')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_mediations_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_mediations_recorded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediations')),
    sa.UniqueConstraint('document_number', name=op.f('uq_mediations_document_number'))
    )
    with op.batch_alter_table('mediations', schema=None) as batch_op:
        batch_op.create_index('ix_mediations_held_on', ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediations_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediations_screening_item_id'), ['screening_item_id'], unique=False)

    op.create_table('key_case_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.Enum('township', 'village', name='memberlevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['key_case_id'], ['key_cases.id'], name=op.f('fk_key_case_members_key_case_id_key_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_key_case_members_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_case_members'))
    )
    with op.batch_alter_table('key_case_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_case_members_key_case_id'), ['key_case_id'], unique=False)

    op.create_table('key_case_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_case_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['key_case_id'], ['key_cases.id'], name=op.f('fk_key_case_plans_key_case_id_key_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['made_by_id'], ['staff.id'], name=op.f('fk_key_case_plans_made_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_case_plans')),
    sa.UniqueConstraint('key_case_id', name=op.f('uq_key_case_plans_key_case_id'))
    )
    op.create_table('key_case_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_case_id', sa.Integer(), nullable=False),
    sa.Column('week_of', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['key_case_id'], ['key_cases.id'], name=op.f('fk_key_case_progress_key_case_id_key_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_key_case_progress_recorded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_case_progress'))
    )
    with op.batch_alter_table('key_case_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_case_progress_key_case_id'), ['key_case_id'], unique=False)

    op.create_table('mediation_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mediation_id', sa.Integer(), nullable=False),
    sa.Column('signer', sa.Enum('party_a', 'party_b', 'mediator', name='mediationsigner', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('strokes', sa.JSON(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mediation_id'], ['mediations.id'], name=op.f('fk_mediation_signatures_mediation_id_mediations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_signatures')),
    sa.UniqueConstraint('mediation_id', 'signer', name=op.f('uq_mediation_signatures_mediation_id_signer'))
    )
    with op.batch_alter_table('mediation_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_signatures_mediation_id'), ['mediation_id'], unique=False)

    op.create_table('key_case_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['staff.id'], name=op.f('fk_key_case_steps_owner_id_staff')),
    sa.ForeignKeyConstraint(['plan_id'], ['key_case_plans.id'], name=op.f('fk_key_case_steps_plan_id_key_case_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_case_steps')),
    sa.UniqueConstraint('plan_id', 'seq', name=op.f('uq_key_case_steps_plan_id_seq'))
    )
    with op.batch_alter_table('key_case_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_case_steps_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_case_steps_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_case_steps_plan_id'), ['plan_id'], unique=False)

    op.create_table('panel_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('claim', sa.Text(), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('average_x100', sa.Integer(), nullable=False),
    sa.Column('route', sa.Enum('courts', 'normal', 'green', name='panelroute', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('recording_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_panel_sessions_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_panel_sessions_recorded_by_id_staff')),
    sa.ForeignKeyConstraint(['recording_id'], ['recordings.id'], name=op.f('fk_panel_sessions_recording_id_recordings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_sessions'))
    )
    with op.batch_alter_table('panel_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_sessions_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_panel_sessions_matter_id'), ['matter_id'], unique=False)

    op.create_table('cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('color', sa.Enum('yellow', 'red', name='cardcolor', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('source', sa.Enum('plan_step', 'plan_late', 'matter_deadline', name='cardsource', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('missed_due', sa.Date(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('appeal_reason', sa.Text(), nullable=True),
    sa.Column('appealed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.Enum('upheld', 'revoked', name='appealdecision', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff.id'], name=op.f('fk_cards_decided_by_id_staff')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['staff.id'], name=op.f('fk_cards_issued_by_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_cards_matter_id_matters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_cards_staff_id_staff')),
    sa.ForeignKeyConstraint(['step_id'], ['key_case_steps.id'], name=op.f('fk_cards_step_id_key_case_steps'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards')),
    sa.UniqueConstraint('staff_id', 'subject', name=op.f('uq_cards_staff_id_subject'))
    )
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cards_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index('ix_cards_staff_year', ['staff_id', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_cards_year'), ['year'], unique=False)

    op.create_table('panel_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('member', sa.String(length=64), nullable=False),
    sa.Column('reasonable', sa.Integer(), nullable=False),
    sa.Column('hardship', sa.Integer(), nullable=False),
    sa.Column('policy', sa.Integer(), nullable=False),
    sa.CheckConstraint('hardship BETWEEN 0 AND 10', name=op.f('ck_panel_scores_hardship_range')),
    sa.CheckConstraint('policy BETWEEN 0 AND 10', name=op.f('ck_panel_scores_policy_range')),
    sa.CheckConstraint('reasonable BETWEEN 0 AND 10', name=op.f('ck_panel_scores_reasonable_range')),
    sa.ForeignKeyConstraint(['session_id'], ['panel_sessions.id'], name=op.f('fk_panel_scores_session_id_panel_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_scores'))
    )
    with op.batch_alter_table('panel_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_scores_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('panel_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_scores_session_id'))

    op.drop_table('panel_scores')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cards_year'))
        batch_op.drop_index('ix_cards_staff_year')
        batch_op.drop_index(batch_op.f('ix_cards_matter_id'))

    op.drop_table('cards')
    with op.batch_alter_table('panel_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_sessions_matter_id'))
        batch_op.drop_index(batch_op.f('ix_panel_sessions_held_on'))

    op.drop_table('panel_sessions')
    with op.batch_alter_table('key_case_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_case_steps_plan_id'))
        batch_op.drop_index(batch_op.f('ix_key_case_steps_owner_id'))
        batch_op.drop_index(batch_op.f('ix_key_case_steps_due_on'))

    op.drop_table('key_case_steps')
    with op.batch_alter_table('mediation_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_signatures_mediation_id'))

    op.drop_table('mediation_signatures')
    with op.batch_alter_table('key_case_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_case_progress_key_case_id'))

    op.drop_table('key_case_progress')
    op.drop_table('key_case_plans')
    with op.batch_alter_table('key_case_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_case_members_key_case_id'))

    op.drop_table('key_case_members')
    with op.batch_alter_table('mediations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediations_screening_item_id'))
        batch_op.drop_index(batch_op.f('ix_mediations_matter_id'))
        batch_op.drop_index('ix_mediations_held_on')

    op.drop_table('mediations')
    with op.batch_alter_table('key_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_cases_resolved_on'))
        batch_op.drop_index(batch_op.f('ix_key_cases_leader_id'))

    op.drop_table('key_cases')
    with op.batch_alter_table('channel_receipts', schema=None) as batch_op:
        batch_op.drop_index('ix_channel_receipts_received')
        batch_op.drop_index(batch_op.f('ix_channel_receipts_matter_id'))

    op.drop_table('channel_receipts')
    with op.batch_alter_table('callback_draw_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_draw_items_matter_id'))
        batch_op.drop_index(batch_op.f('ix_callback_draw_items_draw_id'))

    op.drop_table('callback_draw_items')
    with op.batch_alter_table('callback_draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_draws_quarter'))

    op.drop_table('callback_draws')
