"""A fast generator of realistic reception-room data for benchmarks (and large manual tests).

Stable API (other benchmarks use it)::

    from bench.data import populate
    result = populate(ctx, n_matters=100_000, year=2025, seed=1)            # ~1.3 visits per matter
    result = populate(ctx, n_matters=100_000, year=2025, seed=1, visits=1_000_000)

``populate`` writes straight into the tables with SQLAlchemy Core ``INSERT``s of dict lists (not
through the services: they are the thing being measured elsewhere, and 100,000 matters through the
services would take minutes). It adds to whatever is there (departments are seeded if missing) and
keeps the case-number counter in step. Matters are registered over ``year`` up to ``ctx.today()``
(the day before, if today falls in that year), with realistic shares:

- channels 来访 55% / 来信 15% / 网上 20% / 电话 10%; categories 民生 35% / 矛盾纠纷 25% / 涉法涉诉 15% /
  政策咨询 15% / 历史遗留 10%; 检举控告 5% (restricted, handled by 镇纪委); more matters in the
  Spring Festival months and at harvest, fewer on rest days;
- 30% of matters come from a petitioner seen before, a third of those linked to the earlier matter;
  group visits (5–40 people) about 1%;
- 政策咨询 mostly answered on the spot; the others assigned 0–2 working days after registration,
  limit 15 (simple) or 30 (complex) days, 5% paused a few days; ~93% closed in time, the rest late
  or still open, as ``ctx.today()`` allows;
- 90% of closed matters rated (满意 75%, 基本满意 20%, 不满意 5%); 不满意 opens a review, concluded
  after 30 days (upheld 80%, or changed and handled again);
- a leader on reception every Wednesday (held if in the past), in-person visits of that day linked.

``visits`` (default ``round(1.3 * n_matters)``) is the total number of visits and letters: one
registration visit per matter, the rest spread with a heavy tail (a few matters visited very often).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from desktop.db.models import (
    Counter,
    DeadlineChange,
    Department,
    Evaluation,
    LeaderSession,
    Matter,
    MatterStatusChange,
    Petitioner,
    Review,
    Staff,
    StaffRole,
    Village,
    Visit,
)
from desktop.domain.deadlines import due_date
from desktop.domain.enums import (
    AlertLevel,
    AppealRoute,
    Category,
    Channel,
    Complexity,
    MatterStatus,
    PauseKind,
    RegulationType,
    ReviewKind,
    ReviewOutcome,
    Risk,
    Role,
    Satisfaction,
)
from desktop.domain.rules_config import Period
from desktop.services.context import AppContext
from desktop.services.seed import seed_defaults

__all__ = ["PopulateResult", "populate"]

CHUNK = 5000
VILLAGES = ("东村", "西村", "南村", "北村", "前进村", "红旗村", "新民村", "和平村", "团结村", "光明村", "幸福社区",
            "城关社区")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰红梅德福春生志强海燕国庆凤英"
SUMMARIES = {
    Category.LIVELIHOOD: ("低保资格复核未通过", "医保报销比例有异议", "养老金未按时发放", "危房改造补助未到位"),
    Category.DISPUTE: ("宅基地界址纠纷", "邻里排水纠纷", "土地流转租金纠纷", "家庭赡养纠纷"),
    Category.LEGAL: ("对法院判决执行不满", "工伤赔偿诉讼遗留问题", "交通事故赔偿未履行"),
    Category.POLICY: ("咨询养老保险缴费政策", "咨询耕地地力补贴标准", "咨询退役军人优待政策"),
    Category.LEGACY: ("征地补偿历史遗留问题", "民办教师待遇遗留问题", "集体企业改制遗留问题"),
}
CATEGORY_DEPT = {Category.LEGAL: "司法所", Category.LIVELIHOOD: "社会事务办", Category.DISPUTE: "人民调解委员会",
                 Category.POLICY: "镇信访办", Category.LEGACY: "镇信访办"}
# Spring Festival (Jan/Feb) and harvest (Sep/Oct) are busier; August and December quieter.
MONTH_WEIGHT = (1.3, 1.4, 1.0, 1.0, 0.9, 0.9, 0.9, 0.8, 1.2, 1.2, 1.0, 0.8)


@dataclass(frozen=True)
class PopulateResult:
    matters: int
    visits: int
    petitioners: int
    evaluations: int
    reviews: int
    leader_sessions: int
    first_matter_id: int
    last_matter_id: int
    year: int


def _next_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(model.id), 0)))) + 1


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        session.execute(insert(model.__table__), rows[i:i + CHUNK])


def _fix_sequences(session: Session, models: list[Any]) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the new rows."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randrange(0, 9), rng.randrange(60), tzinfo=UTC)


def _days(year: int, last: date, rng: random.Random, cal: Any) -> tuple[list[date], list[float]]:
    days, weights = [], []
    d = date(year, 1, 1)
    while d <= last and d.year == year:
        days.append(d)
        weights.append(MONTH_WEIGHT[d.month - 1] * (1.0 if cal.is_workday(d) else 0.15))
        d += timedelta(days=1)
    return days, weights


def _staff(session: Session, now: datetime) -> dict[str, list[int]]:
    """Bench staff (created once): clerks, leaders (approvers / case leads)."""
    spec = {Role.CLERK: ("bench_clerk", 4), Role.APPROVER: ("bench_approver", 2), Role.CASE_LEAD: ("bench_lead", 3)}
    out: dict[str, list[int]] = {}
    for role, (prefix, n) in spec.items():
        ids = []
        for i in range(n):
            username = f"{prefix}{i}"
            sid = session.scalar(select(Staff.id).where(Staff.username == username))
            if sid is None:
                sid = _next_id(session, Staff)
                session.execute(insert(Staff.__table__), [dict(
                    id=sid, username=username, display_name=f"{SURNAMES[i + len(out) * 5]}{'镇长书记主任'[i % 6]}",
                    password_hash="!", created_at=now, failed_logins=0, active=True)])
                session.execute(insert(StaffRole.__table__), [dict(id=_next_id(session, StaffRole), staff_id=sid,
                                                                   role=role)])
            ids.append(sid)
        out[role.value] = ids
    return out


def populate(ctx: AppContext, n_matters: int, year: int, seed: int = 0, *, visits: int | None = None) -> PopulateResult:
    """Adds ``n_matters`` matters registered in ``year`` (and everything hanging off them); see the module doc."""
    rng = random.Random(seed)
    today = ctx.today()
    last_day = min(date(year, 12, 31), today - timedelta(days=1))
    if last_day < date(year, 1, 1):
        raise ValueError(f"year {year} has not started on {today}")
    total_visits = round(1.3 * n_matters) if visits is None else visits
    if total_visits < n_matters:
        raise ValueError("every matter has at least its registration visit")
    now = ctx.now()
    with ctx.db.session() as session:
        seed_defaults(session)
        rules, cal = ctx.rules(session), ctx.calendar(session)
        depts = dict(session.execute(select(Department.name, Department.id)).all())
        staff = _staff(session, now)
        village_ids = []
        for name in VILLAGES:
            vid = session.scalar(select(Village.id).where(Village.name == name))
            if vid is None:
                vid = _next_id(session, Village)
                session.execute(insert(Village.__table__), [dict(id=vid, name=name)])
            village_ids.append(vid)
        days, weights = _days(year, last_day, rng, cal)
        reg_days = sorted(rng.choices(days, weights, k=n_matters))

        first_pid, first_mid = _next_id(session, Petitioner), _next_id(session, Matter)
        first_seq = int(session.scalar(select(func.coalesce(func.max(Counter.last_value), 0))
                                       .where(Counter.series == "case", Counter.year == year)) or 0) + 1
        petitioners: list[dict[str, Any]] = []
        matters: list[dict[str, Any]] = []
        regs: list[dict[str, Any]] = []  # registration visits
        last_matter_of: dict[int, int] = {}
        categories, cat_w = list(SUMMARIES), (15, 35, 25, 15, 10)
        limits = {Complexity.SIMPLE: rules.simple_limit, Complexity.COMPLEX: rules.complex_limit}
        for i, reg in enumerate(reg_days):
            mid = first_mid + i
            if petitioners and rng.random() < 0.30:
                pid = first_pid + rng.randrange(len(petitioners))
                village = petitioners[pid - first_pid]["village_id"]
            else:
                pid = first_pid + len(petitioners)
                village = rng.choice(village_ids)
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                petitioners.append(dict(id=pid, name=name, village_id=village, created_at=now,
                                        id_masked=f"110105********{rng.randrange(10000):04d}"))
            linked = last_matter_of.get(pid) if rng.random() < 0.33 else None
            last_matter_of[pid] = mid
            channel = rng.choices(list(Channel), (55, 15, 20, 10))[0]
            if not cal.is_workday(reg) and channel == Channel.VISIT:
                channel = Channel.ONLINE
            category = rng.choices(categories, cat_w)[0]
            accusation = category != Category.POLICY and rng.random() < 0.05
            complexity = Complexity.SIMPLE if category == Category.POLICY or rng.random() < 0.7 else Complexity.COMPLEX
            group = 1 if rng.random() < 0.97 else (rng.randrange(2, 5) if rng.random() < 0.67 else rng.randrange(5, 41))
            m = _matter(rng, mid, year, first_seq + i, reg, pid, village, channel, category, accusation, complexity,
                        group, linked, staff, depts, today, cal, limits[complexity], rules)
            matters.append(m)
            regs.append(dict(matter_id=mid, petitioner_id=pid, channel=channel, occurred_at=_at(reg, rng),
                             occurred_on=reg, headcount=group, registered_by_id=m["registered_by_id"], note="",
                             leader_session_id=None))

        extra = _extra_visits(rng, matters, total_visits - n_matters, last_day)
        evaluations, reviews, changes = _follow_ups(rng, matters, today, rules, cal, staff)
        sessions = _leader_days(rng, year, last_day, today, cal, staff)

        first_sid = _next_id(session, LeaderSession)
        for k, s in enumerate(sessions):
            s["id"] = first_sid + k
        _link_sessions(sessions, regs + extra, matters, first_mid)
        _insert(session, LeaderSession, sessions)
        _insert(session, Petitioner, petitioners)
        history = [dict(matter_id=m["id"], status=st, changed_on=on, recorded_at=_at(on, rng), handling_due=due,
                        backdated=False) for m in matters for st, on, due in m.pop("_history")]
        _insert(session, Matter, matters)
        _insert(session, MatterStatusChange, history)
        all_visits = regs + extra
        _insert(session, Visit, all_visits)
        _insert(session, Evaluation, evaluations)
        _insert(session, Review, reviews)
        _insert(session, DeadlineChange, changes)
        last_seq = first_seq + n_matters - 1
        if session.get(Counter, ("case", year)) is None:
            session.execute(insert(Counter.__table__), [dict(series="case", year=year, last_value=last_seq)])
        else:
            session.execute(update(Counter).where(Counter.series == "case", Counter.year == year)
                            .values(last_value=last_seq))
        _fix_sequences(session, [Petitioner, Matter, MatterStatusChange, Visit, Evaluation, Review, DeadlineChange, LeaderSession,
                                 Staff, StaffRole, Village])
    return PopulateResult(n_matters, len(all_visits), len(petitioners), len(evaluations), len(reviews), len(sessions),
                          first_mid, first_mid + n_matters - 1, year)


def _matter(rng: random.Random, mid: int, year: int, seq: int, reg: date, pid: int, village: int, channel: Channel,
            category: Category, accusation: bool, complexity: Complexity, group: int, linked: int | None,
            staff: dict[str, list[int]], depts: dict[str, int], today: date, cal: Any, limit: Period,
            rules: Any) -> dict[str, Any]:
    clerk = rng.choice(staff["clerk"])
    summary = rng.choice(SUMMARIES[category])
    case = f"XF{year}-{seq:05d}"
    m: dict[str, Any] = dict(
        id=mid, case_number=case, year=year, seq=seq, registered_at=_at(reg, rng), registered_on=reg,
        channel=channel, petitioner_id=pid, summary=summary, demands="要求依法依规解决", accepts_mediation=False,
        group_size=group, status=MatterStatus.ASSIGNED, category=category, complexity=complexity,
        regulation_type=RegulationType.ACCUSATION if accusation else (
            RegulationType.SUGGESTION if category == Category.POLICY else RegulationType.APPEAL),
        appeal_route=None if accusation or category == Category.POLICY else AppealRoute.PETITION,
        risk=rng.choices(list(Risk), (5, 20, 75))[0], restricted=accusation, key_domains=[],
        department_id=depts["镇纪委" if accusation else CATEGORY_DEPT[category]], first_handler_id=clerk,
        approver_id=staff["approver"][0], registered_by_id=clerk, visits_30d=1, repeat_alert=AlertLevel.GREEN,
        linked_matter_id=linked, village_id=village, assign_due=due_date(reg, rules.assign_within, cal),
        assigned_on=None, handling_due=None, solved_at_first_contact=False, closed_at=None, closed_on=None,
        evaluation_due=None, callback_due=None, search_text=f"{case} {summary}", version=1, leader_session_id=None,
        _pause=0, _history=[(MatterStatus.REGISTERED, reg, None)],
    )
    if category == Category.POLICY and rng.random() < 0.85:  # answered at the desk
        m.update(status=MatterStatus.CLOSED, solved_at_first_contact=True, closed_on=reg, closed_at=m["registered_at"],
                 handling_due=due_date(reg, limit, cal))
        m["_history"].append((MatterStatus.CLOSED, reg, m["handling_due"]))
        return m
    assigned = cal.add_working_days(reg, rng.choice((0, 1, 1, 2))) if rng.random() > 0.02 else None
    if assigned is None or assigned > today:
        m.update(status=MatterStatus.CLASSIFIED, handling_due=due_date(reg, limit, cal))
        m["_history"].append((MatterStatus.CLASSIFIED, reg, m["handling_due"]))
        return m
    pause = rng.randrange(2, 10) if rng.random() < 0.05 else 0
    due = due_date(assigned + timedelta(days=pause), limit, cal)
    m.update(assigned_on=assigned, handling_due=due, _pause=pause)
    m["_history"].append((MatterStatus.ASSIGNED, assigned, due))
    r = rng.random()
    if r < 0.93:
        closed = assigned + timedelta(days=rng.randrange(1, max(2, (due - assigned).days + 1)))
    elif r < 0.985:
        closed = due + timedelta(days=rng.randrange(1, 25))
    else:
        closed = None  # still being handled (possibly long overdue)
    if closed is not None and closed < today:
        m.update(status=MatterStatus.CLOSED, closed_on=closed, closed_at=_at(closed, rng))
        m["_history"].append((MatterStatus.CLOSED, closed, due))
    return m


def _extra_visits(rng: random.Random, matters: list[dict[str, Any]], n: int, last_day: date) -> list[dict[str, Any]]:
    """Repeat visits and letters: a heavy tail (Pareto weights) so some matters come back very often."""
    if n <= 0:
        return []
    weights = [rng.paretovariate(1.2) for _ in matters]
    out = []
    for m in rng.choices(matters, weights, k=n):
        on = min(last_day, m["registered_on"] + timedelta(days=int(rng.expovariate(1 / 20))))
        channel = rng.choices(list(Channel), (60, 15, 15, 10))[0]
        out.append(dict(matter_id=m["id"], petitioner_id=m["petitioner_id"], channel=channel,
                        occurred_at=_at(on, rng), occurred_on=on, headcount=m["group_size"],
                        registered_by_id=m["registered_by_id"], note="", leader_session_id=None))
    return out


def _follow_ups(rng: random.Random, matters: list[dict[str, Any]], today: date, rules: Any, cal: Any,
                staff: dict[str, list[int]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    evaluations, reviews, changes = [], [], []
    for m in matters:
        pause = m.pop("_pause")
        if pause:
            start = m["assigned_on"] + timedelta(days=1)
            changes.append(dict(matter_id=m["id"], kind=PauseKind.PAUSE, start_on=start,
                                end_on=start + timedelta(days=pause), amount=None, unit=None, reason="等待当事人补充材料",
                                approver_id=m["approver_id"], created_by_id=m["registered_by_id"],
                                created_at=_at(start, rng)))
        closed = m["closed_on"]
        if closed is None:
            continue
        m["evaluation_due"] = due_date(closed, rules.evaluation_within, cal)
        m["callback_due"] = due_date(closed, rules.callback_after, cal)
        rated = closed + timedelta(days=rng.randrange(0, 6))
        if rated >= today or rng.random() > 0.9:
            continue
        answer = rng.choices(list(Satisfaction), (75, 20, 5))[0]
        evaluations.append(dict(matter_id=m["id"], answer=answer, method="phone", recorded_on=rated,
                                recorded_at=_at(rated, rng), recorded_by_id=m["registered_by_id"]))
        if answer != Satisfaction.DISSATISFIED:
            continue
        due = due_date(rated, rules.review_answer_within, cal)
        review = dict(matter_id=m["id"], kind=ReviewKind.RECHECK, opened_on=rated, due_on=due, reason="评价不满意，启动复查",
                      opened_by_id=m["registered_by_id"], inspector_id=None, outcome=None, conclusion="", closed_on=None)
        reviews.append(review)
        m["_history"].append((MatterStatus.UNDER_REVIEW, rated, m["handling_due"]))
        if due >= today:
            m["status"] = MatterStatus.UNDER_REVIEW
            continue
        review.update(closed_on=due, conclusion="复查完毕")
        if rng.random() < 0.8:
            review["outcome"] = ReviewOutcome.UPHELD
            m["status"] = MatterStatus.TERMINATED
        else:  # changed: handled again from the review's end, the old closing no longer stands
            review["outcome"] = ReviewOutcome.CHANGED
            limit = rules.handling_limit(m["complexity"])
            m.update(status=MatterStatus.ASSIGNED, assigned_on=due, handling_due=due_date(due, limit, cal),
                     closed_on=None, closed_at=None, evaluation_due=None, callback_due=None)
        m["_history"].append((m["status"], due, m["handling_due"]))
    return evaluations, reviews, changes


def _leader_days(rng: random.Random, year: int, last_day: date, today: date, cal: Any,
                 staff: dict[str, list[int]]) -> list[dict[str, Any]]:
    leaders = staff["approver"] + staff["case_lead"]
    out = []
    d = date(year, 1, 1)
    k = 0
    while d.year == year:
        if d.weekday() == 2 and cal.is_workday(d):
            held = d <= last_day and d <= today
            batches = rng.randrange(1, 5) if held else 0
            out.append(dict(leader_id=leaders[k % len(leaders)], day=d, place="镇信访接待室", held=held,
                            batches=batches, people=batches + rng.randrange(0, 2 * batches + 1) if held else 0,
                            solved_on_spot=rng.randrange(0, batches + 1) if held else 0, notes=""))
            k += 1
        d += timedelta(days=1)
    return out


def _link_sessions(sessions: list[dict[str, Any]], visits: list[dict[str, Any]], matters: list[dict[str, Any]],
                   first_mid: int) -> None:
    """In-person visits on a leader's day are linked to that session (as ``leader_days.attach_visit`` does)."""
    by_day = {s["day"]: s["id"] for s in sessions if s["held"]}
    for v in visits:
        sid = by_day.get(v["occurred_on"])
        if sid is None or v["channel"] != Channel.VISIT:
            continue
        v["leader_session_id"] = sid
        m = matters[v["matter_id"] - first_mid]
        if m["registered_on"] == v["occurred_on"] and m["leader_session_id"] is None:
            m["leader_session_id"] = sid
