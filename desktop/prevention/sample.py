"""``reception sample-data``'s prevention part: a quarter of screening reports (villages weekly on their
day, grids and township units too, with 零报告), a grid worker and a village secretary, key persons from
the month's frequent visitors and two escalated visits reported back from above."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from desktop.clock import CHINA_TZ, FixedClock
from desktop.domain.idnumber import check_digit
from desktop.prevention import escalations, key_persons, scope, screening
from desktop.prevention import settings as prevention_settings
from desktop.prevention.enums import (
    ContactKind,
    EscalationLevel,
    EscalationSource,
    KeyPersonKind,
    KeyPersonStatus,
)
from desktop.prevention.escalations import EscalationInput
from desktop.prevention.key_persons import KeyPersonInput
from desktop.prevention.screening import ScreeningInput
from desktop.services.context import AppContext
from desktop.services.permissions import Actor

CAUSES = [
    ("宅基地边界纠纷，双方砌墙时发生争执", "黄", "村调委会现场丈量，约定共同出资重砌"),
    ("土地流转租金拖欠两季，涉及十余户", "红", "镇农业办约谈流转方，分期支付"),
    ("工地拖欠农民工工资，有聚集讨薪苗头", "红", "人社所介入，督促补发"),
    ("邻里因排水沟堵塞争吵", "黄", "网格员协调疏通"),
    ("咨询高龄补贴申领条件", "绿", "法律明白人在群内答复"),
    ("赡养老人费用分担纠纷", "黄", "村干部组织家庭会议"),
    ("咨询退役军人优待证办理", "绿", "已答复办理流程"),
    ("征地补偿分配方案有异议", "红", "镇领导带队入户解释政策"),
    ("山林权属争议", "黄", "自然资源所调阅林权证"),
    ("低保评议结果有意见", "绿", "民政办解释评议标准"),
]
UNITS = [("派出所", "赵所长"), ("司法所", "吴所长")]


def _rid(rng: random.Random) -> str:
    born = date(1955, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
    first17 = f"411521{born:%Y%m%d}{rng.randint(100, 999)}"
    return first17 + check_digit(first17)


def fill_prevention(ctx: AppContext, admin: Actor, staff: dict[str, Actor], villages: list[str],
                    frequent: list[tuple[str, str, str]], rng: random.Random, clock: FixedClock) -> int:
    """Adds the prevention data; returns the number of screening items. ``clock`` walks the quarter."""
    real_now = clock.now()
    today = real_now.astimezone(CHINA_TZ).date()
    with ctx.db.session() as s:
        for v in villages:
            scope.add_village(ctx, s, admin, v)
        if "wanggw" in staff:
            scope.assign_area(ctx, s, admin, "wanggw", villages[0], "第一网格")
        if "liushu" in staff:
            scope.assign_area(ctx, s, admin, "liushu", villages[1])
        settings = prevention_settings.load(s)
    village_day = settings.rhythms[screening.ReporterKind.VILLAGE].weekday or 3
    items = 0
    start = today - timedelta(days=90)
    reporter = {v: f"{v[:1]}书记" for v in villages}
    for offset in range(91):
        day = start + timedelta(days=offset)
        if day.isoweekday() == village_day:
            for v in villages:
                clock.set(datetime.combine(day, time(9, rng.randint(0, 59)), tzinfo=CHINA_TZ))
                if rng.random() < 0.55:
                    _submit(ctx, staff["liwei"], ScreeningInput("村", reporter[v], "零报告", "", village=v))
                    continue
                items += _item(ctx, staff, rng, day, "村", reporter[v], v, "")
        if day.weekday() < 5 and rng.random() < 0.35:  # the grid worker's daily round found something
            clock.set(datetime.combine(day, time(16, rng.randint(0, 59)), tzinfo=CHINA_TZ))
            items += _item(ctx, staff, rng, day, "网格", "王国伟", villages[0], "第一网格")
        if day.day == 28:
            for unit, head in UNITS:
                clock.set(datetime.combine(day, time(15, 0), tzinfo=CHINA_TZ))
                items += _item(ctx, staff, rng, day, "单位", head, "", "", unit=unit)
    clock.set(real_now)
    _key_persons(ctx, staff, frequent, rng, today)
    _escalations(ctx, staff, frequent, today)
    clock.set(real_now)
    return items


def _submit(ctx: AppContext, actor: Actor, data: ScreeningInput) -> int:
    with ctx.db.session() as s:
        return 0 if screening.add_item(ctx, s, actor, data) is None else 1


def _item(ctx: AppContext, staff: dict[str, Actor], rng: random.Random, day: date, kind: str, reporter: str,
          village: str, grid: str, unit: str = "") -> int:
    cause, level, how = rng.choice(CAUSES)
    age = (ctx.today() - day).days
    resolved = age > 10 and rng.random() < 0.8
    with ctx.db.session() as s:
        item = screening.add_item(ctx, s, staff["liwei"], ScreeningInput(
            kind, reporter, cause, level, village=village, grid=grid, unit=unit, place=f"{village or unit}{rng.randint(1, 9)}组",
            parties="、".join(rng.sample(["张建国", "李秀兰", "王志强", "刘德胜", "陈海燕"], 2)),
            people=str(rng.randint(2, 15)), development="双方情绪稳定" if level != "红" else "有上访倾向",
            handling=how))
        assert item is not None
        if level != "绿" and rng.random() < 0.85:  # most red and yellow items are followed up in time
            hours = rng.randint(2, 40) if level == "红" else rng.randint(1, 6)
            at = item.reported_at + timedelta(hours=hours)
            if at <= ctx.now() + timedelta(days=90):
                screening.record_follow_up(ctx, s, staff["sunqiang"], item.id,
                                           "镇领导到场核实" if level == "红" else "已转村支书", at=at)
        if resolved:
            screening.resolve(ctx, s, staff["sunqiang"], item.id, how, on=min(day + timedelta(days=rng.randint(1, 9)),
                                                                             ctx.today()))
    return 1


def _key_persons(ctx: AppContext, staff: dict[str, Actor], frequent: list[tuple[str, str, str]],
                 rng: random.Random, today: date) -> None:
    reasons = ["2008年水库移民后扶资金问题，多次赴县上访", "工伤赔偿执行问题，曾到市上访",
               "宅基地纠纷调解不服，情绪激动", "低保取消后反复来访"]
    statuses = [KeyPersonStatus.WATCH, KeyPersonStatus.STABLE, KeyPersonStatus.STABLE, KeyPersonStatus.LOST]
    with ctx.db.session() as s:
        for i, (id_number, name, village) in enumerate(frequent[:4]):
            kp = key_persons.register(ctx, s, staff["sunqiang"], KeyPersonInput(
                id_number=id_number, name=name, kind=KeyPersonKind.LONG_TERM if i < 2 else KeyPersonKind.KEY_PERSON,
                reason=reasons[i], since=today - timedelta(days=400 - 60 * i), cadre_id=staff["zhoujun"].id,
                case_lead_id=staff["zhoujun"].id, measures="包村干部每周走访，协调解决实际困难",
                status=statuses[i], village=village))
            for k in range(rng.randint(1, 4)):
                key_persons.log_contact(ctx, s, staff["sunqiang"], kp.id,
                                        rng.choice([ContactKind.VISIT, ContactKind.CALL, ContactKind.HELP]),
                                        "了解近况，情绪平稳", on=today - timedelta(days=7 * k + rng.randint(0, 6)))
        year = today.year
        key_persons.add_sensitive_period(ctx, s, staff["sunqiang"], "两会", date(year, 3, 1), date(year, 3, 15), 2)
        key_persons.add_sensitive_period(ctx, s, staff["sunqiang"], "春节", date(year, 1, 20), date(year, 2, 10), 3)


def _escalations(ctx: AppContext, staff: dict[str, Actor], frequent: list[tuple[str, str, str]],
                 today: date) -> None:
    id_number, name, village = frequent[3]
    with ctx.db.session() as s:
        escalations.record(ctx, s, staff["liwei"], EscalationInput(
            occurred_on=today - timedelta(days=40), level=EscalationLevel.CITY, source=EscalationSource.NOTICE,
            abnormal=True, id_number=id_number, name=name, village=village, reported_by="市信访局",
            summary="在市政府门前滞留，经劝返"))
        escalations.record(ctx, s, staff["liwei"], EscalationInput(
            occurred_on=today - timedelta(days=12), level=EscalationLevel.COUNTY,
            source=EscalationSource.ASSIGNMENT, group=True, headcount=8, village=frequent[1][2],
            reported_by="县信访局", summary="8名村民到县信访局反映土地流转租金拖欠，已交办"))
