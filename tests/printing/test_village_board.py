"""The one-page 三无 village board: 30 villages on one page, every name drawn, the share and the goal."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.prevention.views import VillageBoard, VillageBoardRow
from printing.errors import MissingGlyphError
from printing.village_board import render_village_board
from tests.printing.printing_pdf_tools import pdftotext, poppler


def _board(names: list[str]) -> VillageBoard:
    rows = tuple(VillageBoardRow(i, n, int(i == 3), int(i == 5), int(i == 7), 2, 3, 4, 1, 1, int(i == 7),
                                 i not in (3, 5, 7)) for i, n in enumerate(names))
    return VillageBoard(2025, date(2025, 12, 31), "青山镇", rows, 90)


def test_thirty_villages_fit_one_page_with_the_share() -> None:
    names = [f"第{i + 1}村" for i in range(29)] + ["柳树湾社区"]
    pdf = render_village_board(_board(names))
    import re

    assert re.search(r"^Pages:\s+1$", poppler("pdfinfo", pdf), re.M)
    text = pdftotext(pdf)
    assert "青山镇2025年信访“三无”村创建情况一览表" in text
    assert "“三无”村27个，占90.0%；目标90%，已达到" in text
    assert all(n in text for n in names)


def test_a_name_no_font_can_draw_is_refused_before_rendering() -> None:
    with pytest.raises(MissingGlyphError):
        render_village_board(_board(["东村", "\U000e0100村"]))
