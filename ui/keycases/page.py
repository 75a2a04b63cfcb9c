"""The 包案 tab: key cases (包案), mediation (调解), the review panel (评议团), cards (黄牌/红牌) and 镇纪委's
monthly callbacks, each a table with its actions. Loading and every write go through the task helper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.domain.enums import Role
from desktop.domain.errors import PermissionDenied
from desktop.keycases import access, callbacks, cards, channels, mediation, panel_service, queries
from desktop.keycases.enums import MediationSigner
from desktop.keycases.views import CardRow, CaseRow, DrawReport, DrawView, MediationRow, PanelRow, ReceiptRow
from desktop.services import ui_support
from desktop.services.permissions import Actor
from desktop.services.ui_support import Choice
from ui.errors import describe
from ui.i18n import N_, tr
from ui.keycases import dialogs
from ui.keycases.base import ActionDialog
from ui.keycases.table import RowsModel, make_view, selected
from ui.keycases.words import kword
from ui.tasks import TaskRunner

CASE_COLUMNS = (
    (N_("编号"), lambda r: r.case_number), (N_("类型"), lambda r: kword(r.kind)),
    (N_("列入原因"), lambda r: kword(r.reason)), (N_("包案领导"), lambda r: r.leader),
    (N_("承办部门"), lambda r: r.department), (N_("专班人数"), lambda r: r.members),
    (N_("方案"), lambda r: tr("已制定") if r.has_plan else tr("限 {at}").format(at=f"{r.plan_due_at:%m-%d %H:%M}")),
    (N_("最近周报"), lambda r: r.last_progress_on), (N_("反映事项"), lambda r: r.summary),
)  # fmt: skip
MEDIATION_COLUMNS = (
    (N_("日期"), lambda r: r.held_on), (N_("事项"), lambda r: r.case_number or f"#{r.screening_item_id}"),
    (N_("甲方"), lambda r: r.party_a), (N_("乙方"), lambda r: r.party_b),
    (N_("结果"), lambda r: kword(r.outcome)), (N_("协议书编号"), lambda r: r.document_number),
    (N_("已签字"), lambda r: "、".join(kword(MediationSigner(s)) for s in r.signed_by)),
)  # fmt: skip
PANEL_COLUMNS = (
    (N_("日期"), lambda r: r.held_on), (N_("事项"), lambda r: r.case_number), (N_("到场人数"), lambda r: r.members),
    (N_("平均分"), lambda r: r.average), (N_("评议结果"), lambda r: kword(r.route)),
    (N_("录像"), lambda r: r.recording_id), (N_("评议诉求"), lambda r: r.claim),
)  # fmt: skip
CARD_COLUMNS = (
    (N_("责任人"), lambda r: r.person), (N_("牌"), lambda r: kword(r.color) if r.color else tr("已撤销")),
    (N_("原因"), lambda r: kword(r.source)), (N_("事项"), lambda r: r.what), (N_("逾期的期限"), lambda r: r.missed_due),
    (N_("亮牌日期"), lambda r: r.issued_on), (N_("申诉"), lambda r: r.appeal_reason),
    (N_("决定"), lambda r: {"upheld": tr("维持"), "revoked": tr("撤销")}.get(r.decision or "", "")),
)  # fmt: skip
CHANNEL_WORDS = {"letter": N_("来信"), "online": N_("网上"), "hotline": N_("热线")}


def _when(at: Any) -> str:
    return at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if at else ""


RECEIPT_COLUMNS = (
    (N_("渠道"), lambda r: tr(CHANNEL_WORDS[r.channel])), (N_("编号"), lambda r: r.reference),
    (N_("收到"), lambda r: _when(r.received_at)), (N_("时限"), lambda r: _when(r.due_at)),
    (N_("登记/签收"), lambda r: _when(r.registered_at)),
    (N_("状态"), lambda r: tr("超时") if r.late else (tr("按时") if r.registered_at else tr("待处理"))),
    (N_("联系时限"), lambda r: _when(r.contact_due_at) + (tr("（已联系）") if r.contacted_at else "")),
)  # fmt: skip
DRAW_COLUMNS = (
    (N_("兜底卡编号"), lambda r: r.case_number), (N_("持卡人"), lambda r: r.petitioner),
    (N_("回访结果"), lambda r: kword(r.result)), (N_("备注"), lambda r: r.notes),
)  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    cases: list[CaseRow]
    mediations: list[MediationRow]
    panels: list[PanelRow]
    cards: list[CardRow]
    receipts: list[ReceiptRow]
    draw: DrawView | None
    report: DrawReport | None
    leaders: list[Choice]
    staff: list[Choice]
    quorum: int
    township: int
    village: int


def _allowed(fn: Any, default: Any) -> Any:
    try:
        return fn()
    except PermissionDenied:
        return default


def load(runner: TaskRunner, actor: Actor, today: date, session: Session) -> Snapshot:
    ctx = runner.ctx
    rules = ctx.rules(session)
    month = f"{today.year}-{today.month:02d}"
    draw = report = None
    if actor.roles & access.CALLBACKS:
        from desktop.domain.errors import NotFound

        try:
            draw = callbacks.view(ctx, session, actor, month)
            report = callbacks.report(ctx, session, actor, month)
        except NotFound:
            pass
    leaders = ui_support.staff_with(session, Role.CASE_LEAD) + ui_support.staff_with(session, Role.APPROVER)
    return Snapshot(
        cases=_allowed(lambda: queries.list_cases(ctx, session, actor), []),
        mediations=_allowed(lambda: mediation.list_mediations(ctx, session, actor), []),
        panels=_allowed(lambda: panel_service.list_sessions(ctx, session, actor), []),
        cards=cards.list_cards(ctx, session, actor, today.year), draw=draw, report=report,
        receipts=_allowed(lambda: channels.list_receipts(ctx, session, actor), []),
        leaders=leaders, staff=ui_support.staff_with(session), quorum=rules.quorum,
        township=rules.township_members, village=rules.village_members)


class KeyCasesPage(QWidget):
    data_loaded = Signal()

    def __init__(self, runner: TaskRunner, actor: Actor, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.today = runner, actor, today
        self.setObjectName("keycases_page")
        self.snapshot: Snapshot | None = None
        self.dialog: ActionDialog | None = None
        box = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("keycases_status")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("keycases_tabs")
        box.addWidget(self.tabs, 1)
        box.addWidget(self.status)
        roles = actor.roles
        self.cases_model, self.cases_view = self._tab(tr("包案事项"), CASE_COLUMNS, "cases_table", [
            (tr("列入包案…"), "flag_button", self._flag, bool(roles & access.EDIT_CASES)),
            (tr("制定方案…"), "plan_button", self._plan, bool(roles & access.EDIT_CASES)),
            (tr("记录周进展…"), "progress_button", self._progress, bool(roles & access.EDIT_CASES)),
            (tr("步骤完成…"), "step_done_button", self._step_done, bool(roles & access.EDIT_CASES)),
            (tr("息诉罢访…"), "resolve_button", self._resolve, bool(roles & access.EDIT_CASES)),
            (tr("季度攻坚清单…"), "tough_list_button", self._tough_list, True),
            (tr("月通报…"), "bulletin_button", self._bulletin, True),
        ])
        self.med_model, self.med_view = self._tab(tr("调解"), MEDIATION_COLUMNS, "mediation_table", [
            (tr("记录调解…"), "mediation_button", self._mediation, bool(roles & access.RECORD_MEDIATION)),
            (tr("协议书签字…"), "sign_button", self._sign, bool(roles & access.RECORD_MEDIATION)),
            (tr("调解协议书…"), "agreement_button", self._agreement, bool(roles & access.RECORD_MEDIATION)),
        ])
        self.panel_model, self.panel_view = self._tab(tr("评议团"), PANEL_COLUMNS, "panel_table", [
            (tr("评议团评议…"), "panel_button", self._panel, bool(roles & access.EDIT_CASES)),
            (tr("评议过程录像…"), "panel_record_button", self._record_panel, bool(roles & access.EDIT_CASES)),
        ])
        self.card_model, self.card_view = self._tab(tr("黄牌/红牌"), CARD_COLUMNS, "cards_table", [
            (tr("检查逾期并亮牌"), "issue_cards_button", self._issue_cards, bool(roles & access.ISSUE_CARDS)),
            (tr("申诉…"), "appeal_button", self._appeal, True),
            (tr("裁决申诉…"), "decide_button", self._decide, bool(roles & access.DECIDE_APPEALS)),
        ])
        if roles & access.RECEIPTS:
            self.receipt_model, self.receipt_view = self._tab(tr("来信时限"), RECEIPT_COLUMNS, "receipts_table", [
                (tr("收件…"), "receive_button", self._receive, True),
                (tr("已登记/签收"), "register_button", lambda: self._register(False), True),
                (tr("要素不全，登记"), "incomplete_button", lambda: self._register(True), True),
                (tr("已联系来信人"), "contacted_button", self._contacted, True),
            ])
        if roles & access.CALLBACKS:
            self.draw_model, self.draw_view = self._tab(tr("随机回访"), DRAW_COLUMNS, "draw_table", [
                (tr("抽取本月样本…"), "draw_button", self._draw, True),
                (tr("记录回访结果…"), "answer_button", self._answer, True),
            ])
        self._requested = False

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        # Loaded when first shown, so the window's start (the ledger's first rows) does not wait for it.
        super().showEvent(event)
        if not self._requested:
            self._requested = True
            self.reload()

    def _tab(self, title: str, columns: Any, name: str, actions: list[tuple[str, str, Any, bool]]
             ) -> tuple[RowsModel, QTableView]:
        page = QWidget()
        box = QVBoxLayout(page)
        bar = QHBoxLayout()
        for text, obj, slot, enabled in actions:
            if not enabled:
                continue
            b = QPushButton(text)
            b.setObjectName(obj)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        box.addLayout(bar)
        model = RowsModel(columns, self)
        view = make_view(model, name, page)
        box.addWidget(view, 1)
        self.tabs.addTab(page, title)
        return model, view

    # --- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.read(lambda s: load(self.runner, self.actor, self.today, s), self._loaded, self._failed,
                         owner=self)

    def _loaded(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.cases_model.set_rows(snap.cases)
        self.med_model.set_rows(snap.mediations)
        self.panel_model.set_rows(snap.panels)
        self.card_model.set_rows(snap.cards)
        if hasattr(self, "receipt_model"):
            self.receipt_model.set_rows(snap.receipts)
            late = sum(1 for r in snap.receipts if r.late and r.registered_at is None)
            if late:
                self.status.setText(tr("{n} 件收件已超过登记时限").format(n=late))
        if hasattr(self, "draw_model"):
            self.draw_model.set_rows(snap.draw.items if snap.draw else [])
        if snap.report is not None:
            r = snap.report
            self.status.setText(tr("{month} 回访：抽取 {drawn}，已回访 {called}，满意 {satisfied}，不满意 {bad}").format(
                month=r.month, drawn=r.drawn, called=r.called, satisfied=r.satisfied, bad=r.dissatisfied))
        self.data_loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(describe(error))

    def _open(self, dialog: ActionDialog) -> ActionDialog:
        self.dialog = dialog
        dialog.action_done.connect(lambda _r: self.reload())
        dialog.open()
        return dialog

    def _need(self, view: QTableView) -> Any:
        row = selected(view)
        if row is None:
            self.status.setText(tr("请先在表格中选择一行"))
        return row

    # --- actions -----------------------------------------------------------------------------
    def _flag(self) -> None:
        s = self.snapshot
        if s is not None:
            self._open(dialogs.flag_dialog(self.runner, self.actor, self, s.leaders, s.township, s.village,
                                           self.today))

    def _plan(self) -> None:
        row = self._need(self.cases_view)
        if row is not None and self.snapshot is not None:
            self._open(dialogs.plan_dialog(self.runner, self.actor, self, row.id, self.snapshot.staff, self.today))

    def _progress(self) -> None:
        row = self._need(self.cases_view)
        if row is not None:
            self._open(dialogs.progress_dialog(self.runner, self.actor, self, row.id, self.today))

    def _resolve(self) -> None:
        row = self._need(self.cases_view)
        if row is not None:
            self._open(dialogs.resolve_dialog(self.runner, self.actor, self, row.id, self.today))

    def _step_done(self) -> None:
        row = self._need(self.cases_view)
        if row is not None:
            self.runner.read(lambda s: queries.plan_of(self.runner.ctx, s, self.actor, row.id),
                             lambda plan: self._open(dialogs.step_done_dialog(self.runner, self.actor, self,
                                                                              list(plan.steps), self.today)),
                             self._failed, owner=self)

    def _mediation(self) -> None:
        self._open(dialogs.mediation_dialog(self.runner, self.actor, self, self.today))

    def _sign(self) -> None:
        row = self._need(self.med_view)
        if row is not None:
            names = {MediationSigner.PARTY_A: row.party_a, MediationSigner.PARTY_B: row.party_b,
                     MediationSigner.MEDIATOR: row.mediators[0] if row.mediators else ""}
            self._open(dialogs.sign_dialog(self.runner, self.actor, self, row.id, names))

    def _panel(self) -> None:
        if self.snapshot is not None:
            self._open(dialogs.panel_dialog(self.runner, self.actor, self, self.snapshot.quorum, self.today))

    def _record_panel(self) -> None:
        row = self._need(self.panel_view)
        if row is not None:
            from ui.keycases.panel_recording import PanelRecordingDialog

            self.recording_dialog = PanelRecordingDialog(self.runner, self.actor, row.id, row.case_number, self)
            self.recording_dialog.recording_linked.connect(lambda _i: self.reload())
            self.recording_dialog.open()

    # --- documents: built off the GUI thread, shown in the office's preview -------------------
    def _preview(self, build: Any, title: str, file_name: str, claim_log: bool = False) -> None:
        def shown(pdf: bytes) -> None:
            from ui.printing.preview import DocumentPreviewDialog

            self.preview = DocumentPreviewDialog(pdf, title=title, file_name=file_name, parent=self)
            if claim_log:  # the agreement is verified against its print and save records
                self.preview.saved.connect(lambda path: self._log_issue(pdf, "save", path=path))
                self.preview.printed.connect(lambda n: self._log_issue(pdf, "print", copies=n))
            self.preview.open()

        self.runner.read(build, shown, self._failed, owner=self)

    def _log_issue(self, pdf: bytes, how: str, **details: Any) -> None:
        from desktop.services import documents_log
        from printing.claim import read_document_claim

        c = read_document_claim(pdf)
        common = dict(kind=c.kind, case_number=c.case_no, doc_number=c.doc_number, content_sha256=c.content_sha256,
                      is_copy=c.copy)

        def job(s: Session) -> None:
            if how == "save":
                documents_log.log_save(self.runner.ctx, s, self.actor, path=details["path"], **common)
            else:
                documents_log.log_print(self.runner.ctx, s, self.actor, copies=details["copies"], printer="",
                                        **common)

        self.runner.write(job, None, self._failed, owner=self)

    def _tough_list(self) -> None:
        from desktop.documents import keycases as builders
        from printing.keycases.render import render_tough_list

        t = self.today
        quarter = f"{t.year}-Q{(t.month - 1) // 3 + 1}"
        self._preview(lambda s: render_tough_list(builders.tough_list(self.runner.ctx, s, self.actor, quarter, t)),
                      tr("季度攻坚清单"), f"tough-list-{quarter}.pdf")

    def _bulletin(self) -> None:
        from desktop.documents import keycases as builders
        from printing.keycases.render import render_bulletin

        t = self.today
        first = date(t.year, t.month, 1)
        self._preview(lambda s: render_bulletin(builders.bulletin(self.runner.ctx, s, self.actor, first, t)),
                      tr("月通报"), f"bulletin-{t:%Y-%m}.pdf")

    def _agreement(self) -> None:
        from desktop.documents import keycases as builders
        from printing.keycases.render import render_agreement

        row = self._need(self.med_view)
        if row is not None:
            self._preview(lambda s: render_agreement(builders.agreement(self.runner.ctx, s, self.actor, row.id)),
                          tr("调解协议书"), f"agreement-{row.id}.pdf", claim_log=True)

    def _issue_cards(self) -> None:
        def job(s: Session) -> int:
            return len(cards.issue_due_cards(self.runner.ctx, s, self.actor, self.today))

        def done(n: int) -> None:
            self.status.setText(tr("新亮牌 {n} 张").format(n=n))
            self.reload()

        self.runner.write(job, done, self._failed, owner=self)

    def _appeal(self) -> None:
        row = self._need(self.card_view)
        if row is not None:
            self._open(dialogs.appeal_dialog(self.runner, self.actor, self, row.id))

    def _decide(self) -> None:
        row = self._need(self.card_view)
        if row is not None:
            self._open(dialogs.decide_dialog(self.runner, self.actor, self, row.id))

    def _receive(self) -> None:
        self._open(dialogs.receive_dialog(self.runner, self.actor, self))

    def _register(self, incomplete: bool) -> None:
        row = self._need(self.receipt_view)
        if row is not None:
            self._write(lambda s: channels.register(self.runner.ctx, s, self.actor, row.id, incomplete=incomplete))

    def _contacted(self) -> None:
        row = self._need(self.receipt_view)
        if row is not None:
            self._write(lambda s: channels.contacted(self.runner.ctx, s, self.actor, row.id))

    def _write(self, job: Any) -> None:
        self.runner.write(lambda s: bool(job(s) or True), lambda _r: self.reload(), self._failed, owner=self)

    def _draw(self) -> None:
        self._open(dialogs.draw_dialog(self.runner, self.actor, self, self.today))

    def _answer(self) -> None:
        row = self._need(self.draw_view)
        if row is not None:
            self._open(dialogs.answer_dialog(self.runner, self.actor, self, row.id))
