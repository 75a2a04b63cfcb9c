"""closings by day: an index the period's 结案 figures read alone

Revision ID: t17_figures_speed
Revises: t16_keycases
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "t17_figures_speed"
down_revision = "t16_keycases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_matter_status_history_status_on", "matter_status_history",
                    ["status", "changed_on", "matter_id"])


def downgrade() -> None:
    op.drop_index("ix_matter_status_history_status_on", table_name="matter_status_history")
