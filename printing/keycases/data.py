"""What the key-case documents show: frozen dataclasses of plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from printing.data import Issuer


@dataclass(frozen=True)
class ToughLine:
    case_no: str
    reasons: str  # e.g. "上级交办、超3个月未化解"
    background: str  # 案件背景
    core_demand: str  # 核心诉求
    department: str  # 责任部门
    leader: str  # 包案领导
    limit: str  # 化解时限, e.g. "2026年12月31日" or "—"


@dataclass(frozen=True)
class ToughListData:
    issuer: Issuer
    period: str  # "2026年第四季度"
    as_of: date
    lines: tuple[ToughLine, ...]


@dataclass(frozen=True)
class BulletinLine:
    case_no: str
    leader: str
    reason: str
    progress: str  # this month's weekly reports, one per line
    steps: str  # "3/5 完成，逾期 1"
    status: str  # "已息诉罢访（11月20日）" or "化解中"


@dataclass(frozen=True)
class BulletinData:
    issuer: Issuer
    month: str  # "2026年11月"
    issued_on: date
    summary: str  # the opening paragraph with the month's figures
    lines: tuple[BulletinLine, ...]


@dataclass(frozen=True)
class AgreementSignature:
    label: str  # 甲方 / 乙方 / 调解员
    name: str
    png: bytes | None
    signed_on: str


@dataclass(frozen=True)
class AgreementData:
    """《调解协议书》: signed by both parties and the mediator; verified like the office's other documents."""

    issuer: Issuer
    doc_number: str
    case_no: str
    held_on: date
    venue: str
    mediators: str
    party_a: str
    party_b: str
    dispute: str
    terms: str
    signatures: tuple[AgreementSignature, ...] = ()
    is_copy: bool = False
