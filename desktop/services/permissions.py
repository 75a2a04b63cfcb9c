"""What each role may do. Services check these; the UI asks them to decide what to offer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy import ColumnElement, or_

from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied


class Permission(StrEnum):
    REGISTER = "register"
    INTERVIEW = "interview"
    CLASSIFY = "classify"
    SUBMIT_ASSIGNMENT = "submit_assignment"
    APPROVE_ASSIGNMENT = "approve_assignment"
    LOG_MEETING = "log_meeting"
    PAUSE_DEADLINE = "pause_deadline"
    APPROVE_EXTENSION = "approve_extension"
    DRAFT_LETTER = "draft_letter"
    SIGN_LETTER = "sign_letter"
    RECORD_EVALUATION = "record_evaluation"
    OPEN_REVIEW = "open_review"
    CONCLUDE_REVIEW = "conclude_review"
    LOG_CALLBACK = "log_callback"
    CLOSE_MATTER = "close_matter"
    HANDOVER = "handover"
    VIEW_ID_NUMBERS = "view_id_numbers"
    VIEW_RESTRICTED = "view_restricted"  # 检举控告 details (Art. 30)
    VIEW_RECORDINGS = "view_recordings"
    EXPORT_UNMASKED = "export_unmasked"
    VIEW_STATISTICS = "view_statistics"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    BACKUP = "backup"
    IMPORT = "import"  # bulk import from the upper-level system or a paper register
    ENTER_SCREENING = "enter_screening"  # 矛盾纠纷排查: report items (grid/village staff: their own area only)
    HANDLE_SCREENING = "handle_screening"  # follow up, resolve, turn into a matter
    RECORD_ESCALATION = "record_escalation"  # 越级访 reported back from above
    MANAGE_KEY_PERSONS = "manage_key_persons"  # 重点人员 register (seeing it also needs a role the settings name)
    MANAGE_KEYS = "manage_keys"  # `reception keys rotate`
    VIEW_AUDIT_LOG = "view_audit_log"  # `reception audit list`: the administrator and the inspector (镇纪委)


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({
        P.REGISTER, P.INTERVIEW, P.CLASSIFY, P.SUBMIT_ASSIGNMENT, P.LOG_MEETING, P.PAUSE_DEADLINE,
        P.DRAFT_LETTER, P.RECORD_EVALUATION, P.LOG_CALLBACK, P.CLOSE_MATTER, P.VIEW_ID_NUMBERS,
        P.VIEW_STATISTICS, P.IMPORT, P.ENTER_SCREENING, P.HANDLE_SCREENING, P.RECORD_ESCALATION,
    }),
    Role.INTERVIEWER: frozenset({P.INTERVIEW, P.LOG_MEETING, P.RECORD_EVALUATION, P.LOG_CALLBACK}),
    Role.APPROVER: frozenset({
        P.APPROVE_ASSIGNMENT, P.APPROVE_EXTENSION, P.PAUSE_DEADLINE, P.VIEW_RESTRICTED, P.VIEW_ID_NUMBERS,
        P.VIEW_RECORDINGS, P.VIEW_STATISTICS, P.CLOSE_MATTER, P.HANDOVER, P.HANDLE_SCREENING,
        P.RECORD_ESCALATION, P.MANAGE_KEY_PERSONS,
    }),
    Role.CASE_LEAD: frozenset({
        P.SIGN_LETTER, P.DRAFT_LETTER, P.APPROVE_EXTENSION, P.LOG_MEETING, P.VIEW_RESTRICTED,
        P.VIEW_RECORDINGS, P.VIEW_STATISTICS, P.HANDLE_SCREENING, P.MANAGE_KEY_PERSONS,
    }),
    Role.DEPT_HEAD: frozenset({P.SIGN_LETTER, P.DRAFT_LETTER, P.LOG_MEETING, P.VIEW_STATISTICS}),
    Role.INSPECTOR: frozenset({
        P.OPEN_REVIEW, P.CONCLUDE_REVIEW, P.VIEW_RESTRICTED, P.VIEW_RECORDINGS, P.VIEW_ID_NUMBERS,
        P.EXPORT_UNMASKED, P.VIEW_STATISTICS, P.VIEW_AUDIT_LOG,
    }),
    Role.ADMIN: frozenset({
        P.MANAGE_USERS, P.MANAGE_SETTINGS, P.HANDOVER, P.BACKUP, P.VIEW_STATISTICS, P.VIEW_ID_NUMBERS,
        P.EXPORT_UNMASKED, P.IMPORT, P.VIEW_AUDIT_LOG, P.MANAGE_KEYS,
    }),
    Role.GRID_WORKER: frozenset({P.ENTER_SCREENING}),
    Role.VILLAGE_SECRETARY: frozenset({P.ENTER_SCREENING, P.HANDLE_SCREENING}),
}


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


@dataclass(frozen=True)
class Actor:
    """The signed-in person on whose behalf a service acts."""

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied("permission_denied", permission=permission.value, user=self.username)


class MatterAccess(Protocol):
    """What visibility looks at: a Matter row, or any row or view object with these three fields."""

    restricted: bool
    registered_by_id: int | None
    first_handler_id: int | None


def may_see_matter(actor: Actor, matter: MatterAccess) -> bool:
    """THE visibility rule (Art. 30): an accusation (检举控告, ``restricted``) is seen only by roles entitled to
    restricted matters and by the staff who took it in; every other matter by everyone. The ledger, timeline,
    documents, exports, statistics and search all ask this function (or :func:`visible_matters`, the same rule
    as an SQL condition); a test keeps both in step and keeps the rule from being written anywhere else."""
    if not matter.restricted or actor.can(Permission.VIEW_RESTRICTED):
        return True
    return actor.id in (matter.registered_by_id, matter.first_handler_id)


def visible_matters(actor: Actor) -> ColumnElement[bool] | None:
    """:func:`may_see_matter` as a WHERE condition on ``Matter`` (None: the actor sees every matter)."""
    from desktop.db.models import Matter

    if actor.can(Permission.VIEW_RESTRICTED):
        return None
    return or_(Matter.restricted.is_(False), Matter.registered_by_id == actor.id, Matter.first_handler_id == actor.id)
