"""The township's prevention (issue 15) and key-case (issue 16) figures as one section of the analysis
report and the dashboard: value, 环比 and 同比 and the definition of each, counted as at the period's end.

The numbers come from :mod:`desktop.prevention.figures` and :mod:`desktop.keycases.figures`; this module only
puts them side by side as frozen rows, so the PDF, the XLSX and the dashboard show the same cells. They are
township-wide: the report's filter (village, department, ...) does not apply to them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from desktop.clock import CHINA_TZ
from desktop.keycases.figures import FIGURE_NAMES, keycase_figures
from desktop.keycases.rates import Ratio
from desktop.prevention import figures as prevention
from desktop.prevention import settings as prevention_settings
from desktop.services.context import AppContext
from desktop.services.permissions import Actor
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.values import Rate

__all__ = ["TOWNSHIP_TITLE", "TownshipFigure", "township_figures"]

TOWNSHIP_TITLE = "基层预防与积案化解"

# 积案化解率 is the year's (backlog at 1 January resolved since); the others are the period's own.
KEYCASE_DEFINITIONS: dict[str, tuple[str, str]] = {
    "backlog_resolution_rate": (
        "年初在册的信访积案中，自当年1月1日至期末已化解的件数 ÷ 年初积案数。",
        "Of the backlog open on 1 January, those resolved from then up to the period's end ÷ that backlog."),
    "mediation_success_rate": ("期内调解中达成协议的次数 ÷ 期内调解次数。",
                               "Mediations in the period that reached an agreement ÷ mediations held."),
    "panel_sessions": ("期内信访评议团评议的件数。", "Review panel sessions held in the period."),
    "panel_to_courts": ("上述评议中引导当事人走司法途径的件数。", "Of those, the ones guided to the courts."),
    "panel_green": ("上述评议中走绿色通道的件数。", "Of those, the ones sent through the green channel."),
    "cards_yellow": ("期内发出的黄牌数（申诉后撤销的不计）。", "Yellow cards issued in the period (not revoked)."),
    "cards_red": ("期内发出的红牌数（申诉后撤销的不计）。", "Red cards issued in the period (not revoked)."),
    "timely_letter": ("期内收到的来信中，在时限内登记的件数 ÷ 来信数。",
                      "Letters received in the period registered within the limit ÷ letters received."),
    "timely_online": ("期内网上信访中，在时限内签收的件数 ÷ 网上信访数。",
                      "Online petitions of the period signed for within the limit ÷ online petitions."),
    "timely_hotline": ("期内热线工单中，在时限内查看的件数 ÷ 工单数。",
                       "Hotline tickets of the period looked at within the limit ÷ tickets."),
}
assert set(KEYCASE_DEFINITIONS) == set(FIGURE_NAMES)  # a new key-case figure needs its definition


@dataclass(frozen=True)
class TownshipFigure:
    """One row: ``value`` is a count, or a rate in percent (None: nothing to divide by); the changes are a
    count's difference and a rate's percentage points (None: not comparable)."""

    key: str
    label: str
    label_en: str
    unit: str  # 件 / 次 / 个 / %
    is_rate: bool
    value: float | None
    previous_change: float | None  # 环比
    year_change: float | None  # 同比
    definition: str
    definition_en: str

    def value_text(self) -> str:
        if self.value is None:
            return "—"
        return f"{self.value:.1f}%" if self.is_rate else f"{int(self.value)}{self.unit}"

    def change_text(self, change: float | None, lang: str = "zh") -> str:
        if change is None:
            return "—"
        sign = "+" if change > 0 else ("−" if change < 0 else "±")
        if self.is_rate:
            return f"{sign}{abs(change):.1f} " + ("pp" if lang == "en" else "个百分点")
        return f"{sign}{abs(change):.0f}"


def _number(v: int | Rate | Ratio) -> float | None:
    return v.percent if isinstance(v, Rate | Ratio) else float(v)


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _period_end(period: ReportPeriod, now: datetime) -> datetime:
    """Clocks (登记及时率) are read at the period's end, or now while it runs."""
    end = datetime.combine(period.end, time.max, tzinfo=CHINA_TZ)
    return min(end, now)


def _keycases(session: Session, period: ReportPeriod, as_of: date, now: datetime) -> Mapping[str, int | Ratio]:
    return keycase_figures(session, period.start, min(period.end, as_of), _period_end(period, now))


def township_figures(ctx: AppContext, session: Session, actor: Actor, period: ReportPeriod,
                     year_ago: ReportPeriod, today: date) -> list[TownshipFigure]:
    """Prevention's figures then the key cases', each against the period before and a year earlier."""
    comparison = prevention.compare(ctx, session, actor, period, today)
    out, settings = [], prevention_settings.load(session)
    for key, f in prevention.PREVENTION_FIGURES.items():
        out.append(TownshipFigure(
            key, f.label_zh, f.label_en, f.unit_zh, f.unit_zh == "%", comparison.current.number(key),
            comparison.change(key, "previous"), comparison.change(key, "year"),
            prevention.definition(key, session, settings=settings),
            prevention.definition(key, session, "en", settings)))
    now = ctx.now()
    current = _keycases(session, period, today, now)
    previous = _keycases(session, period.previous(), today, now)
    ago = _keycases(session, year_ago, today, now)
    for key, (zh, en) in FIGURE_NAMES.items():
        v = _number(current[key])
        rate = isinstance(current[key], Ratio)
        out.append(TownshipFigure(
            key, zh, en, "%" if rate else ("次" if key.startswith("panel") else "张" if key.startswith("cards")
                                           else "件"),
            rate, v, _minus(v, _number(previous[key])), _minus(v, _number(ago[key])), *KEYCASE_DEFINITIONS[key]))
    return out
