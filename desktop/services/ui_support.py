"""Small services the desktop needs that the core did not have yet: departments and routing rules
edited by the administrator (audited), plain lists for the forms' pick-lists, and one matter's
facts for its page. Qt-free like the rest of ``desktop/``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Department, Matter, MatterDepartment, Petitioner, RoutingRule, Staff
from desktop.domain.enums import (
    AlertLevel,
    AppealRoute,
    Category,
    Channel,
    Complexity,
    MatterStatus,
    RegulationType,
    Risk,
    Role,
)
from desktop.domain.errors import NotFound, ValidationError
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor, Permission, may_see_matter


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


def departments(session: Session, *, active_only: bool = True) -> list[Choice]:
    stmt = select(Department).order_by(Department.id)
    if active_only:
        stmt = stmt.where(Department.active.is_(True))
    return [Choice(d.id, d.name) for d in session.scalars(stmt)]


def staff_with(session: Session, role: Role | None = None) -> list[Choice]:
    """Active staff (with ``role`` when given), for the pick-lists of the wizard and the actions."""
    from desktop.services.users import list_staff

    return [Choice(s.id, s.display_name) for s in list_staff(session, role, active_only=True)]


def add_department(ctx: AppContext, session: Session, actor: Actor, name: str, phone: str = "") -> Department:
    actor.require(Permission.MANAGE_SETTINGS)
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError("required", field="name")
    if session.scalar(select(Department.id).where(Department.name == name)) is not None:
        raise ValidationError("department_exists", field="name", department=name)
    dept = Department(name=name, phone=phone.strip() or None, active=True)
    session.add(dept)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="department.add", target_type="department",
                 target_id=dept.id, details={"name": name})
    return dept


def update_department(ctx: AppContext, session: Session, actor: Actor, dept_id: int, *, name: str | None = None,
                      active: bool | None = None) -> Department:
    actor.require(Permission.MANAGE_SETTINGS)
    dept = session.get(Department, dept_id)
    if dept is None:
        raise NotFound("department_not_found", department=dept_id)
    old = {"name": dept.name, "active": dept.active}
    if name is not None and name.strip() and name.strip() != dept.name:
        if session.scalar(select(Department.id).where(Department.name == name.strip())) is not None:
            raise ValidationError("department_exists", field="name", department=name.strip())
        dept.name = name.strip()
    if active is not None:
        dept.active = active
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="department.update", target_type="department",
                 target_id=dept.id, details={"old": old, "new": {"name": dept.name, "active": dept.active}})
    return dept


@dataclass(frozen=True)
class RouteRow:
    id: int
    category: Category | None
    regulation_type: RegulationType | None
    appeal_route: AppealRoute | None
    department_id: int
    department: str
    note: str


def routing_table(session: Session) -> list[RouteRow]:
    names = {d.id: d.name for d in session.scalars(select(Department))}
    return [RouteRow(r.id, r.category, r.regulation_type, r.appeal_route, r.department_id,
                     names.get(r.department_id, ""), r.note)
            for r in session.scalars(select(RoutingRule).order_by(RoutingRule.id))]


def set_route(ctx: AppContext, session: Session, actor: Actor, *, category: Category | None,
              regulation_type: RegulationType | None, appeal_route: AppealRoute | None, department_id: int,
              note: str = "") -> RoutingRule:
    """Adds the rule for this combination or changes the department it routes to."""
    actor.require(Permission.MANAGE_SETTINGS)
    if category is None and regulation_type is None and appeal_route is None:
        raise ValidationError("route_too_broad", field="category")
    if session.get(Department, department_id) is None:
        raise NotFound("department_not_found", department=department_id)
    rule = session.scalar(select(RoutingRule).where(
        RoutingRule.category.is_(None) if category is None else RoutingRule.category == category,
        RoutingRule.regulation_type.is_(None) if regulation_type is None
        else RoutingRule.regulation_type == regulation_type,
        RoutingRule.appeal_route.is_(None) if appeal_route is None else RoutingRule.appeal_route == appeal_route))
    old = None if rule is None else rule.department_id
    if rule is None:
        rule = RoutingRule(category=category, regulation_type=regulation_type, appeal_route=appeal_route,
                           department_id=department_id, note=note.strip())
        session.add(rule)
    else:
        rule.department_id, rule.note = department_id, note.strip() or rule.note
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="routing.set", target_type="routing_rule",
                 target_id=rule.id, details={"category": category, "regulation_type": regulation_type,
                                             "appeal_route": appeal_route, "old": old, "new": department_id})
    return rule


def delete_route(ctx: AppContext, session: Session, actor: Actor, rule_id: int) -> None:
    actor.require(Permission.MANAGE_SETTINGS)
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        return
    session.delete(rule)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="routing.delete", target_type="routing_rule",
                 target_id=rule_id, details={"department": rule.department_id})


@dataclass(frozen=True)
class MatterFacts:
    """What the matter's page shows above the timeline (ID number masked)."""

    id: int
    case_number: str
    status: MatterStatus
    registered_on: date
    channel: Channel
    petitioner_id: int
    petitioner_name: str
    id_masked: str
    phone_masked: str
    summary: str
    demands: str
    group_size: int
    accepts_mediation: bool
    regulation_type: RegulationType | None
    appeal_route: AppealRoute | None
    category: Category | None
    key_domains: tuple[str, ...]
    risk: Risk | None
    complexity: Complexity | None
    restricted: bool
    department_id: int | None
    department: str
    departments_involved: tuple[str, ...]
    first_handler_id: int | None
    first_handler: str
    case_lead_id: int | None
    case_lead: str
    approver_id: int | None
    approver: str
    registered_by_id: int
    visits_30d: int
    repeat_alert: AlertLevel
    assign_due: date
    assigned_on: date | None
    handling_due: date | None
    closed_on: date | None
    evaluation_due: date | None
    callback_due: date | None
    visits_30d_max: int = 1  # the highest count and colour the matter reached
    repeat_alert_max: AlertLevel = AlertLevel.GREEN


def matter_facts(session: Session, actor: Actor, case_number: str) -> MatterFacts:
    m: Matter = matter_by_number(session, case_number)
    if not may_see_matter(actor, m):
        raise NotFound("matter_not_found", case=case_number)
    person = session.get(Petitioner, m.petitioner_id)
    assert person is not None
    names = {s.id: s.display_name for s in session.scalars(select(Staff))}
    depts = {d.id: d.name for d in session.scalars(select(Department))}
    involved = tuple(depts.get(md.department_id, "") for md in session.scalars(
        select(MatterDepartment).where(MatterDepartment.matter_id == m.id)))
    hidden = not may_see_matter(actor, m)
    return MatterFacts(
        m.id, m.case_number, m.status, m.registered_on, m.channel, person.id, person.name, person.id_masked or "",
        person.phone_masked or "", "" if hidden else m.summary, "" if hidden else m.demands, m.group_size,
        m.accepts_mediation, m.regulation_type, m.appeal_route, m.category, tuple(m.key_domains or ()), m.risk,
        m.complexity, m.restricted, m.department_id, depts.get(m.department_id or -1, ""), involved,
        m.first_handler_id, names.get(m.first_handler_id or -1, ""), m.case_lead_id,
        names.get(m.case_lead_id or -1, ""), m.approver_id, names.get(m.approver_id or -1, ""),
        m.registered_by_id, m.visits_30d, m.repeat_alert, m.assign_due, m.assigned_on, m.handling_due, m.closed_on,
        m.evaluation_due, m.callback_due, m.visits_30d_max, m.repeat_alert_max)


def followup_state(session: Session, matter_id: int) -> tuple[bool, bool]:
    """(already evaluated, a review is open) for the matter's page."""
    from desktop.db.models import Evaluation, Review

    evaluated = session.scalar(select(Evaluation.id).where(Evaluation.matter_id == matter_id)) is not None
    open_review = session.scalar(select(Review.id).where(Review.matter_id == matter_id,
                                                         Review.closed_on.is_(None))) is not None
    return evaluated, open_review
