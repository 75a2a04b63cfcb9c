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
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.db.models import AuditEntry, Matter, ReportArchive
from desktop.domain.enums import Category
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.values import FigureSet, category_cells

__all__ = ["ArchiveCheck", "archived", "archived_categories", "archived_values", "check_against_archive",
           "close_month", "closed_at", "closing_times", "figures_digest", "may_close", "months_to_close",
           "require_may_close"]


# Figures that look past the period's end (no new visit within 90 days of closing) keep changing for
# 90 days by definition: archived with the rest, but not part of what "the same numbers" means.
FORWARD_LOOKING = frozenset({"settled", "settled_rate"})


def figures_digest(figures: FigureSet, *, categories: bool = True) -> tuple[str, str]:
    """(canonical JSON, its SHA-256): keys sorted, no spaces, UTF-8, so equal figures hash equally.
    ``categories`` False leaves the intake by category out, as archives closed before it was kept are."""
    data = figures.as_json()
    data["values"] = {k: v for k, v in data["values"].items() if k not in FORWARD_LOOKING}  # type: ignore[union-attr]
    data.pop("provisional")
    if not categories:
        data.pop("categories", None)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def archived(session: Session, period: ReportPeriod) -> ReportArchive | None:
    if period.kind is not PeriodKind.MONTH:
        return None
    return session.get(ReportArchive, period.key)


def closed_at(session: Session, period: ReportPeriod) -> datetime | None:
    """When the month was closed (what its figures are counted as known by), or None."""
    return closing_times(session, [period]).get(period.key)


def closing_times(session: Session, periods: list[ReportPeriod]) -> dict[str, datetime]:
    """period key → when it was closed, for those of ``periods`` that are closed months: the moment the
    audit chain recorded the closing, not the archive row's own column, which anyone holding the database
    file could move (and so which late entries the month counts). The documents are not read."""
    return {key: at for key, (at, _, _, _) in _closings_of(session, periods).items()}


def _closings_of(session: Session, periods: list[ReportPeriod]
                 ) -> dict[str, tuple[datetime, str, str, dict[str, Any] | None]]:
    """period key → (closing time, figures JSON, its stored SHA-256, the details the audit chain sealed at
    the closing, None if it has none) for the closed months among ``periods``: two queries for any number."""
    keys = [p.key for p in periods if p.kind is PeriodKind.MONTH]
    if not keys:
        return {}
    rows = session.execute(select(ReportArchive.period_key, ReportArchive.closed_at, ReportArchive.figures_json,
                                  ReportArchive.figures_sha256).where(ReportArchive.period_key.in_(keys))).all()
    if not rows:
        return {}
    sealed: dict[str, tuple[datetime, Any]] = {}
    for key, at, details in session.execute(
            select(AuditEntry.target_id, AuditEntry.at, AuditEntry.details)
            .where(AuditEntry.action == "report.close_month", AuditEntry.target_id.in_([r[0] for r in rows]))
            .order_by(AuditEntry.seq)):
        sealed[key] = (at, details)  # the latest entry of each month wins
    out = {}
    for key, row_at, text, stored in rows:
        at, details = sealed.get(key, (row_at, None))
        out[key] = (at, text, stored, details if isinstance(details, dict) else None)
    return out


def _sealed(session: Session, periods: list[ReportPeriod]) -> dict[str, tuple[datetime, dict[str, Any]]]:
    """period key → (closing time, archived JSON) of those closed months whose figures still hash to the
    digest the audit chain recorded at their closing; an archive edited since is left out (the caller counts
    the month afresh)."""
    out = {}
    for key, (at, text, stored, details) in _closings_of(session, periods).items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest == stored and details is not None and details.get("figures_sha256") == digest:
            out[key] = (at, json.loads(text))
    return out


def archived_values(session: Session, period: ReportPeriod) -> tuple[datetime, dict[str, object]] | None:
    """(closing time, the archived values) of a closed month whose archive is intact (:func:`_sealed`);
    None otherwise (not closed, or edited since). Rates are [numerator, denominator]; forward-looking
    figures absent."""
    if period.kind is not PeriodKind.MONTH:
        return None
    got = _sealed(session, [period]).get(period.key)
    return (got[0], got[1]["values"]) if got else None


def archived_categories(session: Session, periods: list[ReportPeriod]
                        ) -> dict[str, dict[Category | None, tuple[int, int]]]:
    """period key → category → (received, resolved) as archived, for those of ``periods`` that are closed
    months with an intact archive holding them (closed since the archive kept its intake by category)."""
    out: dict[str, dict[Category | None, tuple[int, int]]] = {}
    for key, (_, data) in _sealed(session, periods).items():
        cells = data.get("categories")
        if not isinstance(cells, dict):
            continue
        try:
            out[key] = category_cells(cells)
        except (TypeError, ValueError):  # not what this program writes: count the month instead
            continue
    return out


def may_close(actor: Actor) -> bool:
    """Whether ``actor`` may close a month: one who sees the figures and leads (approves assignments) or
    runs the office's settings."""
    return actor.can(Permission.VIEW_STATISTICS) and (actor.can(Permission.APPROVE_ASSIGNMENT)
                                                      or actor.can(Permission.MANAGE_SETTINGS))


def require_may_close(actor: Actor) -> None:
    """PermissionDenied unless :func:`may_close`."""
    actor.require(Permission.VIEW_STATISTICS)
    if not may_close(actor):
        raise PermissionDenied("permission_denied", permission="close_month", user=actor.username)


def months_to_close(session: Session, today: date) -> list[ReportPeriod]:
    """The months that are over and not closed, oldest first, from the month of the first matter on."""
    first = session.scalar(select(func.min(Matter.registered_on)))
    if first is None:
        return []
    closed = set(session.scalars(select(ReportArchive.period_key)))
    out, (y, m) = [], (first.year, first.month)
    while (y, m) < (today.year, today.month):
        month = ReportPeriod.month(y, m)
        if month.key not in closed:
            out.append(month)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def close_month(ctx: AppContext, session: Session, actor: Actor, figures: FigureSet, pdf: bytes,
                xlsx: bytes, today: date | None = None) -> ReportArchive:
    """Archives a month that is over and not yet closed; ``figures`` are the unfiltered month's."""
    require_may_close(actor)
    period = figures.period
    if period.kind is not PeriodKind.MONTH:
        raise ValidationError("period_invalid", field="period", value=period.key)
    if period.end >= (today or ctx.today()):
        raise ValidationError("month_not_over", field="period", period=period.key)
    already = ValidationError("month_already_closed", field="period", period=period.key)
    if session.scalar(select(ReportArchive.period_key).where(ReportArchive.period_key == period.key)):
        raise already
    text, digest = figures_digest(figures)
    now = ctx.now()
    row = ReportArchive(period_key=period.key, closed_at=now, closed_by_id=actor.id, figures_json=text,
                        figures_sha256=digest, pdf=pdf, xlsx=xlsx)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as error:  # another desk closed it since the check (PostgreSQL does not queue us)
        raise already from error
    audit.record(session, at=now, actor_id=actor.id, action="report.close_month", target_type="report",
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
    stored = json.loads(row.figures_json)
    text, digest = figures_digest(figures, categories="categories" in stored)
    regenerated = json.loads(text)
    old, new = stored["values"], regenerated["values"]
    diff = tuple((k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k))
    old_c, new_c = stored.get("categories") or {}, regenerated.get("categories") or {}
    diff += tuple((f"categories.{k}", old_c.get(k), new_c.get(k)) for k in sorted(set(old_c) | set(new_c))
                  if old_c.get(k) != new_c.get(k))
    return ArchiveCheck(row.period_key, closed_at(session, figures.period) or row.closed_at, row.figures_sha256,
                        digest, diff)
