"""Masked display of personal data (exports, lists, screens for roles not entitled to see it).

Masking never fails and never leaks more than it should: text that does not parse as what it
should be is masked more, not less.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.domain.errors import ValidationError
from desktop.domain.phone import parse_phone

__all__ = ["COMPOUND_SURNAMES", "mask_id_number", "mask_name", "mask_phone"]

STAR = "*"

# Two-character surnames common enough that "欧阳娜娜" should show as "欧阳**".
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
        "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "万俟", "闻人", "澹台", "公冶", "宗政", "濮阳", "淳于",
        "单于", "太叔", "申屠", "赫连", "钟离", "东郭", "呼延", "百里", "第五", "左丘", "拓跋", "司空", "公羊",
    }
)
_NAME_SEPARATORS = frozenset(" ·•・.")
_HIDDEN_DIGITS = 4  # 10**4 candidates at least


def mask_id_number(text: str | None) -> str:
    """``"11010519491231002X"`` -> ``"110105********002X"``: region and last four kept."""
    s = re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", text or "")).upper()
    if len(s) < 12:
        return STAR * len(s)  # too short to keep 10 characters and still hide the birth date
    return s[:6] + STAR * (len(s) - 10) + s[-4:]


def mask_phone(text: str | None) -> str:
    """``"13812345678"`` -> ``"138****5678"``; ``"0755-26123456"`` -> ``"0755-****3456"``;
    ``"0755-2612345"`` -> ``"0755-****345"``. At least 4 digits are always hidden, so a mask never narrows a
    number below 10,000 candidates (the area code of a township's landlines is known anyway)."""
    if not text or not text.strip():
        return ""
    try:
        phone = parse_phone(text)
    except ValidationError:
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text))
        if len(digits) < 8:
            return STAR * len(digits)
        head = 3 if len(digits) >= 11 else 0
        tail = min(4, len(digits) - _HIDDEN_DIGITS - head)
        return digits[:head] + STAR * (len(digits) - head - tail) + digits[len(digits) - tail:]
    if phone.kind == "mobile":
        return phone.number[:3] + STAR * 4 + phone.number[-4:]
    area, local = phone.number.split("-")
    tail = min(4, len(local) - _HIDDEN_DIGITS)
    return f"{area}-{STAR * (len(local) - tail)}{local[len(local) - tail:]}"


def mask_name(text: str | None) -> str:
    """``"张三"`` -> ``"张*"``, ``"张三丰"`` -> ``"张**"``, ``"欧阳娜娜"`` -> ``"欧阳**"``,
    ``"买买提·艾力"`` -> ``"买**·**"``. A one-character name is fully masked."""
    name = (text or "").strip()
    if len(name) <= 1:
        return STAR * len(name)
    keep = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:keep] + "".join(c if c in _NAME_SEPARATORS else STAR for c in name[keep:])
