"""``reception audit list``: one entry a line, filtered, for the administrator and the inspector only, and
each reading is itself in the log."""

from __future__ import annotations

import pytest

from desktop.cli.app import run

PASSWORD = "admin-pass-1"


@pytest.fixture
def cli(db_url, home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("RECEPTION_CONFIRM_PASSWORD", PASSWORD)

    def call(*args: str) -> tuple[int, str, str]:
        code = run(["--db", db_url, "--lang", "en", *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init", "--admin", "admin")[0] == 0
    # Separation of duties: the inspector's access is confirmed by a second administrator.
    assert call("user", "add", "admin2", "--role", "admin")[0] == 0
    assert call("user", "add", "zhengping", "--role", "inspector", "--confirm-by", "admin2")[0] == 0
    assert call("user", "add", "liwei", "--role", "clerk")[0] == 0
    return call


def test_audit_list_prints_one_entry_a_line_and_is_itself_audited(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("audit", "list")
    assert code == 0
    lines = out.strip().splitlines()
    assert all(line.split("\t")[0].isdigit() for line in lines)
    assert any("\tuser.create\tstaff:" in line for line in lines)
    code, out, _ = cli("--user", "zhengping", "audit", "list", "--action", "audit.list")
    assert code == 0
    readings = out.strip().splitlines()
    assert len(readings) == 2 and readings[0].split("\t")[2] == "admin" and readings[1].split("\t")[2] == "zhengping"


def test_audit_list_filters_by_user_action_and_day(cli) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = cli("audit", "list", "--user", "admin", "--action", "user.")
    lines = out.strip().splitlines()
    assert lines and all(line.split("\t")[2] == "admin" and line.split("\t")[3].startswith("user.") for line in lines)
    _, out, _ = cli("audit", "list", "--since", "2999-01-01")
    assert out.strip() == ""
    code, _, err = cli("audit", "list", "--since", "yesterday")
    assert code == 1 and "Invalid date: yesterday" in err
    code, _, err = cli("audit", "list", "--user", "nobody")
    assert code == 1 and "No such user: nobody" in err


def test_a_clerk_may_not_read_the_audit_log(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("--user", "liwei", "audit", "list")
    assert code == 1 and out == "" and err.count("\n") == 1
