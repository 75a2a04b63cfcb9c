"""One registration path for the grid (网格) and a group visit's representatives: the CSV import checks them
with the desk's own rules and stores them as the desk does (intake.register), and a bad value is a row problem
naming its line."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli.app import run
from desktop.clock import CHINA_TZ
from desktop.db.models import Matter, Petitioner, Representative, Visit
from desktop.documents.builders import registration_form
from desktop.domain.errors import InvalidInput
from desktop.services import importer, intake
from desktop.services.intake_input import RepresentativeInput
from desktop.services.petitioners import ID_CONTEXT
from tests.desktop.conftest import make_team
from tests.desktop.helpers import registration, resident_id

HEADER = ["registered_at", "channel", "petitioner_name", "id_number", "matter", "category", "complexity",
          "group_size", "village", "grid", "representatives"]
LEADER = resident_id("11010519900307011")
REP_A = resident_id("11010519850101022")
REP_B = resident_id("41152119680405033")
NEWCOMER = resident_id("41152119700202044")


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _representatives(ctx, session, matter_id: int) -> list[tuple[str, str | None, str | None, bytes | None]]:
    rows = session.execute(select(Representative).join(Visit, Representative.visit_id == Visit.id)
                           .where(Visit.matter_id == matter_id).order_by(Representative.id)).scalars()
    return [(r.name, ctx.cipher.decrypt(r.id_cipher, context=ID_CONTEXT) if r.id_cipher else None, r.id_index,
             r.phone_cipher) for r in rows]


def test_imported_grid_and_representatives_are_stored_as_the_desk_stores_them(ctx, clock, tmp_path) -> None:
    clock.set(datetime(2026, 11, 20, 9, tzinfo=CHINA_TZ))
    team = make_team(ctx)
    with ctx.db.session() as s:  # the desk: a group of 8 from 东村 第一网格, two representatives
        desk = intake.register(ctx, s, team.clerk, registration(
            id_number=LEADER, group_size=8, village="东村", grid="第一网格",
            registered_at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ),
            representatives=[RepresentativeInput("陈大山", REP_A.lower()), RepresentativeInput("黄桂芳")]))
        desk_id = desk.id
    # The same input as a CSV row (full-width separators, as typed in a spreadsheet), later, in another grid;
    # a newcomer names two grids, the later one last in time but first in the file.
    path = _csv(tmp_path / "group.csv", [
        ["2026-11-10T09:00", "来访", "张三", LEADER, "再次集体反映", "民生", "简单", "8", "东村", "第二网格",
         f"陈大山：{REP_A.lower()}；黄桂芳"],
        ["2026-11-12T09:00", "来访", "王五", NEWCOMER, "道路维修", "民生", "简单", "3", "西村", "西村三组",
         f"王五:{NEWCOMER};{' '}"],
        ["2026-11-11T09:00", "来访", "王五", NEWCOMER, "道路维修", "民生", "简单", "1", "西村", "西村一组", ""],
    ])
    with ctx.db.session() as s:
        assert importer.import_file(ctx, s, team.admin, path).imported == 3
    with ctx.db.read() as s:
        matters = {(m.registered_on, m.petitioner_id): m for m in s.scalars(select(Matter))}
        imported = next(m for (day, _), m in matters.items() if day == date(2026, 11, 10))
        desk_reps, imported_reps = _representatives(ctx, s, desk_id), _representatives(ctx, s, imported.id)
        assert desk_reps == imported_reps == [("陈大山", REP_A, desk_reps[0][2], None), ("黄桂芳", None, None, None)]
        assert desk_reps[0][2] is not None
        people = {p.name: p for p in s.scalars(select(Petitioner))}
        assert people["张三"].grid == "第二网格"  # the latest named wins, as at the desk
        assert people["王五"].grid == "西村三组"
        newcomer = next(m for (day, _), m in matters.items() if day == date(2026, 11, 12))
        assert _representatives(ctx, s, newcomer.id)[0][:2] == ("王五", NEWCOMER)
    with ctx.db.session() as s:  # the registration form shows the grid beside the village (revealing is audited)
        form = registration_form(ctx, s, team.admin, s.get(Matter, imported.id), date(2026, 11, 20)).data
    assert form.petitioners[0].village == "东村 第二网格"
    assert form.representatives == ("陈大山", "黄桂芳")


def test_a_row_without_a_grid_keeps_the_stored_one(ctx, clock, tmp_path) -> None:
    clock.set(datetime(2026, 11, 20, 9, tzinfo=CHINA_TZ))
    team = make_team(ctx)
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration(id_number=LEADER, grid="第一网格",
                                                         registered_at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)))
    path = _csv(tmp_path / "plain.csv", [
        ["2026-11-10T09:00", "来访", "张三", LEADER, "再次反映", "民生", "简单", "1", "", "", ""]])
    with ctx.db.session() as s:
        importer.import_file(ctx, s, team.admin, path)
    with ctx.db.read() as s:
        assert s.scalar(select(Petitioner.grid)) == "第一网格"
        assert s.scalar(select(Representative.id)) is None


def _row(reps: str, size: str = "10", grid: str = "一组") -> list[str]:
    return ["2026-11-10T09:00", "来访", "张三", LEADER, "集体反映", "民生", "简单", size, "东村", grid, reps]


def test_bad_representatives_and_grids_are_refused_with_their_line(ctx, clock, tmp_path) -> None:
    clock.set(datetime(2026, 11, 20, 9, tzinfo=CHINA_TZ))
    team = make_team(ctx)
    six = ";".join(f"代表{i}" for i in range(6))
    bad_id = REP_A[:-1] + ("0" if REP_A[-1] != "0" else "1")
    path = _csv(tmp_path / "bad.csv", [
        _row("陈大山:" + REP_A),  # line 2: good
        _row(six),  # 3: six representatives (Art. 20: at most 5)
        _row(f"陈大山:{bad_id}"),  # 4: a representative's ID number with a wrong check digit
        _row("陈大山;黄桂芳", size="1"),  # 5: more representatives than visitors
        _row(f":{REP_A}"),  # 6: an ID number without a name
        _row("", grid="网" * 65),  # 7: a grid longer than its column
        _row("陈" * 65),  # 8: a representative's name longer than a name may be
    ])
    with ctx.db.session() as s, pytest.raises(importer.ImportRejected) as refused:
        importer.import_file(ctx, s, team.admin, path)
    got = {(p.line, p.column, p.code, p.value) for p in refused.value.problems}
    assert got == {
        (3, "representatives", "too_many_representatives", "6/5"),
        (4, "representatives", "id_check_digit", "陈大山"),
        (5, "representatives", "representatives_exceed_group", "2/1"),
        (6, "representatives", "representative_format", ""),
        (7, "grid", "too_long", "64"),
        (8, "representatives", "too_long", "64"),
    }
    with ctx.db.read() as s:
        assert s.scalar(select(Matter.id)) is None  # all or nothing


def test_the_limit_is_the_setting_the_desk_reads(ctx, clock, tmp_path) -> None:
    clock.set(datetime(2026, 11, 20, 9, tzinfo=CHINA_TZ))
    team = make_team(ctx)
    from desktop.services import settings_service

    with ctx.db.session() as s:
        settings_service.set_setting(ctx, s, team.admin, "intake.max_representatives", "2")
    reps = [RepresentativeInput(n) for n in ("甲", "乙", "丙")]
    with ctx.db.session() as s, pytest.raises(InvalidInput) as desk:
        intake.register(ctx, s, team.clerk, registration(group_size=9, representatives=reps))
    assert [p.code for p in desk.value.problems] == ["too_many_representatives"]
    with ctx.db.session() as s, pytest.raises(importer.ImportRejected) as refused:
        importer.import_file(ctx, s, team.admin, _csv(tmp_path / "three.csv", [_row("甲;乙;丙", size="9")]))
    assert [(p.line, p.code, p.value) for p in refused.value.problems] == [(2, "too_many_representatives", "3/2")]


def test_the_desk_refuses_what_its_columns_cannot_hold(ctx, clock) -> None:
    clock.set(datetime(2026, 11, 20, 9, tzinfo=CHINA_TZ))
    team = make_team(ctx)
    with ctx.db.session() as s, pytest.raises(InvalidInput) as desk:
        intake.register(ctx, s, team.clerk, registration(
            grid="网" * 65, group_size=3, representatives=[RepresentativeInput("陈" * 65)]))
    assert {(str(p.details["field"]), p.code) for p in desk.value.problems} == {
        ("grid", "too_long"), ("representatives.0.name", "too_long")}


@pytest.fixture
def cli(db_url, home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-1")

    def call(*args: str, lang: str = "zh") -> tuple[int, str, str]:
        code = run(["--db", db_url, "--lang", lang, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init", "--admin", "admin", "--township", "青山镇")[0] == 0
    return call


def test_the_command_line_names_line_and_problem_and_masks_the_rejects(cli, tmp_path) -> None:
    bad_id = REP_A[:-1] + ("0" if REP_A[-1] != "0" else "1")
    rows = [_row(";".join("甲乙丙丁戊己")), _row(f"陈大山:{bad_id}"), _row(f"黄桂芳:{REP_B}")]
    code, _, err = cli("import", str(_csv(tmp_path / "reps.csv", rows)))
    assert code == 2
    assert "第 2 行，列 representatives：集体访代表人数超过条例第20条的上限（现有/最多）（6/5）" in err
    assert "第 3 行，列 representatives：身份证校验码错误（陈大山）" in err
    assert "Traceback" not in err
    code, _, err = cli("import", str(_csv(tmp_path / "reps_en.csv", rows)), lang="en")
    assert "line 2, column representatives：more representatives than Art. 20 allows (given/at most)（6/5）" in err
    code, out, _ = cli("import", str(_csv(tmp_path / "skip.csv", rows)), "--skip-invalid")
    assert code == 0 and "已导入 1 条。" in out
    rejects = (tmp_path / "skip.rejects.csv").read_text(encoding="utf-8-sig")
    assert bad_id not in rejects and f"陈大山:{bad_id[:6]}********{bad_id[-4:]}" in rejects
