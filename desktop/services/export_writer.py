"""The one writer of every export file (the CLI's and the ledger's): owner-only from its first byte,
written under a temporary name and renamed only when complete (a refused or failed export leaves no file),
and every text cell that a spreadsheet would run as a formula written as plain text."""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.domain.errors import ValidationError

FORMATS = ("csv", "xlsx", "json")
# A cell starting with one of these is a formula to Excel, LibreOffice or WPS (tab and CR included: some
# readers strip them and then see the formula).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """A CSV cell as text a spreadsheet shows and never evaluates (OWASP's prefix with a single quote)."""
    if value is None:
        return ""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def format_of(path: Path, fmt: str | None = None) -> str:
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValidationError("unsupported_format", field="format", path=str(path))
    return chosen


def write_table(path: Path, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                sheet: str = "matters", force: bool = True) -> int:
    """Writes ``rows`` under ``headers`` to ``path``; returns the number of rows. JSON writes objects keyed
    by ``headers``."""
    path = Path(path)
    fmt = format_of(path, fmt)
    if path.exists() and not force:
        raise ValidationError("file_exists", field="out", path=str(path))
    tmp = path.with_name(f".{path.name}.part")
    tmp.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            count = _WRITERS[fmt](raw, headers, rows, sheet)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return count


def _csv(raw: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> int:
    import io

    count = 0
    fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")  # the BOM lets Excel read UTF-8
    writer = csv.writer(fh)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        count += 1
    fh.flush()
    fh.detach()  # the caller closes the file
    return count


def _xlsx(raw: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)

    def cells(values: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for v in values:
            if isinstance(v, str):
                cell = WriteOnlyCell(ws, value=v)
                cell.data_type = "s"  # text, even when it starts with "=": never a live formula
                out.append(cell)
            else:
                out.append(v)
        return out

    count = 0
    try:
        ws.append(cells(headers))
        for row in rows:
            ws.append(cells(row))
            count += 1
    except BaseException:
        # Finish openpyxl's half-written sheet now, or its generator complains when collected later.
        with contextlib.suppress(Exception):
            ws.close()
        raise
    book.save(raw)
    return count


def _json(raw: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> int:
    count = 0
    raw.write(b"[")
    for row in rows:
        item = json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False, default=str)
        raw.write((",\n" if count else "\n").encode() + item.encode("utf-8"))
        count += 1
    raw.write(b"\n]\n")
    return count


_WRITERS = {"csv": _csv, "xlsx": _xlsx, "json": _json}
