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
from desktop.services.context import AppContext
from desktop.services.leader_days import SessionRow
from desktop.services.office import load_profile
from desktop.services.permissions import Actor, Permission
from desktop.statistics import breakdowns as bd
from desktop.statistics.catalog import FIGURES, definition_of, label_of
from desktop.statistics.comments import load_comment
from desktop.statistics.figures import compute_figures, compute_period
from desktop.statistics.filters import StatFilter
from desktop.statistics.leaders import period_sessions
from desktop.statistics.lists import Disclosure, OverdueRow, RepeatRow, overdue_list, repeat_list
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.repeats import roots_of
from desktop.statistics.values import FigureSet

__all__ = ["TITLE", "AnalysisReport", "FigureText", "build_report", "filter_label"]

TITLE = "信访工作分析报告"


@dataclass(frozen=True)
class FigureText:
    key: str
    label: str
    unit: str
    definition: str
    definition_en: str


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
    previous: FigureSet
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


def build_report(ctx: AppContext, session: Session, actor: Actor, period: ReportPeriod,
                 filt: StatFilter | None = None, *, comment: str | None = None,
                 today: date | None = None) -> AnalysisReport:
    """Everything the report and the dashboard show. ``comment`` None: the stored comment of the period."""
    actor.require(Permission.VIEW_STATISTICS)
    filt = filt or StatFilter()
    today = today or ctx.today()
    rules, cal = ctx.rules(session), ctx.calendar(session)
    as_of = min(period.end, today)
    disclosure = Disclosure(full_names=actor.can(Permission.EXPORT_UNMASKED), viewer=actor)

    roots = roots_of(session)  # the chains of linked matters, read once for both periods
    figures, chains = compute_period(session, period, filt, today=today, rules=rules, cal=cal, roots=roots)
    prev_period = period.previous()
    previous = compute_figures(session, prev_period, filt, today=today, rules=rules, cal=cal, roots=roots)

    months = bd.window_months(period)
    grid = bd.category_months(session, months, filt, today)
    if period.kind is PeriodKind.MONTH:  # the month's cells are already in the grid
        by_category = bd.category_rows(grid.get((period.start.year, period.start.month), {}))
    else:
        by_category = bd.by_category(session, period, filt, as_of)
    tops, streaks = bd.top_types(by_category, grid, period)
    overdue, overdue_ids = overdue_list(session, filt, as_of, today, rules, cal, disclosure)
    texts = {k: FigureText(k, label_of(k, rules), f.unit_zh, definition_of(k, rules), definition_of(k, rules, "en"))
             for k, f in FIGURES.items()}
    return AnalysisReport(
        office=load_profile(session).display_name, period=period, previous_period=prev_period, filter=filt,
        filter_label=filter_label(session, filt), generated_at=ctx.now(), as_of=as_of, figures=figures,
        previous=previous, texts=texts, trend=bd.trend(grid, months), by_category=by_category,
        by_department=bd.by_department(session, period, filt, as_of),
        by_village=bd.by_village(session, period, filt, as_of), top_types=tops, streaks=streaks,
        overdue=overdue, overdue_ids=overdue_ids, repeats=repeat_list(session, chains, disclosure),
        repeat_ids=[m for c in chains for m in c.member_ids], leader_sessions=period_sessions(session, period.start, period.end),
        comment=load_comment(session, period) if comment is None else comment, disclosure=disclosure,
        serious_overdue_label=texts["seriously_overdue"].label,
    )
