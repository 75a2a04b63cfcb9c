"""``reception keys rotate``: every field re-encrypted in one transaction, resumable, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Petitioner
from desktop.domain.errors import PermissionDenied
from desktop.security.keyfile import KeyKind
from desktop.services import audit_verify, drafts, intake, key_rotation, petitioners
from desktop.services.context import AppContext
from tests.desktop.conftest import make_team
from tests.desktop.helpers import registration, resident_id

NUMBERS = [resident_id(f"1101051990030700{i}") for i in range(4)]


@pytest.fixture
def filled(ctx):  # type: ignore[no-untyped-def]
    team = make_team(ctx)
    with ctx.db.session() as s:
        for n in NUMBERS:
            intake.register(ctx, s, team.clerk, registration(id_number=n, phone="13800138000"))
        drafts.save(ctx, s, team.clerk.id, {"id_number": NUMBERS[0], "name": "张三"})
    return team


def _readable(ctx: AppContext, team) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        for n in NUMBERS:
            person = petitioners.find_by_id_number(ctx, s, n)
            assert person is not None and petitioners.reveal_id_number(ctx, s, team.admin, person) == n
            assert petitioners.reveal_phone(ctx, s, team.admin, person) == "13800138000"
        assert drafts.latest(ctx, s, team.clerk.id).payload["id_number"] == NUMBERS[0]
    with ctx.db.read() as s:
        assert audit_verify.verify_all(s).problems == []


def test_rotation_re_encrypts_everything_and_is_audited(ctx, filled) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.read() as s:
        before = {p.id: (p.id_cipher, p.id_index) for p in s.scalars(select(Petitioner))}
    old_key = ctx.keys.field_key()
    result = key_rotation.rotate(ctx, filled.admin)
    assert (result.petitioners, result.drafts, result.resumed) == (4, 1, False)
    assert result.retired.read_bytes() == old_key and ctx.keys.field_key() != old_key
    with ctx.db.read() as s:
        after = {p.id: (p.id_cipher, p.id_index) for p in s.scalars(select(Petitioner))}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "keys.rotate")).one()
    assert all(before[i][0] != after[i][0] and before[i][1] != after[i][1] for i in before)
    assert entry.actor_id == filled.admin.id and entry.details["petitioners"] == 4
    _readable(ctx, filled)
    reopened = AppContext.open(ctx.db.url, keys=ctx.keys, clock=ctx.clock)  # the stored fingerprint follows
    reopened.close()


def test_an_interrupted_rotation_changes_nothing_and_resumes(ctx, filled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = key_rotation._reencrypt

    def dies_half_way(session, old, new):  # type: ignore[no-untyped-def]
        real(session, old, new)
        raise KeyboardInterrupt  # the power goes before the commit

    monkeypatch.setattr(key_rotation, "_reencrypt", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        key_rotation.rotate(ctx, filled.admin)
    pending = key_rotation.next_path(ctx.keys).read_bytes()
    _readable(ctx, filled)  # the old key still opens every field: the transaction was rolled back
    monkeypatch.setattr(key_rotation, "_reencrypt", real)
    result = key_rotation.rotate(ctx, filled.admin)
    assert result.resumed and ctx.keys.field_key() == pending
    _readable(ctx, filled)


def test_a_rotation_dying_after_its_commit_is_finished_at_the_next_start(ctx, filled, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def dies(keys, stamp):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(key_rotation, "finish_swap", dies)
    with pytest.raises(KeyboardInterrupt):
        key_rotation.rotate(ctx, filled.admin)
    monkeypatch.undo()
    ctx.close()
    pending = key_rotation.next_path(ctx.keys).read_bytes()
    reopened = AppContext.open(ctx.db.url, keys=ctx.keys, clock=ctx.clock)
    assert reopened.keys.field_key() == pending and not key_rotation.next_path(ctx.keys).exists()
    _readable(reopened, filled)
    reopened.close()


def test_only_the_administrator_rotates_keys(ctx, filled) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        key_rotation.rotate(ctx, filled.clerk)
    assert not key_rotation.next_path(ctx.keys).exists()
    assert ctx.keys.exists(KeyKind.FIELD)


def test_keys_rotate_on_the_command_line(db_url, home, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop.cli.app import run

    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-1")
    assert run(["--db", db_url, "init", "--admin", "admin"]) == 0
    capsys.readouterr()
    assert run(["--db", db_url, "--lang", "en", "keys", "rotate"]) == 0
    out = capsys.readouterr().out
    assert "Field key rotated: 0 petitioners" in out and "field.key.retired-" in out
    assert run(["--db", db_url, "verify"]) == 0


def test_rotation_keeps_partial_id_search_and_the_key_person_register_readable(ctx, filled) -> None:  # type: ignore[no-untyped-def]
    """Every field under the field key moves to the new key: the ID tail index the ledger searches by, and
    the prevention register's encrypted reasons and measures."""
    from desktop.prevention import key_persons
    from desktop.prevention.enums import KeyPersonKind
    from desktop.prevention.key_persons import KeyPersonInput

    with ctx.db.session() as s:
        kp = key_persons.register(ctx, s, filled.approver, KeyPersonInput(
            id_number=NUMBERS[1], name="张三", kind=KeyPersonKind.LONG_TERM, reason="多年反映宅基地问题",
            since=ctx.today(), cadre_id=filled.approver.id, measures="每周走访"))
        kp_id = kp.id
    with ctx.db.read() as s:
        before = petitioners.ids_ending_with(ctx, s, NUMBERS[2][-4:])
    assert len(before) == 1
    key_rotation.rotate(ctx, filled.admin)
    fresh = AppContext.open(ctx.db.url, keys=ctx.keys, clock=ctx.clock)  # the new key, as the next start has it
    try:
        with fresh.db.session() as s:  # reading the register is audited: a write
            assert petitioners.ids_ending_with(fresh, s, NUMBERS[2][-4:]) == before
            listed = {v.id: v for v in key_persons.list_key_persons(fresh, s, filled.approver, fresh.today())}
        assert listed[kp_id].reason == "多年反映宅基地问题" and listed[kp_id].measures == "每周走访"
    finally:
        fresh.close()
