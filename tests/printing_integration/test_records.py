"""Documents built from the records: every document of a case renders, the letter carries the
record's content hash, reprints are copies, restricted matters are refused."""

from __future__ import annotations

import pytest

from desktop import documents as records
from desktop.domain.errors import IllegalTransition, PermissionDenied
from desktop.services import documents_log
from desktop.services.documents_log import DocumentKind
from tests.printing.printing_pdf_tools import pdftotext
from tests.printing_integration.conftest import assigned_case

ISSUABLE = [k for k in DocumentKind if k != DocumentKind.TERMINATION_NOTICE]


def test_every_document_of_a_case_renders_from_the_record(ctx, team, final_case) -> None:
    with ctx.db.session() as s:
        for kind in ISSUABLE:
            r = records.prepare(ctx, s, team.clerk, final_case, kind)
            assert r.pdf.startswith(b"%PDF")
            assert (r.claim.kind, r.claim.case_no) == (kind.value, final_case)
            text = pdftotext(r.pdf)
            assert final_case in text.replace("\n", "") or kind == DocumentKind.TRACKING_CARD
            if kind != DocumentKind.TRACKING_CARD:
                assert "𠮷大林" in text, kind


def test_letter_claim_carries_the_records_hash(ctx, team, final_case) -> None:
    from desktop.services import letters
    from desktop.services.intake import matter_by_number

    with ctx.db.session() as s:
        letter = letters.current_letter(s, matter_by_number(s, final_case).id)
        r = records.prepare(ctx, s, team.clerk, final_case, DocumentKind.DECISION_LETTER)
        assert r.claim.content_sha256 == letter.content_sha256
        assert r.claim.doc_number == letter.document_number
        text = pdftotext(r.pdf)
        for word in ("吴所长", "周包案", letter.document_number, "复查"):
            assert word in text


def test_a_reprint_of_the_final_letter_is_a_copy(ctx, team, final_case) -> None:
    with ctx.db.session() as s:
        first = records.prepare(ctx, s, team.clerk, final_case, DocumentKind.DECISION_LETTER)
        assert not first.document.is_copy
        records.record_print(ctx, s, team.clerk, first, copies=2, printer="X")
    with ctx.db.session() as s:
        again = records.prepare(ctx, s, team.clerk, final_case, DocumentKind.DECISION_LETTER)
        assert again.document.is_copy and again.claim.copy
        assert "副本" in pdftotext(again.pdf) and "副本" not in pdftotext(first.pdf)
        issued = documents_log.issues(s, final_case, DocumentKind.DECISION_LETTER)
        assert [(i.copies, i.printer, i.is_copy, i.actor_id) for i in issued] == [(2, "X", False, team.clerk.id)]


def test_a_draft_letter_previews_but_is_never_issued(ctx, team) -> None:
    from desktop.domain.enums import Outcome
    from desktop.services import letters
    from tests.printing_integration.conftest import SECTIONS

    case = assigned_case(ctx, team)
    with ctx.db.session() as s:
        letters.save_draft(ctx, s, team.clerk, case, SECTIONS, Outcome.SUPPORT, dept_head_id=team.dept_head.id)
    with ctx.db.session() as s:
        with pytest.raises(IllegalTransition):
            records.document_data(ctx, s, team.clerk, case, DocumentKind.DECISION_LETTER)
        doc = records.document_data(ctx, s, team.clerk, case, DocumentKind.DECISION_LETTER, allow_draft=True)
        r = records.render(doc)
        assert "吴所长" in pdftotext(r.pdf)  # the named signer's place is shown
        with pytest.raises(IllegalTransition):
            records.record_save(ctx, s, team.clerk, r, path="/tmp/x.pdf")


def test_termination_notice_only_after_termination(ctx, team, final_case) -> None:
    with ctx.db.session() as s, pytest.raises(IllegalTransition):
        records.document_data(ctx, s, team.clerk, final_case, DocumentKind.TERMINATION_NOTICE)


def test_an_accusation_is_not_printed_for_staff_not_entitled(ctx, team) -> None:
    from desktop.domain.enums import RegulationType
    from desktop.services import intake
    from tests.desktop.helpers import interview, petition_classification, registration

    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration(summary="检举村干部侵占补偿款")).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification(
            regulation_type=RegulationType.ACCUSATION, appeal_route=None))
    with ctx.db.session() as s:
        with pytest.raises(PermissionDenied):
            records.document_data(ctx, s, team.clerk2, case, DocumentKind.REGISTRATION_FORM)
        assert records.document_data(ctx, s, team.clerk, case, DocumentKind.REGISTRATION_FORM).case_number == case


def test_demo_writes_every_document_the_case_has_reached(ctx, team, final_case, tmp_path) -> None:
    from desktop.cli.demo_documents import write_documents

    with ctx.db.session() as s:
        written = write_documents(ctx, s, team.clerk, final_case, tmp_path / "docs")
    assert list(written) == ["registration-form", "acceptance-notice", "extension-notice", "assignment-slip",
                             "decision-letter", "tracking-card"]  # not terminated: no termination notice
    for name, path in written.items():
        pdf = open(path, "rb").read()  # noqa: SIM115
        assert pdf.startswith(b"%PDF"), name
    slip = pdftotext(open(written["assignment-slip"], "rb").read())  # noqa: SIM115
    assert "孙分管" in slip and "同意交办，请按期办结。" in slip  # the approver's opinion, from the record
    from tests.printing.printing_pdf_tools import poppler

    images = poppler("pdfimages", open(written["assignment-slip"], "rb").read(), "-list")  # noqa: SIM115
    assert " image " in images  # the approver's signature, drawn from the strokes stored with the approval
    with ctx.db.read() as s:
        assert len(documents_log.issues(s, final_case)) == len(written)


def test_termination_notice_tells_the_history(ctx, team, final_case, clock) -> None:
    from desktop.domain.enums import ReviewOutcome, Satisfaction
    from desktop.services import followup, handling, letters

    clock.advance(days=7)
    with ctx.db.session() as s:
        letters.deliver(ctx, s, team.clerk, final_case)
        handling.close(ctx, s, team.clerk, final_case)
        followup.evaluate(ctx, s, team.clerk, final_case, Satisfaction.DISSATISFIED)
    with ctx.db.session() as s:
        followup.conclude_review(ctx, s, team.inspector, final_case, ReviewOutcome.UPHELD, "原处理意见正确")
    with ctx.db.session() as s:
        r = records.prepare(ctx, s, team.clerk, final_case, DocumentKind.TERMINATION_NOTICE)
    text = pdftotext(r.pdf)
    for words in ("信访事项终结告知书", "出具处理意见书", "信访〔2025〕1号", "复查", "维持原处理意见", "不再受理"):
        assert words in text, words


def test_a_reprinted_notice_keeps_its_first_date_and_number(ctx, team, final_case, clock) -> None:
    from desktop.domain.errors import ValidationError

    with ctx.db.session() as s:
        first = records.prepare(ctx, s, team.clerk, final_case, DocumentKind.ACCEPTANCE_NOTICE)
        records.record_print(ctx, s, team.clerk, first, copies=1, printer="P")
    clock.advance(days=9)
    with ctx.db.session() as s:
        again = records.prepare(ctx, s, team.clerk, final_case, DocumentKind.ACCEPTANCE_NOTICE)
        assert again.document.is_copy and again.claim.copy
        assert again.document.data.issued_on == first.document.data.issued_on
        assert again.claim.content_sha256 == first.claim.content_sha256  # the same notice, a copy of it
        assert documents_log.first_issued_on(s, final_case, "acceptance_notice", first.document.doc_number) \
            == first.document.data.issued_on
        with pytest.raises(ValidationError):
            records.record_print(ctx, s, team.clerk, again, copies=0, printer="P")
        with pytest.raises(ValidationError):
            documents_log.log_save(ctx, s, team.clerk, kind="leaflet", case_number=final_case, doc_number="",
                                   content_sha256="", is_copy=False, path="x")
