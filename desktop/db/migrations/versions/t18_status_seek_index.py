"""a matter's changes of one status by day: one seek per matter for its last closing and first assignment

Without it SQLite, lacking statistics, can answer a matter's last closing from
``ix_matter_status_history_status_on`` and read every closing up to the day for each matter: a year of
100,000 matters then took minutes instead of seconds.

Revision ID: t18_status_seek
Revises: t17_figures_speed
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "t18_status_seek"
down_revision = "t17_figures_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_matter_status_history_matter_status", "matter_status_history",
                    ["matter_id", "status", "changed_on"])


def downgrade() -> None:
    op.drop_index("ix_matter_status_history_matter_status", table_name="matter_status_history")
