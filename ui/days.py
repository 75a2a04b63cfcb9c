"""Days in words, counted and labelled the same on every screen: a handling limit runs in calendar
days (日, Art. 33–34), so days left and days overdue are calendar days everywhere; where working days
are shown too, they are named as such (个工作日)."""

from __future__ import annotations

from datetime import date

from ui.i18n import tr


def calendar_days_left(due: date, today: date) -> int:
    """Negative when overdue."""
    return (due - today).days


def left_or_overdue(due: date, today: date) -> str:
    """“剩 3 日” or “超期 13 日” (calendar days)."""
    left = calendar_days_left(due, today)
    return tr("超期 {n} 日").format(n=-left) if left < 0 else tr("剩 {n} 日").format(n=left)


def due_with_days(due: date, today: date) -> str:
    """“2025-03-18（超期 13 日）” for the ledger and the matter's facts."""
    return tr("{due}（{days}）").format(due=due.isoformat(), days=left_or_overdue(due, today))


def overdue_with_working_days(due: date, today: date, working_days: int) -> str:
    """“超期 13 日（9 个工作日）”: the calendar count first, the working days named as such."""
    return tr("超期 {n} 日（{w} 个工作日）").format(n=-calendar_days_left(due, today), w=working_days)
