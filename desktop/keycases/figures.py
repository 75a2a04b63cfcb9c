"""This module's figures for a period, keyed by stable names, for the statistics and the dashboard.

``desktop.statistics`` (issue 13) can merge :func:`keycase_figures` into its figure set; each value is an
``int`` or a :class:`~desktop.keycases.rates.Ratio` (numerator, denominator, ``percent``), and
:data:`FIGURE_NAMES` gives the Chinese and English label of each key.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Card, PanelSession
from desktop.keycases.channels import timeliness
from desktop.keycases.enums import AppealDecision, CardColor, PanelRoute, ReceiptChannel
from desktop.keycases.mediation import success_rate
from desktop.keycases.queries import backlog_rate
from desktop.keycases.rates import Ratio

FIGURE_NAMES: dict[str, tuple[str, str]] = {
    "backlog_resolution_rate": ("积案化解率", "Backlog resolution rate"),
    "mediation_success_rate": ("调解成功率", "Mediation success rate"),
    "panel_sessions": ("评议团评议件数", "Review panel sessions"),
    "panel_to_courts": ("其中引导司法途径", "of which guided to the courts"),
    "panel_green": ("其中绿色通道", "of which green channel"),
    "cards_yellow": ("黄牌", "Yellow cards"),
    "cards_red": ("红牌", "Red cards"),
    "timely_letter": ("来信登记及时率", "Letters registered on time"),
    "timely_online": ("网上信访签收及时率", "Online petitions signed for on time"),
    "timely_hotline": ("热线工单查看及时率", "Hotline tickets looked at on time"),
}


def keycase_figures(session: Session, start: date, end: date, now: datetime) -> dict[str, int | Ratio]:
    """Figures of the period ``start``..``end``; 积案化解率 is for ``end``'s year up to ``end``."""
    routes = dict(session.execute(select(PanelSession.route, func.count(PanelSession.id)).where(
        PanelSession.held_on >= start, PanelSession.held_on <= end).group_by(PanelSession.route)).all())
    colours = dict(session.execute(select(Card.color, func.count(Card.id)).where(
        Card.issued_on >= start, Card.issued_on <= end, Card.decision.is_distinct_from(AppealDecision.REVOKED))
        .group_by(Card.color)).all())
    timely = timeliness(session, start, end, now)
    return {
        "backlog_resolution_rate": backlog_rate(session, end.year, end),
        "mediation_success_rate": success_rate(session, start, end),
        "panel_sessions": int(sum(routes.values())),
        "panel_to_courts": int(routes.get(PanelRoute.COURTS, 0)),
        "panel_green": int(routes.get(PanelRoute.GREEN, 0)),
        "cards_yellow": int(colours.get(CardColor.YELLOW, 0)),
        "cards_red": int(colours.get(CardColor.RED, 0)),
        "timely_letter": timely[ReceiptChannel.LETTER],
        "timely_online": timely[ReceiptChannel.ONLINE],
        "timely_hotline": timely[ReceiptChannel.HOTLINE],
    }
