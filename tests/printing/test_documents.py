from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from desktop.domain.enums import Outcome, SignerRole
from printing import samples
from printing.claim import content_sha256, qr_payload, read_document_claim
from printing.data import Signature
from printing.documents.card import render_tracking_cards
from printing.documents.decision import render_decision_letter
from printing.errors import DocumentClaimMissing
from tests.printing.conftest import RENDERERS
from tests.printing.printing_pdf_tools import pdftotext, poppler

SECTIONS = ("投诉请求", "调查过程", "事实认定及理由", "依据条款", "处理结论", "救济途径")


def test_decision_letter_text_has_every_section_signers_and_ext_b_name(rendered):
    text = pdftotext(rendered("decision_letter"))
    for heading in SECTIONS:
        assert heading in text
    for name in ("王建国", "李秀英", "𠮷大林"):  # both signers; the Extension B petitioner
        assert name in text
    assert "承办部门负责人" in text and "包案领导" in text
    assert "青信访〔2026〕12号" in text and "2026年3月20日" in text
    assert "30日内" in text and "山南县人民政府" in text and "复查" in text
    assert "支持" in text
    assert "副本" not in text


def test_decision_letter_embeds_both_signatures_and_seal(rendered):
    rows = poppler("pdfimages", rendered("decision_letter"), "-list").splitlines()[2:]
    images = [r.split() for r in rows if r.split()[2] == "image"]
    signatures = [r for r in images if (r[3], r[4]) == ("600", "200")]
    assert len(signatures) == 2
    masks = [r for r in rows if r.split()[2] == "smask"]
    assert len(masks) == len(images)  # transparent PNGs keep their alpha
    assert any((r[3], r[4]) == ("400", "400") for r in images)  # the seal


@pytest.mark.parametrize("outcome, word", [(Outcome.SUPPORT, "支持"), (Outcome.EXPLAIN, "解释说明"),
                                           (Outcome.REJECT, "不予支持")])
def test_outcome_words(outcome, word):
    letter = samples.decision_letter(seal=False)
    letter = replace(letter, content=replace(letter.content, outcome=outcome))
    assert f"处理结论：{word}。" in pdftotext(render_decision_letter(letter))


def test_same_data_gives_same_bytes():
    assert RENDERERS["decision_letter"]() == RENDERERS["decision_letter"]()


def test_every_document_renders_with_its_title(rendered):
    titles = {
        "acceptance_notice": "受理告知书", "extension_notice": "延期告知书",
        "termination_notice": "信访事项终结告知书", "registration_form": "信访事项登记表",
        "assignment_slip": "信访事项交办单", "tracking_card": "首问兜底卡",
    }
    for name, title in titles.items():
        text = pdftotext(rendered(name))
        assert title in text, name
        assert "QS-2026-000123" in text, name
    assert "延期理由" in pdftotext(rendered("extension_notice"))
    slip = pdftotext(rendered("assignment_slip"))
    assert "赵志刚" in slip and "15日" in slip and "2026年3月18日" in slip
    card = pdftotext(rendered("tracking_card"))
    for word in ("谁接待", "谁盯办", "谁反馈", "张晓梅", "李秀英", "进度查询"):
        assert word in card


def test_page_numbers_in_gbt_style(rendered):
    text = poppler("pdftotext", rendered("decision_letter"))
    assert "— 1 —" in text and "— 2 —" in text


def test_card_is_id1_size_and_batch_has_two_pages_per_card():
    from io import BytesIO

    from pypdf import PdfReader

    pdf = render_tracking_cards([samples.tracking_card(i) for i in range(3)])
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) == 6
    w, h = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(w - 85.6 / 25.4 * 72) < 0.1 and abs(h - 54 / 25.4 * 72) < 0.1
    text = pdftotext(pdf)
    assert "QS-2026-000001" in text and "QS-2026-000002" in text


def test_copy_is_marked_and_claimed(rendered):
    pdf = rendered("decision_letter_copy")
    assert "副本" in pdftotext(pdf)
    claim = read_document_claim(pdf)
    assert claim.copy is True
    assert read_document_claim(rendered("decision_letter")).copy is False


def test_claim_round_trip(rendered):
    letter = samples.decision_letter()
    claim = read_document_claim(rendered("decision_letter"))
    assert claim.kind == "decision_letter"
    assert claim.case_no == "QS-2026-000123"
    assert claim.doc_number == "青信访〔2026〕12号"
    assert claim.content_sha256 == content_sha256(letter)
    assert read_document_claim(rendered("assignment_slip")).kind == "assignment_slip"


def test_claim_missing_on_a_foreign_pdf():
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    buf = BytesIO()
    c = Canvas(buf)
    c.drawString(10, 10, "hello")
    c.save()
    with pytest.raises(DocumentClaimMissing):
        read_document_claim(buf.getvalue())
    with pytest.raises(DocumentClaimMissing):
        read_document_claim(b"not a pdf")


def test_content_hash_changes_with_every_content_field_and_not_with_signatures():
    letter = samples.decision_letter(seal=False)
    base = content_sha256(letter)
    assert base == content_sha256(letter.content)
    for f in fields(letter.content):
        value = getattr(letter.content, f.name)
        if isinstance(value, str):
            new = value + "改"
        elif isinstance(value, Outcome):
            new = Outcome.REJECT if value != Outcome.REJECT else Outcome.SUPPORT
        elif isinstance(value, date):
            new = date(2020, 1, 1)
        else:
            new = value + 1
        changed = replace(letter, content=replace(letter.content, **{f.name: new}))
        assert content_sha256(changed) != base, f.name
    resigned = replace(letter, signatures=(Signature(SignerRole.DEPT_HEAD, "别人", None, date(2027, 1, 1)),),
                       is_copy=True, doc_number="另〔2027〕1号", issued_on=date(2027, 1, 2))
    assert content_sha256(resigned) == base
    # editing noise (CRLF, trailing blanks) is not an edit
    noisy = replace(letter, content=replace(letter.content, request=letter.content.request + "  \r\n"))
    assert content_sha256(noisy) == base


def test_qr_payload_binds_case_and_hash():
    assert qr_payload("QS-1", "ab" * 32) == f"RR1|QS-1|{'ab' * 32}"
