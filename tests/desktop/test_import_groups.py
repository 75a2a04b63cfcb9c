"""A long import commits group by group, so desks keep working; the result is the same as in one go."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.db.models import Matter
from desktop.services import importer
from desktop.services.import_batches import ImportInterrupted, import_in_groups
from desktop.services.signin import sign_in
from tests.desktop.conftest import PASSWORD, make_team
from tests.desktop.helpers import resident_id

HEADER = "registered_at,channel,petitioner_name,id_number,matter,category,complexity"


def _file(path: Path, n: int) -> Path:
    ids = [resident_id(f"11010519800101{i:03d}") for i in range(7)]
    lines = [HEADER] + [f"2025-0{1 + i % 2}-{1 + (i * 7) % 27:02d}T09:{i % 60:02d},来访,人{i % 7},{ids[i % 7]},事项{i},民生,简单"
                        for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _facts(ctx) -> list[tuple]:  # type: ignore[no-untyped-def]
    with ctx.db.read() as s:
        return [tuple(r) for r in s.execute(select(Matter.case_number, Matter.summary, Matter.visits_30d,
                                                   Matter.repeat_alert).order_by(Matter.case_number))]


def test_groups_give_the_same_matters_as_one_transaction(ctx, team, tmp_path) -> None:
    src = _file(tmp_path / "in.csv", 40)
    report = import_in_groups(ctx, team.clerk, src, group=7, pause=0)
    assert report.imported == 40
    grouped = _facts(ctx)
    from desktop.security.keyfile import KeyStore
    from desktop.services.context import AppContext
    from desktop.services.seed import seed_defaults

    # A second installation: its own keys folder (the audit chain is keyed and anchored per database).
    other = AppContext.open(f"sqlite:///{tmp_path / 'one.sqlite3'}", keys=KeyStore(tmp_path / "one-keys"),
                            clock=ctx.clock)
    try:
        other.initialise()
        with other.db.session() as s:
            seed_defaults(s)
        other_team = make_team(other)
        with other.db.session() as s:
            importer.import_file(other, s, other_team.clerk, src)
        assert _facts(other) == grouped
    finally:
        other.close()


def test_an_interrupted_import_keeps_whole_groups_and_says_how_far(ctx, team, tmp_path, monkeypatch) -> None:
    from desktop.services import import_batches

    real = import_batches._write
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(import_batches, "_write", failing)
    with pytest.raises(ImportInterrupted) as stopped:
        import_in_groups(ctx, team.clerk, _file(tmp_path / "in.csv", 30), group=10, pause=0)
    assert stopped.value.details["imported"] == 20 and stopped.value.details["total"] == 30
    assert len(_facts(ctx)) == 20
    from desktop.services.audit import verify_chain

    with ctx.db.read() as s:
        checked, problems = verify_chain(s)
    assert problems == [] and checked > 20


def test_a_sign_in_never_fails_while_a_long_import_runs(home, tmp_path, clock) -> None:
    from desktop.security.keyfile import KeyStore
    from desktop.services.context import AppContext
    from desktop.services.seed import seed_defaults

    url = f"sqlite:///{home / 'reception.sqlite3'}"
    importing = AppContext.open(url, keys=KeyStore(home / "keys"), clock=clock)
    importing.initialise()  # what `reception init` does: the audit chain is keyed
    desk = AppContext.open(url, keys=KeyStore(home / "keys"), clock=clock)
    try:
        with importing.db.session() as s:
            seed_defaults(s)
        team = make_team(importing)
        src = _file(tmp_path / "big.csv", 6000)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                import_in_groups(importing, team.clerk, src, group=1000)
            except BaseException as error:  # noqa: BLE001 - handed to the test
                errors.append(error)

        worker = threading.Thread(target=run)
        worker.start()
        signed = 0
        while worker.is_alive():
            assert sign_in(desk, "clerk2", PASSWORD).username == "clerk2"
            signed += 1
        worker.join()
        assert not errors and signed >= 1
        assert len(_facts(desk)) == 6000
    finally:
        importing.close()
        desk.close()
