"""Gap-free numbers per year (case numbers, document numbers), safe with several desks.

The counter row is locked (SELECT … FOR UPDATE on PostgreSQL, the write lock on SQLite) for the rest of the
caller's transaction, so two desks registering at once get consecutive numbers and a rolled-back
registration gives its number back instead of leaving a hole.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from desktop.db.models import Counter


def next_value(session: Session, series: str, year: int) -> int:
    if session.get_bind().dialect.name == "postgresql":
        # Create the row if absent without racing another desk's insert of the same row.
        session.execute(
            pg_insert(Counter).values(series=series, year=year, last_value=0).on_conflict_do_nothing()
        )
    counter = session.execute(
        select(Counter).where(Counter.series == series, Counter.year == year).with_for_update()
    ).scalar_one_or_none()
    if counter is None:
        counter = Counter(series=series, year=year, last_value=0)
        session.add(counter)
    counter.last_value += 1
    session.flush()
    return counter.last_value


def format_case_number(prefix: str, year: int, seq: int) -> str:
    """E.g. ``XF2026-00042``: readable aloud on the phone, sorts correctly as text within a year."""
    return f"{prefix}{year}-{seq:05d}"


def format_document_number(office_short: str, year: int, seq: int) -> str:
    """GB/T 9704 style: 机关代字〔年份〕序号号."""
    return f"{office_short}〔{year}〕{seq}号"


def reserve(session: Session, series: str, year: int, count: int) -> int:
    """Takes ``count`` consecutive numbers at once (bulk import); returns the first."""
    first = next_value(session, series, year)
    if count > 1:
        counter = session.get(Counter, (series, year))
        assert counter is not None
        counter.last_value += count - 1
        session.flush()
    return first
