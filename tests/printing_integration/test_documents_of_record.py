"""The documents as the record makes them: dated by their act, issued by the named organ, and checked one
by one by ``reception verify-document`` (forged deadlines and phones, stripped signatures, reprints)."""

from __future__ import annotations

import json
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from desktop import documents as records
from desktop.domain.enums import DayUnit, ReviewOutcome, Satisfaction
from desktop.domain.errors import ValidationError
from desktop.services import followup, handling, letters
from desktop.services.documents_log import DocumentKind
from tests.printing.printing_pdf_tools import pdftotext
from tests.printing_integration.conftest import assigned_case, sign_and_finalize


def _save(cli, case: str, document: str, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    r = cli("print", case, document, "--out", str(path))
    assert r.code == 0, r.out + r.err
    return path.read_bytes()


def _with_claim_of(genuine: bytes, forged: bytes, path: Path) -> Path:
    """A forged page under the genuine document's claim: what an edit of the PDF's text would give."""
    claim = json.loads(str(PdfReader(BytesIO(genuine)).metadata["/ReceptionClaim"]))
    w = PdfWriter(clone_from=PdfReader(BytesIO(forged)))
    w.add_metadata({"/ReceptionClaim": json.dumps(claim)})
    with path.open("wb") as f:
        w.write(f)
    return path


def test_acceptance_notice_is_dated_by_the_approval_and_the_same_on_every_reprint(ctx, team, clock, cli,
                                                                                 tmp_path) -> None:
    """Reproduces a notice dated 3月25日 promising a reply 于3月18日前: the date of its first print."""
    case = assigned_case(ctx, team)  # approved on 2025-03-03
    clock.advance(days=40)  # printed long after the decision
    first = pdftotext(_save(cli, case, "acceptance-notice", tmp_path / "a.pdf"))
    clock.advance(days=3)
    with ctx.db.session() as s:
        doc = records.document_data(ctx, s, team.clerk, case, DocumentKind.ACCEPTANCE_NOTICE)
    assert doc.data.issued_on.isoformat() == "2025-03-03"
    assert doc.data.issued_on <= doc.data.due_on
    second = pdftotext(_save(cli, case, "acceptance-notice", tmp_path / "b.pdf"))
    assert "2025年3月3日" in first and first == second  # saved twice: neither is a copy, both the same


def test_extension_notice_is_dated_by_the_grant_before_the_letter(ctx, team, clock, final_case, cli,
                                                                  tmp_path) -> None:
    """Reproduces an extension notice dated after the decision letter (it took the day it was printed)."""
    clock.advance(days=20)
    with ctx.db.session() as s:
        notice = records.document_data(ctx, s, team.clerk, final_case, DocumentKind.EXTENSION_NOTICE)
        letter = records.document_data(ctx, s, team.clerk, final_case, DocumentKind.DECISION_LETTER)
    assert notice.data.issued_on <= letter.data.issued_on
    assert notice.data.issued_on <= notice.data.original_due <= notice.data.new_due


def test_an_extension_after_the_limit_is_refused(ctx, team, clock) -> None:
    case = assigned_case(ctx, team)
    clock.advance(days=60)
    with ctx.db.session() as s, pytest.raises(ValidationError) as info:
        handling.extend(ctx, s, team.clerk, case, 10, DayUnit.CALENDAR, "太迟了", team.approver.id)
    assert info.value.code == "extension_after_due"


def test_termination_notice_is_dated_by_the_review_that_ended_the_matter(ctx, team, clock, final_case) -> None:
    with ctx.db.session() as s:
        letters.deliver(ctx, s, team.clerk, final_case)
        handling.close(ctx, s, team.clerk, final_case)
        followup.evaluate(ctx, s, team.clerk, final_case, Satisfaction.DISSATISFIED)
    clock.advance(days=5)
    with ctx.db.session() as s:
        followup.conclude_review(ctx, s, team.inspector, final_case, ReviewOutcome.UPHELD, "原处理意见正确。")
    ended = ctx.today()
    clock.advance(days=30)
    with ctx.db.session() as s:
        doc = records.document_data(ctx, s, team.clerk, final_case, DocumentKind.TERMINATION_NOTICE)
    assert doc.data.issued_on == ended
    assert "。。" not in doc.data.history and "正确。；" not in doc.data.history  # reproduces 予以维持。。


def test_header_and_seal_name_the_same_organ_and_the_number_its_code(ctx, team, final_case, cli, tmp_path) -> None:
    text = pdftotext(_save(cli, final_case, "decision-letter", tmp_path / "l.pdf"))
    assert text.count("青山镇人民政府") >= 2  # 发文机关标志 and 署名
    assert "青山镇信访接待室" not in text.split("信访处理意见书")[0]
    assert "青信访〔2025〕1号" in text
    assert "山南县人民政府" in text  # the superior organ named in the settings takes the 复查
    assert "县人民政府信访局" not in text


def test_a_real_office_that_named_no_organ_prints_no_sample(ctx, team, clock, cli) -> None:
    from desktop.db.models import Setting

    case = assigned_case(ctx, team)
    with ctx.db.session() as s:
        s.delete(s.get(Setting, "office.issuing_organ"))
    r = cli("print", case, "acceptance-notice", "--out", "/tmp/never.pdf")
    assert r.code == 1 and "office.issuing_organ" in r.err, r.err
    assert "Traceback" not in r.err


def test_a_notice_with_an_altered_deadline_or_phone_fails_verification_naming_it(ctx, team, cli, tmp_path) -> None:
    """Reproduces verify-document passing a notice whose deadline and phone were altered."""
    from printing.documents.notices import render_acceptance_notice

    case = assigned_case(ctx, team)
    genuine = _save(cli, case, "acceptance-notice", tmp_path / "genuine.pdf")
    assert cli("verify-document", str(tmp_path / "genuine.pdf")).code == 0
    with ctx.db.session() as s:
        data = records.document_data(ctx, s, team.clerk, case, DocumentKind.ACCEPTANCE_NOTICE).data
    for name, forged in {
        "deadline": replace(data, due_on=data.due_on.replace(day=min(28, data.due_on.day + 1))),
        "phone": replace(data, contact=data.contact.replace("66881234", "66889999")),
    }.items():
        path = _with_claim_of(genuine, render_acceptance_notice(forged), tmp_path / f"{name}.pdf")
        r = cli("verify-document", str(path))
        assert r.code == 1 and "正文与档案记录不一致" in r.out, (name, r.out)
        assert "≠" in r.out  # the first difference is named


def test_a_letter_with_its_signature_images_removed_fails_verification(ctx, team, final_case, cli, tmp_path) -> None:
    genuine = _save(cli, final_case, "decision-letter", tmp_path / "letter.pdf")
    w = PdfWriter(clone_from=PdfReader(BytesIO(genuine)))
    w.remove_images()
    stripped = tmp_path / "stripped.pdf"
    with stripped.open("wb") as f:
        w.write(f)
    r = cli("verify-document", str(stripped))
    assert r.code == 1 and "缺少签名、印章或照片图像" in r.out, r.out


def test_a_signature_image_swapped_for_another_signers_fails(ctx, team, final_case, cli, tmp_path) -> None:
    from printing.documents.decision import render_decision_letter
    from printing.signature import render_signature_png, synthetic_strokes

    genuine = _save(cli, final_case, "decision-letter", tmp_path / "letter.pdf")
    with ctx.db.session() as s:
        data = records.document_data(ctx, s, team.clerk, final_case, DocumentKind.DECISION_LETTER).data
    other = render_signature_png(synthetic_strokes("冒名者"))
    forged = replace(data, signatures=(replace(data.signatures[0], png=other), *data.signatures[1:]))
    path = _with_claim_of(genuine, render_decision_letter(forged), tmp_path / "swapped.pdf")
    r = cli("verify-document", str(path))
    assert r.code == 1 and "图像与档案记录不一致" in r.out, r.out


@pytest.mark.parametrize("document", ["registration-form", "assignment-slip", "tracking-card", "extension-notice"])
def test_every_kind_verifies_and_an_edit_is_caught(ctx, team, final_case, cli, tmp_path, document) -> None:
    genuine = _save(cli, final_case, document, tmp_path / "g.pdf")
    assert cli("verify-document", str(tmp_path / "g.pdf")).code == 0
    w = PdfWriter(clone_from=PdfReader(BytesIO(genuine)))
    w.pages[0].merge_page(PdfReader(BytesIO(_stamp())).pages[0])  # text added over the page
    with (tmp_path / "edited.pdf").open("wb") as f:
        w.write(f)
    r = cli("verify-document", str(tmp_path / "edited.pdf"))
    assert r.code == 1 and "不一致" in r.out, r.out


def _stamp() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from printing.fonts import get_fonts

    buf = BytesIO()
    c = Canvas(buf)
    c.setFont(get_fonts().names["body"], 10)
    c.drawString(100, 100, "已同意")
    c.save()
    return buf.getvalue()


def test_slip_printed_from_the_cli_carries_the_opinion_and_signature(ctx, team, final_case, cli, tmp_path) -> None:
    from tests.printing.printing_pdf_tools import poppler

    pdf = _save(cli, final_case, "assignment-slip", tmp_path / "slip.pdf")
    assert "同意交办，请按期办结。" in pdftotext(pdf)
    assert " image " in poppler("pdfimages", pdf, "-list")


def test_the_slip_previews_before_approval_and_never_issues(ctx, team) -> None:
    """The approval dialog asks for the slip as a draft (``allow_draft``); that call used to fail with
    "assignment_slip() got an unexpected keyword argument 'allow_draft'"."""
    from desktop.domain.errors import IllegalTransition
    from tests.printing_integration.conftest import submitted_case

    case = submitted_case(ctx, team, "钱多多")
    with ctx.db.session() as s:
        draft = records.document_data(ctx, s, team.approver, case, DocumentKind.ASSIGNMENT_SLIP, allow_draft=True)
        assert not draft.final and draft.data.approver_signature_png is None
        with pytest.raises(IllegalTransition):
            records.document_data(ctx, s, team.approver, case, DocumentKind.ASSIGNMENT_SLIP)


def test_demo_signatures_differ_per_signer() -> None:
    from printing.signature import render_signature_png, synthetic_strokes

    names = ["吴红", "周军", "孙强", "吴所长", "周包案", "孙分管"]
    images = {render_signature_png(synthetic_strokes(n)) for n in names}
    assert len(images) == len(names)


def test_letter_says_its_outcome_once(ctx, team, cli, tmp_path) -> None:
    """Reproduces "支持" three times (处理结论：支持。经研究，…予以支持。支持申请人的请求…)."""
    case = assigned_case(ctx, team)
    sign_and_finalize(ctx, team, case, {
        "request": "要求发放承包款。", "investigation": "经走访核实。", "findings": "经查属实。",
        "basis": "《农村土地承包法》第三十九条。", "conclusion": "由村委会于十日内补发承包款。"})
    text = pdftotext(_save(cli, case, "decision-letter", tmp_path / "l.pdf"))
    assert text.count("支持") == 1


def test_the_card_carries_the_clerks_photo_set_in_the_staff_settings(ctx, team, final_case, cli, tmp_path) -> None:
    """Reproduces the card's empty photo box: nothing could give a staff member a photo."""
    from printing.samples import synthetic_photo_png
    from tests.printing.printing_pdf_tools import poppler

    bad = tmp_path / "note.txt"
    bad.write_text("not a photo")
    r = cli("user", "photo", "clerk", str(bad), user="admin")
    assert r.code == 1 and "PNG 或 JPEG" in r.err and "Traceback" not in r.err
    photo = tmp_path / "clerk.png"
    photo.write_bytes(synthetic_photo_png())
    assert cli("user", "photo", "clerk", str(photo), user="admin").code == 0
    assert cli("user", "photo", "clerk", str(photo), user="clerk").code == 1  # only an administrator
    card = _save(cli, final_case, "tracking-card", tmp_path / "card.pdf")
    assert " image " in poppler("pdfimages", card, "-list")
    assert cli("verify-document", str(tmp_path / "card.pdf")).code == 0


def test_the_cards_qr_tells_a_phone_where_to_ask(ctx, team, final_case) -> None:
    from printing.documents.card import card_qr_payload

    with ctx.db.session() as s:
        data = records.document_data(ctx, s, team.clerk, final_case, DocumentKind.TRACKING_CARD).data
    text = card_qr_payload(data)
    assert final_case in text and "0371-66881234" in text and "青山镇便民服务中心" in text
    assert "https://qingshan.example.gov.cn/xf" in text
    assert "RR1|" not in text


def test_the_form_lists_evidence_by_the_clerks_description_never_the_file_name(ctx, team, cli, tmp_path) -> None:
    """Reproduces "evidence-contract.txt" printed as 主要证据."""
    from desktop.services import intake
    from tests.desktop.helpers import registration

    described, undescribed = tmp_path / "evidence-contract.txt", tmp_path / "IMG_0042.jpg"
    described.write_text("合同")
    undescribed.write_bytes(b"\xff\xd8 not really a photo")
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, replace(
            registration(name="钱多多"), attachments=[described, undescribed],
            attachment_notes={str(described): "土地流转合同复印件"})).case_number
    text = pdftotext(_save(cli, case, "registration-form", tmp_path / "form.pdf"))
    assert "土地流转合同复印件" in text and "另有未加说明的材料1份" in text
    assert "evidence-contract" not in text and "IMG_0042" not in text
