"""Matters placed directly in the ledger at chosen dates and states, so each figure can be counted by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from desktop.clock import CHINA_TZ
from desktop.db.models import Department, Matter, Petitioner, Staff, Village
from desktop.domain.enums import Channel, MatterStatus
from desktop.services.context import AppContext
from tests.desktop.conftest import Team, make_team


@dataclass
class Ledger:
    ctx: AppContext
    team: Team
    n: int = 0
    villages: dict[str, int] = field(default_factory=dict)

    def village(self, name: str) -> int:
        if name not in self.villages:
            with self.ctx.db.session() as s:
                v = Village(name=name)
                s.add(v)
                s.flush()
                self.villages[name] = v.id
        return self.villages[name]

    def matter(self, registered_on: date, status: MatterStatus = MatterStatus.ASSIGNED, *,
               handling_due: date | None = None, closed_on: date | None = None, village: str | None = None,
               restricted: bool = False, summary: str = "土地承包款纠纷", person: str = "张三") -> str:
        self.n += 1
        number = f"XF{registered_on.year}-{self.n:05d}"
        village_id = self.village(village) if village else None
        with self.ctx.db.session() as s:
            dept = s.scalar(select(Department.id).where(Department.name == "司法所"))
            p = Petitioner(name=person, created_at=self.ctx.now(), village_id=village_id)
            s.add(p)
            s.flush()
            s.add(Matter(case_number=number, year=registered_on.year, seq=self.n,
                         registered_at=datetime.combine(registered_on, time(9), CHINA_TZ),
                         registered_on=registered_on, channel=Channel.VISIT, petitioner_id=p.id, summary=summary,
                         demands="要求发放承包款", status=status, registered_by_id=self.team.clerk.id,
                         assign_due=registered_on, handling_due=handling_due, department_id=dept,
                         first_handler_id=self.team.clerk.id, restricted=restricted, closed_on=closed_on,
                         closed_at=datetime.combine(closed_on, time(16), CHINA_TZ) if closed_on else None))
        return number

    def matter_id(self, number: str) -> int:
        with self.ctx.db.read() as s:
            return s.scalar(select(Matter.id).where(Matter.case_number == number))

    def staff_id(self, username: str) -> int:
        with self.ctx.db.read() as s:
            return s.scalar(select(Staff.id).where(Staff.username == username))


@pytest.fixture
def ledger(ctx: AppContext) -> Ledger:
    return Ledger(ctx, make_team(ctx))
