"""What each document shows: frozen dataclasses of plain values (never ORM rows).

The caller (``desktop`` services or ``ui``) fills these from the record; the renderers only lay
them out. Images are PNG bytes. Dates are ``datetime.date``; nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.enums import Channel, Complexity, Outcome, SignerRole


@dataclass(frozen=True)
class Issuer:
    """The issuing office (发文机关)."""

    office: str  # 发文机关署名, e.g. "某某镇人民政府"
    header: str = ""  # 发文机关标志 printed red at the top; defaults to ``office``
    seal_png: bytes | None = None  # uploaded by the administrator; pressed over the date
    reception_office: str = ""  # e.g. "某某镇信访接待室": where results are reported and questions asked

    @property
    def header_text(self) -> str:
        return self.header or self.office


@dataclass(frozen=True)
class Signature:
    role: SignerRole
    name: str
    png: bytes | None = None  # transparent PNG from printing.signature.render_signature_png
    signed_on: date | None = None


@dataclass(frozen=True)
class LetterContent:
    """The content a signature is bound to (see :func:`printing.claim.content_sha256`)."""

    case_no: str
    petitioner: str
    department: str
    received_on: date
    request: str  # 投诉请求
    investigation: str  # 调查过程
    findings: str  # 事实认定及理由
    basis: str  # 依据条款
    outcome: Outcome  # 处理结论
    conclusion: str  # the conclusion's own words
    review_body: str  # 复查机关, e.g. "某某县人民政府"
    review_days: int = 30
    # The remedies paragraph as stored with the record (edited or from the settings); empty: the
    # standard sentence from ``review_body`` and ``review_days``.
    remedies: str = ""


@dataclass(frozen=True)
class DecisionLetterData:
    """《信访处理意见书》."""

    content: LetterContent
    issuer: Issuer
    doc_number: str  # e.g. "某信复〔2026〕12号"
    issued_on: date
    signatures: tuple[Signature, ...] = ()
    is_copy: bool = False  # a reprint of the final letter: marked 副本
    # The record's content hash (the one the signatures are bound to); when set, the claim and the
    # QR code carry it instead of printing's own canonical hash of ``content``.
    content_sha256: str = ""


@dataclass(frozen=True)
class AcceptanceNoticeData:
    """《受理告知书》."""

    issuer: Issuer
    doc_number: str
    issued_on: date
    case_no: str
    petitioner: str
    received_on: date
    matter: str
    department: str
    limit_days: int
    due_on: date
    contact: str = ""  # whom to call, e.g. "镇信访办 0000-1234567"
    is_copy: bool = False


@dataclass(frozen=True)
class ExtensionNoticeData:
    """《延期告知书》."""

    issuer: Issuer
    doc_number: str
    issued_on: date
    case_no: str
    petitioner: str
    received_on: date
    matter: str
    original_due: date
    extension_days: int
    new_due: date
    reason: str
    is_copy: bool = False


@dataclass(frozen=True)
class TerminationNoticeData:
    """《信访事项终结告知书》."""

    issuer: Issuer
    doc_number: str
    issued_on: date
    case_no: str
    petitioner: str
    matter: str
    history: str  # 处理、复查、复核经过
    reason: str  # 终结理由及依据
    is_copy: bool = False


@dataclass(frozen=True)
class AssignmentSlipData:
    """《信访事项交办单》."""

    issuer: Issuer
    doc_number: str
    case_no: str
    registered_on: date
    petitioner: str
    phone: str
    matter: str
    demands: str
    department: str
    complexity: Complexity
    limit_days: int
    assigned_on: date
    due_on: date
    first_handler: str  # 首办责任人
    approver: str  # 分管领导
    approver_signature_png: bytes | None = None
    approved_on: date | None = None
    approval_note: str = ""  # the approver's opinion, e.g. "同意交办，请按期办结。"
    case_lead: str = ""  # 包案领导 (key matters only)
    category: str = ""  # already in words, e.g. "民生类"
    remarks: str = ""
    is_copy: bool = False


@dataclass(frozen=True)
class Petitioner:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    village: str = ""  # 村(社区)/网格


@dataclass(frozen=True)
class RegistrationFormData:
    """《信访事项登记表》."""

    office: str
    case_no: str
    registered_on: date
    channel: Channel
    petitioners: tuple[Petitioner, ...]
    matter: str  # 信访事项
    demands: str  # 诉求
    headcount: int = 1
    representatives: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    accepts_mediation: bool | None = None
    clerk: str = ""  # 接待员
    interviewer: str = ""  # 接谈人员
    history: str = ""  # 来访历史
    is_copy: bool = False


@dataclass(frozen=True)
class TrackingCardData:
    """首问兜底卡, 85.6 × 54 mm."""

    office: str
    case_no: str
    registered_on: date
    clerk_name: str  # 首问责任人
    clerk_phone: str
    clerk_photo: bytes | None = None  # PNG/JPEG
    receiver: str = ""  # 谁接待 (defaults to the clerk)
    tracker: str = ""  # 谁盯办
    responder: str = ""  # 谁反馈
    query_phone: str = ""
    query_hours: str = ""
    query_place: str = ""  # the query address (查询地址)
    query_url: str = ""  # the office's query page, when it has one


@dataclass(frozen=True)
class DocumentClaim:
    """What a PDF says about itself (in its metadata), for ``reception verify-document``."""

    kind: str  # "decision_letter", "acceptance_notice", ...
    case_no: str
    doc_number: str
    content_sha256: str
    copy: bool
    version: int = 1
