"""The two ways of counting a period's visits give the same numbers, and those are the definition's.

A month is counted from its own visits (the date index), a long period in one pass over every visit;
which one runs depends on the period's share of all visits. The hand-counted township is too small to
tell them apart, so here a generated year (links, chains, group visits, heavy repeaters) is counted
both ways, forced, and the repeat matters are checked against the definition written out in Python.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # bench/ is not installed with the package
from bench.data import populate  # noqa: E402
from desktop.clock import CHINA_TZ  # noqa: E402
from desktop.db.models import Matter, Visit  # noqa: E402
from desktop.statistics import figures, repeats  # noqa: E402
from desktop.statistics.filters import StatFilter  # noqa: E402
from desktop.statistics.periods import ReportPeriod  # noqa: E402
from desktop.statistics.repeats import repeat_chains, roots_of  # noqa: E402

TODAY = date(2025, 12, 22)
PERIODS = [ReportPeriod.month(2025, 12), ReportPeriod.month(2025, 6), ReportPeriod.quarter(2025, 3),
           ReportPeriod.year_of(2025), ReportPeriod.custom(date(2025, 2, 20), date(2025, 3, 9))]


@pytest.fixture
def generated(ctx, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 12, 22, 10, tzinfo=CHINA_TZ))
    populate(ctx, 700, 2025, seed=11, visits=5000)
    return ctx


def _by_definition(ctx, period: ReportPeriod, filt: StatFilter, threshold: int) -> list[tuple]:  # type: ignore[type-arg]
    """重复访 as the catalogue words it, counted in Python from every row."""
    as_of = min(period.end, TODAY)
    with ctx.db.read() as s:
        matters = {m.id: m for m in s.scalars(select(Matter))}
        visits = defaultdict(list)
        for mid, on in s.execute(select(Visit.matter_id, Visit.occurred_on)):
            if on <= as_of:
                visits[mid].append(on)
        allowed = set(s.scalars(select(Matter.id).where(*filt.conditions())))

    def root(mid: int) -> int:
        seen = {mid}
        while matters[mid].linked_matter_id is not None and matters[mid].linked_matter_id not in seen:
            mid = matters[mid].linked_matter_id
            seen.add(mid)
        return mid

    chains = defaultdict(list)
    for mid in visits:
        chains[root(mid)].append(mid)
    out = []
    for r, members in chains.items():
        days = [d for m in members for d in visits[m]]
        in_period = [d for d in days if d >= period.start]
        if len(days) >= threshold and in_period and r in allowed:
            ordered = (r, *sorted(m for m in members if m != r))
            out.append((r, ordered, frozenset(matters[m].petitioner_id for m in ordered), len(days),
                        len(in_period), max(in_period)))
    return sorted(out, key=lambda c: (-c[3], -c[4], c[0]))


@pytest.mark.parametrize("filt", [StatFilter(), StatFilter.of(village_ids=[1, 2, 3])], ids=["all", "villages"])
def test_both_ways_count_the_repeat_matters_by_the_definition(generated, monkeypatch, filt) -> None:
    ctx = generated
    with ctx.db.read() as s:
        roots = roots_of(s)
        assert roots, "the generated year has linked matters"
        for period in PERIODS:
            as_of = min(period.end, TODAY)
            expected = _by_definition(ctx, period, filt, 3)
            assert expected, period.key
            for wide in (False, True):
                monkeypatch.setattr(repeats, "wide_visit_range", lambda *_a, w=wide: w)
                got = [tuple(c) for c in repeat_chains(s, period, filt, as_of, 3, roots)]
                assert got == expected, (period.key, wide)


def test_both_ways_give_the_same_figures(generated, monkeypatch) -> None:
    ctx = generated
    with ctx.db.read() as s:
        rules, cal = ctx.rules(s), ctx.calendar(s)
        for period in PERIODS:
            for filt in (StatFilter(), StatFilter.of(channels=["visit"], categories=["dispute", "livelihood"])):
                values = []
                for wide in (False, True):
                    monkeypatch.setattr(figures, "wide_visit_range", lambda *_a, w=wide: w)
                    monkeypatch.setattr(repeats, "wide_visit_range", lambda *_a, w=wide: w)
                    values.append(figures.compute_figures(s, period, filt, today=TODAY, rules=rules, cal=cal).values)
                assert values[0] == values[1], period.key
                assert values[0]["visits"] > 0 and values[0]["repeat_matters"] > 0
