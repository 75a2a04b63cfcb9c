"""《信访处理意见书》: the decision letter (信访工作条例 Art. 32), signed by the department head and
the case lead, with document number, optional seal and a QR code of case number + content hash."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from desktop.domain.enums import SignerRole
from printing.claim import content_sha256, qr_payload
from printing.data import DecisionLetterData, DocumentClaim
from printing.documents.common import check_data, para, paras
from printing.flowables import IssuerBlock, RedHeader, SignatureRow, Title
from printing.fonts import FontSet, get_fonts
from printing.labels import OUTCOME, OUTCOME_SENTENCE, SIGNER_ROLE, cn_date
from printing.layout import LINE, styles
from printing.page import build_pdf

KIND = "decision_letter"
TITLE = "信访处理意见书"
_SIGNER_ORDER = (SignerRole.DEPT_HEAD, SignerRole.CASE_LEAD)


def decision_claim(data: DecisionLetterData) -> DocumentClaim:
    return DocumentClaim(kind=KIND, case_no=data.content.case_no, doc_number=data.doc_number,
                         content_sha256=content_sha256(data), copy=data.is_copy)


def render_decision_letter(data: DecisionLetterData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    c = data.content
    claim = decision_claim(data)
    story = [
        RedHeader(fonts, data.issuer.header_text, data.doc_number),
        Title(fonts, TITLE),
        para(fonts, f"{c.petitioner}：", st.plain),
        # The case number is followed by a Chinese character, never punctuation: ReportLab's CJK
        # wrap cannot move "，" off the start of a line after an ASCII run.
        para(fonts, f"你于{cn_date(c.received_on)}提出的编号为{c.case_no}的信访事项已收悉。"
                    f"经{c.department}调查核实，现将处理意见告知如下：", st.body),
    ]
    sections = (
        ("一、投诉请求", c.request),
        ("二、调查过程", c.investigation),
        ("三、事实认定及理由", c.findings),
        ("四、依据条款", c.basis),
    )
    for heading, text in sections:
        story.append(para(fonts, heading, st.heading, role="sans"))
        story.extend(paras(fonts, text, st.body))
    story.append(para(fonts, "五、处理结论", st.heading, role="sans"))
    # The outcome is said once: in the office's own words when the letter has them, else the standard
    # sentence ("对你的信访请求予以支持。").
    own = [line.strip() for line in c.conclusion.split("\n") if line.strip()]
    first = own[0] if own else f"经研究，{OUTCOME_SENTENCE[c.outcome]}"
    story.append(para(fonts, f"处理结论：{OUTCOME[c.outcome]}。{first}", st.body))
    story.extend(para(fonts, line, st.body) for line in own[1:])
    remedy = para(fonts, c.remedies.strip() or f"如对本处理意见不服，可自收到本意见书之日起{c.review_days}日内，"
                                               f"向{c.review_body}提出复查请求。", st.body)
    signers = sorted(data.signatures, key=lambda s: _SIGNER_ORDER.index(s.role))
    row = SignatureRow(fonts, [
        (SIGNER_ROLE[s.role], s.name, s.png, cn_date(s.signed_on) if s.signed_on else "") for s in signers
    ])
    issuer = IssuerBlock(fonts, data.issuer.office, cn_date(data.issued_on), data.issuer.seal_png,
                         qr_payload(c.case_no, claim.content_sha256), f"扫码核验 {c.case_no}")
    # The remedies stay on the signatures' page: no page may hold only signatures and date.
    story.append(KeepTogether([para(fonts, "六、救济途径", st.heading, role="sans"), remedy, Spacer(1, LINE * 0.5), row, Spacer(1, LINE * 0.4), issuer]))
    return build_pdf(story, fonts=fonts, title=f"{TITLE} {data.doc_number}", claim=claim,
                     is_copy=data.is_copy)
