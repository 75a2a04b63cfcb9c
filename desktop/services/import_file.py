"""Reading an import file's bytes before any row is checked: the encoding (UTF-8 with or without BOM, else
GBK/GB18030, else refused naming the bad byte's line and column), NUL bytes, an empty file, a broken XLSX.
Each refusal is one :class:`ImportFileRefused` naming the file, line and column where there is one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.errors import ValidationError

UTF8_BOM = b"\xef\xbb\xbf"


class ImportFileRefused(ValidationError):
    """The file as a whole cannot be imported (nothing is written)."""

    def __init__(self, code: str, path: Path, line: int = 0, column: int = 0, **details: object) -> None:
        super().__init__(code, field="file", path=str(path), file=Path(path).name, line=line, column=column,
                         **details)


def _where(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` within ``text``."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def decode_csv(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes."""
    if not data.removeprefix(UTF8_BOM).strip():
        raise ImportFileRefused("import_empty", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileRefused("import_utf16", path, 1, 1)
    has_bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM):] if has_bom else data
    try:
        return body.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        if not has_bom:
            try:
                return body.decode("gb18030"), "GB18030"
            except UnicodeDecodeError:
                pass
        good = body[:utf8_error.start].decode("utf-8", errors="replace")
        line, column = _where(good, len(good))
        raise ImportFileRefused("import_encoding", path, line, column,
                                detail=f"0x{body[utf8_error.start]:02X}") from None


def csv_values(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, rows as stripped cell texts with their line numbers) of a CSV file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileRefused("file_not_found", path) from None
    text, _ = decode_csv(data, path)
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _where(text, nul)
        raise ImportFileRefused("import_nul", path, line, column)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for values in reader:
                cells = [v.strip() for v in values]
                if any(cells):
                    yield reader.line_num, cells
        except csv.Error as error:
            raise ImportFileRefused("import_bad_csv", path, reader.line_num, 0, detail=str(error)) from None

    return header, rows()


def xlsx_values(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, rows) of the first sheet of an XLSX workbook."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from desktop.services.import_rows import _cell_text

    try:
        if path.stat().st_size == 0:
            raise ImportFileRefused("import_empty", path)
        wb = load_workbook(path, read_only=True, data_only=True)
        sheet = wb.worksheets[0]
        it = sheet.iter_rows(values_only=True)
        first = next(it, ())
    except FileNotFoundError:
        raise ImportFileRefused("file_not_found", path) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, IndexError, OSError, EOFError):
        raise ImportFileRefused("import_not_xlsx", path) from None
    header = [str(h).strip() if h is not None else "" for h in first]
    if not any(header):
        wb.close()
        raise ImportFileRefused("import_empty", path)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, values in enumerate(it, start=2):
                cells = ["" if v is None else _cell_text(v) for v in values]
                if any(cells):
                    yield line, cells
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError):
            raise ImportFileRefused("import_not_xlsx", path) from None
        finally:
            wb.close()

    return header, rows()
