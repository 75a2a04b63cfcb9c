"""Owner-only files: the database, logs, exports, rejects files, backups, drafts (in the database) and
attachments are written 0600 in 0700 folders, whatever the user's umask was."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest

from desktop.cli.app import run
from tests.desktop.helpers import resident_id

PASSWORD = "admin-pass-1"


@pytest.fixture
def loose_umask():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)  # what most desktops start with: files readable by everyone
    yield
    os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def test_everything_the_app_writes_is_owner_only(db_url, home, tmp_path, monkeypatch, loose_umask) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    (home / "logs").mkdir(mode=0o755)  # made by an older version with the loose umask
    (home / "logs").chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    bad = out / "in.csv"
    with open(bad, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter",
                    "category", "complexity", "department", "group_size", "accepts_mediation", "assigned_at"])
        w.writerow(["2025-03-03", "来访", "张三", resident_id(), "13800138000", "东村", "承包款", "民生类", "简单", "",
                    "1", "是", ""])
        w.writerow(["2025-03-03", "来访", "李四", "110105199003070020", "", "", "宅基地", "民生类", "简单", "",
                    "1", "是", ""])
    assert run(["--db", db_url, "init", "--admin", "admin"]) == 0
    run(["--db", db_url, "import", str(bad), "--skip-invalid", "--rejects", str(out / "rejects.csv")])
    assert run(["--db", db_url, "export", "--format", "csv", "--out", str(out / "export.csv")]) == 0
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "backup-passphrase-1")  # backups are encrypted now
    assert run(["--db", db_url, "backup", "--out", str(out / "backup.rrbk")]) == 0
    written = {**_modes(home), **{f"out/{k}": v for k, v in _modes(out).items() if k not in (".", "in.csv")}}
    loose = {name: oct(mode) for name, mode in written.items() if mode & 0o077}
    assert loose == {}
    assert any(name.endswith(".sqlite3") for name in written) or not db_url.startswith("sqlite")
    assert {"out/export.csv", "out/backup.rrbk", "logs", "keys/audit.anchor"} <= set(written)


def test_the_rejects_file_holds_no_clear_id_or_phone(db_url, home, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    bad = tmp_path / "in.csv"
    with open(bad, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter",
                    "category", "complexity", "department", "group_size", "accepts_mediation", "assigned_at"])
        w.writerow(["2025-03-03", "来访", "李四", "110105199003070020", "13912345678", "", "宅基地", "不存在的分类",
                    "简单", "", "1", "是", ""])
    assert run(["--db", db_url, "init", "--admin", "admin"]) == 0
    run(["--db", db_url, "import", str(bad), "--skip-invalid", "--rejects", str(tmp_path / "rejects.csv")])
    rejects = (tmp_path / "rejects.csv").read_text(encoding="utf-8-sig")
    assert "110105********0020" in rejects and "139****5678" in rejects and "line" in rejects
    assert "19900307" not in rejects and "13912345678" not in rejects
