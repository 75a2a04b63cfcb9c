"""The 评议团's 情理分: three scores of 0–10 per member present, their average and the route it sets."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from desktop.domain.errors import ValidationError
from desktop.domain.rules_config import Rules
from desktop.keycases.enums import PanelRoute

__all__ = ["average", "check_scores", "route_for"]


def check_scores(scores: Sequence[tuple[int, int, int]], rules: Rules) -> None:
    if len(scores) < rules.quorum:
        raise ValidationError("panel_below_quorum", field="members", present=len(scores), quorum=rules.quorum)
    for row in scores:
        for value in row:
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
                raise ValidationError("panel_score_invalid", field="scores", value=str(value))


def average(scores: Sequence[tuple[int, int, int]]) -> Fraction:
    """The mean of every score given (members × three points), exact."""
    if not scores:
        raise ValidationError("panel_below_quorum", field="members", present=0, quorum=1)
    return Fraction(sum(sum(r) for r in scores), 3 * len(scores))


def route_for(avg: Fraction, rules: Rules) -> PanelRoute:
    """Below ``courts_below`` (6) → courts; ``green_from`` (8) or more → green channel; else normal."""
    if avg < rules.courts_below:
        return PanelRoute.COURTS
    if avg >= rules.green_from:
        return PanelRoute.GREEN
    return PanelRoute.NORMAL
