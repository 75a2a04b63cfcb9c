"""The figures' queries as SQLite plans them on a database made by the migrations, without the
statistics ``ANALYZE`` would gather (a new desk has none): every per-matter lookup in the status history
seeks by the matter. A lookup that ranges over all matters' changes instead runs once per matter, and
a year of 100,000 matters took minutes instead of seconds (bench statistics, migration t18)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import build_report


def _plans(ctx, actor, period) -> list[list[tuple[int, int, str]]]:
    statements: list[tuple[str, object]] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    engine = ctx.db.read_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        with ctx.db.read() as s:
            build_report(ctx, s, actor, period)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    plans = []
    with engine.connect() as conn:
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            plans.append([(int(r[0]), int(r[1]), str(r[3])) for r in rows])
    return plans


def _correlated(plan: list[tuple[int, int, str]]) -> dict[int, bool]:
    """Each step of ``plan``: whether it runs inside a correlated subquery (once per outer row)."""
    detail = {node: text for node, _, text in plan}
    parent = {node: up for node, up, _ in plan}

    def correlated(node: int) -> bool:
        while node in parent:
            node = parent[node]
            if "CORRELATED" in detail.get(node, ""):
                return True
        return False

    return {node: correlated(node) for node, _, _ in plan}


def _correlated_history_reads(plan: list[tuple[int, int, str]]) -> list[str]:
    inside = _correlated(plan)
    return [text for node, _, text in plan if "matter_status_history" in text and inside[node]]


def _report_plans(township) -> list[list[tuple[int, int, str]]]:  # type: ignore[no-untyped-def]
    """The plans of a month's and a year's report (SQLite only)."""
    ctx = township.ctx
    if ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans from the statistics autovacuum gathers")
    return [plan for period in (ReportPeriod.month(2025, 4), ReportPeriod.year_of(2025))
            for plan in _plans(ctx, township.team.inspector, period)]


def test_every_per_matter_history_lookup_seeks_by_the_matter(township) -> None:
    reads = [text for plan in _report_plans(township) for text in _correlated_history_reads(plan)]
    assert reads, "the figures read the status history per matter"
    assert all("matter_id=?" in text for text in reads), [t for t in reads if "matter_id=?" not in t]


def test_no_period_query_walks_the_matters_by_their_link(township) -> None:
    """"Not linked to an earlier matter" (初信初访) is true of nearly every matter: walked by the index on
    the link, the first petitions' query read every matter of every year instead of the period's."""
    walks = []
    for plan in _report_plans(township):
        inside = _correlated(plan)
        walks += [text for node, _, text in plan if "ix_matters_linked_matter_id" in text and not inside[node]]
    assert walks == []
