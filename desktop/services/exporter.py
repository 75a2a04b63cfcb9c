"""Every matter as plain records for JSON, CSV and XLSX, masked unless the user may see ID numbers in full.

Accusation matters (Art. 30) are left out for users not entitled to them. Each export is audited."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import Department, Matter, Petitioner
from desktop.domain.enums import MatterStatus
from desktop.domain.errors import ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
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


def write_export(ctx: AppContext, session: Session, actor: Actor, fmt: str, out: Path, *,
                 unmasked: bool = False) -> int:
    n = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal n
        for row in records(ctx, session, actor, unmasked=unmasked):
            n += 1
            yield row

    rows = counted()
    if fmt == "json":
        with open(out, "w", encoding="utf-8") as fh:
            fh.write("[")
            for row in rows:
                fh.write(("\n" if n == 1 else ",\n") + json.dumps(row, ensure_ascii=False))
            fh.write("\n]\n")
    elif fmt == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM lets Excel read UTF-8
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("matters")
        ws.append(FIELDS)
        for row in rows:
            ws.append([row[k] for k in FIELDS])
        wb.save(out)
    else:
        raise ValidationError("unsupported_format", field="format", path=str(out))
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="export", target_type="matters", target_id=fmt,
                 details={"rows": n, "unmasked": unmasked, "file": out.name})
    return n
