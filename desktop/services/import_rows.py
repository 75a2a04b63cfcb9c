"""Reading an import file (CSV or XLSX) and checking each row, before anything is written.

Columns: registered_at, channel, petitioner_name, id_number, phone, address, matter, category, complexity,
department (optional), group_size (default 1), accepts_mediation (是/否), assigned_at (optional).
Times are China time (UTC+8) unless they carry an offset."""

from __future__ import annotations

import csv
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

REQUIRED = ("registered_at", "channel", "petitioner_name", "id_number", "matter", "category", "complexity")
OPTIONAL = ("phone", "address", "department", "group_size", "accepts_mediation", "assigned_at", "village")

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


@dataclass(frozen=True)
class ImportRow:
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
    raw: dict[str, str]


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(header, rows with their line numbers); line 1 is the header, as a spreadsheet shows it."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115  (closed by the row generator)
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]

        def csv_rows() -> Iterator[tuple[int, dict[str, str]]]:
            with fh:
                for line, values in enumerate(reader, start=2):
                    if any(v.strip() for v in values):
                        yield line, dict(zip(header, (v.strip() for v in values), strict=False))
        return header, csv_rows()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        sheet = wb.worksheets[0]
        it = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(it, ())]

        def xlsx_rows() -> Iterator[tuple[int, dict[str, str]]]:
            for line, values in enumerate(it, start=2):
                cells = ["" if v is None else _cell_text(v) for v in values]
                if any(cells):
                    yield line, dict(zip(header, cells, strict=False))
            wb.close()
        return header, xlsx_rows()
    raise ValidationError("unsupported_format", field="file", path=str(path))


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


def check_row(line: int, raw: dict[str, str], departments: set[str], today: date
              ) -> tuple[ImportRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def bad(column: str, code: str) -> None:
        problems.append(RowProblem(line, column, code, raw.get(column, "")))

    def get(column: str) -> str:
        return (raw.get(column) or "").strip()

    registered = assigned = None
    try:
        registered = parse_time(get("registered_at"))
        if registered.astimezone(CHINA_TZ).date() > today:
            bad("registered_at", "date_in_future")
    except ValueError:
        bad("registered_at", "bad_datetime")
    if get("assigned_at"):
        try:
            assigned = parse_time(get("assigned_at"))
            if registered and assigned < registered.replace(hour=0, minute=0, second=0):
                bad("assigned_at", "assigned_before_registered")
        except ValueError:
            bad("assigned_at", "bad_datetime")
    channel = CHANNELS.get(get("channel"))
    if channel is None:
        bad("channel", "unknown_channel")
    name = get("petitioner_name")
    if not name:
        bad("petitioner_name", "required")
    resident = None
    if get("id_number"):
        try:
            resident = parse_resident_id(get("id_number"), today=today)
        except ValidationError as e:
            bad("id_number", e.code)
    elif channel == Channel.VISIT:
        bad("id_number", "required")
    phone = None
    if get("phone"):
        try:
            phone = parse_phone(get("phone"))
        except ValidationError as e:
            bad("phone", e.code)
    summary = get("matter")
    if not summary:
        bad("matter", "required")
    category = CATEGORIES.get(get("category").removesuffix("类"))
    if category is None:
        bad("category", "unknown_category")
    complexity = COMPLEXITY.get(get("complexity"))
    if complexity is None:
        bad("complexity", "unknown_complexity")
    department = get("department")
    if department and department not in departments:
        bad("department", "department_not_found")
    group_size = 1
    if get("group_size"):
        try:
            group_size = int(get("group_size"))
            if group_size < 1:
                raise ValueError
        except ValueError:
            bad("group_size", "group_size_invalid")
    mediation = YES_NO.get(get("accepts_mediation").lower())
    if mediation is None:
        bad("accepts_mediation", "yes_no_expected")
    if problems:
        return None, problems
    assert registered and channel and category and complexity and mediation is not None
    return ImportRow(line, registered, channel, name, resident, phone, get("address"), get("village"), summary,
                     category, complexity, department, group_size, mediation, assigned, raw), []
