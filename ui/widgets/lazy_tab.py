"""A tab whose page is built the first time it is shown (or asked for).

Building every tab of the main window at sign-in held the GUI thread for 50–80 ms per window on pages most
users open rarely (矛盾排查, 包案, 设置); docs/performance.md lists it among the stalls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyTab(QWidget):
    def __init__(self, make: Callable[[], QWidget], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._make: Callable[[], QWidget] | None = make
        self._page: QWidget | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._page is not None

    def page(self) -> QWidget:
        """The page, built now if it was not yet."""
        if self._page is None:
            assert self._make is not None
            make, self._make = self._make, None
            self._page = make()
            self.layout().addWidget(self._page)
            self._page.show()  # a child added while its parent is being shown is not shown with it
        return self._page

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.page()
        super().showEvent(event)
