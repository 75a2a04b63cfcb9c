"""Every figure the office reports, defined once: its name, unit, goal and the sentence that says
exactly what is counted. The window shows the sentence as a tooltip, the report prints it under
its tables, so a number can always be explained. The computing code (``figures.py``) is keyed by
the same names and follows these sentences to the letter.

Thresholds that are settings (``deadline.serious_overdue``, ``warning.repeat_matter_visits``) are
filled into the sentences from the current :class:`~desktop.domain.rules_config.Rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.enums import DayUnit
from desktop.domain.rules_config import Rules

__all__ = ["FIGURES", "RATES", "FigureDef", "Unit", "definition_of", "label_of"]


class Unit(StrEnum):
    MATTERS = "matters"  # 件
    PEOPLE = "people"  # 人 / 人次
    VISITS = "visits"  # 次 / 批
    SESSIONS = "sessions"  # 次
    RATE = "rate"  # %


UNIT_ZH = {Unit.MATTERS: "件", Unit.PEOPLE: "人", Unit.VISITS: "次", Unit.SESSIONS: "次", Unit.RATE: "%"}


@dataclass(frozen=True)
class FigureDef:
    key: str
    label_zh: str
    label_en: str
    unit: Unit
    definition_zh: str
    definition_en: str
    goal_percent: float | None = None  # a rate's goal (at least this)
    lower_is_better: bool = False  # for the arrows of "change from the previous period"

    def definition(self, rules: Rules, lang: str = "zh") -> str:
        text = self.definition_en if lang == "en" else self.definition_zh
        return text.format(**_placeholders(rules, lang))

    @property
    def unit_zh(self) -> str:
        return UNIT_ZH[self.unit]


def _placeholders(rules: Rules, lang: str) -> dict[str, object]:
    serious = rules.serious_overdue
    if lang == "en":
        unit = "working days" if serious.unit is DayUnit.WORKING else "days"
    else:
        unit = "个工作日" if serious.unit is DayUnit.WORKING else "日"
    return {"serious": f"{serious.amount}{' ' if lang == 'en' else ''}{unit}",
            "window": rules.repeat_window_days, "yellow": rules.yellow_threshold, "red": rules.red_threshold,
            "group": rules.group_visit_min_people}


_COHORT_ZH = "统计期内登记（受理）"
_COHORT_EN = "registered (received) in the period"


def _f(key: str, zh: str, en: str, unit: Unit, dzh: str, den: str, goal: float | None = None,
       lower: bool = False) -> FigureDef:
    return FigureDef(key, zh, en, unit, dzh, den, goal, lower)


FIGURES: dict[str, FigureDef] = {f.key: f for f in (
    _f("received", "受理件数", "Received", Unit.MATTERS,
       f"{_COHORT_ZH}的信访事项件数，含来访、来信、网上、电话各渠道，含检举控告类。",
       f"Matters {_COHORT_EN}, every channel, accusations included."),
    _f("restricted_received", "其中检举控告类", "of which accusations", Unit.MATTERS,
       "受理件数中属检举控告类的件数（只计数，不列明细）。",
       "Received matters that are accusations (counted only, never listed)."),
    _f("resolved", "化解件数", "Resolved", Unit.MATTERS,
       f"{_COHORT_ZH}、截至期末（或今日）已办结或终结的件数，按当时的状态计（其后的复查不改变本期）；"
       "经复查变更、重新办理的不计；复查未结的仍计。",
       f"Matters {_COHORT_EN} closed or terminated by the end of the period (or today), as they stood then "
       "(a later review never changes the period); one reopened by a review with a changed outcome is not "
       "resolved; one under a pending review still is."),
    _f("resolution_rate", "化解率", "Resolution rate", Unit.RATE,
       "化解件数 ÷ 受理件数。", "Resolved ÷ received."),
    _f("first_petitions", "初信初访件数", "First petitions", Unit.MATTERS,
       f"{_COHORT_ZH}、信访人首次就该问题（同一类别）提出且未关联此前事项的件数。",
       f"Matters {_COHORT_EN} that are the person's first on the issue (no earlier matter of the same "
       "category, not linked to an earlier one)."),
    _f("first_petitions_done", "初信初访一次性办结件数", "First petitions closed at once", Unit.MATTERS,
       "初信初访中，截至期末在期限内办结（当场答复视为办结），且无重复来访、未申请复查、未评价不满意的件数。",
       "First petitions closed within their limit by the end of the period (an on-the-spot answer counts), "
       "with no repeat visit on them, no review and no 'dissatisfied'."),
    _f("first_petition_rate", "初信初访一次性办结率", "First petitions closed at once, rate", Unit.RATE,
       "初信初访一次性办结件数 ÷ 初信初访件数。目标 ≥ 85%。",
       "First petitions closed at once ÷ first petitions. Goal ≥ 85%.", 85.0),
    _f("due_in_period", "应办结件数", "Due in the period", Unit.MATTERS,
       "办理期限（已计入中止计时与批准延期，按期末时的期限）落在统计期内（截至期末或今日）的件数，不论何时受理。",
       "Matters whose handling limit (pauses and approved extensions included, as it stood at the end) fell "
       "in the period (up to its end or today), whenever received."),
    _f("on_time", "按期办结件数", "Closed on time", Unit.MATTERS,
       "应办结件数中，在期限当日或之前办结的件数。", "Matters due in the period closed on or before their limit."),
    _f("on_time_rate", "按期办结率", "On-time closing rate", Unit.RATE,
       "按期办结件数 ÷ 应办结件数；逾期未结的计入分母。目标 100%。",
       "Closed on time ÷ due in the period; a matter open past its limit counts against it. Goal 100%.",
       100.0),
    _f("handled", "及时处理件数", "Handled in time", Unit.MATTERS,
       f"{_COHORT_ZH}、在交办时限内已交办（或当场答复）的件数。",
       f"Matters {_COHORT_EN} assigned (or answered on the spot) within the assignment limit."),
    _f("handling_rate", "案件处理率", "Handling rate", Unit.RATE,
       "及时处理件数 ÷ 受理件数。", "Handled in time ÷ received."),
    _f("group_matters", "集体访件数", "Group-visit matters", Unit.MATTERS,
       f"{_COHORT_ZH}、登记人数 {{group}} 人及以上的件数。",
       f"Matters {_COHORT_EN} registered for {{group}} or more people."),
    _f("group_resolved", "集体访化解件数", "Group-visit matters resolved", Unit.MATTERS,
       "集体访件数中已化解的件数（同“化解件数”）。", "Group-visit matters resolved (as 'Resolved')."),
    _f("group_resolution_rate", "集体访化解率", "Group-visit resolution rate", Unit.RATE,
       "集体访化解件数 ÷ 集体访件数。", "Group-visit matters resolved ÷ group-visit matters."),
    _f("evaluated", "参评件数", "Evaluated", Unit.MATTERS,
       "统计期内（按评价日期）作出的满意度评价件数，不论事项何时受理。",
       "Satisfaction ratings recorded in the period (by the rating's date), whenever the matter was received."),
    _f("satisfied", "满意及基本满意件数", "Satisfied or basically satisfied", Unit.MATTERS,
       "参评件数中评价为“满意”或“基本满意”的件数。", "Ratings 'satisfied' or 'basically satisfied'."),
    _f("dissatisfied", "不满意件数", "Dissatisfied", Unit.MATTERS,
       "参评件数中评价为“不满意”的件数（每件自动启动复查）。",
       "Ratings 'dissatisfied' (each opens a review).", lower=True),
    _f("satisfaction_rate", "满意率", "Satisfaction rate", Unit.RATE,
       "（满意＋基本满意）÷ 参评件数。目标 ≥ 90%。", "(Satisfied + basically satisfied) ÷ evaluated. Goal ≥ 90%.",
       90.0),
    _f("visits", "来访来信总次数", "Visits and letters", Unit.VISITS,
       "统计期内登记的来访、来信、网上、电话次数（含首次与重复）。",
       "Visits, letters, online submissions and calls registered in the period (first and repeated)."),
    _f("repeat_visits", "重复访次数", "Repeat visits", Unit.VISITS,
       "统计期内，同一信访人（按身份证号）对已登记事项再次来访来信，或在 {window} 日内（含本次）已有来访来信，"
       "或经关联为此前事项的次数。",
       "Visits in the period by a person (by ID number) on a matter already registered, or within {window} "
       "days (this one included) of another visit of theirs, or linked to an earlier matter.", lower=True),
    _f("repeat_matters", "重复访件数", "Repeat matters", Unit.MATTERS,
       "统计期内有重复访的事项件数。", "Matters with a repeat visit in the period.", lower=True),
    _f("repeat_petitioners", "重复访人数", "Repeat petitioners", Unit.PEOPLE,
       "统计期内有重复访的信访人人数（同一人只计一次）。", "Distinct people with a repeat visit in the period.",
       lower=True),
    _f("repeat_yellow", "黄色预警人数", "Yellow warnings (people)", Unit.PEOPLE,
       "统计期内 {window} 日来访来信次数最高达到 {yellow} 次（未达 {red} 次）的人数。",
       "People whose highest {window}-day count in the period reached {yellow} (but not {red}).", lower=True),
    _f("repeat_red", "红色预警人数", "Red warnings (people)", Unit.PEOPLE,
       "统计期内 {window} 日来访来信次数最高达到 {red} 次及以上的人数。",
       "People whose highest {window}-day count in the period reached {red} or more.", lower=True),
    _f("group_visits", "集体访批次", "Group visits", Unit.VISITS,
       "统计期内 {group} 人及以上同时来访的批次。", "Visits in the period by {group} or more people at once.",
       lower=True),
    _f("group_people", "集体访人数", "People in group visits", Unit.PEOPLE,
       "集体访批次的来访人数合计。", "Headcount of the group visits, added up.", lower=True),
    _f("closed", "结案件数", "Closed", Unit.MATTERS,
       "统计期内办结的件数（按办结日期，不论何时受理）。", "Matters closed in the period (by closing day)."),
    _f("settled", "息诉罢访件数", "Settled", Unit.MATTERS,
       "结案件数中，办结后 90 日内信访人未就同一事项再次来访来信的件数（未满 90 日的为暂计数）。",
       "Closed matters on which the person made no new visit or letter within 90 days of closing "
       "(provisional until the 90 days have passed)."),
    _f("settled_rate", "结案息诉罢访率", "Settled after closing, rate", Unit.RATE,
       "息诉罢访件数 ÷ 结案件数（未满 90 日的为暂计数）。",
       "Settled ÷ closed (provisional until 90 days after the last closing)."),
    _f("reviews_opened", "复查复核件数", "Reviews opened", Unit.MATTERS,
       "统计期内启动的复查、复核件数（按启动日期）。", "Reviews (复查/复核) opened in the period (by opening date).",
       lower=True),
    _f("reviews_decided", "复查复核办结件数", "Reviews decided", Unit.MATTERS,
       "统计期内作出结论的复查、复核件数（按结论日期）。", "Reviews decided in the period (by decision date)."),
    _f("reviews_upheld", "其中维持", "of which upheld", Unit.MATTERS,
       "统计期内作出结论的复查复核中，维持原处理的件数。", "Reviews decided in the period that upheld the original."),
    _f("reviews_changed", "其中变更重办", "of which changed", Unit.MATTERS,
       "统计期内作出结论的复查复核中，变更或撤销重办的件数。",
       "Reviews decided in the period that changed the outcome (handled again)."),
    _f("review_upheld_rate", "复查复核维持率", "Reviews upheld, rate", Unit.RATE,
       "其中维持 ÷ 复查复核办结件数。", "Upheld ÷ reviews decided."),
    _f("reviews_pending", "尚未办结的复查复核", "Reviews pending", Unit.MATTERS,
       "截至期末（或今日）已启动、尚无结论的复查复核件数。", "Reviews opened and not decided by the end of the period."),
    _f("seriously_overdue", "超期{serious}以上件数", "Overdue {serious} or more", Unit.MATTERS,
       "截至期末（或今日）尚未办结、超过办理期限 {serious}及以上（含本数）的件数（不论何时受理；中止计时中的不计）。",
       "Matters still open at the end of the period (or today) and {serious} or more past their handling due "
       "date, exactly {serious} included, whenever received (matters whose clock is paused are not counted).",
       lower=True),
    _f("leader_sessions", "领导接访次数", "Leaders' reception sessions", Unit.SESSIONS,
       "统计期内已举行的领导接访日次数（不受村、部门等筛选影响）。",
       "Leaders' reception days held in the period (village, department and other filters do not apply)."),
    _f("leader_batches", "领导接待批次", "Batches received by leaders", Unit.VISITS,
       "领导接访日接待的群众批次合计。", "Batches of petitioners received at those sessions, added up."),
    _f("leader_people", "领导接待人次", "People received by leaders", Unit.PEOPLE,
       "领导接访日接待的群众人次合计。", "People received at those sessions, added up."),
    _f("leader_solved", "现场解决问题件数", "Solved on the spot by leaders", Unit.MATTERS,
       "领导接访日现场协调解决的问题件数合计。", "Problems solved on the spot at those sessions, added up."),
)}

# Rates and the counts they divide: the report prints them together.
RATES: dict[str, tuple[str, str]] = {
    "resolution_rate": ("resolved", "received"), "first_petition_rate": ("first_petitions_done", "first_petitions"),
    "on_time_rate": ("on_time", "due_in_period"), "handling_rate": ("handled", "received"),
    "group_resolution_rate": ("group_resolved", "group_matters"), "satisfaction_rate": ("satisfied", "evaluated"),
    "settled_rate": ("settled", "closed"), "review_upheld_rate": ("reviews_upheld", "reviews_decided"),
}


def definition_of(key: str, rules: Rules, lang: str = "zh") -> str:
    return FIGURES[key].definition(rules, lang)


def label_of(key: str, rules: Rules, lang: str = "zh") -> str:
    f = FIGURES[key]
    return (f.label_en if lang == "en" else f.label_zh).format(**_placeholders(rules, lang))
