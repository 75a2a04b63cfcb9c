"""Printing figures: every document kind to PDF bytes (goal 100 ms each), a registration form whose matter
has 10,000 characters (goal 300 ms), a batch of 1,000 tracking cards, letter size."""

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
    from dataclasses import replace

    from printing.documents.card import render_tracking_card
    from printing.documents.forms import render_assignment_slip, render_registration_form
    from printing.documents.notices import (
        render_acceptance_notice,
        render_extension_notice,
        render_termination_notice,
    )

    # The data is built once (samples draw their seal and signature PNGs); only rendering is timed.
    data = {"acceptance notice": (render_acceptance_notice, samples.acceptance_notice()),
            "extension notice": (render_extension_notice, samples.extension_notice()),
            "termination notice": (render_termination_notice, samples.termination_notice()),
            "registration form": (render_registration_form, samples.registration_form()),
            "assignment slip": (render_assignment_slip, samples.assignment_slip()),
            "tracking card": (render_tracking_card, samples.tracking_card())}
    kinds = {name: (lambda r=r, d=d: r(d)) for name, (r, d) in data.items()}
    each = []
    for name, make in kinds.items():
        make()
        seconds = median_seconds(make, repeat=9)
        each.append(Figure(f"printing: {name} -> PDF bytes, median", seconds * 1000, "ms", "<= 100 ms",
                           seconds <= 0.100))
    matter = ("村民反映土地承包经营权流转费用未按合同约定支付，涉及第三、第四村民小组共计十二户；" * 260)[:10_000]
    big = replace(samples.registration_form(), matter=matter)
    render_registration_form(big)
    big_s = median_seconds(lambda: render_registration_form(big), repeat=5)
    return [
        Figure("printing: fonts registered (once per process)", first_fonts * 1000, "ms", "info", True),
        *each,
        Figure("printing: registration form, 10,000-character matter, median", big_s * 1000, "ms", "<= 300 ms",
               big_s <= 0.300, "flows over the pages it needs"),
        Figure("printing: decision letter -> PDF bytes, median", median * 1000, "ms", "<= 100 ms",
               median <= 0.100, "2 pages, 2 signature PNGs, seal, QR"),
        Figure("printing: 1,000 tracking cards in one PDF", cards_s, "s", "<= 20 s", cards_s <= 20,
               f"{len(batch) / 1024 / 1024:.1f} MB, 2,000 pages"),
        Figure("printing: decision letter PDF size", size_kb, "KB", "<= 300 KB", size_kb <= 300,
               "font subsets embedded"),
    ]
