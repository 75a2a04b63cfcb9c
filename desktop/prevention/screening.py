"""The 矛盾纠纷排查台账: items reported at the desk, 零报告, follow-up within the 红/黄 limit, resolution,
and turning an item into a registered matter through the intake service (the link is kept)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import Matter, ScreeningItem, ScreeningPoint, ScreeningReport, Village
from desktop.domain.enums import Risk
from desktop.domain.errors import InvalidInput, NotFound, ValidationError
from desktop.prevention import settings as prevention_settings
from desktop.prevention.enums import ReporterKind, ScreeningStatus
from desktop.prevention.rules import follow_up_due
from desktop.prevention.scope import Scope, require_area, scope_of
from desktop.prevention.screening_rows import COLUMNS, ScreeningRow, ScreeningRowChecker
from desktop.prevention.views import ScreeningDetail, ScreeningItemView
from desktop.services import audit, intake
from desktop.services.context import AppContext
from desktop.services.intake_input import RegistrationInput
from desktop.services.permissions import Actor, Permission

PARTIES_CONTEXT = "screening_parties"
KEY_PERSONS_CONTEXT = "screening_key_persons"


@dataclass(frozen=True)
class ScreeningInput:
    """What the desk form takes; texts as typed (checked like a sheet's row)."""

    reporter_kind: str
    reporter: str
    cause: str
    level: str
    village: str = ""
    grid: str = ""
    unit: str = ""
    occurred_on: str = ""
    place: str = ""
    parties: str = ""
    people: str = ""
    key_persons: str = ""
    development: str = ""
    handling: str = ""
    status: str = ""
    reported_at: datetime | None = None  # None: now


def _villages(session: Session) -> dict[str, int]:
    return {name: vid for vid, name in session.execute(select(Village.id, Village.name))}


def check_input(ctx: AppContext, session: Session, data: ScreeningInput) -> ScreeningRow:
    """The desk's entry checked with the sheet's rules; every bad field at once (``InvalidInput``)."""
    at = (data.reported_at or ctx.now()).astimezone(CHINA_TZ)
    cells = [at.isoformat(), data.reporter_kind, data.village, data.grid, data.unit, data.reporter, data.cause,
             data.occurred_on, data.place, data.parties, data.people, data.key_persons, data.development,
             data.handling, data.level, data.status]
    checker = ScreeningRowChecker(list(COLUMNS), set(_villages(session)), ctx.today())
    got = checker.check(0, [c.strip() for c in cells])
    if isinstance(got, list):
        raise InvalidInput([ValidationError(p.code, field=p.column, value=p.value) for p in got])
    return got


def point_for(session: Session, kind: ReporterKind, village_id: int | None, grid: str, unit: str) -> ScreeningPoint:
    stmt = select(ScreeningPoint).where(ScreeningPoint.kind == kind, ScreeningPoint.grid == grid,
                                        ScreeningPoint.unit == unit,
                                        ScreeningPoint.village_id.is_(None) if village_id is None
                                        else ScreeningPoint.village_id == village_id)
    point = session.scalar(stmt)
    if point is None:
        point = ScreeningPoint(kind=kind, village_id=village_id, grid=grid, unit=unit, active=True)
        session.add(point)
        session.flush()
    return point


def _report(ctx: AppContext, session: Session, actor: Actor, point: ScreeningPoint, on: date, reporter: str,
            zero: bool) -> ScreeningReport:
    report = session.scalar(select(ScreeningReport).where(
        ScreeningReport.point_id == point.id, ScreeningReport.reported_on == on,
        ScreeningReport.reporter == reporter))
    if report is None:
        report = ScreeningReport(point_id=point.id, reported_on=on, reporter=reporter, zero=zero,
                                 created_at=ctx.now(), created_by_id=actor.id)
        session.add(report)
        session.flush()
    elif not zero and report.zero:
        report.zero = False  # an item after a 零报告 the same day: the day had something after all
    return report


def add_item(ctx: AppContext, session: Session, actor: Actor, data: ScreeningInput) -> ScreeningItem | None:
    """Stores one reported item (or, with cause 零报告, the reporter's zero report; returns None then)."""
    actor.require(Permission.ENTER_SCREENING)
    row = check_input(ctx, session, data)
    village_id = _villages(session).get(row.village) if row.village else None
    require_area(scope_of(session, actor), village_id, row.grid, actor)
    point = point_for(session, row.kind, village_id, row.grid, row.unit)
    report = _report(ctx, session, actor, point, row.reported_on, row.reporter, row.zero)
    if row.zero:
        audit.record(session, at=ctx.now(), actor_id=actor.id, action="screening.zero_report",
                     target_type="screening_point", target_id=point.id, details={"on": row.reported_on.isoformat()})
        return None
    settings = prevention_settings.load(session)
    cal = ctx.calendar(session)
    item = ScreeningItem(
        report_id=report.id, point_id=point.id, village_id=village_id, reporter_kind=row.kind,
        reported_at=row.reported_at, reported_on=row.reported_on, cause=row.cause, occurred_on=row.occurred_on,
        place=row.place, people=row.people, development=row.development, handling=row.handling,
        parties_cipher=ctx.cipher.encrypt(row.parties, context=PARTIES_CONTEXT) if row.parties else None,
        key_persons_cipher=(ctx.cipher.encrypt(row.key_persons, context=KEY_PERSONS_CONTEXT)
                            if row.key_persons else None),
        level=row.level, status=row.status,
        follow_up_due=follow_up_due(row.level, row.reported_at, settings.red_follow_up_hours, cal),
        resolved_on=row.reported_on if row.status is ScreeningStatus.RESOLVED else None,
        resolution=row.handling if row.status is ScreeningStatus.RESOLVED else "",
        created_at=ctx.now(), created_by_id=actor.id,
    )
    session.add(item)
    session.flush()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="screening.add", target_type="screening_item",
                 target_id=item.id, details={"level": row.level.value, "village": row.village, "grid": row.grid,
                                             "unit": row.unit, "status": row.status.value})
    return item


def _item(session: Session, item_id: int) -> ScreeningItem:
    item = session.get(ScreeningItem, item_id)
    if item is None:
        raise NotFound("not_found", what=f"screening item {item_id}")
    return item


def _handle(session: Session, actor: Actor, item_id: int) -> ScreeningItem:
    actor.require(Permission.HANDLE_SCREENING)
    item = _item(session, item_id)
    point = session.get(ScreeningPoint, item.point_id)
    require_area(scope_of(session, actor), item.village_id, point.grid if point else "", actor)
    return item


def record_follow_up(ctx: AppContext, session: Session, actor: Actor, item_id: int, note: str,
                     at: datetime | None = None) -> ScreeningItem:
    """红: the leader on site (reported upward); 黄: the village secretary told; 绿: answered."""
    item = _handle(session, actor, item_id)
    if not note.strip():
        raise ValidationError("required", field="follow_up_note")
    when = at or ctx.now()
    if when < item.reported_at:
        raise ValidationError("follow_up_before_report", field="followed_up_at")
    item.followed_up_at, item.follow_up_note = when, note.strip()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="screening.follow_up",
                 target_type="screening_item", target_id=item.id,
                 details={"at": when.isoformat(), "in_time": item.follow_up_due is None or when <= item.follow_up_due})
    return item


def resolve(ctx: AppContext, session: Session, actor: Actor, item_id: int, how: str,
            on: date | None = None) -> ScreeningItem:
    """化解: settled where it arose; ``how`` says how."""
    item = _handle(session, actor, item_id)
    if item.status is not ScreeningStatus.HANDLING:
        raise ValidationError("screening_not_open", field="status")
    if not how.strip():
        raise ValidationError("required", field="resolution")
    day = on or ctx.today()
    if day < item.reported_on or day > ctx.today():
        raise ValidationError("bad_date", field="resolved_on", value=day.isoformat())
    item.status, item.resolved_on, item.resolution = ScreeningStatus.RESOLVED, day, how.strip()
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="screening.resolve",
                 target_type="screening_item", target_id=item.id, details={"on": day.isoformat()})
    return item


def convert_to_matter(ctx: AppContext, session: Session, actor: Actor, item_id: int,
                      registration: RegistrationInput) -> Matter:
    """转为信访事项: registers the matter through the intake service and keeps the link both ways in
    the audit chain; the item's own history stays as it was."""
    item = _handle(session, actor, item_id)
    if item.status is not ScreeningStatus.HANDLING:
        raise ValidationError("screening_not_open", field="status")
    if not registration.village and item.village_id is not None:
        village = session.get(Village, item.village_id)
        registration = replace(registration, village=village.name if village else "")
    matter = intake.register(ctx, session, actor, registration)
    item.status, item.converted_on, item.matter_id = ScreeningStatus.CONVERTED, matter.registered_on, matter.id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="screening.convert",
                 target_type="screening_item", target_id=item.id, details={"case": matter.case_number})
    return matter


@dataclass(frozen=True)
class ScreeningFilter:
    level: Risk | None = None
    open_only: bool = False
    village: str = ""
    limit: int = 1000
    item_id: int | None = None


def _visible(stmt, scope: Scope):  # type: ignore[no-untyped-def]
    if scope.areas is None:
        return stmt
    if not scope.areas:
        return stmt.where(False)
    return stmt.where(or_(*[and_(ScreeningItem.village_id == a.village_id,
                                 ScreeningPoint.grid == a.grid if a.grid else True) for a in scope.areas]))


def list_items(ctx: AppContext, session: Session, actor: Actor, f: ScreeningFilter,
               now: datetime | None = None) -> list[ScreeningItemView]:
    """Newest first. Grid workers and village secretaries see their own area only."""
    if not (actor.can(Permission.ENTER_SCREENING) or actor.can(Permission.HANDLE_SCREENING)
            or actor.can(Permission.VIEW_STATISTICS)):
        actor.require(Permission.ENTER_SCREENING)
    now = now or ctx.now()
    stmt = (select(ScreeningItem, ScreeningPoint.grid, ScreeningPoint.unit, Village.name, Matter.case_number,
                   ScreeningReport.reporter)
            .join(ScreeningPoint, ScreeningPoint.id == ScreeningItem.point_id)
            .join(ScreeningReport, ScreeningReport.id == ScreeningItem.report_id)
            .outerjoin(Village, Village.id == ScreeningItem.village_id)
            .outerjoin(Matter, Matter.id == ScreeningItem.matter_id))
    stmt = _visible(stmt, scope_of(session, actor))
    if f.level is not None:
        stmt = stmt.where(ScreeningItem.level == f.level)
    if f.open_only:
        stmt = stmt.where(ScreeningItem.status == ScreeningStatus.HANDLING)
    if f.village.strip():
        stmt = stmt.where(Village.name == f.village.strip())
    if f.item_id is not None:
        stmt = stmt.where(ScreeningItem.id == f.item_id)
    stmt = stmt.order_by(ScreeningItem.reported_on.desc(), ScreeningItem.id.desc()).limit(f.limit)
    return [_view(item, grid, unit, village, case, reporter, now)
            for item, grid, unit, village, case, reporter in session.execute(stmt)]


def _view(item: ScreeningItem, grid: str, unit: str, village: str | None, case: str | None, reporter: str,
          now: datetime) -> ScreeningItemView:
    overdue = (item.follow_up_due is not None and item.followed_up_at is None and now > item.follow_up_due
               and item.status is ScreeningStatus.HANDLING)
    return ScreeningItemView(
        id=item.id, reported_on=item.reported_on, kind=item.reporter_kind, village=village or "", grid=grid,
        unit=unit, reporter=reporter, cause=item.cause, occurred_on=item.occurred_on, place=item.place,
        people=item.people, development=item.development, handling=item.handling, level=item.level,
        status=item.status, follow_up_due=item.follow_up_due, followed_up_at=item.followed_up_at,
        overdue=overdue, case_number=case or "")


def detail(ctx: AppContext, session: Session, actor: Actor, item_id: int) -> ScreeningDetail:
    """One item with its parties and key persons decrypted; the look is audited."""
    views = list_items(ctx, session, actor, ScreeningFilter(item_id=item_id))
    if not views:
        raise NotFound("not_found", what=f"screening item {item_id}")
    item = _item(session, item_id)
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="personal_data.view",
                 target_type="screening_item", target_id=item.id, details={"field": "parties"})
    cipher = ctx.cipher
    return ScreeningDetail(
        views[0],
        cipher.decrypt(item.parties_cipher, context=PARTIES_CONTEXT) if item.parties_cipher else "",
        cipher.decrypt(item.key_persons_cipher, context=KEY_PERSONS_CONTEXT) if item.key_persons_cipher else "",
        item.follow_up_note, item.resolution, item.resolved_on)
