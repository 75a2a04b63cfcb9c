"""The four intake steps: 一登记 → 二接谈 → 三分类 → 四交办 (submitted for the approver)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import (
    Assignment,
    Department,
    Interview,
    Matter,
    MatterDepartment,
    Recording,
    Representative,
    RoutingRule,
    Staff,
    Visit,
)
from desktop.domain.deadlines import due_date
from desktop.domain.enums import Category, Channel, MatterStatus, RegulationType, Role
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.lifecycle import Step, check
from desktop.domain.rules_config import Period, Rules
from desktop.services import attachments, audit, leader_days, numbering, petitioners, registration_rules
from desktop.services.context import AppContext
from desktop.services.deadline_service import refresh_handling_due
from desktop.services.intake_input import (
    AssignmentInput,
    ClassificationInput,
    InterviewInput,
    RegistrationInput,
    check_classification,
    check_interview,
    check_registration,
)
from desktop.services.office import load_profile
from desktop.services.permissions import Actor, Permission
from desktop.services.status_history import record_change


def matter_by_number(session: Session, case_number: str, *, lock: bool = False) -> Matter:
    stmt = select(Matter).where(Matter.case_number == case_number.strip())
    if lock:
        stmt = stmt.with_for_update()
    matter = session.scalar(stmt)
    if matter is None:
        raise NotFound("matter_not_found", case=case_number)
    return matter


def _log(ctx: AppContext, session: Session, actor: Actor, matter: Matter, action: str, **details: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="matter",
                 target_id=matter.case_number, details=dict(details))


def register(ctx: AppContext, session: Session, actor: Actor, data: RegistrationInput) -> Matter:
    """一登记: stores the petitioner, the matter and its first visit; numbers it; assesses repeat visits."""
    actor.require(Permission.REGISTER)
    registered_at = data.registered_at or ctx.now()
    today = china_date(registered_at)
    rules, cal = ctx.rules(session), ctx.calendar(session)
    checked = check_registration(data, rules, today)
    person = petitioners.upsert(ctx, session, name=data.name.strip(), resident=checked.resident, phone=checked.phone,
                                address=data.address.strip(), village=data.village, grid=data.grid.strip(),
                                now=ctx.now())
    linked = matter_by_number(session, data.linked_case_number) if data.linked_case_number.strip() else None
    earlier = petitioners.visits_in_window(session, person.id, today, rules.repeat_window_days)
    count = earlier + 1
    warning = registration_rules.warning(count, 0, rules)
    level = warning.level
    profile = load_profile(session)
    seq = numbering.next_value(session, "case", today.year)
    matter = Matter(
        case_number=numbering.format_case_number(profile.case_prefix, today.year, seq), year=today.year, seq=seq,
        registered_at=registered_at, registered_on=today, channel=data.channel, petitioner_id=person.id,
        summary=data.summary.strip(), demands=data.demands.strip(), accepts_mediation=data.accepts_mediation,
        group_size=data.group_size, status=MatterStatus.REGISTERED, registered_by_id=actor.id,
        first_handler_id=actor.id, visits_30d=count, repeat_alert=level, visits_30d_max=count,
        repeat_alert_max=level,
        linked_matter_id=linked.id if linked else None, village_id=person.village_id,
        assign_due=due_date(today, rules.assign_within, cal), key_domains=[],
    )
    matter.search_text = " ".join([matter.case_number, person.name, matter.summary, matter.demands])
    session.add(matter)
    session.flush()
    record_change(ctx, session, matter, on=today)
    visit = Visit(matter_id=matter.id, petitioner_id=person.id, channel=data.channel, occurred_at=registered_at,
                  occurred_on=today, headcount=data.group_size, registered_by_id=actor.id)
    session.add(visit)
    session.flush()
    leader_days.attach_visit(ctx, session, visit, data.leader_id)  # a 领导接访 day: the visit joins its session
    for rep in data.representatives:
        if not rep.name.strip():
            continue
        row = Representative(visit_id=visit.id, name=rep.name.strip())
        if rep.id_number.strip():
            number = rep.id_number.strip().upper()
            row.id_cipher = ctx.cipher.encrypt(number, context=petitioners.ID_CONTEXT)
            row.id_index = petitioners.id_index(ctx, number)
        if rep.phone.strip():
            row.phone_cipher = ctx.cipher.encrypt(rep.phone.strip(), context=petitioners.PHONE_CONTEXT)
        session.add(row)
    for name in dict.fromkeys(d.strip() for d in data.departments_involved if d.strip()):
        dept = session.scalar(select(Department).where(Department.name == name))
        if dept is None:
            raise ValidationError("department_not_found", field="departments_involved", department=name)
        session.add(MatterDepartment(matter_id=matter.id, department_id=dept.id))
    _carry_warning(session, rules, person.id, matter.id, count, today)
    _log(ctx, session, actor, matter, "matter.register", channel=data.channel.value, visits_30d=count,
         alert=level.value, group_size=data.group_size, linked=linked.case_number if linked else None)
    for path in data.attachments:
        attachments.attach(ctx, session, actor, matter.id, matter.case_number, path,
                           description=data.attachment_notes.get(str(path), ""))
    return matter


def add_visit(ctx: AppContext, session: Session, actor: Actor, case_number: str, channel: Channel,
              headcount: int = 1, note: str = "", occurred_at: datetime | None = None) -> Visit:
    """A repeat visit or letter about an existing matter (counts toward 三色预警 and 重复访)."""
    actor.require(Permission.REGISTER)
    if headcount < 1:
        raise ValidationError("group_size_invalid", field="headcount")
    matter = matter_by_number(session, case_number)
    at = occurred_at or ctx.now()
    visit = Visit(matter_id=matter.id, petitioner_id=matter.petitioner_id, channel=channel, occurred_at=at,
                  occurred_on=china_date(at), headcount=headcount, registered_by_id=actor.id, note=note)
    session.add(visit)
    session.flush()
    leader_days.attach_visit(ctx, session, visit)
    # The warning moves with the visits: the person's count in the window ending with this visit (this one
    # included) sets the matter's colour now, and the highest it reached is kept.
    rules = ctx.rules(session)
    count = petitioners.visits_in_window(session, matter.petitioner_id, visit.occurred_on, rules.repeat_window_days)
    warning = registration_rules.warning(count, matter.visits_30d_max, rules)
    matter.visits_30d, matter.repeat_alert = warning.count, warning.level
    matter.visits_30d_max, matter.repeat_alert_max = warning.highest_count, warning.highest_level
    _carry_warning(session, rules, matter.petitioner_id, matter.id, count, visit.occurred_on)
    _log(ctx, session, actor, matter, "matter.visit", channel=channel.value, on=visit.occurred_on.isoformat(),
         visits_30d=count, alert=warning.level.value)
    return visit


def _carry_warning(session: Session, rules: Rules, petitioner_id: int, visited_id: int, count: int,
                   on: date) -> None:
    """The person's other open matters (registered by ``on``) take this visit's count and colour; each keeps
    the highest it reached."""
    stmt = select(Matter).where(Matter.petitioner_id == petitioner_id, Matter.id != visited_id,
                                Matter.status.not_in(registration_rules.SETTLED), Matter.registered_on <= on)
    for other in session.scalars(stmt):
        warning = registration_rules.warning(count, other.visits_30d_max, rules)
        other.visits_30d, other.repeat_alert = warning.count, warning.level
        other.visits_30d_max, other.repeat_alert_max = warning.highest_count, warning.highest_level


def record_interview(ctx: AppContext, session: Session, actor: Actor, case_number: str,
                     data: InterviewInput) -> Interview:
    """二接谈: two staff, notes, the scope-and-limits notice confirmed; a recording or a reason for none."""
    actor.require(Permission.INTERVIEW)
    matter = matter_by_number(session, case_number, lock=True)
    new_status = check(matter.status, Step.INTERVIEW)
    second = session.get(Staff, data.interviewer_id)
    if second is None or not second.active:
        raise ValidationError("interviewer_unknown", field="interviewer")
    has_recording = session.scalar(select(Recording.id).where(Recording.matter_id == matter.id).limit(1)) is not None
    check_interview(data, actor.id, has_recording)
    interview = Interview(matter_id=matter.id, clerk_id=actor.id, interviewer_id=second.id, notes=data.notes.strip(),
                          scope_notice_confirmed=True, no_recording_reason=data.no_recording_reason.strip() or None,
                          held_at=ctx.now())
    session.add(interview)
    session.flush()
    session.execute(Recording.__table__.update().where(
        Recording.matter_id == matter.id, Recording.interview_id.is_(None)).values(interview_id=interview.id))
    matter.status = new_status
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.interview", interviewer=second.username,
         recorded=has_recording, no_recording_reason=data.no_recording_reason.strip() or None)
    return interview


@dataclass(frozen=True)
class RouteProposal:
    department_id: int | None
    department_name: str | None
    handling_limit: Period
    note: str


def propose_route(ctx: AppContext, session: Session, data: ClassificationInput) -> RouteProposal:
    """The routing table's most specific match for this classification, and the limit it implies."""
    rules = ctx.rules(session)
    best: tuple[int, RoutingRule] | None = None
    for rule in session.scalars(select(RoutingRule)):
        fields = ((rule.category, data.category), (rule.regulation_type, data.regulation_type),
                  (rule.appeal_route, data.appeal_route))
        if any(want is not None and want != got for want, got in fields):
            continue
        # The regulation's type and route decide more than the office's category (an accusation goes to
        # the 纪委 whatever it is about), so they weigh more.
        score = sum(weight for weight, (want, _) in zip((1, 2, 4), fields, strict=True) if want is not None)
        if best is None or score > best[0]:
            best = (score, rule)
    limit = rules.handling_limit(data.complexity)
    if best is None:
        return RouteProposal(None, None, limit, "")
    dept = session.get(Department, best[1].department_id)
    return RouteProposal(dept.id if dept else None, dept.name if dept else None, limit, best[1].note)


def classify(ctx: AppContext, session: Session, actor: Actor, case_number: str,
             data: ClassificationInput) -> Matter:
    """三分类: the regulation's type and route, the office's category, key domains, risk, complexity."""
    actor.require(Permission.CLASSIFY)
    check_classification(data)
    matter = matter_by_number(session, case_number, lock=True)
    matter.status = check(matter.status, Step.CLASSIFY)
    matter.regulation_type, matter.appeal_route = data.regulation_type, data.appeal_route
    matter.category, matter.risk, matter.complexity = data.category, data.risk, data.complexity
    matter.key_domains = sorted({k.value for k in data.key_domains})
    matter.restricted = data.regulation_type == RegulationType.ACCUSATION
    refresh_handling_due(ctx, session, matter)
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.classify", regulation_type=data.regulation_type.value,
         appeal_route=data.appeal_route.value if data.appeal_route else None, category=data.category.value,
         key_domains=matter.key_domains, risk=data.risk.value, complexity=data.complexity.value)
    return matter


def answer_on_spot(ctx: AppContext, session: Session, actor: Actor, case_number: str, answer: str) -> Matter:
    """政策咨询 answered and closed at the desk: counted as solved at first contact."""
    actor.require(Permission.CLASSIFY)
    matter = matter_by_number(session, case_number, lock=True)
    if matter.category != Category.POLICY:
        raise ValidationError("answer_on_spot_policy_only", field="category")
    if not answer.strip():
        raise ValidationError("required", field="answer")
    matter.status = check(matter.status, Step.ANSWER_ON_SPOT)
    matter.solved_at_first_contact = True
    from desktop.services.handling import mark_closed  # closing dates are one rule, kept in handling

    mark_closed(ctx, session, matter)
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.answer_on_spot", answer=answer.strip())
    return matter


def submit_assignment(ctx: AppContext, session: Session, actor: Actor, case_number: str,
                      data: AssignmentInput) -> Assignment:
    """四交办: the slip names department, limit, handlers and approver, and waits for the approver."""
    actor.require(Permission.SUBMIT_ASSIGNMENT)
    matter = matter_by_number(session, case_number, lock=True)
    matter.status = check(matter.status, Step.SUBMIT_ASSIGNMENT)
    rules = ctx.rules(session)
    dept = session.get(Department, data.department_id)
    if dept is None or not dept.active:
        raise ValidationError("department_not_found", field="department", department=data.department_id)
    approver = session.get(Staff, data.approver_id)
    if approver is None or Role.APPROVER not in approver.role_set or not approver.active:
        raise ValidationError("approver_invalid", field="approver")
    if data.case_lead_id is not None:
        lead = session.get(Staff, data.case_lead_id)
        if lead is None or Role.CASE_LEAD not in lead.role_set:
            raise ValidationError("case_lead_invalid", field="case_lead")
    handler = session.get(Staff, data.first_handler_id)
    if handler is None or not handler.active:
        raise ValidationError("first_handler_invalid", field="first_handler")
    complexity = data.complexity or matter.complexity
    assert complexity is not None  # classified, so set
    limit = rules.handling_limit(complexity)
    for old in session.scalars(select(Assignment).where(Assignment.matter_id == matter.id,
                                                       Assignment.superseded.is_(False))):
        old.superseded = True
    slip = Assignment(matter_id=matter.id, department_id=dept.id, complexity=complexity, limit_amount=limit.amount,
                      limit_unit=limit.unit, first_handler_id=handler.id, case_lead_id=data.case_lead_id,
                      approver_id=approver.id, submitted_at=ctx.now(), submitted_by_id=actor.id)
    session.add(slip)
    matter.department_id, matter.complexity = dept.id, complexity
    matter.first_handler_id, matter.case_lead_id, matter.approver_id = handler.id, data.case_lead_id, approver.id
    refresh_handling_due(ctx, session, matter)
    session.flush()
    record_change(ctx, session, matter)
    _log(ctx, session, actor, matter, "matter.submit_assignment", department=dept.name,
         limit=str(limit), approver=approver.username, overdue_assign=ctx.today() > matter.assign_due)
    return slip

