"""The encoder thread of a ``RecordingSession``.

Timeline: media time m corresponds to clock time ``offset + m`` where ``offset`` is the start
instant plus the time spent paused. Video tick n (m = n/fps) shows, per camera, the frame whose
capture stamp is nearest to its clock time; audio sample k (m = k/48000) is the microphone's
sample at that instant, anchored once from the ring's clock stamp and then placed by counting
samples. Commands (pause/resume/stop) carry their clock instant and are applied exactly there.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import traceback
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from recording import registry
from recording.clock import office_zone
from recording.compose import Compositor
from recording.journal import Journal
from recording.microphones import RATE
from recording.overlay import Overlay
from recording.sealing import seal_recording
from recording.writer import DiskFull, MediaWriter

if TYPE_CHECKING:
    from recording.session import RecordingSession

log = logging.getLogger(__name__)
RESYNC_LIMIT = int(0.06 * RATE)  # a device clock this far off the shared clock is re-anchored


def reserve_path_for(mp4: Path) -> Path:
    return mp4.with_name(mp4.name + ".reserve")


def _make_reserve(path: Path, size: int) -> None:
    """Space held beside the recording and given back before sealing: a disk that fills up suddenly
    still has room for the manifest, its signature and the journal's last lines."""
    if size <= 0:
        return
    with open(path, "wb") as f:
        try:
            os.posix_fallocate(f.fileno(), 0, size)
        except (AttributeError, OSError):  # Windows, or a file system without it: real bytes
            f.write(b"\0" * size)


class Engine:
    def __init__(self, session: RecordingSession) -> None:
        self.s = session
        c = session.config
        self.cfg, self.clock = c, session.clock
        self.compositor = Compositor(c.width, c.height, len(session.cameras), c.layout)
        self.overlay = Overlay(c.height, c.office, c.case_number)
        self.commands: queue.Queue[tuple[str, float, dict]] = queue.Queue()
        self._pending: tuple[str, float, dict] | None = None
        self.journal: Journal | None = None
        self.writer: MediaWriter | None = None
        self.thread: threading.Thread | None = None
        self.n = 0  # next video tick
        self.paused_at: float | None = None
        self.pauses: list[dict[str, Any]] = []
        self.markers: list[dict[str, Any]] = []
        self.gaps: list[dict[str, Any]] = []
        self._open_gaps: dict[str, dict[str, Any]] = {}
        self.rp: int | None = None  # ring index of the next audio sample to write
        self.rp_floor = 0
        self.last_seq: list[int | None] = [None] * len(session.cameras)
        self.per_camera = [{"repeated": 0, "dropped": 0, "no_signal": 0} for _ in session.cameras]
        self._warned_disk = False
        self._next_disk_check = 0.0
        self._next_resync_check = 0.0
        self.zone = office_zone(c.time_zone)
        self.test_signal = False

    # --- lifecycle -------------------------------------------------------------------------
    def begin(self) -> None:
        s, c = self.s, self.cfg
        self.start = self.clock.now()
        self.offset = self.start
        s.started_at = self.start
        s.wall_start = self.clock.wall().astimezone(self.zone)
        self.devices = [cam.describe() for cam in s.cameras] + [s.microphone.describe()]
        self.test_signal = any(bool(d.get("test_signal")) for d in self.devices)
        if c.registry is not None:  # found by recovery wherever the file is
            registry.register(c.registry, s.path)
        self.journal = Journal(s.path, {
            "case_number": c.case_number, "interviewers": list(c.interviewers), "office": c.office,
            "start_wall": s.wall_start.isoformat(timespec="milliseconds"), "devices": self.devices,
            "width": c.width, "height": c.height, "fps": c.fps, "layout": str(c.layout),
            "app_version": c.app_version, "time_zone": c.time_zone, "test_signal": self.test_signal})
        self.reserve = reserve_path_for(s.path)
        _make_reserve(self.reserve, c.reserve_bytes)
        self.writer = MediaWriter(s.path, c.width, c.height, c.fps, preset=c.preset, crf=c.crf,
                                  title=f"{c.office} {c.case_number}".strip(), on_fragment=self.journal.sync)
        self.thread = threading.Thread(target=self._run, name="recording-encoder", daemon=True)
        self.thread.start()

    def command(self, kind: str, **details: Any) -> None:
        self.commands.put((kind, self.clock.now(), details))

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def media_seconds(self) -> float:
        t = self.paused_at if self.paused_at is not None else self.clock.now()
        return max(0.0, t - self.offset)

    def marker(self, label: str) -> dict[str, Any]:
        m = {"type": "marker", "label": label, "at": round(self.media_seconds(), 3),
             "wall": self.clock.wall().astimezone(self.zone).isoformat(timespec="seconds")}
        self.markers.append(m)
        self.journal.add(m)
        return m

    # --- the loop --------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._loop()
        except DiskFull:
            self.s.stop_reason = "disk_full"
            ev = {"type": "disk_stop", "free": 0, "sudden": True, "at": round(self.n / self.cfg.fps, 3)}
            self.journal.add(ev)
            self.s._emit(ev)
            log.warning("the disk filled up while recording %s; sealing what was written", self.s.path)
        except Exception:
            self.s.error = traceback.format_exc()
            log.exception("recording encoder failed; sealing what was written")
            self.s.stop_reason = self.s.stop_reason or "encoder_error"
        finally:
            self._finish()

    def _next_command(self) -> tuple[str, float, dict] | None:
        if self._pending is None:
            try:
                self._pending = self.commands.get_nowait()
            except queue.Empty:
                return None
        return self._pending

    def _loop(self) -> None:
        period = 1.0 / self.cfg.fps
        while True:
            now = self.clock.now()
            horizon = now - self.cfg.latency
            cmd = self._next_command()
            limit = min(horizon, cmd[1]) if cmd else horizon
            if self.paused_at is None:
                self._video_until(limit)
                self._audio_until(limit, now, final=bool(cmd and cmd[0] == "stop" and cmd[1] <= horizon))
            else:
                self._level_from(np.zeros(0, np.float32))
            if cmd and cmd[1] <= horizon:
                self._pending = None
                if self._apply(*cmd):
                    return
                continue
            self._check_disk(now)
            wake = self.offset + self.n * period + 0.5 * period + self.cfg.latency
            self.clock.sleep(min(0.02, max(0.002, wake - self.clock.now())))

    def _apply(self, kind: str, t: float, details: dict) -> bool:
        if kind == "pause" and self.paused_at is None:
            self.paused_at = t
            p = {"type": "pause", "at": round(t - self.offset, 3), "reason": details.get("reason", ""),
                 "wall": self._wall(t)}
            self.pauses.append(p)
            self.journal.add(p)
        elif kind == "resume" and self.paused_at is not None:
            self.offset += t - self.paused_at
            self.pauses[-1]["seconds"] = round(t - self.paused_at, 3)
            self.pauses[-1]["resumed_wall"] = self._wall(t)
            self.paused_at = None
            self.last_seq = [None] * len(self.last_seq)  # frames shot while paused are not "dropped"
            self.rp = None  # re-anchor the microphone: what it heard while paused is not recorded
            self.journal.add({"type": "resume", "at": round(t - self.offset, 3), "wall": self._wall(t)})
        elif kind == "stop":
            self.s.stop_reason = self.s.stop_reason or details.get("reason", "requested")
            if self.paused_at is None:  # sound up to the end of the last video frame
                self._audio_until(self.offset + self.n / self.cfg.fps, self.clock.now(), final=True)
            return True
        return False

    def _wall(self, t: float) -> str:
        return (self.s.wall_start + timedelta(seconds=t - self.start)).isoformat(timespec="milliseconds")

    # --- video -----------------------------------------------------------------------------
    def _video_until(self, limit: float) -> None:
        fps = self.cfg.fps
        while self.offset + self.n / fps < limit:
            t = self.offset + self.n / fps
            if self.clock.now() - self.cfg.latency - t > self.cfg.max_backlog:
                # The encoder fell behind (a busy machine), not a camera: skip this tick, which holds
                # the previous picture a little longer, and count it as the encoder's drop.
                self.s.stats.frames_encoder_dropped += 1
                self.n += 1
                self.last_seq = [None] * len(self.last_seq)  # the frames it skipped are not the camera's drops
                continue
            self._tick(t)

    def _camera_alive(self, cam, now: float) -> bool:  # type: ignore[no-untyped-def]
        latest = cam.latest_time()
        return latest is not None and now - latest <= self.cfg.camera_timeout

    def _tick(self, t: float) -> None:
        half = 0.5 / self.cfg.fps
        pictures: list[np.ndarray | None] = []
        dead = []
        st = self.s.stats
        now = self.clock.now()
        for i, cam in enumerate(self.s.cameras):
            # A gap is the camera's only when it stopped delivering; a frame older than the history (an
            # encoder running late) is taken from what the history still holds.
            f = cam.pick(t + half) if self._camera_alive(cam, now) else None
            if f is None and self._camera_alive(cam, now):
                f = cam.oldest()
            if f is None:
                pictures.append(None)
                dead.append(self.compositor.slots[i])
                self.per_camera[i]["no_signal"] += 1
                st.frames_no_signal += 1
                self._gap(f"camera{i}", True, t, name=cam.name)
                continue
            self._gap(f"camera{i}", False, t)
            pictures.append(f.image)
            last = self.last_seq[i]
            if last is not None:
                if f.seq == last:
                    self.per_camera[i]["repeated"] += 1
                    st.frames_repeated += 1
                elif f.seq > last + 1:
                    self.per_camera[i]["dropped"] += f.seq - last - 1
                    st.frames_dropped += f.seq - last - 1
            self.last_seq[i] = f.seq
        frame = self.compositor.compose(pictures)
        wall = self.s.wall_start + timedelta(seconds=t - self.start)
        self.overlay.draw(frame, wall.strftime("%Y-%m-%d %H:%M:%S"), dead)
        self.writer.write_video(frame, pts=self.n)
        st.frames_written += 1
        self.n += 1
        if self.n % 2 == 0:  # the preview only needs ~12 fps
            pw = self.cfg.preview_width
            ph = max(2, int(frame.shape[0] * pw / frame.shape[1]))
            self.s._set_preview(cv2.resize(frame, (pw, ph), interpolation=cv2.INTER_AREA))

    def _gap(self, device_key: str, lost: bool, t: float, **info: Any) -> None:
        """Open or close a logged gap for a device (camera or microphone)."""
        g = self._open_gaps.get(device_key)
        if lost and g is None:
            g = {"type": "gap", "device": device_key, "start": round(t - self.offset, 3),
                 "wall": self._wall(t), **info}
            self._open_gaps[device_key] = g
            self.gaps.append(g)
            self.journal.add(dict(g))
            self.s._emit(dict(g))
        elif not lost and g is not None:
            g["end"] = round(t - self.offset, 3)
            del self._open_gaps[device_key]
            end = {"type": "gap_end", "device": device_key, "end": g["end"], "wall": self._wall(t)}
            self.journal.add(end)
            self.s._emit(end)

    # --- audio -----------------------------------------------------------------------------
    def _mic_index_at(self, t: float) -> int | None:
        stamp = self.s.microphone.ring.stamp
        if stamp is None:
            return None
        w, tw = stamp
        return w - round((tw - t) * RATE)

    def _audio_until(self, limit: float, now: float, final: bool = False) -> None:
        mic, st, ring = self.s.microphone, self.s.stats, self.s.microphone.ring
        target = round((limit - self.offset) * RATE)
        need = target - self.writer.samples_written
        if need <= 0:
            return
        written_t = self.offset + self.writer.samples_written / RATE
        if self.rp is None:
            idx = self._mic_index_at(written_t)
            if idx is not None:
                if idx < self.rp_floor:  # never replay what was heard before a gap or pause
                    idx = self.rp_floor
                if idx < 0:  # the microphone started after this instant: silence until it did
                    pad = min(need, -idx)
                    self._write_silence(pad)
                    need -= pad
                    idx += pad
                self.rp = idx
        elif now >= self._next_resync_check and self.s.microphone.ring.stamp is not None:
            self._next_resync_check = now + 1.0
            self._resync(written_t)
        stamp = ring.stamp
        alive = (not mic.failed and stamp is not None and now - stamp[1] < self.cfg.mic_timeout)
        if self.rp is not None and need > 0:
            avail = ring.written - self.rp
            if avail > 0:
                take = min(need, avail)
                samples, lost = ring.read(self.rp, self.rp + take)
                if lost:
                    st.audio_lost_samples += lost
                    samples = np.concatenate([np.zeros(lost, np.float32), samples])[:take]
                self.rp += take
                self.writer.write_audio(samples)
                st.audio_samples += take
                need -= take
                self._level_from(samples)
                if alive:
                    self._gap("microphone", False, written_t)
        if need > 0 and (not alive or final):
            if not final:
                self._gap("microphone", True, written_t, name=mic.name)
                self.rp_floor = ring.written
                self.rp = None
            self._write_silence(need)
            self._level_from(np.zeros(0, np.float32))

    def _resync(self, written_t: float) -> None:
        idx = self._mic_index_at(written_t)
        if idx is None or self.rp is None:
            return
        diff = idx - self.rp
        if abs(diff) <= RESYNC_LIMIT:
            return
        self.s.stats.audio_resyncs += 1
        if diff > 0:  # the device ran fast: skip what would put sound late
            self.rp = idx
        else:  # the device ran slow: a little silence keeps sound in step with the picture
            self._write_silence(-diff)
        self.journal.add({"type": "audio_resync", "at": round(written_t - self.offset, 3),
                          "samples": int(diff)})

    def _write_silence(self, n: int) -> None:
        if n > 0:
            self.writer.write_audio(np.zeros(n, np.float32))
            self.s.stats.audio_samples += n
            self.s.stats.audio_silence_samples += n

    def _level_from(self, samples: np.ndarray) -> None:
        peak = float(np.max(np.abs(samples[-2400:]))) if len(samples) else 0.0
        self.s._level_db = 20 * np.log10(peak) if peak > 1e-6 else -120.0

    # --- disk ------------------------------------------------------------------------------
    def _check_disk(self, now: float) -> None:
        if now < self._next_disk_check:
            return
        self._next_disk_check = now + 1.0
        free = self.s.disk_free(self.s.path.parent)
        if free < self.cfg.min_free_bytes:
            ev = {"type": "disk_stop", "free": free, "at": round(self.media_seconds(), 3)}
            self.journal.add(ev)
            self.s._emit(ev)
            self.s.stop_reason = "disk_full"
            self.commands.put(("stop", now - self.cfg.latency, {"reason": "disk_full"}))
        elif free < self.cfg.warn_free_bytes and not self._warned_disk:
            self._warned_disk = True
            ev = {"type": "disk_warning", "free": free, "at": round(self.media_seconds(), 3)}
            self.journal.add(ev)
            self.s._emit(ev)

    # --- end -------------------------------------------------------------------------------
    def _finish(self) -> None:
        s = self.s
        manifest = mpath = None
        try:
            for key in list(self._open_gaps):
                self._gap(key, False, self.offset + self.n / self.cfg.fps)
            self.reserve.unlink(missing_ok=True)  # room for the manifest even on a full disk
            if not self.writer.file.disk_full:  # sound and picture end at the same instant: the last tick
                end_samples = round(self.n / self.cfg.fps * RATE)
                short = end_samples - self.writer.samples_written
                if short > 0:
                    self._write_silence(short)
            sha, size, blocks = self.writer.close()
            s.stats.syncs = self.writer.file.syncs
            s.wall_stop = self.clock.wall().astimezone(self.zone)
            manifest, mpath = seal_recording(self, sha, size, blocks)
            self.journal.close(remove=True)
            if self.cfg.registry is not None:
                registry.unregister(self.cfg.registry, s.path)
        except Exception:
            s.error = (s.error or "") + traceback.format_exc()
            log.exception("sealing failed; the journal stays for recovery")
            if self.journal is not None:
                self.journal.close(remove=False)
        s._finished(manifest, mpath)
        ev = {"type": "stopped", "reason": s.stop_reason, "manifest": str(mpath) if mpath else None}
        s._emit(ev)
