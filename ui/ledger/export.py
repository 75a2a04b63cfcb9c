"""Export of the ledger's current view to XLSX or CSV: ID numbers masked unless the user may export them
unmasked, restricted matters only for those who may see them (the ledger query already scopes that),
and every export audited. Runs on the write worker (it appends to the audit chain)."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Matter, Petitioner
from desktop.services import audit, ledger, petitioners
from desktop.services.context import AppContext
from desktop.services.ledger import LedgerFilter
from desktop.services.permissions import Actor, Permission
from ui.i18n import tr
from ui.words import word

BATCH = 2000


def headers() -> list[str]:
    return [tr("编号"), tr("登记日期"), tr("来访人"), tr("身份证号"), tr("类别"), tr("承办部门"), tr("状态"),
            tr("办理期限"), tr("重复来访（30日）"), tr("预警"), tr("风险"), tr("反映事项")]


def _rows(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date, unmasked: bool):  # type: ignore[no-untyped-def]
    offset = 0
    while True:
        page = ledger.page(ctx, session, actor, f, today, offset, BATCH)
        if not page:
            return
        clear: dict[int, str] = {}
        if unmasked:
            stmt = (select(Matter.id, Petitioner.id_cipher).join(Petitioner, Petitioner.id == Matter.petitioner_id)
                    .where(Matter.id.in_([r.id for r in page])))
            clear = {mid: ctx.cipher.decrypt(c, context=petitioners.ID_CONTEXT) for mid, c in session.execute(stmt)
                     if c is not None}
        for r in page:
            yield [r.case_number, r.registered_on.isoformat(), r.petitioner_name, clear.get(r.id, r.id_masked),
                   word(r.category), r.department, word(r.status),
                   r.handling_due.isoformat() if r.handling_due else "", r.visits_30d, word(r.repeat_alert),
                   word(r.risk), r.summary]
        offset += len(page)


def export(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date, path: Path,
           unmasked: bool = False) -> int:
    """Writes the file (atomically) and returns the number of matters in it."""
    if unmasked:
        actor.require(Permission.EXPORT_UNMASKED)
    f = replace(f)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    count = 0
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(tr("台账"))
        sheet.append(headers())
        for row in _rows(ctx, session, actor, f, today, unmasked):
            sheet.append(row)
            count += 1
        book.save(tmp)
    else:
        with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens UTF-8 CSV correctly
            writer = csv.writer(fh)
            writer.writerow(headers())
            for row in _rows(ctx, session, actor, f, today, unmasked):
                writer.writerow(row)
                count += 1
    tmp.replace(path)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="ledger.export", target_type="export",
                 target_id=path.name, details={"rows": count, "unmasked": unmasked, "format": path.suffix.lstrip("."),
                                               "text": f.text, "statuses": sorted(f.statuses)})
    return count
