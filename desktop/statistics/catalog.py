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

__all__ = ["FIGURES", "GROUP_VISIT_MIN_PEOPLE", "FigureDef", "Unit", "definition_of"]

# 集体访: five or more people about one matter at one visit, the usual threshold of local practice.
# Not yet an administrator setting in the core (rules_config); kept here, once, until it is.
GROUP_VISIT_MIN_PEOPLE = 5


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
            "repeat": rules.repeat_matter_visits, "group": GROUP_VISIT_MIN_PEOPLE}


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
       f"{_COHORT_ZH}、截至期末（或今日）已办结或终结的件数；经复查改变处理、重新办理中的不计。",
       f"Matters {_COHORT_EN} that were closed or terminated by the end of the period (or today); "
       "a matter reopened by a review is not resolved until it is closed again."),
    _f("resolution_rate", "化解率", "Resolution rate", Unit.RATE,
       "化解件数 ÷ 受理件数。", "Resolved ÷ received."),
    _f("first_contact", "一次性化解件数", "Resolved at first contact", Unit.MATTERS,
       f"{_COHORT_ZH}、在首次接待时当场化解（当场答复办结）的件数。",
       f"Matters {_COHORT_EN} resolved at the first contact (answered and closed on the spot)."),
    _f("first_contact_rate", "一次性化解率", "First-contact resolution rate", Unit.RATE,
       "一次性化解件数 ÷ 受理件数。目标 ≥ 85%。", "Resolved at first contact ÷ received. Goal ≥ 85%.", 85.0),
    _f("on_time", "按期办结件数", "Closed on time", Unit.MATTERS,
       "化解件数中，办结日不晚于办理期限（已计入中止计时与批准延期）的件数；当场答复的视为按期。",
       "Resolved matters closed on or before their handling due date (pauses and approved extensions "
       "included); matters answered on the spot count as on time."),
    _f("on_time_rate", "按期办结率", "On-time closing rate", Unit.RATE,
       "按期办结件数 ÷ 化解件数。目标 100%。", "Closed on time ÷ resolved. Goal 100%.", 100.0),
    _f("evaluated", "参评件数", "Evaluated", Unit.MATTERS,
       f"{_COHORT_ZH}、截至期末（或今日）已作满意度评价的件数。",
       f"Matters {_COHORT_EN} rated for satisfaction by the end of the period (or today)."),
    _f("satisfied", "满意及基本满意件数", "Satisfied or basically satisfied", Unit.MATTERS,
       "参评件数中评价为“满意”或“基本满意”的件数。", "Evaluated matters rated satisfied or basically satisfied."),
    _f("dissatisfied", "不满意件数", "Dissatisfied", Unit.MATTERS,
       "参评件数中评价为“不满意”的件数（每件自动启动复查）。",
       "Evaluated matters rated dissatisfied (each opens a review).", lower=True),
    _f("satisfaction_rate", "满意度", "Satisfaction rate", Unit.RATE,
       "（满意＋基本满意）÷ 参评件数。目标 ≥ 90%。", "(Satisfied + basically satisfied) ÷ evaluated. Goal ≥ 90%.",
       90.0),
    _f("visits", "来访来信总次数", "Visits and letters", Unit.VISITS,
       "统计期内登记的来访、来信、网上、电话次数（含首次与重复）。",
       "Visits, letters, online submissions and calls registered in the period (first and repeated)."),
    _f("repeat_matters", "重复访件数", "Repeat matters", Unit.MATTERS,
       "截至期末同一事项（含关联事项）累计来访来信达 {repeat} 次及以上、且统计期内有来访来信的事项件数。",
       "Matters (with the matters linked to them) with {repeat} or more visits or letters by the end of the "
       "period, at least one of them in the period.", lower=True),
    _f("repeat_visits", "重复访次数", "Repeat visits", Unit.VISITS,
       "重复访件数所涉事项在统计期内的来访来信次数。", "Visits and letters in the period on the repeat matters.",
       lower=True),
    _f("repeat_petitioners", "重复访人数", "Repeat petitioners", Unit.PEOPLE,
       "重复访件数所涉的信访人人数（同一人只计一次）。", "Distinct petitioners of the repeat matters.", lower=True),
    _f("group_visits", "集体访批次", "Group visits", Unit.VISITS,
       "统计期内 {group} 人及以上同时来访的批次。", "Visits in the period by {group} or more people at once.",
       lower=True),
    _f("group_people", "集体访人数", "People in group visits", Unit.PEOPLE,
       "集体访批次的来访人数合计。", "Headcount of the group visits, added up.", lower=True),
    _f("reviews_opened", "复查复核件数", "Reviews opened", Unit.MATTERS,
       "统计期内启动的复查、复核件数（按启动日期）。", "Reviews (复查/复核) opened in the period (by opening date).",
       lower=True),
    _f("reviews_upheld", "其中维持", "of which upheld", Unit.MATTERS,
       "统计期内启动的复查复核中，结论为维持原处理的件数。", "Reviews opened in the period concluded as upheld."),
    _f("reviews_changed", "其中变更重办", "of which changed", Unit.MATTERS,
       "统计期内启动的复查复核中，结论为变更或撤销重办的件数。",
       "Reviews opened in the period concluded as changed (the matter is handled again)."),
    _f("reviews_pending", "其中尚未办结", "of which pending", Unit.MATTERS,
       "统计期内启动、截至今日尚无结论的复查复核件数。", "Reviews opened in the period not yet concluded."),
    _f("seriously_overdue", "超期{serious}以上件数", "Overdue beyond {serious}", Unit.MATTERS,
       "截至期末（或今日）尚未办结、超过办理期限 {serious}以上的件数（不论何时受理；中止计时中的不计）。",
       "Matters still open at the end of the period (or today) and more than {serious} past their handling "
       "due date, whenever received (matters whose clock is paused are not counted).", lower=True),
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


def definition_of(key: str, rules: Rules, lang: str = "zh") -> str:
    return FIGURES[key].definition(rules, lang)


def label_of(key: str, rules: Rules, lang: str = "zh") -> str:
    f = FIGURES[key]
    return (f.label_en if lang == "en" else f.label_zh).format(**_placeholders(rules, lang))
