"""Keys cannot be lost silently: a database that depends on a key refuses to run without it (one line naming
the file and the way back), a wrong key is named as wrong before anything is read or written, and new keys
are made only when an empty database is initialised — for every kind, the recording signing key too."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop.cli.app import run
from desktop.db.models import AuditEntry, Petitioner
from desktop.security.keyfile import KeyKind, KeyMismatch, KeyMissing, KeyStore
from desktop.services import intake
from desktop.services.context import AppContext
from desktop.services.installation import NotInitialised
from tests.desktop.conftest import make_team
from tests.desktop.helpers import registration


@pytest.fixture
def used(ctx):  # type: ignore[no-untyped-def]
    team = make_team(ctx)
    with ctx.db.session() as s:
        intake.register(ctx, s, team.clerk, registration())
    ctx.close()
    return team


@pytest.mark.parametrize("kind", list(KeyKind))
def test_a_missing_key_is_refused_and_never_made_again(used, ctx, db_url, kind, capsys) -> None:  # type: ignore[no-untyped-def]
    path = ctx.keys.path(kind)
    path.unlink()
    with pytest.raises(KeyMissing) as caught:
        AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)
    assert caught.value.details["path"] == str(path)
    assert not path.exists()
    assert run(["--db", db_url, "init"]) == 1  # init of a database with data never makes a key
    assert run(["--db", db_url, "--lang", "en", "verify"]) == 1
    err = capsys.readouterr().err
    assert not path.exists()
    zh, en = err.strip().splitlines()  # one line each: init (Chinese, the default), verify (English)
    assert str(path) in zh and "reception restore" in zh
    assert en == (f"Key file missing: {path}. The database depends on it and no new key is made: restore the keys "
                  "folder from a backup (reception restore)")


def test_the_recording_signing_key_is_not_made_on_demand(home) -> None:  # type: ignore[no-untyped-def]
    keys = KeyStore(home / "keys")
    with pytest.raises(KeyMissing):
        keys.signing_key()
    assert not keys.signing_key_path.exists()


@pytest.mark.parametrize("kind", list(KeyKind))
def test_a_wrong_key_is_named_before_anything_is_read(used, ctx, db_url, kind, capsys) -> None:  # type: ignore[no-untyped-def]
    path = ctx.keys.path(kind)
    path.unlink()
    path.write_bytes(KeyStore.new_material(kind))
    with pytest.raises(KeyMismatch):
        AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)
    assert run(["--db", db_url, "--lang", "en", "verify"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"Wrong key file for this database: {path}. Put the original back or restore it from a backup "
                   "(reception restore)")


def test_a_new_key_after_a_deleted_one_would_have_duplicated_people(used, ctx, db_url) -> None:  # type: ignore[no-untyped-def]
    """The defect as found: with the field key gone, the next registration must not make a new key and a
    second person with the same ID number."""
    ctx.keys.field_key_path.unlink()
    with pytest.raises(KeyMissing):
        AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)
    ctx.keys.create_missing()  # an attacker or a mistaken "fix" makes a fresh one: still refused
    with pytest.raises(KeyMismatch):
        AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)


def test_keys_are_made_only_by_init_of_an_empty_database(db_url, home, clock, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    keys = KeyStore(home / "keys")
    ctx = AppContext.open(db_url, keys=keys, clock=clock)
    assert not ctx.initialised and not any(keys.exists(k) for k in KeyKind)
    ctx.close()
    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-1")
    assert run(["--db", db_url, "--lang", "en", "init", "--admin", "admin"]) == 0
    out = capsys.readouterr().out
    assert all(keys.exists(k) and f"Key created: {keys.path(k)}" in out for k in KeyKind)
    ctx = AppContext.open(db_url, keys=keys, clock=clock)
    assert ctx.initialised
    with ctx.db.read() as s:
        assert s.scalar(select(func.count(AuditEntry.seq))) > 0
        assert s.scalar(select(func.count(Petitioner.id))) == 0
    ctx.close()


def test_a_database_with_data_but_no_registered_keys_is_refused(used, ctx, db_url) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM installation_keys"))
    engine.dispose()
    with pytest.raises(NotInitialised):
        AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)


def test_an_empty_database_is_not_initialised_over_a_used_keys_folder(used, ctx, db_url, home) -> None:  # type: ignore[no-untyped-def]
    """A database replaced by an empty one must not be quietly adopted by the old keys."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        for table in ("visits", "matters", "petitioners", "audit_log", "audit_head", "staff_roles", "staff",
                      "installation_keys"):
            conn.execute(text(f"DELETE FROM {table}"))
    engine.dispose()
    fresh = AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)
    with pytest.raises(Exception) as caught:
        fresh.initialise()
    assert getattr(caught.value, "code", "") == "database_replaced"
    fresh.close()


def _make_legacy(db_url: str, keys: KeyStore) -> None:
    """What a database from before this change looks like: no fingerprints, a plain SHA-256 chain, no
    audit key or anchor."""
    import hashlib
    import json
    from datetime import datetime

    from sqlalchemy import create_engine, text

    from desktop.db.base import UTCDateTime

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM installation_keys"))
        conn.execute(text("DELETE FROM audit_log WHERE action = 'row.state'"))
        rows = conn.execute(text("SELECT seq, at, actor_id, action, target_type, target_id, details FROM audit_log "
                                 "ORDER BY seq")).all()
        prev = "0" * 64
        for new_seq, (seq, at, actor, action, tt, tid, details) in enumerate(rows, start=1):
            at = UTCDateTime().process_result_value(datetime.fromisoformat(at) if isinstance(at, str) else at, None)
            details = json.loads(details) if isinstance(details, str) else details
            payload = json.dumps([new_seq, at.isoformat(timespec="microseconds"), actor, action, tt, tid, details],
                                 ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
            digest = hashlib.sha256(f"{prev}|{payload}".encode()).hexdigest()
            conn.execute(text("UPDATE audit_log SET seq = :n, prev_hash = :p, hash = :h, row_hash = NULL "
                              "WHERE seq = :s"), {"n": new_seq, "p": prev, "h": digest, "s": seq})
            prev = digest
        conn.execute(text("UPDATE audit_head SET last_seq = :n, last_hash = :h"), {"n": len(rows), "h": prev})
    engine.dispose()
    keys.audit_key_path.unlink()
    keys.anchor_path.unlink()


def test_a_database_from_before_is_taken_over_by_init(used, ctx, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    _make_legacy(db_url, ctx.keys)
    with pytest.raises(NotInitialised):
        AppContext.open(db_url, keys=ctx.keys, clock=ctx.clock)
    assert run(["--db", db_url, "--lang", "en", "init"]) == 0
    assert f"Key created: {ctx.keys.audit_key_path}" in capsys.readouterr().out
    assert run(["--db", db_url, "--lang", "en", "verify"]) == 0, capsys.readouterr().err


def test_a_broken_old_chain_is_not_laundered(used, ctx, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    _make_legacy(db_url, ctx.keys)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'nothing' WHERE seq = 2"))
    engine.dispose()
    assert run(["--db", db_url, "--lang", "en", "init"]) == 1
    assert "broken at entry 2" in capsys.readouterr().err
