"""One check's outcome: a status, whether an interview needs it, and a message code with its details.

The words live with the callers (the CLI's catalog, the window's translations), keyed by ``code``."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckResult:
    check: str  # database, keys, fonts, camera, microphone, disk, printer, calendar, backup, timezone
    status: Status
    code: str
    details: dict[str, Any] = field(default_factory=dict)
    needed_for_interview: bool = False

    @property
    def blocks_interview(self) -> bool:
        return self.needed_for_interview and self.status is Status.FAIL


def ready_for_interview(results: list[CheckResult]) -> bool:
    return not any(r.blocks_interview for r in results)
