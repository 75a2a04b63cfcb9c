"""``db.read()`` is a read-only transaction on both databases: a stray write fails loudly."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from desktop.db.models import Setting


def test_a_write_inside_a_read_fails_and_changes_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        s.merge(Setting(key="office.name", value="青山镇信访接待室", updated_at=ctx.now()))
    with pytest.raises(DBAPIError) as refused, ctx.db.read() as s:
        s.execute(update(Setting).where(Setting.key == "office.name").values(value="改过"))
    assert "read" in str(refused.value).lower()  # "readonly database" / "read-only transaction"
    with ctx.db.read() as s:
        assert s.scalar(select(Setting.value).where(Setting.key == "office.name")) == "青山镇信访接待室"
    with ctx.db.session() as s:  # the write path still writes
        s.execute(update(Setting).where(Setting.key == "office.name").values(value="青山镇"))
    with ctx.db.read() as s:
        assert s.scalar(select(Setting.value).where(Setting.key == "office.name")) == "青山镇"
