"""What every command gets: the language, the opened application context and the acting user."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from desktop.cli.messages import message
from desktop.domain.errors import DomainError, PermissionDenied
from desktop.services.context import AppContext
from desktop.services.permissions import Actor


@dataclass
class Runtime:
    lang: str = "zh"
    db_url: str | None = None
    user: str | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    initialising: bool = False  # `init`: may open a database whose keys are not registered yet
    _ctx: AppContext | None = None
    _actor: Actor | None = None

    @property
    def ctx(self) -> AppContext:
        if self._ctx is None:
            self._ctx = AppContext.open(self.db_url, allow_unregistered=self.initialising)
        return self._ctx

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def warn(self, text: str) -> None:
        print(text, file=self.stderr)

    def t(self, code: str, **details: Any) -> str:
        return message(code, self.lang, details)

    def zh_en(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def password(self, prompt_user: str) -> str:
        env = os.environ.get("RECEPTION_PASSWORD")
        if env is not None:
            return env
        if not sys.stdin.isatty():
            line = sys.stdin.readline().rstrip("\n")
            if line:
                return line
            raise DomainError("password_required")
        return getpass.getpass(self.zh_en(f"{prompt_user} 的密码：", f"Password for {prompt_user}: "))

    def actor(self) -> Actor:
        """Signs in as ``--user`` (default: the first administrator); audited as a login."""
        if self._actor is not None:
            return self._actor
        from desktop.services import users

        ctx = self.ctx
        with ctx.db.read() as session:
            if self.user:
                username = self.user
            else:
                admin = users.first_admin(session)
                if admin is None:
                    raise PermissionDenied("no_admin")
                username = admin.username
        password = self.password(username)
        from desktop.services.signin import sign_in

        self._actor = sign_in(ctx, username, password)  # a refusal is committed (audited) before it is raised
        return self._actor

    def confirmer(self, username: str) -> Actor:
        """A second administrator who confirms a grant (password from RECEPTION_CONFIRM_PASSWORD or a prompt)."""
        from desktop.services.signin import sign_in

        password = os.environ.get("RECEPTION_CONFIRM_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise DomainError("password_required")
            password = getpass.getpass(self.zh_en(f"{username}（确认人）的密码：",
                                                  f"Password for {username} (confirming): "))
        return sign_in(self.ctx, username, password)

    def reset(self) -> None:
        """Drops the database connections (after the server went away); the signed-in user stays."""
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
