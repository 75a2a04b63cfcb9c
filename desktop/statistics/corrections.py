"""更正: changes written after their month was closed but dated inside it (a pause entered late, a
backdated letter delivery). They never change the closed month's figures; the report of the period in
which they were written lists them, so the reader knows the archived month would now read differently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ, china_date
from desktop.db.models import Matter, MatterStatusChange
from desktop.domain.enums import MatterStatus
from desktop.statistics.periods import ReportPeriod

__all__ = ["Correction", "corrections_written_in"]


@dataclass(frozen=True)
class Correction:
    case_number: str
    status: MatterStatus
    dated: date  # the day the change takes effect, inside a closed month
    written: date  # the day it was written
    month: str  # the closed month it corrects, e.g. 2026-10


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=CHINA_TZ)


def corrections_written_in(session: Session, period: ReportPeriod) -> list[Correction]:
    h = MatterStatusChange
    stmt = (select(Matter.case_number, h.status, h.changed_on, h.recorded_at)
            .join(Matter, Matter.id == h.matter_id)
            .where(h.backdated.is_(True), h.recorded_at >= _start(period.start),
                   h.recorded_at < _start(period.end + timedelta(days=1)))
            .order_by(h.recorded_at, h.id))
    return [Correction(case, MatterStatus(st), on, china_date(at), f"{on.year}-{on.month:02d}")
            for case, st, on, at in session.execute(stmt)]
