"""Print dispatch through the system's CUPS queue (the ``lp``/``lpstat`` commands).

Qt's print dialog is the path for people at the desk; this is the path for the CLI, batch runs
and tests, and it goes through the very same queue.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

from printing.errors import PrinterUnavailable

_TIMEOUT = 30


@dataclass(frozen=True)
class Printer:
    name: str
    is_default: bool
    accepting: bool


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    if shutil.which(args[0]) is None:
        raise PrinterUnavailable(reason="no_cups", printer=None, message=f"{args[0]} not found")
    try:
        return subprocess.run(args, input=data, capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrinterUnavailable(reason="no_cups", printer=None, message=str(exc)) from exc


def list_printers() -> list[Printer]:
    """The CUPS destinations; empty when CUPS runs without queues. PrinterUnavailable if no CUPS."""
    res = _run(["lpstat", "-e"])
    if res.returncode != 0:
        err = res.stderr.decode(errors="replace").strip()
        if "No destinations" in err or not err:
            return []
        raise PrinterUnavailable(reason="no_cups", printer=None, message=err)
    names = [n.strip() for n in res.stdout.decode(errors="replace").splitlines() if n.strip()]
    default = _run(["lpstat", "-d"]).stdout.decode(errors="replace")
    m = re.search(r":\s*(\S+)\s*$", default.strip())
    default_name = m.group(1) if m else None
    accepting = _run(["lpstat", "-a"]).stdout.decode(errors="replace")
    ok = {line.split()[0] for line in accepting.splitlines() if "not accepting" not in line and line.strip()}
    return [Printer(n, n == default_name, n in ok) for n in names]


def print_pdf(pdf_bytes: bytes, printer: str | None, copies: int = 1, title: str = "Reception Room") -> str:
    """Send ``pdf_bytes`` to ``printer`` (None: the system default) and return the CUPS job id.

    Raises PrinterUnavailable (``no_cups``, ``no_printer``, ``rejected``) with CUPS's own message.
    """
    if copies < 1:
        raise ValueError("copies must be >= 1")
    if not pdf_bytes.startswith(b"%PDF"):
        raise ValueError("not a PDF")
    args = ["lp", "-n", str(copies), "-t", title, "-o", "document-format=application/pdf"]
    if printer:
        names = {p.name for p in list_printers()}
        if printer not in names:
            raise PrinterUnavailable(reason="no_printer", printer=printer, message="unknown printer")
        args += ["-d", printer]
    res = _run(args + ["-"], pdf_bytes)
    out = res.stdout.decode(errors="replace")
    err = res.stderr.decode(errors="replace").strip()
    m = re.search(r"request id is (\S+)", out)
    if res.returncode != 0 or not m:
        reason = "no_printer" if ("does not exist" in err or "No default destination" in err) else "rejected"
        if "scheduler is not running" in err or "Unable to connect" in err or "Bad file descriptor" in err:
            reason = "no_cups"
        raise PrinterUnavailable(reason=reason, printer=printer, message=err or out)
    return m.group(1)
