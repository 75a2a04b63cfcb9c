"""Storage: migrations, encryption at rest, the audit chain's tamper evidence, gap-free numbers."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text, update

from desktop.db.migrate import HEAD_REVISION, alembic_config, head_revision
from desktop.db.models import AuditEntry, Counter
from desktop.domain.errors import IntegrityFailure
from desktop.security.fields import FieldCipher
from desktop.security.keyfile import KeyStore
from desktop.services import audit, intake, numbering
from tests.desktop.helpers import registration


def test_revision_chain_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    for rev in revisions:
        down = rev.down_revision
        assert down is None or isinstance(down, str), f"{rev.revision} merges branches"
    assert head_revision() == revisions[0].revision
    assert head_revision() == HEAD_REVISION, "update desktop.db.migrate.HEAD_REVISION with the new migration"


def test_schema_matches_the_models(ctx) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop.db.base import Base

    with ctx.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def _one_step_back(url: str) -> None:
    from alembic import command

    from desktop.db.database import Database
    from desktop.db.migrate import alembic_config

    db = Database.open(url)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    db.dispose()


def test_sqlite_file_is_copied_aside_before_migrating_and_three_copies_are_kept(home: Path) -> None:
    from desktop.db.database import Database
    from desktop.db.migrate import HEAD_REVISION, current_revision

    url = f"sqlite:///{home / 'old.sqlite3'}"
    for _ in range(5):
        _one_step_back(url)
        older = current_revision(Database.open(url, migrate=False).engine)
        db = Database.open(url)
        assert db.migration_backup is not None and db.migration_backup.exists()
        assert current_revision(db.engine) == HEAD_REVISION
        db.dispose()
    copies = sorted(home.glob("old.sqlite3.before-*"))
    assert len(copies) == 3
    assert current_revision(Database.open(f"sqlite:///{copies[-1]}", migrate=False).engine) == older


def test_a_database_from_a_newer_version_is_refused_without_a_copy(home: Path) -> None:
    from desktop import __version__
    from desktop.db.database import Database
    from desktop.domain.errors import DomainError

    url = f"sqlite:///{home / 'new.sqlite3'}"
    db = Database.open(url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
        conn.exec_driver_sql("UPDATE settings SET value = '9.9.0' WHERE key = 'app.version'")
    db.dispose()
    before = (home / "new.sqlite3").read_bytes()
    for _ in range(3):
        with pytest.raises(DomainError) as refused:
            Database.open(url)
        assert refused.value.code == "database_too_new"
        assert refused.value.details == {"made_by": "9.9.0", "this": __version__}
    assert not list(home.glob("new.sqlite3.before-*"))
    assert (home / "new.sqlite3").read_bytes() == before


def test_sqlite_runs_in_wal_mode(ctx, db_url) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite only")
    with ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_postgresql_runs_without_jit_and_prices_random_reads_as_on_an_ssd(ctx, db_url) -> None:
    """Both measured on the reports (docs/statistics.md)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's own settings")
    from sqlalchemy import text

    with ctx.db.read() as s:
        assert s.execute(text("SHOW jit")).scalar() == "off"
        assert float(s.execute(text("SHOW random_page_cost")).scalar()) == 1.1


def test_key_files_are_private(home: Path) -> None:
    keys = KeyStore(home / "keys")
    assert len(keys.create_missing()) == 3
    for path in (keys.field_key_path, keys.signing_key_path, keys.audit_key_path):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(keys.directory).st_mode) == 0o700


def test_ciphertext_cannot_be_moved_or_altered(home: Path) -> None:
    keys = KeyStore(home / "keys")
    keys.create_missing()
    cipher = FieldCipher(keys.field_key())
    blob = cipher.encrypt("11010519491231002X", context="id_number")
    assert cipher.decrypt(blob, context="id_number") == "11010519491231002X"
    with pytest.raises(IntegrityFailure):
        cipher.decrypt(blob, context="phone")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(IntegrityFailure):
        cipher.decrypt(tampered, context="id_number")
    assert cipher.blind_index("11010519491231002x", context="id_number") == \
        cipher.blind_index("11010519491231002X", context="id_number")


def _chain(ctx, n: int) -> None:
    with ctx.db.session() as s:
        for i in range(n):
            audit.record(s, at=ctx.now(), actor_id=None, action="test", target_type="t", target_id=i,
                         details={"i": i, "名": "张三"})


def test_audit_chain_detects_alteration(ctx) -> None:
    _chain(ctx, 5)
    with ctx.db.session() as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(details={"i": 99}))
    with ctx.db.read() as s:
        _, problems = audit.verify_chain(s)
    assert [(p.seq, p.problem) for p in problems] == [(3, "altered")]


def test_audit_chain_detects_deletion_in_the_middle_and_at_the_end(ctx) -> None:
    _chain(ctx, 6)
    with ctx.db.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq IN (2, 6)"))
    with ctx.db.read() as s:
        _, problems = audit.verify_chain(s)
    kinds = {(p.seq, p.problem) for p in problems}
    assert (2, "missing") in kinds
    assert any(p.problem == "head_mismatch" for p in problems)


def test_bulk_and_single_entries_share_one_chain(ctx) -> None:
    _chain(ctx, 2)
    with ctx.db.session() as s:
        audit.record_many(s, at=ctx.now(), actor_id=None, entries=[("bulk", "t", str(i), {"i": i}) for i in range(50)])
    _chain(ctx, 2)
    with ctx.db.read() as s:
        checked, problems = audit.verify_chain(s)
    assert (checked, problems) == (54, [])


def test_case_numbers_have_no_gap_when_a_registration_fails(ctx, team) -> None:
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration())
    with pytest.raises(RuntimeError), ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration())
        raise RuntimeError("the PC dies before the registration is committed")
    with ctx.db.session() as s:
        third = intake.register(ctx, s, team.clerk, registration())
    assert third.case_number.endswith("-00002")


def test_two_desks_registering_at_once_get_distinct_consecutive_numbers(ctx, team) -> None:
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def desk() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with ctx.db.session() as s:
                    results.append(numbering.next_value(s, "case", 2030))
        except BaseException as e:  # collected and re-raised in the test thread
            errors.append(e)

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, 21))
    with ctx.db.read() as s:
        assert s.scalar(select(Counter.last_value).where(Counter.year == 2030)) == 20


def test_two_desks_registering_at_once_keep_numbers_and_audit_chain_whole(ctx, team) -> None:
    errors: list[BaseException] = []
    numbers: list[str] = []
    barrier = threading.Barrier(3)

    def desk(actor) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            for _ in range(4):
                with ctx.db.session() as s:
                    numbers.append(intake.register(ctx, s, actor, registration()).case_number)
        except BaseException as e:  # re-raised below, in the test's own thread
            errors.append(e)

    threads = [threading.Thread(target=desk, args=(a,)) for a in (team.clerk, team.clerk2, team.clerk)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [f"XF2025-{i:05d}" for i in range(1, 13)]
    with ctx.db.read() as s:
        _, problems = audit.verify_chain(s)
    assert problems == []
