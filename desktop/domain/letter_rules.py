"""Content rules of the decision letter 《处理意见书》 (信访工作条例 Art. 32, DOMAIN.md).

Each required section must say something, and no section may use a vague phrase from
``rules.vague_phrases`` ("正在协调", "尽快处理"…). Problems carry offsets into the section's
text so an editor can highlight them. A phrase is also found when spaces or line breaks were
typed inside it ("尽快 处理").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain.rules_config import Rules

__all__ = ["LETTER_SECTIONS", "LetterProblem", "check_letter_content", "find_vague_phrases"]

# In the order they appear in the letter.
LETTER_SECTIONS: tuple[str, ...] = ("request", "investigation", "findings", "basis", "conclusion", "remedies")

SECTION_EMPTY = "section_empty"
VAGUE_PHRASE = "vague_phrase"


@dataclass(frozen=True)
class LetterProblem:
    code: str  # "section_empty" or "vague_phrase"
    section: str
    phrase: str | None = None
    start: int | None = None  # offsets into the section's text, end exclusive
    end: int | None = None


@lru_cache(maxsize=32)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = [r"\s*".join(map(re.escape, p)) for p in sorted(phrases, key=len, reverse=True) if p]
    return re.compile("|".join(f"({p})" for p in parts)) if parts else None


def find_vague_phrases(text: str, phrases: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """``(phrase, start, end)`` for each non-overlapping occurrence, longest phrase first."""
    pattern = _pattern(tuple(phrases))
    if pattern is None or not text:
        return []
    ordered = sorted((p for p in phrases if p), key=len, reverse=True)
    return [(ordered[m.lastindex - 1], m.start(), m.end()) for m in pattern.finditer(text) if m.lastindex]


def check_letter_content(sections: Mapping[str, str], rules: Rules) -> list[LetterProblem]:
    """Every problem, by section in letter order then by position. Unknown keys are ignored."""
    problems: list[LetterProblem] = []
    for key in LETTER_SECTIONS:
        text = sections.get(key) or ""
        if not any(ch.isalnum() for ch in text):  # blank, or only punctuation like "……"
            problems.append(LetterProblem(SECTION_EMPTY, key))
            continue
        for phrase, start, end in find_vague_phrases(text, rules.vague_phrases):
            problems.append(LetterProblem(VAGUE_PHRASE, key, phrase, start, end))
    return problems
