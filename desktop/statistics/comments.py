"""The editable comment section of the analysis report (分析与建议), kept per period.

Stored as a setting-like row (``report.comment.<period key>`` in the settings table) so it survives
and travels with the backups; writing it is audited like a setting.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.db.models import Setting
from desktop.domain.errors import ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor, Permission
from desktop.statistics.periods import ReportPeriod

__all__ = ["MAX_COMMENT", "comment_key", "load_comment", "save_comment"]

MAX_COMMENT = 20_000
PREFIX = "report.comment."


def comment_key(period: ReportPeriod) -> str:
    return PREFIX + period.key


def load_comment(session: Session, period: ReportPeriod) -> str:
    row = session.get(Setting, comment_key(period))
    return row.value if row else ""


def save_comment(ctx: AppContext, session: Session, actor: Actor, period: ReportPeriod, text: str) -> str:
    actor.require(Permission.VIEW_STATISTICS)
    clean = text.replace("\r\n", "\n").strip()
    if len(clean) > MAX_COMMENT:
        raise ValidationError("comment_too_long", field="comment", maximum=MAX_COMMENT)
    key = comment_key(period)
    row = session.get(Setting, key)
    old = row.value if row else None
    if row is None:
        session.add(Setting(key=key, value=clean, updated_at=ctx.now(), updated_by_id=actor.id))
    else:
        row.value, row.updated_at, row.updated_by_id = clean, ctx.now(), actor.id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="report.comment", target_type="report",
                 target_id=period.key, details={"old_chars": len(old or ""), "new_chars": len(clean)})
    return clean
