"""The preview dialog: loads PDF bytes (directly or rendered off the GUI thread), prints on a QPrinter
at true size with copies and page range, saves; and the letter-signing dialog."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from ui.printing import DocumentPreviewDialog, SignLetterDialog


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-l", "-1", str(path)], capture_output=True, check=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    info = pdfinfo(path)
    sizes = []
    for key, value in info.items():
        if key.startswith("Page") and key.endswith("size"):
            w, _, h = value.split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


def pdf_printer(path: Path, copies: int = 1, pages: tuple[int, int] | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCopyCount(copies)
    if pages:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(*pages)
    return printer


def raster(pdf: Path, page: int) -> list[int]:
    from PIL import Image

    stem = pdf.with_name(f"{pdf.stem}-r{page}")
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-f", str(page), "-l", str(page), "-singlefile", "-png",
                    str(pdf), str(stem)], check=True)
    return list(Image.open(stem.with_suffix(".png")).convert("L").tobytes())


def difference(a: list[int], b: list[int]) -> float:
    assert len(a) == len(b)
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


@pytest.fixture
def preview(qtbot, letter_pdf):  # type: ignore[no-untyped-def]
    dialog = DocumentPreviewDialog(letter_pdf, title="信访处理意见书", file_name="letter.pdf")
    qtbot.addWidget(dialog)
    return dialog


def test_preview_loads_pdf_bytes(preview, letter_pdf) -> None:
    assert preview.preview.is_loaded()
    assert preview.preview.document.pageCount() == 2
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    assert preview.findChild(object, "pdf_view") is not None


def test_rendering_runs_off_the_gui_thread(qtbot, letter_pdf) -> None:
    gui = threading.get_ident()
    seen: list[int] = []

    def source() -> bytes:
        seen.append(threading.get_ident())
        return letter_pdf

    dialog = DocumentPreviewDialog(source=source, title="x")
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled()  # nothing to print until the PDF is there
    with qtbot.waitSignal(dialog.preview.loaded, timeout=10000):
        pass
    assert seen and seen[0] != gui
    assert dialog.print_button.isEnabled()
    dialog.reject()


def test_a_failing_render_is_reported_not_raised(qtbot) -> None:
    def source() -> bytes:
        raise ValueError("字库缺字")

    dialog = DocumentPreviewDialog(source=source)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview.failed, timeout=10000) as blocker:
        pass
    assert "字库缺字" in blocker.args[0] and "字库缺字" in dialog.preview.status.text()
    assert not dialog.print_button.isEnabled()
    dialog.reject()


def test_print_to_pdf_printer_at_true_size_with_copies(preview, qtbot, tmp_path) -> None:
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(preview.printed) as blocker:
        assert preview.print_to(pdf_printer(out, copies=2)) == 4  # two pages, twice
    assert blocker.args == [2]
    sizes = page_sizes(out)
    assert len(sizes) == 4
    for w, h in sizes:  # A4 is 595.28 × 841.89 pt: printed at true size, not fitted
        assert w == pytest.approx(595.3, abs=1.0) and h == pytest.approx(841.9, abs=1.0)
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", str(out), str(png)], check=True)
    from PIL import Image

    img = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    reds = sum(1 for r, g, b in zip(*[iter(img.tobytes())] * 3, strict=True) if r > 180 and g < 90 and b < 90)
    assert reds > 20  # the red header came through


def test_page_range_and_card_size(preview, qtbot, tmp_path, card_pdf) -> None:
    second = tmp_path / "second.pdf"
    assert preview.print_to(pdf_printer(second, copies=1, pages=(2, 2))) == 1
    original = tmp_path / "original.pdf"
    original.write_bytes(preview.preview.pdf)
    printed = raster(second, 1)
    # the page printed is the letter's second page, not its first
    assert difference(printed, raster(original, 2)) < difference(printed, raster(original, 1)) / 2
    dialog = DocumentPreviewDialog(card_pdf)
    qtbot.addWidget(dialog)
    assert dialog.preview.document.pageCount() == 2
    out = tmp_path / "back.pdf"
    assert dialog.print_to(pdf_printer(out, pages=(2, 2))) == 1
    [(w, h)] = page_sizes(out)
    assert (w, h) == (pytest.approx(85.6 / 25.4 * 72, abs=1.0), pytest.approx(54 / 25.4 * 72, abs=1.0))


def test_save_as_pdf(preview, qtbot, tmp_path, letter_pdf) -> None:
    target = tmp_path / "saved"
    with qtbot.waitSignal(preview.saved) as blocker:
        preview.save_to(str(target))
    assert blocker.args == [str(target.with_suffix(".pdf"))]
    assert target.with_suffix(".pdf").read_bytes() == letter_pdf


def test_output_can_be_withheld_for_a_draft(qtbot, letter_pdf) -> None:
    dialog = DocumentPreviewDialog(letter_pdf, allow_output=False)
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isVisibleTo(dialog) and not dialog.print_button.isEnabled()


def test_sign_letter_dialog_hands_back_the_strokes(qtbot, letter_pdf) -> None:
    dialog = SignLetterDialog("吴所长", "承办部门负责人", pdf=letter_pdf)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "吴所长" in dialog.findChild(object, "signer_label").text()
    assert not dialog.ok_button.isEnabled()
    pad = dialog.pad
    for kind, x in ((QEvent.Type.MouseButtonPress, 20), (QEvent.Type.MouseMove, 80),
                    (QEvent.Type.MouseButtonRelease, 140)):
        pos = QPointF(x, pad.height() / 2)
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        QApplication.sendEvent(pad, QMouseEvent(kind, pos, pad.mapToGlobal(pos), button, held,
                                                Qt.KeyboardModifier.NoModifier))
    assert dialog.ok_button.isEnabled() and dialog.undo_button.isEnabled()
    with qtbot.waitSignal(dialog.signature_confirmed) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [strokes] = blocker.args
    assert len(strokes) == 1 and len(strokes[0]) == 3
    assert dialog.result() == dialog.DialogCode.Accepted
