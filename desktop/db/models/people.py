"""Staff, their roles and departments; petitioners and villages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.db.base import Base
from desktop.db.models._types import enum_type
from desktop.domain.enums import Role


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    photo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # in a row; reset by a good sign-in
    locked_until: Mapped[datetime | None]
    last_failed_at: Mapped[datetime | None]

    roles: Mapped[list[StaffRole]] = relationship(
        back_populates="staff", lazy="selectin", cascade="all, delete-orphan"
    )
    department: Mapped[Department | None] = relationship(lazy="joined")

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)


class StaffRole(Base):
    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("staff_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role))

    staff: Mapped[Staff] = relationship(back_populates="roles", lazy="raise")


class Village(Base):
    __tablename__ = "villages"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Petitioner(Base):
    """A person. ID number and phone are kept encrypted; ``*_index`` is a keyed hash for look-ups."""

    __tablename__ = "petitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    id_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_index: Mapped[str | None] = mapped_column(String(64), unique=True)
    id_masked: Mapped[str | None] = mapped_column(String(32))
    id_tail_index: Mapped[str | None] = mapped_column(String(64), index=True)  # keyed hash of the last 4
    phone_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_masked: Mapped[str | None] = mapped_column(String(32))
    # The birth date stays inside the encrypted ID number; statistics get a wide age band (domain.privacy).
    age_band: Mapped[str | None] = mapped_column(String(8))
    sex: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str | None] = mapped_column(String(200))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"), index=True)
    grid: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    village: Mapped[Village | None] = relationship(lazy="joined")
