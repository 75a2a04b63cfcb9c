"""Which matters a statistic looks at: by village, handling department, category and channel.

An empty set means "all". The same filter narrows every figure (visits, evaluations and reviews
through their matter), so a number never changes meaning when a filter is applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.db.models import Matter
from desktop.domain.enums import Category, Channel

__all__ = ["StatFilter"]


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
