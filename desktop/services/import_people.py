"""The petitioners of an import file: who is known already (by blind index), the ids and the encrypted rows
of those who are not, and the village and grid each names last (the desk's "latest named wins")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.db.models import Petitioner, Village
from desktop.domain.phone import Phone
from desktop.domain.privacy import age_band
from desktop.services.bulk import DriverValues, next_ids
from desktop.services.context import AppContext
from desktop.services.import_rows import ImportRow
from desktop.services.petitioners import ID_CONTEXT, PHONE_CONTEXT, TAIL, TAIL_CONTEXT

CHUNK = 5000  # rows handed to the writer thread at a time


def _mask_phone(phone: Phone) -> str:
    """``mask_phone(phone.number)`` for a number already parsed (without parsing it again)."""
    if phone.kind == "mobile":
        return phone.number[:3] + "****" + phone.number[-4:]
    area, local = phone.number.split("-")
    tail = min(4, len(local) - 4)
    return f"{area}-{'*' * (len(local) - tail)}{local[len(local) - tail:]}"



PERSON_COLUMNS = ("id", "name", "created_at", "address", "village_id", "id_index", "id_cipher", "id_masked",
                  "age_band", "sex", "phone_cipher", "phone_index", "phone_masked", "id_tail_index", "grid")

class People:
    """The petitioners of a file. The same ID number in two rows is one person; a row without one (a letter)
    is a person of its own. Looks up who is known and takes ids for the rest up front; the new people's
    rows (encrypted) are made later, while the writer thread inserts."""

    def __init__(self, ctx: AppContext, session: Session, rows: list[ImportRow]) -> None:
        self._ctx = ctx
        blind = ctx.cipher.blind_index
        index_of_number: dict[str, str] = {}
        for r in rows:
            if r.resident and r.resident.number not in index_of_number:
                index_of_number[r.resident.number] = blind(r.resident.number, context=ID_CONTEXT)
        wanted = sorted(index_of_number.values())
        known: dict[str, int] = {}
        self.stored_village: dict[int, int | None] = {}  # the known people's village before this file
        self.stored_grid: dict[int, str | None] = {}  # and their grid
        for i in range(0, len(wanted), 500):
            for pid, idx, village_id, grid in session.execute(
                    select(Petitioner.id, Petitioner.id_index, Petitioner.village_id, Petitioner.grid)
                    .where(Petitioner.id_index.in_(wanted[i:i + 500]))):
                known[idx] = pid
                self.stored_village[pid] = village_id
                self.stored_grid[pid] = grid
        self.existing = set(known.values())  # people with a history before this file
        self._villages = {v.name: v.id for v in session.scalars(select(Village))}
        for name in sorted({r.village for r in rows if r.village} - set(self._villages)):
            self._villages[name] = session.execute(
                insert(Village).values(name=name).returning(Village.id)).scalar_one()
        self.village_of_name = self._villages
        pending: dict[str, ImportRow] = {}
        anonymous: list[ImportRow] = []
        for r in rows:
            if r.resident is None:
                anonymous.append(r)
            else:
                idx = index_of_number[r.resident.number]
                if idx not in known and idx not in pending:
                    pending[idx] = r
        self._new = [*pending.items(), *((None, r) for r in anonymous)]
        self._ids = next_ids(session, Petitioner.__table__, len(self._new))
        self.new_ids = list(self._ids)
        self.owner: dict[int, int] = {}  # row line → petitioner id
        for pid, (idx, r) in zip(self._ids, self._new, strict=True):
            if idx is None:
                self.owner[r.line] = pid
            else:
                known[idx] = pid
        for r in rows:
            if r.resident:
                self.owner[r.line] = known[index_of_number[r.resident.number]]
        # As at the desk, the village and the grid a person names at a visit become theirs (the latest named
        # wins; a visit naming none keeps them).
        self.latest_village: dict[int, int] = {}
        self.latest_grid: dict[int, str] = {}
        in_order = sorted(rows, key=lambda r: (r.registered_at, r.line))
        for r in in_order:
            if r.village:
                self.latest_village[self.owner[r.line]] = self._villages[r.village]
        for r in in_order if any(r.grid for r in rows) else ():
            if r.grid:
                self.latest_grid[self.owner[r.line]] = r.grid

    def new_rows(self, dv: DriverValues) -> Iterator[list[tuple[Any, ...]]]:
        """``PERSON_COLUMNS`` tuples of the people not known before, ``CHUNK`` at a time."""
        cipher, villages, grids = self._ctx.cipher, self._villages, self.latest_grid
        blind, encrypt = cipher.blind_index, cipher.encrypt
        created = dv.moment(self._ctx.now())
        people: list[tuple[Any, ...]] = []
        for pid, (idx, r) in zip(self._ids, self._new, strict=True):
            res, phone = r.resident, r.phone
            people.append((
                pid, r.name, created, r.address or None, self.latest_village.get(pid, villages.get(r.village)), idx,
                encrypt(res.number, context=ID_CONTEXT) if res else None,
                res.number[:6] + "********" + res.number[14:] if res else None,  # = mask_id_number
                age_band(res.birth_date, r.day) if res else None,
                res.sex.value if res else None,
                encrypt(phone.number, context=PHONE_CONTEXT) if phone else None,
                blind(phone.number, context=PHONE_CONTEXT) if phone else None,
                _mask_phone(phone) if phone else None,
                blind(res.number[-TAIL:], context=TAIL_CONTEXT) if res else None,
                grids.get(pid),
            ))
            if len(people) == CHUNK:
                yield people
                people = []
        if people:
            yield people
