"""The prevention tab (矛盾排查): screening ledger, key persons (only for the roles the settings name),
escalated visits and the 三无 village grid. Data loads when the tab is first shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.prevention import key_persons
from desktop.services.permissions import Actor, Permission
from ui.i18n import tr
from ui.prevention.escalations_page import EscalationsPage
from ui.prevention.key_persons_page import KeyPersonsPage
from ui.prevention.screening_page import ScreeningPage
from ui.prevention.village_grid import VillageGrid
from ui.tasks import TaskRunner


class PreventionPage(QTabWidget):
    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prevention_tabs")
        self.runner, self.actor, self.today = runner, actor, today
        self.screening = ScreeningPage(runner, actor, today)
        self.addTab(self.screening, tr("排查台账"))
        self.escalations: EscalationsPage | None = None
        self.villages: VillageGrid | None = None
        if actor.can(Permission.RECORD_ESCALATION) or actor.can(Permission.VIEW_STATISTICS):
            self.escalations = EscalationsPage(runner, actor, today, villages=lambda: self.screening.villages)
            self.addTab(self.escalations, tr("越级访"))
        if actor.can(Permission.VIEW_STATISTICS) or actor.can(Permission.HANDLE_SCREENING):
            self.villages = VillageGrid(runner, actor, today)
            self.addTab(self.villages, tr("三无村"))
        self.key_persons: KeyPersonsPage | None = None
        self._loaded = False

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        self.screening.load_villages()
        self.screening.refresh()
        for page in (self.escalations, self.villages):
            if page is not None:
                page.refresh()
        actor = self.actor
        self.runner.read(lambda s: key_persons.can_see(s, actor), self._key_persons_allowed, owner=self)

    def _key_persons_allowed(self, allowed: bool) -> None:
        if allowed and self.key_persons is None:
            self.key_persons = KeyPersonsPage(self.runner, self.actor, self.today)
            self.insertTab(1, self.key_persons, tr("重点人员"))
        if self.key_persons is not None:
            self.key_persons.refresh()
