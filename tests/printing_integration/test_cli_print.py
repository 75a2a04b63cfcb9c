"""``reception print`` to a file and through the real CUPS queue, ``reception verify-document`` on a
genuine, a copy, a tampered and a foreign PDF, and the PAdES-signed final letter."""

from __future__ import annotations

import json
import os
import time
import uuid
from io import BytesIO
from pathlib import Path

import pytest

from desktop.services import documents_log
from printing.claim import read_document_claim
from printing.samples import synthetic_seal_png
from tests.printing.printing_pdf_tools import pdftotext, poppler

QUEUE = os.environ.get("RECEPTION_TEST_PRINTER")
OUT = os.environ.get("RECEPTION_TEST_PRINT_OUT")
needs_queue = pytest.mark.skipif(not (QUEUE and OUT), reason="run tools/services/30-cups.sh (make test does)")


# The command line reads and writes through the same services on both databases (the records
# tests run on both): these run once, on SQLite.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_saving_is_not_a_print_a_reprint_after_a_print_is_a_copy_and_all_verify(ctx, team, final_case, cli,
                                                                                 tmp_path) -> None:
    """Reproduces "saving a PDF makes the first paper print a 副本": saves stay originals; once the letter
    went to a printer, the next one is a copy; each file verifies."""
    from desktop import documents as records

    first, second, third = tmp_path / "letter.pdf", tmp_path / "again.pdf", tmp_path / "after-print.pdf"
    for path in (first, second):
        r = cli("print", final_case, "decision-letter", "--out", str(path))
        assert r.code == 0 and "副本" not in r.out, r.out + r.err
    assert "副本" not in pdftotext(second.read_bytes())
    with ctx.db.session() as s:  # the paper print at the desk (the window's print dialog does the same)
        rendered = records.prepare(ctx, s, team.clerk, final_case, "decision_letter")
        records.record_print(ctx, s, team.clerk, rendered, copies=1, printer="desk")
    r = cli("print", final_case, "decision-letter", "--out", str(third))
    assert r.code == 0 and "副本" in r.out
    assert "副本" in pdftotext(third.read_bytes()) and read_document_claim(third.read_bytes()).copy
    for path in (first, second, third):
        v = cli("verify-document", str(path))
        assert v.code == 0, v.out + v.err
        assert "核验通过" in v.out
    with ctx.db.read() as s:
        issued = documents_log.issues(s, final_case, "decision_letter")
    assert [(i.output, i.is_copy) for i in issued] == [
        (documents_log.SAVE, False), (documents_log.SAVE, False), (documents_log.PRINT, False),
        (documents_log.SAVE, True)]
    assert {i.actor_id for i in issued} == {team.clerk.id}


def test_verify_refuses_tampered_and_foreign_pdfs(ctx, team, final_case, cli, tmp_path) -> None:
    from pypdf import PdfReader, PdfWriter

    from printing import samples
    from printing.documents.decision import render_decision_letter

    genuine = tmp_path / "letter.pdf"
    assert cli("print", final_case, "decision-letter", "--out", str(genuine)).code == 0

    def rewrite(name: str, **changes: str) -> Path:
        w = PdfWriter(clone_from=PdfReader(BytesIO(genuine.read_bytes())))
        d = json.loads(str(w.metadata["/ReceptionClaim"]))
        d.update(changes)
        w.add_metadata({"/ReceptionClaim": json.dumps(d)})
        path = tmp_path / name
        with path.open("wb") as f:
            w.write(f)
        return path

    cases = {
        rewrite("hash.pdf", content_sha256="0" * 64): "内容与档案记录不一致",
        rewrite("number.pdf", doc_number="信访〔2025〕99号"): "没有该文号",
        rewrite("case.pdf", case_no="XF2025-09999"): "没有该编号",
    }
    foreign = tmp_path / "foreign.pdf"
    foreign.write_bytes(render_decision_letter(samples.decision_letter()))  # another office's letter
    cases[foreign] = "没有该编号"
    plain = tmp_path / "plain.pdf"
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(plain))
    c.drawString(100, 700, "not ours")
    c.save()
    cases[plain] = "不是本系统出具的文书"
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4 nothing here")
    cases[garbage] = "无法读取"
    for path, words in cases.items():
        r = cli("verify-document", str(path))
        assert r.code == 1, path
        assert "核验不通过" in r.out and words in r.out, (path, r.out)
    en = cli("verify-document", str(tmp_path / "hash.pdf"), lang="en")
    assert en.code == 1 and en.out.strip().endswith("content differs from the record")


def test_verify_refuses_a_letter_whose_text_was_changed(ctx, team, final_case, cli, tmp_path) -> None:
    """The claim is intact but the visible words are another letter's: the text check catches it."""
    from dataclasses import replace

    from desktop import documents as records
    from printing.documents.decision import render_decision_letter

    with ctx.db.read() as s:
        doc = records.document_data(ctx, s, team.clerk, final_case, "decision_letter")
    forged = replace(doc.data, content=replace(doc.data.content, conclusion="不予支持申请人的请求。"))
    path = tmp_path / "forged.pdf"
    path.write_bytes(render_decision_letter(forged))  # same claim: content_sha256 override is the record's
    with ctx.db.session() as s:
        documents_log.log_save(ctx, s, team.clerk, kind="decision_letter", case_number=final_case,
                               doc_number=doc.doc_number, content_sha256=doc.data.content_sha256,
                               is_copy=False, path=str(path))
    r = cli("verify-document", str(path))
    assert r.code == 1 and "正文与档案记录不一致" in r.out


def test_a_superseded_notice_does_not_verify(ctx, team, final_case, cli, tmp_path) -> None:
    old = tmp_path / "slip.pdf"
    assert cli("print", final_case, "assignment-slip", "--out", str(old)).code == 0
    assert cli("verify-document", str(old)).code == 0
    with ctx.db.session() as s:  # the record changes after the slip was issued: a new version goes out
        from desktop.services.intake import matter_by_number

        matter_by_number(s, final_case).demands = "要求发放2024年及2025年土地承包款"
    new = tmp_path / "slip2.pdf"
    assert cli("print", final_case, "assignment-slip", "--out", str(new)).code == 0
    assert cli("verify-document", str(new)).code == 0
    r = cli("verify-document", str(old))
    assert r.code == 1 and "已被新的版本取代" in r.out


def test_office_certificate_signs_the_final_letter(ctx, team, final_case, cli, tmp_path) -> None:
    from desktop.services import office_assets
    from printing.pades import certificate_of, validate_pdf_signatures

    seal = tmp_path / "seal.png"
    seal.write_bytes(synthetic_seal_png())
    assert cli("office", "seal-image", str(seal), user="admin").code == 0
    assert cli("office", "certificate", "--self-signed", user="clerk").code == 1  # admins only
    r = cli("office", "certificate", "--self-signed", user="admin")
    assert r.code == 0, r.err
    cert = office_assets.certificate(ctx)
    assert cert is not None
    assert cert.passphrase.encode() not in (office_assets.office_dir() / office_assets.PASS_FILE).read_bytes()

    out = tmp_path / "signed.pdf"
    r = cli("print", final_case, "decision-letter", "--out", str(out))
    assert r.code == 0 and "电子签章" in r.out
    pdf = out.read_bytes()
    checks = validate_pdf_signatures(pdf, [certificate_of(cert.pkcs12, cert.passphrase)])
    assert len(checks) == 1
    assert checks[0].intact and checks[0].valid and checks[0].trusted and checks[0].coverage == "ENTIRE_FILE"
    images = [r.split() for r in poppler("pdfimages", pdf, "-list").splitlines()[2:]]
    # two signatures and the seal, each with its alpha mask
    assert sum(1 for r in images if r[2] == "image") >= 3 and sum(1 for r in images if r[2] == "smask") >= 3
    assert cli("verify-document", str(out)).code == 0

    # Appending anything after the signature (an incremental update) is caught.
    from pypdf import PdfWriter

    w = PdfWriter(BytesIO(pdf), incremental=True)
    w.add_metadata({"/Title": "changed"})
    buf = BytesIO()
    w.write(buf)
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(buf.getvalue())
    r = cli("verify-document", str(tampered))
    assert r.code == 1 and "电子签章后文件被修改" in r.out

    # Notices are not signed by key.
    notice = tmp_path / "notice.pdf"
    r = cli("print", final_case, "acceptance-notice", "--out", str(notice))
    assert r.code == 0 and "电子签章" not in r.out and b"/ByteRange" not in notice.read_bytes()


@needs_queue
def test_print_through_the_real_cups_queue(ctx, team, final_case, cli) -> None:
    before = {p.name for p in Path(OUT).glob("*.pdf")}
    r = cli("print", final_case, "decision-letter", "--printer", QUEUE, "--copies", "2")
    assert r.code == 0, r.err
    assert "2" in r.out
    deadline = time.monotonic() + 60
    new: list[Path] = []
    while time.monotonic() < deadline:
        new = [p for p in Path(OUT).glob("*.pdf") if p.name not in before and p.stat().st_size > 0
               and final_case in p.name]
        if new:
            time.sleep(0.5)  # cups-pdf writes then closes
            break
        time.sleep(0.3)
    assert new, f"no PDF came out of {QUEUE} in {OUT}"
    text = pdftotext(new[0].read_bytes())
    # Known gap (docs/documents.md): Ghostscript in cups-pdf turns some glyphs of the first paragraph
    # into Type 3 without Unicode, so the department named there is not checked on the queue's copy.
    for word in ("投诉请求", "调查过程", "事实认定及理由", "依据条款", "处理结论", "救济途径", "吴所长", "周包案"):
        assert word in text, word
    with ctx.db.read() as s:
        printed = documents_log.issues(s, final_case, "decision_letter")
    assert [(i.output, i.copies, i.printer) for i in printed] == [(documents_log.PRINT, 2, QUEUE)]
    bad = cli("print", final_case, "tracking-card", "--printer", f"NoSuch{uuid.uuid4().hex[:6]}")
    assert bad.code == 1
