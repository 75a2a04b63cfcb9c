"""What every wizard step offers the wizard: completeness, its state for the draft, and its commit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.services.permissions import Actor
from ui.tasks import TaskRunner


class StepPage(QWidget):
    completeness_changed = Signal(bool)
    state_changed = Signal()  # something the clerk typed: time to save the draft

    title = ""

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor = runner, actor
        self.case_number = ""
        self._complete = False

    def is_complete(self) -> bool:
        return self._complete

    def _set_complete(self, value: bool) -> None:
        if value != self._complete:
            self._complete = value
            self.completeness_changed.emit(value)

    def _changed(self, *_args: Any) -> None:
        self.revalidate()
        self.state_changed.emit()

    def revalidate(self) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        raise NotImplementedError

    def restore(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def entered(self, case_number: str) -> None:
        """The wizard shows this page (for ``case_number``, once registered)."""
        self.case_number = case_number

    def show_error(self, error: BaseException) -> None:
        raise NotImplementedError
