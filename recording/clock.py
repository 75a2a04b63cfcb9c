"""One monotonic clock for a whole recording, and the wall clock, both injectable.

Every device stamps what it captures with ``Clock.now()`` and the session places video by those
stamps, so cameras, microphones and the encoder must share one instance.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Shanghai"
# Windows has no zone database without the tzdata package; China has kept UTC+8 without DST since 1991.
_FIXED = {"Asia/Shanghai": timezone(timedelta(hours=8), "CST"), "UTC": UTC}


def office_zone(name: str) -> tzinfo:
    """The office's time zone by IANA name (unknown names raise ``ValueError``)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if name in _FIXED:
            return _FIXED[name]
        raise ValueError(f"unknown time zone {name!r}") from exc


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds (arbitrary origin)."""

    def sleep(self, seconds: float) -> None: ...

    def wall(self) -> datetime:
        """Aware wall-clock time (for the overlay and the manifest only, never for placement)."""


class MonotonicClock:
    """The real clock: ``time.monotonic`` for placement, the system time for the wall."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def wall(self) -> datetime:
        return datetime.now(UTC).astimezone()


class OffsetWallClock(MonotonicClock):
    """Real monotonic time with a wall clock pinned to a given start (tests, demos)."""

    def __init__(self, wall_start: datetime) -> None:
        self._wall_start = wall_start
        self._t0 = time.monotonic()

    def wall(self) -> datetime:
        from datetime import timedelta

        return self._wall_start + timedelta(seconds=time.monotonic() - self._t0)


DEFAULT_CLOCK: Clock = MonotonicClock()
