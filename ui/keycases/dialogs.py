"""The dialogs of the 包案 tab; each builds one service call from what was typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QTableWidget, QWidget

from desktop.keycases import callbacks, cards, cases, mediation, panel_service
from desktop.keycases.cases import FlagInput, StepInput
from desktop.keycases.enums import (
    AppealDecision,
    CallbackResult,
    KeyCaseKind,
    KeyCaseReason,
    MediationOutcome,
    MediationSigner,
    MemberLevel,
)
from desktop.keycases.mediation import MediationInput
from desktop.keycases.panel_service import MemberScore, PanelInput
from desktop.services.permissions import Actor
from desktop.services.ui_support import Choice
from ui.i18n import tr
from ui.keycases.base import ActionDialog, chosen, combo, date_edit, line, text_box
from ui.keycases.words import kword
from ui.printing.signature_pad import SignaturePad
from ui.tasks import TaskRunner


def _people(choices: list[Choice]) -> list[tuple[str, int]]:
    return [(c.name, c.id) for c in choices]


def flag_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, leaders: list[Choice], township: int, village: int,
                today: date) -> ActionDialog:
    """列入包案: the matter, kind and reason, the leader, and the 专班 (3+2 by default)."""
    d = ActionDialog(runner, tr("列入包案"), "flag_dialog", parent)
    case = d.add("case_number", tr("信访事项编号"), line())
    kind = d.add("kind", tr("类型"), combo([(kword(k), k) for k in KeyCaseKind]))
    reason = d.add("reason", tr("列入原因"), combo([(kword(r), r) for r in KeyCaseReason]))
    leader = d.add("leader", tr("包案领导"), combo(_people(leaders)))
    background = d.add("background", tr("案件背景"), text_box())
    demand = d.add("core_demand", tr("核心诉求"), text_box())
    members: list[tuple[QLineEdit, MemberLevel]] = []
    for i in range(township):
        members.append((d.add(f"township_{i}", tr("镇干部 {n}").format(n=i + 1), line()), MemberLevel.TOWNSHIP))
    for i in range(village):
        members.append((d.add(f"village_{i}", tr("村干部 {n}").format(n=i + 1), line()), MemberLevel.VILLAGE))
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        data = FlagInput(case_number=case.text(), kind=chosen(kind), reason=chosen(reason),
                         leader_id=chosen(leader), background=background.toPlainText(),
                         core_demand=demand.toPlainText())
        team = [(e.text(), lv, None) for e, lv in members]

        def job(session):  # type: ignore[no-untyped-def]
            row = cases.flag_case(runner.ctx, session, actor, data)
            cases.set_task_force(runner.ctx, session, actor, row.id, team)
            return row.id
        return job

    d.make_job = make
    return d


def plan_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, key_case_id: int, staff: list[Choice], today: date,
                steps: int = 3) -> ActionDialog:
    """一事一策: a summary and up to ``steps`` steps, each with its owner and date."""
    d = ActionDialog(runner, tr("制定化解方案"), "plan_dialog", parent)
    summary = d.add("summary", tr("方案概要"), text_box())
    rows = []
    for i in range(steps):
        w = QWidget()
        box = QHBoxLayout(w)
        box.setContentsMargins(0, 0, 0, 0)
        action, owner, due = line(), combo(_people(staff)), date_edit(today)
        action.setObjectName(f"field_step_{i}_action")
        owner.setObjectName(f"field_step_{i}_owner")
        due.setObjectName(f"field_step_{i}_due")
        box.addWidget(action, 3)
        box.addWidget(owner, 1)
        box.addWidget(due, 1)
        d.form.addRow(tr("步骤 {n}").format(n=i + 1), w)
        rows.append((action, owner, due))
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        plan = [StepInput(a.text(), chosen(o), due.date().toPython()) for a, o, due in rows if a.text().strip()]
        text = summary.toPlainText()
        return lambda s: cases.make_plan(runner.ctx, s, actor, key_case_id, text, plan).id

    d.make_job = make
    return d


def progress_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, key_case_id: int, today: date) -> ActionDialog:
    d = ActionDialog(runner, tr("记录周进展"), "progress_dialog", parent)
    day = d.add("week", tr("所在周的任一天"), date_edit(today))
    note = d.add("note", tr("本周进展"), text_box())
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        on, text = day.date().toPython(), note.toPlainText()
        return lambda s: cases.record_progress(runner.ctx, s, actor, key_case_id, on, text).id

    d.make_job = make
    return d


def mediation_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, today: date) -> ActionDialog:
    d = ActionDialog(runner, tr("记录调解"), "mediation_dialog", parent)
    case = d.add("case_number", tr("信访事项编号"), line())
    screening = d.add("screening_item", tr("排查事项编号（可选）"), line())
    held = d.add("held_on", tr("调解日期"), date_edit(today))
    venue = d.add("venue", tr("调解地点"), line())
    mediators = d.add("mediators", tr("调解员（以、分隔）"), line())
    party_a = d.add("party_a", tr("甲方"), line())
    party_b = d.add("party_b", tr("乙方"), line())
    dispute = d.add("dispute", tr("纠纷事实"), text_box())
    outcome = d.add("outcome", tr("调解结果"), combo([(kword(o), o) for o in MediationOutcome]))
    terms = d.add("terms", tr("协议内容"), text_box())
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        item = screening.text().strip()
        if item and not item.isdigit():
            raise ValueError(tr("排查事项编号应为数字"))
        data = MediationInput(
            held_on=held.date().toPython(), venue=venue.text(),
            mediators=[m for m in mediators.text().replace(",", "、").replace("，", "、").split("、")],
            party_a=party_a.text(), party_b=party_b.text(), dispute=dispute.toPlainText(), outcome=chosen(outcome),
            terms=terms.toPlainText(), case_number=case.text(), screening_item_id=int(item) if item else None)
        return lambda s: mediation.record_mediation(runner.ctx, s, actor, data).id

    d.make_job = make
    return d


def sign_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, mediation_id: int, names: dict[MediationSigner, str]
                ) -> ActionDialog:
    """A signature on the agreement, drawn on the signature pad."""
    d = ActionDialog(runner, tr("协议书签字"), "sign_dialog", parent)
    signer = d.add("signer", tr("签字人"), combo([(kword(k), k) for k in MediationSigner]))
    name = d.add("name", tr("姓名"), line(names.get(MediationSigner.PARTY_A, "")))
    signer.currentIndexChanged.connect(lambda _i: name.setText(names.get(chosen(signer), "")))
    pad = d.add("pad", tr("签名"), SignaturePad())
    d.pad = pad  # type: ignore[attr-defined]
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        who, text, strokes = chosen(signer), name.text(), [list(map(list, s)) for s in pad.strokes()]
        return lambda s: mediation.sign(runner.ctx, s, actor, mediation_id, who, text, strokes)

    d.make_job = make
    return d


def panel_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, quorum: int, today: date) -> ActionDialog:
    """评议团: members present with their three 情理分; the average and route are the service's."""
    d = ActionDialog(runner, tr("评议团评议"), "panel_dialog", parent)
    case = d.add("case_number", tr("信访事项编号"), line())
    held = d.add("held_on", tr("评议日期"), date_edit(today))
    claim = d.add("claim", tr("评议诉求"), text_box())
    venue = d.add("venue", tr("地点"), line())
    recording = d.add("recording", tr("录像编号（可选）"), line())
    grid = QTableWidget(0, 4)
    grid.setObjectName("panel_scores")
    grid.setHorizontalHeaderLabels([tr("评议员"), tr("诉求合理"), tr("群众困难"), tr("政策兜底")])
    grid.setMinimumHeight(220)

    def add_row() -> None:
        r = grid.rowCount()
        grid.insertRow(r)
        grid.setCellWidget(r, 0, QLineEdit())
        for c in (1, 2, 3):
            spin = QSpinBox()
            spin.setRange(0, 10)
            grid.setCellWidget(r, c, spin)

    for _ in range(quorum):
        add_row()
    more = QPushButton(tr("添加评议员"))
    more.setObjectName("add_member")
    more.clicked.connect(add_row)
    d.form.addRow(grid)
    d.form.addRow(more)
    d.grid = grid  # type: ignore[attr-defined]
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        scores = []
        for r in range(grid.rowCount()):
            who = grid.cellWidget(r, 0).text().strip()  # type: ignore[union-attr]
            if who:
                scores.append(MemberScore(who, *(grid.cellWidget(r, c).value() for c in (1, 2, 3))))  # type: ignore
        rec = recording.text().strip()
        if rec and not rec.isdigit():
            raise ValueError(tr("录像编号应为数字"))
        data = PanelInput(case.text(), held.date().toPython(), claim.toPlainText(), scores, venue.text(),
                          int(rec) if rec else None)
        return lambda s: panel_service.record_session(runner.ctx, s, actor, data).id

    d.make_job = make
    return d


def appeal_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, card_id: int) -> ActionDialog:
    d = ActionDialog(runner, tr("申诉"), "appeal_dialog", parent)
    reason = d.add("reason", tr("申诉理由"), text_box())
    d.finish_layout()
    d.make_job = lambda: (lambda s, text=reason.toPlainText(): cards.appeal(runner.ctx, s, actor, card_id,
                                                                            text))
    return d


def decide_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, card_id: int) -> ActionDialog:
    d = ActionDialog(runner, tr("镇纪委裁决申诉"), "decide_dialog", parent)
    decision = d.add("decision", tr("决定"), combo([(tr("维持"), AppealDecision.UPHELD),
                                                    (tr("撤销"), AppealDecision.REVOKED)]))
    note = d.add("note", tr("理由"), text_box())
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        what, text = chosen(decision), note.toPlainText()
        return lambda s: cards.decide_appeal(runner.ctx, s, actor, card_id, what, text)

    d.make_job = make
    return d


def draw_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, today: date) -> ActionDialog:
    d = ActionDialog(runner, tr("抽取本月回访样本"), "draw_dialog", parent)
    month = d.add("month", tr("回访月份"), line(f"{today.year}-{today.month:02d}"))
    seed = d.add("seed", tr("随机种子（可选）"), line())
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        m, s_ = month.text(), seed.text().strip() or None
        return lambda s: callbacks.draw(runner.ctx, s, actor, m, seed=s_).month

    d.make_job = make
    return d


def answer_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, item_id: int) -> ActionDialog:
    d = ActionDialog(runner, tr("记录回访结果"), "answer_dialog", parent)
    result = d.add("result", tr("回访结果"), combo([(kword(r), r) for r in CallbackResult]))
    resolved = d.add("resolved", tr("问题已解决"), QCheckBox())
    conduct = d.add("conduct", tr("干部作风无问题"), QCheckBox())
    notes = d.add("notes", tr("备注"), text_box())
    resolved.setChecked(True)
    conduct.setChecked(True)
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        r, ok, good, text = chosen(result), resolved.isChecked(), conduct.isChecked(), notes.toPlainText()
        return lambda s: callbacks.record_answer(runner.ctx, s, actor, item_id, r, ok, good, text)

    d.make_job = make
    return d


def receive_dialog(runner: TaskRunner, actor: Actor, parent: QWidget) -> ActionDialog:
    """A letter, online petition or hotline ticket has arrived: its clock starts at the time given."""
    from PySide6.QtCore import QDateTime
    from PySide6.QtWidgets import QDateTimeEdit

    from desktop.clock import CHINA_TZ
    from desktop.keycases import channels
    from desktop.keycases.enums import ReceiptChannel

    d = ActionDialog(runner, tr("收件登记"), "receive_dialog", parent)
    words = {ReceiptChannel.LETTER: tr("来信"), ReceiptChannel.ONLINE: tr("网上"), ReceiptChannel.HOTLINE: tr("热线")}
    channel = d.add("channel", tr("渠道"), combo([(words[c], c) for c in ReceiptChannel]))
    reference = d.add("reference", tr("信件/工单编号"), line())
    now = runner.ctx.now().astimezone(CHINA_TZ)
    when = d.add("received_at", tr("收到时间"), QDateTimeEdit(QDateTime(now.date(), now.time().replace(microsecond=0))))
    when.setDisplayFormat("yyyy-MM-dd HH:mm")
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        at = when.dateTime().toPython().replace(tzinfo=CHINA_TZ)
        c, ref = chosen(channel), reference.text()
        return lambda s: channels.receive(runner.ctx, s, actor, c, at, ref).id

    d.make_job = make
    return d


def resolve_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, key_case_id: int, today: date
                   ) -> ActionDialog:
    """息诉罢访: the case is settled on the date given (counts for 积案化解率 on that date)."""
    d = ActionDialog(runner, tr("息诉罢访"), "resolve_dialog", parent)
    day = d.add("resolved_on", tr("化解日期"), date_edit(today))
    note = d.add("note", tr("化解情况"), text_box())
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        on, text = day.date().toPython(), note.toPlainText()
        return lambda s: cases.resolve_case(runner.ctx, s, actor, key_case_id, on, text)

    d.make_job = make
    return d


def step_done_dialog(runner: TaskRunner, actor: Actor, parent: QWidget, steps: list, today: date) -> ActionDialog:  # type: ignore[type-arg]
    """A plan step is done: which one and when."""
    d = ActionDialog(runner, tr("方案步骤完成"), "step_done_dialog", parent)
    step = d.add("step", tr("步骤"), combo([(f"{s.seq}. {s.action}（{s.owner}，{s.due_on}）", s.id) for s in steps
                                            if s.done_on is None]))
    day = d.add("done_on", tr("完成日期"), date_edit(today))
    d.finish_layout()

    def make():  # type: ignore[no-untyped-def]
        which, on = chosen(step), day.date().toPython()
        if which is None:
            raise ValueError(tr("没有未完成的步骤"))
        return lambda s: cases.complete_step(runner.ctx, s, actor, which, on)

    d.make_job = make
    return d
