"""Reading and changing settings: the numeric rules (``desktop.domain.rules_config``) and the office's
texts (``desktop.services.office``). Every change is audited with the old and new value."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.db.models import Setting
from desktop.domain.errors import ValidationError
from desktop.domain.rules_config import SETTINGS, SETTINGS_BY_KEY, Rules, format_setting, parse_setting
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.office import OFFICE_DEFAULTS
from desktop.services.permissions import Actor, Permission


def all_settings(ctx: AppContext, session: Session) -> list[tuple[str, str, bool]]:
    """(key, current text, is_default) for every rule and office setting, in declaration order."""
    stored = {s.key: s.value for s in session.query(Setting)}
    rows: list[tuple[str, str, bool]] = []
    for spec in SETTINGS:
        default = format_setting(spec.key, spec.default)
        rows.append((spec.key, stored.get(spec.key, default), spec.key not in stored))
    for key, default in OFFICE_DEFAULTS.items():
        rows.append((key, stored.get(key, default), key not in stored))
    from desktop.prevention.settings import PREVENTION_DEFAULTS

    for key, default in PREVENTION_DEFAULTS.items():
        rows.append((key, stored.get(key, default), key not in stored))
    return rows


def set_setting(ctx: AppContext, session: Session, actor: Actor | None, key: str, text: str) -> str:
    """Validates and stores ``text``; returns the normalised stored form. ``actor`` None: initial setup."""
    if actor is not None:
        actor.require(Permission.MANAGE_SETTINGS)
    if key in SETTINGS_BY_KEY:
        value: Any = parse_setting(key, text)
        stored = format_setting(key, value)
        # Settings that depend on each other (red above yellow…) are checked as a whole.
        current = {row.key: row.value for row in session.query(Setting)}
        Rules.from_mapping({**current, key: stored})
    elif key in OFFICE_DEFAULTS:
        stored = text.strip()
        if key in ("office.name", "office.case_prefix", "office.short") and not stored:
            raise ValidationError("setting_empty", field=key, key=key)
        if key == "office.case_prefix" and (len(stored) > 8 or not stored.isalnum()):
            raise ValidationError("bad_setting", field=key, key=key, value=text, reason="prefix")
        if key == "office.time_zone":
            from zoneinfo import ZoneInfo

            try:
                ZoneInfo(stored)
            except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
                if stored not in ("Asia/Shanghai", "UTC"):  # known even without a zone database (Windows)
                    raise ValidationError("bad_setting", field=key, key=key, value=text, reason="time_zone") from None
    elif key.startswith("prevention."):
        from desktop.prevention.settings import check_setting

        stored = check_setting(key, text)
    else:
        raise ValidationError("unknown_setting", field=key, key=key)
    row = session.get(Setting, key)
    old = row.value if row else None
    if row is None:
        row = Setting(key=key, value=stored, updated_at=ctx.now(), updated_by_id=actor.id if actor else None)
        session.add(row)
    else:
        row.value, row.updated_at = stored, ctx.now()
        row.updated_by_id = actor.id if actor else None
    audit.record(session, at=ctx.now(), actor_id=actor.id if actor else None, action="settings.set",
                 target_type="setting", target_id=key, details={"old": old, "new": stored})
    return stored
