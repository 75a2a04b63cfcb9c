"""The key-case documents carry what the issue asks of them: each tough-list row's background, core demand,
department and limit; the bulletin's figures; the agreement's parties, terms and three signatures."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from printing.claim import read_document_claim
from printing.data import Issuer
from printing.keycases.data import (
    AgreementData,
    AgreementSignature,
    BulletinData,
    BulletinLine,
    ToughLine,
    ToughListData,
)
from printing.keycases.render import render_agreement, render_bulletin, render_tough_list
from printing.signature import render_signature_png, synthetic_strokes

ISSUER = Issuer("青山镇人民政府", "青山镇信访接待室")


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")


def test_tough_list_rows_show_background_demand_department_and_limit() -> None:
    lines = tuple(ToughLine(f"XF2026-{i:05d}", "上级交办", f"背景第{i}件", f"诉求第{i}件", "司法所", "周军",
                            "2026年12月31日") for i in range(1, 31))
    text = _text(render_tough_list(ToughListData(ISSUER, "2026年第四季度", date(2026, 12, 1), lines)))
    assert "2026年第四季度信访攻坚清单" in text and "共30件" in text
    for i in (1, 17, 30):
        assert f"背景第{i}件" in text and f"诉求第{i}件" in text and f"XF2026-{i:05d}" in text
    assert text.count("司法所") == 30 and "2026年12月31日" in text


def test_bulletin_states_the_month_and_each_case() -> None:
    data = BulletinData(ISSUER, "2026年11月", date(2026, 11, 30), "在办重点信访事项2件，积案化解率50.0%。",
                        (BulletinLine("XF2026-00001", "周军", "红色预警", "2026-11-02 入户3次", "1/3 完成，逾期 1",
                                      "化解中"),))
    text = _text(render_bulletin(data))
    assert "关于2026年11月重点信访事项化解进展情况的通报" in text and "积案化解率50.0%" in text
    assert "入户3次" in text and "逾期1" in text


def test_agreement_carries_its_claim_and_the_three_signatures() -> None:
    sigs = tuple(AgreementSignature(label, name, render_signature_png(synthetic_strokes(name)), "2026年11月3日")
                 for label, name in (("甲方", "张三"), ("乙方", "李四"), ("调解员", "王调解")))
    data = AgreementData(ISSUER, "信访调〔2026〕1号", "XF2026-00001", date(2026, 11, 3), "东村调解室", "王调解",
                         "张三", "李四", "宅基地边界争议", "以2003年确权图为界", sigs)
    pdf = render_agreement(data)
    text = _text(pdf)
    assert "人民调解协议书" in text and "以2003年确权图为界" in text
    assert all(f"（{n}）" in text for n in ("张三", "李四", "王调解"))
    claim = read_document_claim(pdf)
    assert (claim.kind, claim.case_no, claim.doc_number) == ("mediation_agreement", "XF2026-00001", "信访调〔2026〕1号")
    unsigned = render_agreement(AgreementData(**{**data.__dict__, "signatures": ()}))
    assert read_document_claim(unsigned).content_sha256 != claim.content_sha256
