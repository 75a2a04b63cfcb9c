"""prevention: screening ledger, key persons, escalated visits; roles grid_worker and village_secretary

Revision ID: t15_prevention
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 't15_prevention'
down_revision = "t14_desk"
branch_labels = None
depends_on = None


OLD_ROLES = ("clerk", "interviewer", "approver", "case_lead", "dept_head", "inspector", "admin")
NEW_ROLES = (*OLD_ROLES, "grid_worker", "village_secretary")


def _role_check(roles: tuple[str, ...]) -> None:
    """The staff_roles.role CHECK constraint lists every role; it is rebuilt with the new list (on SQLite
    by copying the table, which is what batch mode does)."""
    listed = ", ".join(f"'{r}'" for r in roles)
    with op.batch_alter_table("staff_roles", recreate="auto") as batch_op:
        batch_op.drop_constraint(op.f("ck_staff_roles_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_staff_roles_role"), sa.text(f"role IN ({listed})"))


def upgrade() -> None:
    _role_check(NEW_ROLES)
    op.create_table('sensitive_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('contact_every_days', sa.Integer(), nullable=False),
    sa.CheckConstraint('contact_every_days >= 1', name=op.f('ck_sensitive_periods_rhythm_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sensitive_periods'))
    )
    op.create_table('screening_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('grid', 'village', 'unit', name='reporterkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('grid', sa.String(length=64), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_screening_points_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_points')),
    sa.UniqueConstraint('kind', 'village_id', 'grid', 'unit', name=op.f('uq_screening_points_kind_village_id_grid_unit'))
    )
    with op.batch_alter_table('screening_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_points_village_id'), ['village_id'], unique=False)

    op.create_table('key_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petitioner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('key_person', 'long_term', name='keypersonkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason_cipher', sa.LargeBinary(), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('cadre_name', sa.String(length=64), nullable=False),
    sa.Column('case_lead_id', sa.Integer(), nullable=True),
    sa.Column('measures_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.Enum('stable', 'watch', 'lost', name='keypersonstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['staff.id'], name=op.f('fk_key_persons_cadre_id_staff')),
    sa.ForeignKeyConstraint(['case_lead_id'], ['staff.id'], name=op.f('fk_key_persons_case_lead_id_staff')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_key_persons_created_by_id_staff')),
    sa.ForeignKeyConstraint(['petitioner_id'], ['petitioners.id'], name=op.f('fk_key_persons_petitioner_id_petitioners')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_key_persons_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_persons')),
    sa.UniqueConstraint('petitioner_id', name=op.f('uq_key_persons_petitioner_id'))
    )
    with op.batch_alter_table('key_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_persons_village_id'), ['village_id'], unique=False)

    op.create_table('screening_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('reporter', sa.String(length=64), nullable=False),
    sa.Column('zero', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_screening_reports_created_by_id_staff')),
    sa.ForeignKeyConstraint(['point_id'], ['screening_points.id'], name=op.f('fk_screening_reports_point_id_screening_points')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_reports'))
    )
    with op.batch_alter_table('screening_reports', schema=None) as batch_op:
        batch_op.create_index('ix_screening_reports_point_on', ['point_id', 'reported_on'], unique=False)

    op.create_table('staff_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('grid', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_areas_staff_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_staff_areas_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_areas')),
    sa.UniqueConstraint('staff_id', 'village_id', 'grid', name=op.f('uq_staff_areas_staff_id_village_id_grid'))
    )
    with op.batch_alter_table('staff_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_areas_staff_id'), ['staff_id'], unique=False)

    op.create_table('key_person_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_person_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('visit', 'call', 'help', name='contactkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['staff.id'], name=op.f('fk_key_person_contacts_by_id_staff')),
    sa.ForeignKeyConstraint(['key_person_id'], ['key_persons.id'], name=op.f('fk_key_person_contacts_key_person_id_key_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_person_contacts'))
    )
    with op.batch_alter_table('key_person_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_person_contacts_key_person_id'), ['key_person_id'], unique=False)

    op.create_table('escalated_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('level', sa.Enum('county', 'city', 'province', 'beijing', name='escalationlevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('abnormal', sa.Boolean(), nullable=False),
    sa.Column('group', sa.Boolean(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('petitioner_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Enum('notice', 'assignment', name='escalationsource', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reported_by', sa.String(length=100), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('headcount >= 1', name=op.f('ck_escalated_visits_headcount_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_escalated_visits_created_by_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_escalated_visits_matter_id_matters')),
    sa.ForeignKeyConstraint(['petitioner_id'], ['petitioners.id'], name=op.f('fk_escalated_visits_petitioner_id_petitioners')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_escalated_visits_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalated_visits'))
    )
    with op.batch_alter_table('escalated_visits', schema=None) as batch_op:
        batch_op.create_index('ix_escalated_visits_occurred_on', ['occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalated_visits_petitioner_id'), ['petitioner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalated_visits_village_id'), ['village_id'], unique=False)

    op.create_table('screening_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('reporter_kind', sa.Enum('grid', 'village', 'unit', name='reporterkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('parties_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('key_persons_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('development', sa.Text(), nullable=False),
    sa.Column('handling', sa.Text(), nullable=False),
    sa.Column('level', sa.Enum('red', 'yellow', 'green', name='risk', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('handling', 'resolved', 'converted', name='screeningstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('follow_up_due', sa.DateTime(timezone=True), nullable=True),
    sa.Column('followed_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('follow_up_note', sa.Text(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('converted_on', sa.Date(), nullable=True),
    sa.Column('matter_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('people >= 0', name=op.f('ck_screening_items_people_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_screening_items_created_by_id_staff')),
    sa.ForeignKeyConstraint(['matter_id'], ['matters.id'], name=op.f('fk_screening_items_matter_id_matters')),
    sa.ForeignKeyConstraint(['point_id'], ['screening_points.id'], name=op.f('fk_screening_items_point_id_screening_points')),
    sa.ForeignKeyConstraint(['report_id'], ['screening_reports.id'], name=op.f('fk_screening_items_report_id_screening_reports')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_screening_items_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_items'))
    )
    with op.batch_alter_table('screening_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_items_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_items_point_id'), ['point_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_screening_items_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_screening_items_reported_on', ['reported_on'], unique=False)
        batch_op.create_index('ix_screening_items_village_on', ['village_id', 'reported_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('screening_items', schema=None) as batch_op:
        batch_op.drop_index('ix_screening_items_village_on')
        batch_op.drop_index('ix_screening_items_reported_on')
        batch_op.drop_index(batch_op.f('ix_screening_items_report_id'))
        batch_op.drop_index(batch_op.f('ix_screening_items_point_id'))
        batch_op.drop_index(batch_op.f('ix_screening_items_matter_id'))

    op.drop_table('screening_items')
    with op.batch_alter_table('escalated_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalated_visits_village_id'))
        batch_op.drop_index(batch_op.f('ix_escalated_visits_petitioner_id'))
        batch_op.drop_index('ix_escalated_visits_occurred_on')

    op.drop_table('escalated_visits')
    with op.batch_alter_table('key_person_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_person_contacts_key_person_id'))

    op.drop_table('key_person_contacts')
    with op.batch_alter_table('staff_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_areas_staff_id'))

    op.drop_table('staff_areas')
    with op.batch_alter_table('screening_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_screening_reports_point_on')

    op.drop_table('screening_reports')
    with op.batch_alter_table('key_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_persons_village_id'))

    op.drop_table('key_persons')
    with op.batch_alter_table('screening_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_points_village_id'))

    op.drop_table('screening_points')
    op.drop_table('sensitive_periods')
    op.execute("DELETE FROM staff_roles WHERE role IN ('grid_worker', 'village_secretary')")
    _role_check(OLD_ROLES)
