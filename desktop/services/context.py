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
from desktop.security.keyfile import KeyStore


@dataclass
class AppContext:
    db: Database
    keys: KeyStore = field(default_factory=KeyStore)
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def open(cls, url: str | None = None, *, keys: KeyStore | None = None, clock: Clock | None = None,
             migrate: bool = True) -> AppContext:
        return cls(db=Database.open(url, migrate=migrate), keys=keys or KeyStore(), clock=clock or SystemClock())

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
