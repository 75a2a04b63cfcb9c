"""``reception sample-data`` brings a quarter of screening, key persons and two escalated visits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.db.models import EscalatedVisit, KeyPerson, ScreeningItem, ScreeningReport
from desktop.domain.enums import Role
from desktop.prevention import board, reporting
from desktop.sample_data import fill
from desktop.services import users
from desktop.services.context import AppContext


def test_sample_data_has_prevention_work(ctx: AppContext, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the same services on both databases; once is enough for sample data")
    with ctx.db.session() as s:
        admin = users.actor_of(users.create_staff(ctx, s, None, username="admin", display_name="管理员",
                                                  password="admin-pass-1", roles=[Role.ADMIN], department=None))
    fill(ctx, admin, days=6, per_day=2)
    with ctx.db.read() as s:
        items = s.scalar(select(func.count()).select_from(ScreeningItem))
        zero = s.scalar(select(func.count()).where(ScreeningReport.zero.is_(True)))
        first = s.scalar(select(func.min(ScreeningItem.reported_on)))
        assert items >= 30 and zero >= 10
        assert (ctx.today() - first).days >= 80  # a quarter
        assert s.scalar(select(func.count()).select_from(KeyPerson)) == 4
        assert s.scalar(select(func.count()).select_from(EscalatedVisit)) == 2
        b = board.village_board(ctx, s, admin, ctx.today().year, ctx.today())
        assert len(b.rows) == 8 and 0 < b.three_no_count < 8
        assert reporting.reporting_states(ctx, s, admin, ctx.today())
