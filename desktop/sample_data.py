"""A realistic month of reception-room work, made through the same services the desk uses.

``reception sample-data`` calls :func:`fill` on a fresh database so a newcomer has something to look at:
villages and departments, staff with every role, visits and letters, repeat visitors (yellow and red
warnings), a group visit, matters at every step, overdue matters, and letters waiting for signatures."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import Department
from desktop.domain.enums import (
    AppealRoute,
    Category,
    Channel,
    Complexity,
    KeyDomain,
    MeetingStage,
    Outcome,
    RegulationType,
    Risk,
    Role,
    Satisfaction,
    SignerRole,
)
from desktop.domain.idnumber import check_digit
from desktop.services import followup, handling, intake, letters, users
from desktop.services.context import AppContext
from desktop.services.intake_input import (
    AssignmentInput,
    ClassificationInput,
    InterviewInput,
    RegistrationInput,
    RepresentativeInput,
)
from desktop.services.office import SAMPLE_IDENTITY
from desktop.services.permissions import Actor
from desktop.services.seed import seed_defaults
from desktop.services.settings_service import set_setting

SAMPLE_PASSWORD = "sample-pass-1"
STAFF = [
    ("liwei", "李伟", [Role.CLERK], "镇信访办"),
    ("zhaomin", "赵敏", [Role.CLERK, Role.INTERVIEWER], "镇信访办"),
    ("qianli", "钱丽", [Role.INTERVIEWER], "镇信访办"),
    ("sunqiang", "孙强", [Role.APPROVER], None),
    ("zhoujun", "周军", [Role.CASE_LEAD], None),
    ("wuhong", "吴红", [Role.DEPT_HEAD], "司法所"),
    ("fenggang", "冯刚", [Role.DEPT_HEAD], "社会事务办"),
    ("chenjing", "陈静", [Role.DEPT_HEAD], "人民调解委员会"),
    ("zhengping", "郑平", [Role.INSPECTOR], "镇纪委"),
    ("wanggw", "王国伟", [Role.GRID_WORKER], None),
    ("liushu", "刘书记", [Role.VILLAGE_SECRETARY], None),
]
VILLAGES = ["东风村", "西河村", "南坡村", "北岭村", "青山社区", "柳树湾村", "石桥村", "红旗村"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀兰", "桂英", "志强", "丽娟", "德胜", "玉梅", "国庆", "海燕", "文军", "春花", "大山", "明"]
MATTERS: list[tuple[Category, RegulationType, AppealRoute | None, str, str, KeyDomain | None]] = [
    (Category.LIVELIHOOD, RegulationType.APPEAL, AppealRoute.PETITION, "低保资格被取消，要求重新核定",
     "恢复低保待遇", KeyDomain.WELFARE),
    (Category.LIVELIHOOD, RegulationType.APPEAL, AppealRoute.PETITION, "新农合报销比例与政策不符",
     "按政策补足报销款", KeyDomain.WELFARE),
    (Category.DISPUTE, RegulationType.APPEAL, AppealRoute.PETITION, "与邻居宅基地边界纠纷，对方砌墙占地",
     "拆除占地围墙", KeyDomain.LAND),
    (Category.DISPUTE, RegulationType.APPEAL, AppealRoute.PETITION, "土地流转合同到期后流转方拒不退地",
     "按合同退还承包地", KeyDomain.LAND),
    (Category.LEGAL, RegulationType.APPEAL, AppealRoute.LITIGATION, "法院判决的工伤赔偿执行不到位",
     "督促执行判决", KeyDomain.LEGAL_LEGACY),
    (Category.LEGACY, RegulationType.APPEAL, AppealRoute.PETITION, "2008年水库移民后扶资金未足额发放",
     "补发后扶资金", None),
    (Category.LIVELIHOOD, RegulationType.APPEAL, AppealRoute.PETITION, "村道硬化施工损坏自家排水沟",
     "修复排水沟", KeyDomain.CONSTRUCTION),
    (Category.POLICY, RegulationType.SUGGESTION, None, "咨询退役军人优待证办理条件", "了解办理流程",
     KeyDomain.SPECIAL_GROUP),
    (Category.LIVELIHOOD, RegulationType.ACCUSATION, None, "检举村干部在危房改造补助中优亲厚友",
     "调查处理", KeyDomain.WELFARE),
]
LETTER = {
    "request": "申请人要求依政策解决所反映问题。",
    "investigation": "承办部门调阅相关档案，走访村委会及相关当事人，核对政策文件和发放记录。",
    "findings": "经查，申请人反映情况基本属实，相关款项因信息登记错误未能及时发放。",
    "basis": "依据相关法律法规及县级实施细则的规定。",
    "conclusion": "支持申请人的请求，由相关部门于十五日内予以解决并书面告知结果。",
}


@dataclass
class SampleSummary:
    matters: int
    staff: list[str]
    password: str


def _rid(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
    first17 = f"411521{born:%Y%m%d}{rng.randint(100, 999)}"
    return first17 + check_digit(first17)


def _dept(session: Any, name: str) -> int:
    return session.scalar(select(Department.id).where(Department.name == name))


def fill(ctx: AppContext, admin: Actor, *, days: int = 30, per_day: int = 5, seed: int = 2025) -> SampleSummary:
    """Registers about ``days × per_day`` matters over the month ending ``ctx.today()`` and moves each as far
    through the procedure as its age allows. ``ctx.clock`` is replaced by a clock that walks the month."""
    rng = random.Random(seed)
    real_now = ctx.now()
    clock = FixedClock(real_now)
    ctx.clock = clock
    with ctx.db.session() as s:
        seed_defaults(s)
        set_setting(ctx, s, admin, "office.township", "青山镇")
        set_setting(ctx, s, admin, "office.phone", "0371-66881234")
        for key, value in SAMPLE_IDENTITY.items():  # a sample office names everything its documents print
            set_setting(ctx, s, admin, key, value)
        staff = {}
        # Access to accusations is granted only with a second administrator's confirmation.
        second = users.actor_of(users.create_staff(ctx, s, admin, username="admin2", display_name="系统管理员（副）",
                                                   password=SAMPLE_PASSWORD, roles=[Role.ADMIN]))
        for username, name, roles, dept in STAFF:
            row = users.create_staff(ctx, s, admin, username=username, display_name=name, password=SAMPLE_PASSWORD,
                                     roles=roles, department=dept, phone=f"139{rng.randint(10000000, 99999999)}",
                                     confirmed_by=second if Role.INSPECTOR in roles else None)
            s.flush()
            staff[username] = users.actor_of(row)
        from desktop.services import staff_photos
        from printing.samples import synthetic_photo_png

        for username, _name, roles, _dept in STAFF:  # the tracking card shows its first-handler's face
            if Role.CLERK in roles:
                staff_photos.set_photo(ctx, s, admin, username, synthetic_photo_png())
    people = [(_rid(rng), rng.choice(SURNAMES) + rng.choice(GIVEN), rng.choice(VILLAGES)) for _ in range(90)]
    frequent = people[:4]  # come back again and again: yellow and red warnings
    count = 0
    start_day = (real_now.astimezone(CHINA_TZ) - timedelta(days=days)).date()
    for offset in range(days):
        day = start_day + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for k in range(rng.randint(max(1, per_day - 2), per_day + 2)):
            clock.set(datetime.combine(day, time(8 + k, rng.randint(0, 59)), tzinfo=CHINA_TZ))
            person = rng.choice(frequent) if rng.random() < 0.15 else rng.choice(people)
            _one_matter(ctx, staff, rng, person, day, age=(real_now.astimezone(CHINA_TZ).date() - day).days,
                        group=(offset == days // 2 and k == 0))
            count += 1
    from desktop.keycases import sample as keycases_sample

    keycases_sample.fill(ctx, staff, rng, clock, real_now, _scribble)
    ctx.clock = clock
    clock.set(real_now)
    from desktop.prevention.sample import fill_prevention  # screening, key persons, escalated visits

    fill_prevention(ctx, admin, staff, VILLAGES, frequent, rng, clock)
    return SampleSummary(count, [u for u, *_ in STAFF], SAMPLE_PASSWORD)


def _one_matter(ctx: AppContext, staff: dict[str, Actor], rng: random.Random, person: tuple[str, str, str],
                day: date, age: int, group: bool) -> None:
    category, reg_type, route, summary, demands, domain = rng.choice(MATTERS)
    clerk = staff[rng.choice(["liwei", "zhaomin"])]
    colleague = staff["qianli"] if clerk.username == "liwei" else staff["liwei"]
    id_number, name, village = person
    reps = [RepresentativeInput(n) for n in ("陈大山", "黄桂芳", "马德胜")] if group else []
    channel = Channel.VISIT if rng.random() < 0.7 or group else rng.choice([Channel.LETTER, Channel.ONLINE,
                                                                             Channel.PHONE])
    with ctx.db.session() as s:
        m = intake.register(ctx, s, clerk, RegistrationInput(
            name=name, channel=channel, id_number=id_number, phone=f"13{rng.randint(100000000, 999999999)}",
            address=f"{village}{rng.randint(1, 9)}组", village=village, summary=summary, demands=demands,
            accepts_mediation=rng.random() < 0.6, group_size=23 if group else 1, representatives=reps))
        case = m.case_number
        if age == 0 and rng.random() < 0.5:
            return  # registered today, interview still to come
        intake.record_interview(ctx, s, clerk, case, InterviewInput(
            interviewer_id=colleague.id, notes=f"{name}陈述：{summary}。", scope_notice_confirmed=True,
            no_recording_reason="示例数据未附录像"))
        complexity = Complexity.COMPLEX if rng.random() < 0.3 else Complexity.SIMPLE
        intake.classify(ctx, s, clerk, case, ClassificationInput(
            regulation_type=reg_type, appeal_route=route, category=category,
            risk=rng.choice([Risk.GREEN, Risk.GREEN, Risk.YELLOW, Risk.RED]), complexity=complexity,
            key_domains=[domain] if domain else []))
        if category == Category.POLICY:
            intake.answer_on_spot(ctx, s, clerk, case, "已当场解答办理条件与所需材料。")
            return
        if age <= 1 and rng.random() < 0.5:
            return  # classified, waiting for the assignment slip
        dept = intake.propose_route(ctx, s, ClassificationInput(reg_type, category, Risk.GREEN, complexity, route))
        intake.submit_assignment(ctx, s, clerk, case, AssignmentInput(
            department_id=dept.department_id or _dept(s, "镇信访办"), first_handler_id=clerk.id,
            approver_id=staff["sunqiang"].id, case_lead_id=staff["zhoujun"].id))
        if age <= 2 and rng.random() < 0.6:
            return  # waiting for the approver
        handling.approve_assignment(ctx, s, staff["sunqiang"], case)
        handling.log_meeting(ctx, s, clerk, case, MeetingStage.BEFORE, day, "与当事人确认诉求细节")
    if route not in (None, AppealRoute.PETITION) or reg_type == RegulationType.ACCUSATION:
        return  # referred or restricted: stays with the handling department
    stage = rng.random()
    if age < 12 or stage < 0.25:
        return  # being handled (old ones become overdue)
    head = {"司法所": "wuhong", "社会事务办": "fenggang", "人民调解委员会": "chenjing"}.get(dept.department_name or "")
    with ctx.db.session() as s:
        letters.save_draft(ctx, s, clerk, case, LETTER, Outcome.SUPPORT,
                           dept_head_id=staff[head].id if head else staff["wuhong"].id)
        if stage < 0.45:
            return  # letter waiting for signatures
        letters.sign(ctx, s, staff[head] if head else staff["wuhong"], case, SignerRole.DEPT_HEAD, _scribble(rng))
        if stage < 0.55:
            return  # one of two signatures
        letters.sign(ctx, s, staff["zhoujun"], case, SignerRole.CASE_LEAD, _scribble(rng))
        letters.finalize(ctx, s, clerk, case)
        letters.deliver(ctx, s, clerk, case)
        handling.close(ctx, s, clerk, case)
        if stage < 0.7:
            return  # closed, evaluation due
        answer = rng.choices([Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED],
                             [75, 20, 5])[0]
        followup.evaluate(ctx, s, colleague, case, answer)


def _scribble(rng: random.Random) -> list[list[tuple[float, float, float]]]:
    points = []
    x = 0.05
    while x < 0.95:
        points.append((round(x, 3), round(0.3 + rng.random() * 0.4, 3), round(0.3 + rng.random() * 0.6, 3)))
        x += 0.04 + rng.random() * 0.05
    return [points]
