"""三色预警 counting, and the content rules of the decision letter."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.enums import AlertLevel
from desktop.domain.letter_rules import (
    LETTER_SECTIONS,
    LetterProblem,
    check_letter_content,
    find_vague_phrases,
)
from desktop.domain.repeat_alert import (
    RepeatAssessment,
    alert_level,
    assess_repeat,
    count_in_window,
    is_repeat_matter,
    window_start,
)
from desktop.domain.rules_config import Rules

RULES = Rules()
TODAY = date(2025, 10, 15)


def test_window_includes_today_and_29_days_before():
    assert window_start(TODAY, 30) == date(2025, 9, 16)
    inside = [TODAY, date(2025, 9, 16)]
    outside = [date(2025, 9, 15), date(2025, 10, 16)]  # one day too old, and a future date
    assert count_in_window(inside + outside, TODAY, 30) == 2
    assert count_in_window([datetime(2025, 9, 16, 8, 0)], TODAY, 30) == 1
    assert count_in_window([], TODAY, 30) == 0
    assert count_in_window([TODAY], TODAY, 1) == 1
    assert count_in_window([TODAY - timedelta(days=1)], TODAY, 1) == 0
    with pytest.raises(ValueError):
        count_in_window([TODAY], TODAY, 0)


@pytest.mark.parametrize(("count", "level"), [(0, "green"), (1, "green"), (2, "yellow"), (4, "yellow"),
                                              (5, "red"), (40, "red")])
def test_default_thresholds(count, level):
    assert alert_level(count, RULES) is AlertLevel(level)


def test_thresholds_come_from_the_settings():
    rules = Rules.from_mapping({"warning.yellow_threshold": "3", "warning.red_threshold": "3"})
    assert alert_level(2, rules) is AlertLevel.GREEN
    assert alert_level(3, rules) is AlertLevel.RED


def test_assessment_with_the_current_visit_included():
    earlier = [TODAY - timedelta(days=d) for d in (3, 10, 20, 29, 30, 45)]
    got = assess_repeat([*earlier, TODAY], TODAY, RULES)
    assert got == RepeatAssessment(5, AlertLevel.RED, "red_threshold_reached")
    assert assess_repeat([TODAY], TODAY, RULES) == RepeatAssessment(1, AlertLevel.GREEN, "below_yellow_threshold")
    assert assess_repeat([TODAY, TODAY], TODAY, RULES).reason_code == "yellow_threshold_reached"
    shorter = Rules.from_mapping({"warning.repeat_window_days": "7"})
    assert assess_repeat([*earlier, TODAY], TODAY, shorter).count == 2


def test_repeat_matter():
    assert not is_repeat_matter(2, RULES)
    assert is_repeat_matter(3, RULES)


@given(st.lists(st.dates(date(2025, 1, 1), date(2025, 12, 31)), max_size=30), st.integers(1, 60))
def test_count_matches_a_plain_definition(dates, window):
    expected = sum(1 for d in dates if 0 <= (TODAY - d).days < window)
    assert count_in_window(dates, TODAY, window) == expected


# --- decision letter -----------------------------------------------------------------------

GOOD = {
    "request": "申请人请求补发2024年度耕地地力保护补贴。",
    "investigation": "2025年3月5日走访村委会，调取发放台账。",
    "findings": "经查，申请人承包地面积登记有误，导致补贴少发。",
    "basis": "依据《耕地地力保护补贴资金管理办法》第八条。",
    "conclusion": "支持。由镇农业服务中心于10日内补发。",
    "remedies": "如不服本意见，可在收到之日起30日内向县信访局申请复查。",
}


def test_a_good_letter_has_no_problems():
    assert check_letter_content(GOOD, RULES) == []
    assert LETTER_SECTIONS == ("request", "investigation", "findings", "basis", "conclusion", "remedies")


def test_empty_and_missing_sections():
    letter = dict(GOOD, basis="   \n", conclusion="……")
    del letter["remedies"]
    got = check_letter_content(letter, RULES)
    assert got == [
        LetterProblem("section_empty", "basis"),
        LetterProblem("section_empty", "conclusion"),
        LetterProblem("section_empty", "remedies"),
    ]
    assert [p.section for p in check_letter_content({}, RULES)] == list(LETTER_SECTIONS)


def test_vague_phrases_with_offsets():
    text = "目前正在协调，将尽快 处理。"
    got = check_letter_content(dict(GOOD, conclusion=text), RULES)
    assert got == [
        LetterProblem("vague_phrase", "conclusion", "正在协调", 2, 6),
        LetterProblem("vague_phrase", "conclusion", "尽快处理", 8, 13),
    ]
    assert text[2:6] == "正在协调" and text[8:13] == "尽快 处理"


def test_every_occurrence_in_every_section_is_found():
    letter = dict(GOOD, findings="原则上同意，原则上可行。", remedies="酌情处理")
    got = [(p.section, p.phrase, p.start) for p in check_letter_content(letter, RULES)]
    assert got == [("findings", "原则上", 0), ("findings", "原则上", 6), ("remedies", "酌情处理", 0)]


def test_phrases_come_from_the_settings():
    letter = dict(GOOD, conclusion="研究后再议。")
    assert check_letter_content(letter, RULES) == []
    custom = Rules.from_mapping({"letter.vague_phrases": '["再议"]'})
    assert check_letter_content(letter, custom) == [LetterProblem("vague_phrase", "conclusion", "再议", 3, 5)]
    none = Rules.from_mapping({"letter.vague_phrases": "[]"})
    assert check_letter_content(dict(GOOD, conclusion="正在协调"), none) == []


def test_longest_phrase_wins_when_they_overlap():
    assert find_vague_phrases("研究研究", ("研究", "研究研究")) == [("研究研究", 0, 4)]
    assert find_vague_phrases("a.b", ("a.b",)) == [("a.b", 0, 3)]
    assert find_vague_phrases("axb", ("a.b",)) == []  # regex characters are literal
