"""Reading an import file (CSV or XLSX) and checking each row, before anything is written.

Columns: registered_at, channel, petitioner_name, id_number, phone, address, matter, category, complexity,
department (optional), group_size (default 1), accepts_mediation (是/否), assigned_at (optional), village
(optional), grid (optional), representatives (optional: "姓名:身份证号;姓名:身份证号", the ID number may be
left out; full-width ：and ；are read the same). Times are China time (UTC+8) unless they carry an offset.
The village, grid and representatives are checked by the desk's own rules (``registration_rules``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from desktop.clock import CHINA_TZ
from desktop.domain.enums import Category, Channel, Complexity
from desktop.domain.errors import ValidationError
from desktop.domain.idnumber import ResidentId, parse_resident_id
from desktop.domain.phone import Phone, parse_phone
from desktop.domain.rules_config import Rules
from desktop.services.registration_rules import grid_problems, representative_problems

REQUIRED = ("registered_at", "channel", "petitioner_name", "id_number", "matter", "category", "complexity")
OPTIONAL = ("phone", "address", "department", "group_size", "accepts_mediation", "assigned_at", "village", "grid",
            "representatives")

CHANNELS = {"来访": Channel.VISIT, "来信": Channel.LETTER, "网上": Channel.ONLINE, "电话": Channel.PHONE,
            **{c.value: c for c in Channel}}
CATEGORIES = {"涉法涉诉": Category.LEGAL, "民生": Category.LIVELIHOOD, "矛盾纠纷": Category.DISPUTE,
              "政策咨询": Category.POLICY, "历史遗留": Category.LEGACY, **{c.value: c for c in Category}}
COMPLEXITY = {"简单": Complexity.SIMPLE, "复杂": Complexity.COMPLEX, **{c.value: c for c in Complexity}}
YES_NO = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False, "true": True, "false": False,
          "1": True, "0": False, "": False}


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    code: str
    value: str


@dataclass(slots=True)
class ImportRow:
    """A checked row. ``day`` is the China-time date of ``registered_at`` (where deadlines count from)."""

    line: int
    registered_at: datetime
    channel: Channel
    name: str
    resident: ResidentId | None
    phone: Phone | None
    address: str
    village: str
    summary: str
    category: Category
    complexity: Complexity
    department: str
    group_size: int
    accepts_mediation: bool
    assigned_at: datetime | None
    day: date
    grid: str = ""
    # (name, ID number in upper case or "") of a group visit's representatives, as the desk stores them
    representatives: tuple[tuple[str, str], ...] = ()


def read_values(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, rows as lists of stripped cell texts, with their line numbers); line 1 is the header, as a
    spreadsheet shows it. Blank rows are left out."""
    from desktop.services.import_file import ImportFileRefused, csv_values, xlsx_values

    if not path.is_file():
        raise ImportFileRefused("file_not_found", path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return csv_values(path)
    if suffix in (".xlsx", ".xlsm"):
        return xlsx_values(path)
    raise ValidationError("unsupported_format", field="file", path=str(path))


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(header, rows as column → text, with their line numbers)."""
    header, rows = read_values(path)
    return header, ((line, dict(zip(header, cells, strict=False))) for line, cells in rows)


def _cell_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_time(text: str) -> datetime:
    """ISO date or date-time; China time unless an offset is given. Raises ValueError."""
    text = text.strip().replace("/", "-")
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(0, 0), tzinfo=CHINA_TZ)
    moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)


class RowChecker:
    """Checks rows given as lists of cell texts in the header's order (stripped, as ``read_values`` gives
    them). Per-row work is a handful of dict look-ups: ID numbers, phones and dates repeat a lot in a big
    file, so each distinct text is parsed once."""

    def __init__(self, header: list[str], departments: set[str], today: date,
                 limits: tuple[int, int, int] = (64, 200, 4000), rules: Rules | None = None) -> None:
        # (name, address, summary) at most: the settings limits.*_max_length, the same on every database.
        self._max_name, self._max_address, self._max_summary = limits
        self._rules = rules or Rules()
        # The last column of a repeated name wins, as it does in a dict built from the row.
        where = {name: i for i, name in enumerate(header)}
        self._columns = [*REQUIRED, *OPTIONAL]
        self._where = [where.get(c, -1) for c in self._columns]
        self._departments = departments
        self._today = today
        self._ids: dict[str, ResidentId | str] = {}
        self._phones: dict[str, Phone | str] = {}

    def _cells(self, values: list[str]) -> list[str]:
        n = len(values)
        return [values[i] if 0 <= i < n else "" for i in self._where]

    def check(self, line: int, values: list[str]) -> ImportRow | list[RowProblem]:
        (reg_text, channel_text, name, id_text, summary, category_text, complexity_text,
         phone_text, address, department, size_text, mediation_text, assigned_text, village, grid,
         reps_text) = self._cells(values)
        problems: list[RowProblem] = []
        bad = problems.append
        registered = assigned = None
        day = self._today
        try:
            registered = parse_time(reg_text)
            day = registered.date() if registered.tzinfo is CHINA_TZ else registered.astimezone(CHINA_TZ).date()
            if day > self._today:
                bad(RowProblem(line, "registered_at", "date_in_future", reg_text))
        except ValueError:
            bad(RowProblem(line, "registered_at", "bad_datetime", reg_text))
        if assigned_text:
            try:
                assigned = parse_time(assigned_text)
                if registered and assigned < registered.replace(hour=0, minute=0, second=0):
                    bad(RowProblem(line, "assigned_at", "assigned_before_registered", assigned_text))
            except ValueError:
                bad(RowProblem(line, "assigned_at", "bad_datetime", assigned_text))
        channel = CHANNELS.get(channel_text)
        if channel is None:
            bad(RowProblem(line, "channel", "unknown_channel", channel_text))
        if not name:
            bad(RowProblem(line, "petitioner_name", "required", name))
        elif len(name) > self._max_name:
            bad(RowProblem(line, "petitioner_name", "too_long", str(self._max_name)))
        if len(address) > self._max_address:
            bad(RowProblem(line, "address", "too_long", str(self._max_address)))
        resident = None
        if id_text:
            resident = self._ids.get(id_text)
            if resident is None:
                try:
                    resident = parse_resident_id(id_text, today=self._today)
                except ValidationError as e:
                    resident = e.code
                self._ids[id_text] = resident
            if isinstance(resident, str):
                bad(RowProblem(line, "id_number", resident, id_text))
                resident = None
        elif channel == Channel.VISIT:
            bad(RowProblem(line, "id_number", "required", id_text))
        phone = None
        if phone_text:
            phone = self._phones.get(phone_text)
            if phone is None:
                phone = self._phones[phone_text] = _parse_phone(phone_text)
            if isinstance(phone, str):
                bad(RowProblem(line, "phone", phone, phone_text))
                phone = None
        if not summary:
            bad(RowProblem(line, "matter", "required", summary))
        elif len(summary) > self._max_summary:
            bad(RowProblem(line, "matter", "too_long", str(self._max_summary)))
        category = CATEGORIES.get(category_text.removesuffix("类"))
        if category is None:
            bad(RowProblem(line, "category", "unknown_category", category_text))
        complexity = COMPLEXITY.get(complexity_text)
        if complexity is None:
            bad(RowProblem(line, "complexity", "unknown_complexity", complexity_text))
        if department and department not in self._departments:
            bad(RowProblem(line, "department", "department_not_found", department))
        group_size = 1
        if size_text and size_text != "1":
            try:
                group_size = int(size_text)
                if group_size < 1:
                    raise ValueError
            except ValueError:
                bad(RowProblem(line, "group_size", "group_size_invalid", size_text))
        mediation = YES_NO.get(mediation_text.lower())
        if mediation is None:
            bad(RowProblem(line, "accepts_mediation", "yes_no_expected", mediation_text))
        representatives: tuple[tuple[str, str], ...] = ()
        if grid:
            problems += [RowProblem(line, "grid", e.code, str(e.details["maximum"])) for e in grid_problems(grid)]
        if reps_text:
            representatives = self._representatives(line, reps_text, group_size, problems)
        if problems:
            return problems
        assert registered and channel and category and complexity
        return ImportRow(line, registered, channel, name, resident, phone, address, village, summary, category,
                         complexity, department, group_size, mediation, assigned, day, grid, representatives)

    def _representatives(self, line: int, text: str, group_size: int,
                         problems: list[RowProblem]) -> tuple[tuple[str, str], ...]:
        """The representatives cell read as the desk's form would take it, checked by the desk's rule; each
        problem names the representative (never their ID number) or the limit it breaks."""
        reps: list[tuple[str, str]] = []
        for entry in text.replace("；", ";").replace("：", ":").split(";"):
            if not entry.strip():
                continue
            name, _, number = (part.strip() for part in entry.partition(":"))
            if not name or ":" in number:
                problems.append(RowProblem(line, "representatives", "representative_format", name))
                continue
            reps.append((name, number.upper()))
        for e in representative_problems(reps, group_size, self._rules, self._today):
            where = str(e.details.get("field", ""))
            if where == "representatives":  # the count: the limit it breaks
                limit = e.details["maximum"] if "maximum" in e.details else e.details["group_size"]
                value = f"{e.details['given']}/{limit}"
            elif where.endswith(".name"):
                value = str(e.details["maximum"])
            else:
                value = reps[int(where.split(".")[1])][0]
            problems.append(RowProblem(line, "representatives", e.code, value))
        return tuple(reps)


def _parse_phone(text: str) -> Phone | str:
    """The parsed phone, or the refusal's code."""
    # An 11-digit mobile as typed in most registers: exactly what parse_phone gives, without its regexes.
    if len(text) == 11 and text.isascii() and text.isdigit() and text[0] == "1" and text[1] in "3456789":
        return Phone("mobile", text)
    try:
        return parse_phone(text)
    except ValidationError as e:
        return e.code


def check_row(line: int, raw: dict[str, str], departments: set[str], today: date
              ) -> tuple[ImportRow | None, list[RowProblem]]:
    """One row given as a dict (column → text); see :class:`RowChecker` for files."""
    header = list(raw)
    got = RowChecker(header, departments, today).check(line, [(raw[c] or "").strip() for c in header])
    return (None, got) if isinstance(got, list) else (got, [])
