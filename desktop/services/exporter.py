"""Exports of matters: the CLI's (every matter) and the ledger's (its current view), written by the one
writer in ``export_writer``. ID numbers masked unless the user may export them in full; masked exports only
for the roles the settings name; accusations (Art. 30) never in an export for a user who may not see them.
Every export is audited, refusals too: a refusal is *returned* (its audit entry in the caller's transaction,
which then commits) for the caller to raise or show."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import Department, Matter, Petitioner
from desktop.domain.enums import MatterStatus
from desktop.domain.errors import DomainError, PermissionDenied
from desktop.services import audit, export_writer
from desktop.services.context import AppContext
from desktop.services.ledger import LedgerFilter, LedgerRow
from desktop.services.permissions import Actor, Permission, visible_matters
from desktop.services.petitioners import ID_CONTEXT

FIELDS = [
    "case_number", "registered_at", "channel", "petitioner_name", "id_number", "category", "complexity",
    "department", "status", "visits_30d", "repeat_alert", "assignment_due", "handling_due", "assigned_on",
    "closed_on", "evaluation_due", "summary",
]


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(CHINA_TZ).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def refusal(ctx: AppContext, session: Session, actor: Actor, *, unmasked: bool) -> PermissionDenied | None:
    if unmasked and not actor.can(Permission.EXPORT_UNMASKED):
        return PermissionDenied("permission_denied", permission=Permission.EXPORT_UNMASKED.value, user=actor.username)
    allowed = set(ctx.rules(session).masked_roles)
    if not unmasked and not any(r.value in allowed for r in actor.roles):
        return PermissionDenied("export_not_allowed", user=actor.username)
    return None


@dataclass(frozen=True)
class ExportDone:
    path: Path
    rows: int


def _refused(ctx: AppContext, session: Session, actor: Actor, error: DomainError, kind: str, path: Path,
             unmasked: bool) -> DomainError:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="export.refused", target_type="export",
                 target_id=kind, details={"file": Path(path).name, "unmasked": unmasked, "reason": error.code})
    return error


def records(ctx: AppContext, session: Session, actor: Actor, *, unmasked: bool = False) -> Iterator[dict[str, Any]]:
    if unmasked:
        actor.require(Permission.EXPORT_UNMASKED)
    stmt = (select(Matter, Petitioner.name, Petitioner.id_masked, Petitioner.id_cipher, Department.name)
            .join(Petitioner, Petitioner.id == Matter.petitioner_id)
            .outerjoin(Department, Department.id == Matter.department_id).order_by(Matter.year, Matter.seq))
    vis = visible_matters(actor)
    if vis is not None:
        stmt = stmt.where(vis)
    for matter, name, masked, cipher, dept in session.execute(stmt.execution_options(yield_per=2000)):
        id_number = masked or ""
        if unmasked and cipher is not None:
            id_number = ctx.cipher.decrypt(cipher, context=ID_CONTEXT)
        closed = matter.status in (MatterStatus.CLOSED, MatterStatus.TERMINATED)
        yield {k: _iso(v) for k, v in {
            "case_number": matter.case_number, "registered_at": matter.registered_at,
            "channel": matter.channel, "petitioner_name": name, "id_number": id_number,
            "category": matter.category, "complexity": matter.complexity, "department": dept or "",
            "status": matter.status, "visits_30d": matter.visits_30d, "repeat_alert": matter.repeat_alert,
            "assignment_due": matter.assign_due, "handling_due": matter.handling_due,
            "assigned_on": matter.assigned_on, "closed_on": matter.closed_on,
            "evaluation_due": matter.evaluation_due if closed else None, "summary": matter.summary,
        }.items()}
        session.expunge(matter)


def export_matters(ctx: AppContext, session: Session, actor: Actor, fmt: str, out: Path, *,
                   unmasked: bool = False) -> ExportDone | DomainError:
    """Every matter the user may export, to ``out``; or the refusal (audited)."""
    error = refusal(ctx, session, actor, unmasked=unmasked)
    if error is not None:
        return _refused(ctx, session, actor, error, "matters", out, unmasked)
    fmt = export_writer.format_of(out, fmt)
    rows = ([r[k] for k in FIELDS] for r in records(ctx, session, actor, unmasked=unmasked))
    n = export_writer.write_table(out, fmt, FIELDS, rows)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="export", target_type="matters", target_id=fmt,
                 details={"rows": n, "unmasked": unmasked, "file": out.name})
    return ExportDone(out, n)


def write_export(ctx: AppContext, session: Session, actor: Actor, fmt: str, out: Path, *,
                 unmasked: bool = False) -> int:
    """``export_matters`` raising its refusal (which then rolls back with the caller's transaction: where the
    refusal's audit entry must stay, call ``export_matters``)."""
    outcome = export_matters(ctx, session, actor, fmt, out, unmasked=unmasked)
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome.rows


LEDGER_BATCH = 2000


def _ledger_rows(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date,
                 unmasked: bool) -> Iterator[tuple[LedgerRow, str]]:
    """The ledger's rows in its order, each with the ID number to write (in full only when ``unmasked``)."""
    from desktop.services import ledger

    offset = 0
    while True:
        page = ledger.page(ctx, session, actor, f, today, offset, LEDGER_BATCH)
        if not page:
            return
        clear: dict[int, str] = {}
        if unmasked:
            stmt = (select(Matter.id, Petitioner.id_cipher).join(Petitioner, Petitioner.id == Matter.petitioner_id)
                    .where(Matter.id.in_([r.id for r in page])))
            clear = {mid: ctx.cipher.decrypt(c, context=ID_CONTEXT) for mid, c in session.execute(stmt)
                     if c is not None}
        for r in page:  # ledger.page holds only what the one visibility rule lets the actor see
            yield r, clear.get(r.id, r.id_masked)
        offset += len(page)


def export_ledger(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date, path: Path, *,
                  unmasked: bool, headers: Sequence[str], cells: Callable[[LedgerRow, str], Sequence[Any]],
                  sheet: str) -> ExportDone | DomainError:
    """The ledger's current view to ``path`` (.xlsx or .csv); ``cells`` turns a row (and the ID number to
    show) into the words of the user's language. Or the refusal (audited)."""
    path = Path(path)
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    error = refusal(ctx, session, actor, unmasked=unmasked)
    if error is not None:
        return _refused(ctx, session, actor, error, "ledger", path, unmasked)
    rows = (cells(r, id_number) for r, id_number in _ledger_rows(ctx, session, actor, f, today, unmasked))
    n = export_writer.write_table(path, fmt, headers, rows, sheet=sheet)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="ledger.export", target_type="export",
                 target_id=path.name, details={"rows": n, "unmasked": unmasked, "format": fmt,
                                               "text": f.text, "statuses": sorted(f.statuses)})
    return ExportDone(path, n)
