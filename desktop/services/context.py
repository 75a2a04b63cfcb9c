"""Everything a service needs, bundled once per process: storage, keys, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import Clock, SystemClock, china_date
from desktop.db.database import Database
from desktop.db.models import CalendarOverride, Setting
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.security.fields import FieldCipher
from desktop.security.keyfile import KeyKind, KeyStore
from desktop.services import audit, audit_anchor, installation, row_state  # noqa: F401 (row_state: hooks)
from desktop.services.audit_verify import audit_tip


@dataclass
class AppContext:
    db: Database
    keys: KeyStore = field(default_factory=KeyStore)
    clock: Clock = field(default_factory=SystemClock)

    initialised: bool = False

    @classmethod
    def open(cls, url: str | None = None, *, keys: KeyStore | None = None, clock: Clock | None = None,
             migrate: bool = True, allow_unregistered: bool = False) -> AppContext:
        """Opens the database and checks its keys before anything else is read or written: a missing or
        wrong key file is refused here, naming the file (``KeyMissing``/``KeyMismatch``). Only ``init``
        opens a database that holds data but has no registered keys yet (``allow_unregistered``)."""
        db = Database.open(url, migrate=migrate)
        ctx = cls(db=db, keys=keys or KeyStore(), clock=clock or SystemClock())
        try:
            with db.read() as session:
                ctx.initialised = installation.check(session, ctx.keys)
        except installation.NotInitialised:
            if not allow_unregistered:
                db.dispose()
                raise
        except BaseException:
            db.dispose()
            raise
        if ctx.initialised:
            ctx._bind_audit_key()
        return ctx

    def initialise(self) -> list[KeyKind]:
        """``reception init``'s step: registers the keys, creating them only for an empty database. Returns
        the kinds of key files it created."""
        with self.db.session() as session:
            return self.initialise_in(session)

    def initialise_in(self, session: Session) -> list[KeyKind]:
        """:meth:`initialise` inside the caller's write transaction (the first-start dialog creates the
        first administrator in the same one)."""
        made = installation.initialise(session, self.keys, now=self.now())
        self.initialised = True
        self._bind_audit_key()
        session.info[audit.INFO_KEY] = self.db.session_info[audit.INFO_KEY]
        if not self.keys.anchor_path.exists():
            seq, digest = audit_tip(session)
            audit_anchor.advance(self.keys.anchor_path, self.keys.audit_key(), seq, digest)
        return made

    def _bind_audit_key(self) -> None:
        self.db.session_info[audit.INFO_KEY] = audit_anchor.ChainKeys(
            self.keys.audit_key(), self.keys.anchor_path, self.now)

    @cached_property
    def cipher(self) -> FieldCipher:
        return FieldCipher(self.keys.field_key())

    @cached_property
    def signing_key(self) -> Ed25519PrivateKey:
        return self.keys.signing_key()

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return china_date(self.clock.now())

    def rules(self, session: Session) -> Rules:
        stored = {s.key: s.value for s in session.scalars(select(Setting))}
        return Rules.from_mapping(stored)

    def calendar(self, session: Session) -> WorkCalendar:
        overrides = {o.day: o.is_workday for o in session.scalars(select(CalendarOverride))}
        return WorkCalendar(overrides)

    def close(self) -> None:
        self.db.dispose()
