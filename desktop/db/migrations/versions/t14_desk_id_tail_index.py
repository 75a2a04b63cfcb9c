"""desk: a blind index of the ID number's last four characters

Revision ID: t14_desk
Revises: 0001
Create Date: 2026-11-30

``petitioners.id_tail_index`` is the keyed hash (HMAC, its own context) of the last four characters of
the ID number, so the ledger finds "8888" or "19888888" without decrypting every row: the index narrows
to the few people whose number ends alike, and only those few are decrypted to confirm a longer tail.
Rows written before this revision get theirs the first time the application opens the database with
its keys (``desktop.services.petitioners.fill_tail_indexes``): a migration never holds the key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 't14_desk'
down_revision = "t13_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('petitioners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id_tail_index', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_petitioners_id_tail_index'), ['id_tail_index'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('petitioners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitioners_id_tail_index'))
        batch_op.drop_column('id_tail_index')
