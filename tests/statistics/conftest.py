"""A small township's February–April 2025, built through the services, counted by hand.

Report period: April 2025 (previous: March). "Today" is Tuesday 6 May 2025, so April is over.

| matter | registered | what happens | counts in April as |
| --- | --- | --- | --- |
| J | Mon 10 Feb | 涉法涉诉, classified, never assigned (due 25 Feb) | overdue (and in March) |
| G | Mon 3 Mar | 涉法涉诉, assigned 3 Mar (due 18 Mar), never closed | overdue in April, not yet in March |
| I1 | Mon 10 Mar | registered only (王五) | root of a linked chain |
| A | Tue 1 Apr, 西村 | 政策咨询 answered on the spot; rated 满意 | resolved, first contact, on time |
| B | **Fri 4 Apr (清明, a holiday)** | 涉法涉诉, assigned Mon 7 Apr, closed 15 Apr; 基本满意 | resolved, on time |
| C | Mon 7 Apr | assigned 7 Apr (due 22 Apr), **paused 8–17 Apr**, closed 28 Apr; 满意 | resolved, on time only by the pause |
| D | Tue 8 Apr | closed 10 Apr, 不满意 → 复查 → changed 11 Apr: **reopened** | not resolved; review changed |
| E | Wed 9 Apr | **检举控告** (民生类), classified; visits again 10 and 14 Apr | restricted; repeat matter (3 visits) |
| H | Mon 14 Apr | group visit of 6 people | group visit |
| I2 | Tue 15 Apr | linked to I1; visits again Wed 16 Apr at the leader's session | chain I1+I2 = 3 visits: repeat |

Leaders: the approver sits Wed 16 Apr (held: 2 batches, 3 people, 1 solved) and is scheduled Wed 23 Apr
(not held).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import Department
from desktop.domain.enums import (
    AppealRoute,
    Category,
    Channel,
    Complexity,
    RegulationType,
    ReviewOutcome,
    Risk,
)
from desktop.domain.enums import Satisfaction as Sat
from desktop.services import followup, handling, intake, leader_days
from desktop.services.context import AppContext
from desktop.services.intake_input import AssignmentInput, ClassificationInput
from tests.desktop.conftest import Team, make_team
from tests.desktop.helpers import interview, registration, resident_id

TODAY = date(2025, 5, 6)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA_TZ)


def referred(category: Category = Category.LEGAL, **over: object) -> ClassificationInput:
    """Referred to the courts: closed by the referral, no decision letter needed."""
    values: dict[str, object] = dict(regulation_type=RegulationType.APPEAL, appeal_route=AppealRoute.LITIGATION,
                                     category=category, risk=Risk.GREEN, complexity=Complexity.SIMPLE)
    values.update(over)
    return ClassificationInput(**values)  # type: ignore[arg-type]


@dataclass
class Township:
    ctx: AppContext
    team: Team
    clock: FixedClock
    cases: dict[str, str]
    leader_session_id: int
    visit_session_id: int | None


class Builder:
    def __init__(self, ctx: AppContext, team: Team, clock: FixedClock) -> None:
        self.ctx, self.team, self.clock = ctx, team, clock
        self.cases: dict[str, str] = {}
        self.serial = 100

    def on(self, day: date) -> None:
        self.clock.set(at(day))

    def register(self, key: str, day: date, name: str, *, same_as: str | None = None, **over: object) -> str:
        self.on(day)
        self.serial += 1
        ident = resident_id(f"11010519900307{self.serial:03d}") if same_as is None else same_as
        with self.ctx.db.session() as s:
            case = intake.register(self.ctx, s, self.team.clerk, registration(
                name=name, id_number=ident, phone="", **over)).case_number
        self.cases[key] = case
        return ident

    def classify(self, key: str, data: ClassificationInput) -> None:
        with self.ctx.db.session() as s:
            intake.record_interview(self.ctx, s, self.team.clerk, self.cases[key], interview(self.team.interviewer.id))
            intake.classify(self.ctx, s, self.team.clerk, self.cases[key], data)

    def assign(self, key: str, day: date) -> None:
        self.on(day)
        with self.ctx.db.session() as s:
            dept = s.scalar(select(Department.id).where(Department.name == "人民法庭"))
            intake.submit_assignment(self.ctx, s, self.team.clerk, self.cases[key], AssignmentInput(
                department_id=dept, first_handler_id=self.team.clerk.id, approver_id=self.team.approver.id))
        with self.ctx.db.session() as s:
            handling.approve_assignment(self.ctx, s, self.team.approver, self.cases[key])

    def close(self, key: str, day: date) -> None:
        self.on(day)
        with self.ctx.db.session() as s:
            handling.close(self.ctx, s, self.team.clerk, self.cases[key])

    def rate(self, key: str, day: date, answer: Sat) -> None:
        self.on(day)
        with self.ctx.db.session() as s:
            followup.evaluate(self.ctx, s, self.team.clerk, self.cases[key], answer)


def build_township(ctx: AppContext, clock: FixedClock) -> Township:
    team = make_team(ctx)
    b = Builder(ctx, team, clock)
    b.register("J", date(2025, 2, 10), "钱一")
    b.classify("J", referred())
    b.register("G", date(2025, 3, 3), "孙二")
    b.classify("G", referred())
    b.assign("G", date(2025, 3, 3))
    wang = b.register("I1", date(2025, 3, 10), "王五")

    b.register("A", date(2025, 4, 1), "李四", village="西村", summary="咨询养老保险缴费政策")
    with ctx.db.session() as s:
        intake.record_interview(ctx, s, team.clerk, b.cases["A"], interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, b.cases["A"], ClassificationInput(
            regulation_type=RegulationType.SUGGESTION, category=Category.POLICY, risk=Risk.GREEN,
            complexity=Complexity.SIMPLE))
        intake.answer_on_spot(ctx, s, team.clerk, b.cases["A"], "当场解答缴费档次")
    b.rate("A", date(2025, 4, 2), Sat.SATISFIED)

    b.register("B", date(2025, 4, 4), "周六")  # 清明节: a public holiday
    b.classify("B", referred())
    b.assign("B", date(2025, 4, 7))
    b.close("B", date(2025, 4, 15))
    b.rate("B", date(2025, 4, 16), Sat.BASICALLY)

    b.register("C", date(2025, 4, 7), "吴七")
    b.classify("C", referred())
    b.assign("C", date(2025, 4, 7))
    b.on(date(2025, 4, 8))
    with ctx.db.session() as s:
        handling.pause(ctx, s, team.clerk, b.cases["C"], "等待补充材料", team.approver.id, start_on=date(2025, 4, 8))
    b.on(date(2025, 4, 17))
    with ctx.db.session() as s:
        handling.resume(ctx, s, team.clerk, b.cases["C"], end_on=date(2025, 4, 17))
    b.close("C", date(2025, 4, 28))
    b.rate("C", date(2025, 4, 29), Sat.SATISFIED)

    b.register("D", date(2025, 4, 8), "郑八")
    b.classify("D", referred())
    b.assign("D", date(2025, 4, 8))
    b.close("D", date(2025, 4, 10))
    b.rate("D", date(2025, 4, 10), Sat.DISSATISFIED)  # opens a 复查
    b.on(date(2025, 4, 11))
    with ctx.db.session() as s:
        followup.conclude_review(ctx, s, team.inspector, b.cases["D"], ReviewOutcome.CHANGED, "原处理不当，重新办理")

    b.register("E", date(2025, 4, 9), "赵九", summary="检举村干部侵占补偿款")
    b.classify("E", referred(Category.LIVELIHOOD, regulation_type=RegulationType.ACCUSATION, appeal_route=None))
    for day in (date(2025, 4, 10), date(2025, 4, 14)):
        b.on(day)
        with ctx.db.session() as s:
            intake.add_visit(ctx, s, team.clerk, b.cases["E"], Channel.LETTER)

    b.register("H", date(2025, 4, 14), "冯十", group_size=6)

    b.on(date(2025, 4, 1))
    with ctx.db.session() as s:
        held = leader_days.schedule(ctx, s, team.approver, team.approver.id, date(2025, 4, 16), "镇信访接待室").id
        leader_days.schedule(ctx, s, team.approver, team.approver.id, date(2025, 4, 23))
    b.register("I2", date(2025, 4, 15), "王五", same_as=wang, linked_case_number=b.cases["I1"])
    b.on(date(2025, 4, 16))
    with ctx.db.session() as s:
        visit = intake.add_visit(ctx, s, team.clerk, b.cases["I2"], Channel.VISIT)
        s.flush()
        linked = leader_days.attach_visit(ctx, s, visit)
        visit_session = linked.id if linked else None
    with ctx.db.session() as s:
        leader_days.record(ctx, s, team.clerk, held, batches=2, people=3, solved_on_spot=1, notes="现场答复两批")
    b.on(TODAY)
    return Township(ctx, team, clock, b.cases, held, visit_session)


@pytest.fixture
def township(ctx: AppContext, clock: FixedClock) -> Township:
    return build_township(ctx, clock)
