"""The figures of one period, computed in SQL (one aggregate query per kind of record).

Three kinds of counting, as the definitions in ``catalog.py`` say:

- the *cohort* of matters registered in the period (received, resolved, first contact, on time);
- *events* dated in the period (visits, evaluations, reviews opened, leaders' sessions);
- the *state* at ``as_of`` (matters seriously overdue, whenever they were received).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop.db.models import Evaluation, LeaderSession, Matter, Review, Visit
from desktop.domain.deadlines import is_seriously_overdue
from desktop.domain.enums import MatterStatus, ReviewOutcome, Satisfaction
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.statistics.catalog import GROUP_VISIT_MIN_PEOPLE
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.repeats import RepeatChain, repeat_chains
from desktop.statistics.sqltools import unindexed, wide_visit_range
from desktop.statistics.values import FigureSet, Rate
from desktop.statistics.visits import period_visits, visit_totals

__all__ = ["DONE", "RUNNING", "compute_figures", "compute_period", "overdue_conditions", "resolved_by", "serious_cutoff"]

DONE = (MatterStatus.CLOSED, MatterStatus.TERMINATED)


def _n(value: Any) -> int:
    return int(value or 0)


def _one(expr: Any) -> Any:
    return func.sum(case((expr, 1), else_=0))


def resolved_by(as_of: date) -> Any:
    """化解: closed or terminated, on or before ``as_of`` (a reopened matter has no closing day)."""
    return and_(Matter.status.in_(DONE), Matter.closed_on.is_not(None), Matter.closed_on <= as_of)


def serious_cutoff(as_of: date, rules: Rules, cal: WorkCalendar) -> date:
    """The latest due date that is seriously overdue on ``as_of`` (the core's own rule, searched back)."""
    d = as_of
    for _ in range(800):
        if is_seriously_overdue(d, as_of, rules, cal):
            return d
        d -= timedelta(days=1)
    return d


# Open and with a running clock: what a matter's status is while it can become overdue.
RUNNING = tuple(s for s in MatterStatus if s not in (*DONE, MatterStatus.PAUSED, MatterStatus.UNDER_REVIEW))


def overdue_conditions(as_of: date, today: date, rules: Rules, cal: WorkCalendar) -> list[Any]:
    """Open on ``as_of`` (registered, not closed by then, clock not paused) and past the serious limit.

    For today the status says it all (and the status/due index answers at once); for an earlier
    day a matter closed since then was still open, so the closing day decides. Both forms agree
    on today: a matter has a closing day exactly when it is closed, terminated or under review.
    """
    cutoff = serious_cutoff(as_of, rules, cal)
    if as_of >= today:
        return [Matter.status.in_(RUNNING), Matter.handling_due <= cutoff, Matter.registered_on <= as_of]
    # "Not closed by then" is the selective part (open matters and those closed since): SQLite must
    # answer it from the closing-day index, not walk most of the table through the due-date index.
    return [
        unindexed(Matter.registered_on) <= as_of,
        or_(Matter.closed_on.is_(None), Matter.closed_on > as_of),
        Matter.status != MatterStatus.PAUSED,
        unindexed(Matter.handling_due).is_not(None),
        unindexed(Matter.handling_due) <= cutoff,
    ]


def _cohort(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date) -> dict[str, int]:
    resolved = resolved_by(as_of)
    row = session.execute(
        select(
            func.count(Matter.id),
            _one(Matter.restricted.is_(True)),
            _one(resolved),
            _one(and_(resolved, Matter.solved_at_first_contact.is_(True))),
            _one(and_(resolved, or_(Matter.handling_due.is_(None), Matter.closed_on <= Matter.handling_due))),
        ).where(Matter.registered_on.between(period.start, period.end), *filt.conditions())
    ).one()
    return {"received": _n(row[0]), "restricted_received": _n(row[1]), "resolved": _n(row[2]),
            "first_contact": _n(row[3]), "on_time": _n(row[4])}


def _evaluations(session: Session, period: ReportPeriod, filt: StatFilter, as_of: date) -> dict[str, int]:
    rows = session.execute(
        select(Evaluation.answer, func.count(Evaluation.id)).join(Matter, Matter.id == Evaluation.matter_id)
        .where(Matter.registered_on.between(period.start, period.end), Evaluation.recorded_on <= as_of,
               *filt.conditions())
        .group_by(Evaluation.answer)
    ).all()
    by = {Satisfaction(a): _n(c) for a, c in rows}
    return {"evaluated": sum(by.values()),
            "satisfied": by.get(Satisfaction.SATISFIED, 0) + by.get(Satisfaction.BASICALLY, 0),
            "dissatisfied": by.get(Satisfaction.DISSATISFIED, 0)}


def _visits(session: Session, period: ReportPeriod, filt: StatFilter) -> dict[str, int]:
    """A long period in one pass over the table (it holds most visits; see ``sqltools``)."""
    group = Visit.headcount >= GROUP_VISIT_MIN_PEOPLE
    stmt = select(func.count(Visit.id), _one(group), func.sum(case((group, Visit.headcount), else_=0)))
    stmt = stmt.where(unindexed(Visit.occurred_on).between(period.start, period.end))
    if not filt.is_empty:
        stmt = stmt.join(Matter, Matter.id == Visit.matter_id).where(*filt.conditions())
    row = session.execute(stmt).one()
    return {"visits": _n(row[0]), "group_visits": _n(row[1]), "group_people": _n(row[2])}


def _reviews(session: Session, period: ReportPeriod, filt: StatFilter) -> dict[str, int]:
    rows = session.execute(
        select(Review.outcome, func.count(Review.id)).join(Matter, Matter.id == Review.matter_id)
        .where(Review.opened_on.between(period.start, period.end), *filt.conditions())
        .group_by(Review.outcome)
    ).all()
    by = {(ReviewOutcome(o) if o else None): _n(c) for o, c in rows}
    return {"reviews_opened": sum(by.values()), "reviews_upheld": by.get(ReviewOutcome.UPHELD, 0),
            "reviews_changed": by.get(ReviewOutcome.CHANGED, 0), "reviews_pending": by.get(None, 0)}


def _overdue(session: Session, filt: StatFilter, as_of: date, today: date, rules: Rules,
             cal: WorkCalendar) -> int:
    return _n(session.scalar(select(func.count(Matter.id)).where(
        *overdue_conditions(as_of, today, rules, cal), *filt.conditions())))


def leader_totals(session: Session, period: ReportPeriod) -> dict[str, int]:
    row = session.execute(
        select(func.count(LeaderSession.id), func.sum(LeaderSession.batches), func.sum(LeaderSession.people),
               func.sum(LeaderSession.solved_on_spot))
        .where(LeaderSession.day.between(period.start, period.end), LeaderSession.held.is_(True))
    ).one()
    return {"leader_sessions": _n(row[0]), "leader_batches": _n(row[1]), "leader_people": _n(row[2]),
            "leader_solved": _n(row[3])}


def _repeat_values(chains: list[RepeatChain]) -> dict[str, int]:
    return {"repeat_matters": len(chains), "repeat_visits": sum(c.visits_in_period for c in chains),
            "repeat_petitioners": len({p for c in chains for p in c.petitioner_ids})}


def compute_figures(session: Session, period: ReportPeriod, filt: StatFilter, *, today: date, rules: Rules,
                    cal: WorkCalendar, chains: list[RepeatChain] | None = None,
                    roots: dict[int, int] | None = None) -> FigureSet:
    """Every figure of ``catalog.FIGURES`` for ``period`` and ``filt`` (no permission check: callers
    go through :func:`desktop.statistics.report.build_report`). ``chains`` may be passed when the
    caller already computed the repeat matters of this period, ``roots`` the chains of linked matters."""
    return compute_period(session, period, filt, today=today, rules=rules, cal=cal, chains=chains, roots=roots)[0]


def compute_period(session: Session, period: ReportPeriod, filt: StatFilter, *, today: date, rules: Rules,
                   cal: WorkCalendar, chains: list[RepeatChain] | None = None,
                   roots: dict[int, int] | None = None) -> tuple[FigureSet, list[RepeatChain]]:
    """:func:`compute_figures` and the repeat chains counted on the way (the report lists them)."""
    as_of = min(period.end, today)
    v: dict[str, int | Rate] = {}
    v.update(_cohort(session, period, filt, as_of))
    v.update(_evaluations(session, period, filt, as_of))
    touched = None
    if wide_visit_range(session, period.start, period.end):
        v.update(_visits(session, period, filt))
    else:  # the month's visits read once, for the visits figures and the repeat matters
        rows = period_visits(session, period.start, period.end, as_of)
        v.update(visit_totals(session, rows, filt))
        touched = {m: (r.upto, r.last) for m, r in rows.items() if r.upto}
    v.update(_reviews(session, period, filt))
    v.update(leader_totals(session, period))
    if chains is None:
        chains = repeat_chains(session, period, filt, as_of, rules.repeat_matter_visits, roots, touched=touched)
    v.update(_repeat_values(chains))
    v["seriously_overdue"] = _overdue(session, filt, as_of, today, rules, cal)
    c = {k: x for k, x in v.items() if isinstance(x, int)}
    v["resolution_rate"] = Rate(c["resolved"], c["received"])
    v["first_contact_rate"] = Rate(c["first_contact"], c["received"])
    v["on_time_rate"] = Rate(c["on_time"], c["resolved"])
    v["satisfaction_rate"] = Rate(c["satisfied"], c["evaluated"])
    return FigureSet(period=period, as_of=as_of, values=v), chains
