"""Staff with every role, ready to act."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop.domain.enums import Role
from desktop.services import users
from desktop.services.context import AppContext
from desktop.services.permissions import Actor

PASSWORD = "correct-horse-9"


@dataclass
class Team:
    admin: Actor
    clerk: Actor
    clerk2: Actor
    interviewer: Actor
    approver: Actor
    case_lead: Actor
    dept_head: Actor
    inspector: Actor


def make_team(ctx: AppContext) -> Team:
    spec = [
        ("admin", "管理员", [Role.ADMIN], None),
        ("clerk", "李接待", [Role.CLERK], None),
        ("clerk2", "王接待", [Role.CLERK], None),
        ("interviewer", "赵接谈", [Role.INTERVIEWER], None),
        ("approver", "孙分管", [Role.APPROVER], None),
        ("lead", "周包案", [Role.CASE_LEAD], None),
        ("head", "吴所长", [Role.DEPT_HEAD], "司法所"),
        ("inspector", "郑纪委", [Role.INSPECTOR], None),
    ]
    actors = []
    with ctx.db.session() as session:
        admin_actor = None
        for username, name, roles, dept in spec:
            confirmer = None
            if Role.INSPECTOR in roles:  # separation of duties: a second administrator confirms the grant
                confirmer = users.actor_of(users.create_staff(
                    ctx, session, admin_actor, username="admin2", display_name="副管理员", password=PASSWORD,
                    roles=[Role.ADMIN]))
            staff = users.create_staff(ctx, session, admin_actor, username=username, display_name=name,
                                       password=PASSWORD, roles=roles, department=dept, confirmed_by=confirmer)
            session.flush()
            actor = users.actor_of(staff)
            admin_actor = admin_actor or actor
            actors.append(actor)
    name_the_office(ctx)
    return Team(*actors)


def name_the_office(ctx: AppContext) -> None:
    """The sample township's identity: documents refuse to go out while their organ is unnamed."""
    from desktop.services.office import SAMPLE_IDENTITY
    from desktop.services.settings_service import set_setting

    with ctx.db.session() as s:
        set_setting(ctx, s, None, "office.phone", "0371-66881234")
        for key, value in SAMPLE_IDENTITY.items():
            set_setting(ctx, s, None, key, value)


@pytest.fixture
def team(ctx: AppContext) -> Team:
    return make_team(ctx)
