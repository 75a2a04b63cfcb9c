"""CLI words for prevention's refusals and the screening sheet's row problems (zh, en)."""

from __future__ import annotations

PREVENTION_MESSAGES: dict[str, tuple[str, str]] = {
    "outside_own_area": ("只能填报本村（本网格）的排查情况", "You may only report for your own village or grid"),
    "village_not_found": ("找不到村（社区）：{village}", "No such village: {village}"),
    "unknown_column": ("{path}：未知的列“{column}”", "{path}: unknown column “{column}”"),
    "bad_rhythm": ("报告频次无效：{value}（daily、weekly 1–7 或 monthly）",
                   "Invalid rhythm: {value} (daily, weekly 1–7 or monthly)"),
    "screening_not_open": ("该排查事项已办结或已转为信访事项", "The item is already resolved or turned into a matter"),
    "follow_up_before_report": ("跟进时间早于上报时间", "The follow-up is dated before the report"),
    "key_person_exists": ("此人已在重点人员名册中", "This person is already on the key-person register"),
    "cadre_required": ("请指定一对一责任干部", "Name the responsible cadre (一对一)"),
    "contact_rhythm_invalid": ("联系频次至少为每 1 日", "The contact rhythm is at least every day"),
    "escalation_has_matter": ("该越级访已关联信访事项", "The escalated visit already has a matter"),
}

ROW_PROBLEMS: dict[str, tuple[str, str]] = {
    "unknown_reporter_kind": ("报告单位类型应为 网格/村/单位", "reporter_kind must be 网格/村/单位"),
    "unknown_level": ("等级应为 红/黄/绿", "level must be 红/黄/绿"),
    "unknown_screening_status": ("状态应为 化解/调处中", "status must be 化解/调处中"),
    "people_invalid": ("涉及人数应为非负整数", "people must be a whole number"),
    "zero_report_with_content": ("零报告不能填写其他内容", "a zero report has no other content"),
    "occurred_after_reported": ("发生时间晚于上报时间", "occurred after it was reported"),
    "village_not_found": ("村（社区）不存在", "no such village"),
    "outside_own_area": ("不是本人负责的村（网格）", "not your own village or grid"),
    "too_long": ("内容太长", "too long"),
    "unknown_column": ("未知的列", "unknown column"),
}
