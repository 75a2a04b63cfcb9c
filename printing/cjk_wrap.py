"""Chinese line breaking (避头尾, GB/T 15834 / GB/T 9704) on top of ReportLab's own CJK wrapping.

ReportLab's ``wordWrap='CJK'`` splits a paragraph glyph by glyph (``cjkFragSplit``) with the kinsoku
tables of :mod:`reportlab.lib.textsplit`, but it resolves a closing mark at a line's end by letting it
*hang* into the right margin (a full-width 。，） sticks out 5.5 mm past the 156 mm text block) and it
ignores the table of marks that may not end a line. Official documents do the other thing the
standard allows: pull the previous character down to the next line. This module keeps ReportLab's
glyph list (``cjkU``), line objects (``makeCJKParaLine``) and tables, and replaces only the choice
of where a line ends; :func:`install` puts it in place of ``cjkFragSplit`` for every paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import textsplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import _FUZZ

# ReportLab's tables are Japanese-centric: Chinese full-width ，；：！？》’”… and the closing brackets
# 〕〉」』 may not open a line either (GB/T 15834-2011 §5.1.7), nor may 〔〈 end one.
CN_CANNOT_START = "，；：！？）》〉」』〕】’”…％"
CN_CANNOT_END = "（《〈「『〔【‘“"

for _table in ("ALL_CANNOT_START",):
    for _mod in (textsplit, rl_paragraph):  # both modules keep their own copy of the string
        _have = getattr(_mod, _table)
        setattr(_mod, _table, _have + "".join(c for c in CN_CANNOT_START if c not in _have))
CANNOT_START = frozenset(textsplit.ALL_CANNOT_START)
CANNOT_END = frozenset(textsplit.ALL_CANNOT_END + CN_CANNOT_END)


def _is_word_char(ch: str) -> bool:
    """A character of a Latin word or number (case numbers, dates in digits, URLs): not split."""
    return bool(ch) and ord(ch) < 0x2E80 and not ch.isspace()


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def break_before(chars: Sequence[str], start: int, overflow: int) -> int:
    """Where the line that began at ``start`` ends, given that ``chars[overflow]`` no longer fits:
    never inside a Latin word when the line holds something else, never before a mark that may not
    start a line, never after one that may not end a line. Characters move down, nothing hangs."""
    b = overflow
    if _is_word_char(chars[b]) and _is_word_char(chars[b - 1]):
        j = b
        while j > start and _is_word_char(chars[j - 1]):
            j -= 1
        if j > start:
            b = j
    first = b
    while b > start + 1 and (chars[b] in CANNOT_START or chars[b - 1] in CANNOT_END):
        b -= 1
    if chars[b] in CANNOT_START or chars[b - 1] in CANNOT_END:
        return first  # a line made only of marks: nothing better exists
    return b


def cjk_frag_split(frags: list[Any], maxWidths: list[float], calcBounds: Any, encoding: str = "utf8") -> Any:  # noqa: N803
    """Drop-in for ReportLab's ``cjkFragSplit`` that pulls characters down instead of hanging them."""
    glyphs: list[Any] = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            glyphs.extend(rl_paragraph.cjkU(t, f, encoding) for t in text)
        else:
            glyphs.append(rl_paragraph.cjkU(text, f, encoding))
    lines: list[Any] = []
    start = i = 0
    max_width = maxWidths[0]
    used = 0.0

    def close(end: int, forced: bool) -> None:
        nonlocal start, used, max_width
        width = sum(_width(u, max_width) for u in glyphs[start:end])
        lines.append(rl_paragraph.makeCJKParaLine(glyphs[start:end], max_width, width, max_width - width,
                                                  forced, calcBounds))
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        start, used = end, 0.0

    n = len(glyphs)
    while i < n:
        u = glyphs[i]
        if hasattr(u.frag, "lineBreak"):
            i += 1
            close(i, True)
            continue
        w = _width(u, max_width)
        if used + w > max_width + _FUZZ and i > start:
            i = break_before(glyphs, start, i)
            close(i, False)
            continue
        used += w
        i += 1
    if start < n:
        close(n, False)
    return rl_paragraph.ParaLines(kind=1, lines=lines)


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _char_widths(text: str, font: str, size: float) -> list[float]:
    """``textsplit.getCharWidths`` with a per-font table: a table cell is wrapped again at every page
    it splits over, and measuring each character anew dominated a 10,000-character form."""
    table = _WIDTHS.setdefault((font, size), {})
    out = []
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = stringWidth(ch, font, size)
        out.append(w)
    return out


def word_split(word: str | bytes, maxWidths: list[float] | float, fontName: str, fontSize: float,  # noqa: N803
               encoding: str = "utf8") -> list[list[Any]]:
    """Drop-in for ``textsplit.wordSplit``, which ReportLab uses for a paragraph of a single font run:
    ``[[unused width, line text], ...]`` with the same choice of line ends as :func:`cjk_frag_split`."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    widths = _char_widths(text, fontName, fontSize)
    limits = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
    lines: list[list[Any]] = []
    start = i = 0
    used = 0.0
    max_width = limits[0]
    while i < len(text):
        if used + widths[i] > max_width + _FUZZ and i > start:
            i = break_before(text, start, i)
            lines.append([max_width - sum(widths[start:i]), text[start:i]])
            max_width = limits[min(len(lines), len(limits) - 1)]
            start, used = i, 0.0
            continue
        used += widths[i]
        i += 1
    if start < len(text) or not lines:
        lines.append([max_width - sum(widths[start:]), text[start:]])
    if isinstance(word, bytes):
        return [[space, line.encode(encoding)] for space, line in lines]
    return lines


def install() -> None:
    """Every CJK paragraph (``wordWrap='CJK'``) from now on breaks lines by these functions: ReportLab
    calls ``cjkFragSplit`` for mixed fonts and ``wordSplit`` for a paragraph in one font."""
    rl_paragraph.cjkFragSplit = cjk_frag_split
    rl_paragraph.wordSplit = word_split


install()
