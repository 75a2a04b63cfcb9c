"""Prevention's enums in words. Kept apart from ``ui.words.WORDS``: StrEnum members with the same value
(ContactKind.VISIT and Channel.VISIT are both "visit") would be one key there."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.enums import Risk
from desktop.prevention.enums import (
    ContactKind,
    EscalationLevel,
    EscalationSource,
    KeyPersonKind,
    KeyPersonStatus,
    ReporterKind,
    ScreeningStatus,
)
from ui.i18n import N_, tr

_WORDS: dict[tuple[type, str], str] = {
    (ReporterKind, "grid"): N_("网格"), (ReporterKind, "village"): N_("村"), (ReporterKind, "unit"): N_("单位"),
    (ScreeningStatus, "handling"): N_("调处中"), (ScreeningStatus, "resolved"): N_("化解"),
    (ScreeningStatus, "converted"): N_("转为信访事项"),
    (KeyPersonKind, "key_person"): N_("重点人员"), (KeyPersonKind, "long_term"): N_("上访老户"),
    (KeyPersonStatus, "stable"): N_("稳定"), (KeyPersonStatus, "watch"): N_("关注"),
    (KeyPersonStatus, "lost"): N_("失控"),
    (ContactKind, "visit"): N_("走访"), (ContactKind, "call"): N_("电话"), (ContactKind, "help"): N_("帮扶"),
    (EscalationLevel, "county"): N_("县"), (EscalationLevel, "city"): N_("市"),
    (EscalationLevel, "province"): N_("省"), (EscalationLevel, "beijing"): N_("进京"),
    (EscalationSource, "notice"): N_("通报"), (EscalationSource, "assignment"): N_("交办"),
    (Risk, "red"): N_("红"), (Risk, "yellow"): N_("黄"), (Risk, "green"): N_("绿"),
}  # fmt: skip


def pword(member: StrEnum) -> str:
    text = _WORDS.get((type(member), member.value))
    return tr(text) if text else str(member)
