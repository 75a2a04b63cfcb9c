"""A township with villages, the usual team and a grid worker and a village secretary with their areas."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop.domain.enums import Role
from desktop.prevention import scope
from desktop.services import users
from desktop.services.context import AppContext
from desktop.services.permissions import Actor
from tests.desktop.conftest import PASSWORD, Team, make_team

VILLAGES = ("东村", "西村", "南村")


@dataclass
class Township:
    team: Team
    grid_worker: Actor  # 东村, 第一网格
    secretary: Actor  # 西村


def make_township(ctx: AppContext) -> Township:
    team = make_team(ctx)
    with ctx.db.session() as s:
        for name in VILLAGES:
            scope.add_village(ctx, s, team.admin, name)
        local = []
        for username, role in (("grid1", Role.GRID_WORKER), ("sec_w", Role.VILLAGE_SECRETARY)):
            staff = users.create_staff(ctx, s, team.admin, username=username, display_name=username,
                                       password=PASSWORD, roles=[role], department=None)
            s.flush()
            local.append(users.actor_of(staff))
        scope.assign_area(ctx, s, team.admin, "grid1", "东村", "第一网格")
        scope.assign_area(ctx, s, team.admin, "sec_w", "西村")
    return Township(team, *local)


@pytest.fixture
def town(ctx: AppContext) -> Township:
    return make_township(ctx)
