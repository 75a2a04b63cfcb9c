"""documents: the clerk's description of each piece of evidence (the registration form lists it, never
the file name)

Revision ID: t12_documents
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t12_documents"
down_revision = "t10_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("description", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("description")
