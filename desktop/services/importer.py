"""Bulk import of visits and letters (from the upper-level system or a paper register).

All-or-nothing by default: every row is checked first and any bad row means nothing is written. Rows are
then written in bulk (a few statements per thousand rows), with the same rules the desk applies one at a
time: petitioners found by blind index, 30-day visit counts as of each row's registration, due dates on the
official calendar, gap-free case numbers, one audit entry per matter."""

from __future__ import annotations

import bisect
import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import Department, Matter, Petitioner, RoutingRule, Village, Visit
from desktop.domain.deadlines import due_date
from desktop.domain.enums import AlertLevel, MatterStatus
from desktop.domain.errors import ValidationError
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.domain.repeat_alert import alert_level
from desktop.services import audit, numbering
from desktop.services.bulk import fast_insert
from desktop.services.context import AppContext
from desktop.services.import_rows import REQUIRED, ImportRow, RowProblem, check_row, read_rows
from desktop.services.office import load_profile
from desktop.services.permissions import Actor, Permission
from desktop.services.petitioners import ID_CONTEXT, PHONE_CONTEXT

CHUNK = 2000


@dataclass
class ImportReport:
    imported: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    rejected_lines: list[int] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)


class ImportRejected(ValidationError):
    """Bad rows and nothing written; ``problems`` lists each with line, column and reason."""

    code = "import_failed"

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("import_failed", count=len({p.line for p in problems}))


def check_file(ctx: AppContext, session: Session, path: Path) -> tuple[list[ImportRow], list[RowProblem],
                                                                        list[dict[str, str]]]:
    if not path.is_file():
        raise ValidationError("file_not_found", field="file", path=str(path))
    header, rows = read_rows(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [RowProblem(1, c, "column_missing", "") for c in missing], []
    departments = set(session.scalars(select(Department.name)))
    today = ctx.today()
    good: list[ImportRow] = []
    problems: list[RowProblem] = []
    bad_raw: list[dict[str, str]] = []
    for line, raw in rows:
        row, row_problems = check_row(line, raw, departments, today)
        if row is None:
            problems.extend(row_problems)
            bad_raw.append({"line": str(line), **raw,
                            "reason": "; ".join(f"{p.column}:{p.code}" for p in row_problems)})
        else:
            good.append(row)
    return good, problems, bad_raw


def import_file(ctx: AppContext, session: Session, actor: Actor, path: Path, *, skip_invalid: bool = False,
                rejects_path: Path | None = None) -> ImportReport:
    actor.require(Permission.IMPORT)
    good, problems, bad_raw = check_file(ctx, session, path)
    if problems and (not skip_invalid or any(p.code == "column_missing" for p in problems)):
        raise ImportRejected(problems)
    if bad_raw and rejects_path is not None:
        columns = list(dict.fromkeys(k for r in bad_raw for k in r))
        with open(rejects_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(bad_raw)
    report = ImportReport(problems=problems, rejected_lines=sorted({p.line for p in problems}))
    if good:
        report.case_numbers = _write(ctx, session, actor, good, path.name)
        report.imported = len(good)
    return report


def _default_departments(session: Session) -> dict[object, int]:
    return {r.category: r.department_id for r in session.scalars(
        select(RoutingRule).where(RoutingRule.regulation_type.is_(None), RoutingRule.appeal_route.is_(None)))}


def _petitioners(ctx: AppContext, session: Session, rows: list[ImportRow]) -> dict[int, int]:
    """Row line → petitioner id; the same ID number in two rows is one person."""
    index_of = {r.line: ctx.cipher.blind_index(r.resident.number, context=ID_CONTEXT) for r in rows if r.resident}
    wanted = sorted(set(index_of.values()))
    known: dict[str, int] = {}
    for i in range(0, len(wanted), 500):
        for pid, idx in session.execute(select(Petitioner.id, Petitioner.id_index)
                                        .where(Petitioner.id_index.in_(wanted[i:i + 500]))):
            known[idx] = pid
    villages = {v.name: v.id for v in session.scalars(select(Village))}
    for name in sorted({r.village for r in rows if r.village} - set(villages)):
        villages[name] = session.execute(insert(Village).values(name=name).returning(Village.id)).scalar_one()
    now = ctx.now()
    new_rows: list[dict[str, object]] = []
    pending: dict[str, ImportRow] = {}
    anonymous: list[ImportRow] = []
    for r in rows:
        idx = index_of.get(r.line)
        if idx is None:
            anonymous.append(r)
        elif idx not in known and idx not in pending:
            pending[idx] = r
    def person(r: ImportRow, idx: str | None) -> dict[str, object]:
        values: dict[str, object] = {"name": r.name, "created_at": now, "address": r.address or None,
                                     "village_id": villages.get(r.village), "id_index": idx}
        values["id_cipher"] = ctx.cipher.encrypt(r.resident.number, context=ID_CONTEXT) if r.resident else None
        values["id_masked"] = mask_id_number(r.resident.number) if r.resident else None
        values["birth_date"] = r.resident.birth_date if r.resident else None
        values["sex"] = r.resident.sex.value if r.resident else None
        values["phone_cipher"] = ctx.cipher.encrypt(r.phone.number, context=PHONE_CONTEXT) if r.phone else None
        values["phone_index"] = ctx.cipher.blind_index(r.phone.number, context=PHONE_CONTEXT) if r.phone else None
        values["phone_masked"] = mask_phone(r.phone.number) if r.phone else None
        return values
    new_rows = [person(r, idx) for idx, r in pending.items()]
    for i in range(0, len(new_rows), CHUNK):
        chunk = new_rows[i:i + CHUNK]
        fast_insert(session, Petitioner.__table__, chunk)
        for pid, idx in session.execute(select(Petitioner.id, Petitioner.id_index).where(
                Petitioner.id_index.in_([row["id_index"] for row in chunk]))):
            known[idx] = pid
    result = {line: known[idx] for line, idx in index_of.items()}
    for r in anonymous:  # a letter without an ID number: a person of its own
        result[r.line] = session.execute(insert(Petitioner).values(**person(r, None))
                                         .returning(Petitioner.id)).scalar_one()
    return result


def _write(ctx: AppContext, session: Session, actor: Actor, rows: list[ImportRow], source: str) -> list[str]:
    rules, cal = ctx.rules(session), ctx.calendar(session)
    profile = load_profile(session)
    dept_ids = {d.name: d.id for d in session.scalars(select(Department))}
    defaults = _default_departments(session)
    owner = _petitioners(ctx, session, rows)
    rows = sorted(rows, key=lambda r: (r.registered_at, r.line))
    days = [china_date(r.registered_at) for r in rows]
    window = rules.repeat_window_days
    # Earlier visits of the people in this file, as far back as the first row's window reaches.
    history: dict[int, list[date]] = defaultdict(list)
    pids = sorted(set(owner.values()))
    for i in range(0, len(pids), 500):
        stmt = select(Visit.petitioner_id, Visit.occurred_on).where(
            Visit.petitioner_id.in_(pids[i:i + 500]), Visit.occurred_on >= min(days) - timedelta(days=window))
        for pid, on in session.execute(stmt):
            history[pid].append(on)
    for dates in history.values():
        dates.sort()
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(days):
        by_year[d.year].append(i)
    numbers: dict[int, tuple[int, int]] = {}
    for year, idxs in by_year.items():
        first = numbering.reserve(session, "case", year, len(idxs))
        for k, i in enumerate(idxs):
            numbers[i] = (year, first + k)
    matters: list[dict[str, object]] = []
    for i, r in enumerate(rows):
        pid, today = owner[r.line], days[i]
        dates = history[pid]
        count = bisect.bisect_right(dates, today) - bisect.bisect_left(dates, today - timedelta(days=window - 1)) + 1
        bisect.insort(dates, today)
        level: AlertLevel = alert_level(count, rules)
        year, seq = numbers[i]
        assigned_on = china_date(r.assigned_at) if r.assigned_at else None
        start = assigned_on or today
        dept = dept_ids[r.department] if r.department else defaults.get(r.category) or defaults.get(None)
        case_number = numbering.format_case_number(profile.case_prefix, year, seq)
        matters.append({
            "case_number": case_number, "year": year, "seq": seq, "registered_at": r.registered_at,
            "registered_on": today, "channel": r.channel, "petitioner_id": pid, "summary": r.summary, "demands": "",
            "accepts_mediation": r.accepts_mediation, "group_size": r.group_size,
            "status": MatterStatus.ASSIGNED if assigned_on else MatterStatus.CLASSIFIED,
            "category": r.category, "complexity": r.complexity, "key_domains": [], "restricted": False,
            "department_id": dept, "first_handler_id": actor.id, "registered_by_id": actor.id,
            "visits_30d": count, "repeat_alert": level, "assign_due": due_date(today, rules.assign_within, cal),
            "assigned_on": assigned_on, "handling_due": due_date(start, rules.handling_limit(r.complexity), cal),
            "solved_at_first_contact": False, "search_text": f"{case_number} {r.name} {r.summary}", "version": 1,
        })
    # Core executemany without RETURNING is several times faster than ORM bulk inserts; the new ids are read
    # back by (year, seq), which the unique constraint makes exact.
    fast_insert(session, Matter.__table__, matters)
    id_of: dict[tuple[int, int], int] = {}
    for year, idxs in by_year.items():
        lo, hi = numbers[idxs[0]][1], numbers[idxs[-1]][1]
        for mid, seq in session.execute(select(Matter.id, Matter.seq).where(
                Matter.year == year, Matter.seq >= lo, Matter.seq <= hi)):
            id_of[(year, seq)] = mid
    visits = [{"matter_id": id_of[(m["year"], m["seq"])], "petitioner_id": m["petitioner_id"],
               "channel": m["channel"], "occurred_at": m["registered_at"], "occurred_on": m["registered_on"],
               "headcount": m["group_size"], "registered_by_id": actor.id, "note": "",
               "leader_session_id": None} for m in matters]
    fast_insert(session, Visit.__table__, visits)
    audit.record_many(session, at=ctx.now(), actor_id=actor.id, entries=[
        ("matter.import", "matter", str(m["case_number"]),
         {"source": source, "line": r.line, "visits_30d": m["visits_30d"], "alert": str(m["repeat_alert"])})
        for r, m in zip(rows, matters, strict=True)])
    return [str(m["case_number"]) for m in matters]
