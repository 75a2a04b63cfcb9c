"""The pure rules in the hot loops of import and export: due dates and ID checks for 100k rows.

Goals are this module's own (no goal in the issue): computing the deadlines of 100,000 matters
must not be what makes a 100k-row import or export slow (the import goal is >= 10,000 rows/s, so
the rules should take well under a tenth of that budget).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bench.common import Figure, median_seconds
from desktop.domain.deadlines import Pause, assignment_due, handling_due
from desktop.domain.enums import Complexity
from desktop.domain.idnumber import check_digit, parse_resident_id
from desktop.domain.phone import parse_phone
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar

N = 100_000


def _rows(rng: random.Random) -> list[tuple[date, Complexity, list[Pause]]]:
    first = date(2024, 1, 1)
    rows = []
    for _ in range(N):
        start = first + timedelta(days=rng.randrange(3 * 365))
        pauses = []
        if rng.random() < 0.1:  # one matter in ten was paused once
            p = start + timedelta(days=rng.randrange(1, 15))
            pauses.append(Pause(p, p + timedelta(days=rng.randrange(0, 10))))
        rows.append((start, rng.choice([Complexity.SIMPLE, Complexity.COMPLEX]), pauses))
    return rows


def run() -> list[Figure]:
    rng = random.Random(20250101)
    rules = Rules()
    rows = _rows(rng)
    ids = []
    for _ in range(N):
        first17 = f"1101051{rng.randrange(950, 1000):03d}0{rng.randrange(1, 10)}1{rng.randrange(0, 9)}{rng.randrange(1000):03d}"
        ids.append(first17 + check_digit(first17))
    phones = [f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" for _ in range(N)]

    def deadlines() -> None:
        cal = WorkCalendar()  # fresh each run: includes building the year tables
        for start, complexity, pauses in rows:
            assignment_due(start, rules, cal)
            handling_due(start, rules.handling_limit(complexity), cal, pauses)

    def id_checks() -> None:
        for n in ids:
            parse_resident_id(n)

    def phone_checks() -> None:
        for p in phones:
            parse_phone(p)

    t_due = median_seconds(deadlines, repeat=3)
    t_id = median_seconds(id_checks, repeat=3)
    t_phone = median_seconds(phone_checks, repeat=3)
    return [
        Figure("rules: assignment + handling due, 100k matters", t_due * 1000, "ms", "<= 1000 ms", t_due <= 1.0,
               "10% with a pause; fresh calendar each run"),
        Figure("rules: resident ID validation, 100k", t_id * 1000, "ms", "<= 1000 ms", t_id <= 1.0),
        Figure("rules: phone validation, 100k", t_phone * 1000, "ms", "<= 1000 ms", t_phone <= 1.0),
    ]
