"""The 包案 tab: key cases, mediation, the review panel, cards and the monthly callbacks."""

from __future__ import annotations

from desktop.keycases import access
from desktop.services.permissions import Actor


def wants_page(actor: Actor) -> bool:
    """Whether the actor works with key cases, cards or callbacks (and so has the tab)."""
    return bool(actor.roles & (access.VIEW_CASES | access.CALLBACKS | access.RECORD_MEDIATION))
