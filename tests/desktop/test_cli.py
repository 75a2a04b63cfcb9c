"""The command line end to end: the commands a clerk or administrator types, their output and exit codes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.cli.app import run
from tests.desktop.helpers import resident_id

PASSWORD = "admin-pass-1"
ID_A = resident_id("11010519900307002")
ID_B = resident_id("41152119680405123")
HEADER = ["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter", "category",
          "complexity", "department", "group_size", "accepts_mediation", "assigned_at"]
GOOD = [
    ["2025-03-03T09:30:00", "来访", "张三", ID_A, "13800138000", "东村", "土地承包款未发放", "民生类", "简单", "", "1", "是", ""],
    ["2025-03-04", "来信", "李四", "", "", "西村", "宅基地纠纷", "矛盾纠纷", "复杂", "人民调解委员会", "3", "否",
     "2025-03-05T10:00:00+08:00"],
    ["2025-03-05 10:00", "来访", "张三", ID_A, "", "东村", "再次反映承包款", "民生", "简单", "", "1", "是", ""],
    ["2025-09-30", "网上", "王五", ID_B, "", "", "咨询低保政策", "政策咨询类", "简单", "", "", "否", ""],
]


@pytest.fixture
def cli(db_url, home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)

    def call(*args: str, lang: str = "zh") -> tuple[int, str, str]:
        code = run(["--db", db_url, "--lang", lang, *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, _ = call("init", "--admin", "admin", "--township", "青山镇")
    assert code == 0
    return call


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_init_is_idempotent_and_users_are_managed(cli, monkeypatch) -> None:
    assert cli("init")[0] == 0
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "clerk-pass-1")
    assert cli("user", "add", "liwei", "--name", "李伟", "--role", "clerk")[0] == 0
    code, out, _ = cli("user", "list")
    assert code == 0 and "liwei\t李伟\tclerk" in out
    assert cli("user", "disable", "liwei")[0] == 0
    assert "停用" in cli("user", "list")[1]
    code, _, err = cli("user", "add", "liwei", "--role", "clerk")
    assert code == 1 and err.strip() == "用户名已存在：liwei"


def test_wrong_password_is_one_line_without_traceback(cli, monkeypatch) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", "wrong")
    code, _, err = cli("settings", "show", lang="en")
    assert code == 1
    assert err.strip() == "Wrong user name or password: admin"


def test_settings_are_typed_and_checked(cli) -> None:
    code, out, _ = cli("settings", "show")
    assert "deadline.assign_within = 2 working（默认）" in out
    assert cli("settings", "set", "deadline.simple_limit", "20日")[1].strip() == "deadline.simple_limit = 20 calendar"
    code, _, err = cli("settings", "set", "warning.red_threshold", "1")
    assert code == 1 and "warning.red_threshold" in err
    assert cli("settings", "set", "no.such", "1")[0] == 1


def test_calendar_show_and_override(cli) -> None:
    code, out, _ = cli("calendar", "show", "2025")
    assert "2025-10-08\t三\t休息\t官方" in out
    assert "2025-10-11\t六\t调休上班\t官方" in out
    code, out, err = cli("calendar", "show", "2027")
    assert code == 0 and "2027" in err and "周一至周五" in err
    assert cli("calendar", "set", "2027-02-08", "holiday", "--note", "春节")[0] == 0
    assert "2027-02-08\t一\t休息\t管理员设定" in cli("calendar", "show", "2027")[1]


def test_import_then_export_json(cli, tmp_path) -> None:
    code, out, _ = cli("import", str(_csv(tmp_path / "in.csv", GOOD)))
    assert code == 0 and "已导入 4 条。" in out
    code, _, _ = cli("export", "--format", "json", "--out", str(tmp_path / "out.json"))
    rows = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    by_case = {r["case_number"]: r for r in rows}
    first, letter, repeat, online = (by_case[f"XF2025-0000{i}"] for i in range(1, 5))
    assert first["id_number"] == ID_A[:6] + "********" + ID_A[-4:]
    assert first["registered_at"] == "2025-03-03T09:30:00+08:00"
    assert first["assignment_due"] == "2025-03-05"
    assert first["handling_due"] == "2025-03-18"
    assert (repeat["visits_30d"], repeat["repeat_alert"]) == (2, "yellow")
    assert letter["assigned_on"] == "2025-03-05" and letter["handling_due"] == "2025-04-07"
    assert letter["department"] == "人民调解委员会"
    # 30 days from 30 Sept 2025 is 30 Oct; 2 working days after 30 Sept skip the National Day holiday.
    assert online["assignment_due"] == "2025-10-10"
    assert online["handling_due"] == "2025-10-15"
    assert set(first) >= {"case_number", "registered_at", "channel", "petitioner_name", "id_number", "category",
                          "complexity", "department", "status", "visits_30d", "repeat_alert", "assignment_due",
                          "handling_due", "evaluation_due"}


def test_import_is_all_or_nothing(cli, tmp_path) -> None:
    bad = [r[:] for r in GOOD]
    bad[1][8] = "中等"
    bad[2][3] = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    code, _, err = cli("import", str(_csv(tmp_path / "bad.csv", bad)))
    assert code == 2
    assert "第 3 行，列 complexity" in err and "第 4 行，列 id_number" in err
    cli("export", "--format", "csv", "--out", str(tmp_path / "none.csv"))
    assert len((tmp_path / "none.csv").read_text(encoding="utf-8-sig").splitlines()) == 1  # header only
    code, out, _ = cli("import", str(_csv(tmp_path / "bad2.csv", bad)), "--skip-invalid")
    assert code == 0 and "已导入 2 条。" in out and "跳过 2 行有误的数据" in out  # rows 3 and 4 set aside
    rejects = (tmp_path / "bad2.rejects.csv").read_text(encoding="utf-8-sig")
    assert "中等" in rejects and "complexity" in rejects


def test_import_xlsx_and_export_xlsx(cli, tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in GOOD:
        ws.append(row)
    wb.save(tmp_path / "in.xlsx")
    assert cli("import", str(tmp_path / "in.xlsx"))[0] == 0
    assert cli("export", "--format", "xlsx", "--out", str(tmp_path / "out.xlsx"))[0] == 0
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet.max_row == 5


def test_unmasked_export_needs_entitlement(cli, tmp_path, monkeypatch) -> None:
    cli("import", str(_csv(tmp_path / "in.csv", GOOD)))
    assert cli("export", "--format", "json", "--out", str(tmp_path / "u.json"), "--unmasked")[0] == 0
    assert ID_A in (tmp_path / "u.json").read_text(encoding="utf-8")
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "approver-1")
    cli("user", "add", "sun", "--role", "approver")
    monkeypatch.setenv("RECEPTION_PASSWORD", "approver-1")
    code, _, err = cli("--user", "sun", "export", "--format", "json", "--out", str(tmp_path / "x.json"), "--unmasked")
    assert code == 1 and "权限不足" in err


def test_verify_names_a_tampered_audit_entry(cli, db_url, tmp_path) -> None:
    from sqlalchemy import create_engine, text

    cli("import", str(_csv(tmp_path / "in.csv", GOOD)))
    assert cli("verify")[0] == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'nothing' WHERE seq = 3"))
    engine.dispose()
    code, _, err = cli("verify")
    assert code == 1 and "审计日志第 3 条：内容被改动" in err


def test_backup_and_restore(cli, db_url, tmp_path, home, monkeypatch) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("restore into a second PostgreSQL database is covered by test_backup_restore_postgres")
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "backup-passphrase-1")
    cli("import", str(_csv(tmp_path / "in.csv", GOOD)))
    assert cli("backup", "--out", str(tmp_path / "b.rrbk"))[0] == 0
    code, _, err = cli("restore", str(tmp_path / "b.rrbk"))
    assert code == 1 and "--force" in err
    target = tmp_path / "restored.sqlite3"
    assert run(["--db", f"sqlite:///{target}", "restore", str(tmp_path / "b.rrbk")]) == 0
    code = run(["--db", f"sqlite:///{target}", "export", "--format", "json", "--out", str(tmp_path / "r.json")])
    assert code == 0
    assert len(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))) == 4


def test_entry_point_speaks_one_line(home, tmp_path) -> None:
    env = {"RECEPTION_HOME": str(home), "PATH": "/usr/bin:/bin", "RECEPTION_PASSWORD": "x"}
    proc = subprocess.run([sys.executable, "-m", "desktop", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}",
                           "export", "--format", "json", "--out", str(tmp_path / "o.json")],
                          capture_output=True, text=True, env=env, cwd=Path(__file__).parents[2])
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == ["数据库中还没有管理员：请先运行 reception init。"]
    assert "Traceback" not in proc.stderr


def test_demo_walks_the_whole_procedure(tmp_path) -> None:
    code = run(["demo", "--out", str(tmp_path / "demo"), "--no-recording"])
    assert code == 0
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text(encoding="utf-8"))
    assert summary["audit_intact"] and summary["exported_matters"] == 3
    assert summary["document_number"].endswith("1号")


@pytest.mark.postgres
def test_backup_restore_postgres(home, tmp_path, monkeypatch, capsys) -> None:
    from tests.conftest import PG_URL, _fresh_pg_database

    if not PG_URL:
        pytest.skip("no PostgreSQL server (run through `make test`)")
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "backup-passphrase-1")
    source, target = _fresh_pg_database(), _fresh_pg_database()
    src_url, dst_url = next(source), next(target)
    try:
        assert run(["--db", src_url, "init", "--admin", "admin"]) == 0
        assert run(["--db", src_url, "import", str(_csv(tmp_path / "in.csv", GOOD))]) == 0
        assert run(["--db", src_url, "backup", "--out", str(tmp_path / "pg.rrbk")]) == 0
        monkeypatch.setenv("RECEPTION_HOME", str(tmp_path / "other-desk"))
        assert run(["--db", dst_url, "restore", str(tmp_path / "pg.rrbk")]) == 0
        assert run(["--db", dst_url, "export", "--format", "json", "--out", str(tmp_path / "r.json")]) == 0
        rows = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert len(rows) == 4 and rows[0]["id_number"].endswith(ID_A[-4:])
        assert run(["--db", dst_url, "verify"]) == 0
    finally:
        capsys.readouterr()
        for gen in (source, target):
            gen.close()


def test_verify_names_a_recording_with_one_byte_flipped(tmp_path, capsys) -> None:
    out = tmp_path / "demo"
    assert run(["demo", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    mp4 = Path(summary["recording"]["path"])
    db = f"sqlite:///{summary['database']}"
    env_home = {"RECEPTION_HOME": str(out)}
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env_home.items():
            mp.setenv(k, v)
        assert run(["--db", db, "verify"]) == 0
        mp4.chmod(0o644)  # sealed masters are read-only: the tamperer has to force it
        data = bytearray(mp4.read_bytes())
        data[len(data) // 2] ^= 0xFF
        mp4.write_bytes(bytes(data))
        capsys.readouterr()
        assert run(["--db", db, "verify"]) == 1
        err = capsys.readouterr().err
        assert mp4.name in err and "文件内容已被改动" in err
        assert run(["--db", db, "verify", str(mp4)]) == 1
    assert set(summary["documents"]) >= {"decision-letter", "tracking-card", "registration-form"}


def test_a_mistyped_command_is_one_line_in_the_users_language(capsys) -> None:
    assert run(["import"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("命令用法有误：reception import")
    assert run(["--lang", "en", "export", "--format", "pdf", "--out", "x"]) == 2
    assert capsys.readouterr().err.startswith("Wrong usage: reception export")
