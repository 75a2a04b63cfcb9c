"""In-app preview of a document (QtPdf), then print through the system's dialog at true size with
copies and page range, or save as PDF. The dialog only reports what happened (``printed``,
``saved``): the caller audits it through ``desktop.services.documents_log``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
    Signal,
    Slot,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import Background
from ui.widgets.screen_fit import fit_to_screen

PdfSource = Callable[[], bytes]
RASTER_DPI = 300  # pages are rasterized at this resolution for the printer, whatever its own


class PdfPreview(QWidget):
    """A QPdfView of PDF bytes, which may be produced off the GUI thread (``load_from``)."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self, threads=1)  # the one task helper's machinery
        self._job = 0
        self._pdf = b""
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self.tr("正在生成文书…"))
        self.status.setObjectName("preview_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

    @property
    def pdf(self) -> bytes:
        return self._pdf

    def is_loaded(self) -> bool:
        return bool(self._pdf) and self.document.status() == QPdfDocument.Status.Ready

    def load_bytes(self, pdf: bytes) -> None:
        self._job += 1  # a late result of an earlier source is ignored
        self._show(pdf)

    def load_from(self, source: PdfSource) -> None:
        """Renders with ``source()`` on a pool thread; the window stays responsive meanwhile."""
        self._job += 1
        job = self._job
        self.status.setText(self.tr("正在生成文书…"))
        self._background.call(source, lambda pdf: self._on_finished(job, True, [pdf]),
                              lambda error: self._on_finished(job, False, [error]), owner=self)

    def show_failure(self, why: str) -> None:
        """The document could not be made (by the caller's own job): said in place of the pages."""
        self._job += 1
        self.status.setText(self.tr("文书生成失败：{0}").format(why))
        self.failed.emit(why)

    def wait(self, msecs: int = 30000) -> bool:
        """Waits for a running render (before the widget goes away)."""
        return bool(self._background.shutdown(msecs))

    def _on_finished(self, job_id: int, ok: bool, boxed: list) -> None:  # type: ignore[type-arg]
        if job_id != self._job:
            return
        if ok:
            self._show(boxed[0])
        else:
            self.status.setText(self.tr("文书生成失败：{0}").format(boxed[0]))
            self.failed.emit(str(boxed[0]))

    def _show(self, pdf: bytes) -> None:
        self.document.close()
        self._pdf = bytes(pdf)
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self._pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._buffer = self._buffer, buffer  # the document reads from it: keep it alive
        self.document.load(buffer)
        if old is not None:
            old.deleteLater()
        if self.document.status() != QPdfDocument.Status.Ready:
            self.status.setText(self.tr("无法显示该 PDF"))
            self.failed.emit("unreadable")
            return
        self.status.setText(self.tr("共 {0} 页").format(self.document.pageCount()))
        self.loaded.emit()


def print_pdf_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paints ``document`` on ``printer`` at true size (1 PDF point = 1/72 inch on paper), honouring the
    page range and copies chosen in the print dialog; returns the number of pages sent."""
    n = document.pageCount()
    first, last = 1, n
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(n, printer.toPage() or n)
    if n == 0 or first > last:
        return 0
    # A driver that makes copies itself (CUPS) gets one; otherwise (PDF output) we repeat the pages.
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    printer.setFullPage(True)

    def layout_for(index: int) -> None:
        pts = document.pagePointSize(index)
        orientation = (QPageLayout.Orientation.Landscape if pts.width() > pts.height()
                       else QPageLayout.Orientation.Portrait)
        size = QSizeF(min(pts.width(), pts.height()), max(pts.width(), pts.height()))
        printer.setPageLayout(QPageLayout(QPageSize(size, QPageSize.Unit.Point), orientation,
                                          QMarginsF(0, 0, 0, 0)))

    layout_for(first - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer_unavailable")
    sent = 0
    try:
        for copy in range(copies):
            for index in range(first - 1, last):
                if sent:
                    layout_for(index)
                    printer.newPage()
                pts = document.pagePointSize(index)
                raster = QSize(round(pts.width() / 72 * RASTER_DPI), round(pts.height() / 72 * RASTER_DPI))
                image = document.render(index, raster)
                dpi = printer.resolution()
                painter.drawImage(QRectF(0, 0, pts.width() / 72 * dpi, pts.height() / 72 * dpi), image)
                sent += 1
            del copy
    finally:
        painter.end()
    return sent


class DocumentPreviewDialog(QDialog):
    """Preview, then print or save. ``printed(copies)`` and ``saved(path)`` tell the caller to audit."""

    printed = Signal(int)
    saved = Signal(str)

    def __init__(self, pdf: bytes | None = None, *, source: PdfSource | None = None, title: str = "",
                 file_name: str = "document.pdf", allow_output: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_preview")
        self.setWindowTitle(title or self.tr("文书预览"))
        fit_to_screen(self, 820, 980)
        self._file_name = file_name
        self._title = title
        self.preview = PdfPreview(self)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.save_button.setObjectName("save_button")
        close = QPushButton(self.tr("关闭"))
        close.setObjectName("close_button")
        for b in (self.print_button, self.save_button):
            b.setEnabled(False)
            b.setVisible(allow_output)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.reject)
        self.preview.loaded.connect(lambda: self._enable(allow_output))
        if pdf is not None:
            self.preview.load_bytes(pdf)
        elif source is not None:
            self.preview.load_from(source)

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def print_to(self, printer: QPrinter) -> int:
        """Prints on an already configured printer; emits ``printed`` with the copies asked for."""
        printer.setDocName(self._title or self._file_name)
        pages = print_pdf_document(self.preview.document, printer)
        if pages:
            self.printed.emit(max(1, printer.copyCount()))
        return pages

    @Slot()
    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("print_dialog")
        dialog.setMinMax(1, max(1, self.preview.document.pageCount()))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError:
            QMessageBox.warning(self, self.tr("打印失败"), self.tr("无法连接打印机，请检查打印机是否开启。"))

    @Slot()
    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为 PDF"), self._file_name, self.tr("PDF 文件 (*.pdf)"))
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            target.write_bytes(self.preview.pdf)
        except OSError as error:
            QMessageBox.warning(self, self.tr("保存失败"), str(error))
            return
        self.saved.emit(str(target))

    def done(self, result: int) -> None:
        self.preview.wait()
        super().done(result)
