"""The fonts' glyph tables are kept out of the garbage collector's walk (each full collection walked
~170,000 lists and froze the desk's window for 60–150 ms)."""

from __future__ import annotations

import gc

from reportlab.pdfbase import pdfmetrics


def test_registered_faces_hold_no_lists_for_the_collector_to_walk() -> None:
    from printing.fonts import get_fonts

    fonts = get_fonts()
    gc.collect()
    for name in {*fonts.names.values(), *fonts.fallbacks}:
        table = pdfmetrics.getFont(name).face.glyphToChar
        assert table and all(isinstance(chars, tuple) for chars in table.values()), name
        assert not any(gc.is_tracked(chars) for chars in list(table.values())[:1000]), name
        face = pdfmetrics.getFont(name).face
        # The glyphs' offsets and metrics, and the code points each face covers (up to 60,000 of each).
        assert len(face.glyphPos) > 1000 and not gc.is_tracked(face.glyphPos), name
        assert len(face.hmetrics) > 1000 and not gc.is_tracked(face.hmetrics), name
        assert len(fonts.cmaps[name]) > 1000 and not gc.is_tracked(fonts.cmaps[name]), name


def test_parsing_a_face_sets_off_no_collection_and_resumes_the_collector() -> None:
    from printing.fonts import DEFAULT_CANDIDATES, FontFile, _register

    face = DEFAULT_CANDIDATES["body"][0]
    runs: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append(info["generation"])

    copy = FontFile(face.path, face.subfont_index)
    from printing import fonts

    fonts._REGISTERED.pop(f"RR-{__import__('pathlib').Path(face.path).stem}-{face.subfont_index}", None)
    gc.collect()
    gc.callbacks.append(seen)
    try:
        assert _register(copy) is not None
    finally:
        gc.callbacks.remove(seen)
    # Parsing a CJK face once set off dozens of collections, several of them full (60–140 ms each);
    # now one young collection sees what the parse left, after collection resumes.
    assert runs in ([], [0]) and gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off() -> None:
    from printing.fonts import collector_paused

    gc.disable()
    try:
        with collector_paused(), collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
