"""Words printed on the documents for the domain's code names.

The documents are Chinese official papers by nature, so these words belong to the document
layout, not to the UI's translations.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.enums import Channel, Complexity, Outcome, SignerRole

OUTCOME = {
    Outcome.SUPPORT: "支持",
    Outcome.EXPLAIN: "解释说明",
    Outcome.REJECT: "不予支持",
}

OUTCOME_SENTENCE = {
    Outcome.SUPPORT: "对你的信访请求予以支持。",
    Outcome.EXPLAIN: "对你的信访请求作出解释说明。",
    Outcome.REJECT: "对你的信访请求不予支持。",
}

SIGNER_ROLE = {
    SignerRole.DEPT_HEAD: "承办部门负责人",
    SignerRole.CASE_LEAD: "包案领导",
}

CHANNEL = {
    Channel.VISIT: "来访",
    Channel.LETTER: "来信",
    Channel.ONLINE: "网上",
    Channel.PHONE: "电话",
}

COMPLEXITY = {
    Complexity.SIMPLE: "简单事项",
    Complexity.COMPLEX: "复杂事项",
}

_HANZI_DIGITS = "〇一二三四五六七八九"


def cn_date(d: date, *, hanzi: bool = False) -> str:
    """``2026年3月5日`` — GB/T 9704-2012 §7.3.5.1 writes the 成文日期 with Arabic numerals in full.

    ``hanzi=True`` gives the older style ``二〇二六年三月五日`` for offices that still use it.
    """
    if not hanzi:
        return f"{d.year}年{d.month}月{d.day}日"
    year = "".join(_HANZI_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_hanzi_number(d.month)}月{_hanzi_number(d.day)}日"


def _hanzi_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _HANZI_DIGITS[ones]
    head = "十" if tens == 1 else _HANZI_DIGITS[tens] + "十"
    return head + (_HANZI_DIGITS[ones] if ones else "")
