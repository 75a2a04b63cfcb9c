"""Resident ID numbers: GB 11643 check digit, birth date, sex, and the error codes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.idnumber import (
    PROVINCE_CODES,
    Sex,
    check_digit,
    is_valid_resident_id,
    parse_resident_id,
)

# The worked example of GB 11643-1999 itself.
STANDARD_EXAMPLE = "11010519491231002X"


def code_of(text: str, **kw) -> str:
    with pytest.raises(ValidationError) as info:
        parse_resident_id(text, **kw)
    assert info.value.details["field"] == "id_number"
    return info.value.code


def test_standard_example_parses():
    rid = parse_resident_id(STANDARD_EXAMPLE)
    assert rid.number == STANDARD_EXAMPLE
    assert rid.birth_date == date(1949, 12, 31)
    assert rid.sex is Sex.FEMALE  # 17th digit 2 is even
    assert rid.region_code == "110105"
    assert str(rid) == STANDARD_EXAMPLE


def test_hand_computed_check_digits():
    # By hand: 28+36+0+15+0+32+2+9+48+15+0+54+10+25+8+8+6 = 296; 296 mod 11 = 10 -> '2'.
    assert check_digit("44030819850615123") == "2"
    assert check_digit("11010519491231002") == "X"
    assert check_digit("11010519900101002") == "9"
    rid = parse_resident_id("440308198506151232")
    assert rid.sex is Sex.MALE and rid.birth_date == date(1985, 6, 15)


def test_typing_is_forgiven():
    assert parse_resident_id("11010519491231002x").number == STANDARD_EXAMPLE
    assert parse_resident_id(" 110105 19491231 002X ").number == STANDARD_EXAMPLE
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ").number == STANDARD_EXAMPLE
    assert parse_resident_id("110105-19491231-002x").number == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "id_empty"),
        ("   ", "id_empty"),
        ("110105491231002", "id_length"),  # 15-digit first generation
        ("11010519491231002XX", "id_length"),
        ("1101051949123100X2", "id_chars"),  # X only allowed last
        ("11010519491231002A", "id_chars"),
        ("A1010519491231002X", "id_chars"),
        ("990105194912310027", "id_region"),
        ("110105194902300021", "id_birth_date"),  # Feb 30
        ("110105189912310021", "id_birth_date"),  # before 1900
        ("110105194913010021", "id_birth_date"),  # month 13
        ("110105194912310021", "id_check_digit"),
    ],
)
def test_error_codes(text, code):
    assert code_of(text) == code
    assert not is_valid_resident_id(text)


def test_check_digit_error_names_expected():
    with pytest.raises(ValidationError) as info:
        parse_resident_id("110105194912310021")
    assert info.value.details["expected"] == "X"
    assert info.value.details["got"] == "1"


def test_length_error_details():
    with pytest.raises(ValidationError) as info:
        parse_resident_id("110105491231002")
    assert info.value.details["length"] == 15


def test_future_birth_date_refused_only_relative_to_given_today():
    first17 = "11010520300101002"
    number = first17 + check_digit(first17)
    assert parse_resident_id(number).birth_date == date(2030, 1, 1)
    assert code_of(number, today=date(2025, 6, 1)) == "id_birth_date"
    assert parse_resident_id(number, today=date(2030, 1, 1)).birth_date == date(2030, 1, 1)


def test_check_digit_rejects_bad_prefix():
    with pytest.raises(ValidationError):
        check_digit("1234")
    with pytest.raises(ValidationError):
        check_digit("1101051949123100X")


# --- properties -------------------------------------------------------------------------

prefixes = st.builds(
    lambda region, born, seq: f"{region}{born:%Y%m%d}{seq:03d}",
    st.builds(lambda p, rest: p + rest, st.sampled_from(sorted(PROVINCE_CODES)),
              st.integers(0, 9999).map(lambda n: f"{n:04d}")),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(0, 999),
)


@given(prefixes)
def test_every_valid_prefix_with_its_digit_validates(first17):
    number = first17 + check_digit(first17)
    rid = parse_resident_id(number, today=date(2025, 1, 1))
    assert rid.number == number
    assert rid.sex is (Sex.MALE if int(first17[16]) % 2 else Sex.FEMALE)
    assert rid.birth_date.strftime("%Y%m%d") == first17[6:14]


@given(prefixes, st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_breaks_it(first17, position, shift):
    number = first17 + check_digit(first17)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    old = number[position]
    new = alphabet[(alphabet.index(old) + shift) % len(alphabet)]
    if new == old:
        return
    changed = number[:position] + new + number[position + 1 :]
    assert not is_valid_resident_id(changed)


@given(prefixes)
def test_adjacent_transposition_is_caught(first17):
    # MOD 11-2 detects every transposition of two different adjacent characters.
    number = first17 + check_digit(first17)
    for i in range(17):
        a, b = number[i], number[i + 1]
        if a != b and (i + 1 < 17 or b != "X"):
            swapped = number[:i] + b + a + number[i + 2 :]
            assert not is_valid_resident_id(swapped)


def test_birth_date_boundaries():
    first17 = "11010519000101001"
    assert parse_resident_id(first17 + check_digit(first17)).birth_date == date(1900, 1, 1)
    day = date(2024, 2, 29)
    first17 = f"110105{day:%Y%m%d}001"
    assert parse_resident_id(first17 + check_digit(first17), today=day).birth_date == day
    nxt = day + timedelta(days=1)
    first17 = f"110105{nxt:%Y%m%d}001"
    assert code_of(first17 + check_digit(first17), today=day) == "id_birth_date"
