"""What printing needs: the document fonts (or which stand-ins are used) and a printer queue."""

from __future__ import annotations

from pathlib import Path

from desktop.selfcheck.result import CheckResult, Status


def check_fonts() -> CheckResult:
    """Which faces the documents are set in: GB/T 9704's 仿宋/小标宋/黑体, or named stand-ins."""
    from printing.errors import NoFontError
    from printing.fonts import font_report

    try:
        uses = font_report()
    except NoFontError as error:
        return CheckResult("fonts", Status.FAIL, "doctor_fonts_missing", {"reason": getattr(error, "code", "")})
    by_role = {u.role: u for u in uses}
    details = {"body": Path(by_role["body"].path).name, "title": Path(by_role["title"].path).name}
    stand_ins = [u for u in uses if u.stand_in]
    if not stand_ins:
        return CheckResult("fonts", Status.OK, "doctor_fonts_ok", details)
    details["missing"] = "、".join(u.style for u in stand_ins)
    return CheckResult("fonts", Status.WARN, "doctor_fonts_standin", details)


def check_printer() -> CheckResult:
    from printing.dispatch import list_printers
    from printing.errors import PrinterUnavailable

    try:
        printers = list_printers()
    except (PrinterUnavailable, OSError) as error:
        return CheckResult("printer", Status.WARN, "doctor_printer_none", {"reason": str(error)[:160]})
    ready = [p for p in printers if p.accepting]
    if not ready:
        return CheckResult("printer", Status.WARN, "doctor_printer_none", {"reason": ""})
    default = next((p.name for p in ready if p.is_default), ready[0].name)
    return CheckResult("printer", Status.OK, "doctor_printer_ok", {"printer": default, "count": len(ready)})
