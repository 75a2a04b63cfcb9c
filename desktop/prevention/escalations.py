"""越级访: visits made above the township (county, city, province, Beijing; normal or 非正常; one person
or a group with its headcount), recorded as the superior reported them back (通报/交办), linked to the
person (blind index), the village and, when there is one, the matter — or the 上级交办 matter registered
from it through the intake service."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import china_date
from desktop.db.models import EscalatedVisit, Matter, Petitioner, Village
from desktop.domain.errors import NotFound, ValidationError
from desktop.domain.idnumber import parse_resident_id
from desktop.prevention.enums import EscalationLevel, EscalationSource
from desktop.prevention.scope import village_named
from desktop.prevention.views import EscalationView
from desktop.services import audit, intake, petitioners
from desktop.services.context import AppContext
from desktop.services.intake_input import RegistrationInput
from desktop.services.permissions import Actor, Permission


@dataclass(frozen=True)
class EscalationInput:
    occurred_on: date
    level: EscalationLevel
    source: EscalationSource
    abnormal: bool = False
    group: bool = False
    headcount: int = 1
    id_number: str = ""
    name: str = ""
    village: str = ""
    case_number: str = ""
    reported_by: str = ""
    summary: str = ""


def record(ctx: AppContext, session: Session, actor: Actor, data: EscalationInput) -> EscalatedVisit:
    actor.require(Permission.RECORD_ESCALATION)
    if data.occurred_on > ctx.today():
        raise ValidationError("date_in_future", field="occurred_on")
    if data.headcount < 1 or (data.group and data.headcount < 2):
        raise ValidationError("group_size_invalid", field="headcount")
    person_id = None
    if data.id_number.strip():
        resident = parse_resident_id(data.id_number, today=ctx.today())
        person = petitioners.find_by_id_number(ctx, session, resident.number)
        if person is None:
            if not data.name.strip():
                raise ValidationError("required", field="name")
            person = petitioners.upsert(ctx, session, name=data.name.strip(), resident=resident, phone=None,
                                        address="", village=data.village or None, grid=None, now=ctx.now())
        person_id = person.id
    elif not data.group:
        raise ValidationError("required", field="id_number")
    village_id = village_named(session, data.village).id if data.village.strip() else None
    if village_id is None and person_id is not None:
        village_id = session.get(Petitioner, person_id).village_id  # type: ignore[union-attr]
    matter_id = intake.matter_by_number(session, data.case_number).id if data.case_number.strip() else None
    visit = EscalatedVisit(occurred_on=data.occurred_on, level=EscalationLevel(data.level), abnormal=data.abnormal,
                           group=data.group, headcount=data.headcount, petitioner_id=person_id,
                           village_id=village_id, matter_id=matter_id, source=EscalationSource(data.source),
                           reported_by=data.reported_by.strip(), summary=data.summary.strip(),
                           created_at=ctx.now(), created_by_id=actor.id)
    session.add(visit)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="escalation.record",
                 target_type="escalated_visit", target_id=visit.id,
                 details={"level": visit.level.value, "abnormal": visit.abnormal, "group": visit.group,
                          "headcount": visit.headcount, "on": data.occurred_on.isoformat(),
                          "case": data.case_number.strip() or None})
    return visit


def register_assigned_matter(ctx: AppContext, session: Session, actor: Actor, visit_id: int,
                             registration: RegistrationInput) -> Matter:
    """The 上级交办 matter registered from an escalated visit (through the intake service), then linked."""
    visit = session.get(EscalatedVisit, visit_id)
    if visit is None:
        raise NotFound("not_found", what=f"escalated visit {visit_id}")
    if visit.matter_id is not None:
        raise ValidationError("escalation_has_matter", field="matter")
    if not registration.village and visit.village_id is not None:
        village = session.get(Village, visit.village_id)
        registration = replace(registration, village=village.name if village else "")
    matter = intake.register(ctx, session, actor, registration)
    visit.matter_id = matter.id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="escalation.matter",
                 target_type="escalated_visit", target_id=visit.id, details={"case": matter.case_number})
    return matter


def list_visits(ctx: AppContext, session: Session, actor: Actor, year: int | None = None) -> list[EscalationView]:
    if not (actor.can(Permission.RECORD_ESCALATION) or actor.can(Permission.VIEW_STATISTICS)):
        actor.require(Permission.RECORD_ESCALATION)
    stmt = (select(EscalatedVisit, Petitioner.name, Village.name, Matter.case_number)
            .outerjoin(Petitioner, Petitioner.id == EscalatedVisit.petitioner_id)
            .outerjoin(Village, Village.id == EscalatedVisit.village_id)
            .outerjoin(Matter, Matter.id == EscalatedVisit.matter_id)
            .order_by(EscalatedVisit.occurred_on.desc(), EscalatedVisit.id.desc()))
    if year is not None:
        stmt = stmt.where(EscalatedVisit.occurred_on >= date(year, 1, 1), EscalatedVisit.occurred_on <= date(year, 12, 31))
    return [EscalationView(v.id, v.occurred_on, v.level, v.abnormal, v.group, v.headcount, person or "",
                           village or "", case or "", v.source, v.reported_by, v.summary, china_date(v.created_at))
            for v, person, village, case in session.execute(stmt)]
