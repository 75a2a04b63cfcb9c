"""One registration path: a CSV import registers its rows by the desk's rules (village, leader's day,
warnings, status history), so the figures and the village filter find imported matters as they find
those registered at the desk."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from desktop.clock import CHINA_TZ
from desktop.db.models import Matter, MatterStatusChange, Petitioner, Village, Visit
from desktop.domain.enums import AlertLevel, MatterStatus
from desktop.services import importer, leader_days
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import build_report
from tests.desktop.conftest import make_team
from tests.desktop.helpers import resident_id

HEADER = ["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter", "category",
          "complexity", "department", "group_size", "accepts_mediation", "assigned_at", "village"]
PEOPLE = [resident_id(f"11010519900307{n:03d}") for n in range(300, 306)]
VILLAGES = ("东村", "西村", "南村", "")


def _rows() -> list[list[str]]:
    """24 October matters, one a day from the 3rd: five people by turns, then a sixth comes six times;
    villages 东村, 西村, 南村 and none by turns."""
    rows = []
    for i in range(24):
        person = 5 if i >= 18 else i % 5
        day = 3 + i
        rows.append([f"2026-10-{day:02d}T09:30:00", "来访", f"村民{person}", PEOPLE[person], "", "",
                     f"反映第{i}件事", "民生类", "简单", "", "1", "否", "", VILLAGES[i % 4]])
    return rows


def test_imported_matters_keep_their_village_leader_day_and_warnings(ctx, clock, tmp_path: Path) -> None:
    clock.set(datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ))
    team = make_team(ctx)
    with ctx.db.session() as s:  # a leader sits on Wednesday 14 October (row 11 comes that day, in person)
        sid = leader_days.schedule(ctx, s, team.approver, team.approver.id, date(2026, 10, 14)).id
    path = tmp_path / "october.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(_rows())
    with ctx.db.session() as s:
        assert importer.import_file(ctx, s, team.admin, path).imported == 24
    with ctx.db.read() as s:
        villages = dict(s.execute(select(Village.name, Village.id)).all())
        matters = list(s.scalars(select(Matter).order_by(Matter.registered_on)))
        # 18 rows name a village; 5 of the 6 without one take the village the person named before, as at
        # the desk; row 3 is person 3's first visit and names none.
        assert [m.registered_on.day for m in matters if m.village_id is None] == [6]
        east = [m for m in matters if m.village_id == villages["东村"]]
        assert len(east) == 6  # rows 0, 4, 8, 12, 16, 20
        assert sum(1 for m in matters if m.village_id == villages["南村"]) == 11  # 6 named, 5 carried over
        on_day = [m for m in matters if m.registered_on == date(2026, 10, 14)]
        assert [m.leader_session_id for m in on_day] == [sid]
        assert s.scalar(select(func.count()).select_from(Visit).where(Visit.leader_session_id == sid)) == 1
        sixth = [m for m in matters if m.petitioner_id == matters[-1].petitioner_id]
        # each visit colours every open matter of the person: all six now show the sixth visit's count
        assert [(m.visits_30d, m.visits_30d_max) for m in sixth] == [(6, 6)] * 6
        assert {(m.repeat_alert, m.repeat_alert_max) for m in sixth} == {(AlertLevel.RED, AlertLevel.RED)}
        statuses = {st for (st,) in s.execute(select(MatterStatusChange.status))}
        assert statuses == {MatterStatus.REGISTERED, MatterStatus.CLASSIFIED}
        assert s.scalar(select(func.count()).select_from(MatterStatusChange)) == 48
        people = {p.name: p.village_id for p in s.scalars(select(Petitioner))}
        assert people["村民0"] == villages["南村"]  # the village named last (row 10)
        report = build_report(ctx, s, team.inspector, ReportPeriod.month(2026, 10),
                              StatFilter.of(village_ids=[villages["东村"]]))
    assert report.figures.count("received") == len(east)
    with ctx.db.read() as s:
        full = build_report(ctx, s, team.inspector, ReportPeriod.month(2026, 10))
    assert [b.received for b in full.by_village if b.ref is None] == [1]  # only row 3 names no village
    assert full.figures.count("repeat_red") == 1  # the person with six visits
    assert full.figures.count("received") == 24
