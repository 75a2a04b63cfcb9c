"""Who has reported for the current period of their rhythm (daily / weekly on a set weekday / monthly,
settings). A 零报告 counts as a report."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import ScreeningPoint, ScreeningReport, Village
from desktop.prevention import settings as prevention_settings
from desktop.prevention.scope import scope_of
from desktop.prevention.views import ReportingState
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission


def reporting_states(ctx: AppContext, session: Session, actor: Actor, today: date) -> list[ReportingState]:
    """Every active reporting point the user answers for, the ones that have not reported first."""
    if not (actor.can(Permission.ENTER_SCREENING) or actor.can(Permission.VIEW_STATISTICS)):
        actor.require(Permission.ENTER_SCREENING)
    settings = prevention_settings.load(session)
    cal = ctx.calendar(session)
    scope = scope_of(session, actor)
    points = session.execute(select(ScreeningPoint, Village.name)
                             .outerjoin(Village, Village.id == ScreeningPoint.village_id)
                             .where(ScreeningPoint.active.is_(True))).all()
    out: list[ReportingState] = []
    for point, village in points:
        if not scope.covers(point.village_id, point.grid):
            continue
        rhythm = settings.rhythms[point.kind]
        start, due = rhythm.period(today, cal)
        prev_start, prev_due = rhythm.previous_period(today, cal)
        reports = session.execute(
            select(ScreeningReport.reported_on, ScreeningReport.zero)
            .where(ScreeningReport.point_id == point.id, ScreeningReport.reported_on >= prev_start,
                   ScreeningReport.reported_on <= due)).all()
        current = [zero for on, zero in reports if start <= on <= due]
        previous = [on for on, _ in reports if prev_start <= on <= prev_due]
        last = session.scalar(select(func.max(ScreeningReport.reported_on))
                              .where(ScreeningReport.point_id == point.id, ScreeningReport.reported_on <= today))
        out.append(ReportingState(
            point_id=point.id, kind=point.kind, village=village or "", grid=point.grid, unit=point.unit,
            period_start=start, period_due=due, reported=bool(current), zero=bool(current) and all(current),
            last_reported_on=last, previous_missed=not previous))
    out.sort(key=lambda s: (s.reported, s.kind.value, s.village, s.grid, s.unit))
    return out


def not_reported(ctx: AppContext, session: Session, actor: Actor, today: date) -> list[ReportingState]:
    return [s for s in reporting_states(ctx, session, actor, today) if not s.reported]
