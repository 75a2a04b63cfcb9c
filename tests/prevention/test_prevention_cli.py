"""``reception screening import|list`` and ``reception villages board`` end to end."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from desktop.cli.app import run
from desktop.prevention.screening_rows import COLUMNS

PASSWORD = "admin-pass-1"
ROWS = [
    ["2026-11-02", "网格", "东村", "第一网格", "", "王网格", "宅基地边界纠纷，双方争吵", "2026-11-01", "东村三组",
     "张三、李四", "2", "张三", "已劝开", "网格员调解中", "红", "调处中"],
    ["2026-11-04", "村", "西村", "", "", "刘书记", "零报告", "", "", "", "", "", "", "", "", ""],
    ["2026-11-05", "单位", "", "", "派出所", "赵所长", "工地欠薪苗头", "", "镇工业园", "", "15", "", "有聚集苗头",
     "人社所介入", "黄", "化解"],
]


@pytest.fixture
def cli(db_url, home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)

    def call(*args: str, lang: str = "zh") -> tuple[int, str, str]:
        code = run(["--db", db_url, "--lang", lang, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init", "--admin", "admin", "--township", "青山镇")[0] == 0
    assert call("villages", "add", "东村", "西村", "南村")[0] == 0
    return call


def _csv(path: Path, rows: list[list[str]], header: tuple[str, ...] | list[str] = COLUMNS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_import_then_list(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("screening", "import", str(_csv(tmp_path / "week.csv", ROWS)))
    assert code == 0, err
    assert "2 条" in out and "零报告 1 份" in out
    code, out, _ = cli("screening", "list")
    assert code == 0 and "共 2 条" in out
    code, out, _ = cli("screening", "list", "--level", "红", "--open", "--village", "东村")
    assert "宅基地边界纠纷" in out and "工地欠薪" not in out and "共 1 条" in out
    assert "共 0 条" in cli("screening", "list", "--level", "黄", "--open")[1]  # resolved
    assert "共 0 条" in cli("screening", "list", "--village", "南村")[1]


def test_bad_rows_write_nothing_and_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = [list(ROWS[0]), list(ROWS[2])]
    bad[1][14] = "紫"
    code, out, err = cli("screening", "import", str(_csv(tmp_path / "bad.csv", bad)))
    assert code == 2
    assert "bad.csv 第 3 行，列 level：等级应为 红/黄/绿（紫）" in err
    assert "共 0 条" in cli("screening", "list")[1]
    code, _, err = cli("screening", "import", str(_csv(tmp_path / "bad.csv", bad)), lang="en")
    assert "bad.csv line 3, column level: level must be 红/黄/绿" in err


def test_unknown_column_refused_by_name(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = [*COLUMNS[:-1], "remarks"]
    code, _, err = cli("screening", "import", str(_csv(tmp_path / "x.csv", ROWS[:1], header)))
    assert code == 2 and "x.csv 第 1 行，列 remarks：未知的列" in err
    assert "共 0 条" in cli("screening", "list")[1]


def test_unknown_village_and_xlsx(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    row = list(ROWS[0])
    row[2] = "北村"
    ws.append(row)
    wb.save(tmp_path / "s.xlsx")
    code, _, err = cli("screening", "import", str(tmp_path / "s.xlsx"))
    assert code == 2 and "第 2 行，列 village：村（社区）不存在（北村）" in err
    ws.delete_rows(2)
    ws.append(list(ROWS[0]))
    wb.save(tmp_path / "s.xlsx")
    assert cli("screening", "import", str(tmp_path / "s.xlsx"))[0] == 0


def test_grid_worker_import_limited_to_own_grid(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", PASSWORD)
    assert cli("user", "add", "grid1", "--name", "王网格", "--role", "grid_worker")[0] == 0
    assert cli("villages", "assign", "grid1", "东村", "--grid", "第一网格")[0] == 0
    assert cli("villages", "assign", "grid1", "东村", "--grid", "第一网格")[0] == 0  # again: no harm
    other = list(ROWS[0])
    other[3] = "第二网格"
    code, _, err = cli("--user", "grid1", "screening", "import", str(_csv(tmp_path / "g.csv", [ROWS[0], other])))
    assert code == 2 and "第 3 行，列 grid：不是本人负责的村（网格）" in err
    assert cli("--user", "grid1", "screening", "import", str(_csv(tmp_path / "g.csv", [ROWS[0]])))[0] == 0


def test_villages_board_text_and_pdf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("villages", "board", "--year", "2026")
    assert code == 0 and "三无村 3/3（100.0%），目标 90%：达到" in out
    pdf = tmp_path / "board.pdf"
    assert cli("villages", "board", "--year", "2026", "--out", str(pdf))[0] == 0
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "东村" in text and "三无" in text
    code, _, err = cli("villages", "board", "--year", "3000")
    assert code == 1 and "统计期间无效" in err


def test_prevention_settings_through_the_cli(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("settings", "set", "prevention.rhythm_village", "每周五")[0] == 0
    code, out, _ = cli("settings", "show")
    assert code == 0 and "prevention.rhythm_village" in out and "weekly 5" in out
    code, _, err = cli("settings", "set", "prevention.three_no_goal_percent", "120")
    assert code == 1 and "prevention.three_no_goal_percent" in err
    assert cli("settings", "set", "prevention.key_person_roles", "clerk,nobody")[0] == 1
