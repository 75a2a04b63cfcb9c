"""Import of a village's or grid's screening sheet (CSV/XLSX). All-or-nothing: an unknown column is
refused by name, every row is checked first, and any bad row means nothing is written. Rows are then
written in bulk with the desk's rules: the reporter's area, encrypted parties, the follow-up limit on the
official calendar, one audit entry per item (and per 零报告)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import ScreeningItem, ScreeningPoint, ScreeningReport, Village
from desktop.domain.errors import ValidationError
from desktop.prevention import settings as prevention_settings
from desktop.prevention.enums import ScreeningStatus
from desktop.prevention.rules import follow_up_due
from desktop.prevention.scope import scope_of
from desktop.prevention.screening import KEY_PERSONS_CONTEXT, PARTIES_CONTEXT, point_for
from desktop.prevention.screening_rows import COLUMNS, REQUIRED, ScreeningRow, ScreeningRowChecker
from desktop.services import audit
from desktop.services.bulk import driver_values, insert_rows, next_ids
from desktop.services.context import AppContext
from desktop.services.import_rows import RowProblem, read_values
from desktop.services.permissions import Actor, Permission

ITEM_COLUMNS = ("id", "report_id", "point_id", "village_id", "reporter_kind", "reported_at", "reported_on",
                "cause", "occurred_on", "place", "parties_cipher", "people", "key_persons_cipher", "development",
                "handling", "level", "status", "follow_up_due", "followed_up_at", "follow_up_note", "resolved_on",
                "resolution", "converted_on", "matter_id", "created_at", "created_by_id")


class ScreeningImportRejected(ValidationError):
    """Bad rows and nothing written; ``problems`` lists each with line, column and reason."""

    code = "import_failed"

    def __init__(self, path: Path, problems: list[RowProblem]) -> None:
        self.path, self.problems = path, problems
        super().__init__("import_failed", count=len({p.line for p in problems}))


@dataclass
class ScreeningImportReport:
    items: int = 0
    zero_reports: int = 0
    reports: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def check_file(ctx: AppContext, session: Session, actor: Actor, path: Path) -> list[ScreeningRow]:
    if not path.is_file():
        raise ValidationError("file_not_found", field="file", path=str(path))
    header, rows = read_values(path)
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:  # refused by name: a misspelt column would otherwise be silently dropped
        raise ScreeningImportRejected(path, [RowProblem(1, c, "unknown_column", "") for c in unknown])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScreeningImportRejected(path, [RowProblem(1, c, "column_missing", "") for c in missing])
    villages = dict(session.execute(select(Village.name, Village.id)).all())
    scope = scope_of(session, actor)
    checker = ScreeningRowChecker(header, set(villages), ctx.today())
    good: list[ScreeningRow] = []
    problems: list[RowProblem] = []
    for line, cells in rows:
        got = checker.check(line, cells)
        if isinstance(got, list):
            problems.extend(got)
        elif not scope.covers(villages.get(got.village), got.grid):
            problems.append(RowProblem(line, "village" if not got.grid else "grid", "outside_own_area",
                                       got.village + (f" {got.grid}" if got.grid else "")))
        else:
            good.append(got)
    if problems:
        raise ScreeningImportRejected(path, problems)
    return good


def import_file(ctx: AppContext, session: Session, actor: Actor, path: Path) -> ScreeningImportReport:
    if not actor.can(Permission.ENTER_SCREENING):  # the office's importer brings in any village's sheet
        actor.require(Permission.IMPORT)
    rows = check_file(ctx, session, actor, path)
    return _write(ctx, session, actor, rows, path.name)


def _write(ctx: AppContext, session: Session, actor: Actor, rows: list[ScreeningRow],
           source: str) -> ScreeningImportReport:
    report = ScreeningImportReport()
    if not rows:
        return report
    dv = driver_values(session.connection().dialect.name)
    settings = prevention_settings.load(session)
    cal = ctx.calendar(session)
    villages = dict(session.execute(select(Village.name, Village.id)).all())
    points: dict[tuple[Any, ...], ScreeningPoint] = {}
    reports: dict[tuple[Any, ...], ScreeningReport] = {}
    existing = {(r.point_id, r.reported_on, r.reporter): r for r in session.scalars(
        select(ScreeningReport).where(ScreeningReport.reported_on >= min(r.reported_on for r in rows),
                                      ScreeningReport.reported_on <= max(r.reported_on for r in rows)))}
    now = ctx.now()
    for r in rows:
        key = (r.kind, villages.get(r.village) if r.village else None, r.grid, r.unit)
        point = points.get(key)
        if point is None:
            point = points[key] = point_for(session, *key)
        rkey = (point.id, r.reported_on, r.reporter)
        rep = reports.get(rkey) or existing.get(rkey)
        if rep is None:
            rep = ScreeningReport(point_id=point.id, reported_on=r.reported_on, reporter=r.reporter, zero=r.zero,
                                  created_at=now, created_by_id=actor.id)
            session.add(rep)
            report.reports += 1
        elif not r.zero:
            rep.zero = False
        reports[rkey] = rep
    session.flush()
    encrypt = ctx.cipher.encrypt
    created, actor_id = dv.moment(now), actor.id
    due_memo: dict[tuple[Any, ...], Any] = {}
    items = [r for r in rows if not r.zero]
    ids = next_ids(session, ScreeningItem.__table__, len(items))
    out: list[tuple[Any, ...]] = []
    notes: list[tuple[str, str, str, dict[str, Any]]] = []
    for item_id, r in zip(ids, items, strict=True):
        village_id = villages.get(r.village) if r.village else None
        point = points[(r.kind, village_id, r.grid, r.unit)]
        rep = reports[(point.id, r.reported_on, r.reporter)]
        dkey = (r.level, r.reported_at)
        if dkey not in due_memo:
            due = follow_up_due(r.level, r.reported_at, settings.red_follow_up_hours, cal)
            due_memo[dkey] = dv.moment(due) if due else None
        resolved = r.status is ScreeningStatus.RESOLVED
        day = dv.date(r.reported_on)
        out.append((
            item_id, rep.id, point.id, village_id, r.kind.value, dv.moment(r.reported_at), day, r.cause,
            dv.date(r.occurred_on) if r.occurred_on else None, r.place,
            encrypt(r.parties, context=PARTIES_CONTEXT) if r.parties else None, r.people,
            encrypt(r.key_persons, context=KEY_PERSONS_CONTEXT) if r.key_persons else None,
            r.development, r.handling, r.level.value, r.status.value, due_memo[dkey], None, "",
            day if resolved else None, r.handling if resolved else "", None, None, created, actor_id))
        notes.append(("screening.import", "screening_item", str(item_id),
                      {"source": source, "line": r.line, "level": r.level.value, "village": r.village}))
    for r in rows:
        if r.zero:
            point = points[(r.kind, villages.get(r.village) if r.village else None, r.grid, r.unit)]
            notes.append(("screening.zero_report", "screening_point", str(point.id),
                          {"source": source, "line": r.line, "on": r.reported_on.isoformat()}))
            report.zero_reports += 1
    insert_rows(session, ScreeningItem.__table__, ITEM_COLUMNS, out)
    audit.record_many(session, at=now, actor_id=actor_id, entries=notes)
    report.items = len(out)
    return report
