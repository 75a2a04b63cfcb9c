"""Every number of DOMAIN.md as a typed setting with its default, declared once.

:class:`Rules` is the in-memory value every rule reads; :data:`SETTINGS` is the registry the
settings table, the CLI (``settings show|set``) and the settings screen are built from. Stored
values are text: a period is ``"<amount> working"`` or ``"<amount> calendar"``, an integer is its
decimal digits, the vague phrases a JSON list. Parsing also accepts what an administrator is
likely to type (``"3 个工作日"``, ``"15日"``, phrases separated by ``、`` or commas).

Every refusal is ``ValidationError("bad_setting", key=..., value=..., reason=...)`` (or
``"unknown_setting"`` for a key not in the registry).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from desktop.domain.enums import Complexity, DayUnit, Role
from desktop.domain.errors import ValidationError

__all__ = [
    "SETTINGS",
    "SETTINGS_BY_KEY",
    "Period",
    "Rules",
    "SettingSpec",
    "format_setting",
    "parse_setting",
]

PHRASES = "phrases"  # the ``kind`` of a list-of-phrases setting


@dataclass(frozen=True)
class Period:
    """A time limit with its unit: ``Period(2, DayUnit.WORKING)`` is 2 个工作日."""

    amount: int
    unit: DayUnit

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount < 0:
            raise ValidationError("bad_period", amount=self.amount)
        object.__setattr__(self, "unit", DayUnit(self.unit))

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2 working"``, ``"15 calendar"``, ``"2个工作日"``, ``"15日"``, ``"15天"``."""
        m = _PERIOD_RE.fullmatch(text.strip().lower()) if isinstance(text, str) else None
        if not m:
            raise ValidationError("bad_period", value=text)
        return cls(int(m["amount"]), _UNIT_WORDS[m["unit"]])


_UNIT_WORDS: dict[str, DayUnit] = {
    "working": DayUnit.WORKING,
    "workday": DayUnit.WORKING,
    "workdays": DayUnit.WORKING,
    "working days": DayUnit.WORKING,
    "个工作日": DayUnit.WORKING,
    "工作日": DayUnit.WORKING,
    "calendar": DayUnit.CALENDAR,
    "days": DayUnit.CALENDAR,
    "calendar days": DayUnit.CALENDAR,
    "日": DayUnit.CALENDAR,
    "天": DayUnit.CALENDAR,
    "个自然日": DayUnit.CALENDAR,
    "自然日": DayUnit.CALENDAR,
}
_PERIOD_RE = re.compile(
    r"(?P<amount>\d{1,5})\s*(?P<unit>" + "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True)) + ")"
)


def _working(n: int) -> Period:
    return Period(n, DayUnit.WORKING)


def _calendar(n: int) -> Period:
    return Period(n, DayUnit.CALENDAR)


@dataclass(frozen=True)
class SettingSpec:
    """One administrator-changeable setting. ``key``'s last dotted part is the :class:`Rules` field."""

    key: str
    kind: type | str  # Period, int or PHRASES
    default: Any
    unit: DayUnit | None
    description_zh: str
    description_en: str
    minimum: int | None
    maximum: int | None = None

    @property
    def field_name(self) -> str:
        return self.key.rsplit(".", 1)[1]


def _p(key: str, default: Period, zh: str, en: str, minimum: int = 1, maximum: int = 366) -> SettingSpec:
    return SettingSpec(key, Period, default, default.unit, zh, en, minimum, maximum)


def _i(key: str, default: int, unit: DayUnit | None, zh: str, en: str, minimum: int, maximum: int) -> SettingSpec:
    return SettingSpec(key, int, default, unit, zh, en, minimum, maximum)


SETTINGS: tuple[SettingSpec, ...] = (
    _p("deadline.assign_within", _working(2), "登记后交办时限", "Assign within (after registration)"),
    _p("deadline.simple_limit", _calendar(15), "简单事项办理时限", "Handling limit, simple matter"),
    _p("deadline.complex_limit", _calendar(30), "复杂事项办理时限", "Handling limit, complex matter"),
    _p("deadline.acceptance_notice_within", _calendar(15), "书面告知受理时限（条例第23条）",
       "Written notice of acceptance within (Art. 23)"),
    _p("deadline.remit_objection_within", _working(5), "非本机关职权事项提出异议时限（条例第23条）",
       "Object to a matter outside the remit within (Art. 23)"),
    _p("deadline.petition_route_limit", _calendar(60), "信访程序办结时限（条例第34条）",
       "Petition-route matters closed within (Art. 34)"),
    _p("deadline.max_extension", _calendar(30), "最长延期（条例第34条）", "Longest extension (Art. 34)", minimum=0),
    _p("deadline.evaluation_within", _working(5), "办结后满意度评价时限", "Satisfaction rating within (after closing)"),
    _p("deadline.callback_after", _calendar(15), "办结后回访时间", "Callback after closing"),
    _p("deadline.overdue_reminder_every", _working(3), "超期催办间隔", "Overdue reminder every"),
    _p("deadline.review_request_within", _calendar(30), "申请复查时限（条例第35条）",
       "Review may be requested within (Art. 35)"),
    _p("deadline.review_answer_within", _calendar(30), "复查答复时限（条例第35条）",
       "Review answered within (Art. 35)"),
    _p("deadline.serious_overdue", _working(10), "严重超期（统计）", "Seriously overdue beyond (reports)"),
    _i("warning.repeat_window_days", 30, DayUnit.CALENDAR, "重复来访统计窗口（日）",
       "Repeat-visit window (days, current one included)", 1, 3660),
    _i("warning.yellow_threshold", 2, None, "黄色预警次数", "Visits for a yellow warning", 1, 1000),
    _i("warning.red_threshold", 5, None, "红色预警次数", "Visits for a red warning", 1, 1000),
    _i("intake.max_representatives", 5, None, "集体访代表人数上限（条例第20条）",
       "Most representatives of a group visit (Art. 20)", 1, 100),
    _i("warning.repeat_matter_visits", 3, None, "同一事项计为重复访的次数", "Visits on one matter counted as repeat",
       2, 1000),
    _i("statistics.group_visit_min_people", 5, None, "集体访人数（统计，含本数）",
       "People making a group visit (reports, at least)", 2, 1000),
    _i("security.idle_lock_minutes", 10, None, "无操作自动锁屏（分钟）", "Lock after idle (minutes)", 1, 1440),
    _i("security.lockout_failures", 5, None, "连续登录失败几次后锁定账号", "Failed sign-ins in a row that lock the account",
       1, 100),
    _i("security.lockout_minutes", 15, None, "账号锁定时长（分钟）", "Account lock-out (minutes)", 1, 1440),
    _i("security.password_min_length", 10, None, "密码最短长度", "Shortest password", 8, 128),
    _i("security.password_max_length", 128, None, "密码最大长度", "Longest password", 10, 1024),
    # Capped by the column sizes, so SQLite (which does not enforce them) and PostgreSQL agree.
    _i("limits.name_max_length", 64, None, "姓名最大长度", "Longest petitioner name", 1, 64),
    _i("limits.address_max_length", 200, None, "地址最大长度", "Longest address", 1, 200),
    _i("limits.summary_max_length", 4000, None, "反映事项最大长度", "Longest matter summary", 1, 4000),
    _i("backup.keep", 7, None, "自动备份保留份数", "Automatic backups kept", 1, 365),
    _i("backup.warn_after_days", 2, None, "备份超过几天未成功即提醒", "Warn when the last good backup is older than (days)",
       1, 365),
    SettingSpec("export.masked_roles", PHRASES, ("admin", "clerk", "approver", "case_lead", "inspector"), None,
                "可以导出（脱敏）数据的角色", "Roles that may export (masked) data", None),
    # Key cases, mediation, the review panel, cards, callbacks and channel clocks (desktop/keycases).
    _i("keycases.red_plan_within_hours", 24, None, "红色预警事项专班方案时限（小时）",
       "Plan for a red-warning key case within (hours)", 1, 720),
    _p("keycases.plan_within", _working(5), "其他包案事项方案时限", "Plan for other key cases within"),
    _i("keycases.backlog_after_months", 3, None, "超过几个月未化解列为积案（月）",
       "Unresolved for this many months: backlog (months)", 1, 120),
    _i("keycases.township_members", 3, None, "专班镇干部人数（3+2）", "Task force: township cadres (3+2)", 1, 20),
    _i("keycases.village_members", 2, None, "专班村干部人数（3+2）", "Task force: village cadres (3+2)", 0, 20),
    _i("panel.quorum", 8, None, "评议团到场人数下限", "Review panel: members present at least", 1, 100),
    _i("panel.courts_below", 6, None, "评议平均分低于此分引导司法途径", "Panel average below this: to the courts",
       0, 10),
    _i("panel.green_from", 8, None, "评议平均分达到此分开通绿色通道", "Panel average from this: green channel",
       0, 10),
    _i("cards.grace_working_days", 3, DayUnit.WORKING, "逾期几个工作日（催办后）亮牌",
       "Card after this many working days overdue (after the reminders)", 0, 60),
    _i("callbacks.sample_percent", 20, None, "镇纪委每月随机回访比例（%）", "Monthly random callbacks (percent)",
       1, 100),
    _i("channel.letter_register_workdays", 0, DayUnit.WORKING, "来信登记时限（工作日，0 = 当日）",
       "Letters registered within (working days, 0 = the same day)", 0, 30),
    _i("channel.online_sign_minutes", 120, None, "网上信访签收时限（工作时间分钟）",
       "Online petitions signed for within (working minutes)", 1, 10080),
    _i("channel.hotline_view_minutes", 30, None, "热线工单查看时限（工作时间分钟）",
       "Hotline tickets looked at within (working minutes)", 1, 10080),
    _i("channel.incomplete_letter_hours", 24, None, "要素不全来信联系时限（小时）",
       "Incomplete letter: call or text within (hours)", 1, 720),
    _i("channel.office_opens_minute", 510, None, "办公开始时间（自零点起的分钟数，510 = 8:30）",
       "Office opens (minutes after midnight, 510 = 8:30)", 0, 1439),
    _i("channel.office_closes_minute", 1050, None, "办公结束时间（自零点起的分钟数，1050 = 17:30）",
       "Office closes (minutes after midnight, 1050 = 17:30)", 1, 1440),
    SettingSpec("letter.vague_phrases", PHRASES, ("正在协调", "尽快处理", "研究研究", "原则上", "酌情处理", "适时解决"),
                None, "处理意见书禁用的模糊用语", "Vague phrases not allowed in a decision letter", None),
)  # fmt: skip
SETTINGS_BY_KEY: dict[str, SettingSpec] = {s.key: s for s in SETTINGS}
_SPEC_BY_FIELD: dict[str, SettingSpec] = {s.field_name: s for s in SETTINGS}


@dataclass(frozen=True)
class Rules:
    """The administrator's settings as one immutable value; every rule reads its numbers here."""

    assign_within: Period = _working(2)
    simple_limit: Period = _calendar(15)
    complex_limit: Period = _calendar(30)
    acceptance_notice_within: Period = _calendar(15)
    remit_objection_within: Period = _working(5)
    petition_route_limit: Period = _calendar(60)
    max_extension: Period = _calendar(30)
    evaluation_within: Period = _working(5)
    callback_after: Period = _calendar(15)
    overdue_reminder_every: Period = _working(3)
    review_request_within: Period = _calendar(30)
    review_answer_within: Period = _calendar(30)
    serious_overdue: Period = _working(10)
    repeat_window_days: int = 30
    yellow_threshold: int = 2
    red_threshold: int = 5
    max_representatives: int = 5
    repeat_matter_visits: int = 3
    group_visit_min_people: int = 5
    idle_lock_minutes: int = 10
    lockout_failures: int = 5
    lockout_minutes: int = 15
    password_min_length: int = 10
    password_max_length: int = 128
    name_max_length: int = 64
    address_max_length: int = 200
    summary_max_length: int = 4000
    keep: int = 7
    warn_after_days: int = 2
    masked_roles: tuple[str, ...] = ("admin", "clerk", "approver", "case_lead", "inspector")
    red_plan_within_hours: int = 24
    plan_within: Period = _working(5)
    backlog_after_months: int = 3
    township_members: int = 3
    village_members: int = 2
    quorum: int = 8
    courts_below: int = 6
    green_from: int = 8
    grace_working_days: int = 3
    sample_percent: int = 20
    letter_register_workdays: int = 0
    online_sign_minutes: int = 120
    hotline_view_minutes: int = 30
    incomplete_letter_hours: int = 24
    office_opens_minute: int = 510
    office_closes_minute: int = 1050
    vague_phrases: tuple[str, ...] = field(
        default=("正在协调", "尽快处理", "研究研究", "原则上", "酌情处理", "适时解决")
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            spec = _SPEC_BY_FIELD[f.name]
            object.__setattr__(self, f.name, _check(spec, getattr(self, f.name)))
        if self.red_threshold < self.yellow_threshold:
            # Red must never be reachable before yellow.
            raise ValidationError("bad_setting", key="warning.red_threshold", value=str(self.red_threshold),
                                  reason="below_yellow")
        if self.password_max_length < self.password_min_length:
            raise ValidationError("bad_setting", key="security.password_max_length",
                                  value=str(self.password_max_length), reason="below_minimum")
        roles = {r.value for r in Role}
        unknown = [r for r in self.masked_roles if r not in roles]
        if unknown:
            raise ValidationError("bad_setting", key="export.masked_roles", value=", ".join(unknown),
                                  reason="unknown_role")
        if self.green_from < self.courts_below:
            raise ValidationError("bad_setting", key="panel.green_from", value=str(self.green_from),
                                  reason="below_courts")
        if self.office_closes_minute <= self.office_opens_minute:
            raise ValidationError("bad_setting", key="channel.office_closes_minute",
                                  value=str(self.office_closes_minute), reason="before_opening")

    def handling_limit(self, complexity: Complexity) -> Period:
        return self.complex_limit if Complexity(complexity) is Complexity.COMPLEX else self.simple_limit

    def value_of(self, key: str) -> Any:
        return getattr(self, _spec(key).field_name)

    def with_setting(self, key: str, value: Any) -> Rules:
        """A copy with one setting changed (``value`` typed, or text as stored)."""
        spec = _spec(key)
        typed = parse_setting(key, value) if isinstance(value, str) else value
        return replace(self, **{spec.field_name: typed})

    @classmethod
    def from_mapping(cls, values: Mapping[str, str], *, strict: bool = False) -> Rules:
        """Build from stored text; missing keys keep their defaults.

        Keys not in :data:`SETTINGS` are ignored (the table may hold other settings) unless
        ``strict``, when they raise ``unknown_setting``.
        """
        typed: dict[str, Any] = {}
        for key, text in values.items():
            spec = SETTINGS_BY_KEY.get(key)
            if spec is None:
                if strict:
                    raise ValidationError("unknown_setting", key=key, value=text)
                continue
            typed[spec.field_name] = parse_setting(key, text)
        return cls(**typed)

    def to_mapping(self) -> dict[str, str]:
        return {s.key: format_setting(s.key, getattr(self, s.field_name)) for s in SETTINGS}


def _spec(key: str) -> SettingSpec:
    spec = SETTINGS_BY_KEY.get(key)
    if spec is None:
        raise ValidationError("unknown_setting", key=key)
    return spec


def _bad(spec: SettingSpec, value: Any, reason: str) -> ValidationError:
    shown = value if isinstance(value, str) else _format_loose(value)
    return ValidationError("bad_setting", key=spec.key, value=shown, reason=reason,
                           minimum=spec.minimum, maximum=spec.maximum)


def _format_loose(value: Any) -> str:
    if isinstance(value, tuple | list):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def _check(spec: SettingSpec, value: Any) -> Any:
    """Type and range check of a typed value; returns it normalised (list -> tuple)."""
    if spec.kind is Period:
        if not isinstance(value, Period):
            raise _bad(spec, value, "not_a_period")
        amount = value.amount
    elif spec.kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _bad(spec, value, "not_an_integer")
        amount = value
    else:
        if isinstance(value, str) or not isinstance(value, tuple | list):
            raise _bad(spec, value, "not_a_list")
        cleaned = tuple(value)
        if any(not isinstance(p, str) for p in cleaned):
            raise _bad(spec, value, "not_text")
        if any(not p.strip() for p in cleaned):
            raise _bad(spec, value, "empty_phrase")
        if len(set(cleaned)) != len(cleaned):
            raise _bad(spec, value, "duplicate_phrase")
        return tuple(p.strip() for p in cleaned)
    if spec.minimum is not None and amount < spec.minimum:
        raise _bad(spec, value, "below_minimum")
    if spec.maximum is not None and amount > spec.maximum:
        raise _bad(spec, value, "above_maximum")
    return value


def parse_setting(key: str, text: str) -> Any:
    """Stored or typed text -> checked typed value (Period, int or tuple of phrases)."""
    spec = _spec(key)
    if not isinstance(text, str):
        raise _bad(spec, text, "not_text")
    raw = text.strip()
    if spec.kind is Period:
        try:
            value: Any = Period.parse(raw)
        except ValidationError:
            raise _bad(spec, text, "not_a_period") from None
    elif spec.kind is int:
        if not re.fullmatch(r"[+]?\d{1,9}", raw):
            raise _bad(spec, text, "not_an_integer")
        value = int(raw)
    else:
        value = _parse_phrases(spec, raw, text)
    return _check(spec, value)


def _parse_phrases(spec: SettingSpec, raw: str, text: str) -> tuple[str, ...]:
    if raw.startswith("["):
        try:
            loaded = json.loads(raw)
        except json.JSONDecodeError:
            raise _bad(spec, text, "not_a_list") from None
        if not isinstance(loaded, list):
            raise _bad(spec, text, "not_a_list")
        return tuple(loaded)
    # An administrator typing a list: 正在协调、尽快处理 / one per line / commas.
    return tuple(p.strip() for p in re.split(r"[,，、;；\n]", raw) if p.strip())


def format_setting(key: str, value: Any) -> str:
    """Typed value -> the canonical stored text (``"2 working"``, ``"5"``, JSON list)."""
    spec = _spec(key)
    checked = _check(spec, value)
    if spec.kind is PHRASES:
        return json.dumps(list(checked), ensure_ascii=False)
    return str(checked)
