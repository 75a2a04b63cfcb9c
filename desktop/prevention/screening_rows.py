"""Checking one screening entry (from the desk or a row of a village's sheet) before anything is stored.

Columns of a sheet: reported_on, reporter_kind (网格/村/单位), village, grid, unit, reporter, cause,
occurred_on, place, parties, people, key_persons, development, handling, level (红/黄/绿), status
(化解/调处中). A row whose cause is 零报告 is a zero report: that reporter had nothing to report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.clock import CHINA_TZ
from desktop.domain.enums import Risk
from desktop.prevention.enums import ReporterKind, ScreeningStatus
from desktop.services.import_rows import RowProblem, parse_time

COLUMNS = ("reported_on", "reporter_kind", "village", "grid", "unit", "reporter", "cause", "occurred_on",
           "place", "parties", "people", "key_persons", "development", "handling", "level", "status")
REQUIRED = ("reported_on", "reporter_kind", "reporter", "cause")
ZERO_REPORT = "零报告"
KINDS = {"网格": ReporterKind.GRID, "社": ReporterKind.GRID, "村": ReporterKind.VILLAGE,
         "单位": ReporterKind.UNIT, **{k.value: k for k in ReporterKind}}
LEVELS = {"红": Risk.RED, "黄": Risk.YELLOW, "绿": Risk.GREEN, **{r.value: r for r in Risk}}
STATUSES = {"调处中": ScreeningStatus.HANDLING, "化解": ScreeningStatus.RESOLVED, "": ScreeningStatus.HANDLING,
            ScreeningStatus.HANDLING.value: ScreeningStatus.HANDLING,
            ScreeningStatus.RESOLVED.value: ScreeningStatus.RESOLVED}
MAX_TEXT = {"cause": 2000, "place": 200, "parties": 1000, "key_persons": 500, "development": 4000,
            "handling": 4000, "reporter": 64, "grid": 64, "unit": 100, "village": 100}


@dataclass(frozen=True, slots=True)
class ScreeningRow:
    """A checked entry. ``reported_at`` is China time (midnight when only a date was given)."""

    line: int
    reported_at: datetime
    reported_on: date
    kind: ReporterKind
    village: str
    grid: str
    unit: str
    reporter: str
    cause: str
    occurred_on: date | None
    place: str
    parties: str
    people: int
    key_persons: str
    development: str
    handling: str
    level: Risk
    status: ScreeningStatus
    zero: bool


class ScreeningRowChecker:
    """Checks rows given in ``header`` order. ``villages`` are the names the township has; dates cannot
    be after ``today``."""

    def __init__(self, header: list[str], villages: set[str], today: date) -> None:
        where = {name: i for i, name in enumerate(header)}
        self._where = [where.get(c, -1) for c in COLUMNS]
        self._villages = villages
        self._today = today
        self._times: dict[str, datetime | None] = {}

    def _time(self, text: str) -> datetime | None:
        if text not in self._times:
            try:
                self._times[text] = parse_time(text).astimezone(CHINA_TZ)
            except ValueError:
                self._times[text] = None
        return self._times[text]

    @staticmethod
    def _lengths(line: int, cells: list[str], bad: Callable[[RowProblem], None]) -> None:
        for column, text in zip(COLUMNS, cells, strict=True):
            limit = MAX_TEXT.get(column)
            if limit is not None and len(text) > limit:
                bad(RowProblem(line, column, "too_long", text[:20]))

    def check(self, line: int, values: list[str]) -> ScreeningRow | list[RowProblem]:
        n = len(values)
        cells = [values[i] if 0 <= i < n else "" for i in self._where]
        (reported_text, kind_text, village, grid, unit, reporter, cause, occurred_text, place, parties,
         people_text, key_persons, development, handling, level_text, status_text) = cells
        problems: list[RowProblem] = []
        bad = problems.append
        reported_at = self._time(reported_text) if reported_text else None
        if reported_at is None:
            bad(RowProblem(line, "reported_on", "bad_datetime" if reported_text else "required", reported_text))
        elif reported_at.date() > self._today:
            bad(RowProblem(line, "reported_on", "date_in_future", reported_text))
        kind = KINDS.get(kind_text)
        if kind is None:
            bad(RowProblem(line, "reporter_kind", "unknown_reporter_kind", kind_text))
        if not reporter:
            bad(RowProblem(line, "reporter", "required", reporter))
        if kind is ReporterKind.UNIT:
            if not unit:
                bad(RowProblem(line, "unit", "required", unit))
        elif kind is not None:
            if not village:
                bad(RowProblem(line, "village", "required", village))
            if kind is ReporterKind.GRID and not grid:
                bad(RowProblem(line, "grid", "required", grid))
        if village and village not in self._villages:
            bad(RowProblem(line, "village", "village_not_found", village))
        if max(map(len, cells)) > 64:  # most rows are short: the per-column limits only when one may bite
            self._lengths(line, cells, bad)
        zero = cause == ZERO_REPORT
        if not cause:
            bad(RowProblem(line, "cause", "required", cause))
        occurred_on = None
        if occurred_text:
            moment = self._time(occurred_text)
            if moment is None:
                bad(RowProblem(line, "occurred_on", "bad_datetime", occurred_text))
            else:
                occurred_on = moment.date()
                if reported_at is not None and occurred_on > reported_at.date():
                    bad(RowProblem(line, "occurred_on", "occurred_after_reported", occurred_text))
        people = 0
        if people_text:
            if people_text.isdigit():
                people = int(people_text)
            else:
                bad(RowProblem(line, "people", "people_invalid", people_text))
        level = LEVELS.get(level_text)
        if level is None and not (zero and not level_text):
            bad(RowProblem(line, "level", "unknown_level" if level_text else "required", level_text))
        status = STATUSES.get(status_text)
        if status is None:
            bad(RowProblem(line, "status", "unknown_screening_status", status_text))
        if zero and any((place, parties, people_text, key_persons, development, handling)):
            bad(RowProblem(line, "cause", "zero_report_with_content", cause))
        if problems:
            return problems
        assert reported_at is not None and kind is not None and status is not None
        return ScreeningRow(line, reported_at, reported_at.date(), kind, village,
                            grid if kind is ReporterKind.GRID else "", unit, reporter, cause,
                            occurred_on, place, parties, people, key_persons, development, handling,
                            level or Risk.GREEN, status, zero)
