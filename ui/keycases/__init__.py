"""The 包案 tab: key cases, mediation, the review panel, cards and the monthly callbacks."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from desktop.keycases import access
from desktop.services.permissions import Actor
from ui.tasks import TaskRunner


def optional_page(runner: TaskRunner, actor: Actor, today: date) -> QWidget | None:
    """The tab for those who work with key cases, cards or callbacks; None for everybody else."""
    if not actor.roles & (access.VIEW_CASES | access.CALLBACKS | access.RECORD_MEDIATION):
        return None
    from ui.keycases.page import KeyCasesPage

    return KeyCasesPage(runner, actor, today)
