"""The 三无 village board: per village and year, 到市赴省进京非正常访, 越级集体访, 信访积案, screening
items by level and key persons by status; whether each village is 三无 and the share against the goal.

:func:`open_backlog_matters_by_village` is the one place that says what a 信访积案 is. Until the
key-cases register exists it counts matters open at the day (not closed by it) that were registered at
least ``prevention.backlog_after_days`` before, or are 历史遗留类."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import EscalatedVisit, KeyPerson, Matter, Petitioner, ScreeningItem, Village
from desktop.domain.enums import Category, Risk
from desktop.prevention import settings as prevention_settings
from desktop.prevention.enums import EscalationLevel, KeyPersonStatus
from desktop.prevention.rules import ThreeNoCounts
from desktop.prevention.views import VillageBoard, VillageBoardRow
from desktop.services.context import AppContext
from desktop.services.office import load_profile
from desktop.services.permissions import Actor, Permission

ABOVE_COUNTY = (EscalationLevel.CITY, EscalationLevel.PROVINCE, EscalationLevel.BEIJING)


def recorded_by(day: date) -> datetime:
    """The instant a day ends in the office (what "recorded by the period's end" compares against)."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=CHINA_TZ)


def open_backlog_matters_by_village(session: Session, as_of: date, backlog_after_days: int) -> dict[int, int]:
    """信访积案 open on ``as_of``, per village id: THE definition the 三无 board and figures use. A matter is a
    积案 when the key-case register holds it as one (desktop/keycases), and also — the seeds' "unresolved for
    three months" — when it has stayed open ``backlog_after_days`` or is a 历史遗留 matter."""
    from desktop.keycases.queries import open_backlog_matter_ids

    cutoff = as_of - timedelta(days=backlog_after_days)
    long_or_legacy = (Matter.registered_on <= as_of,
                      or_(Matter.registered_on <= cutoff, Matter.category == Category.LEGACY))
    village = func.coalesce(Matter.village_id, Petitioner.village_id)

    def with_village(*where: Any) -> Any:
        return (select(Matter.id.label("id"), village.label("village"))
                .join(Petitioner, Petitioner.id == Matter.petitioner_id).where(*where))

    # Open on as_of: not closed, or closed after it; each half read through the index on closed_on. As one
    # OR, SQLite (no ANALYZE statistics on a new desk) walked every matter registered by as_of instead. Each
    # half brings its village along: asked as "id IN (the halves)", PostgreSQL read all the matters and
    # petitioners to join 3,000 ids (26 -> 7 ms for a past month's end).
    backlog = union(with_village(Matter.closed_on.is_(None), *long_or_legacy),
                    with_village(Matter.closed_on > as_of, *long_or_legacy),
                    with_village(Matter.id.in_(open_backlog_matter_ids(as_of)))).subquery()
    stmt = (select(backlog.c.village, func.count(backlog.c.id)).where(backlog.c.village.is_not(None))
            .group_by(backlog.c.village))
    return {int(vid): int(n) for vid, n in session.execute(stmt)}


def escalation_counts(session: Session, start: date, end: date) -> tuple[dict[int, int], dict[int, int]]:
    """(非正常访 to city/province/Beijing, 越级集体访) per village, dated in [start, end] and recorded by
    ``end`` (a report arriving later is a correction of the next report, not a change of this one)."""
    base = (EscalatedVisit.village_id.is_not(None), EscalatedVisit.occurred_on >= start,
            EscalatedVisit.occurred_on <= end, EscalatedVisit.created_at < recorded_by(end))
    abnormal = dict(session.execute(
        select(EscalatedVisit.village_id, func.count()).where(
            *base, EscalatedVisit.abnormal.is_(True), EscalatedVisit.level.in_(ABOVE_COUNTY))
        .group_by(EscalatedVisit.village_id)).all())
    group = dict(session.execute(
        select(EscalatedVisit.village_id, func.count()).where(*base, EscalatedVisit.group.is_(True))
        .group_by(EscalatedVisit.village_id)).all())
    return abnormal, group


def three_no_by_village(session: Session, start: date, end: date, backlog_after_days: int
                        ) -> dict[int, ThreeNoCounts]:
    villages = list(session.scalars(select(Village.id)))
    abnormal, group = escalation_counts(session, start, end)
    backlog = open_backlog_matters_by_village(session, end, backlog_after_days)
    return {v: ThreeNoCounts(abnormal.get(v, 0), group.get(v, 0), backlog.get(v, 0)) for v in villages}


def village_board(ctx: AppContext, session: Session, actor: Actor, year: int, today: date) -> VillageBoard:
    if not (actor.can(Permission.VIEW_STATISTICS) or actor.can(Permission.HANDLE_SCREENING)):
        actor.require(Permission.VIEW_STATISTICS)
    settings = prevention_settings.load(session)
    start = date(year, 1, 1)
    as_of = min(date(year, 12, 31), today)
    counts = three_no_by_village(session, start, as_of, settings.backlog_after_days)
    levels: dict[int, dict[Risk, int]] = defaultdict(dict)
    for vid, level, n in session.execute(
            select(ScreeningItem.village_id, ScreeningItem.level, func.count())
            .where(ScreeningItem.village_id.is_not(None), ScreeningItem.reported_on >= start,
                   ScreeningItem.reported_on <= as_of)
            .group_by(ScreeningItem.village_id, ScreeningItem.level)):
        levels[vid][Risk(level)] = n
    keys: dict[int, dict[KeyPersonStatus, int]] = defaultdict(dict)
    for vid, status, n in session.execute(
            select(KeyPerson.village_id, KeyPerson.status, func.count())
            .where(KeyPerson.village_id.is_not(None), KeyPerson.since <= as_of,
                   or_(KeyPerson.removed_on.is_(None), KeyPerson.removed_on > as_of))
            .group_by(KeyPerson.village_id, KeyPerson.status)):
        keys[vid][KeyPersonStatus(status)] = n
    rows = []
    for vid, name in session.execute(select(Village.id, Village.name).order_by(Village.name)):
        c = counts.get(vid, ThreeNoCounts(0, 0, 0))
        lv, kp = levels.get(vid, {}), keys.get(vid, {})
        rows.append(VillageBoardRow(
            village_id=vid, village=name, abnormal_above=c.abnormal_above, group_escalations=c.group_escalations,
            backlog=c.backlog, red=lv.get(Risk.RED, 0), yellow=lv.get(Risk.YELLOW, 0), green=lv.get(Risk.GREEN, 0),
            key_stable=kp.get(KeyPersonStatus.STABLE, 0), key_watch=kp.get(KeyPersonStatus.WATCH, 0),
            key_lost=kp.get(KeyPersonStatus.LOST, 0), three_no=c.is_three_no))
    profile = load_profile(session)
    return VillageBoard(year=year, as_of=as_of, township=profile.township or profile.display_name,
                        rows=tuple(rows), goal_percent=settings.three_no_goal_percent)
