"""Prevention's settings: stored in the settings table beside the numeric rules, each with its default,
checked the same way (``ValidationError("bad_setting", …)``), changed through ``settings_service``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Setting
from desktop.domain.enums import Role
from desktop.domain.errors import ValidationError
from desktop.prevention.enums import ReporterKind
from desktop.prevention.rules import ReportingRhythm

PREVENTION_DEFAULTS: dict[str, str] = {
    "prevention.rhythm_grid": "daily",  # 社/网格日排查日报告
    "prevention.rhythm_village": "weekly 3",  # 村周排查周报告（每周三）
    "prevention.rhythm_unit": "monthly",  # 镇属单位月排查月报告
    "prevention.red_follow_up_hours": "48",  # 红: a leader on site within 48 h (working days)
    "prevention.three_no_goal_percent": "90",
    "prevention.backlog_after_days": "90",  # open this long = 信访积案 (the seeds' 3-month 攻坚 list)
    "prevention.key_person_roles": "approver,case_lead,inspector",  # who may see key persons
    "prevention.contact_every_days": "30",  # a key person's usual contact rhythm
}
_INTS = {"prevention.red_follow_up_hours": (1, 720), "prevention.three_no_goal_percent": (0, 100),
         "prevention.backlog_after_days": (1, 3660), "prevention.contact_every_days": (1, 366)}


def check_setting(key: str, text: str) -> str:
    """The normalised stored form of ``text`` for ``key``, or ``bad_setting``."""
    raw = (text or "").strip()
    if key in _INTS:
        low, high = _INTS[key]
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise ValidationError("bad_setting", field=key, key=key, value=text, minimum=low, maximum=high)
        return str(int(raw))
    if key.startswith("prevention.rhythm_"):
        try:
            return str(ReportingRhythm.parse(raw))
        except ValidationError:
            raise ValidationError("bad_setting", field=key, key=key, value=text) from None
    if key == "prevention.key_person_roles":
        names = [r.strip() for r in raw.replace("，", ",").replace("、", ",").split(",") if r.strip()]
        try:
            roles = sorted({Role(n) for n in names}, key=list(Role).index)
        except ValueError:
            raise ValidationError("bad_setting", field=key, key=key, value=text) from None
        return ",".join(r.value for r in roles)
    raise ValidationError("unknown_setting", field=key, key=key)


@dataclass(frozen=True)
class PreventionSettings:
    rhythms: dict[ReporterKind, ReportingRhythm]
    red_follow_up_hours: int
    three_no_goal_percent: int
    backlog_after_days: int
    key_person_roles: frozenset[Role]
    contact_every_days: int

    @classmethod
    def from_mapping(cls, stored: dict[str, str]) -> PreventionSettings:
        v = {**PREVENTION_DEFAULTS, **{k: s for k, s in stored.items() if k in PREVENTION_DEFAULTS}}
        roles = frozenset(Role(r) for r in v["prevention.key_person_roles"].split(",") if r)
        return cls(
            rhythms={kind: ReportingRhythm.parse(v[f"prevention.rhythm_{kind.value}"]) for kind in ReporterKind},
            red_follow_up_hours=int(v["prevention.red_follow_up_hours"]),
            three_no_goal_percent=int(v["prevention.three_no_goal_percent"]),
            backlog_after_days=int(v["prevention.backlog_after_days"]),
            key_person_roles=roles,
            contact_every_days=int(v["prevention.contact_every_days"]),
        )


def load(session: Session) -> PreventionSettings:
    stored = {s.key: s.value for s in session.scalars(select(Setting).where(Setting.key.like("prevention.%")))}
    return PreventionSettings.from_mapping(stored)
