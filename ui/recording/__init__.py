"""The recording parts of the window: the 接谈 step's panel, device settings, the player."""

from ui.recording.panel import RecordingPanel
from ui.recording.player import RecordingPlayer
from ui.recording.settings_dialog import DeviceSettingsDialog

__all__ = ["DeviceSettingsDialog", "RecordingPanel", "RecordingPlayer"]
