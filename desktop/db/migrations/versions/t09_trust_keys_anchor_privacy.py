"""trust: key fingerprints, row hashes in the audit chain, no clear birth date

Revision ID: t09_trust
Revises: 0001
Create Date: 2026-11-30

- ``installation_keys``: the fingerprint of each key file the database was initialised with.
- ``audit_log.row_hash``: the content hash of the row an entry changed.
- ``petitioners.birth_date`` is dropped (it is inside the encrypted ID number) and replaced by
  ``petitioners.age_band``, reckoned at registration (domain.privacy.age_band).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = 't09_trust'
down_revision = '0001'
branch_labels = None
depends_on = None

# A copy of domain.privacy.AGE_BANDS as it stood for this migration (migrations never import the app).
_BANDS = (("0-34", 0), ("35-69", 35), ("70+", 70))


def _band(birth: date, on: date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    label = _BANDS[0][0]
    for name, youngest in _BANDS:
        if age >= youngest:
            label = name
    return label


def upgrade() -> None:
    op.create_table('installation_keys',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_installation_keys'))
    )
    with op.batch_alter_table('audit_log') as batch:
        batch.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
    with op.batch_alter_table('petitioners') as batch:
        batch.add_column(sa.Column('age_band', sa.String(length=8), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, birth_date, created_at FROM petitioners WHERE birth_date IS NOT NULL")).all()
    for pid, birth, created in rows:
        birth = birth if isinstance(birth, date) else date.fromisoformat(str(birth)[:10])
        on = created.date() if hasattr(created, 'date') else date.fromisoformat(str(created)[:10])
        conn.execute(sa.text("UPDATE petitioners SET age_band = :b WHERE id = :i"),
                     {"b": _band(birth, on), "i": pid})
    with op.batch_alter_table('petitioners') as batch:
        batch.drop_column('birth_date')


def downgrade() -> None:
    with op.batch_alter_table('petitioners') as batch:
        batch.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch.drop_column('age_band')
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_column('row_hash')
    op.drop_table('installation_keys')
