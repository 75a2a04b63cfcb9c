"""The figures of one period, as DOMAIN.md "How the figures are counted" and ``catalog.py`` define them.

Three kinds of counting:

- the *cohort* of matters registered in the period, each as it stood on ``as_of`` (the period's end,
  or today while it runs), read from the status history (``asof.py``);
- *events* dated in the period (visits, evaluations, closings, reviews decided, leaders' sessions);
- the *state* on ``as_of`` (matters seriously overdue, reviews pending, matters due in the period).

``known_by`` (a closed month's closing time) leaves out what was written after it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, func, or_, select, text, union
from sqlalchemy.orm import Session, aliased

from desktop.db.dates import Days, add_days, day_number
from desktop.db.models import Evaluation, LeaderSession, Matter, MatterStatusChange, Review, Visit
from desktop.db.plain import plain_rows
from desktop.domain.deadlines import is_seriously_overdue
from desktop.domain.enums import MatterStatus, ReviewOutcome, Satisfaction
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.statistics.archive import FORWARD_LOOKING
from desktop.statistics.asof import OPEN_CLOCK, MatterState, current_states, iter_states, states
from desktop.statistics.catalog import FIGURES, RATES
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.repeat_visits import RepeatCount, count_repeats
from desktop.statistics.values import UNCATEGORISED, FigureSet, Rate

__all__ = ["SETTLE_DAYS", "PeriodResult", "by_category", "closed_month_figures", "compute_figures", "compute_period",
           "leader_totals", "overdue_states", "serious_cutoff"]

H = MatterStatusChange
SETTLE_DAYS = 90  # 结案息诉罢访: no new visit on the issue within 90 days of closing


class PeriodResult(NamedTuple):
    figures: FigureSet
    repeats: RepeatCount
    cohort: list[MatterState]
    overdue: list[MatterState]  # seriously overdue on the period's as-of day (the report lists them)


def _n(value: Any) -> int:
    return int(value or 0)


def serious_cutoff(as_of: date, rules: Rules, cal: WorkCalendar) -> date:
    """The latest due date that is seriously overdue on ``as_of`` (the core's own rule, searched back)."""
    d = as_of
    for _ in range(800):
        if is_seriously_overdue(d, as_of, rules, cal):
            return d
        d -= timedelta(days=1)
    return d


def overdue_states(session: Session, filt: StatFilter, as_of: date, rules: Rules, cal: WorkCalendar,
                   known_by: datetime | None = None) -> list[MatterState]:
    """Open with a running clock on ``as_of`` and ``rules.serious_overdue`` or more past the limit as it
    stood then. A matter open on a past day is open now or has changed since (or, for a closed month, had
    a change written after its closing): only those are read, and of those that changed since, only the
    ones with a limit past the cutoff by ``as_of`` (a past month's changed matters are thousands)."""
    first = session.connection().scalar(select(func.min(H.changed_on)))
    if first is None or first > as_of:  # nothing had happened yet (a year-ago period before the first matter)
        return []
    cutoff = serious_cutoff(as_of, rules, cal)
    if known_by is None and as_of >= _latest_change(session):
        # Nothing is dated after as_of: each matter's latest change is its state, and the matter row holds it.
        return _overdue_now(session, filt, cutoff)
    then = aliased(H)
    was_late = (select(then.id).where(then.matter_id == H.matter_id, then.changed_on <= as_of,
                                      then.handling_due <= cutoff).correlate(H).exists())
    parts = [select(H.matter_id).where(H.changed_on > as_of, was_late),
             select(Matter.id).where(Matter.status.in_([s.value for s in OPEN_CLOCK]), Matter.handling_due <= cutoff)]
    if known_by is not None:
        parts.append(select(H.matter_id).where(H.recorded_at > known_by))
    candidates = union(*parts).subquery()
    # Open and past the cutoff as they stood on as_of, asked of each candidate's latest change in SQL: only
    # the overdue ones become states (a past month's candidates are every matter changed since, thousands).
    got = states(session, filt.conditions(), as_of, known_by, candidates=select(candidates.c[0]),
                 stood=(OPEN_CLOCK, cutoff))
    return [s for s in got if s.status in OPEN_CLOCK and s.due is not None and s.due <= cutoff]


def _latest_change(session: Session) -> date:
    return session.connection().scalar(select(func.max(H.changed_on))) or date.min


def _overdue_now(session: Session, filt: StatFilter, cutoff: date) -> list[MatterState]:
    """Overdue today, from the matter rows (the status/due index answers at once)."""
    return current_states(session, [Matter.status.in_([s.value for s in OPEN_CLOCK]), Matter.handling_due <= cutoff,
                                     *filt.conditions()])


def _cohort(session: Session, cohort: list[MatterState], period: ReportPeriod, as_of: date, rules: Rules,
            known_by: datetime | None) -> dict[str, int]:
    resolved = [s for s in cohort if s.resolved]
    group = [s for s in cohort if s.group_size >= rules.group_visit_min_people]
    return {
        "received": len(cohort), "restricted_received": sum(1 for s in cohort if s.restricted),
        "resolved": len(resolved),
        "handled": sum(1 for s in cohort if s.started_on is not None and s.started_on <= s.assign_due),
        "group_matters": len(group), "group_resolved": sum(1 for s in group if s.resolved),
        **_first_petitions(session, cohort, period, as_of, known_by),
    }


def _first_petitions(session: Session, cohort: list[MatterState], period: ReportPeriod, as_of: date,
                     known_by: datetime | None) -> dict[str, int]:
    """初信初访: the person's first matter on the issue (same category), not linked to an earlier one;
    done at once: closed within its limit, no repeat visit on it, no review, no 不满意."""
    if not cohort:
        return {"first_petitions": 0, "first_petitions_done": 0}
    in_period = Matter.registered_on.between(period.start, period.end)
    earlier = aliased(Matter)
    same_issue = or_(earlier.category == Matter.category, and_(earlier.category.is_(None), Matter.category.is_(None)))
    before = or_(earlier.registered_on < Matter.registered_on,
                 and_(earlier.registered_on == Matter.registered_on, earlier.id < Matter.id))
    had_earlier = (select(earlier.id).where(earlier.petitioner_id == Matter.petitioner_id, same_issue, before)
                   .correlate(Matter).exists())
    # "+ 0" keeps the planner off the index on linked_matter_id: without ANALYZE statistics (a new desk has
    # none) SQLite took "IS NULL" for a selective lookup and read every unlinked matter of all years.
    unlinked = (Matter.linked_matter_id + 0).is_(None)
    first_ids = set(session.connection().scalars(select(Matter.id).where(in_period, unlinked, ~had_earlier)))
    firsts = [s for s in cohort if s.id in first_ids]
    cohort_ids = select(Matter.id).where(in_period)
    repeated = set(session.connection().scalars(select(Visit.matter_id).where(Visit.matter_id.in_(cohort_ids),
                                                                 Visit.occurred_on <= as_of)
                                   .group_by(Visit.matter_id).having(func.count() > 1)))
    reviewed = set(session.connection().scalars(select(Review.matter_id).where(Review.matter_id.in_(cohort_ids),
                                                                  Review.opened_on <= as_of)))
    ev = [Evaluation.matter_id.in_(cohort_ids), Evaluation.recorded_on <= as_of,
          Evaluation.answer == Satisfaction.DISSATISFIED]
    if known_by is not None:
        ev.append(Evaluation.recorded_at <= known_by)
    unhappy = set(session.connection().scalars(select(Evaluation.matter_id).where(*ev)))
    spoiled = repeated | reviewed | unhappy
    done = sum(1 for s in firsts if s.on_time and s.id not in spoiled)
    return {"first_petitions": len(firsts), "first_petitions_done": done}


def _closings(filt: StatFilter, start: date, as_of: date, known_by: datetime | None) -> Any:
    """Each matter closed in [start, as_of] with its last closing day in it (mid, on)."""
    where = [H.status == MatterStatus.CLOSED, H.changed_on.between(start, as_of)]
    if known_by is not None:
        where.append(H.recorded_at <= known_by)
    last = select(H.matter_id.label("mid"), func.max(H.changed_on).label("on")).where(*where)
    if not filt.is_empty:
        last = last.join(Matter, Matter.id == H.matter_id).where(*filt.conditions())
    return last.group_by(H.matter_id)


class _Known(NamedTuple):
    """What 应办结 and 结案 ask of the cohort and the older matters, tallied as their states are read."""

    due_in_period: int  # limit, as it stood on as_of, in [start, as_of]
    on_time: int  # of those, closed by the limit
    standing: set[int]  # matters closed in the period whose closing still stands on as_of


def _tally_known(session: Session, filt: StatFilter, start: date, as_of: date, known_by: datetime | None,
                 cohort: list[MatterState], closings: Any, closed: Mapping[int, date]) -> _Known:
    """The cohort (as already read) and the matters registered before the period that 应办结 or 结案 ask
    about: those with a limit in [start, as_of] as they stood then, and those closed in the period
    (``closed``). The older ones are tallied as they stream in, never held: a month's few thousand
    states kept in a list lived long enough to bring on a full collection of the garbage collector at
    nearly every refresh of the dashboard. (A matter's limit on ``as_of`` is on its latest history row
    by then, so the candidates hold every matter due.)"""
    due = select(H.matter_id).where(H.handling_due.between(start, as_of), H.changed_on <= as_of)
    candidates = union(due, select(closings.subquery().c.mid)).subquery()
    older = iter_states(session, [Matter.registered_on < start, *filt.conditions()], as_of, known_by,
                        candidates=select(candidates.c[0]), started=False)  # 案件处理率 asks the cohort only
    n = on_time = 0
    standing: set[int] = set()
    for s in itertools.chain(cohort, older):
        if s.due is not None and start <= s.due <= as_of:
            n += 1
            on_time += s.on_time
        if s.resolved and s.id in closed:
            standing.add(s.id)
    return _Known(n, on_time, standing)


def _closing_days(session: Session, closings: Any) -> dict[int, date]:
    """matter → its last closing day in the period, from the driver's tuples (a month is thousands)."""
    last = closings.subquery()
    days = Days()
    return {mid: days[on] for mid, on in plain_rows(session.connection(), select(last.c.mid, day_number(last.c.on)))}


def _evaluations(session: Session, start: date, as_of: date, filt: StatFilter,
                 known_by: datetime | None) -> dict[str, int]:
    where = [Evaluation.recorded_on.between(start, as_of), *filt.conditions()]
    if known_by is not None:
        where.append(Evaluation.recorded_at <= known_by)
    rows = session.connection().execute(select(Evaluation.answer, func.count(Evaluation.id))
                           .join(Matter, Matter.id == Evaluation.matter_id).where(*where)
                           .group_by(Evaluation.answer)).all()
    by = {Satisfaction(a): _n(c) for a, c in rows}
    return {"evaluated": sum(by.values()),
            "satisfied": by.get(Satisfaction.SATISFIED, 0) + by.get(Satisfaction.BASICALLY, 0),
            "dissatisfied": by.get(Satisfaction.DISSATISFIED, 0)}


def _visits(session: Session, start: date, as_of: date, filt: StatFilter, rules: Rules) -> dict[str, int]:
    group = Visit.headcount >= rules.group_visit_min_people
    stmt = select(func.count(Visit.id), func.count(Visit.id).filter(group),
                  func.sum(Visit.headcount).filter(group)).where(Visit.occurred_on.between(start, as_of))
    if not filt.is_empty:
        stmt = stmt.join(Matter, Matter.id == Visit.matter_id).where(*filt.conditions())
    row = session.connection().execute(stmt).one()
    return {"visits": _n(row[0]), "group_visits": _n(row[1]), "group_people": _n(row[2])}


def _settled(session: Session, closings: Any, today: date, closed: Mapping[int, date],
             standing: set[int]) -> tuple[dict[str, int], bool]:
    """结案 in the period (``closed``: by the last closing day in it) that still stands (``standing``: a
    closing undone by a review that changed the outcome is no 结案) and, of those, the ones with no new visit
    on the matter (or on a matter linked to it) within 90 days after; provisional while those days run."""
    closed = {m: d for m, d in closed.items() if m in standing}
    if not closed:
        return {"closed": 0, "settled": 0}, False
    came_back = set(session.connection().scalars(_came_back(closings.subquery(), today)))
    provisional = today < max(closed.values()) + timedelta(days=SETTLE_DAYS)
    return {"closed": len(closed), "settled": len(closed.keys() - came_back)}, provisional


def _settled_since(session: Session, start: date, as_of: date, today: date, known_by: datetime,
                   closed: int) -> tuple[int, bool]:
    """For a closed month whose 结案 count (``closed``) is archived: how many of those closings came back
    since (and whether 90 days still run). Which closings stand was fixed when the month was closed, so only
    the few visited again, and the latest closing, are read as they stood then (not every closed matter)."""
    last = _closings(StatFilter(), start, as_of, known_by)
    conn = session.connection()
    came = list(conn.scalars(_came_back(last.subquery(), today)))
    back = sum(1 for s in states(session, [], as_of, known_by, candidates=came) if s.resolved) if came else 0
    # Provisional while 90 days run from the latest closing that stands: every such closing lies in
    # [start, as_of], so only a day between start + 90 and as_of + 90 leaves the answer to that closing.
    if closed == 0 or today >= as_of + timedelta(days=SETTLE_DAYS):
        return back, False
    if today < start + timedelta(days=SETTLE_DAYS):
        return back, True
    newest = select(last.subquery()).order_by(text("2 DESC"), text("1")).limit(50)
    provisional = False
    for offset in itertools.count(0, 50):  # the latest closing that stands
        chunk = conn.execute(newest.offset(offset)).all()
        if not chunk:
            break
        standing = {s.id for s in states(session, [], as_of, known_by, candidates=[m for m, _ in chunk])
                    if s.resolved}
        hit = next((d for m, d in chunk if m in standing), None)
        if hit is not None:
            provisional = today < hit + timedelta(days=SETTLE_DAYS)
            break
    return back, provisional


def _came_back(last: Any, today: date) -> Any:
    """The closed matters visited again (on themselves or on a matter linked to them) after their last
    closing and within SETTLE_DAYS of it: one index seek per matter instead of every visit read."""
    def visited_after(matter_id: Any) -> Any:
        return (select(Visit.id).where(Visit.matter_id == matter_id, Visit.occurred_on > last.c.on,
                                       Visit.occurred_on <= add_days(last.c.on, SETTLE_DAYS),
                                       Visit.occurred_on <= today).correlate_except(Visit).exists())
    linked = aliased(Matter)
    via_link = select(linked.id).where(linked.linked_matter_id == last.c.mid,
                                       visited_after(linked.id)).correlate_except(linked).exists()
    return select(last.c.mid).where(or_(visited_after(last.c.mid), via_link))


def _reviews(session: Session, start: date, as_of: date, filt: StatFilter) -> dict[str, int]:
    join = (Matter, Matter.id == Review.matter_id)
    opened = _n(session.connection().scalar(select(func.count(Review.id)).join(*join)
                               .where(Review.opened_on.between(start, as_of), *filt.conditions())))
    rows = session.connection().execute(select(Review.outcome, func.count(Review.id)).join(*join)
                           .where(Review.closed_on.between(start, as_of), *filt.conditions())
                           .group_by(Review.outcome)).all()
    by = {ReviewOutcome(o): _n(c) for o, c in rows if o}
    pending = _n(session.connection().scalar(select(func.count(Review.id)).join(*join).where(
        Review.opened_on <= as_of, or_(Review.closed_on.is_(None), Review.closed_on > as_of), *filt.conditions())))
    return {"reviews_opened": opened, "reviews_decided": sum(by.values()),
            "reviews_upheld": by.get(ReviewOutcome.UPHELD, 0), "reviews_changed": by.get(ReviewOutcome.CHANGED, 0),
            "reviews_pending": pending}


def leader_totals(session: Session, period: ReportPeriod) -> dict[str, int]:
    row = session.connection().execute(
        select(func.count(LeaderSession.id), func.sum(LeaderSession.batches), func.sum(LeaderSession.people),
               func.sum(LeaderSession.solved_on_spot))
        .where(LeaderSession.day.between(period.start, period.end), LeaderSession.held.is_(True))
    ).one()
    return {"leader_sessions": _n(row[0]), "leader_batches": _n(row[1]), "leader_people": _n(row[2]),
            "leader_solved": _n(row[3])}


def compute_figures(session: Session, period: ReportPeriod, filt: StatFilter, *, today: date, rules: Rules,
                    cal: WorkCalendar, known_by: datetime | None = None) -> FigureSet:
    """Every figure of ``catalog.FIGURES`` for ``period`` and ``filt`` (no permission check: callers
    go through :func:`desktop.statistics.report.build_report`)."""
    return compute_period(session, period, filt, today=today, rules=rules, cal=cal, known_by=known_by).figures


def compute_period(session: Session, period: ReportPeriod, filt: StatFilter, *, today: date, rules: Rules,
                   cal: WorkCalendar, known_by: datetime | None = None) -> PeriodResult:
    """:func:`compute_figures` with the repeat visits and the cohort counted on the way (the report
    lists them)."""
    as_of = min(period.end, today)
    v: dict[str, int | Rate] = {}
    if as_of < period.start:  # a period that has not begun: nothing has happened in it
        cohort: list[MatterState] = []
        overdue: list[MatterState] = []
        repeats = RepeatCount()
        provisional = False
        v.update({k: 0 for k in _COUNTS})
    else:
        cohort = states(session, [Matter.registered_on.between(period.start, period.end), *filt.conditions()],
                        as_of, known_by)
        v.update(_cohort(session, cohort, period, as_of, rules, known_by))
        closings = _closings(filt, period.start, as_of, known_by)
        closed = _closing_days(session, closings)
        known = _tally_known(session, filt, period.start, as_of, known_by, cohort, closings, closed)
        v.update(due_in_period=known.due_in_period, on_time=known.on_time)
        v.update(_evaluations(session, period.start, as_of, filt, known_by))
        v.update(_visits(session, period.start, as_of, filt, rules))
        repeats = count_repeats(session, period.start, as_of, filt, rules)
        v.update({"repeat_visits": repeats.visits, "repeat_matters": len(repeats.matter_ids),
                  "repeat_petitioners": len(repeats.petitioner_ids), "repeat_yellow": repeats.yellow,
                  "repeat_red": repeats.red})
        settled, provisional = _settled(session, closings, today, closed, known.standing)
        v.update(settled)
        v.update(_reviews(session, period.start, as_of, filt))
        overdue = overdue_states(session, filt, as_of, rules, cal, known_by)
        v["seriously_overdue"] = len(overdue)
        v.update(leader_totals(session, period))
    c = {k: x for k, x in v.items() if isinstance(x, int)}
    for rate, (num, den) in RATES.items():
        v[rate] = Rate(c[num], c[den])
    marks = FORWARD_LOOKING if provisional else frozenset()
    return PeriodResult(FigureSet(period=period, as_of=as_of, values=v, provisional=marks,
                                  categories=by_category(cohort)), repeats, cohort, overdue)


def by_category(cohort: Iterable[MatterState]) -> dict[str, tuple[int, int]]:
    """(received, resolved) per category of a cohort, keyed by the category's value (or UNCATEGORISED)."""
    tally: dict[str, list[int]] = {}
    for s in cohort:
        cell = tally.setdefault(s.category.value if s.category is not None else UNCATEGORISED, [0, 0])
        cell[0] += 1
        cell[1] += s.resolved
    return {k: (n, r) for k, (n, r) in tally.items()}


_COUNTS = tuple(k for k in FIGURES if k not in RATES)


def closed_month_figures(session: Session, period: ReportPeriod, stored: Mapping[str, object], *, today: date,
                         known_by: datetime) -> FigureSet | None:
    """A closed month's unfiltered figures as archived at its closing (what counting them again from what
    was known by ``known_by`` gives: ``archive.check_against_archive`` holds the two equal), with the
    forward-looking 结案息诉罢访 counted again as of ``today``. The comparisons of every later report read
    the month this way instead of counting it again. None when the archive lacks a figure of today's
    catalogue (closed before the figure existed): the caller counts the month."""
    as_of = min(period.end, today)
    v: dict[str, int | Rate] = {}
    for key in FIGURES:
        if key in FORWARD_LOOKING:
            continue
        got = stored.get(key)
        if key in RATES and isinstance(got, list) and len(got) == 2 and all(type(x) is int for x in got):
            v[key] = Rate(got[0], got[1])
        elif key not in RATES and type(got) is int:
            v[key] = got
        else:
            return None
    came_back, provisional = _settled_since(session, period.start, as_of, today, known_by, int(v["closed"]))
    v["settled"] = int(v["closed"]) - came_back
    for rate in FORWARD_LOOKING & RATES.keys():
        num, den = RATES[rate]
        v[rate] = Rate(int(v[num]), int(v[den]))  # type: ignore[arg-type]
    marks = frozenset(FORWARD_LOOKING) if provisional else frozenset()
    return FigureSet(period=period, as_of=as_of, values=v, provisional=marks)


def ids_of(rows: Iterable[MatterState]) -> list[int]:
    return [s.id for s in rows]
