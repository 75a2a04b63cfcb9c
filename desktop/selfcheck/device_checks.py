"""Camera and microphone: the ones this desk is set up to use, opened and seen delivering.

The desk's choice is kept in its ``desktop.ini`` (Qt's INI format, written by the window's device
settings); it is read here as plain INI so the check runs without Qt. An unconfigured desk fails the
check: a test pattern is never evidence."""

from __future__ import annotations

import configparser
import time
from pathlib import Path

from desktop.selfcheck.result import CheckResult, Status

WAIT_SECONDS = 5.0


def configured_devices(desk_ini: Path) -> tuple[list[str], str | None]:
    """(camera specs, microphone spec) as the window stored them; empty when nothing was chosen."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(desk_ini, encoding="utf-8")
    except configparser.Error:
        return [], None
    if not parser.has_section("recording"):
        return [], None
    section = parser["recording"]
    cameras = [c.strip().strip('"') for c in section.get("cameras", "").split(",")]
    cameras = [c for c in cameras if c and not c.startswith("@")]
    microphone = section.get("microphone", "").strip().strip('"') or None
    return cameras, microphone


def _is_test_signal(spec: str) -> bool:
    return spec == "synthetic" or spec.startswith("file:")


def check_camera(specs: list[str]) -> list[CheckResult]:
    if not specs:
        return [CheckResult("camera", Status.FAIL, "doctor_camera_unset", {}, True)]
    return [_probe_camera(spec) for spec in specs]


def _probe_camera(spec: str) -> CheckResult:
    if _is_test_signal(spec):
        return CheckResult("camera", Status.FAIL, "doctor_test_signal", {"spec": spec}, True)
    try:
        from recording.clock import DEFAULT_CLOCK
        from recording.devices import open_camera

        camera = open_camera(spec)
        camera.start(DEFAULT_CLOCK)
    except Exception as error:  # noqa: BLE001 - any device failure is this check's answer
        return CheckResult("camera", Status.FAIL, "doctor_camera_failed", {"spec": spec, "reason": _reason(error)},
                           True)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if camera.latest_time() is not None:
                return CheckResult("camera", Status.OK, "doctor_camera_ok", {"spec": spec}, True)
            time.sleep(0.05)
        return CheckResult("camera", Status.FAIL, "doctor_camera_silent", {"spec": spec, "seconds": WAIT_SECONDS},
                           True)
    finally:
        camera.stop()


def check_microphone(spec: str | None) -> CheckResult:
    if not spec:
        return CheckResult("microphone", Status.FAIL, "doctor_microphone_unset", {}, True)
    if _is_test_signal(spec):
        return CheckResult("microphone", Status.FAIL, "doctor_test_signal", {"spec": spec}, True)
    try:
        from recording.clock import DEFAULT_CLOCK
        from recording.devices import open_microphone

        microphone = open_microphone(spec)
        microphone.start(DEFAULT_CLOCK)
    except Exception as error:  # noqa: BLE001
        return CheckResult("microphone", Status.FAIL, "doctor_microphone_failed",
                           {"spec": spec, "reason": _reason(error)}, True)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if microphone.ring.written > 0:
                return CheckResult("microphone", Status.OK, "doctor_microphone_ok", {"spec": spec}, True)
            time.sleep(0.05)
        return CheckResult("microphone", Status.FAIL, "doctor_microphone_silent",
                           {"spec": spec, "seconds": WAIT_SECONDS}, True)
    finally:
        microphone.stop()


def _reason(error: BaseException) -> str:
    code = getattr(error, "code", None)
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"{code}" if code and not text else (text[:160] if not code else f"{code}: {text[:120]}")
