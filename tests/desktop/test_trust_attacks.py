"""Attacks on the stored record, each by someone holding the database but not the keys folder, on SQLite and
PostgreSQL: ``reception verify`` must name each one (exit 1), and stay quiet (exit 0) on an intact record."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.cli.app import run
from desktop.services import intake
from tests.desktop.conftest import make_team
from tests.desktop.helpers import registration, resident_id


@pytest.fixture
def record(ctx, db_url, home, monkeypatch):  # type: ignore[no-untyped-def]
    """A few matters by a team; the context is closed so the attacks work on the database alone."""
    monkeypatch.setenv("RECEPTION_PASSWORD", "unused")
    team = make_team(ctx)
    with ctx.db.session() as s:
        for i in range(3):
            intake.register(ctx, s, team.clerk, registration(id_number=resident_id(f"1101051990030700{i}")))
    ctx.close()
    return team


def verify(db_url: str, capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = run(["--db", db_url, "--lang", "en", "verify"])
    out, err = capsys.readouterr()
    return code, out, err


def sql(db_url: str, *statements: str) -> list[list[tuple]]:
    engine = create_engine(db_url)
    out = []
    with engine.begin() as conn:
        for stmt in statements:
            result = conn.execute(text(stmt))
            out.append(list(result) if result.returns_rows else [])
    engine.dispose()
    return out


def tip(db_url: str) -> int:
    return sql(db_url, "SELECT max(seq) FROM audit_log")[0][0][0]


def test_intact_record_verifies_and_says_what_it_checked(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = verify(db_url, capsys)
    assert (code, err) == (0, "")
    assert "3 matters, 3 petitioners, 9 staff, 9 roles" in out and "Intact" in out


def test_deleting_the_tail_is_behind_the_anchor(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    last = tip(db_url)
    keep = last - 3
    sql(db_url, f"DELETE FROM audit_log WHERE seq > {keep}",
        f"UPDATE audit_head SET last_seq = {keep}, last_hash = (SELECT hash FROM audit_log WHERE seq = {keep})")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and f"anchored at entry {last}, only {keep} stored" in err


def test_emptying_the_log_is_behind_the_anchor(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    sql(db_url, "DELETE FROM audit_log", f"UPDATE audit_head SET last_seq = 0, last_hash = '{'0' * 64}'")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "behind its anchor" in err and "matter #1: has no audited state" in err


def test_a_forged_entry_is_named(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    sql(db_url, "UPDATE audit_log SET details = '{\"forged\": 1}' WHERE seq = 5")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "audit entry 5: altered" in err


def test_re_chaining_after_an_edit_needs_the_key(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    """The attacker edits entry 4 and recomputes every hash after it the way an unkeyed chain would."""
    rows = sql(db_url, "SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq")[0]
    prev = rows[2][2]
    statements = []
    for seq, _, _ in rows[3:]:
        digest = hashlib.sha256(f"{prev}|forged {seq}".encode()).hexdigest()
        statements.append(f"UPDATE audit_log SET prev_hash = '{prev}', hash = '{digest}' WHERE seq = {seq}")
        prev = digest
    statements.append(f"UPDATE audit_head SET last_hash = '{prev}'")
    sql(db_url, "UPDATE audit_log SET action = 'nothing' WHERE seq = 4", *statements)
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "audit entry 4: altered" in err and f"audit entry {rows[-1][0]}: altered" in err
    assert "differs from the anchor" in err


def test_a_direct_edit_of_a_matter_is_named(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    sql(db_url, "UPDATE matters SET summary = '已办结' WHERE id = 2")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "matter #2: content differs from its last audited state" in err
    assert "matter #1" not in err and "matter #3" not in err


def test_a_direct_edit_of_a_role_and_an_inserted_role_are_named(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    clerk = record.clerk.id
    admin_role = sql(db_url, f"SELECT role FROM staff_roles WHERE staff_id = {record.admin.id}")[0][0][0]
    sql(db_url, f"UPDATE staff_roles SET role = '{admin_role}' WHERE staff_id = {clerk}",
        f"INSERT INTO staff_roles (staff_id, role) VALUES ({record.inspector.id}, '{admin_role}')")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "content differs from its last audited state" in err
    assert "has no audited state (inserted directly)" in err


def test_a_replaced_password_hash_is_named(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    sql(db_url, f"UPDATE staff SET password_hash = (SELECT password_hash FROM staff WHERE id = {record.clerk.id}) "
                f"WHERE id = {record.admin.id}")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and f"staff member #{record.admin.id}: content differs" in err


def test_a_deleted_petitioner_is_named(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    sql(db_url, "DELETE FROM visits WHERE matter_id = 3", "DELETE FROM matters WHERE id = 3",
        "DELETE FROM petitioners WHERE id = 3")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "petitioner #3: deleted without an audited deletion" in err


def test_an_older_consistent_copy_is_behind_the_anchor(record, ctx, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    """What restoring an older copy leaves: fewer entries and rows, all consistent with each other."""
    newest = tip(db_url)
    older = sql(db_url, "SELECT min(seq) FROM audit_log WHERE action = 'matter.register'")[0][0][0]
    sql(db_url, "DELETE FROM visits", "DELETE FROM matters", "DELETE FROM petitioners",
        "DELETE FROM counters", f"DELETE FROM audit_log WHERE seq >= {older}",
        f"UPDATE audit_head SET last_seq = {older - 1}, "
        f"last_hash = (SELECT hash FROM audit_log WHERE seq = {older - 1})")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and f"anchored at entry {newest}, only {older - 1} stored" in err


def test_an_older_copy_of_the_sqlite_file_is_behind_the_anchor(ctx, db_url, home, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not db_url.startswith("sqlite"):
        pytest.skip("a file copy is SQLite's; the consistent older state above covers PostgreSQL")
    monkeypatch.setenv("RECEPTION_PASSWORD", "unused")
    team = make_team(ctx)
    db_file = Path(db_url.removeprefix("sqlite:///"))
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration())
    ctx.close()
    shutil.copy(db_file, home / "older.sqlite3")
    ctx2 = type(ctx).open(db_url, keys=ctx.keys, clock=ctx.clock)
    with ctx2.db.session() as s:
        intake.register(ctx2, s, team.clerk, registration(id_number=resident_id("41152119680405123")))
    ctx2.close()
    shutil.copy(home / "older.sqlite3", db_file)
    for extra in (Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
        extra.unlink(missing_ok=True)
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "behind its anchor" in err


def test_a_database_emptied_to_zero_bytes_is_behind_the_anchor(record, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    if db_url.startswith("sqlite"):
        db_file = Path(db_url.removeprefix("sqlite:///"))
        db_file.write_bytes(b"")
        for extra in (Path(f"{db_file}-wal"), Path(f"{db_file}-shm")):
            extra.unlink(missing_ok=True)
    else:
        sql(db_url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "not initialised" in err and "behind its anchor" in err


def test_a_forged_anchor_is_named(record, db_url, home, capsys) -> None:  # type: ignore[no-untyped-def]
    anchor = home / "keys" / "audit.anchor"
    data = json.loads(anchor.read_text())
    anchor.write_text(json.dumps({**data, "seq": 1}))
    code, _, err = verify(db_url, capsys)
    assert code == 1 and "anchor file not written with the audit key" in err


def test_every_desk_keeps_the_highest_anchor_it_has_seen(record, ctx, db_url, home, capsys) -> None:  # type: ignore[no-untyped-def]
    """Two desks on one database, each with its own copy of the keys folder: a desk's anchor follows its own
    commits and each clean verify, and it reports a database rolled back behind what it has seen."""
    from desktop.security.keyfile import KeyStore
    from desktop.services import audit_anchor
    from desktop.services.context import AppContext

    other = home.parent / "desk-b-keys"
    shutil.copytree(home / "keys", other)
    desk_a = AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)
    with desk_a.db.session() as s:
        intake.register(desk_a, s, record.clerk, registration(id_number=resident_id("41152119680405123")))
    desk_a.close()
    tip_now = tip(db_url)
    key = (home / "keys" / "audit.key").read_bytes()
    assert audit_anchor.read(home / "keys" / "audit.anchor", key).seq == tip_now
    assert audit_anchor.read(other / "audit.anchor", key).seq < tip_now  # desk B has not seen it yet
    desk_b = AppContext.open(db_url, keys=KeyStore(other), clock=ctx.clock)
    with desk_b.db.read() as s:
        from desktop.services import audit_verify

        assert audit_verify.verify_all(s).problems == []
    desk_b.close()
    assert audit_anchor.read(other / "audit.anchor", key).seq == tip_now  # a clean verify moved it up
    keep = tip_now - 2
    sql(db_url, f"DELETE FROM audit_log WHERE seq > {keep}",
        f"UPDATE audit_head SET last_seq = {keep}, last_hash = (SELECT hash FROM audit_log WHERE seq = {keep})")
    desk_b = AppContext.open(db_url, keys=KeyStore(other), clock=ctx.clock)
    with desk_b.db.read() as s:
        codes = {p.code for p in audit_verify.verify_all(s).problems}
    desk_b.close()
    assert "behind_anchor" in codes
