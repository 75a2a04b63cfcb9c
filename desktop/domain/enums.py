"""The domain's vocabulary as enums.

Values are stable code names stored in the database and files; words for people
live in ``ui/`` (and in ``desktop/cli/messages.py`` for the command line).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"  # 接待员 / 首办责任人
    INTERVIEWER = "interviewer"  # 接谈人员
    APPROVER = "approver"  # 分管领导
    CASE_LEAD = "case_lead"  # 包案领导
    DEPT_HEAD = "dept_head"  # 承办部门负责人
    INSPECTOR = "inspector"  # 镇纪委
    ADMIN = "admin"  # 系统管理员
    GRID_WORKER = "grid_worker"  # 网格员: screening reports for their own grid
    VILLAGE_SECRETARY = "village_secretary"  # 村支书: screening reports for their own village


class Channel(StrEnum):
    VISIT = "visit"  # 来访
    LETTER = "letter"  # 来信
    ONLINE = "online"  # 网上
    PHONE = "phone"  # 电话


class RegulationType(StrEnum):
    """信访工作条例 Art. 29."""

    SUGGESTION = "suggestion"  # 建议意见类
    ACCUSATION = "accusation"  # 检举控告类
    APPEAL = "appeal"  # 申诉求决类


class AppealRoute(StrEnum):
    """The six routes of 申诉求决类 (Art. 31)."""

    LITIGATION = "litigation"  # (1) 诉讼/复议/检察/公安程序
    ARBITRATION = "arbitration"  # (2) 仲裁
    PARTY_APPEAL = "party_appeal"  # (3) 党员申诉/复审
    ADMINISTRATIVE = "administrative"  # (4) 其他行政程序
    ENFORCEMENT = "enforcement"  # (5) 查处违法/保护权益
    PETITION = "petition"  # (6) 信访程序：听取、调查、出具处理意见书


class Category(StrEnum):
    """The office's own categories."""

    LEGAL = "legal"  # 涉法涉诉类
    LIVELIHOOD = "livelihood"  # 民生类
    DISPUTE = "dispute"  # 矛盾纠纷类
    POLICY = "policy"  # 政策咨询类
    LEGACY = "legacy"  # 历史遗留类


class KeyDomain(StrEnum):
    """The "4+2" key domains."""

    LAND = "land"  # 土地承包经营权
    LEGAL_LEGACY = "legal_legacy"  # 涉法涉诉遗留
    WELFARE = "welfare"  # 民生保障政策落实
    CONSTRUCTION = "construction"  # 工程项目建设
    SPECIAL_GROUP = "special_group"  # 特殊群体
    SENSITIVE_PERIOD = "sensitive_period"  # 特殊时段


class Risk(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class Complexity(StrEnum):
    SIMPLE = "simple"
    COMPLEX = "complex"


class AlertLevel(StrEnum):
    """三色预警 from the trailing-window visit count."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class MatterStatus(StrEnum):
    """The matter's life; transitions live in ``desktop.domain.lifecycle``."""

    REGISTERED = "registered"  # 一登记 done
    INTERVIEWED = "interviewed"  # 二接谈 done
    CLASSIFIED = "classified"  # 三分类 done
    PENDING_APPROVAL = "pending_approval"  # 交办单 submitted
    ASSIGNED = "assigned"  # 交办单 approved: being handled
    PAUSED = "paused"  # deadline paused (hearing, waiting for materials)
    REPLIED = "replied"  # decision letter final and delivered
    CLOSED = "closed"
    UNDER_REVIEW = "under_review"  # 复查/复核 opened
    TERMINATED = "terminated"  # closed after review (终结)


class Outcome(StrEnum):
    """Art. 32 outcomes of a decision letter."""

    SUPPORT = "support"  # 支持
    EXPLAIN = "explain"  # 解释说明
    REJECT = "reject"  # 不予支持


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意


class ReviewKind(StrEnum):
    RECHECK = "recheck"  # 复查
    REEXAMINE = "reexamine"  # 复核


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"  # 维持
    CHANGED = "changed"  # 变更/撤销重办


class MeetingStage(StrEnum):
    """三见面."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class LetterStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class SignerRole(StrEnum):
    DEPT_HEAD = "dept_head"
    CASE_LEAD = "case_lead"


class PauseKind(StrEnum):
    PAUSE = "pause"  # 中止计时 (hearing, waiting for materials)
    EXTENSION = "extension"  # 延期 with approval


class DayUnit(StrEnum):
    WORKING = "working"  # N 个工作日
    CALENDAR = "calendar"  # N 日, moved off rest days at the end
