"""Backups a thief cannot read and a restore that cannot be abused: one encrypted file holding everything,
restored only with its passphrase and, over an existing database, by that database's administrator."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.cli.app import run
from desktop.cli.demo_script import DEMO_PASSWORD
from tests.desktop.helpers import resident_id

PASS = "backup-passphrase-1"
ADMIN_PASSWORD = "admin-pass-12"
ID_A = resident_id("11010519900307002")


@pytest.fixture
def desk(tmp_path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    """An installation with a matter, an attachment-free store and a recording file with its manifest."""
    home = tmp_path / "desk"
    monkeypatch.setenv("RECEPTION_HOME", str(home))
    monkeypatch.setenv("RECEPTION_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", PASS)
    url = f"sqlite:///{home / 'reception.sqlite3'}"
    assert run(["--db", url, "init", "--admin", "admin"]) == 0
    src = tmp_path / "in.csv"
    src.write_text("registered_at,channel,petitioner_name,id_number,matter,category,complexity\n"
                   f"2025-03-03,来访,张三,{ID_A},土地承包款未发放,民生,简单\n", encoding="utf-8")
    assert run(["--db", url, "import", str(src)]) == 0
    rec = home / "recordings" / "XF-2025-0001"
    rec.mkdir(parents=True)
    (rec / "interview.mp4").write_bytes(os.urandom(300_000))
    (rec / "interview.manifest.json").write_text('{"sha256": "x"}', encoding="utf-8")
    capsys.readouterr()
    return home, url


def _state(home: Path) -> dict[str, object]:
    """Every file but the database's, the log and the audit anchor (which follows the sign-in entries), and
    what the database holds apart from sign-ins and the staff row states they update."""
    files: dict[str, object] = {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
                                if p.is_file() and "logs" not in p.parts and "reception.sqlite3" not in p.name
                                and p.name != "audit.anchor"}
    engine = create_engine(f"sqlite:///{home / 'reception.sqlite3'}")
    with engine.connect() as conn:
        files["db:staff"] = conn.execute(text("SELECT username FROM staff ORDER BY id")).all()
        files["db:matters"] = conn.execute(text("SELECT case_number, summary FROM matters ORDER BY id")).all()
        files["db:audit"] = conn.execute(text("SELECT action, target_id FROM audit_log WHERE action NOT LIKE 'login%' "
                                              "AND NOT (action = 'row.state' AND target_type = 'staff') "
                                              "ORDER BY seq")).all()
    engine.dispose()
    return files


def test_a_backup_is_one_owner_only_encrypted_file_holding_everything(desk, tmp_path, capsys) -> None:
    home, url = desk
    out = tmp_path / "b.rrbk"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    blob = out.read_bytes()
    key = (home / "keys" / "field.key").read_bytes()
    for secret in (b"SQLite format 3", key[:16], ID_A.encode(), "张三".encode(), b"interview.mp4"):
        assert secret not in blob
    other = tmp_path / "other"
    os.environ["RECEPTION_HOME"] = str(other)
    try:
        assert run(["--db", f"sqlite:///{other / 'reception.sqlite3'}", "restore", str(out)]) == 0
        assert (other / "recordings" / "XF-2025-0001" / "interview.mp4").read_bytes() == \
            (home / "recordings" / "XF-2025-0001" / "interview.mp4").read_bytes()
        assert (other / "keys" / "field.key").read_bytes() == key
        assert stat.S_IMODE((other / "keys" / "field.key").stat().st_mode) == 0o600
        assert run(["--db", f"sqlite:///{other / 'reception.sqlite3'}", "export", "--format", "json", "--unmasked",
                    "--out", str(tmp_path / "r.json")]) == 0
        assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))[0]["id_number"] == ID_A
    finally:
        os.environ["RECEPTION_HOME"] = str(home)


def test_a_failed_backup_leaves_no_file(desk, tmp_path, monkeypatch, capsys) -> None:
    home, url = desk
    from desktop.services import backup

    real = backup._files

    def broken(root, prefix):  # type: ignore[no-untyped-def]
        yield from real(root, prefix)
        if prefix == "recordings":
            yield "recordings/vanished.mp4", root / "vanished.mp4"  # removed while the backup ran

    monkeypatch.setattr(backup, "_files", broken)
    out = tmp_path / "b.rrbk"
    assert run(["--db", url, "backup", "--out", str(out)]) == 1
    assert not out.exists() and not list(tmp_path.glob("b.rrbk*"))
    assert "Traceback" not in capsys.readouterr().err


def _restore_over(url: str, archive: Path, *extra: str) -> int:
    return run(["--db", url, *extra, "restore", str(archive), "--force"])


def test_a_wrong_passphrase_or_user_changes_nothing(desk, tmp_path, monkeypatch, capsys) -> None:
    home, url = desk
    out = tmp_path / "b.rrbk"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "clerk-pass-12")
    assert run(["--db", url, "user", "add", "liwei", "--role", "clerk"]) == 0
    capsys.readouterr()
    before = _state(home)
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "not-the-passphrase")
    assert _restore_over(url, out) == 1
    assert capsys.readouterr().err.strip() == "备份口令不对：未做任何更改。"
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", PASS)
    monkeypatch.setenv("RECEPTION_PASSWORD", "wrong-password-1")
    assert _restore_over(url, out) == 1
    monkeypatch.setenv("RECEPTION_PASSWORD", "clerk-pass-12")
    assert _restore_over(url, out, "--user", "liwei") == 1  # signed in, but not an administrator
    assert _restore_over(url, out, "--user", "nobody") == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and "Traceback" not in "".join(errors)
    assert _state(home) == before
    engine = create_engine(url)
    with engine.connect() as conn:  # the refused attempts left their trace in the database they aimed at
        failed = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'login.failed'")).scalar()
        assert failed == 2
        assert conn.execute(text("SELECT count(*) FROM staff")).scalar() == 2  # liwei is still there
    engine.dispose()


def test_a_damaged_or_truncated_backup_changes_nothing(desk, tmp_path, capsys) -> None:
    home, url = desk
    out = tmp_path / "b.rrbk"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    data = out.read_bytes()
    before = _state(home)
    for name, damaged in (("flip.rrbk", data[:5000] + bytes([data[5000] ^ 1]) + data[5001:]),
                          ("cut.rrbk", data[: len(data) - 20_000]), ("junk.rrbk", b"PK\x03\x04" + data[4:]),
                          ("empty.rrbk", b"")):
        (tmp_path / name).write_bytes(damaged)
        assert _restore_over(url, tmp_path / name) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and ("已损坏" in err[0] or "不是本系统的备份文件" in err[0]), err
    assert _state(home) == before
    assert not list(home.glob(".restore-*"))


def test_restore_by_the_administrator_keeps_the_old_database_and_is_audited(desk, tmp_path, monkeypatch,
                                                                           capsys) -> None:
    home, url = desk
    out = tmp_path / "b.rrbk"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "clerk-pass-12")
    assert run(["--db", url, "user", "add", "later", "--role", "clerk"]) == 0  # made after the backup
    assert _restore_over(url, out) == 0
    out_text = capsys.readouterr().out
    aside = list(home.glob("reception.sqlite3.replaced-*"))
    assert len(aside) == 1 and str(aside[0]) in out_text
    assert list(home.glob("keys.replaced-*"))
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff WHERE username = 'later'")).scalar() == 0
        row = conn.execute(text("SELECT details FROM audit_log WHERE action = 'backup.restore'")).one()
        assert "replaced_database" in str(row[0])
    engine.dispose()
    old = create_engine(f"sqlite:///{aside[0]}")
    with old.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff WHERE username = 'later'")).scalar() == 1
    old.dispose()
    assert run(["--db", url, "verify"]) == 0


def test_a_restored_demo_verifies_with_its_recording(tmp_path, monkeypatch, capsys) -> None:
    demo = tmp_path / "demo"
    assert run(["demo", "--out", str(demo)]) == 0
    summary = json.loads((demo / "summary.json").read_text(encoding="utf-8"))
    monkeypatch.setenv("RECEPTION_HOME", str(demo))
    monkeypatch.setenv("RECEPTION_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", PASS)
    db = f"sqlite:///{summary['database']}"
    assert run(["--db", db, "--user", "admin", "backup", "--out", str(tmp_path / "d.rrbk")]) == 0
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("RECEPTION_HOME", str(elsewhere))
    target = f"sqlite:///{elsewhere / 'reception.sqlite3'}"
    assert run(["--db", target, "restore", str(tmp_path / "d.rrbk")]) == 0
    capsys.readouterr()
    assert run(["--db", target, "verify"]) == 0, capsys.readouterr().err


def test_backup_needs_a_passphrase(desk, tmp_path, monkeypatch, capsys) -> None:
    home, url = desk
    monkeypatch.delenv("RECEPTION_BACKUP_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115
    assert run(["--db", url, "backup", "--out", str(tmp_path / "b.rrbk")]) == 1
    assert "RECEPTION_BACKUP_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "short")
    assert run(["--db", url, "backup", "--out", str(tmp_path / "b.rrbk")]) == 1
    assert not (tmp_path / "b.rrbk").exists()


def test_the_service_refuses_tar_members_outside_the_installation(tmp_path) -> None:
    import io
    import tarfile

    from desktop.domain.errors import IntegrityFailure
    from desktop.services.backup_stream import EncryptingWriter
    from desktop.services.restore import unpack_and_verify

    with open(tmp_path / "evil.rrbk", "wb") as sink:
        writer = EncryptingWriter(sink, PASS)
        with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
            info = tarfile.TarInfo("keys/../../escape.txt")
            info.size = 3
            tar.addfile(info, io.BytesIO(b"bad"))
        writer.close()
    (tmp_path / "stage").mkdir()
    with pytest.raises(IntegrityFailure):
        unpack_and_verify(tmp_path / "evil.rrbk", PASS, tmp_path / "stage")
    assert not (tmp_path / "escape.txt").exists()


@pytest.mark.postgres
def test_postgres_restore_over_a_database_keeps_a_dump_of_it(tmp_path, monkeypatch, capsys) -> None:
    from tests.conftest import PG_URL, _fresh_pg_database

    if not PG_URL:
        pytest.skip("no PostgreSQL server (run through `make test`)")
    monkeypatch.setenv("RECEPTION_HOME", str(tmp_path / "pg-desk"))
    monkeypatch.setenv("RECEPTION_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", PASS)
    gen = _fresh_pg_database()
    url = next(gen)
    try:
        assert run(["--db", url, "init", "--admin", "admin"]) == 0
        assert run(["--db", url, "backup", "--out", str(tmp_path / "pg.rrbk")]) == 0
        monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "clerk-pass-12")
        assert run(["--db", url, "user", "add", "later", "--role", "clerk"]) == 0
        monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "wrong-passphrase")
        assert _restore_over(url, tmp_path / "pg.rrbk") == 1
        monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", PASS)
        assert _restore_over(url, tmp_path / "pg.rrbk") == 0
        assert list((tmp_path / "pg-desk" / "replaced").glob("database-*.pgdump"))
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM staff WHERE username = 'later'")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'backup.restore'")).scalar() == 1
        engine.dispose()
        assert run(["--db", url, "verify"]) == 0
    finally:
        capsys.readouterr()
        gen.close()


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_a_broken_database_is_restored_over_and_kept_aside(desk, tmp_path, capsys, damage) -> None:
    home, url = desk
    out = tmp_path / "b.rrbk"
    assert run(["--db", url, "backup", "--out", str(out)]) == 0
    db = home / "reception.sqlite3"
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    data = db.read_bytes()
    db.write_bytes(b"" if damage == "empty" else data[: len(data) // 3])
    capsys.readouterr()
    assert run(["--db", url, "user", "list"]) == 1  # one line: the file is broken; restore a backup
    assert "reception restore" in capsys.readouterr().err
    assert run(["--db", url, "restore", str(out)]) == 1  # --force is still needed to replace it
    assert _restore_over(url, out) == 0
    assert len(list(home.glob("reception.sqlite3.replaced-*"))) == 1
    assert run(["--db", url, "verify"]) == 0
