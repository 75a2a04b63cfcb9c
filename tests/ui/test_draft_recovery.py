"""Nothing is lost: the app is killed (SIGKILL) mid-intake; the next start offers the draft back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]


def test_killed_mid_intake_resumes_exactly(qtbot, runner, team, desk, home) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RECEPTION_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(ROOT / "tests/ui/draft_child.py"), desk.db.url, str(home)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = ""
        while "DRAFT_SAVED" not in line:
            line = child.stdout.readline()  # type: ignore[union-attr]
            if not line:  # the child ended without saving: show why
                child.wait(10)
                raise AssertionError(child.stderr.read())  # type: ignore[union-attr]
        case = line.split()[1]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    from ui.main_window import MainWindow

    w = MainWindow(runner, team.clerk, "东镇信访接待室", today=desk.today())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.draft_banner is not None, timeout=5000)
    assert "张三" in w.draft_banner.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QLabel)[0].text()
    resume = w.draft_banner.findChild(__import__("PySide6.QtWidgets").QtWidgets.QPushButton, "draft_resume")
    resume.click()
    wizard = w.wizard
    assert wizard is not None
    wait_idle(qtbot, runner)
    assert wizard.current_step() == 1 and wizard.case_number == case
    assert wizard.interview.notes_edit.toPlainText() == "当事人陈述承包款拖欠情况"
    assert wizard.registration.name.text() == "张三"
