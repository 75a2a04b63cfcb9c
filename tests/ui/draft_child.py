"""Run as a separate process by the draft-recovery test: starts the window as the clerk, registers a
matter, types interview notes, says DRAFT_SAVED once the draft is written, then waits to be killed."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401
from desktop.clock import CHINA_TZ, FixedClock  # noqa: E402
from desktop.security.keyfile import KeyStore  # noqa: E402
from desktop.services import users  # noqa: E402
from desktop.services.context import AppContext  # noqa: E402
from tests.desktop.conftest import PASSWORD  # noqa: E402
from tests.ui.typing_helpers import type_chinese  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


def main() -> None:
    url, home = sys.argv[1], sys.argv[2]
    app = make_application()
    ctx = AppContext.open(url, keys=KeyStore(Path(home) / "keys"),
                          clock=FixedClock(datetime(2025, 3, 3, 10, 0, tzinfo=CHINA_TZ)))
    with ctx.db.session() as s:
        actor = users.authenticate(ctx, s, "clerk", PASSWORD)
    runner = TaskRunner(ctx)
    window = MainWindow(runner, actor, "东镇信访接待室")
    window.show()
    wizard = window.new_intake()
    reg = wizard.registration
    reg.id_number.setText("110105199003070025")
    type_chinese(reg.name, "张三")
    type_chinese(reg.summary, "土地承包款未发放")

    def on_step(step: int) -> None:
        if step == 1:
            type_chinese(wizard.interview.notes_edit, "当事人陈述承包款拖欠情况")
            wizard.draft_saved.connect(saved)

    def saved(_id: int) -> None:
        # A save queued before the registration finished may land after the step changed: report only
        # the draft that holds step 2 (the one the kill must not lose).
        from desktop.services import drafts

        with ctx.db.read() as s:
            latest = drafts.latest(ctx, s, actor.id)
        if latest is not None and latest.payload.get("step") == 1 and latest.payload.get("case_number"):
            print("DRAFT_SAVED", wizard.case_number, flush=True)

    wizard.step_changed.connect(on_step)

    def press_next() -> None:
        if wizard.next_button.isEnabled():
            wizard.go_next()
        else:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(50, press_next)

    press_next()
    app.exec()


if __name__ == "__main__":
    main()
