"""The tables of 《信访工作分析报告》 as rows of text, shared by the PDF and the XLSX so both print
exactly the same cells (the numbers themselves come from ``desktop.statistics.report``)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.enums import AlertLevel, MatterStatus
from desktop.prevention.enums import EscalationLevel
from desktop.statistics.breakdowns import CATEGORY_ZH, STREAK_MONTHS, TopType
from desktop.statistics.catalog import FIGURES, Unit
from desktop.statistics.report import AnalysisReport
from desktop.statistics.township import TOWNSHIP_TITLE, TownshipFigure
from desktop.statistics.values import FigureSet, Rate, growth, growth_text

__all__ = ["Change", "Delta", "Pct", "Table", "all_tables", "figure_table", "township_table"]

# The order the figures are printed in: the office's headline numbers first.
FIGURE_ORDER = (
    "received", "restricted_received", "resolved", "resolution_rate", "first_petitions", "first_petitions_done",
    "first_petition_rate", "due_in_period", "on_time", "on_time_rate", "handled", "handling_rate",
    "group_matters", "group_resolved", "group_resolution_rate", "evaluated", "satisfied", "dissatisfied",
    "satisfaction_rate", "visits", "repeat_visits", "repeat_matters", "repeat_petitioners", "repeat_yellow",
    "repeat_red", "group_visits", "group_people", "closed", "settled", "settled_rate", "reviews_opened",
    "reviews_decided", "reviews_upheld", "reviews_changed", "review_upheld_rate", "reviews_pending",
    "seriously_overdue", "leader_sessions", "leader_batches", "leader_people", "leader_solved",
)
assert set(FIGURE_ORDER) == set(FIGURES)  # a new figure must be placed in the report


@dataclass(frozen=True)
class Pct:
    """A percentage cell: printed "42.9%" (or "—"), stored in the XLSX as the number 0.429 with a percent
    format, so a spreadsheet can add it up."""

    percent: float | None

    def __str__(self) -> str:
        return "—" if self.percent is None else f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Change:
    """A 环比/同比 cell: a count's change in percent, a rate's in percentage points (stored as a number)."""

    key: str
    value: float | None

    @property
    def is_points(self) -> bool:
        return FIGURES[self.key].unit is Unit.RATE

    def __str__(self) -> str:
        return growth_text(self.key, self.value)


@dataclass(frozen=True)
class Delta:
    """A 环比/同比 cell of the township's figures: a count's difference, a rate's percentage points."""

    value: float | None
    is_points: bool
    text: str

    def __str__(self) -> str:
        return self.text


Cell = str | int | float | Pct | Change | Delta


@dataclass(frozen=True)
class Table:
    key: str  # sheet name / section id
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    note: str = ""


def _ym(ym: tuple[int, int]) -> str:
    return f"{ym[0]}年{ym[1]}月"


def _value(r: AnalysisReport, figures: FigureSet | None, key: str) -> Cell:
    if figures is None:
        return "—"
    v = figures.values[key]
    return Pct(v.percent) if isinstance(v, Rate) else v


def figure_table(r: AnalysisReport) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for key in FIGURE_ORDER:
        t, f = r.texts[key], FIGURES[key]
        goal = Pct(f.goal_percent) if f.goal_percent is not None else ""
        unit = "" if t.unit == "%" else t.unit
        ago = Change(key, growth(key, r.figures, r.year_ago)) if r.year_ago is not None else "—"
        label = t.label + ("（暂）" if key in r.figures.provisional else "")
        rows.append((label, _value(r, r.figures, key), _value(r, r.previous, key),
                     Change(key, growth(key, r.figures, r.previous)), _value(r, r.year_ago, key), ago, unit, goal))
    ago_label = r.year_ago_period.label_zh if r.year_ago_period else "—"
    return Table("主要指标", "主要指标", ("指标", "本期", "上期", "环比", "去年同期", "同比", "单位", "目标"), rows,
                 f"上期：{r.previous_period.label_zh}；去年同期：{ago_label}。件数的环比、同比为增减百分比，"
                 "比率的为增减百分点；“暂”为办结未满 90 日、仍可能变动的数。")


def _township_value(f: TownshipFigure) -> Cell:
    if f.is_rate:
        return Pct(f.value)
    return "—" if f.value is None else int(f.value)


def township_table(r: AnalysisReport) -> Table:
    """基层预防与积案化解: prevention's and the key cases' figures with their definitions."""
    rows: list[tuple[Cell, ...]] = [
        (f.label, _township_value(f), "" if f.is_rate else f.unit,
         Delta(f.previous_change, f.is_rate, f.change_text(f.previous_change)),
         Delta(f.year_change, f.is_rate, f.change_text(f.year_change)), f.definition) for f in r.township]
    return Table("基层预防", TOWNSHIP_TITLE, ("指标", "本期", "单位", "环比", "同比", "定义"), rows,
                 "全镇数字（不受统计范围筛选影响），按期末已录入的情况计；件数的环比、同比为增减数，"
                 "比率的为增减百分点；积案化解率为当年1月1日至期末。")


ESCALATION_ZH = {EscalationLevel.COUNTY: "县", EscalationLevel.CITY: "市", EscalationLevel.PROVINCE: "省",
                 EscalationLevel.BEIJING: "进京"}


def late_escalation_table(r: AnalysisReport) -> Table:
    return Table("越级访更正", "更正（本期补录的以前各期越级访）", ("发生日期", "去向", "村（社区）", "录入日期"),
                 [(x.occurred_on.isoformat(), ESCALATION_ZH[x.level], x.village, x.recorded_on.isoformat())
                  for x in r.late_escalations],
                 "以前各期的数字按其期末已录入的情况计，不因补录而改变；补录的越级访在此列明。")


def _top_note(t: TopType) -> str:
    parts = ["并列"] if t.tied else []
    if t.flagged:
        parts.append(f"连续{STREAK_MONTHS}个月以上居前三")
    return "；".join(parts)


def all_tables(r: AnalysisReport) -> list[Table]:
    tabs = [figure_table(r), township_table(r), late_escalation_table(r)]
    tabs.append(Table("月度趋势", "月度受理与化解", ("月份", "受理件数", "化解件数"),
                      [(p.label_zh, p.received, p.resolved) for p in r.trend],
                      "化解件数：当月受理、至当月末（或今日）已化解的件数，按当时的状态计。"))
    for key, title, rows in (("按类别", "按类别", r.by_category), ("按承办部门", "按承办部门", r.by_department),
                             ("按村社区", "按村（社区）", r.by_village)):
        tabs.append(Table(key, title, ("名称", "受理件数", "化解件数"), [(b.label, b.received, b.resolved) for b in rows]))
    tabs.append(Table("前三类型", "受理件数居前三的类型", ("排名", "类型", "件数", "占比", "连续居前三（月）", "提示"),
                      [(f"{t.rank}（并列）" if t.tied else t.rank, CATEGORY_ZH[t.category], t.received,
                        Pct(t.share), t.streak, _top_note(t)) for t in r.top_types]))
    tabs.append(Table("连续居前", f"连续{STREAK_MONTHS}个月以上居前三的类型", ("类型", "起", "止", "月数"),
                      [(CATEGORY_ZH[s.category], _ym(s.first), _ym(s.last), s.months) for s in r.streaks]))
    tabs.append(Table("超期事项", f"{r.serious_overdue_label}（截至{r.as_of.isoformat()}）",
                      ("编号", "信访人", "类别", "承办部门", "登记日期", "办理期限", "超期工作日"),
                      [(o.case_number, o.petitioner, o.category, o.department, o.registered_on.isoformat(),
                        o.handling_due.isoformat(), o.working_days_overdue) for o in r.overdue],
                      _list_note(len(r.overdue), len(r.overdue_ids))))
    tabs.append(Table("重复访", "重复访事项", ("编号", "信访人", "类别", "本期重复次数", "累计次数", "最近一次",
                                          "30日最高次数", "预警（当前／最高）"),
                      [(x.case_number, x.petitioner, x.category, x.visits_in_period, x.total_visits,
                        x.last_visit.isoformat(), x.window_count,
                        f"{LEVEL_ZH[x.current_level]}／{LEVEL_ZH[x.highest_level]}") for x in r.repeats],
                      _list_note(len(r.repeats), r.figures.count("repeat_matters"))))
    tabs.append(Table("领导接访", "领导接访", ("日期", "领导", "地点", "状态", "批次", "人次", "现场解决", "关联来访"),
                      [(s.day.isoformat(), s.leader_name, s.place, "已接访" if s.held else "已排班", s.batches, s.people,
                        s.solved_on_spot, s.visits_linked) for s in r.leader_sessions]))
    tabs.append(Table("更正", "更正（已结账月份的补录事项）", ("编号", "事项状态", "发生日期", "补录日期", "所属月份"),
                      [(c.case_number, STATUS_ZH.get(c.status, c.status.value), c.dated.isoformat(),
                        c.written.isoformat(), c.month) for c in r.corrections],
                      "已结账月份的数字不因补录而改变；补录事项在此列明。"))
    return tabs


LEVEL_ZH = {AlertLevel.GREEN: "绿", AlertLevel.YELLOW: "黄", AlertLevel.RED: "红"}
STATUS_ZH = {MatterStatus.REGISTERED: "已登记", MatterStatus.INTERVIEWED: "已接谈", MatterStatus.CLASSIFIED: "已分类",
             MatterStatus.PENDING_APPROVAL: "待审批", MatterStatus.ASSIGNED: "办理中", MatterStatus.PAUSED: "中止计时",
             MatterStatus.REPLIED: "已答复", MatterStatus.CLOSED: "已办结", MatterStatus.UNDER_REVIEW: "复查中",
             MatterStatus.TERMINATED: "已终结"}


def _list_note(shown: int, total: int) -> str:
    if total > shown:
        return f"共 {total} 件，列出前 {shown} 件；全部见电子台账。"
    return f"共 {total} 件。"


def definitions_table(r: AnalysisReport) -> Table:
    return Table("指标说明", "指标说明", ("指标", "定义", "Definition"),
                 [(r.texts[k].label, r.texts[k].definition, r.texts[k].definition_en) for k in FIGURE_ORDER])
