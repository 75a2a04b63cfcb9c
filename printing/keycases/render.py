"""ReportLab layouts of the key-case documents, on the office's page, fonts and styles."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from printing.claim import data_sha256
from printing.data import DocumentClaim
from printing.documents.common import check_data, para, paras
from printing.flowables import IssuerBlock, RedHeader, SignatureRow, Title
from printing.fonts import FontSet, get_fonts
from printing.keycases.data import AgreementData, BulletinData, ToughListData
from printing.labels import cn_date
from printing.layout import LINE, TEXT_W, styles
from printing.page import build_pdf

AGREEMENT_KIND = "mediation_agreement"


def _grid(fonts: FontSet, header: list[str], rows: list[list[str]], widths: list[float],
          chunk: int = 1) -> list[Flowable]:
    """The rows as a run of one-row tables under one header table: splitting one long table at each page
    boundary wraps every row still to come again (measured: 200 rows 1.9 s as one table, 1.3 s as rows)."""
    return [_table(fonts, header, [], widths)] + [_table(fonts, None, rows[i:i + chunk], widths)
                                                  for i in range(0, len(rows), chunk)]


def _table(fonts: FontSet, header: list[str] | None, rows: list[list[str]], widths: list[float]) -> Table:
    st = styles(fonts)
    cells = [[para(fonts, h, st.small_label, role="sans") for h in header]] if header else []
    cells += [[para(fonts, v, st.small) for v in row] for row in rows]
    t = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.names["body"]),
        ("BOX", (0, 0), (-1, -1), 1.0, (0, 0, 0)),
        ("INNERGRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


def render_tough_list(data: ToughListData, fonts: FontSet | None = None) -> bytes:
    """季度攻坚清单: one row per case with background, core demand, department, leader and limit."""
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    w = TEXT_W
    # Five cells a row, not seven: each cell is a CJK paragraph to wrap, the bulk of the time for 200 rows.
    widths = [w * 0.19, w * 0.3, w * 0.22, w * 0.12, w * 0.17]
    rows = [[f"{i}. {ln.case_no}\n{ln.reasons}", ln.background or "（限阅）", ln.core_demand or "（限阅）",
             ln.department or "—", f"{ln.leader or '—'}\n{ln.limit}"] for i, ln in enumerate(data.lines, 1)]
    story: list[Flowable] = [
        Title(fonts, f"{data.period}信访攻坚清单"),
        para(fonts, f"截至{cn_date(data.as_of)}，共{len(data.lines)}件。实行“周调度、月通报”。", st.plain),
        Spacer(1, LINE * 0.3),
        *_grid(fonts, ["序号、编号及类型", "案件背景", "核心诉求", "责任部门", "包案领导及化解时限"], rows, widths),
        Spacer(1, LINE),
        IssuerBlock(fonts, data.issuer.office, cn_date(data.as_of), None, None),
    ]
    return build_pdf(story, fonts=fonts, title=f"{data.period}信访攻坚清单", claim=None)


def render_bulletin(data: BulletinData, fonts: FontSet | None = None) -> bytes:
    """月通报 of the key cases' progress."""
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    w = TEXT_W
    widths = [w * 0.15, w * 0.11, w * 0.12, w * 0.34, w * 0.13, w * 0.15]
    rows = [[ln.case_no, ln.leader, ln.reason, ln.progress or "本月无进展报告", ln.steps,
             ln.status] for ln in data.lines]
    story: list[Flowable] = [
        RedHeader(fonts, data.issuer.header_text, ""),
        Spacer(1, LINE * 0.6),
        Title(fonts, f"关于{data.month}重点信访事项化解进展情况的通报"),
        *paras(fonts, data.summary, st.body),
        Spacer(1, LINE * 0.3),
        *_grid(fonts, ["事项编号", "包案领导", "列入原因", "本月进展", "方案步骤", "状态"], rows, widths),
        Spacer(1, LINE),
        IssuerBlock(fonts, data.issuer.office, cn_date(data.issued_on), data.issuer.seal_png, None),
    ]
    return build_pdf(story, fonts=fonts, title=f"{data.month}重点信访事项通报", claim=None)


def render_agreement(data: AgreementData, fonts: FontSet | None = None) -> bytes:
    """《调解协议书》, carrying a claim so ``reception verify-document`` can check it against the record."""
    fonts = fonts or get_fonts()
    check_data(fonts, data)
    st = styles(fonts)
    story: list[Flowable] = [
        Title(fonts, "人民调解协议书"),
        para(fonts, f"编号：{data.doc_number}", st.right),
        Spacer(1, LINE * 0.3),
        para(fonts, f"甲方：{data.party_a}", st.plain),
        para(fonts, f"乙方：{data.party_b}", st.plain),
        para(fonts, f"调解时间：{cn_date(data.held_on)}　调解地点：{data.venue}", st.plain),
        para(fonts, f"调解员：{data.mediators}" + (f"　关联信访事项：{data.case_no}" if data.case_no else ""),
             st.plain),
        para(fonts, "一、纠纷事实及争议", st.heading, role="sans"),
        *paras(fonts, data.dispute, st.body),
        para(fonts, "二、经调解，双方自愿达成如下协议", st.heading, role="sans"),
        *paras(fonts, data.terms, st.body),
        para(fonts, "三、履行与效力", st.heading, role="sans"),
        para(fonts, "本协议经双方当事人签名、调解员签名并加盖调解组织印章后生效。双方应当按照约定履行；"
                    "双方可自协议生效之日起三十日内共同向人民法院申请司法确认。", st.body),
        para(fonts, "本协议一式三份，双方当事人各执一份，调解组织留存一份。", st.body),
        Spacer(1, LINE * 0.5),
        KeepTogether([
            SignatureRow(fonts, [(s.label, s.name, s.png, s.signed_on) for s in data.signatures]),
            Spacer(1, 4 * mm),
            IssuerBlock(fonts, data.issuer.office, cn_date(data.held_on), data.issuer.seal_png, None),
        ]),
    ]
    claim = DocumentClaim(kind=AGREEMENT_KIND, case_no=data.case_no, doc_number=data.doc_number,
                          content_sha256=data_sha256(data), copy=data.is_copy)
    return build_pdf(story, fonts=fonts, title=f"调解协议书 {data.doc_number}", claim=claim, is_copy=data.is_copy)
