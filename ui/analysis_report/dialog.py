"""统计 → 分析报告: choose the period, write the analysis (分析与建议, kept per period), preview the
《信访工作分析报告》, save it as PDF or XLSX, print it, and close a month that is over (月结, for a leader).
The data is built by the core (``build_report``, ``month_end.close_and_archive``) and rendered by
``printing.analysis_report``, all off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import china_minute
from desktop.services.context import AppContext
from desktop.services.permissions import Actor
from desktop.statistics import archive
from desktop.statistics.comments import load_comment, save_comment
from desktop.statistics.month_end import MonthClosed, close_and_archive
from desktop.statistics.periods import PeriodKind, ReportPeriod
from desktop.statistics.report import AnalysisReport, build_report
from printing.analysis_report import render_pdf, render_xlsx
from ui.dashboard.widget import period_choices, period_label
from ui.errors import describe
from ui.i18n import tr
from ui.printing.preview import PdfPreview, print_pdf_document
from ui.tasks import TaskRunner

__all__ = ["AnalysisReportDialog", "RenderedReport"]


@dataclass(frozen=True)
class RenderedReport:
    period: ReportPeriod
    title: str
    pdf: bytes
    xlsx: bytes


class AnalysisReportDialog(QDialog):
    rendered = Signal(object)  # a RenderedReport, once the preview shows it
    saved = Signal(str)  # the file written
    printed = Signal(int)  # pages sent to the printer
    month_closed = Signal(object)  # a MonthClosed
    failed = Signal(str)

    def __init__(self, ctx: AppContext, actor: Actor, tasks: TaskRunner, *,
                 period: ReportPeriod | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysis_report_dialog")
        self.setWindowTitle(tr("信访工作分析报告"))
        self.resize(1200, 720)
        self.ctx, self.actor, self.tasks = ctx, actor, tasks
        self.result: RenderedReport | None = None
        self.periods = period_choices(ctx.today())
        if period is not None and period not in self.periods:
            self.periods.insert(0, period)
        self.period_box = QComboBox()
        self.period_box.setObjectName("report_period")
        for p in self.periods:
            self.period_box.addItem(period_label(p))
        if period is not None:
            self.period_box.setCurrentIndex(self.periods.index(period))
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("report_comment")
        self.comment.setPlaceholderText(tr("本期分析与建议（保存后印入报告）"))
        self.save_comment_button = QPushButton(tr("保存分析意见"))
        self.save_comment_button.setObjectName("save_comment")
        self.preview_button = QPushButton(tr("生成预览"))
        self.preview_button.setObjectName("make_preview")
        self.pdf_button = QPushButton(tr("另存为 PDF…"))
        self.pdf_button.setObjectName("save_pdf")
        self.xlsx_button = QPushButton(tr("另存为 XLSX…"))
        self.xlsx_button.setObjectName("save_xlsx")
        self.print_button = QPushButton(tr("打印…"))
        self.print_button.setObjectName("print_report")
        self.close_month_button = QPushButton(tr("月结归档…"))
        self.close_month_button.setObjectName("close_month")
        self.close_month_button.setToolTip(tr(
            "将本月报告（PDF、XLSX）与数字归档。此后本月按结账时已知的情况计数，"
            "之后补录但日期在本月内的事项列为下期报告的更正。"))
        self.close_month_button.setVisible(archive.may_close(actor))
        self.close_month_button.setEnabled(False)
        self.closed_at = None  # when the chosen month was closed (None: not closed, or not a month)
        self.status = QLabel("")
        self.status.setObjectName("report_status")
        self.status.setWordWrap(True)
        self.preview = PdfPreview(self)
        self.preview.status.setText(tr("点击“生成预览”查看本期报告"))  # nothing is being made until asked

        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.addWidget(QLabel(tr("统计期：")))
        lbox.addWidget(self.period_box)
        lbox.addWidget(QLabel(tr("分析与建议：")))
        lbox.addWidget(self.comment, 1)
        lbox.addWidget(self.save_comment_button)
        lbox.addWidget(self.preview_button)
        lbox.addWidget(self.status)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_month_button)
        for b in (self.pdf_button, self.xlsx_button, self.print_button):
            b.setEnabled(False)
            buttons.addWidget(b)
        close = QPushButton(tr("关闭"))
        close.setObjectName("close_button")
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.period_box.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.save_comment_button.clicked.connect(self.store_comment)
        self.preview_button.clicked.connect(self.make_preview)
        self.pdf_button.clicked.connect(lambda: self._ask_and_save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_save("xlsx"))
        self.print_button.clicked.connect(self.print_report)
        self.close_month_button.clicked.connect(self.ask_close_month)
        close.clicked.connect(self.reject)
        self.preview.loaded.connect(self._loaded)
        self._load_comment()
        self._load_closing()

    @property
    def period(self) -> ReportPeriod:
        return self.periods[max(0, self.period_box.currentIndex())]

    def _period_changed(self) -> None:
        self.result = None
        for b in (self.pdf_button, self.xlsx_button, self.print_button):
            b.setEnabled(False)
        self._load_comment()
        self._load_closing()

    def _load_comment(self) -> None:
        period = self.period
        self.tasks.read(lambda s: load_comment(s, period), lambda text: self._comment_loaded(period, text),
                        self._fail, owner=self)

    def _comment_loaded(self, period: ReportPeriod, text: str) -> None:
        if period == self.period:  # not a period the user has since left
            self.comment.setPlainText(text)

    def _load_closing(self) -> None:
        period = self.period
        self.closed_at = None
        self.close_month_button.setEnabled(False)
        self.tasks.read(lambda s: archive.closed_at(s, period), lambda at: self._closing_loaded(period, at),
                        self._fail, owner=self)

    def _closing_loaded(self, period: ReportPeriod, at: datetime | None) -> None:
        if period != self.period:
            return
        self.closed_at = at
        if at is not None:
            self.status.setText(tr("{period}已于 {at} 月结").format(period=period_label(period), at=china_minute(at)))
        self._enable_closing()

    def _enable_closing(self) -> None:
        p = self.period
        self.close_month_button.setEnabled(archive.may_close(self.actor) and p.kind is PeriodKind.MONTH
                                           and p.end < self.ctx.today() and self.closed_at is None)

    def ask_close_month(self) -> None:
        """月结 asks first: it cannot be undone."""
        period = self.period
        text = tr("对{period}月结？\n\n报告（PDF、XLSX）与数字将归档，不能撤销。此后本月按此刻已知的情况计数，"
                  "之后补录但日期在本月内的事项列为下期报告的更正。").format(period=period_label(period))
        if QMessageBox.question(self, tr("月结"), text) == QMessageBox.StandardButton.Yes:
            self.close_month()

    def close_month(self) -> None:
        """Builds, renders and archives the month on a worker; the button stays off until it is back."""
        ctx, actor, period = self.ctx, self.actor, self.period
        self.close_month_button.setEnabled(False)
        self.status.setText(tr("正在月结…"))

        def render(report: AnalysisReport) -> tuple[bytes, bytes]:
            return render_pdf(report), render_xlsx(report)

        self.tasks.call(lambda: close_and_archive(ctx, actor, period, render), self._month_closed,
                        self._close_failed, owner=self)

    def _month_closed(self, done: MonthClosed) -> None:
        if done.period == self.period:
            self.closed_at = done.closed_at
        self._enable_closing()
        self.status.setText(tr("{period}已月结（{at}）：报告与数字已归档，SHA-256 {digest}").format(
            period=period_label(done.period), at=china_minute(done.closed_at), digest=done.figures_sha256[:12]))
        self.month_closed.emit(done)

    def _close_failed(self, error: BaseException) -> None:
        self._fail(error)
        self._load_closing()  # another desk may have closed it meanwhile: the button follows what is stored

    def store_comment(self) -> None:
        """Saved through the one write path; a refusal is shown in words and the text stays in the box."""
        ctx, actor, period, text = self.ctx, self.actor, self.period, self.comment.toPlainText()
        self.save_comment_button.setEnabled(False)
        self.tasks.write(lambda s: save_comment(ctx, s, actor, period, text), self._comment_saved,
                         self._comment_refused, owner=self)

    def _comment_saved(self, text: str) -> None:
        self.save_comment_button.setEnabled(True)
        self.status.setText(tr("分析意见已保存（{n} 字）").format(n=len(text)))

    def _comment_refused(self, error: BaseException) -> None:
        self.save_comment_button.setEnabled(True)
        self._fail(error)

    def make_preview(self) -> None:
        """Builds and renders the report on a worker; the preview shows it when it is back."""
        self.preview_button.setEnabled(False)
        self.status.setText(tr("正在生成报告…"))
        ctx, actor, period, comment = self.ctx, self.actor, self.period, self.comment.toPlainText().strip()

        def work() -> RenderedReport:
            with ctx.db.read() as s:
                report = build_report(ctx, s, actor, period, comment=comment)
            return RenderedReport(period, report.title, render_pdf(report), render_xlsx(report))

        self.tasks.call(work, self._show, self._fail, owner=self)

    def _show(self, result: RenderedReport) -> None:
        self.preview_button.setEnabled(True)
        if result.period != self.period:  # the period changed while rendering
            return
        self.result = result
        self.preview.load_bytes(result.pdf)
        self.status.setText(result.title)

    def _loaded(self) -> None:
        for b in (self.pdf_button, self.xlsx_button, self.print_button):
            b.setEnabled(self.result is not None)
        if self.result is not None:
            self.rendered.emit(self.result)

    def _fail(self, error: BaseException) -> None:
        self.preview_button.setEnabled(True)
        text = describe(error)
        self.status.setText(text)
        self.failed.emit(text)

    def _ask_and_save(self, kind: str) -> None:
        if self.result is None:
            return
        name = f"{self.result.title}.{kind}"
        filt = tr("PDF 文件 (*.pdf)") if kind == "pdf" else tr("Excel 工作簿 (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, tr("保存报告"), name, filt)
        if path:
            self.save_to(path, kind)

    def save_to(self, path: str, kind: str) -> Path | None:
        if self.result is None:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{kind}":
            target = target.with_suffix(f".{kind}")
        try:
            target.write_bytes(self.result.pdf if kind == "pdf" else self.result.xlsx)
        except OSError as error:
            QMessageBox.warning(self, tr("保存失败"), str(error))
            return None
        self.status.setText(tr("已保存：{path}").format(path=str(target)))
        self.saved.emit(str(target))
        return target

    def print_to(self, printer: QPrinter) -> int:
        printer.setDocName(self.result.title if self.result else "report")
        pages = print_pdf_document(self.preview.document, printer)
        if pages:
            self.printed.emit(pages)
        return pages

    def print_report(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("print_dialog")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError:
            QMessageBox.warning(self, tr("打印失败"), tr("无法连接打印机，请检查打印机是否开启。"))

    def done(self, result: int) -> None:
        self.preview.wait()
        super().done(result)
