"""Which matters a statistic looks at: by village, handling department, category and channel.

An empty set means "all". The same filter narrows every figure (visits, evaluations and reviews
through their matter), so a number never changes meaning when a filter is applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Matter, Village
from desktop.domain.enums import Category, Channel

__all__ = ["FilterChoices", "StatFilter", "filter_choices"]


@dataclass(frozen=True)
class StatFilter:
    village_ids: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    categories: frozenset[Category] = field(default_factory=frozenset)
    channels: frozenset[Channel] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *, village_ids: Any = (), department_ids: Any = (), categories: Any = (),
           channels: Any = ()) -> StatFilter:
        return cls(frozenset(village_ids), frozenset(department_ids), frozenset(Category(c) for c in categories),
                   frozenset(Channel(c) for c in channels))

    @property
    def is_empty(self) -> bool:
        return not (self.village_ids or self.department_ids or self.categories or self.channels)

    def conditions(self, matter: Any = Matter) -> list[Any]:
        """SQL conditions on ``matter`` (the Matter entity or an alias of it)."""
        conds: list[Any] = []
        if self.village_ids:
            conds.append(matter.village_id.in_(sorted(self.village_ids)))
        if self.department_ids:
            conds.append(matter.department_id.in_(sorted(self.department_ids)))
        if self.categories:
            conds.append(matter.category.in_(sorted(self.categories)))
        if self.channels:
            conds.append(matter.channel.in_(sorted(self.channels)))
        return conds


@dataclass(frozen=True)
class FilterChoices:
    """What the filter bar offers: (id, name) of every village and department, by name."""

    villages: tuple[tuple[int, str], ...]
    departments: tuple[tuple[int, str], ...]


def filter_choices(session: Session) -> FilterChoices:
    return FilterChoices(
        tuple((i, n) for i, n in session.execute(select(Village.id, Village.name).order_by(Village.name))),
        tuple((i, n) for i, n in session.execute(select(Department.id, Department.name).order_by(Department.name))))
