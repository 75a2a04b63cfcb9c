"""Export of the ledger's current view to XLSX or CSV: the words of the user's language for the headers and
values; the core (``desktop.services.exporter``) decides who may export what, decrypts, writes the file
through its one writer and audits. Runs on the write worker (it appends to the audit chain)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.domain.errors import DomainError
from desktop.services import exporter
from desktop.services.context import AppContext
from desktop.services.ledger import LedgerFilter, LedgerRow
from desktop.services.permissions import Actor
from ui.i18n import tr
from ui.words import word


def headers() -> list[str]:
    return [tr("编号"), tr("登记日期"), tr("来访人"), tr("身份证号"), tr("类别"), tr("承办部门"), tr("状态"),
            tr("办理期限"), tr("重复来访（30日）"), tr("预警"), tr("风险"), tr("反映事项")]


def _cells(r: LedgerRow, id_number: str) -> list[object]:
    return [r.case_number, r.registered_on.isoformat(), r.petitioner_name, id_number, word(r.category),
            r.department, word(r.status), r.handling_due.isoformat() if r.handling_due else "", r.visits_30d,
            word(r.repeat_alert), word(r.risk), r.summary]


def export(ctx: AppContext, session: Session, actor: Actor, f: LedgerFilter, today: date, path: Path,
           unmasked: bool = False) -> int | DomainError:
    """The number of matters written, or the refusal (already audited) for the page to show."""
    outcome = exporter.export_ledger(ctx, session, actor, f, today, Path(path), unmasked=unmasked,
                                     headers=headers(), cells=_cells, sheet=tr("台账"))
    return outcome if isinstance(outcome, DomainError) else outcome.rows
