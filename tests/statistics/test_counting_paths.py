"""The SQL and the definitions agree on a generated year (links, reviews that reopen, heavy repeaters):
each figure that reads the status history or the visits is counted again here in plain Python from every
row, the way DOMAIN.md words it, and the two must give the same numbers."""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # bench/ is not installed with the package
from bench.data import populate  # noqa: E402
from desktop.clock import CHINA_TZ  # noqa: E402
from desktop.db.models import Matter, MatterStatusChange, Visit  # noqa: E402
from desktop.domain.enums import MatterStatus  # noqa: E402
from desktop.statistics.asof import RESOLVED, states  # noqa: E402
from desktop.statistics.figures import overdue_states  # noqa: E402
from desktop.statistics.filters import StatFilter  # noqa: E402
from desktop.statistics.periods import ReportPeriod  # noqa: E402
from desktop.statistics.repeat_visits import count_repeats  # noqa: E402

TODAY = date(2025, 12, 22)
PERIODS = [ReportPeriod.month(2025, 12), ReportPeriod.month(2025, 6), ReportPeriod.quarter(2025, 3),
           ReportPeriod.year_of(2025), ReportPeriod.custom(date(2025, 2, 20), date(2025, 3, 9))]


@pytest.fixture
def generated(ctx, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 12, 22, 10, tzinfo=CHINA_TZ))
    populate(ctx, 700, 2025, seed=11, visits=5000)
    return ctx


def _latest(s, as_of: date) -> dict[int, tuple[MatterStatus, date | None]]:  # type: ignore[no-untyped-def]
    """Each matter's last change dated by ``as_of``, replayed in Python."""
    out: dict[int, tuple[tuple[date, int], MatterStatus, date | None]] = {}
    for mid, hid, st, on, due in s.execute(select(MatterStatusChange.matter_id, MatterStatusChange.id,
                                                  MatterStatusChange.status, MatterStatusChange.changed_on,
                                                  MatterStatusChange.handling_due)):
        if on <= as_of and (mid not in out or (on, hid) > out[mid][0]):
            out[mid] = ((on, hid), MatterStatus(st), due)
    return {m: (st, due) for m, (_, st, due) in out.items()}


def test_states_and_overdue_read_the_history_as_replayed(generated) -> None:
    ctx = generated
    with ctx.db.read() as s:
        rules, cal = ctx.rules(s), ctx.calendar(s)
        reopened = s.scalars(select(Matter.id).where(Matter.status == MatterStatus.ASSIGNED,
                                                     Matter.assigned_on > Matter.registered_on + 20)).all()
        assert reopened, "the generated year has matters reopened by a review"
        for period in PERIODS:
            as_of = min(period.end, TODAY)
            replay = _latest(s, as_of)
            reg = dict(s.execute(select(Matter.id, Matter.registered_on)).all())
            cohort = {m for m, d in reg.items() if period.contains(d) and m in replay}
            got = {x.id: x for x in states(s, [Matter.registered_on.between(period.start, period.end)], as_of)}
            assert set(got) == cohort
            assert {m for m in cohort if replay[m][0] in RESOLVED} == {m for m, x in got.items() if x.resolved}
            assert all(got[m].due == replay[m][1] for m in cohort)
            overdue = {x.id for x in overdue_states(s, StatFilter(), as_of, rules, cal)}
            from desktop.domain.deadlines import is_seriously_overdue
            expected = {m for m, (st, due) in replay.items()
                        if st not in RESOLVED and st is not MatterStatus.PAUSED and due is not None
                        and is_seriously_overdue(due, as_of, rules, cal)}
            assert overdue == expected, period.key


def _repeats_by_definition(s, start: date, as_of: date, window: int):  # type: ignore[no-untyped-def]
    reg = {m: (r, linked) for m, r, linked in s.execute(select(Matter.id, Matter.registered_on,
                                                               Matter.linked_matter_id))}
    by_person = defaultdict(list)
    for vid, mid, pid, on in s.execute(select(Visit.id, Visit.matter_id, Visit.petitioner_id, Visit.occurred_on)):
        by_person[pid].append((on, vid, mid))
    first_visit = {}
    for visits in by_person.values():
        for _on, vid, mid in sorted(visits):
            first_visit.setdefault(mid, vid)
    repeat, highest = 0, {}
    for pid, visits in by_person.items():
        for on, vid, mid in visits:
            if not start <= on <= as_of:
                continue
            count = sum(1 for o, v, _ in visits if on - timedelta(days=window - 1) <= o <= on and (o, v) <= (on, vid))
            highest[pid] = max(highest.get(pid, 0), count)
            if first_visit[mid] != vid or count > 1 or reg[mid][1] is not None:
                repeat += 1
    return repeat, highest


def test_repeat_visits_follow_the_definition(generated) -> None:
    ctx = generated
    with ctx.db.read() as s:
        rules = ctx.rules(s)
        for period in PERIODS:
            as_of = min(period.end, TODAY)
            got = count_repeats(s, period.start, as_of, StatFilter(), rules)
            n, highest = _repeats_by_definition(s, period.start, as_of, rules.repeat_window_days)
            assert got.visits == n and got.highest == highest, period.key
            assert got.red == sum(1 for c in highest.values() if c >= rules.red_threshold)
            assert got.red > 0 and got.yellow > 0
