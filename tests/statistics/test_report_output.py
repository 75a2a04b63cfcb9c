"""The report as PDF and XLSX (same numbers as the computation), and the `report` / `leaders` commands."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli.app import run
from desktop.statistics.lists import RESTRICTED_LABEL
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import build_report
from desktop.statistics.values import Rate
from printing.analysis_report import render_pdf, render_xlsx
from printing.analysis_report.tables import FIGURE_ORDER
from tests.desktop.conftest import PASSWORD

APRIL = ReportPeriod.month(2025, 4)


@pytest.fixture
def sqlite_only(db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("rendering is the same whatever the database; the figures are tested on both")


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_pdf_shows_the_figures_lists_and_comment_masked_for_the_reader(sqlite_only, township, tmp_path) -> None:
    with township.ctx.db.read() as s:
        report = build_report(township.ctx, s, township.team.dept_head, APRIL, comment="建议加强诉访分离引导。")
    text = _pdf_text(render_pdf(report), tmp_path)
    flat = "".join(text.split())
    assert "2025年4月信访工作分析报告" in flat
    assert "共受理信访事项7件，化解3件，化解率42.9%" in flat
    assert "建议加强诉访分离引导。" in flat
    assert "（检举控告事项，限阅）" in flat and "赵九" not in flat  # the accusation's petitioner
    assert "孙*" in flat and "孙二" not in flat  # names masked for a role without unmasked export
    assert "连续3个月以上居前三" in flat
    assert "检举控告类：" not in flat


def test_xlsx_has_one_sheet_per_table_with_the_same_numbers(sqlite_only, township) -> None:
    with township.ctx.db.read() as s:
        report = build_report(township.ctx, s, township.team.inspector, APRIL)
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    assert {"主要指标", "月度趋势", "按类别", "按承办部门", "按村社区", "前三类型", "超期事项", "重复访", "领导接访",
            "分析与建议", "指标说明"} <= set(wb.sheetnames)
    ws = wb["主要指标"]
    rows = list(ws.iter_rows(min_row=3, max_row=2 + len(FIGURE_ORDER)))
    got = {report_key: row for report_key, row in zip(FIGURE_ORDER, rows, strict=True)}
    for key, row in got.items():
        value = report.figures.values[key]
        assert row[0].value.startswith(report.texts[key].label)
        if isinstance(value, Rate):  # a rate is a number with a percent format, never text
            assert row[1].value == pytest.approx(value.numerator / value.denominator) if value.denominator else \
                row[1].value is None
            assert value.denominator == 0 or row[1].number_format == "0.0%"
        else:
            assert row[1].value == value and isinstance(row[1].value, int)
    assert got["resolution_rate"][1].value == pytest.approx(3 / 7)
    assert got["received"][3].value == pytest.approx(2.5) and got["received"][3].number_format.startswith("+")
    trend = [r[0] for r in wb["月度趋势"].iter_rows(min_row=3, max_row=14, values_only=True)]
    assert trend[0] == "2024年5月" and trend[-1] == "2025年4月"  # twelve months, each with its year
    overdue = list(wb["超期事项"].iter_rows(min_row=3, max_row=4, values_only=True))
    assert [r[0] for r in overdue] == [township.cases["J"], township.cases["G"]]
    assert overdue[0][1] == "钱一"  # the inspector may export names unmasked


def test_report_command_writes_pdf_and_xlsx_and_keeps_the_comment(sqlite_only, township, db_url, tmp_path,
                                                                  monkeypatch, capsys) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    township.ctx.close()  # the command opens its own connection
    pdf, xlsx = tmp_path / "april.pdf", tmp_path / "april.xlsx"
    assert run(["--db", db_url, "--user", "approver", "report", "--period", "2025-04", "--out", str(pdf),
                "--comment", "四月情况平稳。"]) == 0
    assert "受理 7 件，化解 3 件，化解率 42.9%" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run(["--db", db_url, "--user", "approver", "report", "--from", "2025-04-01", "--to", "2025-04-30",
                "--category", "legal", "--out", str(xlsx)]) == 0
    assert "受理 3 件" in capsys.readouterr().out
    assert run(["--db", db_url, "--user", "approver", "report", "--period", "2025-04", "--out", str(xlsx)]) == 0
    wb = load_workbook(xlsx)
    assert wb["分析与建议"]["A2"].value == "四月情况平稳。"  # stored with the first report, reused
    assert run(["--db", db_url, "--user", "interviewer", "report", "--period", "2025-04", "--out", str(pdf)]) == 1


def test_leaders_command(sqlite_only, township, db_url, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    township.ctx.close()
    assert run(["--db", db_url, "--user", "approver", "leaders", "schedule", "--leader", "lead",
                "--day", "2099-05-06", "--place", "东村村委会"]) == 0
    assert run(["--db", db_url, "--user", "clerk", "leaders", "list", "--period", "2099-05"]) == 0
    out = capsys.readouterr().out
    assert "2099-05-06" in out and "周包案" in out and "已排班" in out
    session_id = int(out.strip().splitlines()[-1].split()[0])
    assert run(["--db", db_url, "--user", "clerk", "leaders", "record", str(session_id), "--batches", "2",
                "--people", "4", "--solved", "1"]) == 1  # a day still to come cannot be recorded
    assert run(["--db", db_url, "--user", "clerk", "leaders", "list", "--period", "2025-04"]) == 0
    assert "批次 2  人次 3  现场解决 1" in capsys.readouterr().out


def test_restricted_label_is_what_the_lists_print() -> None:
    assert RESTRICTED_LABEL == "（检举控告事项，限阅）"


def test_month_close_command_archives_and_report_says_it_matches(sqlite_only, township, db_url, monkeypatch,
                                                                 capsys, tmp_path) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    township.ctx.close()
    assert run(["--db", db_url, "--user", "clerk", "month-close", "--period", "2025-04"]) == 1  # not entitled
    assert run(["--db", db_url, "--user", "approver", "month-close", "--period", "2099-01"]) == 1  # not over
    assert "尚未结束" in capsys.readouterr().err
    assert run(["--db", db_url, "--user", "approver", "month-close", "--period", "2025-04"]) == 0
    assert "已归档" in capsys.readouterr().out
    assert run(["--db", db_url, "--user", "approver", "month-close", "--period", "2025-04"]) == 1
    assert run(["--db", db_url, "--user", "approver", "--lang", "en", "report", "--period", "2025-04",
                "--out", str(tmp_path / "again.pdf")]) == 0
    assert "the regenerated figures match the archive" in capsys.readouterr().out
