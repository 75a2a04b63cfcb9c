from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.errors import ValidationError
from printing import samples
from printing.documents.decision import render_decision_letter
from printing.errors import MissingGlyphError, NoFontError
from printing.fonts import DEFAULT_CANDIDATES, FontConfig, FontFile, get_fonts
from tests.printing.printing_pdf_tools import poppler

EXT_B = "\U00020bb7"  # 𠮷
NO_FONT_HAS = "\U0001fae8"  # an emoji from 2023: none of the CJK fonts has it


def test_extension_b_falls_back_per_run():
    fonts = get_fonts()
    assert ord(EXT_B) not in fonts.cmaps[fonts.names["body"]]  # the premise: the body font lacks it
    runs = fonts.runs(f"{EXT_B}大林", "body")
    assert [r[1] for r in runs] == [EXT_B, "大林"]
    assert runs[0][0] in fonts.fallbacks and runs[1][0] == fonts.names["body"]
    assert 'name="' in fonts.markup(f"信访人{EXT_B}大林")


def test_missing_character_is_refused_before_rendering_and_named():
    fonts = get_fonts()
    assert fonts.font_for(NO_FONT_HAS) is None
    letter = samples.decision_letter()
    bad = replace(letter, content=replace(letter.content, petitioner=f"王{NO_FONT_HAS}"))
    with pytest.raises(MissingGlyphError) as info:
        render_decision_letter(bad)
    err = info.value
    assert isinstance(err, ValidationError)
    assert err.details["char"] == NO_FONT_HAS
    assert err.details["codepoint"] == "U+1FAE8"
    assert err.details["field"] == "content.petitioner"


def test_registered_once_per_process():
    assert get_fonts() is get_fonts()
    assert get_fonts(FontConfig()) is get_fonts(FontConfig())


def test_administrator_font_comes_first():
    zenhei = DEFAULT_CANDIDATES["sans"][1]
    fonts = get_fonts(FontConfig(body=(FontFile("/nonexistent/simfang.ttf"), zenhei)))
    assert fonts.names["body"] == "RR-wqy-zenhei-0"


def test_no_usable_font_is_a_typed_error():
    with pytest.raises(NoFontError) as info:
        get_fonts(FontConfig(body=(FontFile("/nonexistent/x.ttf"),), use_defaults=False))
    assert info.value.details["role"] == "body"


def test_never_the_non_embedded_cid_font(rendered):
    for name in ("decision_letter", "tracking_card", "registration_form"):
        listing = poppler("pdffonts", rendered(name))
        assert "STSong" not in listing
        rows = listing.splitlines()[2:]
        assert rows, "no fonts listed"
        for row in rows:
            cols = row.split()
            # name type... encoding emb sub uni id gen: emb is the 5th column from the end
            assert cols[-5] == "yes", f"{name}: font not embedded: {row}"
