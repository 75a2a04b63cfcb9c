"""黄牌 / 红牌: the first card of the year for a person is yellow, any further one red (逾期一次亮黄牌，
二次逾期亮红牌). A card revoked on appeal no longer counts, so the colours are re-derived in order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.domain.workcalendar import WorkCalendar
from desktop.keycases.enums import CardColor

__all__ = ["card_deadline", "colours_in_order", "due_for_card"]


def colours_in_order(revoked: Sequence[bool]) -> list[CardColor | None]:
    """For one person's cards of one year in issue order: their colour, None for a revoked card."""
    out: list[CardColor | None] = []
    counted = 0
    for gone in revoked:
        if gone:
            out.append(None)
            continue
        out.append(CardColor.YELLOW if counted == 0 else CardColor.RED)
        counted += 1
    return out


def card_deadline(due: date, grace_working_days: int, calendar: WorkCalendar) -> date:
    """The last day on which finishing still avoids a card: ``grace`` working days after the due date
    (the overdue reminders' time); the due date itself with no grace."""
    return calendar.add_working_days(due, grace_working_days)


def due_for_card(due: date, done_on: date | None, as_of: date, grace_working_days: int,
                 calendar: WorkCalendar) -> bool:
    """Whether a deadline was missed badly enough for a card by ``as_of``."""
    last = card_deadline(due, grace_working_days, calendar)
    if done_on is not None and done_on <= as_of:
        return done_on > last
    return as_of > last
