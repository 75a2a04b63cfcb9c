"""One line of words for each kind of timeline event."""

from __future__ import annotations

from desktop.domain.enums import (
    Channel,
    MeetingStage,
    ReviewKind,
    ReviewOutcome,
    Satisfaction,
    SignerRole,
)
from desktop.services.timeline import TimelineEvent
from ui.i18n import N_, tr
from ui.words import document_title, word

KINDS: dict[str, str] = {
    "matter.register": N_("登记"), "matter.visit": N_("再次来访"), "matter.interview": N_("接谈"),
    "matter.classify": N_("分类"), "matter.answer_on_spot": N_("当场答复并办结"),
    "matter.submit_assignment": N_("提交交办单"), "matter.approve_assignment": N_("批准交办"),
    "matter.reject_assignment": N_("退回交办"), "matter.meeting": N_("见面"), "matter.pause": N_("中止计时"),
    "matter.resume": N_("恢复计时"), "matter.extend": N_("延期"), "letter.draft": N_("处理意见书草稿"),
    "letter.sign": N_("签字"), "letter.finalize": N_("处理意见书定稿"), "letter.deliver": N_("送达处理意见书"),
    "matter.close": N_("办结"), "matter.evaluate": N_("满意度评价"), "matter.review_open": N_("启动复查"),
    "matter.review_conclude": N_("复查结论"), "matter.callback": N_("回访"), "matter.handover": N_("移交"),
    "matter.attach": N_("添加证据材料"), "recording.seal": N_("录音录像封存"),
    "recording.recovered": N_("修复并封存中断的录音录像"), "recording.view": N_("回放录音录像"),
    "recording.export": N_("导出录音录像"), "document.print": N_("打印文书"), "document.save": N_("文书另存为 PDF"),
    "matter.import": N_("导入"), "personal_data.view": N_("查看完整个人信息"), "petitioner.history": N_("查询来访历史"),
}  # fmt: skip


def describe_event(e: TimelineEvent) -> str:
    d = e.details
    # Every action the core audits on a matter has words (a test enumerates them from the core);
    # one added later without words still reads as a record, never as its internal name.
    head = tr(KINDS[e.kind]) if e.kind in KINDS else tr("其他记录")
    parts: list[str] = []
    if e.kind in ("matter.register", "matter.visit") and d.get("channel"):
        parts.append(word(Channel(d["channel"])))
        if d.get("alert") in ("yellow", "red"):
            parts.append(tr("{level}色预警").format(level=word(d["alert"])))
    if e.kind == "matter.interview" and d.get("interviewer"):
        parts.append(tr("同事：{name}").format(name=d["interviewer"]))
    if e.kind == "matter.classify" and d.get("category"):
        parts.append(word(d["category"]))
    if e.kind == "matter.meeting" and d.get("stage"):
        parts.append(word(MeetingStage(d["stage"])))
    if e.kind == "letter.sign" and d.get("role"):
        parts.append(word(SignerRole(d["role"])))
        if d.get("voided"):
            parts.append(tr("（已因修改失效）"))
    if e.kind == "matter.evaluate" and d.get("answer"):
        parts.append(word(Satisfaction(d["answer"])))
    if e.kind in ("matter.review_open", "matter.review_conclude") and d.get("kind"):
        parts.append(word(ReviewKind(d["kind"])))
        if d.get("outcome"):
            parts.append(word(ReviewOutcome(d["outcome"])))
    if e.kind == "matter.approve_assignment" and d.get("handling_due"):
        parts.append(tr("办理期限 {due}").format(due=d["handling_due"]))
    if e.kind in ("matter.pause", "matter.extend") and d.get("approver"):
        parts.append(tr("批准人：{name}").format(name=d["approver"]))
    if e.kind == "matter.handover":
        parts.append(tr("{a} → {b}").format(a=d.get("from", ""), b=d.get("to", "")))
    if e.kind in ("document.print", "document.save") and d.get("kind"):
        parts.append(document_title(str(d["kind"])))
        if d.get("is_copy"):
            parts.append(tr("副本"))
        if e.kind == "document.print" and d.get("copies"):
            parts.append(tr("{n} 份").format(n=d["copies"]))
    if e.kind == "letter.finalize" and d.get("document_number"):
        parts.append(str(d["document_number"]))
    for key in ("notes", "reason", "conclusion", "answer", "note"):
        value = d.get(key)
        if isinstance(value, str) and value.strip() and not (key == "answer" and e.kind == "matter.evaluate"):
            parts.append(value.strip()[:80])
    return head + ("：" + "；".join(parts) if parts else "")
