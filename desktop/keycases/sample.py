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
from desktop.domain.enums import Category, Channel, Complexity, MatterStatus, RegulationType, Risk
from desktop.domain.idnumber import check_digit
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
from desktop.services import intake
from desktop.services.context import AppContext
from desktop.services.intake_input import ClassificationInput, InterviewInput, RegistrationInput
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
    _last_month_questions(ctx, staff, clock, today, rng)
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


def _last_month_questions(ctx: AppContext, staff: dict[str, Actor], clock: FixedClock, today: date,
                          rng: random.Random) -> None:
    """Ten policy questions answered on the spot last month (closed with their tracking cards), so this
    month's callback draw has cards to draw from whatever day the sample is made."""
    first = date(today.year, today.month, 1)
    last_month_end = first - timedelta(days=1)
    clerk, colleague = staff["liwei"], staff["qianli"]
    for k in range(10):
        day = last_month_end - timedelta(days=2 * k)
        clock.set(datetime.combine(day, time(9 + k % 6), CHINA_TZ))
        with ctx.db.session() as s:
            first17 = f"411521{1950 + rng.randint(0, 50)}0{rng.randint(1, 9)}1{rng.randint(0, 8)}{rng.randint(100, 999)}"
            m = intake.register(ctx, s, clerk, RegistrationInput(
                name=f"咨询群众{k + 1}", channel=Channel.VISIT, id_number=first17 + check_digit(first17), summary="咨询城乡居民养老保险缴费档次",
                demands="了解缴费标准", village="青山社区"))
            intake.record_interview(ctx, s, clerk, m.case_number, InterviewInput(
                interviewer_id=colleague.id, notes="当事人咨询缴费档次与补缴办法。", scope_notice_confirmed=True,
                no_recording_reason="政策咨询，当场答复"))
            intake.classify(ctx, s, clerk, m.case_number, ClassificationInput(
                regulation_type=RegulationType.SUGGESTION, category=Category.POLICY, risk=Risk.GREEN,
                complexity=Complexity.SIMPLE))
            intake.answer_on_spot(ctx, s, clerk, m.case_number, "已当场解答缴费档次和补缴办法。")


def _first_step(ctx: AppContext, key_case_id: int) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(KeyCaseStep.id).join(KeyCasePlan, KeyCasePlan.id == KeyCaseStep.plan_id)
                        .where(KeyCasePlan.key_case_id == key_case_id, KeyCaseStep.seq == 1))
