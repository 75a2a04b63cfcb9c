"""Bulk import of visits and letters (from the upper-level system or a paper register).

All-or-nothing by default: every row is checked first and any bad row means nothing is written. Rows are
then written in bulk (a few statements per thousand rows), with the same rules the desk applies one at a
time: petitioners found by blind index, 30-day visit counts as of each row's registration, due dates on the
official calendar, gap-free case numbers, one audit entry per matter."""

from __future__ import annotations

import bisect
import csv
import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import (
    AuditEntry,
    Department,
    LeaderSession,
    Matter,
    MatterStatusChange,
    Petitioner,
    ReportArchive,
    Representative,
    RoutingRule,
    Visit,
)
from desktop.domain.deadlines import due_date
from desktop.domain.enums import AlertLevel, Category, Complexity, MatterStatus
from desktop.domain.errors import ValidationError
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.domain.repeat_alert import alert_level
from desktop.domain.rules_config import Rules
from desktop.services import audit, numbering, registration_rules, row_state
from desktop.services.bulk import BackgroundWriter, driver_values, next_ids
from desktop.services.context import AppContext
from desktop.services.import_file import ImportFileRefused
from desktop.services.import_people import CHUNK, PERSON_COLUMNS, People
from desktop.services.import_rows import REQUIRED, ImportRow, RowChecker, RowProblem, read_values
from desktop.services.office import load_profile
from desktop.services.permissions import Actor, Permission
from desktop.services.petitioners import ID_CONTEXT


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
    header, rows = read_values(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileRefused("import_columns_missing", path, 1, 0, columns=missing)
    rules = ctx.rules(session)
    checker = RowChecker(header, set(session.scalars(select(Department.name))), ctx.today(),
                         (rules.name_max_length, rules.address_max_length, rules.summary_max_length), rules)
    check = checker.check
    good: list[ImportRow] = []
    problems: list[RowProblem] = []
    bad_raw: list[dict[str, str]] = []
    seen = 0
    for line, cells in rows:
        seen += 1
        got = check(line, cells)
        if isinstance(got, ImportRow):
            good.append(got)
        else:
            problems.extend(got)
            bad_raw.append({"line": str(line), **_masked(dict(zip(header, cells, strict=False))),
                            "reason": "; ".join(f"{p.column}:{p.code}" for p in got)})
    if not seen:
        raise ImportFileRefused("import_no_rows", path, 2, 0)
    return good, problems, bad_raw


def _masked(row: dict[str, str]) -> dict[str, str]:
    """A rejected row as the rejects file keeps it: ID and phone numbers masked like everywhere else (the file
    names each row's line, so the clerk corrects the source file, which holds the full numbers)."""
    out = dict(row)
    if out.get("id_number"):
        out["id_number"] = mask_id_number(out["id_number"])
    if out.get("phone"):
        out["phone"] = mask_phone(out["phone"])
    if out.get("representatives"):
        out["representatives"] = _masked_representatives(out["representatives"])
    return out


def _masked_representatives(text: str) -> str:
    """``姓名:身份证号;…`` with each number masked (a part that is no ID number is masked all the same)."""
    entries = []
    for entry in text.replace("；", ";").replace("：", ":").split(";"):
        name, colon, number = entry.partition(":")
        number = number.strip()
        entries.append(name + colon + (mask_id_number(number) if len(number) == 18 else "*" * len(number)))
    return ";".join(entries)


def import_file(ctx: AppContext, session: Session, actor: Actor, path: Path, *, skip_invalid: bool = False,
                rejects_path: Path | None = None) -> ImportReport:
    actor.require(Permission.IMPORT)
    with _gc_paused():
        return _import(ctx, session, path, actor, skip_invalid, rejects_path)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """A big file makes millions of objects that live to the end and hold no cycles: the collector's
    repeated passes over them are pure overhead (about a tenth of the import)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _import(ctx: AppContext, session: Session, path: Path, actor: Actor, skip_invalid: bool,
            rejects_path: Path | None) -> ImportReport:
    good, problems, bad_raw = check_file(ctx, session, path)
    report = refuse_or_report(problems, bad_raw, skip_invalid, rejects_path)
    if good:
        report.case_numbers = _write(ctx, session, actor, good, path.name)
        report.imported = len(good)
    return report


def refuse_or_report(problems: list[RowProblem], bad_raw: list[dict[str, str]], skip_invalid: bool,
                     rejects_path: Path | None) -> ImportReport:
    """Raises for bad rows unless they are to be skipped (then written to ``rejects_path``)."""
    if problems and not skip_invalid:
        raise ImportRejected(problems)
    if bad_raw and rejects_path is not None:
        columns = list(dict.fromkeys(k for r in bad_raw for k in r))
        with open(rejects_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(bad_raw)
    return ImportReport(problems=problems, rejected_lines=sorted({p.line for p in problems}))


def _default_departments(session: Session) -> dict[object, int]:
    return {r.category: r.department_id for r in session.scalars(
        select(RoutingRule).where(RoutingRule.regulation_type.is_(None), RoutingRule.appeal_route.is_(None)))}


MATTER_COLUMNS = ("id", "case_number", "year", "seq", "registered_at", "registered_on", "channel", "petitioner_id",
                  "summary", "demands", "accepts_mediation", "group_size", "status", "category", "complexity",
                  "key_domains", "restricted", "department_id", "first_handler_id", "registered_by_id",
                  "visits_30d", "repeat_alert", "assign_due", "assigned_on", "handling_due",
                  "solved_at_first_contact", "search_text", "version", "village_id", "leader_session_id",
                  "visits_30d_max", "repeat_alert_max")
HISTORY_COLUMNS = ("matter_id", "status", "changed_on", "recorded_at", "handling_due", "backdated")
VISIT_COLUMNS = ("id", "matter_id", "petitioner_id", "channel", "occurred_at", "occurred_on", "headcount",
                 "registered_by_id", "note", "leader_session_id")
REPRESENTATIVE_COLUMNS = ("visit_id", "name", "id_cipher", "id_index")


def _write(ctx: AppContext, session: Session, actor: Actor, rows: list[ImportRow], source: str) -> list[str]:
    # Everything that reads the database first; then rows are made here while a second thread inserts them.
    dv = driver_values(session.connection().dialect.name)
    rules, cal = ctx.rules(session), ctx.calendar(session)
    profile = load_profile(session)
    dept_ids = {d.name: d.id for d in session.scalars(select(Department))}
    defaults = _default_departments(session)
    people = People(ctx, session, rows)
    owner = people.owner
    rows = sorted(rows, key=lambda r: (r.registered_at, r.line))
    window = rules.repeat_window_days
    # Earlier visits of the people already known, as far back as the first row's window reaches (the
    # people this file brings in have none).
    history: dict[int, list[date]] = defaultdict(list)
    pids = sorted(people.existing)
    since = rows[0].day - timedelta(days=window)
    for i in range(0, len(pids), 500):
        stmt = select(Visit.petitioner_id, Visit.occurred_on).where(
            Visit.petitioner_id.in_(pids[i:i + 500]), Visit.occurred_on >= since)
        for pid, on in session.execute(stmt):
            history[pid].append(on)
    for dates in history.values():
        dates.sort()
    per_year: dict[int, int] = defaultdict(int)
    for r in rows:
        per_year[r.day.year] += 1
    next_seq = {year: numbering.reserve(session, "case", year, n) for year, n in per_year.items()}
    stored_open = _open_matters(session, pids)
    matter_ids = next_ids(session, Matter.__table__, len(rows))
    visit_ids = next_ids(session, Visit.__table__, len(rows))
    chain = audit.ChainAppender(session, at=ctx.now(), actor_id=actor.id)
    # The desk's registration rules, applied from what is read here once: leaders' days of the file's span,
    # the closed months (a row dated in one is a correction), the people's villages as they stood.
    sessions_on: dict[date, list[tuple[int, int]]] = defaultdict(list)
    for sid, lid, day in session.execute(select(LeaderSession.id, LeaderSession.leader_id, LeaderSession.day)
                                         .where(LeaderSession.day.between(rows[0].day, rows[-1].day))
                                         .order_by(LeaderSession.id)):
        sessions_on[day].append((sid, lid))
    closed_months = set(session.scalars(select(ReportArchive.period_key)))
    village_now: dict[int, int | None] = dict(people.stored_village)
    village_of_name = people.village_of_name
    leader_session_for = registration_rules.leader_session_for
    recorded = dv.moment(ctx.now())
    history_status = {False: MatterStatus.CLASSIFIED.value, True: MatterStatus.ASSIGNED.value}
    registered_status = MatterStatus.REGISTERED.value

    # At most a year of distinct days: each day's stored form and due dates are worked out once.
    stored_day: dict[date, object] = _Memo(dv.date)
    assign_due: dict[date, object] = _Memo(lambda d: dv.date(due_date(d, rules.assign_within, cal)))
    handling_due: dict[tuple[date, Complexity], object] = _Memo(
        lambda k: dv.date(due_date(k[0], rules.handling_limit(k[1]), cal)))
    department: dict[tuple[str, Category], int | None] = _Memo(
        lambda k: dept_ids[k[0]] if k[0] else defaults.get(k[1]) or defaults.get(None))
    yes_no = (dv.boolean(False), dv.boolean(True))
    no = yes_no[0]
    status = {False: MatterStatus.CLASSIFIED.value, True: MatterStatus.ASSIGNED.value}
    levels = {n: alert_level(n, rules).value for n in range(1, rules.red_threshold + 1)}
    red = levels[rules.red_threshold]
    prefix, actor_id = profile.case_prefix, actor.id
    span = timedelta(days=window - 1)
    left, right, insort = bisect.bisect_left, bisect.bisect_right, bisect.insort
    case_number_of = numbering.format_case_number
    source_json = json.dumps(source, ensure_ascii=False)
    alert_json = {v: json.dumps(v) for v in levels.values()}

    numbers: list[str] = []
    blind, encrypt = ctx.cipher.blind_index, ctx.cipher.encrypt
    with BackgroundWriter(session) as writer:
        for chunk in people.new_rows(dv):
            writer.insert(Petitioner.__table__, PERSON_COLUMNS, chunk)
        # Each visit's count (the person's visits in the window ending with it), then what the desk's rule
        # leaves on each matter once every row is in: a matter still open takes the count of its person's
        # latest visit and keeps the highest count of the visits from its own on.
        owners, counts, latest, seen = [], [], {}, defaultdict(list)
        existing = people.existing
        for r in rows:
            pid, today = owner[r.line], r.day
            dates = history[pid]
            count = right(dates, today) - left(dates, today - span) + 1
            insort(dates, today)
            owners.append(pid)
            counts.append(count)
            latest[pid] = count
            if pid in existing:
                seen[pid].append((today, count))
        highest, top = [0] * len(rows), {}
        for i in range(len(rows) - 1, -1, -1):
            pid, count = owners[i], counts[i]
            highest[i] = top[pid] = max(count, top.get(pid, 0))
        for start in range(0, len(rows), CHUNK):
            matters, visits, notes, changes, representatives = [], [], [], [], []
            for i, mid, vid, r in zip(range(start, start + CHUNK), matter_ids[start:start + CHUNK],
                                      visit_ids[start:start + CHUNK], rows[start:start + CHUNK], strict=False):
                pid, today, count = owners[i], r.day, counts[i]
                now_count, top_count = latest[pid], highest[i]
                level = levels.get(count, red)
                year = today.year
                seq = next_seq[year]
                next_seq[year] = seq + 1
                case_number = case_number_of(prefix, year, seq)
                assigned_on = r.assigned_at.astimezone(CHINA_TZ).date() if r.assigned_at else None
                at, on, channel = dv.moment(r.registered_at), stored_day[today], r.channel.value
                if r.village:
                    village_now[pid] = village_of_name[r.village]
                village = village_now.get(pid)
                leader_session = leader_session_for(r.channel, today, sessions_on.get(today, ()))
                due = handling_due[(assigned_on or today, r.complexity)]
                late = yes_no[f"{year}-{today.month:02d}" in closed_months]
                changes.append((mid, registered_status, on, recorded, None, late))
                changes.append((mid, history_status[assigned_on is not None],
                                stored_day[assigned_on] if assigned_on else on, recorded, due, late))
                matters.append((
                    mid, case_number, year, seq, at, on, channel, pid, r.summary, "", yes_no[r.accepts_mediation],
                    r.group_size, status[assigned_on is not None], r.category.value, r.complexity.value, "[]", no,
                    department[(r.department, r.category)], actor_id, actor_id, now_count,
                    levels.get(now_count, red), assign_due[today], stored_day[assigned_on] if assigned_on else None,
                    due, no, f"{case_number} {r.name} {r.summary}", 1, village, leader_session, top_count,
                    levels.get(top_count, red)))
                visits.append((vid, mid, pid, channel, at, on, r.group_size, actor_id, "", leader_session))
                for name, number in r.representatives:  # stored as the desk stores them (intake.register)
                    representatives.append((vid, name, encrypt(number, context=ID_CONTEXT) if number else None,
                                            blind(number, context=ID_CONTEXT) if number else None))
                # {"source": …, "line": …, "visits_30d": …, "alert": …}, sorted for the hash and as stored.
                alert = alert_json[level]
                notes.append(("matter.import", "matter", case_number,
                              f'{{"alert":{alert},"line":{r.line},"source":{source_json},"visits_30d":{count}}}',
                              f'{{"source": {source_json}, "line": {r.line}, "visits_30d": {count}, '
                              f'"alert": {alert}}}'))
                numbers.append(case_number)
            writer.insert(Matter.__table__, MATTER_COLUMNS, matters)
            writer.insert(Visit.__table__, VISIT_COLUMNS, visits)
            if representatives:
                writer.insert(Representative.__table__, REPRESENTATIVE_COLUMNS, representatives)
            writer.insert(MatterStatusChange.__table__, HISTORY_COLUMNS, changes)
            writer.insert(AuditEntry.__table__, audit.ENTRY_COLUMNS, chain.rows_encoded(notes))
    chain.finish()
    _carry_warnings(session, rules, stored_open, seen)
    moved = [{"pid": pid, "village": v} for pid, v in people.latest_village.items()
             if pid in people.existing and v != people.stored_village.get(pid)]
    if moved:
        people_table = Petitioner.__table__
        session.execute(update(people_table).where(people_table.c.id == bindparam("pid"))
                        .values(village_id=bindparam("village")), moved)
    regridded = [{"pid": pid, "grid": g} for pid, g in people.latest_grid.items()
                 if pid in people.existing and g != people.stored_grid.get(pid)]
    if regridded:
        # A Core UPDATE (the ORM's bulk form refuses to run with persistent rows in the session)
        people_table = Petitioner.__table__
        session.execute(update(people_table).where(people_table.c.id == bindparam("pid"))
                        .values(grid=bindparam("grid")), regridded)
    # Their content hashes go into the chain at commit (row.state entries), like every other change.
    row_state.touch(session, "petitioners", [*people.new_ids, *(m["pid"] for m in moved),
                                             *(m["pid"] for m in regridded)])
    row_state.touch(session, "matters", matter_ids)
    return numbers


def _open_matters(session: Session, pids: list[int]) -> list[tuple[int, int, date, int, AlertLevel, int, AlertLevel]]:
    """(id, petitioner, registered on, count, colour, highest count, highest colour) of the known people's
    matters still open."""
    out: list[Any] = []
    for i in range(0, len(pids), 500):
        out += session.execute(select(Matter.id, Matter.petitioner_id, Matter.registered_on, Matter.visits_30d,
                                      Matter.repeat_alert, Matter.visits_30d_max, Matter.repeat_alert_max)
                               .where(Matter.petitioner_id.in_(pids[i:i + 500]),
                                      Matter.status.not_in(registration_rules.SETTLED))).all()
    return out


def _carry_warnings(session: Session, rules: Rules,
                    stored_open: list[tuple[int, int, date, int, AlertLevel, int, AlertLevel]],
                    seen: dict[int, list[tuple[date, int]]]) -> None:
    """The desk's rule for the matters stored before the file: each still open takes the count of its
    person's latest visit in the file on or after its registration day, and keeps the highest. Only the
    matters whose colours change are written (and audited)."""
    changed = []
    for mid, pid, registered_on, count_before, level_before, highest_before, top_before in stored_open:
        after = [count for day, count in seen.get(pid, ()) if day >= registered_on]
        if not after:
            continue
        w = registration_rules.warning(after[-1], max(highest_before, *after), rules)
        if (w.count, w.level, w.highest_count, w.highest_level) != (count_before, level_before, highest_before,
                                                                    top_before):
            changed.append({"mid": mid, "count": w.count, "level": w.level, "top": w.highest_count,
                            "top_level": w.highest_level})
    if changed:
        table = Matter.__table__
        session.execute(update(table).where(table.c.id == bindparam("mid")).values(
            visits_30d=bindparam("count"), repeat_alert=bindparam("level"), visits_30d_max=bindparam("top"),
            repeat_alert_max=bindparam("top_level"), version=table.c.version + 1), changed)
        row_state.touch(session, "matters", [c["mid"] for c in changed])


class _Memo(dict):  # type: ignore[type-arg]
    """A dict that fills itself from ``make`` on a miss."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._make(key)
        return value
