"""Letters, online petitions and hotline tickets on their own clocks (``channel_clock``): receipts as they
arrive, their registration (or sign-for / look-at), the call or text an incomplete letter needs, reminders
for the ones running late, and 登记及时率 per channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.db.models import ChannelReceipt
from desktop.domain.errors import NotFound, ValidationError
from desktop.keycases import access
from desktop.keycases.channel_clock import contact_due, registration_due
from desktop.keycases.enums import ReceiptChannel
from desktop.keycases.rates import Ratio
from desktop.keycases.views import ReceiptRow
from desktop.services import audit
from desktop.services.context import AppContext
from desktop.services.intake import matter_by_number
from desktop.services.permissions import Actor


@dataclass(frozen=True)
class Overdue:
    """A receipt whose clock has run out (or runs out within the warning time)."""

    id: int
    channel: ReceiptChannel
    reference: str
    due_at: datetime
    what: str  # "register" or "contact"
    late: bool  # already past due (else: due soon)


def _log(ctx: AppContext, session: Session, actor: Actor, action: str, row: ChannelReceipt, **d: object) -> None:
    audit.record(session, at=ctx.now(), actor_id=actor.id, action=action, target_type="channel_receipt",
                 target_id=row.id, details=d)


def receive(ctx: AppContext, session: Session, actor: Actor, channel: ReceiptChannel, received_at: datetime,
            reference: str = "") -> ChannelReceipt:
    access.require(actor, access.RECEIPTS, "channels.receive")
    if received_at.tzinfo is None:
        raise ValidationError("time_without_zone", field="received_at")
    if received_at > ctx.now():
        raise ValidationError("date_in_future", field="received_at")
    channel = ReceiptChannel(channel)
    due = registration_due(channel, received_at, ctx.rules(session), ctx.calendar(session))
    row = ChannelReceipt(channel=channel, reference=reference.strip()[:100], received_at=received_at, due_at=due,
                         recorded_by_id=actor.id)
    session.add(row)
    session.flush()
    _log(ctx, session, actor, "channel.receive", row, channel=channel.value, due_at=due.isoformat())
    return row


def register(ctx: AppContext, session: Session, actor: Actor, receipt_id: int, *, incomplete: bool = False,
             case_number: str = "") -> ChannelReceipt:
    """Registered / signed for / looked at now; an incomplete letter starts its contact clock."""
    access.require(actor, access.RECEIPTS, "channels.register")
    row = session.get(ChannelReceipt, receipt_id)
    if row is None:
        raise NotFound("not_found", what=f"receipt {receipt_id}")
    if row.registered_at is not None:
        raise ValidationError("receipt_registered", field="receipt")
    now = ctx.now()
    row.registered_at = now
    if case_number.strip():
        row.matter_id = matter_by_number(session, case_number).id
    if incomplete:
        if row.channel is not ReceiptChannel.LETTER:
            raise ValidationError("incomplete_letters_only", field="incomplete")
        row.incomplete = True
        row.contact_due_at = contact_due(now, ctx.rules(session), ctx.calendar(session))
    _log(ctx, session, actor, "channel.register", row, on_time=now <= row.due_at, incomplete=incomplete)
    return row


def contacted(ctx: AppContext, session: Session, actor: Actor, receipt_id: int) -> None:
    access.require(actor, access.RECEIPTS, "channels.contact")
    row = session.get(ChannelReceipt, receipt_id)
    if row is None or not row.incomplete:
        raise NotFound("not_found", what=f"receipt {receipt_id}")
    row.contacted_at = ctx.now()
    _log(ctx, session, actor, "channel.contact", row,
         on_time=row.contact_due_at is not None and row.contacted_at <= row.contact_due_at)


def reminders(ctx: AppContext, session: Session, soon_minutes: int = 30) -> list[Overdue]:
    """Receipts late or due within ``soon_minutes``: registration first, then incomplete letters' contact."""
    now = ctx.now()
    horizon = now + timedelta(minutes=soon_minutes)
    out = [Overdue(r.id, r.channel, r.reference, r.due_at, "register", r.due_at < now)
           for r in session.scalars(select(ChannelReceipt).where(ChannelReceipt.registered_at.is_(None),
                                                                 ChannelReceipt.due_at <= horizon)
                                    .order_by(ChannelReceipt.due_at))]
    out += [Overdue(r.id, r.channel, r.reference, r.contact_due_at, "contact", r.contact_due_at < now)
            for r in session.scalars(select(ChannelReceipt).where(
                ChannelReceipt.incomplete.is_(True), ChannelReceipt.contacted_at.is_(None),
                ChannelReceipt.contact_due_at <= horizon).order_by(ChannelReceipt.contact_due_at))
            if r.contact_due_at is not None]
    return out


def timeliness(session: Session, start: date, end: date, now: datetime) -> dict[ReceiptChannel, Ratio]:
    """登记及时率 per channel: receipts received from ``start`` to ``end`` whose limit has passed by ``now``
    (or that are registered), registered by their limit ÷ those receipts."""
    lo = datetime.combine(start, time(0), CHINA_TZ)
    hi = datetime.combine(date.fromordinal(end.toordinal() + 1), time(0), CHINA_TZ)
    counts = {c: [0, 0] for c in ReceiptChannel}
    for r in session.scalars(select(ChannelReceipt).where(ChannelReceipt.received_at >= lo,
                                                          ChannelReceipt.received_at < hi)):
        if r.registered_at is None and r.due_at >= now:
            continue  # still on time: not yet counted either way
        counts[r.channel][1] += 1
        if r.registered_at is not None and r.registered_at <= r.due_at:
            counts[r.channel][0] += 1
    return {c: Ratio(n, d) for c, (n, d) in counts.items()}


def list_receipts(ctx: AppContext, session: Session, actor: Actor, open_only: bool = False,
                  limit: int = 500) -> list[ReceiptRow]:
    """Newest first; ``open_only``: not registered yet, or an incomplete letter not yet contacted."""
    access.require(actor, access.RECEIPTS | access.VIEW_CASES, "channels.view")
    stmt = select(ChannelReceipt).order_by(ChannelReceipt.received_at.desc()).limit(limit)
    if open_only:
        stmt = stmt.where((ChannelReceipt.registered_at.is_(None))
                          | (ChannelReceipt.incomplete.is_(True) & ChannelReceipt.contacted_at.is_(None)))
    now = ctx.now()
    return [ReceiptRow(r.id, r.channel.value, r.reference, r.received_at, r.due_at, r.registered_at, r.incomplete,
                       r.contact_due_at, r.contacted_at,
                       (r.registered_at or now) > r.due_at) for r in session.scalars(stmt)]
