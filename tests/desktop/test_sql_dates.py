"""The SQL date arithmetic the statistics use gives Python's answers on both databases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Date, create_engine, literal, select

from desktop.db.dates import add_days, day_number

DAYS = [date(2025, 12, 1), date(2024, 2, 29), date(2025, 12, 31), date(1, 1, 1), date(2099, 3, 1)]


@pytest.mark.parametrize("n", [0, 1, 90, 400])
def test_add_days_matches_python(db_url: str, n: int) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            for d in DAYS:
                assert conn.scalar(select(add_days(literal(d, Date), n))) == d + timedelta(days=n), (d, n)
    finally:
        engine.dispose()


def test_day_number_is_the_python_ordinal(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            for d in DAYS:
                assert conn.scalar(select(day_number(literal(d, Date)))) == d.toordinal(), d
    finally:
        engine.dispose()


def test_add_days_refuses_what_it_cannot_write() -> None:
    for bad in (-1, 1.5):
        with pytest.raises(ValueError, match="whole number"):
            add_days(literal(date(2025, 1, 1), Date), bad)  # type: ignore[arg-type]


def test_two_day_counts_do_not_share_a_cached_statement(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            d = date(2025, 1, 31)
            got = [conn.scalar(select(add_days(literal(d, Date), n))) for n in (1, 30, 1)]
        assert got == [date(2025, 2, 1), date(2025, 3, 2), date(2025, 2, 1)]
    finally:
        engine.dispose()
