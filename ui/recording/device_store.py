"""This desk's recording devices, kept in the desk's own preferences (``desktop.ini`` beside the data):
each PC has its own cameras and microphone, so the choice never goes into the shared database.

Nothing chosen means nothing to record with: there is no fallback to the synthetic test sources, which
are a test signal, never evidence (a tester may still choose them by name)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from recording.compose import Layout
from ui.i18n import preferences, tr
from ui.recording.settings_dialog import DeviceSelection, DeviceSettingsDialog
from ui.tasks import Background

GROUP = "recording"
DEFAULT = DeviceSelection(cameras=[], microphone="", width=1280, height=720, layout=Layout.PICTURE_IN_PICTURE)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if str(v)]  # type: ignore[attr-defined]


def load_selection() -> DeviceSelection:
    """The stored choice; no cameras and no microphone when nothing was configured at this desk."""
    prefs = preferences()
    prefs.beginGroup(GROUP)
    try:
        cameras = _as_list(prefs.value("cameras"))[:2]
        microphone = str(prefs.value("microphone", "") or DEFAULT.microphone)
        try:
            width = int(prefs.value("width", DEFAULT.width))
            height = int(prefs.value("height", DEFAULT.height))
        except (TypeError, ValueError):
            width, height = DEFAULT.width, DEFAULT.height
        try:
            layout = Layout(str(prefs.value("layout", DEFAULT.layout.value)))
        except ValueError:
            layout = DEFAULT.layout
    finally:
        prefs.endGroup()
    if width < 16 or height < 16:
        width, height = DEFAULT.width, DEFAULT.height
    return DeviceSelection(cameras, microphone, width - width % 2, height - height % 2, layout)


def store_selection(selection: DeviceSelection) -> None:
    prefs = preferences()
    prefs.beginGroup(GROUP)
    prefs.setValue("cameras", list(selection.cameras[:2]))
    prefs.setValue("microphone", selection.microphone)
    prefs.setValue("width", int(selection.width))
    prefs.setValue("height", int(selection.height))
    prefs.setValue("layout", selection.layout.value)
    prefs.endGroup()
    prefs.sync()


def configured(selection: DeviceSelection) -> bool:
    """A camera and a microphone are chosen (whatever they are)."""
    return bool(selection.cameras) and bool(selection.microphone)


def test_signal(selection: DeviceSelection) -> bool:
    """Any chosen source is synthetic or a file: what it records is 测试信号，非证据."""
    from recording.specs import parse_camera_spec, parse_microphone_spec

    try:
        return (any(parse_camera_spec(c).test_signal for c in selection.cameras)
                or (bool(selection.microphone) and parse_microphone_spec(selection.microphone).test_signal))
    except Exception:  # noqa: BLE001 - an unparsable stored spec is reported when the recording starts
        return False


def describe(selection: DeviceSelection) -> str:
    """One line for the clerk: which sources the next recording will use."""
    if not configured(selection):
        return tr("未设置录像设备")
    cams = " + ".join(selection.cameras) or "—"
    line = f"{cams} · {selection.microphone or '—'} · {selection.width}×{selection.height}"
    return line + (" · " + tr("测试信号，非证据") if test_signal(selection) else "")


def choose_devices(parent: QWidget | None = None, tasks: Background | None = None) -> bool:
    """The device dialog on the stored choice; stores what the clerk accepts (True if accepted). The test
    runs on ``tasks`` (the desk's task helper) when given, else on a helper of the dialog's own."""
    from PySide6.QtWidgets import QDialog

    from ui.recording.interview_recorder import select_current

    dialog = DeviceSettingsDialog(parent, tasks=tasks)
    select_current(dialog, load_selection())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    store_selection(dialog.selection())
    return True
