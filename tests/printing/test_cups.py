"""Print through the real CUPS queue that tools/services/30-cups.sh starts (cups-pdf), and read
back the PDF that comes out of it."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from printing.dispatch import list_printers, print_pdf
from printing.errors import PrinterUnavailable
from tests.printing.printing_pdf_tools import pdftotext

QUEUE = os.environ.get("RECEPTION_TEST_PRINTER")
OUT = os.environ.get("RECEPTION_TEST_PRINT_OUT")

needs_queue = pytest.mark.skipif(not (QUEUE and OUT), reason="run tools/services/30-cups.sh (make test does)")


@needs_queue
def test_letter_printed_through_the_queue_comes_out_with_its_text(rendered):
    assert QUEUE in {p.name for p in list_printers()}
    title = f"rr-{uuid.uuid4().hex[:10]}"
    job = print_pdf(rendered("decision_letter"), QUEUE, copies=1, title=title)
    assert job.startswith(QUEUE)
    deadline = time.monotonic() + 60
    found: list[Path] = []
    while time.monotonic() < deadline and not found:
        found = [p for p in Path(OUT).glob(f"{title}*.pdf") if p.stat().st_size > 0]
        time.sleep(0.3)
    assert found, f"no PDF for job {job} in {OUT}"
    time.sleep(0.5)  # cups-pdf writes then closes; let it finish
    text = pdftotext(found[0].read_bytes())
    # Through cups-pdf (cairo PostScript, then Ghostscript) the body text keeps its Unicode; the
    # title/header glyphs become Type 3 and the Extension B run loses its Unicode (the glyphs still
    # print). Those texts are checked on the app's own PDF in test_documents.
    for word in ("投诉请求", "调查过程", "事实认定及理由", "依据条款", "处理结论", "救济途径",
                 "王建国", "李秀英", "青山镇社会保障服务中心"):
        assert word in text


@needs_queue
def test_unknown_printer_is_a_typed_error(rendered):
    with pytest.raises(PrinterUnavailable) as info:
        print_pdf(rendered("acceptance_notice"), "NoSuchPrinter", 1, "x")
    assert info.value.details["reason"] == "no_printer"


def test_no_cups_is_a_typed_error(rendered, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp, no lpstat
    with pytest.raises(PrinterUnavailable) as info:
        print_pdf(rendered("acceptance_notice"), None, 1, "x")
    assert info.value.details["reason"] == "no_cups"
    with pytest.raises(PrinterUnavailable):
        list_printers()
