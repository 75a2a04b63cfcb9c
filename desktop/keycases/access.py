"""Who may do what with key cases, mediation, the panel, cards and callbacks.

Kept beside the module rather than in ``desktop/services/permissions.py`` so the shared permission table
stays untouched; every check names a stable permission code for the error message. Matter details of an
accusation (检举控告, Art. 30) follow the project's one visibility rule: :func:`can_see_matter`.
"""

from __future__ import annotations

from desktop.db.models import Matter
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied
from desktop.services.permissions import Actor, may_see_matter

LEADERS = frozenset({Role.APPROVER, Role.CASE_LEAD})
EDIT_CASES = frozenset({Role.CLERK, Role.APPROVER, Role.CASE_LEAD})
RECORD_MEDIATION = frozenset({Role.CLERK, Role.INTERVIEWER, Role.APPROVER, Role.CASE_LEAD})
VIEW_ALL_CARDS = frozenset({Role.APPROVER, Role.CASE_LEAD, Role.INSPECTOR})  # leaders and 镇纪委
ISSUE_CARDS = frozenset({Role.APPROVER, Role.INSPECTOR})
DECIDE_APPEALS = frozenset({Role.INSPECTOR})  # 镇纪委
CALLBACKS = frozenset({Role.INSPECTOR})
RECEIPTS = frozenset({Role.CLERK})
VIEW_CASES = EDIT_CASES | {Role.INSPECTOR, Role.DEPT_HEAD, Role.ADMIN}


def require(actor: Actor, roles: frozenset[Role], what: str) -> None:
    if not actor.roles & roles:
        raise PermissionDenied("permission_denied", permission=what, user=actor.username)


def can_see_matter(actor: Actor, matter: Matter) -> bool:
    """The project's one visibility rule (Art. 30), as the key-case screens and documents ask it."""
    return may_see_matter(actor, matter)
