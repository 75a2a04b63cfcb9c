"""Mainland China telephone numbers: mobiles and landlines, as people actually write them.

Accepted: ``13812345678``, ``138 1234 5678``, ``+86 138-1234-5678``, ``0086 13812345678``,
``0755-26123456``, ``(0371) 6612345``, ``010 8765 4321``, ``+86 10 87654321``, an extension as
``0755-26123456-123``, ``…转123``, ``… ext 123``. Full-width characters from a Chinese IME are
folded first.

Normal forms: a mobile is its 11 digits; a landline is ``<area code with 0>-<local number>``, the
extension kept apart. Refusals are ``ValidationError(code, field="phone")`` with one of
``phone_empty``, ``phone_chars``, ``phone_country``, ``phone_mobile_length``,
``phone_mobile_prefix``, ``phone_area_code``, ``phone_area_code_missing``,
``phone_landline_length``, ``phone_landline_local``, ``phone_extension``, ``phone_format``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from desktop.domain.errors import ValidationError

__all__ = ["Phone", "is_valid_phone", "parse_phone"]

FIELD = "phone"

_EXT_RE = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_ALLOWED = re.compile(r"[\d\s\-()+.]*")


@dataclass(frozen=True)
class Phone:
    kind: Literal["mobile", "landline"]
    number: str  # "13812345678" or "0755-26123456"
    extension: str | None = None

    def __str__(self) -> str:
        return f"{self.number}-{self.extension}" if self.extension else self.number

    @property
    def digits(self) -> str:
        """The number's digits only, without extension (for search and blind indexing)."""
        return self.number.replace("-", "")


def _fail(code: str, **details: object) -> ValidationError:
    return ValidationError(code, field=FIELD, **details)


def parse_phone(text: str) -> Phone:
    s = unicodedata.normalize("NFKC", text or "").strip()
    if not s:
        raise _fail("phone_empty")
    extension = None
    m = _EXT_RE.search(s)
    if m and m.start() > 0:
        extension, s = m.group(1), s[: m.start()]
    if not _ALLOWED.fullmatch(s):
        bad = next(c for c in s if not _ALLOWED.fullmatch(c))
        raise _fail("phone_chars", char=bad)
    groups = re.findall(r"\d+", s)
    digits = "".join(groups)
    if not digits:
        raise _fail("phone_format")

    international = False
    if s.startswith("+"):
        if not digits.startswith("86"):
            raise _fail("phone_country", value=s)
        digits, international = digits[2:], True
    elif digits.startswith("0086"):
        digits, international = digits[4:], True
    elif len(digits) == 13 and digits.startswith("861"):
        digits, international = digits[2:], True
    if international:
        _trim_prefix(groups, len("".join(groups)) - len(digits))
        if not digits.startswith("0") and not (digits.startswith("1") and not digits.startswith("10")):
            digits = "0" + digits  # "+86 755 …", "+86 10 …": the trunk 0 is dropped abroad

    if digits.startswith("1"):
        return _mobile(digits, extension)
    if digits.startswith("0"):
        return _landline(digits, groups, extension)
    if 7 <= len(digits) <= 8:
        raise _fail("phone_area_code_missing")
    raise _fail("phone_format")


def _trim_prefix(groups: list[str], n: int) -> None:
    """Drop ``n`` leading digits (the country prefix) from the digit groups, in place."""
    while n and groups:
        take = min(n, len(groups[0]))
        groups[0] = groups[0][take:]
        n -= take
        if not groups[0]:
            groups.pop(0)


def _mobile(digits: str, extension: str | None) -> Phone:
    if len(digits) != 11:
        raise _fail("phone_mobile_length", length=len(digits))
    if digits[1] not in "3456789":
        raise _fail("phone_mobile_prefix", prefix=digits[:3])
    if extension:
        raise _fail("phone_extension")
    return Phone("mobile", digits)


def _area_code(digits: str) -> str:
    # 010 and 02x are the only short codes; every other code is 0 + three digits.
    if digits[1] == "1":
        if digits[2] != "0":
            raise _fail("phone_area_code", area_code=digits[:4])
        return digits[:3]
    if digits[1] == "2":
        return digits[:3]
    if digits[1] == "0":
        raise _fail("phone_area_code", area_code=digits[:4])
    return digits[:4]


def _landline(digits: str, groups: list[str], extension: str | None) -> Phone:
    if len(digits) < 4:
        raise _fail("phone_landline_length", length=0)
    area = _area_code(digits)
    local = digits[len(area) :]
    wanted = (8,) if len(area) == 3 else (7, 8)
    # "0755-26123456-123": a trailing separated group is an extension when the rest is complete.
    if len(local) not in wanted and extension is None and len(groups) >= 2:
        tail = groups[-1]
        if len(local) - len(tail) in wanted and len(tail) <= 6:
            local, extension = local[: -len(tail)], tail
    if len(local) not in wanted:
        raise _fail("phone_landline_length", length=len(local), area_code=area)
    if local[0] in "01":
        # Local numbers never begin with 0 (trunk prefix) or 1 (special services).
        raise _fail("phone_landline_local", local=local)
    return Phone("landline", f"{area}-{local}", extension)


def is_valid_phone(text: str) -> bool:
    try:
        parse_phone(text)
    except ValidationError:
        return False
    return True
