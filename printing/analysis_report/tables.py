"""The tables of 《信访工作分析报告》 as rows of text, shared by the PDF and the XLSX so both print
exactly the same cells (the numbers themselves come from ``desktop.statistics.report``)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.statistics.breakdowns import CATEGORY_ZH, STREAK_MONTHS
from desktop.statistics.catalog import FIGURES
from desktop.statistics.report import AnalysisReport
from desktop.statistics.values import change_text

__all__ = ["Table", "all_tables", "figure_table"]

# The order the figures are printed in: the office's headline numbers first.
FIGURE_ORDER = (
    "received", "restricted_received", "resolved", "resolution_rate", "first_contact", "first_contact_rate",
    "on_time", "on_time_rate", "evaluated", "satisfied", "dissatisfied", "satisfaction_rate", "visits",
    "repeat_matters", "repeat_visits", "repeat_petitioners", "group_visits", "group_people", "reviews_opened",
    "reviews_upheld", "reviews_changed", "reviews_pending", "seriously_overdue", "leader_sessions",
    "leader_batches", "leader_people", "leader_solved",
)
assert set(FIGURE_ORDER) == set(FIGURES)  # a new figure must be placed in the report


@dataclass(frozen=True)
class Table:
    key: str  # sheet name / section id
    title: str
    header: tuple[str, ...]
    rows: list[tuple[str | int | float, ...]]
    note: str = ""


def _ym(ym: tuple[int, int]) -> str:
    return f"{ym[0]}年{ym[1]}月"


def figure_table(r: AnalysisReport) -> Table:
    rows: list[tuple[str | int | float, ...]] = []
    for key in FIGURE_ORDER:
        t, f = r.texts[key], FIGURES[key]
        goal = f"≥ {f.goal_percent:.0f}%" if f.goal_percent is not None else ""
        unit = "" if t.unit == "%" else t.unit
        rows.append((t.label, r.figures.display(key), r.previous.display(key),
                     change_text(key, r.figures.change(key, r.previous)), unit, goal))
    return Table("主要指标", "主要指标", ("指标", "本期", "上期", "变化", "单位", "目标"), rows,
                 f"上期：{r.previous_period.label_zh}。")


def all_tables(r: AnalysisReport) -> list[Table]:
    tabs = [figure_table(r)]
    tabs.append(Table("月度趋势", "月度受理与化解", ("月份", "受理件数", "化解件数"),
                      [(p.label, p.received, p.resolved) for p in r.trend],
                      "化解件数：当月受理、至当月末（或今日）已办结的件数。"))
    for key, title, rows in (("按类别", "按类别", r.by_category), ("按承办部门", "按承办部门", r.by_department),
                             ("按村社区", "按村（社区）", r.by_village)):
        tabs.append(Table(key, title, ("名称", "受理件数", "化解件数"), [(b.label, b.received, b.resolved) for b in rows]))
    tabs.append(Table("前三类型", "受理件数居前三的类型", ("排名", "类型", "件数", "占比", "连续居前三（月）", "提示"),
                      [(t.rank, CATEGORY_ZH[t.category], t.received, "—" if t.share is None else f"{t.share:.1f}%",
                        t.streak, f"连续{STREAK_MONTHS}个月以上居前三" if t.flagged else "") for t in r.top_types]))
    tabs.append(Table("连续居前", f"连续{STREAK_MONTHS}个月以上居前三的类型", ("类型", "起", "止", "月数"),
                      [(CATEGORY_ZH[s.category], _ym(s.first), _ym(s.last), s.months) for s in r.streaks]))
    tabs.append(Table("超期事项", f"{r.serious_overdue_label}（截至{r.as_of.isoformat()}）",
                      ("编号", "信访人", "类别", "承办部门", "登记日期", "办理期限", "超期工作日"),
                      [(o.case_number, o.petitioner, o.category, o.department, o.registered_on.isoformat(),
                        o.handling_due.isoformat(), o.working_days_overdue) for o in r.overdue],
                      _list_note(len(r.overdue), len(r.overdue_ids))))
    tabs.append(Table("重复访", "重复访事项", ("编号", "信访人", "类别", "累计次数", "本期次数", "最近一次"),
                      [(x.case_number, x.petitioner, x.category, x.total_visits, x.visits_in_period,
                        x.last_visit.isoformat()) for x in r.repeats],
                      _list_note(len(r.repeats), r.figures.count("repeat_matters"))))
    tabs.append(Table("领导接访", "领导接访", ("日期", "领导", "地点", "状态", "批次", "人次", "现场解决", "关联来访"),
                      [(s.day.isoformat(), s.leader_name, s.place, "已接访" if s.held else "已排班", s.batches, s.people,
                        s.solved_on_spot, s.visits_linked) for s in r.leader_sessions]))
    return tabs


def _list_note(shown: int, total: int) -> str:
    if total > shown:
        return f"共 {total} 件，列出前 {shown} 件；全部见电子台账。"
    return f"共 {total} 件。"


def definitions_table(r: AnalysisReport) -> Table:
    return Table("指标说明", "指标说明", ("指标", "定义", "Definition"),
                 [(r.texts[k].label, r.texts[k].definition, r.texts[k].definition_en) for k in FIGURE_ORDER])
