"""文书: every document the matter has reached, previewed (QtPdf) and then printed or saved, each print
and save audited through ``desktop.documents`` (a reprint comes out marked 副本). A document that may not be
issued yet (a draft letter, an assignment slip awaiting approval) is shown for reading only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.domain.enums import LetterStatus, MatterStatus, PauseKind
from desktop.services import documents_log, letters
from desktop.services.context import AppContext
from desktop.services.deadline_service import changes_of
from desktop.services.documents_log import DocumentKind
from desktop.services.handling import current_assignment
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor
from ui.errors import describe
from ui.i18n import tr
from ui.printing.preview import DocumentPreviewDialog
from ui.tasks import TaskRunner
from ui.words import document_title


@dataclass(frozen=True)
class Reached:
    kind: DocumentKind
    options: tuple[tuple[str, Any], ...] = ()  # builder options: the extension's index, a draft letter
    note: str = ""  # e.g. "第2次"
    issuable: bool = True  # False: a draft letter or a slip awaiting approval (preview only)

    @property
    def key(self) -> str:
        return self.kind.value + "".join(f"-{v}" for _, v in self.options if not isinstance(v, bool))


def reached_documents(session: Session, actor: Actor, case_number: str) -> list[Reached]:
    """The documents this matter has reached, in the order of the procedure (Qt-free, one read)."""
    matter = matter_by_number(session, case_number)
    documents_log.require_access(actor, matter)
    found = [Reached(DocumentKind.REGISTRATION_FORM)]
    slip = current_assignment(session, matter.id)
    if slip is not None and slip.approved_on is not None:  # accepted by the approval of the assignment
        found.append(Reached(DocumentKind.ACCEPTANCE_NOTICE))
    extensions = [c for c in changes_of(session, matter.id) if c.kind == PauseKind.EXTENSION]
    for i in range(len(extensions) if matter.complexity is not None else 0):
        found.append(Reached(DocumentKind.EXTENSION_NOTICE, (("index", i),), str(i + 1)))
    if slip is not None:
        approved = slip.approved_on is not None
        found.append(Reached(DocumentKind.ASSIGNMENT_SLIP, () if approved else (("allow_draft", True),),
                             issuable=approved))
    letter = letters.current_letter(session, matter.id)
    if letter is not None:
        found.append(Reached(DocumentKind.DECISION_LETTER, (("allow_draft", True),),
                             issuable=letter.status == LetterStatus.FINAL))
    if matter.status == MatterStatus.TERMINATED:
        found.append(Reached(DocumentKind.TERMINATION_NOTICE))
    found.append(Reached(DocumentKind.TRACKING_CARD))
    return found


def prepare_job(ctx: AppContext, actor: Actor, case_number: str, doc: Reached):  # type: ignore[no-untyped-def]
    """A write job (showing a registration form to an entitled user reveals the ID number: audited)."""
    from desktop import documents as records

    return lambda s: records.prepare(ctx, s, actor, case_number, doc.kind, **dict(doc.options))


class AuditedPreview(DocumentPreviewDialog):
    """The colleague's preview, remembering which printer the clerk chose (for the audit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rendered: Any = None
        self.last_printer = ""

    def print_to(self, printer: QPrinter) -> int:
        self.last_printer = printer.printerName() or printer.outputFileName() or "PDF"
        return super().print_to(printer)


class DocumentsSection(QWidget):
    document_issued = Signal(str, str)  # kind, "print" | "save"
    preview_opened = Signal(object)

    def __init__(self, runner: TaskRunner, actor: Actor, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.case_number = runner, actor, case_number
        self.docs: list[Reached] = []
        self.preview: AuditedPreview | None = None
        self.list = QTreeWidget()
        self.list.setObjectName("documents")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([tr("文书"), tr("状态")])
        self.list.itemActivated.connect(lambda *_a: self.open_selected())
        self.list.header().setSectionResizeMode(0, self.list.header().ResizeMode.ResizeToContents)
        self.open_button = QPushButton(tr("预览 / 打印…"))
        self.open_button.setObjectName("document_open")
        self.open_button.clicked.connect(self.open_selected)
        self.message = QLabel()
        self.message.setObjectName("documents_message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.list, 1)
        box.addLayout(row)
        box.addWidget(self.message)  # loaded by the matter's page, after its first paint

    def reload(self) -> None:
        actor, case = self.actor, self.case_number
        self.runner.read(lambda s: reached_documents(s, actor, case), self._loaded, self._failed, owner=self)

    def _loaded(self, docs: list[Reached]) -> None:
        self.docs = docs
        self.list.clear()
        for d in docs:
            note = tr("第 {n} 次").format(n=d.note) if d.note else ""
            state = tr("可打印、另存") if d.issuable else tr("尚未定稿或审批，仅可预览")
            row = QTreeWidgetItem([document_title(d.kind) + (f" · {note}" if note else ""), state])
            row.setData(0, Qt.ItemDataRole.UserRole, d.key)
            self.list.addTopLevelItem(row)
        if docs:
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def kinds(self) -> list[str]:
        return [d.kind.value for d in self.docs]

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setText(describe(error))

    def select(self, kind: str) -> None:
        for i, d in enumerate(self.docs):
            if d.kind.value == kind:
                self.list.setCurrentItem(self.list.topLevelItem(i))
                return

    def open_selected(self) -> None:
        row = self.list.currentItem()
        key = row.data(0, Qt.ItemDataRole.UserRole) if row is not None else None
        doc = next((d for d in self.docs if d.key == key), None)
        if doc is None:
            return
        self.message.setStyleSheet("")
        self.message.setText(tr("正在生成文书…"))
        self.runner.write(prepare_job(self.runner.ctx, self.actor, self.case_number, doc),
                          lambda rendered: self._show(doc, rendered), self._failed, owner=self)

    def _show(self, doc: Reached, rendered: Any) -> None:
        self.message.setText("" if rendered.document.final else tr("草稿或未审批的文书只能预览，不能打印。"))
        title = document_title(doc.kind)
        dialog = AuditedPreview(rendered.pdf, title=title, allow_output=rendered.document.final,
                                file_name=f"{self.case_number}-{doc.kind.value.replace('_', '-')}.pdf", parent=self)
        dialog.rendered = rendered
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.printed.connect(lambda copies: self._issued(dialog, doc, "print", copies=copies))
        dialog.saved.connect(lambda path: self._issued(dialog, doc, "save", path=path))
        self.preview = dialog
        dialog.show()
        self.preview_opened.emit(dialog)

    def _issued(self, dialog: AuditedPreview, doc: Reached, how: str, **details: Any) -> None:
        """Audits the print or save, then renders the document again: a second print is a copy (副本)."""
        from desktop import documents as records

        ctx, actor, rendered = self.runner.ctx, self.actor, dialog.rendered
        printer = dialog.last_printer

        def job(s: Session) -> Any:
            if how == "print":
                records.record_print(ctx, s, actor, rendered, copies=details["copies"], printer=printer)
            else:
                records.record_save(ctx, s, actor, rendered, path=details["path"])
            return records.prepare(ctx, s, actor, self.case_number, doc.kind, **dict(doc.options))

        def done(again: Any) -> None:
            if dialog is self.preview:
                dialog.rendered = again
                dialog.preview.load_bytes(again.pdf)
            self.message.setText(tr("已记录：{what}").format(
                what=tr("打印 {n} 份").format(n=details["copies"]) if how == "print" else details["path"]))
            self.document_issued.emit(doc.kind.value, how)

        self.runner.write(job, done, self._failed, owner=self)
