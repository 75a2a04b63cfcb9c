"""Every fault answered in one clear line, nothing written: bad import files and a hostile environment,
each through the command line (exit code, one line, no traceback) and the service layer (the typed refusal),
on SQLite and, where it applies, PostgreSQL."""

from __future__ import annotations

import contextlib
import subprocess
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.cli.app import run
from desktop.domain.errors import DomainError
from tests.desktop.helpers import resident_id

PASSWORD = "admin-pass-12"
ID_A = resident_id("11010519900307002")
HEADER = "registered_at,channel,petitioner_name,id_number,matter,category,complexity"
ROW = f"2025-03-03,来访,张三,{ID_A},土地承包款未发放,民生,简单"


def _counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return (conn.execute(text("SELECT count(*) FROM matters")).scalar(),
                    conn.execute(text("SELECT count(*) FROM audit_log WHERE action LIKE 'matter%'")).scalar())
    finally:
        engine.dispose()


@pytest.fixture
def cli(db_url, home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)

    def call(*args: str, lang: str = "zh") -> tuple[int, list[str]]:
        code = run(["--db", db_url, "--lang", lang, *args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out
        return code, captured.err.strip().splitlines()

    assert call("init", "--admin", "admin")[0] == 0
    return call


def _gbk_csv(path: Path) -> Path:
    path.write_bytes((HEADER + "\n" + ROW + "\n").encode("gbk"))
    return path


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str, str]]:
    """name → (file, code, what the English line must contain)."""
    files: dict[str, tuple[Path, str, str]] = {}

    def add(name: str, data: bytes, code: str, words: str) -> None:
        path = tmp / name
        path.write_bytes(data)
        files[name] = (path, code, words)

    add("latin1.csv", (HEADER + "\n" + ROW.replace("张三", "José") + "\n").encode("latin-1", "replace")
        .replace(b"Jos?", b"Jos\xe9,"), "import_encoding", "line 2, column 18: unknown text encoding")
    add("utf16.csv", (HEADER + "\n" + ROW).encode("utf-16"), "import_utf16", "UTF-16")
    add("empty.csv", b"", "import_empty", "the file is empty")
    add("bom-only.csv", b"\xef\xbb\xbf\r\n", "import_empty", "the file is empty")
    add("header-only.csv", (HEADER + "\n").encode(), "import_no_rows", "only a header")
    add("nul.csv", (HEADER + "\n" + ROW[:20] + "\x00" + ROW[20:]).encode(), "import_nul", "line 2, column 21")
    add("columns.csv", b"name,phone\nx,y\n", "import_columns_missing", "missing columns: registered_at, channel")
    add("garbage.xlsx", b"\x00\x01 this is not a workbook" * 50, "import_not_xlsx", "not a valid XLSX file")
    add("empty.xlsx", b"", "import_empty", "the file is empty")
    files["missing.csv"] = (tmp / "missing.csv", "file_not_found", "File not found")
    good = tmp / "good.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(ROW.split(","))
    book.save(good)
    data = good.read_bytes()
    add("truncated.xlsx", data[: len(data) // 2], "import_not_xlsx", "not a valid XLSX file")
    with zipfile.ZipFile(tmp / "zip-not-xlsx.xlsx", "w") as zf:
        zf.writestr("hello.txt", "a zip, but no workbook")
    files["zip-not-xlsx.xlsx"] = (tmp / "zip-not-xlsx.xlsx", "import_not_xlsx", "not a valid XLSX file")
    return files


def test_bad_import_files_are_refused_in_one_line_with_exit_2(cli, db_url, tmp_path) -> None:
    for name, (path, _code, words) in _bad_files(tmp_path).items():
        got, lines = cli("import", str(path), lang="en")
        assert got == 2, name
        assert len(lines) == 1 and words in lines[0] and "nothing imported" in lines[0], (name, lines)
        assert lines[0].startswith(path.name), lines
    assert _counts(db_url) == (0, 0)


def test_bad_import_files_are_typed_refusals_in_the_service(ctx, team, tmp_path) -> None:
    from desktop.services import importer
    from desktop.services.import_file import ImportFileRefused

    for name, (path, code, _) in _bad_files(tmp_path).items():
        with ctx.db.session() as s, pytest.raises(ImportFileRefused) as refused:
            importer.import_file(ctx, s, team.clerk, path)
        assert refused.value.code == code, name
    assert _counts(ctx.db.url) == (0, 0)


def test_gbk_and_bom_files_are_read(cli, db_url, tmp_path) -> None:
    assert cli("import", str(_gbk_csv(tmp_path / "gbk.csv")))[0] == 0
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + (HEADER + "\n" + ROW.replace("土地", "宅基地") + "\n").encode())
    assert cli("import", str(tmp_path / "bom.csv"))[0] == 0
    (tmp_path / "gb18030.csv").write_bytes((HEADER + "\n" + ROW.replace("土地", "𠮷家土地") + "\n").encode("gb18030"))
    assert cli("import", str(tmp_path / "gb18030.csv"))[0] == 0
    code, _ = cli("export", "--format", "json", "--out", str(tmp_path / "o.json"))
    matters = (tmp_path / "o.json").read_text(encoding="utf-8")
    assert "张三" in matters and "宅基地承包款" in matters and "𠮷家土地" in matters


def test_fields_over_the_limits_are_refused_the_same_on_every_database(cli, db_url, tmp_path) -> None:
    long_name = "张" * 65
    long_matter = "事" * 4001
    path = tmp_path / "long.csv"
    path.write_text(f"{HEADER}\n{ROW.replace('张三', long_name)}\n{ROW.replace('土地承包款未发放', long_matter)}\n",
                    encoding="utf-8")
    code, lines = cli("import", str(path), lang="en")
    assert code == 2
    assert lines[0] == "line 2, column petitioner_name：too long; at most（64）"
    assert lines[1] == "line 3, column matter：too long; at most（4000）"
    assert _counts(db_url) == (0, 0)
    assert cli("settings", "set", "limits.name_max_length", "65")[0] == 1  # never beyond the column's size


def test_a_newer_database_is_refused_in_one_line_without_a_copy(cli, db_url, home) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'zz_future'"))
        conn.execute(text("UPDATE settings SET value = '3.0.0' WHERE key = 'app.version'"))
    engine.dispose()
    code, lines = cli("user", "list", lang="en")
    assert code == 1
    assert lines == ["This database was made by a newer version 3.0.0; this is 0.1.0: upgrade this program "
                     "(nothing was changed)."]
    assert not list(home.glob("*.before-*"))


@pytest.mark.parametrize(("content", "code_words"), [
    (b"", "The database file is empty (0 bytes)"),
    (b"this is a text file, not a database\n" * 10, "Not a database file"),
])
def test_a_database_file_that_is_not_one_is_refused(home, tmp_path, monkeypatch, capsys, content, code_words) -> None:
    db = tmp_path / "bad.sqlite3"
    db.write_bytes(content)
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    assert run(["--db", f"sqlite:///{db}", "--lang", "en", "user", "list"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(code_words) and str(db) in err[0]
    assert db.read_bytes() == content
    from desktop.db.database import Database

    with pytest.raises(DomainError) as refused:
        Database.open(f"sqlite:///{db}")
    assert refused.value.code == ("database_empty" if not content else "database_not_sqlite")


def test_a_truncated_database_is_refused(home, tmp_path, monkeypatch, capsys) -> None:
    db = tmp_path / "cut.sqlite3"
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    assert run(["--db", f"sqlite:///{db}", "init", "--admin", "admin"]) == 0
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "\n" + "\n".join([ROW] * 300) + "\n", encoding="utf-8")
    assert run(["--db", f"sqlite:///{db}", "import", str(src)]) == 0
    capsys.readouterr()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    code = run(["--db", f"sqlite:///{db}", "--lang", "en", "export", "--format", "json",
                "--out", str(tmp_path / "o.json")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "damaged or truncated" in err[0], err
    assert not (tmp_path / "o.json").exists()


@contextlib.contextmanager
def _mounted_tmpfs(where: Path, size: str) -> object:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_one_line_and_writes_nothing(home, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    with _mounted_tmpfs(tmp_path / "small", "2m") as small:  # an initialised database is ~0.7 MB now
        url = f"sqlite:///{small / 'r.sqlite3'}"
        assert run(["--db", url, "init", "--admin", "admin"]) == 0
        src = tmp_path / "in.csv"
        src.write_text(HEADER + "\n" + "\n".join([ROW.replace("土地承包款未发放", "事" * 3000)] * 400) + "\n",
                       encoding="utf-8")
        capsys.readouterr()
        assert run(["--db", url, "--lang", "en", "import", str(src)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("The disk is full"), err
        assert _counts(url) == (0, 0)
        filler = small / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as fh:
            fh.write(b"\0" * 10_000_000)
        code = run(["--db", url, "--lang", "en", "export", "--format", "xlsx", "--out", str(small / "o.xlsx")])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 1 and len(err) == 1 and err[0].startswith("The disk is full"), err
        assert not list(small.glob("*o.xlsx*"))


def test_a_read_only_data_folder_is_one_line(home, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    folder = tmp_path / "ro"
    folder.mkdir()
    url = f"sqlite:///{folder / 'r.sqlite3'}"
    assert run(["--db", url, "init", "--admin", "admin"]) == 0
    out = tmp_path / "ro-out"
    out.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only for root here")
    subprocess.run(["chattr", "+i", str(out)], check=True)
    try:
        capsys.readouterr()
        code = run(["--db", url, "--lang", "en", "export", "--format", "csv", "--out", str(out / "o.csv")])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 1 and len(err) == 1 and err[0].startswith("Cannot write to"), err
        code = run(["--db", f"sqlite:///{folder / 'new.sqlite3'}", "--lang", "en", "init", "--admin", "x"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 1 and len(err) == 1 and err[0].startswith("Cannot write to"), err
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)
        subprocess.run(["chattr", "-i", str(out)], check=False)


def test_postgres_unreachable_is_one_line(home, monkeypatch, capsys) -> None:
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    code = run(["--db", "postgresql+psycopg://postgres@127.0.0.1:1/nowhere", "--lang", "en", "user", "list"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err == ["Cannot reach the database server (tried twice): check the network and the server."]


@pytest.mark.postgres
def test_postgres_restarted_mid_command_is_retried_once(monkeypatch, capsys, home) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from tests.conftest import PG_URL, _fresh_pg_database

    if not PG_URL:
        pytest.skip("no PostgreSQL server (run through `make test`)")
    gen = _fresh_pg_database()
    url = next(gen)
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    try:
        assert run(["--db", url, "init", "--admin", "admin"]) == 0
        kills = {"left": 1}

        @event.listens_for(Engine, "before_cursor_execute")
        def _drop(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            if kills["left"] and statement.lstrip().upper().startswith("SELECT STAFF"):
                kills["left"] -= 1
                killer = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
                with killer.connect() as kc:  # as a server restart does to every open connection
                    kc.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": url.rsplit("/", 1)[1]})
                killer.dispose()

        try:
            capsys.readouterr()
            assert run(["--db", url, "user", "list"]) == 0  # retried once on a fresh connection
            assert kills["left"] == 0
            kills["left"] = 5  # and a server that stays away: one line
            assert run(["--db", url, "--lang", "en", "user", "list"]) == 1
            err = capsys.readouterr().err.strip().splitlines()
            assert err[-1].startswith("Cannot reach the database server"), err
            assert len(err) == 1
        finally:
            event.remove(Engine, "before_cursor_execute", _drop)
    finally:
        gen.close()


def test_the_desk_uses_the_same_length_limits(ctx, team) -> None:
    from desktop.domain.errors import InvalidInput
    from desktop.services import intake
    from desktop.services.settings_service import set_setting
    from tests.desktop.helpers import registration

    with ctx.db.session() as s, pytest.raises(InvalidInput) as refused:
        intake.register(ctx, s, team.clerk, registration(name="张" * 65, summary="事" * 4001, address="址" * 201))
    assert {(p.details["field"], p.details["maximum"]) for p in refused.value.problems} == {
        ("name", 64), ("summary", 4000), ("address", 200)}
    with ctx.db.session() as s:
        set_setting(ctx, s, team.admin, "limits.summary_max_length", "100")
    with ctx.db.session() as s, pytest.raises(InvalidInput):
        intake.register(ctx, s, team.clerk, registration(summary="事" * 101))
