"""The notices to the petitioner: 《受理告知书》, 《延期告知书》, 《信访事项终结告知书》.

Same frame as the decision letter (red header, number, title, addressee, body, issuer and seal)."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from printing.claim import data_sha256
from printing.data import AcceptanceNoticeData, DocumentClaim, ExtensionNoticeData, TerminationNoticeData
from printing.documents.common import check_data, para, paras
from printing.flowables import IssuerBlock, RedHeader, Title
from printing.fonts import FontSet, get_fonts
from printing.labels import cn_date
from printing.layout import styles
from printing.page import build_pdf

Notice = AcceptanceNoticeData | ExtensionNoticeData | TerminationNoticeData


def _render(data: Notice, fonts: FontSet, kind: str, title: str, body: list[Flowable]) -> bytes:
    st = styles(fonts)
    story: list[Flowable] = [
        RedHeader(fonts, data.issuer.header_text, data.doc_number),
        Title(fonts, title),
        para(fonts, f"{data.petitioner}：", st.plain),
        *body[:-1],
        # No page may hold only the closing, seal and date: the last paragraph of the text goes with them.
        KeepTogether([body[-1], para(fonts, "特此告知。", st.body),
                      IssuerBlock(fonts, data.issuer.office, cn_date(data.issued_on), data.issuer.seal_png, None)]),
    ]
    claim = DocumentClaim(kind=kind, case_no=data.case_no, doc_number=data.doc_number,
                          content_sha256=data_sha256(data), copy=data.is_copy)
    return build_pdf(story, fonts=fonts, title=f"{title} {data.doc_number}", claim=claim,
                     is_copy=data.is_copy)


def render_acceptance_notice(data: AcceptanceNoticeData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    body = [
        para(fonts, f"你于{cn_date(data.received_on)}提出的编号为{data.case_no}的信访事项，"
                    f"主要内容为：{data.matter.rstrip('。')}。经审查，该事项属于本机关受理范围，"
                    f"现决定予以受理，并交由{data.department}办理。", st.body),
        para(fonts, f"依照《信访工作条例》的有关规定，本机关将自受理之日起{data.limit_days}日内办结，"
                    f"并于{cn_date(data.due_on)}前书面答复你。办理期间，你可以凭信访事项编号查询办理进度。",
             st.body),
    ]
    if data.contact:
        body.append(para(fonts, f"联系方式：{data.contact}", st.body))
    return _render(data, fonts, "acceptance_notice", "受理告知书", body)


def render_extension_notice(data: ExtensionNoticeData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    body = [
        para(fonts, f"你于{cn_date(data.received_on)}提出的编号为{data.case_no}的信访事项，"
                    f"主要内容为：{data.matter.rstrip('。')}，原定办理期限至{cn_date(data.original_due)}。",
             st.body),
        para(fonts, f"延期理由：{data.reason}", st.body),
        para(fonts, f"依照《信访工作条例》第三十四条的规定，经批准，该事项办理期限延长{data.extension_days}日，"
                    f"至{cn_date(data.new_due)}。届时本机关将书面答复你。", st.body),
    ]
    return _render(data, fonts, "extension_notice", "延期告知书", body)


def render_termination_notice(data: TerminationNoticeData, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    body = [
        para(fonts, f"你提出的编号为{data.case_no}的信访事项，主要内容为：{data.matter.rstrip('。')}。",
             st.body),
        para(fonts, "一、办理经过", st.heading, role="sans"),
        *paras(fonts, data.history, st.body),
        para(fonts, "二、终结理由及依据", st.heading, role="sans"),
        *paras(fonts, data.reason, st.body),
        para(fonts, "自本告知书送达之日起，你以同一事实和理由提出的信访事项，各级机关不再受理。", st.body),
    ]
    return _render(data, fonts, "termination_notice", "信访事项终结告知书", body)
