"""The key-case part of ``reception sample-data``: two key cases (a red warning with its 3+2 task force and a
historical backlog case), a mediation with a signed agreement, a review-panel session, the cards the month's
missed deadlines earned, last month's callback sample and a few letters, online petitions and hotline tickets."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import KeyCasePlan, KeyCaseStep, Matter, Petitioner
from desktop.domain.enums import Category, MatterStatus, RegulationType
from desktop.keycases import callbacks, cards, cases, channels, mediation, panel_service
from desktop.keycases.cases import FlagInput, StepInput
from desktop.keycases.enums import (
    CallbackResult,
    KeyCaseKind,
    KeyCaseReason,
    MediationOutcome,
    MediationSigner,
    MemberLevel,
    ReceiptChannel,
)
from desktop.keycases.mediation import MediationInput
from desktop.keycases.panel_service import MemberScore, PanelInput
from desktop.services.context import AppContext
from desktop.services.permissions import Actor

PANEL = ["刘老师", "王支书", "张老兵", "李信贷员", "赵村医", "党代表陈", "人大代表周", "政协委员吴", "乡贤马"]
T, V = MemberLevel.TOWNSHIP, MemberLevel.VILLAGE


def _open_matters(ctx: AppContext, before: date) -> list[tuple[str, str, Category | None]]:
    with ctx.db.read() as s:
        return [(m.case_number, name, m.category) for m, name in s.execute(
            select(Matter, Petitioner.name).join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .where(Matter.status == MatterStatus.ASSIGNED, Matter.registered_on <= before,
                   Matter.regulation_type != RegulationType.ACCUSATION).order_by(Matter.registered_on)).all()]


def fill(ctx: AppContext, staff: dict[str, Actor], rng: random.Random, clock: FixedClock, now: datetime,
         scribble: Callable[[random.Random], list[Any]]) -> None:
    today = now.astimezone(CHINA_TZ).date()
    early = today - timedelta(days=20)
    clerk, lead, approver, inspector = staff["liwei"], staff["zhoujun"], staff["sunqiang"], staff["zhengping"]
    candidates = _open_matters(ctx, early)
    if len(candidates) < 3:
        return  # too short a sample month for key cases
    clock.set(datetime.combine(early, time(9), CHINA_TZ))
    (red_case, _, _), (old_case, _, _) = candidates[0], candidates[1]
    members = [("李伟", T, clerk.id), ("钱丽", T, staff["qianli"].id), ("吴红", T, staff["wuhong"].id),
               ("村支书王德胜", V, None), ("村主任刘春花", V, None)]
    with ctx.db.session() as s:
        red = cases.flag_case(ctx, s, clerk, FlagInput(
            red_case, KeyCaseKind.KEY, KeyCaseReason.RED_WARNING, lead.id, core_demand="一次性解决拖欠款项",
            limit_on=today + timedelta(days=60)))
        cases.set_task_force(ctx, s, clerk, red.id, members)
        cases.make_plan(ctx, s, clerk, red.id, "专班入户核实、部门联审、限期兑现", [
            StepInput("入户核实情况、调取档案", staff["wuhong"].id, early + timedelta(days=2)),
            StepInput("召开部门联审会", approver.id, early + timedelta(days=9)),
            StepInput("兑现并书面答复", staff["fenggang"].id, today + timedelta(days=20))])
        backlog = cases.flag_case(ctx, s, clerk, FlagInput(
            old_case, KeyCaseKind.BACKLOG, KeyCaseReason.HISTORICAL, approver.id,
            background="2019年起多次反映，历经三轮处理未息诉", since_on=date(today.year - 2, 6, 1)))
        cases.set_task_force(ctx, s, clerk, backlog.id, members)
    clock.set(datetime.combine(early + timedelta(days=9), time(16), CHINA_TZ))
    step = _first_step(ctx, red.id)
    with ctx.db.session() as s:
        cases.complete_step(ctx, s, clerk, step, early + timedelta(days=5))  # after the reminders: a card
        cases.record_progress(ctx, s, lead, red.id, early + timedelta(days=7), "已入户3次，档案调取完毕")
        cases.record_progress(ctx, s, approver, backlog.id, early + timedelta(days=7), "书记、镇长带队面对面沟通")
    clock.set(datetime.combine(today - timedelta(days=2), time(16), CHINA_TZ))
    dispute = next((c for c in candidates[2:] if c[2] == Category.DISPUTE), candidates[2])
    with ctx.db.session() as s:
        med = mediation.record_mediation(ctx, s, clerk, MediationInput(
            held_on=today - timedelta(days=3), venue="镇人民调解委员会调解室", mediators=["陈静", "马乡贤"],
            party_a=dispute[1], party_b="邻户刘建国", dispute="宅基地边界争议，一方砌墙占用通道约0.5米。",
            outcome=MediationOutcome.AGREED, case_number=dispute[0],
            terms="一、刘建国于十五日内拆除占道围墙；\n二、双方以2003年确权图为界，今后互不侵占。"))
        for signer, name in ((MediationSigner.PARTY_A, dispute[1]), (MediationSigner.PARTY_B, "邻户刘建国"),
                             (MediationSigner.MEDIATOR, "陈静")):
            mediation.sign(ctx, s, clerk, med.id, signer, name, scribble(rng))
        panel_service.record_session(ctx, s, approver, PanelInput(
            old_case, today - timedelta(days=2), "要求按现行标准补发历年差额", venue="镇会议室",
            scores=[MemberScore(n, rng.randint(6, 9), rng.randint(7, 10), rng.randint(5, 9)) for n in PANEL]))
    clock.set(now)
    with ctx.db.session() as s:
        cards.issue_due_cards(ctx, s, None, today)
        first = date(today.year, today.month, 1)
        draw = callbacks.draw(ctx, s, inspector, f"{first.year}-{first.month:02d}", seed=f"sample-{today}")
        s.flush()
        for item in callbacks.view(ctx, s, inspector, draw.month).items[:2]:
            callbacks.record_answer(ctx, s, inspector, item.id, CallbackResult.SATISFIED, True, True)
        for k, channel in enumerate((ReceiptChannel.LETTER, ReceiptChannel.ONLINE, ReceiptChannel.HOTLINE)):
            received = now - timedelta(hours=3 + 20 * k)
            row = channels.receive(ctx, s, clerk, channel, received, f"S-{k + 1}")
            if k:
                channels.register(ctx, s, clerk, row.id)


def _first_step(ctx: AppContext, key_case_id: int) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(KeyCaseStep.id).join(KeyCasePlan, KeyCasePlan.id == KeyCaseStep.plan_id)
                        .where(KeyCasePlan.key_case_id == key_case_id, KeyCaseStep.seq == 1))
