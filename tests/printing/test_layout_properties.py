"""Layout properties of every document kind over generated text (Hypothesis), read back from the PDF
with ``pdftotext -bbox-layout``: nothing passes the 156 mm text block (or the card's edge), no line
opens with closing punctuation or ends with opening punctuation, and long texts flow over pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from printing import samples
from printing.data import Issuer
from printing.documents.card import CARD_W, render_tracking_card
from printing.documents.decision import render_decision_letter
from printing.documents.forms import render_assignment_slip, render_registration_form
from printing.documents.notices import (
    render_acceptance_notice,
    render_extension_notice,
    render_termination_notice,
)
from printing.layout import MARGIN_LEFT, TEXT_W
from tests.printing.printing_pdf_tools import layout_lines, text_runs

RIGHT_EDGE = MARGIN_LEFT + TEXT_W
CLOSING = "，。；：、）》」』！？"
OPENING = "（《「『“"
COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
PUNCT = "，。；：、（）《》“”！？…—"
LATIN = "0123456789ABCXYZabcxyz-/.:"
RARE = "𠮷𡈼㐀䶵𪚥"  # Extension B and A, as in petitioners' names

_ALPHABET = COMMON + PUNCT * 3 + LATIN + RARE
# A paragraph opens and closes with a character: only where the renderer breaks a line is checked.
texts = st.text(alphabet=_ALPHABET, max_size=400).map(lambda s: f"事{s}项")
long_texts = st.text(alphabet=_ALPHABET, min_size=1500, max_size=2500).map(lambda s: f"事{s}项")
names = st.text(alphabet=COMMON + RARE, min_size=1, max_size=12)
organs = st.text(alphabet=COMMON + "（）", min_size=2, max_size=40).map(lambda s: s + "人民政府")


def _issuer(organ: str) -> Issuer:
    return Issuer(office=organ, header=organ, seal_png=samples.synthetic_seal_png())


def _letter(text: str, name: str, organ: str) -> bytes:
    base = samples.decision_letter()
    content = replace(base.content, petitioner=name, request=text, investigation=text, findings=text,
                      conclusion=text, review_body=organ)
    return render_decision_letter(replace(base, content=content, issuer=_issuer(organ)))


KINDS: dict[str, Callable[[str, str, str], bytes]] = {
    "decision_letter": _letter,
    "acceptance_notice": lambda t, n, o: render_acceptance_notice(
        replace(samples.acceptance_notice(), matter=t, petitioner=n, issuer=_issuer(o), department=o)),
    "extension_notice": lambda t, n, o: render_extension_notice(
        replace(samples.extension_notice(), matter=t, reason=t, petitioner=n, issuer=_issuer(o))),
    "termination_notice": lambda t, n, o: render_termination_notice(
        replace(samples.termination_notice(), matter=t, history=t, reason=t, petitioner=n, issuer=_issuer(o))),
    "registration_form": lambda t, n, o: render_registration_form(
        replace(samples.registration_form(), matter=t, demands=t, office=o,
                petitioners=(replace(samples.registration_form().petitioners[0], name=n, address=t[:80]),))),
    "assignment_slip": lambda t, n, o: render_assignment_slip(
        replace(samples.assignment_slip(), matter=t, demands=t, petitioner=n, issuer=_issuer(o), approver=n,
                approval_note=t[:200])),
}


def _check_a4(pdf: bytes) -> list[tuple[int, float, float, str]]:
    lines = layout_lines(pdf)
    for page, x_min, x_max, text in lines:
        assert x_min >= MARGIN_LEFT - 0.5, f"page {page}: {text!r} starts at {x_min:.1f} pt, left of the text block"
        assert x_max <= RIGHT_EDGE + 0.5, f"page {page}: {text!r} ends at {x_max:.1f} pt, past 156 mm"
        assert text[:1] not in CLOSING, f"page {page}: a line opens with {text[:1]!r}: {text!r}"
        assert text[-1:] not in OPENING, f"page {page}: a line ends with {text[-1:]!r}: {text!r}"
    return lines


_SETTINGS = settings(max_examples=5, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("kind", sorted(KINDS))
@_SETTINGS
@given(text=texts, name=names, organ=organs)
def test_short_and_rare_texts_stay_in_the_text_block(kind: str, text: str, name: str, organ: str) -> None:
    _check_a4(KINDS[kind](text, name, organ))


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=1, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=long_texts, name=names, organ=organs)
def test_long_texts_flow_over_pages(kind: str, text: str, name: str, organ: str) -> None:
    lines = _check_a4(KINDS[kind](text, name, organ))
    assert max(page for page, *_ in lines) >= 2


@pytest.mark.parametrize("kind", ["registration_form", "assignment_slip"])
def test_a_ten_thousand_character_matter_prints(kind: str) -> None:
    """Reproduces 内部错误：LayoutError once 信访事项 reached about 1,500 characters."""
    text = ("村民反映土地承包经营权流转费用未按合同约定支付，涉及第三、第四村民小组共计十二户；" * 260)[:10_000]
    lines = _check_a4(KINDS[kind](text, "张三", "青山镇人民政府"))
    assert max(page for page, *_ in lines) >= 10


def test_closing_punctuation_never_hangs_in_the_margin() -> None:
    """Reproduces a full-width ， hanging 5.5 mm into the right margin: a 27-character line whose 28th
    character is a comma must pull a character down instead."""
    matter = "反映养老金少发问题" * 3
    data = replace(samples.acceptance_notice(), case_no="QS-2026-000123", matter=matter)
    _check_a4(render_acceptance_notice(data))


@settings(max_examples=8, deadline=None, database=None)
@given(name=names, office=organs, text=texts)
def test_the_card_wraps_long_names_inside_the_card(name: str, office: str, text: str) -> None:
    card = replace(samples.tracking_card(), clerk_name=name, tracker=name, receiver=name, responder=name,
                   office=office, query_place=text[:60])
    for page, x_min, x_max, line in layout_lines(render_tracking_card(card)):
        assert x_min >= 0 and x_max <= CARD_W + 0.5, f"card page {page}: {line!r} leaves the card"


def test_seven_character_names_do_not_overprint_on_the_card() -> None:
    """Reproduces 谁接待/谁盯办/谁反馈 with 7-character names drawn over each other: on each baseline the
    runs of text (each CJK character one em wide) must not overlap."""
    card = replace(samples.tracking_card(), receiver="欧阳慕容司马青", tracker="诸葛东方明月华",
                   responder="上官司徒令狐冲")
    runs = text_runs(render_tracking_card(card), 2)
    assert any("令狐冲" in t or "上官" in t for *_, t in runs)
    by_line: dict[int, list[tuple[float, float]]] = {}
    for x, y, size, text in runs:
        by_line.setdefault(round(y), []).append((x, x + len(text.strip()) * size * 0.98))
    for spans in by_line.values():
        spans.sort()
        for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
            assert right <= left + 0.5, spans
