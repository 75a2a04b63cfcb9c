"""initial schema: the whole procedure

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

def upgrade() -> None:

    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('counters',
    sa.Column('series', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('series', 'year', name=op.f('pk_counters'))
    )
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('name', name=op.f('uq_departments_name'))
    )
    op.create_table('villages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_villages')),
    sa.UniqueConstraint('name', name=op.f('uq_villages_name'))
    )
    op.create_table('petitioners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('id_index', sa.String(length=64), nullable=True),
    sa.Column('id_masked', sa.String(length=32), nullable=True),
    sa.Column('phone_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('phone_index', sa.String(length=64), nullable=True),
    sa.Column('phone_masked', sa.String(length=32), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=8), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('grid', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_petitioners_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petitioners')),
    sa.UniqueConstraint('id_index', name=op.f('uq_petitioners_id_index'))
    )
    with op.batch_alter_table('petitioners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitioners_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitioners_phone_index'), ['phone_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitioners_village_id'), ['village_id'], unique=False)

    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('legal', 'livelihood', 'dispute', 'policy', 'legacy', name='category', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('regulation_type', sa.Enum('suggestion', 'accusation', 'appeal', name='regulationtype', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('appeal_route', sa.Enum('litigation', 'arbitration', 'party_appeal', 'administrative', 'enforcement', 'petition', name='appealroute', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_routing_rules_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules')),
    sa.UniqueConstraint('category', 'regulation_type', 'appeal_route', name=op.f('uq_routing_rules_category_regulation_type_appeal_route'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('photo_png', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_staff_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_audit_log_actor_id_staff')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_target_id'), ['target_id'], unique=False)

    op.create_table('calendar_overrides',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['set_by_id'], ['staff.id'], name=op.f('fk_calendar_overrides_set_by_id_staff')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_overrides'))
    )
    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_staff_id', sa.Integer(), nullable=False),
    sa.Column('to_staff_id', sa.Integer(), nullable=False),
    sa.Column('matter_ids', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff.id'], name=op.f('fk_handovers_done_by_id_staff')),
    sa.ForeignKeyConstraint(['from_staff_id'], ['staff.id'], name=op.f('fk_handovers_from_staff_id_staff')),
    sa.ForeignKeyConstraint(['to_staff_id'], ['staff.id'], name=op.f('fk_handovers_to_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers'))
    )
    op.create_table('intake_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_intake_drafts_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_drafts'))
    )
    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_drafts_staff_id'), ['staff_id'], unique=False)

    op.create_table('leader_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('batches', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('solved_on_spot', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['staff.id'], name=op.f('fk_leader_sessions_leader_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leader_sessions')),
    sa.UniqueConstraint('leader_id', 'day', name=op.f('uq_leader_sessions_leader_id_day'))
    )
    with op.batch_alter_table('leader_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leader_sessions_day'), ['day'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['staff.id'], name=op.f('fk_settings_updated_by_id_staff')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('staff_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('clerk', 'interviewer', 'approver', 'case_lead', 'dept_head', 'inspector', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_roles_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_roles')),
    sa.UniqueConstraint('staff_id', 'role', name=op.f('uq_staff_roles_staff_id_role'))
    )
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_roles_staff_id'), ['staff_id'], unique=False)

    op.create_table('matters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.Enum('visit', 'letter', 'online', 'phone', name='channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('petitioner_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('demands', sa.Text(), nullable=False),
    sa.Column('accepts_mediation', sa.Boolean(), nullable=False),
    sa.Column('group_size', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'interviewed', 'classified', 'pending_approval', 'assigned', 'paused', 'replied', 'closed', 'under_review', 'terminated', name='matterstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('regulation_type', sa.Enum('suggestion', 'accusation', 'appeal', name='regulationtype', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('appeal_route', sa.Enum('litigation', 'arbitration', 'party_appeal', 'administrative', 'enforcement', 'petition', name='appealroute', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('category', sa.Enum('legal', 'livelihood', 'dispute', 'policy', 'legacy', name='category', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('key_domains', sa.JSON(), nullable=False),
    sa.Column('risk', sa.Enum('red', 'yellow', 'green', name='risk', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('complexity', sa.Enum('simple', 'complex', name='complexity', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('restricted', sa.Boolean(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('first_handler_id', sa.Integer(), nullable=True),
    sa.Column('case_lead_id', sa.Integer(), nullable=True),
    sa.Column('approver_id', sa.Integer(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=False),
    sa.Column('visits_30d', sa.Integer(), nullable=False),
    sa.Column('repeat_alert', sa.Enum('green', 'yellow', 'red', name='alertlevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('linked_matter_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('leader_session_id', sa.Integer(), nullable=True),
    sa.Column('assign_due', sa.Date(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('handling_due', sa.Date(), nullable=True),
    sa.Column('solved_at_first_contact', sa.Boolean(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('evaluation_due', sa.Date(), nullable=True),
    sa.Column('callback_due', sa.Date(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('group_size >= 1', name=op.f('ck_matters_group_size_positive')),
    sa.ForeignKeyConstraint(['approver_id'], ['staff.id'], name=op.f('fk_matters_approver_id_staff')),
    sa.ForeignKeyConstraint(['case_lead_id'], ['staff.id'], name=op.f('fk_matters_case_lead_id_staff')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_matters_department_id_departments')),
    sa.ForeignKeyConstraint(['first_handler_id'], ['staff.id'], name=op.f('fk_matters_first_handler_id_staff')),
    sa.ForeignKeyConstraint(['leader_session_id'], ['leader_sessions.id'], name=op.f('fk_matters_leader_session_id_leader_sessions')),
    sa.ForeignKeyConstraint(['linked_matter_id'], ['matters.id'], name=op.f('fk_matters_linked_matter_id_matters')),
    sa.ForeignKeyConstraint(['petitioner_id'], ['petitioners.id'], name=op.f('fk_matters_petitioner_id_petitioners')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['staff.id'], name=op.f('fk_matters_registered_by_id_staff')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_matters_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matters')),
    sa.UniqueConstraint('case_number', name=op.f('uq_matters_case_number')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_matters_year_seq'))
    )
    with op.batch_alter_table('matters', schema=None) as batch_op:
        batch_op.create_index('ix_matters_category_registered', ['category', 'registered_on'], unique=False)
        batch_op.create_index('ix_matters_closed_on', ['closed_on'], unique=False)
        batch_op.create_index('ix_matters_department_registered', ['department_id', 'registered_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_matters_first_handler_id'), ['first_handler_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matters_handling_due'), ['handling_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_matters_leader_session_id'), ['leader_session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matters_linked_matter_id'), ['linked_matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matters_petitioner_id'), ['petitioner_id'], unique=False)
        batch_op.create_index('ix_matters_registered_on', ['registered_on'], unique=False)
        batch_op.create_index('ix_matters_status_due', ['status', 'handling_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_matters_village_id'), ['village_id'], unique=False)

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('complexity', sa.Enum('simple', 'complex', name='complexity', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('limit_amount', sa.Integer(), nullable=False),
    sa.Column('limit_unit', sa.Enum('working', 'calendar', name='dayunit', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('first_handler_id', sa.Integer(), nullable=False),
    sa.Column('case_lead_id', sa.Integer(), nullable=True),
    sa.Column('approver_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('handling_due', sa.Date(), nullable=True),
    sa.Column('approval_note', sa.Text(), nullable=False),
    sa.Column('approval_strokes', sa.JSON(), nullable=False),
    sa.Column('rejected', sa.Boolean(), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['approver_id'], ['staff.id'], name=op.f('fk_assignments_approver_id_staff')),
    sa.ForeignKeyConstraint(['case_lead_id'], ['staff.id'], name=op.f('fk_assignments_case_lead_id_staff')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_assignments_department_id_departments')),
    sa.ForeignKeyConstraint(['first_handler_id'], ['staff.id'], name=op.f('fk_assignments_first_handler_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_assignments_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['staff.id'], name=op.f('fk_assignments_submitted_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_matter_id'), ['matter_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['staff.id'], name=op.f('fk_attachments_added_by_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_attachments_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('matter_id', 'sha256', name=op.f('uq_attachments_matter_id_sha256'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)

    op.create_table('callbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('called_on', sa.Date(), nullable=False),
    sa.Column('reached', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_callbacks_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_callbacks_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks'))
    )
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callbacks_matter_id'), ['matter_id'], unique=False)

    op.create_table('deadline_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('pause', 'extension', name='pausekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.Column('unit', sa.Enum('working', 'calendar', name='dayunit', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approver_id'], ['staff.id'], name=op.f('fk_deadline_changes_approver_id_staff')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_deadline_changes_created_by_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_deadline_changes_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_changes'))
    )
    with op.batch_alter_table('deadline_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_changes_matter_id'), ['matter_id'], unique=False)

    op.create_table('decision_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Enum('support', 'explain', 'reject', name='outcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('review_body', sa.String(length=200), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Enum('draft', 'final', name='letterstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('document_number', sa.String(length=64), nullable=True),
    sa.Column('dept_head_id', sa.Integer(), nullable=True),
    sa.Column('case_lead_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finalized_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_lead_id'], ['staff.id'], name=op.f('fk_decision_letters_case_lead_id_staff')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_decision_letters_created_by_id_staff')),
    sa.ForeignKeyConstraint(['dept_head_id'], ['staff.id'], name=op.f('fk_decision_letters_dept_head_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_decision_letters_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_letters')),
    sa.UniqueConstraint('document_number', name=op.f('uq_decision_letters_document_number'))
    )
    with op.batch_alter_table('decision_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_letters_matter_id'), ['matter_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('satisfied', 'basically', 'dissatisfied', name='satisfaction', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_evaluations_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff.id'], name=op.f('fk_evaluations_recorded_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_recorded_on'), ['recorded_on'], unique=False)

    op.create_table('interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=False),
    sa.Column('interviewer_id', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('scope_notice_confirmed', sa.Boolean(), nullable=False),
    sa.Column('no_recording_reason', sa.Text(), nullable=True),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['staff.id'], name=op.f('fk_interviews_clerk_id_staff')),
    sa.ForeignKeyConstraint(['interviewer_id'], ['staff.id'], name=op.f('fk_interviews_interviewer_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_interviews_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_matter_id'), ['matter_id'], unique=False)

    op.create_table('matter_departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_matter_departments_department_id_departments')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_matter_departments_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter_departments')),
    sa.UniqueConstraint('matter_id', 'department_id', name=op.f('uq_matter_departments_matter_id_department_id'))
    )
    with op.batch_alter_table('matter_departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_departments_matter_id'), ['matter_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('before', 'during', 'after', name='meetingstage', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_meetings_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_meetings_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_matter_id'), ['matter_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('recheck', 'reexamine', name='reviewkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('upheld', 'changed', name='reviewoutcome', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['inspector_id'], ['staff.id'], name=op.f('fk_reviews_inspector_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_reviews_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['staff.id'], name=op.f('fk_reviews_opened_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_matter_id'), ['matter_id'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('petitioner_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('visit', 'letter', 'online', 'phone', name='channel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('leader_session_id', sa.Integer(), nullable=True),
    sa.Column('registered_by_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('headcount >= 1', name=op.f('ck_visits_headcount_positive')),
    sa.ForeignKeyConstraint(['leader_session_id'], ['leader_sessions.id'], name=op.f('fk_visits_leader_session_id_leader_sessions')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_visits_matter_id_matters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['petitioner_id'], ['petitioners.id'], name=op.f('fk_visits_petitioner_id_petitioners')),
    sa.ForeignKeyConstraint(['registered_by_id'], ['staff.id'], name=op.f('fk_visits_registered_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_leader_session_id'), ['leader_session_id'], unique=False)
        batch_op.create_index('ix_visits_matter_on', ['matter_id', 'occurred_on'], unique=False)
        batch_op.create_index('ix_visits_occurred_on', ['occurred_on', 'matter_id', 'headcount'], unique=False)
        batch_op.create_index('ix_visits_petitioner_on', ['petitioner_id', 'occurred_on'], unique=False)

    op.create_table('letter_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('signer_role', sa.Enum('dept_head', 'case_lead', name='signerrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('strokes', sa.JSON(), nullable=False),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['decision_letters.id'], name=op.f('fk_letter_signatures_letter_id_decision_letters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signer_id'], ['staff.id'], name=op.f('fk_letter_signatures_signer_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_signatures'))
    )
    with op.batch_alter_table('letter_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_signatures_letter_id'), ['letter_id'], unique=False)

    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('manifest_path', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('duration_seconds', sa.Double(), nullable=False),
    sa.Column('recovered', sa.Boolean(), nullable=False),
    sa.Column('sealed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_recordings_interview_id_interviews')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_recordings_matter_id_matters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings'))
    )
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordings_matter_id'), ['matter_id'], unique=False)

    op.create_table('representatives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('id_index', sa.String(length=64), nullable=True),
    sa.Column('phone_cipher', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_representatives_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_representatives'))
    )
    with op.batch_alter_table('representatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_representatives_id_index'), ['id_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_representatives_visit_id'), ['visit_id'], unique=False)

def downgrade() -> None:

    with op.batch_alter_table('representatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_representatives_visit_id'))
        batch_op.drop_index(batch_op.f('ix_representatives_id_index'))

    op.drop_table('representatives')
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordings_matter_id'))

    op.drop_table('recordings')
    with op.batch_alter_table('letter_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_signatures_letter_id'))

    op.drop_table('letter_signatures')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_petitioner_on')
        batch_op.drop_index('ix_visits_occurred_on')
        batch_op.drop_index('ix_visits_matter_on')
        batch_op.drop_index(batch_op.f('ix_visits_leader_session_id'))

    op.drop_table('visits')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_matter_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_matter_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('matter_departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matter_departments_matter_id'))

    op.drop_table('matter_departments')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_matter_id'))

    op.drop_table('interviews')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_recorded_on'))
        batch_op.drop_index(batch_op.f('ix_evaluations_matter_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('decision_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_letters_matter_id'))

    op.drop_table('decision_letters')
    with op.batch_alter_table('deadline_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_changes_matter_id'))

    op.drop_table('deadline_changes')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callbacks_matter_id'))

    op.drop_table('callbacks')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_matter_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_matter_id'))

    op.drop_table('assignments')
    with op.batch_alter_table('matters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matters_village_id'))
        batch_op.drop_index('ix_matters_status_due')
        batch_op.drop_index('ix_matters_registered_on')
        batch_op.drop_index(batch_op.f('ix_matters_petitioner_id'))
        batch_op.drop_index(batch_op.f('ix_matters_linked_matter_id'))
        batch_op.drop_index(batch_op.f('ix_matters_leader_session_id'))
        batch_op.drop_index(batch_op.f('ix_matters_handling_due'))
        batch_op.drop_index(batch_op.f('ix_matters_first_handler_id'))
        batch_op.drop_index('ix_matters_department_registered')
        batch_op.drop_index('ix_matters_closed_on')
        batch_op.drop_index('ix_matters_category_registered')

    op.drop_table('matters')
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_roles_staff_id'))

    op.drop_table('staff_roles')
    op.drop_table('settings')
    with op.batch_alter_table('leader_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leader_sessions_day'))

    op.drop_table('leader_sessions')
    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_drafts_staff_id'))

    op.drop_table('intake_drafts')
    op.drop_table('handovers')
    op.drop_table('calendar_overrides')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_target_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('staff')
    op.drop_table('routing_rules')
    with op.batch_alter_table('petitioners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitioners_village_id'))
        batch_op.drop_index(batch_op.f('ix_petitioners_phone_index'))
        batch_op.drop_index(batch_op.f('ix_petitioners_name'))

    op.drop_table('petitioners')
    op.drop_table('villages')
    op.drop_table('departments')
    op.drop_table('counters')
    op.drop_table('audit_head')

