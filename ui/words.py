"""Enums of the domain in words (Chinese source, English through the catalog)."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.enums import (
    AlertLevel,
    AppealRoute,
    Category,
    Channel,
    Complexity,
    DayUnit,
    KeyDomain,
    LetterStatus,
    MatterStatus,
    MeetingStage,
    Outcome,
    RegulationType,
    ReviewKind,
    ReviewOutcome,
    Risk,
    Role,
    Satisfaction,
    SignerRole,
)
from desktop.services.documents_log import DocumentKind
from desktop.services.reminders import ReminderKind
from ui.i18n import N_, tr

WORDS: dict[StrEnum, str] = {
    Role.CLERK: N_("接待员"), Role.INTERVIEWER: N_("接谈人员"), Role.APPROVER: N_("分管领导"),
    Role.CASE_LEAD: N_("包案领导"), Role.DEPT_HEAD: N_("承办部门负责人"), Role.INSPECTOR: N_("镇纪委"),
    Role.ADMIN: N_("系统管理员"), Role.GRID_WORKER: N_("网格员"), Role.VILLAGE_SECRETARY: N_("村支书"),
    Channel.VISIT: N_("来访"), Channel.LETTER: N_("来信"), Channel.ONLINE: N_("网上"), Channel.PHONE: N_("电话"),
    RegulationType.SUGGESTION: N_("建议意见类"), RegulationType.ACCUSATION: N_("检举控告类"),
    RegulationType.APPEAL: N_("申诉求决类"),
    AppealRoute.LITIGATION: N_("诉讼、复议、检察、公安程序"), AppealRoute.ARBITRATION: N_("仲裁"),
    AppealRoute.PARTY_APPEAL: N_("党员申诉、复审"), AppealRoute.ADMINISTRATIVE: N_("其他行政程序"),
    AppealRoute.ENFORCEMENT: N_("查处违法、保护权益"), AppealRoute.PETITION: N_("信访程序（出具处理意见书）"),
    Category.LEGAL: N_("涉法涉诉类"), Category.LIVELIHOOD: N_("民生类"), Category.DISPUTE: N_("矛盾纠纷类"),
    Category.POLICY: N_("政策咨询类"), Category.LEGACY: N_("历史遗留类"),
    KeyDomain.LAND: N_("土地承包经营权"), KeyDomain.LEGAL_LEGACY: N_("涉法涉诉遗留"),
    KeyDomain.WELFARE: N_("民生保障政策落实"), KeyDomain.CONSTRUCTION: N_("工程项目建设"),
    KeyDomain.SPECIAL_GROUP: N_("特殊群体"), KeyDomain.SENSITIVE_PERIOD: N_("敏感时段"),
    Risk.RED: N_("红（高）"), Risk.YELLOW: N_("黄（中）"), Risk.GREEN: N_("绿（低）"),
    Complexity.SIMPLE: N_("简单"), Complexity.COMPLEX: N_("复杂"),
    AlertLevel.GREEN: N_("绿"), AlertLevel.YELLOW: N_("黄"), AlertLevel.RED: N_("红"),
    MatterStatus.REGISTERED: N_("已登记"), MatterStatus.INTERVIEWED: N_("已接谈"),
    MatterStatus.CLASSIFIED: N_("已分类"), MatterStatus.PENDING_APPROVAL: N_("待审批"),
    MatterStatus.ASSIGNED: N_("办理中"), MatterStatus.PAUSED: N_("已中止计时"), MatterStatus.REPLIED: N_("已答复"),
    MatterStatus.CLOSED: N_("已办结"), MatterStatus.UNDER_REVIEW: N_("复查中"), MatterStatus.TERMINATED: N_("已终结"),
    Outcome.SUPPORT: N_("支持"), Outcome.EXPLAIN: N_("解释说明"), Outcome.REJECT: N_("不予支持"),
    Satisfaction.SATISFIED: N_("满意"), Satisfaction.BASICALLY: N_("基本满意"),
    Satisfaction.DISSATISFIED: N_("不满意"),
    ReviewKind.RECHECK: N_("复查"), ReviewKind.REEXAMINE: N_("复核"),
    ReviewOutcome.UPHELD: N_("维持"), ReviewOutcome.CHANGED: N_("变更、撤销重办"),
    MeetingStage.BEFORE: N_("办理前见面"), MeetingStage.DURING: N_("办理中见面"), MeetingStage.AFTER: N_("办结后见面"),
    LetterStatus.DRAFT: N_("草稿"), LetterStatus.FINAL: N_("定稿"),
    SignerRole.DEPT_HEAD: N_("承办部门负责人"), SignerRole.CASE_LEAD: N_("包案领导"),
    DayUnit.WORKING: N_("个工作日"), DayUnit.CALENDAR: N_("日"),
    ReminderKind.OVERDUE: N_("超期催办"), ReminderKind.EVALUATION_DUE: N_("待评价"),
    ReminderKind.CALLBACK_DUE: N_("待回访"), ReminderKind.APPROVAL_WAITING: N_("待我审批"),
    ReminderKind.SIGNATURE_WAITING: N_("待我签字"),
}  # fmt: skip

DOCUMENT_TITLES: dict[str, str] = {
    DocumentKind.REGISTRATION_FORM: N_("信访事项登记表"), DocumentKind.ACCEPTANCE_NOTICE: N_("受理告知书"),
    DocumentKind.EXTENSION_NOTICE: N_("延期告知书"), DocumentKind.ASSIGNMENT_SLIP: N_("信访事项交办单"),
    DocumentKind.DECISION_LETTER: N_("信访处理意见书"), DocumentKind.TERMINATION_NOTICE: N_("信访事项终结告知书"),
    DocumentKind.TRACKING_CARD: N_("首问兜底卡"),
}

SECTION_TITLES: dict[str, str] = {
    "request": N_("投诉请求"), "investigation": N_("调查过程"), "findings": N_("事实认定"),
    "basis": N_("依据条款"), "conclusion": N_("处理结论"), "remedies": N_("救济途径"),
}


def word(value: StrEnum | str | None) -> str:
    """Words for an enum member (or its stored value); "" for None."""
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        text = WORDS.get(value)
        return tr(text) if text else str(value)
    for member, text in WORDS.items():
        if member.value == value:
            return tr(text)
    return str(value)


def period(amount: int, unit: DayUnit | str) -> str:
    return f"{amount} {word(DayUnit(unit))}" if word(DayUnit(unit)).isascii() else f"{amount}{word(DayUnit(unit))}"


def section_title(key: str) -> str:
    return tr(SECTION_TITLES.get(key, key))


def document_title(kind: str) -> str:
    """The document's name as printed on it (《…》 without the brackets), in the current language."""
    return tr(DOCUMENT_TITLES.get(kind, kind))
