"""When synthetic sources flash and beep: instants on the shared clock.

A/V sync is measured by giving a synthetic camera and a synthetic microphone the same
``SyncSchedule``; the flash and the beep then happen at the same clock instants and any
offset found in the encoded file is the recorder's own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SyncSchedule:
    """Events at explicit clock instants and/or every ``period`` seconds from ``phase``.

    Times are ``Clock.now()`` values. Each event lasts ``duration`` seconds.
    """

    at: tuple[float, ...] = field(default_factory=tuple)
    period: float | None = None
    phase: float = 0.0
    duration: float = 0.1

    def active(self, t0: float, t1: float) -> list[tuple[float, float]]:
        """The parts of events that overlap [t0, t1), as (start, end) on the clock."""
        spans: list[tuple[float, float]] = []
        for e in self.at:
            if e < t1 and e + self.duration > t0:
                spans.append((e, e + self.duration))
        if self.period:
            k0 = math.floor((t0 - self.duration - self.phase) / self.period)
            k1 = math.floor((t1 - self.phase) / self.period)
            for k in range(max(k0, -(10**9)), k1 + 1):
                s = self.phase + k * self.period
                if s < t1 and s + self.duration > t0:
                    spans.append((s, s + self.duration))
        return spans

    def is_on(self, t: float) -> bool:
        return bool(self.active(t, t + 1e-9))
