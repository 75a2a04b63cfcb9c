"""The screening sheet import in the core: the audit chain stays whole, zero reports, reports grouped."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, ScreeningItem, ScreeningReport
from desktop.prevention.screening_import import ScreeningImportRejected, import_file
from desktop.prevention.screening_rows import COLUMNS
from desktop.services import audit
from desktop.services.context import AppContext
from tests.prevention.conftest import Township

ROW = ["2025-02-26", "村", "东村", "", "", "刘书记", "邻里纠纷", "", "", "张三", "2", "", "", "", "黄", "调处中"]


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def test_import_keeps_the_audit_chain_whole(ctx: AppContext, town: Township, tmp_path: Path) -> None:
    zero = ["2025-02-26", "村", "西村", "", "", "李书记", "零报告"] + [""] * 9
    rows = [ROW, [*ROW[:6], "山林权属争议", *ROW[7:14], "红", "化解"], zero]
    with ctx.db.session() as s:
        got = import_file(ctx, s, town.team.clerk, _sheet(tmp_path / "a.csv", rows))
    assert (got.items, got.zero_reports, got.reports) == (2, 1, 2)
    with ctx.db.session() as s:
        checked, problems = audit.verify_chain(s)
        assert problems == [] and checked > 3
        details = s.scalars(select(AuditEntry.details).where(AuditEntry.action == "screening.import")).all()
        assert {d["line"] for d in details} == {2, 3} and all(d["source"] == "a.csv" for d in details)
        resolved = s.scalar(select(ScreeningItem).where(ScreeningItem.status == "resolved"))
        assert resolved.resolved_on is not None and resolved.follow_up_due is not None
        assert s.scalar(select(func.count()).where(ScreeningReport.zero.is_(True))) == 1


def test_a_bad_row_writes_nothing(ctx: AppContext, town: Township, tmp_path: Path) -> None:
    bad = [*ROW[:10], "-3", *ROW[11:]]
    with ctx.db.session() as s, pytest.raises(ScreeningImportRejected) as err:
        import_file(ctx, s, town.team.clerk, _sheet(tmp_path / "b.csv", [ROW, bad, [*ROW[:7], "2025-03-01", *ROW[8:]]]))
    assert [(p.line, p.column, p.code) for p in err.value.problems] == [
        (3, "people", "people_invalid"), (4, "occurred_on", "occurred_after_reported")]
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ScreeningItem)) == 0
        assert s.scalar(select(func.count()).select_from(ScreeningReport)) == 0


def test_row_checker_limits_and_zero_reports() -> None:
    from datetime import date

    from desktop.prevention.screening_rows import ScreeningRowChecker

    checker = ScreeningRowChecker(list(COLUMNS), {"东村"}, date(2025, 3, 3))
    long_cause = [*ROW[:6], "纠" * 2001, *ROW[7:]]
    assert [(p.column, p.code) for p in checker.check(2, long_cause)] == [("cause", "too_long")]  # type: ignore[union-attr]
    zero_with_text = [*ROW[:6], "零报告", *ROW[7:]]
    assert [p.code for p in checker.check(3, zero_with_text)] == ["zero_report_with_content"]  # type: ignore[union-attr]
    future = ["2025-03-04", *ROW[1:]]
    assert [p.code for p in checker.check(4, future)] == ["date_in_future"]  # type: ignore[union-attr]
    assert checker.check(5, ROW).level.value == "yellow"  # type: ignore[union-attr]
