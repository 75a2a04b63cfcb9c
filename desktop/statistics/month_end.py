"""月结 (closing a month) as the window and the command line both do it: the month's unfiltered report
is built, rendered by the caller's ``render`` (``printing/`` is composed by them, not by the core) and
archived with its figures' hash (:func:`desktop.statistics.archive.close_month`). From then on the month
is counted as known at that moment, later trends and comparisons read it from its archive, and what is
entered afterwards but dated inside it is listed as a correction (更正) in the next report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from desktop.domain.errors import ValidationError
from desktop.services.context import AppContext
from desktop.services.permissions import Actor
from desktop.statistics import archive
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.report import AnalysisReport, build_report

__all__ = ["MonthClosed", "Render", "close_and_archive"]

Render = Callable[[AnalysisReport], tuple[bytes, bytes]]  # the report as (PDF, XLSX)


@dataclass(frozen=True)
class MonthClosed:
    period: ReportPeriod
    closed_at: datetime
    figures_sha256: str
    pdf_bytes: int
    xlsx_bytes: int


def close_and_archive(ctx: AppContext, actor: Actor, period: ReportPeriod, render: Render) -> MonthClosed:
    """Closes ``period`` (a month that is over and not yet closed) for ``actor``. Who may close, and
    whether the month can be, are checked before the report is built (seconds for a busy month) and again
    in the closing transaction (another desk may have closed it meanwhile)."""
    archive.require_may_close(actor)
    if period.kind is not PeriodKind.MONTH:
        raise ValidationError("period_invalid", field="period", value=period.key)
    if period.end >= ctx.today():
        raise ValidationError("month_not_over", field="period", period=period.key)
    with ctx.db.read() as session:
        if archive.closed_at(session, period) is not None:
            raise ValidationError("month_already_closed", field="period", period=period.key)
        report = build_report(ctx, session, actor, period)
    pdf, xlsx = render(report)
    with ctx.db.session() as session:
        row = archive.close_month(ctx, session, actor, report.figures, pdf, xlsx)
        return MonthClosed(period, row.closed_at, row.figures_sha256, len(pdf), len(xlsx))
