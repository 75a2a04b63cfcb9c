"""The vocabulary of key cases and accountability; values are stable code names stored in the database."""

from __future__ import annotations

from enum import StrEnum


class KeyCaseKind(StrEnum):
    KEY = "key"  # 重点信访事项
    BACKLOG = "backlog"  # 信访积案


class KeyCaseReason(StrEnum):
    RED_WARNING = "red_warning"  # 红色预警
    UNRESOLVED = "unresolved"  # 超过 3 个月未化解
    FROM_ABOVE = "from_above"  # 上级交办
    LEADER_INSTRUCTION = "leader_instruction"  # 领导批示
    HISTORICAL = "historical"  # 历史积案


class MemberLevel(StrEnum):
    TOWNSHIP = "township"  # 镇干部
    VILLAGE = "village"  # 村“两委”成员


class MediationOutcome(StrEnum):
    AGREED = "agreed"  # 达成协议
    FAILED = "failed"  # 未达成
    TO_COURT = "to_court"  # 转诉讼


class MediationSigner(StrEnum):
    PARTY_A = "party_a"  # 甲方
    PARTY_B = "party_b"  # 乙方
    MEDIATOR = "mediator"  # 调解员


class PanelRoute(StrEnum):
    COURTS = "courts"  # 低于 6 分：引导司法途径
    NORMAL = "normal"  # 按程序办理
    GREEN = "green"  # 8 分以上：绿色通道


class CardColor(StrEnum):
    YELLOW = "yellow"  # 黄牌
    RED = "red"  # 红牌


class CardSource(StrEnum):
    PLAN_STEP = "plan_step"  # 专班方案步骤逾期
    PLAN_LATE = "plan_late"  # 一事一策未按时制定
    MATTER_DEADLINE = "matter_deadline"  # 承办事项逾期


class AppealDecision(StrEnum):
    UPHELD = "upheld"  # 维持
    REVOKED = "revoked"  # 撤销


class CallbackResult(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意
    UNREACHED = "unreached"  # 未联系上


class ReceiptChannel(StrEnum):
    LETTER = "letter"  # 纸质来信
    ONLINE = "online"  # 网上信访
    HOTLINE = "hotline"  # 政务热线工单
