"""Import of a village's or grid's screening sheet (CSV/XLSX). All-or-nothing: an unknown column is
refused by name, every row is checked first, and any bad row means nothing is written. Rows are then
written in bulk with the desk's rules: the reporter's area, encrypted parties, the follow-up limit on the
official calendar, one audit entry per item (and per 零报告)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, ScreeningItem, ScreeningPoint, ScreeningReport, Village
from desktop.domain.enums import Risk
from desktop.domain.errors import ValidationError
from desktop.prevention import settings as prevention_settings
from desktop.prevention.enums import ScreeningStatus
from desktop.prevention.rules import follow_up_due
from desktop.prevention.scope import scope_of
from desktop.prevention.screening import KEY_PERSONS_CONTEXT, PARTIES_CONTEXT
from desktop.prevention.screening_rows import COLUMNS, REQUIRED, ScreeningRow, ScreeningRowChecker
from desktop.services import audit
from desktop.services.bulk import BackgroundWriter, driver_values, insert_rows, next_ids
from desktop.services.context import AppContext
from desktop.services.import_rows import RowProblem, read_values
from desktop.services.permissions import Actor, Permission

ITEM_COLUMNS = ("id", "report_id", "point_id", "village_id", "reporter_kind", "reported_at", "reported_on",
                "cause", "occurred_on", "place", "parties_cipher", "people", "key_persons_cipher", "development",
                "handling", "level", "status", "follow_up_due", "followed_up_at", "follow_up_note", "resolved_on",
                "resolution", "converted_on", "matter_id", "created_at", "created_by_id")

CHUNK = 5000  # rows handed to the writer thread at a time
REPORT_COLUMNS = ("id", "point_id", "reported_on", "reporter", "zero", "created_at", "created_by_id")


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
    now = ctx.now()
    created, actor_id = dv.moment(now), actor.id
    points: dict[tuple[Any, ...], int] = {
        (p.kind, p.village_id, p.grid, p.unit): p.id for p in session.scalars(select(ScreeningPoint))}
    wanted = {(r.kind, villages.get(r.village) if r.village else None, r.grid, r.unit) for r in rows}
    fresh = [ScreeningPoint(kind=k[0], village_id=k[1], grid=k[2], unit=k[3], active=True)
             for k in sorted(wanted - set(points), key=str)]
    session.add_all(fresh)
    session.flush()
    points.update({(p.kind, p.village_id, p.grid, p.unit): p.id for p in fresh})
    lo, hi = min(r.reported_on for r in rows), max(r.reported_on for r in rows)
    reports: dict[tuple[Any, ...], int] = {}
    zero_now: dict[tuple[Any, ...], bool] = {}
    for rep in session.scalars(select(ScreeningReport).where(ScreeningReport.reported_on >= lo,
                                                             ScreeningReport.reported_on <= hi)):
        reports[(rep.point_id, rep.reported_on, rep.reporter)] = rep.id
        zero_now[(rep.point_id, rep.reported_on, rep.reporter)] = rep.zero
    new_reports: dict[tuple[Any, ...], bool] = {}
    for r in rows:
        rkey = (points[(r.kind, villages.get(r.village) if r.village else None, r.grid, r.unit)], r.reported_on,
                r.reporter)
        if rkey in reports:
            if not r.zero and zero_now[rkey]:
                zero_now[rkey] = False  # an item after a 零报告 the same day: the day had something after all
                session.execute(update(ScreeningReport).where(ScreeningReport.id == reports[rkey]).values(zero=False))
        else:
            new_reports[rkey] = new_reports.get(rkey, True) and r.zero
    ids = next_ids(session, ScreeningReport.__table__, len(new_reports))
    report_rows = []
    for rid, (rkey, zero) in zip(ids, new_reports.items(), strict=True):
        reports[rkey] = rid
        report_rows.append((rid, rkey[0], dv.date(rkey[1]), rkey[2], dv.boolean(zero), created, actor_id))
    insert_rows(session, ScreeningReport.__table__, REPORT_COLUMNS, report_rows)
    report.reports = len(report_rows)
    encrypt = ctx.cipher.encrypt
    due_memo: dict[tuple[Any, ...], Any] = {}
    items = [r for r in rows if not r.zero]
    ids = next_ids(session, ScreeningItem.__table__, len(items))
    chain = audit.ChainAppender(session, at=now, actor_id=actor_id)
    text = json.encoder.encode_basestring  # a JSON string literal, as the audit chain writes it
    src = text(source)
    level_json = {lv: text(lv.value) for lv in Risk}
    village_json: dict[str, str] = _Memo(text)
    done = 0
    with BackgroundWriter(session) as writer:
        for start in range(0, len(items), CHUNK):
            out: list[tuple[Any, ...]] = []
            notes: list[tuple[str, str, str, str, str]] = []
            for item_id, r in zip(ids[start:start + CHUNK], items[start:start + CHUNK], strict=True):
                village_id = villages.get(r.village) if r.village else None
                point_id = points[(r.kind, village_id, r.grid, r.unit)]
                rep_id = reports[(point_id, r.reported_on, r.reporter)]
                dkey = (r.level, r.reported_at)
                if dkey not in due_memo:
                    due = follow_up_due(r.level, r.reported_at, settings.red_follow_up_hours, cal)
                    due_memo[dkey] = dv.moment(due) if due else None
                resolved = r.status is ScreeningStatus.RESOLVED
                day = dv.date(r.reported_on)
                out.append((
                    item_id, rep_id, point_id, village_id, r.kind.value, dv.moment(r.reported_at), day, r.cause,
                    dv.date(r.occurred_on) if r.occurred_on else None, r.place,
                    encrypt(r.parties, context=PARTIES_CONTEXT) if r.parties else None, r.people,
                    encrypt(r.key_persons, context=KEY_PERSONS_CONTEXT) if r.key_persons else None,
                    r.development, r.handling, r.level.value, r.status.value, due_memo[dkey], None, "",
                    day if resolved else None, r.handling if resolved else "", None, None, created, actor_id))
                # {"source", "line", "level", "village"}: sorted for the hash, as given for storage.
                lv, vj = level_json[r.level], village_json[r.village]
                notes.append(("screening.import", "screening_item", str(item_id),
                              f'{{"level":{lv},"line":{r.line},"source":{src},"village":{vj}}}',
                              f'{{"source": {src}, "line": {r.line}, "level": {lv}, "village": {vj}}}'))
            writer.insert(ScreeningItem.__table__, ITEM_COLUMNS, out)
            writer.insert(AuditEntry.__table__, audit.ENTRY_COLUMNS, chain.rows_encoded(notes))
            done += len(out)
        zero_notes = []
        for r in rows:
            if r.zero:
                point_id = points[(r.kind, villages.get(r.village) if r.village else None, r.grid, r.unit)]
                on = text(r.reported_on.isoformat())
                zero_notes.append(("screening.zero_report", "screening_point", str(point_id),
                                   f'{{"line":{r.line},"on":{on},"source":{src}}}',
                                   f'{{"source": {src}, "line": {r.line}, "on": {on}}}'))
                report.zero_reports += 1
        if zero_notes:
            writer.insert(AuditEntry.__table__, audit.ENTRY_COLUMNS, chain.rows_encoded(zero_notes))
    chain.finish()
    report.items = done
    return report


class _Memo(dict):  # type: ignore[type-arg]
    """A dict that fills itself from ``make`` on a miss."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._make(key)
        return value
