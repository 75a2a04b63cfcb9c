"""Warnings move with the visits: the 30-day count is the person's, so every visit (a new matter or a repeat
on an existing one) sets the colour of each of their matters still open, at the desk and in a CSV import
alike; each keeps the highest it reached, and a settled matter keeps what it had."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.clock import CHINA_TZ
from desktop.db.models import Matter
from desktop.domain.enums import AlertLevel, Channel, MatterStatus
from desktop.services import importer, intake
from desktop.services.import_batches import import_in_groups
from tests.desktop.conftest import make_team
from tests.desktop.helpers import registration, resident_id

PERSON = resident_id("11010519900307055")
HEADER = ["registered_at", "channel", "petitioner_name", "id_number", "matter", "category", "complexity"]


def _at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=CHINA_TZ)


def _colours(ctx) -> dict[str, tuple[int, AlertLevel, int, AlertLevel]]:
    with ctx.db.read() as s:
        return {m.summary: (m.visits_30d, m.repeat_alert, m.visits_30d_max, m.repeat_alert_max)
                for m in s.scalars(select(Matter))}


Y, R, G = AlertLevel.YELLOW, AlertLevel.RED, AlertLevel.GREEN


def test_every_visit_at_the_desk_colours_the_persons_open_matters(ctx, clock) -> None:
    clock.set(_at(28, 12))
    team = make_team(ctx)
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration(id_number=PERSON, summary="旧事", registered_at=_at(1)))
        intake.register(ctx, s, team.clerk, registration(id_number=PERSON, summary="甲", registered_at=_at(2)))
    with ctx.db.session() as s:  # the old matter is settled before the person comes again
        s.scalar(select(Matter).where(Matter.summary == "旧事")).status = MatterStatus.CLOSED
    with ctx.db.session() as s:  # a new matter: the person's third visit in 30 days
        intake.register(ctx, s, team.clerk, registration(id_number=PERSON, summary="乙", registered_at=_at(5)))
    assert _colours(ctx) == {"旧事": (2, Y, 2, Y), "甲": (3, Y, 3, Y), "乙": (3, Y, 3, Y)}
    with ctx.db.session() as s:  # two repeat visits on 乙: the fifth visit is red, on 甲 too
        number = s.scalar(select(Matter.case_number).where(Matter.summary == "乙"))
        intake.add_visit(ctx, s, team.clerk, number, Channel.VISIT, occurred_at=_at(6))
        intake.add_visit(ctx, s, team.clerk, number, Channel.LETTER, occurred_at=_at(7))
    assert _colours(ctx) == {"旧事": (2, Y, 2, Y), "甲": (5, R, 5, R), "乙": (5, R, 5, R)}
    with ctx.db.session() as s:  # a month later the count starts again; the highest stays
        intake.add_visit(ctx, s, team.clerk, number, Channel.VISIT, occurred_at=_at(20, 12))
    assert _colours(ctx) == {"旧事": (2, Y, 2, Y), "甲": (1, G, 5, R), "乙": (1, G, 5, R)}


@pytest.mark.parametrize("in_groups", [False, True], ids=["one-transaction", "groups-of-one"])
def test_an_import_colours_the_persons_open_matters_as_the_desk_does(ctx, clock, tmp_path: Path,
                                                                     in_groups: bool) -> None:
    clock.set(_at(28, 12))
    team = make_team(ctx)
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration(id_number=PERSON, summary="旧事", registered_at=_at(1)))
        intake.register(ctx, s, team.clerk, registration(id_number=PERSON, summary="甲", registered_at=_at(2)))
    with ctx.db.session() as s:
        s.scalar(select(Matter).where(Matter.summary == "旧事")).status = MatterStatus.CLOSED
    path = tmp_path / "visits.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for day, summary in ((5, "乙"), (6, "丙"), (7, "丁"), (20, "戊")):  # 戊 comes a month later
            w.writerow([_at(day, 11 if day < 20 else 12).isoformat(), "来访", "张三", PERSON, summary, "民生", "简单"])
    if in_groups:  # the command line's path: each row its own transaction, the earlier ones stored by then
        import_in_groups(ctx, team.admin, path, group=1, pause=0)
    else:
        with ctx.db.session() as s:
            importer.import_file(ctx, s, team.admin, path)
    assert _colours(ctx) == {"旧事": (2, Y, 2, Y),  # settled: as it was on the 2nd
                             "甲": (1, G, 5, R), "乙": (1, G, 5, R), "丙": (1, G, 5, R), "丁": (1, G, 5, R),
                             "戊": (1, G, 1, G)}
