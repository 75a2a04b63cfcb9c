"""The matter's facts as a grid of label/value pairs (three to a row), with the summary below."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel

from ui.days import due_with_days
from ui.i18n import tr
from ui.matter.loader import MatterView
from ui.words import word


def fill_facts(grid: QGridLayout, view: MatterView, today: date) -> None:
    while grid.count():
        w = grid.takeAt(0).widget()
        if w is not None:
            w.deleteLater()
    f = view.facts
    due = f.handling_due.isoformat() if f.handling_due else "—"
    if f.handling_due and f.closed_on is None:
        due = due_with_days(f.handling_due, today)
    pairs = [
        (tr("登记日期"), f.registered_on.isoformat()), (tr("来访方式"), word(f.channel)),
        (tr("身份证号"), f.id_masked or "—"), (tr("电话"), f.phone_masked or "—"),
        (tr("人数"), str(f.group_size)), (tr("接受调解"), tr("是") if f.accepts_mediation else tr("否")),
        (tr("条例分类"), word(f.regulation_type) or "—"), (tr("类别"), word(f.category) or "—"),
        (tr("风险"), word(f.risk) or "—"), (tr("复杂程度"), word(f.complexity) or "—"),
        (tr("承办部门"), f.department or "—"), (tr("首办责任人"), f.first_handler or "—"),
        (tr("包案领导"), f.case_lead or "—"), (tr("审批领导"), f.approver or "—"),
        (tr("交办期限"), f.assign_due.isoformat()), (tr("办理期限"), due),
        (tr("近30日来访"), tr("{n} 次（{level}）").format(n=f.visits_30d, level=word(f.repeat_alert))
         + ("" if f.visits_30d_max <= f.visits_30d else tr("，最高 {n} 次（{level}）").format(
             n=f.visits_30d_max, level=word(f.repeat_alert_max)))),
        (tr("评价期限"), f.evaluation_due.isoformat() if f.evaluation_due else "—"),
    ]
    for i, (label, value) in enumerate(pairs):
        lab = QLabel(label + "：")
        lab.setStyleSheet("color: #555;")
        val = QLabel(value)
        val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(lab, i // 3, (i % 3) * 2)
        grid.addWidget(val, i // 3, (i % 3) * 2 + 1)
    summary = QLabel(tr("反映事项：") + (f.summary or tr("（无权查看）")) + (
        "\n" + tr("诉求：") + f.demands if f.demands else ""))
    summary.setWordWrap(True)
    grid.addWidget(summary, len(pairs) // 3 + 1, 0, 1, 6)
