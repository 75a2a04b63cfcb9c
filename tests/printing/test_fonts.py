from __future__ import annotations

from dataclasses import replace
from pathlib import Path

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
    zenhei = DEFAULT_CANDIDATES["sans"][0]
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


@pytest.mark.parametrize("name", ["decision_letter", "acceptance_notice", "extension_notice", "termination_notice",
                                  "registration_form", "assignment_slip", "tracking_card"])
def test_every_document_embeds_every_font_it_names(name, rendered):
    """Reproduces the slip naming Helvetica without embedding it."""
    pdf = rendered(name)
    assert b"Helvetica" not in pdf
    for row in poppler("pdffonts", pdf).splitlines()[2:]:
        assert row.split()[-5] == "yes", f"{name}: font not embedded: {row}"


@pytest.mark.parametrize(("name", "title"), [("decision_letter", "信访处理意见书"), ("acceptance_notice", "受理告知书")])
def test_the_title_is_set_once_in_a_bold_face_not_overprinted(name, title, rendered):
    """The title was faked bold by drawing it three times: text extraction showed it three times."""
    text = poppler("pdftotext", rendered(name)).replace("\n", "")
    assert text.count(title) == 1


def test_standard_faces_are_found_by_their_uos_file_names_and_stand_ins_are_reported(tmp_path, monkeypatch):
    import shutil

    from printing import fonts as fonts_module

    before = {use.role: use for use in fonts_module.font_report()}
    assert all(use.stand_in for use in before.values())  # this machine has none of the standard's faces
    kylin = tmp_path / "truetype" / "cesi"
    kylin.mkdir(parents=True)
    # A 仿宋 as UOS and Kylin name it (its outlines borrowed from the Ming stand-in) and the 黑体 stand-in.
    shutil.copy(before["body"].path, kylin / "CESI_FS_GB2312.TTF")
    shutil.copy(before["sans"].path, tmp_path / "truetype" / Path(before["sans"].path).name)
    monkeypatch.setattr(fonts_module, "font_folders", lambda: [tmp_path])

    def clear() -> None:
        fonts_module._installed.cache_clear()
        fonts_module.get_fonts.cache_clear()
        fonts_module.DEFAULT_CANDIDATES.clear()

    clear()
    try:
        report = {use.role: use for use in fonts_module.font_report()}
        assert report["body"].path.endswith("CESI_FS_GB2312.TTF")
        assert not report["body"].stand_in
        assert report["title"].stand_in and report["sans"].stand_in
        assert "CESI_XBS_GB2312.TTF" in report["title"].looked_for
    finally:
        monkeypatch.undo()
        clear()
