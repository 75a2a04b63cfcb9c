"""What printing needs: the document fonts (or which stand-ins are used) and a printer queue."""

from __future__ import annotations

from desktop.selfcheck.result import CheckResult, Status


def check_fonts() -> CheckResult:
    from printing.errors import NoFontError
    from printing.fonts import get_fonts

    try:
        fonts = get_fonts()
    except NoFontError as error:
        return CheckResult("fonts", Status.FAIL, "doctor_fonts_missing", {"reason": getattr(error, "code", "")})
    body, title = fonts.names["body"], fonts.names["title"]
    if any("fang" in name.lower() or "仿宋" in name for name in (body,)):
        return CheckResult("fonts", Status.OK, "doctor_fonts_ok", {"body": body, "title": title})
    return CheckResult("fonts", Status.WARN, "doctor_fonts_standin", {"body": body, "title": title})


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
