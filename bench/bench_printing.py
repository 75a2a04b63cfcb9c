"""Printing figures: decision letter to PDF bytes, a batch of 1,000 tracking cards, letter size."""

from __future__ import annotations

import time

from bench.common import Figure, median_seconds


def run() -> list[Figure]:
    from printing import samples
    from printing.documents.card import render_tracking_cards
    from printing.documents.decision import render_decision_letter
    from printing.fonts import get_fonts

    t0 = time.perf_counter()
    get_fonts()
    first_fonts = time.perf_counter() - t0
    letter = samples.decision_letter()
    render_decision_letter(letter)  # warm: the first letter pays for font subsetting tables
    median = median_seconds(lambda: render_decision_letter(letter), repeat=15)
    size_kb = len(render_decision_letter(letter)) / 1024
    cards = [samples.tracking_card(i) for i in range(1000)]
    t0 = time.perf_counter()
    batch = render_tracking_cards(cards)
    cards_s = time.perf_counter() - t0
    return [
        Figure("printing: fonts registered (once per process)", first_fonts * 1000, "ms", "info", True),
        Figure("printing: decision letter -> PDF bytes, median", median * 1000, "ms", "<= 100 ms",
               median <= 0.100, "2 pages, 2 signature PNGs, seal, QR"),
        Figure("printing: 1,000 tracking cards in one PDF", cards_s, "s", "<= 20 s", cards_s <= 20,
               f"{len(batch) / 1024 / 1024:.1f} MB, 2,000 pages"),
        Figure("printing: decision letter PDF size", size_kb, "KB", "<= 300 KB", size_kb <= 300,
               "font subsets embedded"),
    ]
