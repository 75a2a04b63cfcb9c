"""figures: matter status history, highest warning reached, archived month reports

Revision ID: t13_figures
Revises: 0001
Create Date: 2026-11-30

Existing matters get their history back-filled from what the row still tells: registered on its
registration day, then its current status dated by its closing day (closed/terminated), its assignment
day (being handled) or its registration day. Later changes are written by the services as they happen.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t13_figures"
down_revision = "t12_documents"
branch_labels = None
depends_on = None

STATUSES = ("registered", "interviewed", "classified", "pending_approval", "assigned", "paused", "replied",
            "closed", "under_review", "terminated")
LEVELS = ("green", "yellow", "red")


def upgrade() -> None:
    op.create_table(
        "matter_status_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum(*STATUSES, name="matterstatus", native_enum=False, create_constraint=True,
                                    length=32), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handling_due", sa.Date(), nullable=True),
        sa.Column("backdated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["matter_id"], ["matters.id"],
                                name=op.f("fk_matter_status_history_matter_id_matters"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter_status_history")),
    )
    with op.batch_alter_table("matter_status_history", schema=None) as batch_op:
        batch_op.create_index("ix_matter_status_history_matter", ["matter_id", "changed_on", "id"], unique=False)
        batch_op.create_index("ix_matter_status_history_recorded", ["recorded_at"], unique=False)
        batch_op.create_index("ix_matter_status_history_changed_on", ["changed_on"], unique=False)
        batch_op.create_index("ix_matter_status_history_due", ["handling_due"], unique=False)
    op.create_table(
        "report_archives",
        sa.Column("period_key", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=False),
        sa.Column("figures_json", sa.Text(), nullable=False),
        sa.Column("figures_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("xlsx", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["closed_by_id"], ["staff.id"], name=op.f("fk_report_archives_closed_by_id_staff")),
        sa.PrimaryKeyConstraint("period_key", name=op.f("pk_report_archives")),
    )
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visits_30d_max", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column(
            "repeat_alert_max", sa.Enum(*LEVELS, name="alertlevel_max", native_enum=False, create_constraint=True,
                                        length=32), nullable=False, server_default="green"))
    op.execute("UPDATE matters SET visits_30d_max = visits_30d, repeat_alert_max = repeat_alert")
    false = "false" if op.get_bind().dialect.name == "postgresql" else "0"
    op.execute(
        "INSERT INTO matter_status_history (matter_id, status, changed_on, recorded_at, handling_due, backdated) "
        f"SELECT id, 'registered', registered_on, registered_at, NULL, {false} FROM matters")
    op.execute(
        "INSERT INTO matter_status_history (matter_id, status, changed_on, recorded_at, handling_due, backdated) "
        "SELECT id, status, CASE WHEN closed_on IS NOT NULL THEN closed_on "
        "WHEN assigned_on IS NOT NULL THEN assigned_on ELSE registered_on END, "
        f"COALESCE(closed_at, registered_at), handling_due, {false} FROM matters WHERE status <> 'registered'")


def downgrade() -> None:
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_column("repeat_alert_max")
        batch_op.drop_column("visits_30d_max")
    op.drop_table("report_archives")
    with op.batch_alter_table("matter_status_history", schema=None) as batch_op:
        batch_op.drop_index("ix_matter_status_history_due")
        batch_op.drop_index("ix_matter_status_history_changed_on")
        batch_op.drop_index("ix_matter_status_history_recorded")
        batch_op.drop_index("ix_matter_status_history_matter")
    op.drop_table("matter_status_history")
