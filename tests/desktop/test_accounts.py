"""Accounts as a tester attacks them: guessing passwords, weak passwords, one administrator alone granting
access to accusations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop.db.models import AuditEntry, Staff
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import users
from desktop.services.signin import sign_in, unlock
from tests.desktop.conftest import PASSWORD


def _failures(ctx, tried: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with ctx.db.read() as s:
        return [e for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "login.failed"))
                if e.details.get("username") == tried]


def test_every_failed_sign_in_is_audited_in_its_own_transaction(ctx, team, clock) -> None:
    for i in range(20):
        with pytest.raises(PermissionDenied):
            sign_in(ctx, "nobody" if i % 2 else "clerk", f"guess-{i}")
        clock.advance(minutes=16)  # past any wait or lock-out: each try is a real guess
    assert len(_failures(ctx, "nobody")) == 10
    assert len(_failures(ctx, "clerk")) == 10
    assert {e.details["reason"] for e in _failures(ctx, "nobody")} == {"unknown_user"}


def test_five_failures_in_a_row_lock_the_account_until_a_time_it_names(ctx, team, clock) -> None:
    for _ in range(4):
        with pytest.raises(PermissionDenied) as refused:
            sign_in(ctx, "clerk", "wrong-password")
        assert refused.value.code == "login_failed"
        clock.advance(seconds=31)
    with pytest.raises(PermissionDenied) as refused:
        sign_in(ctx, "clerk", "wrong-password")
    assert refused.value.code == "account_locked"
    assert refused.value.details["until"] == "2025-03-03 10:17"  # 15 minutes after the fifth failure
    clock.advance(minutes=14)
    with pytest.raises(PermissionDenied) as refused:
        sign_in(ctx, "clerk", PASSWORD)  # the right password does not open a locked account
    assert refused.value.code == "account_locked"
    clock.advance(minutes=2)
    assert sign_in(ctx, "clerk", PASSWORD).username == "clerk"
    with ctx.db.read() as s:
        staff = s.scalar(select(Staff).where(Staff.username == "clerk"))
        assert staff.failed_logins == 0 and staff.locked_until is None
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "user.locked")) is not None


def test_a_failure_slows_the_next_try(ctx, team, clock) -> None:
    with pytest.raises(PermissionDenied):
        sign_in(ctx, "clerk", "wrong-password")
    with pytest.raises(PermissionDenied):
        sign_in(ctx, "clerk", "wrong-password-2")
    with pytest.raises(PermissionDenied) as refused:
        sign_in(ctx, "clerk", PASSWORD)  # too soon after two failures: not even checked
    assert refused.value.code == "login_throttled" and refused.value.details["seconds"] >= 1
    clock.advance(seconds=2)
    assert sign_in(ctx, "clerk", PASSWORD).username == "clerk"


def test_lockout_numbers_are_settings(ctx, team, clock) -> None:
    from desktop.services.settings_service import set_setting

    with ctx.db.session() as s:
        set_setting(ctx, s, team.admin, "security.lockout_failures", "2")
        set_setting(ctx, s, team.admin, "security.lockout_minutes", "60")
    with pytest.raises(PermissionDenied):
        sign_in(ctx, "clerk", "wrong-password")
    clock.advance(seconds=5)
    with pytest.raises(PermissionDenied) as refused:
        sign_in(ctx, "clerk", "wrong-password")
    assert refused.value.code == "account_locked" and refused.value.details["until"] == "2025-03-03 11:00"


def test_an_administrator_unlocks_and_it_is_audited(ctx, team, clock) -> None:
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            sign_in(ctx, "clerk", "wrong-password")
        clock.advance(seconds=31)
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        unlock(ctx, s, team.clerk2, "clerk")
    with ctx.db.session() as s:
        unlock(ctx, s, team.admin, "clerk")
    assert sign_in(ctx, "clerk", PASSWORD).username == "clerk"
    with ctx.db.read() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "user.unlock"))
        assert entry.actor_id == team.admin.id and entry.details["username"] == "clerk"


@pytest.mark.parametrize(("password", "code"), [
    ("", "password_blank"), (" " * 12, "password_blank"), ("short-pw1", "password_too_short"),
    ("x" * 129, "password_too_long"), ("NewClerk99", "password_is_username"), ("  newclerk99 ", "password_is_username"),
])
def test_password_rules_name_the_rule(ctx, team, password, code) -> None:
    with ctx.db.session() as s, pytest.raises(ValidationError) as refused:
        users.create_staff(ctx, s, team.admin, username="newclerk99", display_name="新", password=password,
                           roles=[Role.CLERK])
    assert refused.value.code == code and refused.value.details["field"] == "password"


def test_password_length_is_a_setting(ctx, team) -> None:
    from desktop.services.settings_service import set_setting

    with ctx.db.session() as s:
        set_setting(ctx, s, team.admin, "security.password_min_length", "14")
    with ctx.db.session() as s, pytest.raises(ValidationError) as refused:
        users.change_password(ctx, s, team.clerk, "clerk", "thirteen-char")
    assert refused.value.details["minimum"] == 14


def test_one_administrator_alone_cannot_grant_access_to_accusations(ctx, team) -> None:
    with ctx.db.session() as s, pytest.raises(PermissionDenied) as refused:
        users.set_roles(ctx, s, team.admin, "admin", [Role.ADMIN, Role.INSPECTOR])
    assert refused.value.code == "inspector_needs_second_admin"
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        users.create_staff(ctx, s, team.admin, username="spy", display_name="x", password="spy-password-1",
                           roles=[Role.INSPECTOR])
    with ctx.db.session() as s, pytest.raises(PermissionDenied):  # confirming one's own grant is no second pair of eyes
        users.set_roles(ctx, s, team.admin, "clerk", [Role.INSPECTOR], confirmed_by=team.admin)
    with ctx.db.session() as s, pytest.raises(PermissionDenied):  # nor is a non-administrator
        users.set_roles(ctx, s, team.admin, "clerk", [Role.INSPECTOR], confirmed_by=team.clerk2)
    second = sign_in(ctx, "admin2", PASSWORD)
    with ctx.db.session() as s:
        users.set_roles(ctx, s, team.admin, "clerk", [Role.CLERK, Role.INSPECTOR], confirmed_by=second)
    with ctx.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.roles")).all()[-1]
    assert entry.details["before"] == ["clerk"] and entry.details["after"] == ["clerk", "inspector"]
    assert entry.details["confirmed_by"] == "admin2"


def test_role_changes_without_the_inspector_need_no_confirmation(ctx, team) -> None:
    with ctx.db.session() as s:
        users.set_roles(ctx, s, team.admin, "clerk", [Role.CLERK, Role.INTERVIEWER])
    with ctx.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.roles")).all()[-1]
    assert entry.details == {"username": "clerk", "before": ["clerk"], "after": ["clerk", "interviewer"],
                             "confirmed_by": None}


def test_lock_lasts_the_configured_minutes(ctx, team, clock) -> None:
    start = clock.now()
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            sign_in(ctx, "head", "wrong-password")
        clock.advance(seconds=31)
    with ctx.db.read() as s:
        locked = s.scalar(select(Staff.locked_until).where(Staff.username == "head"))
    assert locked == start + timedelta(seconds=4 * 31) + timedelta(minutes=15)


def test_cli_failures_are_audited_and_the_lock_is_one_line(home, tmp_path, monkeypatch, capsys) -> None:
    from desktop.cli.app import run

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-12")
    assert run(["--db", url, "init", "--admin", "admin"]) == 0
    monkeypatch.setenv("RECEPTION_PASSWORD", "not-the-password")
    for _ in range(5):
        assert run(["--db", url, "--lang", "en", "user", "list"]) == 1
        monkeypatch.setattr("desktop.services.signin.delay_after", lambda n: timedelta(0))
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == "Wrong user name or password: admin"
    assert err[-1].startswith("Account admin is locked after repeated failed sign-ins until ")
    assert "Traceback" not in "".join(err)
    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-12")
    assert run(["--db", url, "user", "list"]) == 1  # still locked
    from desktop.services.context import AppContext

    ctx = AppContext.open(url)
    try:
        assert len(_failures(ctx, "admin")) == 6
    finally:
        ctx.close()


def test_cli_refuses_a_password_equal_to_the_user_name(home, tmp_path, monkeypatch, capsys) -> None:
    from desktop.cli.app import run

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-12")
    assert run(["--db", url, "init", "--admin", "admin"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", "liwei-liwei")
    assert run(["--db", url, "user", "add", "liwei-liwei", "--role", "clerk"]) == 1
    assert capsys.readouterr().err.strip() == "密码不能与用户名相同。"
    monkeypatch.setenv("RECEPTION_NEW_PASSWORD", " " * 8)
    assert run(["--db", url, "user", "add", "liwei", "--role", "clerk"]) == 1
    assert capsys.readouterr().err.strip() == "密码不能为空或全是空格。"
