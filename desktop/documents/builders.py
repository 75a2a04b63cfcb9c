"""From the records to the printing dataclasses, one builder per document. Renderers never read ORM
rows; these do, once, and hand them frozen dataclasses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import (
    Attachment,
    DecisionLetter,
    Department,
    Interview,
    Matter,
    MatterDepartment,
    Representative,
    Review,
    Staff,
    Visit,
)
from desktop.db.models import Petitioner as PetitionerRow
from desktop.domain.enums import (
    Category,
    LetterStatus,
    MatterStatus,
    PauseKind,
    ReviewKind,
    ReviewOutcome,
    SignerRole,
)
from desktop.domain.errors import IllegalTransition, NotFound
from desktop.services import documents_log, letters, office_assets, petitioners
from desktop.services.context import AppContext
from desktop.services.deadline_service import changes_of
from desktop.services.documents_log import DocumentKind
from desktop.services.handling import current_assignment
from desktop.services.intake import matter_by_number
from desktop.services.office import (
    IDENTITY_FOR_LETTERS,
    IDENTITY_FOR_NOTICES,
    OfficeProfile,
    load_profile,
    require_identity,
)
from desktop.services.permissions import Actor, Permission
from printing import data as d
from printing.labels import cn_date

CATEGORY = {
    Category.LEGAL: "涉法涉诉类", Category.LIVELIHOOD: "民生类", Category.DISPUTE: "矛盾纠纷类",
    Category.POLICY: "政策咨询类", Category.LEGACY: "历史遗留类",
}
# 机关代字 suffixes of the notices (see ``_number``).
NOTICE_CODE = {
    DocumentKind.ACCEPTANCE_NOTICE: "受", DocumentKind.EXTENSION_NOTICE: "延",
    DocumentKind.ASSIGNMENT_SLIP: "交", DocumentKind.TERMINATION_NOTICE: "终",
}
TITLES = {
    DocumentKind.REGISTRATION_FORM: "信访事项登记表", DocumentKind.ACCEPTANCE_NOTICE: "受理告知书",
    DocumentKind.EXTENSION_NOTICE: "延期告知书", DocumentKind.ASSIGNMENT_SLIP: "信访事项交办单",
    DocumentKind.DECISION_LETTER: "信访处理意见书", DocumentKind.TERMINATION_NOTICE: "信访事项终结告知书",
    DocumentKind.TRACKING_CARD: "首问兜底卡",
}


@dataclass(frozen=True)
class DocumentData:
    """One document of one case, ready to render."""

    kind: DocumentKind
    case_number: str
    doc_number: str
    data: Any  # one of printing.data's dataclasses
    is_copy: bool
    final: bool  # a document that may be issued (a draft letter is only for preview)

    @property
    def title(self) -> str:
        return TITLES[self.kind]


@dataclass(frozen=True)
class RenderedDocument:
    document: DocumentData
    pdf: bytes
    claim: d.DocumentClaim
    pades_signed: bool


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _name(session: Session, staff_id: int | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id else None
    return staff.display_name if staff else ""


def _dept_name(session: Session, dept_id: int | None) -> str:
    dept = session.get(Department, dept_id) if dept_id else None
    return dept.name if dept else ""


def issuer(profile: OfficeProfile, seal: bool = True) -> d.Issuer:
    """The 发文机关: the same organ heads the document (发文机关标志) and signs and seals it."""
    return d.Issuer(office=profile.issuing_organ, header=profile.issuing_organ,
                    seal_png=office_assets.seal_image() if seal else None, reception_office=profile.display_name)


def _number(profile: OfficeProfile, kind: DocumentKind, matter: Matter, suffix: str = "") -> str:
    """发文字号 of a notice, e.g. 青信访受〔2026〕12号: the matter's own sequence number, so a notice has one
    number for life and printing it never consumes a counter."""
    return f"{profile.document_code}{NOTICE_CODE[kind]}〔{matter.year}〕{matter.seq}{suffix}号"


def _is_copy(session: Session, matter: Matter, kind: DocumentKind, doc_number: str) -> bool:
    """A reprint is marked 副本 once the document went to a printer (saving a PDF is not a print)."""
    return documents_log.already_printed(session, matter.case_number, kind, doc_number)


def _check_dated_in_time(kind: DocumentKind, on: date, *deadlines: date) -> None:
    """A notice dated after a deadline it states would tell the petitioner something already past."""
    for due in deadlines:
        if on > due:
            raise IllegalTransition("document_after_deadline", step=kind.value, status=on.isoformat(),
                                    missing=[], due=due.isoformat())


def _person(ctx: AppContext, session: Session, actor: Actor, matter: Matter) -> tuple[PetitionerRow, str, str]:
    """The petitioner, with ID number and phone in full for entitled users (audited), masked otherwise."""
    person = session.get(PetitionerRow, matter.petitioner_id)
    if person is None:
        raise NotFound("not_found", what="petitioner")
    if actor.can(Permission.VIEW_ID_NUMBERS):
        id_number = petitioners.reveal_id_number(ctx, session, actor, person) or ""
        phone = petitioners.reveal_phone(ctx, session, actor, person) or ""
    else:
        id_number, phone = person.id_masked or "", person.phone_masked or ""
    return person, id_number, phone


def registration_form(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date
                      ) -> DocumentData:
    kind = DocumentKind.REGISTRATION_FORM
    person, id_number, phone = _person(ctx, session, actor, matter)
    village = person.village.name if person.village else ""
    reps = session.scalars(select(Representative.name).join(Visit, Representative.visit_id == Visit.id)
                           .where(Visit.matter_id == matter.id).order_by(Representative.id))
    depts = session.scalars(select(Department.name).join(MatterDepartment,
                                                         MatterDepartment.department_id == Department.id)
                            .where(MatterDepartment.matter_id == matter.id).order_by(Department.name))
    evidence = _evidence(session, matter)
    interview = session.scalars(select(Interview).where(Interview.matter_id == matter.id)
                                .order_by(Interview.id)).first()
    is_copy = _is_copy(session, matter, kind, "")
    form = d.RegistrationFormData(
        office=load_profile(session).display_name, case_no=matter.case_number, registered_on=matter.registered_on,
        channel=matter.channel,
        petitioners=(d.Petitioner(person.name, id_number, phone, person.address or "",
                                  " ".join(x for x in (village, person.grid or "") if x)),),
        matter=matter.summary, demands=matter.demands, headcount=matter.group_size,
        representatives=tuple(reps), departments=tuple(depts), evidence=tuple(evidence),
        accepts_mediation=matter.accepts_mediation, clerk=_name(session, matter.registered_by_id),
        interviewer=_name(session, interview.interviewer_id) if interview else "",
        history=f"近30日内来访（来信）{matter.visits_30d}次。", is_copy=is_copy)
    return DocumentData(kind, matter.case_number, "", form, is_copy, True)


def _evidence(session: Session, matter: Matter) -> tuple[str, ...]:
    """Evidence as the clerk described it; a file nobody described is counted, never named by its file."""
    described = list(session.scalars(select(Attachment.description).where(Attachment.matter_id == matter.id)
                                     .order_by(Attachment.id)))
    listed = tuple(x.strip() for x in described if x and x.strip())
    unnamed = len(described) - len(listed)
    return listed + ((f"另有未加说明的材料{unnamed}份",) if unnamed else ())


def acceptance_notice(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date) -> DocumentData:
    """Dated by the acceptance decision: the day the 分管领导 approved the assignment, which accepts the
    matter, names the handling department and starts the limit the notice states."""
    kind = DocumentKind.ACCEPTANCE_NOTICE
    profile = require_identity(session, IDENTITY_FOR_NOTICES)
    number = _number(profile, kind, matter)
    slip = current_assignment(session, matter.id)
    if slip is None or slip.approved_on is None or slip.handling_due is None:
        raise IllegalTransition("illegal_transition", step="acceptance_notice", status=matter.status.value,
                                missing=["approval"])
    on, limit, due = slip.approved_on, slip.limit_amount, slip.handling_due  # extensions have their own notice
    _check_dated_in_time(kind, on, due)
    person = session.get(PetitionerRow, matter.petitioner_id)
    notice = d.AcceptanceNoticeData(
        issuer=issuer(profile), doc_number=number, issued_on=on, case_no=matter.case_number,
        petitioner=person.name if person else "", received_on=matter.registered_on, matter=matter.summary,
        department=_dept_name(session, slip.department_id) or profile.display_name, limit_days=limit,
        due_on=due, contact=" ".join(x for x in (profile.display_name, profile.phone) if x),
        is_copy=_is_copy(session, matter, kind, number))
    return DocumentData(kind, matter.case_number, number, notice, notice.is_copy, True)


def extension_notice(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date,
                     index: int = -1) -> DocumentData:
    """The notice of the ``index``-th extension (default: the latest)."""
    from desktop.domain.deadlines import Extension, Pause, handling_due
    from desktop.domain.rules_config import Period

    kind = DocumentKind.EXTENSION_NOTICE
    changes = changes_of(session, matter.id)
    extensions = [c for c in changes if c.kind == PauseKind.EXTENSION]
    if not extensions or matter.complexity is None:
        raise IllegalTransition("illegal_transition", step="extension_notice", status=matter.status.value,
                                missing=["extension"])
    ext = extensions[index]
    position = extensions.index(ext)
    rules, cal = ctx.rules(session), ctx.calendar(session)
    start = matter.assigned_on or matter.registered_on
    pauses = [Pause(c.start_on, c.end_on) for c in changes if c.kind == PauseKind.PAUSE]

    def due(n: int) -> date | None:
        exts = [Extension(Period(c.amount or 0, c.unit)) for c in extensions[:n] if c.unit is not None]
        return handling_due(start, rules.handling_limit(matter.complexity), cal, pauses, exts, today=ext.start_on).due

    profile = require_identity(session, IDENTITY_FOR_NOTICES)
    number = _number(profile, kind, matter, f"-{position + 1}")
    on = ext.start_on  # the day the extension was granted, stored with it
    person = session.get(PetitionerRow, matter.petitioner_id)
    original, new = due(position) or ext.start_on, due(position + 1) or ext.start_on
    _check_dated_in_time(kind, on, original, new)
    notice = d.ExtensionNoticeData(
        issuer=issuer(profile), doc_number=number, issued_on=on, case_no=matter.case_number,
        petitioner=person.name if person else "", received_on=matter.registered_on, matter=matter.summary,
        original_due=original, extension_days=ext.amount or 0, new_due=new,
        reason=ext.reason, is_copy=_is_copy(session, matter, kind, number))
    return DocumentData(kind, matter.case_number, number, notice, notice.is_copy, True)


def assignment_slip(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date, *,
                    allow_draft: bool = False) -> DocumentData:
    """The slip as approved: dated by the approval, with the approver's opinion and the signature drawn
    from the strokes stored with the approval (wherever it is printed). ``allow_draft``: a slip still
    awaiting approval, for the approver to read (never issued)."""
    from printing.signature import render_signature_png

    kind = DocumentKind.ASSIGNMENT_SLIP
    slip = current_assignment(session, matter.id)
    if slip is None:
        raise IllegalTransition("illegal_transition", step="assignment_slip", status=matter.status.value,
                                missing=["assignment"])
    if slip.approved_on is None and not allow_draft:
        raise IllegalTransition("illegal_transition", step="assignment_slip", status=matter.status.value,
                                missing=["approval"])
    profile, rules = require_identity(session, IDENTITY_FOR_NOTICES), ctx.rules(session)
    number = _number(profile, kind, matter)
    is_copy = _is_copy(session, matter, kind, number)
    person, _, phone = _person(ctx, session, actor, matter)
    assigned_on = slip.approved_on or china_date(_aware(slip.submitted_at))
    signature = render_signature_png(slip.approval_strokes) if slip.approval_strokes else None
    data = d.AssignmentSlipData(
        issuer=issuer(profile), doc_number=number, case_no=matter.case_number, registered_on=matter.registered_on,
        petitioner=person.name, phone=phone, matter=matter.summary, demands=matter.demands,
        department=_dept_name(session, slip.department_id), complexity=slip.complexity,
        limit_days=slip.limit_amount, assigned_on=assigned_on, due_on=slip.handling_due or matter.assign_due,
        first_handler=_name(session, slip.first_handler_id), approver=_name(session, slip.approver_id),
        approver_signature_png=signature if slip.approved_on else None, approved_on=slip.approved_on,
        approval_note=slip.approval_note if slip.approved_on else "",
        case_lead=_name(session, slip.case_lead_id),
        category=CATEGORY.get(matter.category, "") if matter.category else "",
        remarks=f"请于{rules.handling_limit(slip.complexity).amount}日内办结并将处理结果报{profile.display_name}。",
        is_copy=is_copy)
    return DocumentData(kind, matter.case_number, number, data, is_copy, slip.approved_on is not None)


def decision_letter(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date, *,
                    allow_draft: bool = False) -> DocumentData:
    """The letter with its valid signatures; a draft only for preview (``allow_draft``)."""
    from printing.signature import render_signature_png

    kind = DocumentKind.DECISION_LETTER
    letter = letters.current_letter(session, matter.id)
    if letter is None:
        raise NotFound("not_found", what="letter")
    final = letter.status == LetterStatus.FINAL
    if not final and not allow_draft:
        raise IllegalTransition("letter_not_final", step="print_letter", status=matter.status.value,
                                missing=["final_letter"])
    profile = require_identity(session, IDENTITY_FOR_LETTERS) if final else load_profile(session)
    rules = ctx.rules(session)
    person = session.get(PetitionerRow, matter.petitioner_id)
    sections = letter.sections or {}
    content = d.LetterContent(
        case_no=matter.case_number, petitioner=person.name if person else "",
        department=_dept_name(session, matter.department_id), received_on=matter.registered_on,
        request=sections.get("request", ""), investigation=sections.get("investigation", ""),
        findings=sections.get("findings", ""), basis=sections.get("basis", ""),
        outcome=letter.outcome, conclusion=sections.get("conclusion", ""),  # type: ignore[arg-type]
        review_body=letter.review_body or profile.review_body, review_days=rules.review_request_within.amount,
        remedies=sections.get("remedies", ""))
    signed = letters.valid_signatures(session, letter)
    sigs = []
    for role, named in ((SignerRole.DEPT_HEAD, letter.dept_head_id), (SignerRole.CASE_LEAD, letter.case_lead_id)):
        sig = signed.get(role)
        if sig is not None:
            sigs.append(d.Signature(role, _name(session, sig.signer_id), render_signature_png(sig.strokes),
                                    china_date(_aware(sig.signed_at))))
        elif named is not None:  # a draft shows where the named signer will sign
            sigs.append(d.Signature(role, _name(session, named)))
    number = letter.document_number or ""
    is_copy = final and _is_copy(session, matter, kind, number)
    issued_on = china_date(_aware(letter.finalized_at)) if final and letter.finalized_at else today
    data = d.DecisionLetterData(content=content, issuer=issuer(profile, seal=final), doc_number=number,
                                issued_on=issued_on, signatures=tuple(sigs), is_copy=is_copy,
                                content_sha256=letter.content_sha256)
    return DocumentData(kind, matter.case_number, number, data, is_copy, final)


def termination_notice(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date
                       ) -> DocumentData:
    kind = DocumentKind.TERMINATION_NOTICE
    if matter.status != MatterStatus.TERMINATED:
        raise IllegalTransition("illegal_transition", step="termination_notice", status=matter.status.value,
                                missing=["terminated"])
    profile = require_identity(session, IDENTITY_FOR_NOTICES)
    number = _number(profile, kind, matter)
    reviews = list(session.scalars(select(Review).where(Review.matter_id == matter.id).order_by(Review.id)))
    ended = [r for r in reviews if r.outcome == ReviewOutcome.UPHELD and r.closed_on is not None]
    if not ended or ended[-1].closed_on is None:
        raise IllegalTransition("illegal_transition", step="termination_notice", status=matter.status.value,
                                missing=["recheck"])
    on = ended[-1].closed_on  # dated by the review that ended the matter
    first_letter = session.scalars(select(DecisionLetter).where(
        DecisionLetter.matter_id == matter.id, DecisionLetter.status == LetterStatus.FINAL)
        .order_by(DecisionLetter.id)).first()
    steps = []
    if first_letter is not None and first_letter.finalized_at is not None:
        steps.append(f"本机关于{cn_date(china_date(_aware(first_letter.finalized_at)))}出具处理意见书"
                     f"（{first_letter.document_number}）")
    for r in reviews:
        what = "复查" if r.kind == ReviewKind.RECHECK else "复核"
        verdict = "维持原处理意见" if r.outcome == ReviewOutcome.UPHELD else "变更原处理意见"
        when = cn_date(r.closed_on) if r.closed_on else cn_date(r.opened_on)
        # The reviewer's own words end with their own full stop; the steps are joined with "；".
        said = r.conclusion.strip().rstrip("。；;.") if r.conclusion else ""
        steps.append(f"信访人请求{what}，于{when}作出{what}意见，{verdict}" + (f"：{said}" if said else ""))
    person = session.get(PetitionerRow, matter.petitioner_id)
    data = d.TerminationNoticeData(
        issuer=issuer(profile), doc_number=number, issued_on=on, case_no=matter.case_number,
        petitioner=person.name if person else "", matter=matter.summary, history="；".join(steps) + "。" if steps else "",
        reason="根据《信访工作条例》第三十五条、第三十六条，信访人对复查（复核）意见不服，仍以同一事实和理由"
               "提出信访请求的，各级机关不再受理。本信访事项已终结。", is_copy=_is_copy(session, matter, kind, number))
    return DocumentData(kind, matter.case_number, number, data, data.is_copy, True)


def tracking_card(ctx: AppContext, session: Session, actor: Actor, matter: Matter, today: date) -> DocumentData:
    profile = load_profile(session)
    clerk = session.get(Staff, matter.first_handler_id or matter.registered_by_id)
    card = d.TrackingCardData(
        office=profile.display_name, case_no=matter.case_number, registered_on=matter.registered_on,
        clerk_name=clerk.display_name if clerk else "", clerk_phone=(clerk.phone if clerk else None) or profile.phone,
        clerk_photo=clerk.photo_png if clerk else None, receiver=_name(session, matter.registered_by_id),
        tracker=_name(session, matter.case_lead_id) or (clerk.display_name if clerk else ""),
        responder=clerk.display_name if clerk else "", query_phone=profile.phone,
        query_place=profile.query_address or profile.display_name, query_url=profile.query_url)
    return DocumentData(DocumentKind.TRACKING_CARD, matter.case_number, "", card, False, True)


_BUILDERS: dict[DocumentKind, Callable[..., DocumentData]] = {
    DocumentKind.REGISTRATION_FORM: registration_form, DocumentKind.ACCEPTANCE_NOTICE: acceptance_notice,
    DocumentKind.EXTENSION_NOTICE: extension_notice, DocumentKind.ASSIGNMENT_SLIP: assignment_slip,
    DocumentKind.DECISION_LETTER: decision_letter, DocumentKind.TERMINATION_NOTICE: termination_notice,
    DocumentKind.TRACKING_CARD: tracking_card,
}


def document_data(ctx: AppContext, session: Session, actor: Actor, case_number: str, kind: DocumentKind | str,
                  *, today: date | None = None, **options: Any) -> DocumentData:
    """The data of one document of a case (options: ``allow_draft`` for the letter and the slip,
    ``index`` for the extension notice). Refuses a restricted matter (Art. 30) to people not entitled
    to it."""
    kind = DocumentKind(kind)
    matter = matter_by_number(session, case_number)
    documents_log.require_access(actor, matter)
    return _BUILDERS[kind](ctx, session, actor, matter, today or ctx.today(), **options)
