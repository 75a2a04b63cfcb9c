"""镇纪委's monthly random callbacks: the draw over the tracking cards closed in the previous month (a card
drawn earlier in the quarter is left out), audited with its seed and population so it can be re-checked,
each callback's answers, and the sample's results."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.db.models import CallbackDraw, CallbackDrawItem, Matter, Petitioner
from desktop.domain.errors import NotFound, ValidationError
from desktop.keycases import access
from desktop.keycases.draw import (
    draw_sample,
    month_bounds,
    new_seed,
    parse_month,
    previous_month,
    quarter_of,
)
from desktop.keycases.enums import CallbackResult
from desktop.keycases.views import DrawItemView, DrawReport, DrawView
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.permissions import Actor


def closed_cards(session: Session, first: date) -> dict[str, int]:
    """Tracking number (case number) → matter id, for matters closed in the month starting ``first``."""
    start, end = month_bounds(first)
    return dict(session.execute(select(Matter.case_number, Matter.id).where(
        Matter.closed_on >= start, Matter.closed_on <= end)).all())


def drawn_in_quarter(session: Session, first: date) -> set[str]:
    cards: set[str] = set()
    for month, draw_id in session.execute(select(CallbackDraw.month, CallbackDraw.id)
                                          .where(CallbackDraw.quarter == quarter_of(first))):
        if month < f"{first.year}-{first.month:02d}":
            cards |= set(session.scalars(select(Matter.case_number).join(
                CallbackDrawItem, CallbackDrawItem.matter_id == Matter.id).where(CallbackDrawItem.draw_id == draw_id)))
    return cards


def draw(ctx: AppContext, session: Session, actor: Actor, month: str, seed: str | None = None) -> CallbackDraw:
    """The draw for ``month`` (the month the calls are made) over the previous month's closed cards."""
    access.require(actor, access.CALLBACKS, "callbacks.draw")
    first = parse_month(month)
    key = f"{first.year}-{first.month:02d}"
    if session.scalar(select(CallbackDraw.id).where(CallbackDraw.month == key)) is not None:
        raise ValidationError("draw_exists", field="month", month=key)
    if first > ctx.today():
        raise ValidationError("month_in_future", field="month", month=key)
    cards = closed_cards(session, previous_month(first))
    percent = ctx.rules(session).sample_percent
    result = draw_sample(cards, drawn_in_quarter(session, first), percent, seed or new_seed())
    row = CallbackDraw(month=key, quarter=quarter_of(first), seed=result.seed, percent=percent,
                       population=list(result.population), drawn_at=ctx.now(), drawn_by_id=actor.id)
    session.add(row)
    session.flush()
    if result.sample:  # one multi-row insert: a big month's sample is thousands of rows
        session.execute(insert(CallbackDrawItem), [{"draw_id": row.id, "matter_id": cards[card], "seq": i, "notes": ""}
                                                   for i, card in enumerate(result.sample, 1)])
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="callbacks.draw", target_type="callback_draw",
                 target_id=row.id, details={"month": key, "seed": result.seed, "percent": percent,
                                            "population": len(result.population), "sample": list(result.sample)})
    return row


def recheck(session: Session, month: str) -> bool:
    """Re-runs a stored draw from its seed and population: does it give the same sample?"""
    first = parse_month(month)
    row = session.scalar(select(CallbackDraw).where(CallbackDraw.month == f"{first.year}-{first.month:02d}"))
    if row is None:
        raise NotFound("draw_not_found", month=month)
    stored = list(session.scalars(select(Matter.case_number).join(CallbackDrawItem,
                                  CallbackDrawItem.matter_id == Matter.id).where(CallbackDrawItem.draw_id == row.id)
                                  .order_by(CallbackDrawItem.seq)))
    again = draw_sample(row.population, (), row.percent, row.seed)
    return list(again.sample) == stored


def record_answer(ctx: AppContext, session: Session, actor: Actor, item_id: int, result: CallbackResult,
                  resolved: bool | None, conduct_ok: bool | None, notes: str = "") -> None:
    access.require(actor, access.CALLBACKS, "callbacks.record")
    item = session.get(CallbackDrawItem, item_id)
    if item is None:
        raise NotFound("not_found", what=f"callback {item_id}")
    result = CallbackResult(result)
    if result is CallbackResult.UNREACHED:
        resolved = conduct_ok = None
    item.result, item.resolved, item.conduct_ok = result, resolved, conduct_ok
    item.notes, item.called_on, item.called_by_id = notes.strip(), ctx.today(), actor.id
    audit.record(session, at=ctx.now(), actor_id=actor.id, action="callbacks.answer",
                 target_type="callback_item", target_id=item.id,
                 details={"result": result.value, "resolved": resolved, "conduct_ok": conduct_ok})


def _draw_row(session: Session, month: str) -> CallbackDraw:
    first = parse_month(month)
    row = session.scalar(select(CallbackDraw).where(CallbackDraw.month == f"{first.year}-{first.month:02d}"))
    if row is None:
        raise NotFound("draw_not_found", month=month)
    return row


def view(ctx: AppContext, session: Session, actor: Actor, month: str) -> DrawView:
    access.require(actor, access.CALLBACKS, "callbacks.view")
    row = _draw_row(session, month)
    items = tuple(DrawItemView(i.id, cn, name, i.result, i.resolved, i.conduct_ok, i.notes)
                  for i, cn, name in session.execute(
                      select(CallbackDrawItem, Matter.case_number, Petitioner.name)
                      .join(Matter, Matter.id == CallbackDrawItem.matter_id)
                      .join(Petitioner, Petitioner.id == Matter.petitioner_id)
                      .where(CallbackDrawItem.draw_id == row.id).order_by(CallbackDrawItem.seq)))
    return DrawView(row.id, row.month, row.seed, row.percent, len(row.population), items)


def report(ctx: AppContext, session: Session, actor: Actor, month: str) -> DrawReport:
    v = view(ctx, session, actor, month)
    called = [i for i in v.items if i.result is not None]
    reached = [i for i in called if i.result is not CallbackResult.UNREACHED]
    return DrawReport(
        month=v.month, drawn=len(v.items), called=len(called), reached=len(reached),
        satisfied=sum(1 for i in reached if i.result in (CallbackResult.SATISFIED, CallbackResult.BASICALLY)),
        dissatisfied=sum(1 for i in reached if i.result is CallbackResult.DISSATISFIED),
        unresolved=sum(1 for i in reached if i.resolved is False),
        conduct_problems=sum(1 for i in reached if i.conduct_ok is False))
