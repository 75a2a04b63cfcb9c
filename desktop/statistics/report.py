"""《信访工作分析报告》 as data: one computation that the PDF, the XLSX and the dashboard all show.

:func:`build_report` checks the actor may see statistics, computes every figure for the period and
the previous one, the breakdowns, the monthly trend, the top types with their streaks, the named
lists (masked for this actor) and the leaders' sessions, and returns a frozen :class:`AnalysisReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Village
from desktop.domain.rules_config import Rules
from desktop.prevention.board import village_board
from desktop.prevention.figures import LateEscalation, late_escalations
from desktop.prevention.views import VillageBoard
from desktop.services.context import AppContext
from desktop.services.leader_days import SessionRow
from desktop.services.office import load_profile
from desktop.services.permissions import Actor, Permission
from desktop.statistics import archive
from desktop.statistics import breakdowns as bd
from desktop.statistics.catalog import FIGURES, definition_of, label_of
from desktop.statistics.comments import load_comment
from desktop.statistics.corrections import Correction, corrections_written_in
from desktop.statistics.figures import closed_month_figures, compute_figures, compute_period
from desktop.statistics.filters import StatFilter
from desktop.statistics.leaders import period_sessions
from desktop.statistics.lists import Disclosure, OverdueRow, RepeatRow, overdue_list, repeat_list
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.township import TownshipFigure, township_figures
from desktop.statistics.values import FigureSet, category_cells

__all__ = ["TITLE", "AnalysisReport", "FigureText", "build_report", "figure_texts", "filter_label", "year_earlier"]

TITLE = "信访工作分析报告"


@dataclass(frozen=True)
class FigureText:
    key: str
    label: str
    unit: str
    definition: str
    definition_en: str
    label_en: str = ""


@dataclass(frozen=True)
class AnalysisReport:
    office: str
    period: ReportPeriod
    previous_period: ReportPeriod
    filter: StatFilter
    filter_label: str
    generated_at: datetime
    as_of: date
    figures: FigureSet
    previous: FigureSet  # 环比: the period before
    texts: dict[str, FigureText]
    trend: list[bd.TrendPoint]
    by_category: list[bd.Breakdown]
    by_department: list[bd.Breakdown]
    by_village: list[bd.Breakdown]
    top_types: list[bd.TopType]
    streaks: list[bd.Streak]
    overdue: list[OverdueRow]
    overdue_ids: list[int]
    repeats: list[RepeatRow]
    repeat_ids: list[int]
    leader_sessions: list[SessionRow]
    comment: str
    disclosure: Disclosure
    serious_overdue_label: str = field(default="")
    year_ago_period: ReportPeriod | None = None
    year_ago: FigureSet | None = None  # 同比: the same period a year earlier
    corrections: list[Correction] = field(default_factory=list)  # 更正 written in this period
    closed_at: datetime | None = None  # the month was closed then: counted as known at that moment
    township: list[TownshipFigure] = field(default_factory=list)  # 基层预防与积案化解, township-wide
    village_board: VillageBoard | None = None  # the yearly report's 三无 page
    late_escalations: list[LateEscalation] = field(default_factory=list)  # 越级访 of closed periods, 更正

    @property
    def title(self) -> str:
        return f"{self.period.label_zh}{TITLE}"


def filter_label(session: Session, filt: StatFilter) -> str:
    """The filter in words, printed under the title ("全部" when there is none)."""
    if filt.is_empty:
        return "全部"
    parts = []
    if filt.village_ids:
        names = session.scalars(select(Village.name).where(Village.id.in_(sorted(filt.village_ids))))
        parts.append("村（社区）：" + "、".join(sorted(names)))
    if filt.department_ids:
        names = session.scalars(select(Department.name).where(Department.id.in_(sorted(filt.department_ids))))
        parts.append("承办部门：" + "、".join(sorted(names)))
    if filt.categories:
        parts.append("类别：" + "、".join(bd.CATEGORY_ZH[c] for c in sorted(filt.categories)))
    if filt.channels:
        parts.append("渠道：" + "、".join(bd.CHANNEL_ZH[c] for c in sorted(filt.channels)))
    return "；".join(parts)


def year_earlier(period: ReportPeriod) -> ReportPeriod:
    """The same period a year earlier (同比); 29 February becomes the 28th."""
    if period.kind is PeriodKind.MONTH:
        return ReportPeriod.month(period.start.year - 1, period.start.month)
    if period.kind is PeriodKind.QUARTER:
        return ReportPeriod.quarter(period.start.year - 1, (period.start.month - 1) // 3 + 1)
    if period.kind is PeriodKind.YEAR:
        return ReportPeriod.year_of(period.start.year - 1)

    def back(d: date) -> date:
        return d.replace(year=d.year - 1, day=min(d.day, 28) if (d.month, d.day) == (2, 29) else d.day)
    return ReportPeriod.custom(back(period.start), back(period.end))


def figure_texts(rules: Rules) -> dict[str, FigureText]:
    return {k: FigureText(k, label_of(k, rules), f.unit_zh, definition_of(k, rules), definition_of(k, rules, "en"),
                          label_of(k, rules, "en")) for k, f in FIGURES.items()}


def build_report(ctx: AppContext, session: Session, actor: Actor, period: ReportPeriod,
                 filt: StatFilter | None = None, *, comment: str | None = None,
                 today: date | None = None) -> AnalysisReport:
    """Everything the report and the dashboard show. ``comment`` None: the stored comment of the period.
    A closed month is counted from what was known when it was closed."""
    # The collector is not paused while counting although full collections add 15-25 %: the window
    # counts on a worker while its GUI thread deletes widgets, and Qt wrappers kept alive for seconds get
    # handed back for new objects at the same address (docs/performance.md, "Garbage collections").
    actor.require(Permission.VIEW_STATISTICS)
    filt = filt or StatFilter()
    today = today or ctx.today()
    rules, cal = ctx.rules(session), ctx.calendar(session)
    as_of = min(period.end, today)
    disclosure = Disclosure(full_names=actor.can(Permission.EXPORT_UNMASKED), viewer=actor)

    def known(p: ReportPeriod) -> datetime | None:
        return archive.closed_at(session, p)

    known_by = known(period)
    result = compute_period(session, period, filt, today=today, rules=rules, cal=cal, known_by=known_by)
    figures = result.figures
    prev_period = period.previous()
    def other(p: ReportPeriod) -> FigureSet:
        """A compared period: a closed month as archived (unfiltered), anything else counted."""
        stored = archive.archived_values(session, p) if filt.is_empty else None
        got = closed_month_figures(session, p, stored[1], today=today, known_by=stored[0]) if stored else None
        return got or compute_figures(session, p, filt, today=today, rules=rules, cal=cal, known_by=known(p))

    previous = other(prev_period)
    ago_period = year_earlier(period)
    year_ago = previous if ago_period == prev_period else other(ago_period)

    months = bd.window_months(period, today)
    month_periods = [ReportPeriod.month(*ym) for ym in months]
    closed = archive.closing_times(session, month_periods)
    # Closed months are charted as archived (unfiltered only), the report's own month as just counted.
    known = archive.archived_categories(session, month_periods) if filt.is_empty else {}
    if period.kind is PeriodKind.MONTH and figures.categories is not None:
        known[period.key] = category_cells(figures.categories)
    grid = bd.category_months(session, months, filt, today, closed, known)
    by_category, by_department, by_village = bd.from_cohort(session, result.cohort)
    tops, streaks = bd.top_types(by_category, grid, period, today)
    overdue, overdue_ids = overdue_list(session, result.overdue, as_of, cal, disclosure)
    texts = figure_texts(rules)
    return AnalysisReport(
        office=load_profile(session).display_name, period=period, previous_period=prev_period, filter=filt,
        filter_label=filter_label(session, filt), generated_at=ctx.now(), as_of=as_of, figures=figures,
        previous=previous, texts=texts, trend=bd.trend(grid, months), by_category=by_category,
        by_department=by_department, by_village=by_village, top_types=tops, streaks=streaks,
        overdue=overdue, overdue_ids=overdue_ids,
        repeats=repeat_list(session, result.repeats, as_of, rules, disclosure),
        repeat_ids=sorted(result.repeats.matter_ids),
        leader_sessions=period_sessions(session, period.start, period.end),
        comment=load_comment(session, period) if comment is None else comment, disclosure=disclosure,
        serious_overdue_label=texts["seriously_overdue"].label, year_ago_period=ago_period, year_ago=year_ago,
        corrections=corrections_written_in(session, period), closed_at=known_by,
        township=township_figures(ctx, session, actor, period, ago_period, today),
        village_board=village_board(ctx, session, actor, period.start.year, today)
        if period.kind is PeriodKind.YEAR else None,
        late_escalations=late_escalations(session, period, today),
    )
