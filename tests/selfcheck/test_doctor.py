"""`reception doctor`: one line a check, exit 0 only when an interview can be recorded at this desk."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import create_engine, text

from desktop.cli.app import run
from desktop.selfcheck import desk_checks
from desktop.selfcheck.device_checks import check_camera, check_microphone, configured_devices
from desktop.selfcheck.result import Status

PASSWORD = "doctor-admin-pass-1"


@pytest.fixture
def desk(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    url = f"sqlite:///{home / 'reception.sqlite3'}"

    def doctor(*extra: str, lang: str = "zh") -> tuple[int, list[str]]:
        capsys.readouterr()
        code = run(["--db", url, "--lang", lang, "doctor", *extra])
        return code, capsys.readouterr().out.splitlines()

    return url, doctor


def _init(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", url, "init", "--admin", "admin", "--township", "青山镇"]) == 0
    capsys.readouterr()


def test_a_fresh_desk_is_told_to_set_up_and_is_not_ready(desk) -> None:
    _, doctor = desk
    code, lines = doctor("--no-devices")
    assert code == 1
    assert lines[0].startswith("✗ 数据库：尚未建立")
    assert lines[-1] == "不能接谈：上面标 ✗ 的项目需要处理。"
    assert all(line[:2] in ("✓ ", "! ", "✗ ") for line in lines[:-1])  # one line a check


def test_a_database_from_a_newer_version_is_named(desk, capsys) -> None:
    url, doctor = desk
    _init(url, capsys)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f999_future'"))
    engine.dispose()
    code, lines = doctor("--no-devices", lang="en")
    assert code == 1
    assert lines[0] == "✗ Database: made by a newer version (f999_future); this one knows up to " + \
        desk_checks_head() + ": upgrade this desk"


def desk_checks_head() -> str:
    from desktop.db.migrate import HEAD_REVISION

    return HEAD_REVISION


def test_an_unconfigured_or_test_signal_desk_cannot_record(home: Path) -> None:
    ini = home / "desktop.ini"
    assert configured_devices(ini) == ([], None)
    assert check_camera([])[0].code == "doctor_camera_unset"
    assert check_microphone(None).status is Status.FAIL
    ini.write_text("[recording]\ncameras=synthetic, file:/tmp/clip.mp4\nmicrophone=synthetic\n", encoding="utf-8")
    cameras, microphone = configured_devices(ini)
    assert cameras == ["synthetic", "file:/tmp/clip.mp4"] and microphone == "synthetic"
    results = [*check_camera(cameras), check_microphone(microphone)]
    assert [r.code for r in results] == ["doctor_test_signal"] * 3
    assert all(r.blocks_interview for r in results)


def test_keys_missing_or_from_another_office_are_named(desk, capsys, tmp_path, monkeypatch) -> None:
    import shutil

    url, doctor = desk
    _init(url, capsys)
    home = Path(os.environ["RECEPTION_HOME"])
    assert doctor("--no-devices")[1][1].startswith("✓ 密钥：")
    (home / "keys" / "field.key").rename(tmp_path / "field.key")
    code, lines = doctor("--no-devices")
    assert code == 1 and lines[1].startswith("✗ 密钥：缺少密钥文件") and "field.key" in lines[1]
    other = tmp_path / "other"
    monkeypatch.setenv("RECEPTION_HOME", str(other))
    assert run(["--db", f"sqlite:///{other / 'r.sqlite3'}", "init", "--admin", "admin"]) == 0
    shutil.copy(other / "keys" / "field.key", home / "keys" / "field.key")
    monkeypatch.setenv("RECEPTION_HOME", str(home))
    code, lines = doctor("--no-devices")
    assert code == 1 and lines[1].startswith("✗ 密钥：") and "不符" in lines[1]


def test_a_camera_that_cannot_be_opened_is_named() -> None:
    result = check_camera(["http://127.0.0.1:9/none.mjpg"])[0]
    assert result.status is Status.FAIL and result.code in ("doctor_camera_failed", "doctor_camera_silent")
    assert result.details["spec"] == "http://127.0.0.1:9/none.mjpg"


def test_too_little_disk_for_a_day_of_recordings_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert desk_checks.check_disk(tmp_path / "recordings").status is Status.OK
    monkeypatch.setattr(desk_checks, "DAY_OF_RECORDINGS_BYTES", 10**18)
    low = desk_checks.check_disk(tmp_path / "recordings")
    assert low.status is Status.FAIL and low.blocks_interview


def test_calendar_and_time_zone_are_warnings() -> None:
    from datetime import date

    missing = desk_checks.check_calendar(date(2026, 11, 30), range(2004, 2027), set())
    assert missing.status is Status.WARN and missing.details["years"] == "2027"
    assert desk_checks.check_calendar(date(2026, 11, 30), range(2004, 2027), {2027}).status is Status.OK
    now = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    zone = desk_checks.check_timezone("Asia/Shanghai", now)
    expected = Status.OK if now.astimezone().utcoffset() == zone_offset() else Status.WARN
    assert zone.status is expected and not zone.blocks_interview


def zone_offset():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return datetime(2026, 11, 30, 6, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Shanghai")).utcoffset()


def _serve_clip(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    path = folder / "cam.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (160, 120))
    for i in range(50):
        frame = np.zeros((120, 160, 3), np.uint8)
        frame[:, (i * 3) % 160] = 255
        writer.write(frame)
    writer.release()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/cam.avi"


def test_a_desk_with_working_devices_is_ready(home: Path, tmp_path: Path, capsys) -> None:
    """The whole command in its own process, as a clerk runs it: a camera stream on loopback and the
    PulseAudio virtual microphone that `make test` starts."""
    if not os.environ.get("PULSE_SERVER"):
        pytest.skip("no PulseAudio virtual microphone (run through `make test`)")
    url = f"sqlite:///{home / 'reception.sqlite3'}"
    env = {**os.environ, "RECEPTION_HOME": str(home), "RECEPTION_PASSWORD": PASSWORD}
    subprocess.run([sys.executable, "-m", "desktop", "--db", url, "init", "--admin", "admin"], env=env, check=True,
                   capture_output=True, input=PASSWORD + "\n", text=True)
    (tmp_path / "www").mkdir()
    server, camera_url = _serve_clip(tmp_path / "www")
    try:
        (home / "desktop.ini").write_text(f"[recording]\ncameras={camera_url}\nmicrophone=default\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "desktop", "--db", url, "doctor"], env=env, capture_output=True,
                              text=True, timeout=120)
    finally:
        server.shutdown()
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"✓ 摄像头：{camera_url} 已打开并有画面" in lines
    assert "✓ 麦克风：default 已打开并有声音采样" in lines
    assert lines[-1] == "可以接谈：录像所需的检查全部通过。"


def test_the_last_automatic_backup_is_reported_with_its_age(desk, capsys, tmp_path, monkeypatch) -> None:
    url, doctor = desk
    _init(url, capsys)
    code, lines = doctor("--no-devices")
    assert "! 备份：尚未设置自动备份：reception backup-schedule --folder 目录" in lines
    assert code == 1 and lines[-1].startswith("未检查摄像头和麦克风")  # never "ready" without the devices
    monkeypatch.setenv("RECEPTION_BACKUP_PASSPHRASE", "a-long-backup-passphrase")
    assert run(["--db", url, "backup-schedule", "--folder", str(tmp_path / "bk")]) == 0
    assert run(["--db", url, "backup", "--auto"]) == 0
    code, lines = doctor("--no-devices", lang="en")
    assert f"✓ Backup: last automatic backup 0 d 0 h ago ({tmp_path / 'bk'})" in lines
