"""Prevention's figures, defined once with the sentence that says what is counted (the tooltip), computed
point-in-time like the office's other figures: a period's numbers come from what had been recorded by its
end, so a report that arrives later never changes a closed period. Each comes with 环比 (the period
before) and 同比 (the same period a year earlier).

The dashboard and the monthly/yearly report take :func:`compare` (values and changes) and
:data:`PREVENTION_FIGURES` (labels, units, tooltips)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import EscalatedVisit, KeyPerson, ScreeningItem
from desktop.domain.enums import Risk
from desktop.prevention import settings as prevention_settings
from desktop.prevention.board import recorded_by, three_no_by_village
from desktop.prevention.enums import EscalationLevel, ScreeningStatus
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.values import Rate


@dataclass(frozen=True)
class PreventionFigure:
    key: str
    label_zh: str
    label_en: str
    unit_zh: str  # 件 / 次 / 个 / %
    definition_zh: str
    definition_en: str
    goal_percent: float | None = None
    lower_is_better: bool = False


def _f(key: str, zh: str, en: str, unit: str, dzh: str, den: str, goal: float | None = None,
       lower: bool = False) -> PreventionFigure:
    return PreventionFigure(key, zh, en, unit, dzh, den, goal, lower)


PREVENTION_FIGURES: dict[str, PreventionFigure] = {f.key: f for f in (
    _f("screening_reported", "排查上报矛盾纠纷", "Disputes reported by screening", "件",
       "本期上报日期在期内、且期末前已录入的排查事项数（零报告不计）。",
       "Screening items reported in the period and recorded by its end (zero reports not counted)."),
    _f("screening_red", "其中红色预警", "of which red warnings", "件",
       "上述排查事项中定为红色（可能引发信访）的件数。",
       "Of those, the items rated red (may lead to a petition)."),
    _f("screening_resolved", "排查化解", "Screening items resolved", "件",
       "上述排查事项中到期末已化解的件数（转为信访事项的不计）。",
       "Of those, the items resolved by the period's end (not those turned into matters)."),
    _f("screening_resolved_rate", "排查化解率", "Screening resolution rate", "%",
       "排查化解 ÷ 排查上报矛盾纠纷。", "Screening items resolved ÷ reported."),
    _f("important_info_rate", "重要信息上报率", "Important information reported in time", "%",
       "期内上报的红色事项中，在时限内（工作日内 {hours} 小时）领导到场核实、已上报的件数 ÷ 红色事项数。",
       "Of the red items reported in the period, those followed up (reported upward, a leader on site) "
       "within the limit ({hours} working-day hours) ÷ red items.", goal=100.0),
    _f("stable_rate", "上访老户稳控率", "Key persons kept stable", "%",
       "期内在册的重点人员、上访老户中，期内没有越级访的人数 ÷ 在册人数。",
       "Key persons and long-standing petitioners on the register during the period without an escalated "
       "visit in it ÷ those on the register."),
    _f("three_no_villages", "三无村", "三无 villages", "个",
       "期内无到市赴省进京非正常访、无越级集体访，且期末无信访积案的村数。",
       "Villages with no abnormal visit to city/province/Beijing and no escalated group visit in the period, "
       "and no backlog matter open at its end."),
    _f("three_no_share", "三无村占比", "Share of 三无 villages", "%",
       "三无村 ÷ 全部村（社区）数；目标 {goal}%。", "三无 villages ÷ all villages; goal {goal}%."),
    _f("escalated_county", "越级访（县）", "Escalated visits (county)", "次",
       "期内到县的越级访次数（上级通报、期末前已录入）。", "Visits to the county in the period, as reported.",
       lower=True),
    _f("escalated_city", "越级访（市）", "Escalated visits (city)", "次",
       "期内到市的越级访次数。", "Visits to the city in the period.", lower=True),
    _f("escalated_province", "越级访（省）", "Escalated visits (province)", "次",
       "期内赴省的越级访次数。", "Visits to the province in the period.", lower=True),
    _f("escalated_beijing", "越级访（进京）", "Escalated visits (Beijing)", "次",
       "期内进京的越级访次数。", "Visits to Beijing in the period.", lower=True),
)}


def definition(key: str, session: Session, lang: str = "zh",
               settings: prevention_settings.PreventionSettings | None = None) -> str:
    """The figure's definition with the office's settings in it (``settings``: already loaded)."""
    s = settings or prevention_settings.load(session)
    f = PREVENTION_FIGURES[key]
    text = f.definition_en if lang == "en" else f.definition_zh
    return text.format(hours=s.red_follow_up_hours, goal=s.three_no_goal_percent)


@dataclass(frozen=True)
class PreventionFigureSet:
    period: ReportPeriod
    as_of: date
    values: dict[str, int | Rate]

    def number(self, key: str) -> float | None:
        v = self.values[key]
        return v.percent if isinstance(v, Rate) else float(v)


@dataclass(frozen=True)
class PreventionComparison:
    current: PreventionFigureSet
    previous: PreventionFigureSet  # 环比
    year_ago: PreventionFigureSet  # 同比

    def change(self, key: str, against: str = "previous") -> float | None:
        other = self.previous if against == "previous" else self.year_ago
        a, b = self.current.number(key), other.number(key)
        return None if a is None or b is None else a - b


def year_earlier(period: ReportPeriod) -> ReportPeriod:
    y = period.start.year - 1
    if period.kind is PeriodKind.MONTH:
        return ReportPeriod.month(y, period.start.month)
    if period.kind is PeriodKind.QUARTER:
        return ReportPeriod.quarter(y, (period.start.month - 1) // 3 + 1)
    if period.kind is PeriodKind.YEAR:
        return ReportPeriod.year_of(y)

    def back(d: date) -> date:
        return d.replace(year=d.year - 1, day=28) if (d.month, d.day) == (2, 29) else d.replace(year=d.year - 1)
    return ReportPeriod.custom(back(period.start), back(period.end))


def compute(session: Session, period: ReportPeriod, today: date) -> PreventionFigureSet:
    """The figures of ``period`` as they stood at its end (or ``today`` while it runs)."""
    settings = prevention_settings.load(session)
    start, as_of = period.start, min(period.end, today)
    cut = recorded_by(as_of)
    in_period = (ScreeningItem.reported_on >= start, ScreeningItem.reported_on <= as_of,
                 ScreeningItem.created_at < cut)
    reported, red, resolved = session.execute(select(
        func.count(),
        func.count().filter(ScreeningItem.level == Risk.RED),
        func.count().filter(ScreeningItem.status == ScreeningStatus.RESOLVED, ScreeningItem.resolved_on <= as_of),
    ).where(*in_period)).one()
    red_in_time = session.scalar(select(func.count()).where(
        *in_period, ScreeningItem.level == Risk.RED, ScreeningItem.followed_up_at.is_not(None),
        ScreeningItem.followed_up_at <= ScreeningItem.follow_up_due, ScreeningItem.followed_up_at < cut)) or 0
    esc_period = (EscalatedVisit.occurred_on >= start, EscalatedVisit.occurred_on <= as_of,
                  EscalatedVisit.created_at < cut)
    by_level = dict(session.execute(select(EscalatedVisit.level, func.count()).where(*esc_period)
                                    .group_by(EscalatedVisit.level)).all())
    escalated_people = select(EscalatedVisit.petitioner_id).where(
        *esc_period, EscalatedVisit.petitioner_id.is_not(None))
    on_register = (KeyPerson.since <= as_of, KeyPerson.created_at < cut,
                   or_(KeyPerson.removed_on.is_(None), KeyPerson.removed_on >= start))
    key_total = session.scalar(select(func.count()).where(*on_register)) or 0
    key_stable = session.scalar(select(func.count()).where(
        *on_register, KeyPerson.petitioner_id.not_in(escalated_people))) or 0
    villages = three_no_by_village(session, start, as_of, settings.backlog_after_days)
    three_no = sum(c.is_three_no for c in villages.values())
    values: dict[str, int | Rate] = {
        "screening_reported": reported, "screening_red": red, "screening_resolved": resolved,
        "screening_resolved_rate": Rate(resolved, reported), "important_info_rate": Rate(red_in_time, red),
        "stable_rate": Rate(key_stable, key_total), "three_no_villages": three_no,
        "three_no_share": Rate(three_no, len(villages)),
        **{f"escalated_{lv.value}": int(by_level.get(lv, 0)) for lv in EscalationLevel},
    }
    return PreventionFigureSet(period, as_of, values)


def compare(ctx: AppContext, session: Session, actor: Actor, period: ReportPeriod,
            today: date | None = None) -> PreventionComparison:
    actor.require(Permission.VIEW_STATISTICS)
    today = today or ctx.today()
    return PreventionComparison(compute(session, period, today), compute(session, period.previous(), today),
                                compute(session, year_earlier(period), today))


@dataclass(frozen=True)
class FigureRow:
    """One line of the report's (and its XLSX's) prevention table, and the dashboard's tile with tooltip."""

    key: str
    label: str
    value: str
    previous_change: str  # 环比
    year_change: str  # 同比
    definition: str


def _change(delta: float | None, rate: bool, lang: str) -> str:
    if delta is None:
        return "—"
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    size = f"{abs(delta):.1f}" if rate else f"{abs(delta):.0f}"
    if rate:
        return f"{sign}{size} " + ("pp" if lang == "en" else "个百分点")
    return f"{sign}{size}"


def rows(comparison: PreventionComparison, session: Session, lang: str = "zh") -> list[FigureRow]:
    """The figures in catalogue order as text, with their changes and definitions."""
    out, settings = [], prevention_settings.load(session)
    for key, f in PREVENTION_FIGURES.items():
        value = comparison.current.values[key]
        rate = isinstance(value, Rate)
        shown = str(value) if rate else f"{value}{'' if lang == 'en' else f.unit_zh}"
        out.append(FigureRow(key, f.label_en if lang == "en" else f.label_zh, shown,
                             _change(comparison.change(key, "previous"), rate, lang),
                             _change(comparison.change(key, "year"), rate, lang),
                             definition(key, session, lang, settings)))
    return out


@dataclass(frozen=True)
class LateEscalation:
    """更正: a 越级访 dated in an earlier, closed period but reported back during this one."""

    occurred_on: date
    level: EscalationLevel
    village: str
    recorded_on: date


def late_escalations(session: Session, period: ReportPeriod, today: date) -> list[LateEscalation]:
    from desktop.clock import china_date
    from desktop.db.models import Village

    as_of = min(period.end, today)
    stmt = (select(EscalatedVisit, Village.name).outerjoin(Village, Village.id == EscalatedVisit.village_id)
            .where(EscalatedVisit.occurred_on < period.start, EscalatedVisit.created_at >= recorded_by(
                period.start - timedelta(days=1)), EscalatedVisit.created_at < recorded_by(as_of))
            .order_by(EscalatedVisit.occurred_on))
    return [LateEscalation(v.occurred_on, v.level, name or "", china_date(v.created_at))
            for v, name in session.execute(stmt)]
