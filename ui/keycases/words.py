"""Words for the key-case enums (Chinese source, English through the catalog)."""

from __future__ import annotations

from enum import StrEnum

from desktop.keycases.enums import (
    CallbackResult,
    CardColor,
    CardSource,
    KeyCaseKind,
    KeyCaseReason,
    MediationOutcome,
    MediationSigner,
    MemberLevel,
    PanelRoute,
)
from ui.i18n import N_, tr

WORDS: dict[StrEnum, str] = {
    KeyCaseKind.KEY: N_("重点"), KeyCaseKind.BACKLOG: N_("积案"),
    KeyCaseReason.RED_WARNING: N_("红色预警"), KeyCaseReason.UNRESOLVED: N_("超期未化解"),
    KeyCaseReason.FROM_ABOVE: N_("上级交办"), KeyCaseReason.LEADER_INSTRUCTION: N_("领导批示"),
    KeyCaseReason.HISTORICAL: N_("历史积案"),
    MemberLevel.TOWNSHIP: N_("镇干部"), MemberLevel.VILLAGE: N_("村干部"),
    MediationOutcome.AGREED: N_("达成协议"), MediationOutcome.FAILED: N_("未达成"),
    MediationOutcome.TO_COURT: N_("转诉讼"),
    MediationSigner.PARTY_A: N_("甲方"), MediationSigner.PARTY_B: N_("乙方"), MediationSigner.MEDIATOR: N_("调解员"),
    PanelRoute.COURTS: N_("引导司法途径"), PanelRoute.NORMAL: N_("按程序办理"), PanelRoute.GREEN: N_("绿色通道"),
    CardColor.YELLOW: N_("黄牌"), CardColor.RED: N_("红牌"),
    CardSource.PLAN_STEP: N_("专班方案逾期"), CardSource.PLAN_LATE: N_("方案未按时制定"), CardSource.MATTER_DEADLINE: N_("承办事项逾期"),
    CallbackResult.SATISFIED: N_("满意"), CallbackResult.BASICALLY: N_("基本满意"),
    CallbackResult.DISSATISFIED: N_("不满意"), CallbackResult.UNREACHED: N_("未联系上"),
}  # fmt: skip


def kword(value: StrEnum | None) -> str:
    if value is None:
        return ""
    text = WORDS.get(value)
    return tr(text) if text else str(value)
