"""Column helpers shared by the model modules."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def enum_type(enum_cls: type[StrEnum], name: str | None = None) -> Enum:
    """Stores the enum's value (its code name) as text, checked by a named constraint (``name`` when a
    table holds two columns of one enum: constraint names are per table)."""
    return Enum(
        enum_cls,
        native_enum=False,
        values_callable=lambda cls: [m.value for m in cls],
        length=32,
        name=name or enum_cls.__name__.lower(),
        create_constraint=True,
        validate_strings=True,
    )
