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
