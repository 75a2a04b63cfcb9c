"""The window's backup status: set up, due, made, and a warning once the last good one is too old."""

from __future__ import annotations

import os
import time

from tests.ui.conftest import wait_idle


def test_daily_backup_is_made_when_due_and_its_age_is_shown(qtbot, runner, desk, team, tmp_path) -> None:
    from desktop.services import backup_schedule
    from ui.backup_status import BackupStatusLabel

    label = BackupStatusLabel(runner, first_check_ms=0)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: label.text() == "未设置自动备份")
    wait_idle(qtbot, runner)
    folder = tmp_path / "backups"
    with desk.db.session() as s:
        backup_schedule.configure(desk, s, team.admin, folder, "backup-passphrase-1", keep=2)
    desk.clock.set(desk.clock.now().fromtimestamp(time.time(), desk.clock.now().tzinfo))
    label = BackupStatusLabel(runner, first_check_ms=0)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: label.text().startswith("上次备份："), timeout=20000)
    wait_idle(qtbot, runner)
    made = sorted(folder.glob("reception-*.rrbk"))
    assert len(made) == 1 and oct(made[0].stat().st_mode)[-3:] == "600"
    # Three days without a good backup (the passphrase file lost, so none can be made): a warning.
    old = time.time() - 3.5 * 86400
    os.utime(made[0], (old, old))
    (desk.keys.directory / backup_schedule.PASSPHRASE_FILE).rename(tmp_path / "kept-aside")
    label2 = BackupStatusLabel(runner, first_check_ms=0)
    qtbot.addWidget(label2)
    qtbot.waitUntil(lambda: label2.text().startswith("⚠"), timeout=20000)
    assert label2.text() == "⚠ 上次成功备份：3 天前", label2.text()
    wait_idle(qtbot, runner)
    (tmp_path / "kept-aside").rename(desk.keys.directory / backup_schedule.PASSPHRASE_FILE)
    for _ in range(3):
        desk.clock.advance(seconds=2)
        assert backup_schedule.run_if_due(desk, force=True) is not None
    assert len(list(folder.glob("reception-*.rrbk"))) == 2  # keep 2
