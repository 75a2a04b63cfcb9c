"""Petitioners: stored with encrypted ID/phone, found by blind index; their history and 三色预警."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import Matter, Petitioner, Village, Visit
from desktop.domain.enums import AlertLevel, MatterStatus
from desktop.domain.idnumber import ResidentId
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.domain.phone import Phone
from desktop.domain.privacy import age_band
from desktop.domain.repeat_alert import alert_level
from desktop.domain.rules_config import Rules
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission, may_see_matter

ID_CONTEXT = "id_number"
PHONE_CONTEXT = "phone"
TAIL_CONTEXT = "id_number_tail"  # its own key context: a tail's hash never equals a whole number's
TAIL = 4  # the last characters indexed: the shortest partial number the ledger searches by


def id_index(ctx: AppContext, number: str) -> str:
    return ctx.cipher.blind_index(number, context=ID_CONTEXT)


def tail_index(ctx: AppContext, number: str) -> str:
    """The keyed hash of a number's last ``TAIL`` characters (upper case, as stored)."""
    return ctx.cipher.blind_index(number.strip().upper()[-TAIL:], context=TAIL_CONTEXT)


def ids_ending_with(ctx: AppContext, session: Session, tail: str) -> list[int]:
    """Petitioners whose ID number ends with ``tail`` (4–17 characters): the tail index narrows to the few
    whose last four match, and only those are decrypted to confirm a longer tail — never every row."""
    tail = tail.strip().upper()
    rows = session.execute(select(Petitioner.id, Petitioner.id_cipher)
                           .where(Petitioner.id_tail_index == tail_index(ctx, tail))).all()
    if len(tail) == TAIL:
        return [pid for pid, _ in rows]
    return [pid for pid, cipher in rows
            if cipher is not None and ctx.cipher.decrypt(cipher, context=ID_CONTEXT).endswith(tail)]


def fill_tail_indexes(ctx: AppContext, session: Session) -> int:
    """Gives the rows written before the tail index existed theirs (once, on the write path)."""
    missing = list(session.execute(select(Petitioner.id, Petitioner.id_cipher)
                                   .where(Petitioner.id_tail_index.is_(None), Petitioner.id_cipher.is_not(None))))
    for pid, cipher in missing:
        number = ctx.cipher.decrypt(cipher, context=ID_CONTEXT)
        session.execute(update(Petitioner).where(Petitioner.id == pid).values(id_tail_index=tail_index(ctx, number)))
    return len(missing)


def find_by_id_number(ctx: AppContext, session: Session, number: str) -> Petitioner | None:
    return session.scalar(select(Petitioner).where(Petitioner.id_index == id_index(ctx, number)))


def village_by_name(session: Session, name: str | None) -> Village | None:
    name = (name or "").strip()
    if not name:
        return None
    village = session.scalar(select(Village).where(Village.name == name))
    if village is None and session.get_bind().dialect.name == "postgresql":
        # Another desk may be adding the same village right now: wait for it rather than fail.
        session.execute(pg_insert(Village.__table__).values(name=name).on_conflict_do_nothing(index_elements=["name"]))
        village = session.scalar(select(Village).where(Village.name == name))
    if village is None:
        village = Village(name=name)
        session.add(village)
        session.flush()
    return village


def upsert(ctx: AppContext, session: Session, *, name: str, resident: ResidentId | None, phone: Phone | None,
           address: str, village: str | None, grid: str | None, now: datetime) -> Petitioner:
    """Finds the person by ID number (else creates them) and refreshes what they told us today."""
    person = find_by_id_number(ctx, session, resident.number) if resident else None
    if person is None and resident is not None and session.get_bind().dialect.name == "postgresql":
        # Two desks may register the same new person at once: the second insert waits for the first
        # and then finds its row, instead of failing on the unique blind index.
        session.execute(pg_insert(Petitioner.__table__).values(
            name=name, created_at=now, id_cipher=ctx.cipher.encrypt(resident.number, context=ID_CONTEXT),
            id_index=id_index(ctx, resident.number), id_masked=mask_id_number(resident.number),
            id_tail_index=tail_index(ctx, resident.number),
            age_band=age_band(resident.birth_date, china_date(now)), sex=resident.sex.value,
        ).on_conflict_do_nothing(index_elements=["id_index"]))
        person = find_by_id_number(ctx, session, resident.number)
    if person is None:
        person = Petitioner(name=name, created_at=now)
        if resident:
            person.id_cipher = ctx.cipher.encrypt(resident.number, context=ID_CONTEXT)
            person.id_index = id_index(ctx, resident.number)
            person.id_tail_index = tail_index(ctx, resident.number)
            person.id_masked = mask_id_number(resident.number)
            person.age_band = age_band(resident.birth_date, china_date(now))
            person.sex = resident.sex.value
        session.add(person)
    person.name = name
    if phone is not None:
        person.phone_cipher = ctx.cipher.encrypt(phone.number, context=PHONE_CONTEXT)
        person.phone_index = ctx.cipher.blind_index(phone.number, context=PHONE_CONTEXT)
        person.phone_masked = mask_phone(phone.number)
    if address:
        person.address = address
    v = village_by_name(session, village)
    if v is not None:
        person.village_id = v.id
    if grid:
        person.grid = grid
    session.flush()
    return person


def visits_in_window(session: Session, petitioner_id: int, today: date, window_days: int) -> int:
    start = today - timedelta(days=window_days - 1)
    stmt = select(func.count(Visit.id)).where(
        Visit.petitioner_id == petitioner_id, Visit.occurred_on >= start, Visit.occurred_on <= today
    )
    return session.scalar(stmt) or 0


@dataclass(frozen=True)
class EarlierMatter:
    case_number: str
    registered_on: date
    status: MatterStatus
    summary: str  # empty when the viewer may not see a restricted matter's details
    restricted: bool


@dataclass(frozen=True)
class History:
    """What the clerk sees beside the registration form once the ID number is valid."""

    known: bool
    name: str
    matters: tuple[EarlierMatter, ...]
    visits_in_window: int  # earlier visits only; the one being registered adds one
    level_if_registered: AlertLevel
    window_days: int
    key_person: Any = None  # a prevention KeyPersonNotice when the person is on the key-person register


def history(ctx: AppContext, session: Session, actor: Actor, number: str, today: date, rules: Rules) -> History:
    """Looks the person up by blind index; the look-up of personal history is audited."""
    person = find_by_id_number(ctx, session, number)
    if person is None:
        return History(False, "", (), 0, alert_level(1, rules), rules.repeat_window_days)
    stmt = (select(Matter).where(Matter.petitioner_id == person.id)
            .order_by(Matter.registered_on.desc(), Matter.id.desc()).limit(50))
    matters = tuple(
        EarlierMatter(m.case_number, m.registered_on, m.status,
                      m.summary if may_see_matter(actor, m) else "", m.restricted)
        for m in session.scalars(stmt)
    )
    count = visits_in_window(session, person.id, today, rules.repeat_window_days)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="petitioner.history", target_type="petitioner",
                 target_id=person.id, details={"matters": len(matters)})
    from desktop.prevention.key_persons import notice_for  # prevention builds on this module, not the reverse

    return History(True, person.name, matters, count, alert_level(count + 1, rules), rules.repeat_window_days,
                   notice_for(ctx, session, actor, person.id))


def _reveal(ctx: AppContext, session: Session, actor: Actor, person: Petitioner, field: str,
            blob: bytes | None, context: str) -> str | None:
    """Decrypts for an entitled user; every reveal of personal data is audited."""
    actor.require(Permission.VIEW_ID_NUMBERS)
    if blob is None:
        return None
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="personal_data.view", target_type="petitioner",
                 target_id=person.id, details={"field": field})
    return ctx.cipher.decrypt(blob, context=context)


def reveal_id_number(ctx: AppContext, session: Session, actor: Actor, person: Petitioner) -> str | None:
    return _reveal(ctx, session, actor, person, "id_number", person.id_cipher, ID_CONTEXT)


def reveal_phone(ctx: AppContext, session: Session, actor: Actor, person: Petitioner) -> str | None:
    return _reveal(ctx, session, actor, person, "phone", person.phone_cipher, PHONE_CONTEXT)


def reveal_id_number_of(ctx: AppContext, session: Session, actor: Actor, petitioner_id: int) -> str | None:
    """The full ID number of a petitioner known by id (for screens, which hold ids, never rows); audited."""
    person = session.get(Petitioner, petitioner_id)
    return reveal_id_number(ctx, session, actor, person) if person is not None else None
