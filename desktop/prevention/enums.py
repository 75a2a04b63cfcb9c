"""The prevention vocabulary as enums (stored code names; words for people live in ``ui/`` and the CLI)."""

from __future__ import annotations

from enum import StrEnum


class ReporterKind(StrEnum):
    """Who reports screening items, each with its own rhythm (a setting)."""

    GRID = "grid"  # 网格 / 社: daily
    VILLAGE = "village"  # 村: weekly, on a set weekday
    UNIT = "unit"  # 镇属单位: monthly


class ScreeningStatus(StrEnum):
    HANDLING = "handling"  # 调处中
    RESOLVED = "resolved"  # 化解
    CONVERTED = "converted"  # 转为信访事项


class KeyPersonKind(StrEnum):
    KEY_PERSON = "key_person"  # 重点人员
    LONG_TERM = "long_term"  # 上访老户


class KeyPersonStatus(StrEnum):
    STABLE = "stable"  # 稳定
    WATCH = "watch"  # 关注
    LOST = "lost"  # 失控


class ContactKind(StrEnum):
    VISIT = "visit"  # 走访
    CALL = "call"  # 电话
    HELP = "help"  # 帮扶


class EscalationLevel(StrEnum):
    """Where a 越级访 went, above the township."""

    COUNTY = "county"  # 县
    CITY = "city"  # 市
    PROVINCE = "province"  # 省
    BEIJING = "beijing"  # 进京


class EscalationSource(StrEnum):
    NOTICE = "notice"  # 通报
    ASSIGNMENT = "assignment"  # 交办
