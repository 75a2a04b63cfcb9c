"""Phone numbers as people write them, and masked display of personal data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.masking import mask_id_number, mask_name, mask_phone
from desktop.domain.phone import Phone, is_valid_phone, parse_phone


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("13812345678", Phone("mobile", "13812345678")),
        ("138 1234 5678", Phone("mobile", "13812345678")),
        ("138-1234-5678", Phone("mobile", "13812345678")),
        ("+86 138-1234-5678", Phone("mobile", "13812345678")),
        ("+8613812345678", Phone("mobile", "13812345678")),
        ("0086 13812345678", Phone("mobile", "13812345678")),
        ("8619912345678", Phone("mobile", "19912345678")),
        ("１３８１２３４５６７８", Phone("mobile", "13812345678")),
        ("0755-26123456", Phone("landline", "0755-26123456")),
        ("0755 2612345", Phone("landline", "0755-2612345")),
        ("(0371) 66123456", Phone("landline", "0371-66123456")),
        ("（0371）66123456", Phone("landline", "0371-66123456")),
        ("07552612345", Phone("landline", "0755-2612345")),
        ("010 8765 4321", Phone("landline", "010-87654321")),
        ("01087654321", Phone("landline", "010-87654321")),
        ("021-6123-4567", Phone("landline", "021-61234567")),
        ("+86 10 87654321", Phone("landline", "010-87654321")),
        ("+86 755 26123456", Phone("landline", "0755-26123456")),
        ("0755-26123456-123", Phone("landline", "0755-26123456", "123")),
        ("0755-26123456转123", Phone("landline", "0755-26123456", "123")),
        ("010-87654321 ext. 12", Phone("landline", "010-87654321", "12")),
        ("010-87654321#8", Phone("landline", "010-87654321", "8")),
    ],
)
def test_accepted(text, phone):
    assert parse_phone(text) == phone
    assert is_valid_phone(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "phone_empty"),
        ("  ", "phone_empty"),
        ("电话138", "phone_chars"),
        ("138a2345678", "phone_chars"),
        ("+1 212 5551234", "phone_country"),
        ("1381234567", "phone_mobile_length"),
        ("138123456789", "phone_mobile_length"),
        ("12812345678", "phone_mobile_prefix"),
        ("10012345678", "phone_mobile_prefix"),
        ("13812345678转1", "phone_extension"),
        ("0111-2612345", "phone_area_code"),
        ("0012345678", "phone_area_code"),
        ("26123456", "phone_area_code_missing"),
        ("010-2612345", "phone_landline_length"),  # Beijing numbers have 8 digits
        ("0755-261234", "phone_landline_length"),
        ("0755-261234567", "phone_landline_length"),
        ("0755-12345678", "phone_landline_local"),
        ("0755-02345678", "phone_landline_local"),
        ("123", "phone_mobile_length"),
        ("-", "phone_format"),
        ("4008123456", "phone_format"),
    ],
)
def test_refused(text, code):
    with pytest.raises(ValidationError) as info:
        parse_phone(text)
    assert info.value.code == code
    assert info.value.details["field"] == "phone"
    assert not is_valid_phone(text)


def test_str_and_digits():
    p = parse_phone("0755-26123456转123")
    assert str(p) == "0755-26123456-123"
    assert parse_phone(str(p)) == p
    assert p.digits == "075526123456"
    assert parse_phone("+86 138 1234 5678").digits == "13812345678"


mobiles = st.builds(lambda p, n: f"1{p}{n:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1))


SPELLINGS = [
    lambda n: n,
    lambda n: f"+86 {n}",
    lambda n: f"0086-{n}",
    lambda n: f"{n[:3]} {n[3:7]} {n[7:]}",
    lambda n: f"{n[:3]}-{n[3:7]}-{n[7:]}",
    lambda n: f"86{n}",
]


@given(mobiles, st.sampled_from(SPELLINGS))
def test_every_spelling_of_a_mobile_normalises_to_it(number, spelling):
    assert parse_phone(spelling(number)) == Phone("mobile", number)


@given(
    st.sampled_from(["010", "021", "0755", "0371", "0991"]),
    st.integers(2, 9),
    st.integers(0, 10**7 - 1),
    st.sampled_from(["{}-{}", "({}){}", "{} {}", "{}{}"]),
)
def test_every_spelling_of_a_landline_normalises_to_it(area, first, rest, spelling):
    local = f"{first}{rest:07d}"
    assert parse_phone(spelling.format(area, local)) == Phone("landline", f"{area}-{local}")


# --- masking -------------------------------------------------------------------------------


def test_mask_id_number():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105199001010022") == "110105********0022"
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_id_number("110105 19491231 002X") == "110105********002X"
    assert mask_id_number("110105491231002") == "110105*****1002"  # 15-digit legacy
    assert mask_id_number("12345") == "*****"
    assert mask_id_number("") == "" and mask_id_number(None) == ""


@given(st.text(alphabet="0123456789X", min_size=12, max_size=18))
def test_masked_id_hides_the_birth_date(number):
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert masked[6:-4] == "*" * (len(number) - 10)


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("0755-26123456") == "0755-****3456"
    assert mask_phone("0755-2612345转12") == "0755-****345"  # 7-digit local: 4 hidden
    assert mask_phone("12812345678") == "128****5678"  # not a valid number: masked anyway
    assert mask_phone("12345") == "*****"
    assert mask_phone("") == "" and mask_phone(None) == ""


def test_mask_name():
    assert mask_name("张三") == "张*"
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("欧阳锋") == "欧阳*"
    assert mask_name("欧阳") == "欧*"  # two characters: surname 欧
    assert mask_name("买买提·艾力") == "买**·**"
    assert mask_name(" 李四 ") == "李*"
    assert mask_name("王") == "*"
    assert mask_name("") == "" and mask_name(None) == ""
