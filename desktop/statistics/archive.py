"""Closing a month (月结): its report is archived as PDF and XLSX with its figures as canonical JSON and
their SHA-256. From then on the month is counted from what was known when it was closed (changes
written later are corrections, listed in the next report), so regenerating it gives the same numbers;
:func:`check_against_archive` says whether it does, and which figures differ if not.

The caller renders the PDF and XLSX (``printing/`` is composed with the core by the CLI and the window).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, ReportArchive
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.values import FigureSet

__all__ = ["ArchiveCheck", "archived", "archived_values", "check_against_archive", "close_month", "closed_at",
           "closing_times", "figures_digest"]


# Figures that look past the period's end (no new visit within 90 days of closing) keep changing for
# 90 days by definition: archived with the rest, but not part of what "the same numbers" means.
FORWARD_LOOKING = frozenset({"settled", "settled_rate"})


def figures_digest(figures: FigureSet) -> tuple[str, str]:
    """(canonical JSON, its SHA-256): keys sorted, no spaces, UTF-8, so equal figures hash equally."""
    data = figures.as_json()
    data["values"] = {k: v for k, v in data["values"].items() if k not in FORWARD_LOOKING}  # type: ignore[union-attr]
    data.pop("provisional")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def archived(session: Session, period: ReportPeriod) -> ReportArchive | None:
    if period.kind is not PeriodKind.MONTH:
        return None
    return session.get(ReportArchive, period.key)


def closed_at(session: Session, period: ReportPeriod) -> datetime | None:
    """When the month was closed (what its figures are counted as known by), or None."""
    row = archived(session, period)
    return row.closed_at if row is not None else None


def closing_times(session: Session, periods: list[ReportPeriod]) -> dict[str, datetime]:
    """period key → when it was closed, for those of ``periods`` that are closed months (the archived
    documents themselves are not read)."""
    keys = [p.key for p in periods if p.kind is PeriodKind.MONTH]
    if not keys:
        return {}
    rows = session.execute(select(ReportArchive.period_key, ReportArchive.closed_at)
                           .where(ReportArchive.period_key.in_(keys)))
    return {key: at for key, at in rows}


def archived_values(session: Session, period: ReportPeriod) -> tuple[datetime, dict[str, object]] | None:
    """(closing time, the archived values) of a closed month whose figures still hash to the digest the
    audit chain recorded at its closing; None otherwise (not closed, or an archive edited since: the
    caller counts the month afresh). Rates are [numerator, denominator]; forward-looking figures absent."""
    row = archived(session, period)
    if row is None:
        return None
    digest = hashlib.sha256(row.figures_json.encode("utf-8")).hexdigest()
    sealed = session.scalar(select(AuditEntry.details).where(
        AuditEntry.action == "report.close_month", AuditEntry.target_id == period.key)
        .order_by(AuditEntry.seq.desc()).limit(1))
    if digest != row.figures_sha256 or not sealed or sealed.get("figures_sha256") != digest:
        return None
    return row.closed_at, json.loads(row.figures_json)["values"]


def _may_close(actor: Actor) -> None:
    actor.require(Permission.VIEW_STATISTICS)
    if not (actor.can(Permission.APPROVE_ASSIGNMENT) or actor.can(Permission.MANAGE_SETTINGS)):
        raise PermissionDenied("permission_denied", permission="close_month", user=actor.username)


def close_month(ctx: AppContext, session: Session, actor: Actor, figures: FigureSet, pdf: bytes,
                xlsx: bytes, today: date | None = None) -> ReportArchive:
    """Archives a month that is over and not yet closed; ``figures`` are the unfiltered month's."""
    _may_close(actor)
    period = figures.period
    if period.kind is not PeriodKind.MONTH:
        raise ValidationError("period_invalid", field="period", value=period.key)
    if period.end >= (today or ctx.today()):
        raise ValidationError("month_not_over", field="period", period=period.key)
    if session.get(ReportArchive, period.key) is not None:
        raise ValidationError("month_already_closed", field="period", period=period.key)
    text, digest = figures_digest(figures)
    row = ReportArchive(period_key=period.key, closed_at=ctx.now(), closed_by_id=actor.id, figures_json=text,
                        figures_sha256=digest, pdf=pdf, xlsx=xlsx)
    session.add(row)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="report.close_month", target_type="report",
                 target_id=period.key, details={"figures_sha256": digest, "pdf_bytes": len(pdf),
                                                "xlsx_bytes": len(xlsx)})
    return row


@dataclass(frozen=True)
class ArchiveCheck:
    period_key: str
    closed_at: datetime
    archived_sha256: str
    current_sha256: str
    differences: tuple[tuple[str, object, object], ...]  # (figure, archived, now)

    @property
    def matches(self) -> bool:
        return self.archived_sha256 == self.current_sha256


def check_against_archive(session: Session, figures: FigureSet) -> ArchiveCheck | None:
    """Whether regenerated ``figures`` equal the archived ones (None: the month is not closed)."""
    row = archived(session, figures.period)
    if row is None:
        return None
    text, digest = figures_digest(figures)
    old = json.loads(row.figures_json)["values"]
    new = json.loads(text)["values"]
    diff = tuple((k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k))
    return ArchiveCheck(row.period_key, row.closed_at, row.figures_sha256, digest, diff)
