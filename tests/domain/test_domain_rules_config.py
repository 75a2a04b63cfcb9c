"""The settings registry: defaults from DOMAIN.md, stored text round trip, validation."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.enums import Complexity, DayUnit
from desktop.domain.errors import ValidationError
from desktop.domain.rules_config import (
    SETTINGS,
    SETTINGS_BY_KEY,
    Period,
    Rules,
    format_setting,
    parse_setting,
)

W, C = DayUnit.WORKING, DayUnit.CALENDAR


def test_defaults_are_the_numbers_of_the_domain():
    r = Rules()
    assert r.assign_within == Period(2, W)
    assert (r.simple_limit, r.complex_limit) == (Period(15, C), Period(30, C))
    assert r.acceptance_notice_within == Period(15, C)
    assert r.remit_objection_within == Period(5, W)
    assert (r.petition_route_limit, r.max_extension) == (Period(60, C), Period(30, C))
    assert r.evaluation_within == Period(5, W)
    assert r.callback_after == Period(15, C)
    assert r.overdue_reminder_every == Period(3, W)
    assert r.review_request_within == r.review_answer_within == Period(30, C)
    assert r.serious_overdue == Period(10, W)
    assert (r.repeat_window_days, r.yellow_threshold, r.red_threshold) == (30, 2, 5)
    assert (r.max_representatives, r.repeat_matter_visits, r.idle_lock_minutes) == (5, 3, 10)
    assert "正在协调" in r.vague_phrases and "尽快处理" in r.vague_phrases


def test_registry_covers_every_field_once_with_matching_default():
    names = [f.name for f in fields(Rules)]
    assert sorted(s.field_name for s in SETTINGS) == sorted(names)
    assert len(SETTINGS_BY_KEY) == len(SETTINGS)
    r = Rules()
    for spec in SETTINGS:
        assert getattr(r, spec.field_name) == spec.default, spec.key
        assert spec.description_zh and spec.description_en
        assert "." in spec.key
        if spec.kind is Period:
            assert spec.unit == spec.default.unit
    assert SETTINGS_BY_KEY["warning.yellow_threshold"].kind is int


def test_mapping_round_trip_and_stored_text():
    m = Rules().to_mapping()
    assert m["deadline.assign_within"] == "2 working"
    assert m["deadline.simple_limit"] == "15 calendar"
    assert m["warning.yellow_threshold"] == "2"
    assert json.loads(m["letter.vague_phrases"])[0] == "正在协调"
    assert Rules.from_mapping(m) == Rules()


def test_from_mapping_changes_only_given_keys():
    r = Rules.from_mapping({"deadline.assign_within": "3 working", "warning.red_threshold": "6"})
    assert r.assign_within == Period(3, W)
    assert r.red_threshold == 6
    assert r.simple_limit == Period(15, C)


def test_unknown_keys_ignored_unless_strict():
    assert Rules.from_mapping({"ui.language": "en"}) == Rules()
    with pytest.raises(ValidationError) as info:
        Rules.from_mapping({"ui.language": "en"}, strict=True)
    assert info.value.code == "unknown_setting"
    with pytest.raises(ValidationError) as info:
        parse_setting("deadline.nope", "2 working")
    assert info.value.code == "unknown_setting"


@pytest.mark.parametrize(
    ("key", "text", "reason"),
    [
        ("deadline.assign_within", "two working", "not_a_period"),
        ("deadline.assign_within", "2 fortnights", "not_a_period"),
        ("deadline.assign_within", "-2 working", "not_a_period"),
        ("deadline.simple_limit", "0 calendar", "below_minimum"),
        ("deadline.simple_limit", "9999 calendar", "above_maximum"),
        ("warning.yellow_threshold", "2.5", "not_an_integer"),
        ("warning.yellow_threshold", "0", "below_minimum"),
        ("warning.yellow_threshold", "", "not_an_integer"),
        ("letter.vague_phrases", '["a", ""]', "empty_phrase"),
        ("letter.vague_phrases", '["a", "a"]', "duplicate_phrase"),
        ("letter.vague_phrases", "[not json", "not_a_list"),
        ("letter.vague_phrases", '["a", 1', "not_a_list"),
        ("letter.vague_phrases", "[1, 2]", "not_text"),
    ],
)
def test_bad_settings_are_refused_with_key_and_value(key, text, reason):
    with pytest.raises(ValidationError) as info:
        Rules.from_mapping({key: text})
    assert info.value.code == "bad_setting"
    assert info.value.details["key"] == key
    assert info.value.details["value"] == text
    assert info.value.details["reason"] == reason


def test_red_below_yellow_is_refused():
    with pytest.raises(ValidationError) as info:
        Rules.from_mapping({"warning.yellow_threshold": "6"})
    assert info.value.details["key"] == "warning.red_threshold"
    assert info.value.details["reason"] == "below_yellow"
    assert Rules.from_mapping({"warning.yellow_threshold": "5"}).yellow_threshold == 5


def test_extension_may_be_zero_but_limits_may_not():
    assert parse_setting("deadline.max_extension", "0 calendar") == Period(0, C)
    with pytest.raises(ValidationError):
        parse_setting("deadline.assign_within", "0 working")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("3 working", Period(3, W)),
        (" 3  WORKING ", Period(3, W)),
        ("3个工作日", Period(3, W)),
        ("3 个工作日", Period(3, W)),
        ("20日", Period(20, C)),
        ("20 天", Period(20, C)),
        ("20 calendar", Period(20, C)),
    ],
)
def test_period_text_an_administrator_might_type(text, period):
    assert parse_setting("deadline.complex_limit", text) == period
    assert format_setting("deadline.complex_limit", period) == f"{period.amount} {period.unit.value}"


def test_phrases_typed_as_a_list():
    assert parse_setting("letter.vague_phrases", "正在协调、尽快处理\n研究研究") == ("正在协调", "尽快处理", "研究研究")
    assert parse_setting("letter.vague_phrases", "[]") == ()
    assert parse_setting("letter.vague_phrases", '{"a": 1}') == ('{"a": 1}',)  # only "[" starts JSON
    assert format_setting("letter.vague_phrases", ("甲",)) == '["甲"]'


def test_typed_values_checked_at_construction():
    with pytest.raises(ValidationError):
        Rules(yellow_threshold=0)
    with pytest.raises(ValidationError):
        Rules(assign_within=2)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Period(-1, W)
    assert Rules(vague_phrases=["甲"]).vague_phrases == ("甲",)  # type: ignore[arg-type]


def test_helpers():
    r = Rules()
    assert r.handling_limit(Complexity.SIMPLE) == Period(15, C)
    assert r.handling_limit("complex") == Period(30, C)
    assert r.value_of("warning.red_threshold") == 5
    assert r.with_setting("warning.red_threshold", "7").red_threshold == 7
    assert r.with_setting("deadline.assign_within", Period(1, W)).assign_within == Period(1, W)
    assert hash(r) == hash(Rules())


@given(st.integers(1, 366), st.sampled_from([W, C]))
def test_period_format_parse_round_trip(n, unit):
    key = "deadline.petition_route_limit"
    assert parse_setting(key, format_setting(key, Period(n, unit))) == Period(n, unit)
