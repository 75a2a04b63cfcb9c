"""Deterministic sample documents (fixed dates, synthetic signatures and seal) for tests,
benchmarks, baselines and ``reception demo``. Names are made up; 吉 with the 𠮷 form tests
CJK Extension B."""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO

from PIL import Image, ImageDraw

from desktop.domain.enums import Channel, Complexity, Outcome, SignerRole
from printing.data import (
    AcceptanceNoticeData,
    AssignmentSlipData,
    DecisionLetterData,
    ExtensionNoticeData,
    Issuer,
    LetterContent,
    Petitioner,
    RegistrationFormData,
    Signature,
    TerminationNoticeData,
    TrackingCardData,
)
from printing.signature import render_signature_png, synthetic_strokes

OFFICE = "青山镇人民政府"
CASE_NO = "QS-2026-000123"
PETITIONER = "𠮷大林"  # Extension B surname (U+20BB7)


def synthetic_seal_png(size: int = 400) -> bytes:
    """A red ring with a five-pointed star, semi-transparent like ink: stands in for the office seal."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (215, 25, 32, 190)
    m = size * 0.03
    d.ellipse((m, m, size - m, size - m), outline=red, width=round(size * 0.035))
    cx = cy = size / 2
    outer, inner = size * 0.17, size * 0.068
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    d.polygon(pts, fill=red)
    buf = BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def synthetic_photo_png(w: int = 240, h: int = 320) -> bytes:
    """A grey ID-photo placeholder (head and shoulders silhouette)."""
    img = Image.new("RGB", (w, h), (70, 130, 200))
    d = ImageDraw.Draw(img)
    d.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.55), fill=(235, 225, 215))
    d.ellipse((w * 0.1, h * 0.6, w * 0.9, h * 1.3), fill=(40, 40, 60))
    buf = BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def issuer(seal: bool = True) -> Issuer:
    # The header and the signature name the same issuing organ (发文机关标志 = 发文机关署名).
    return Issuer(office=OFFICE, header=OFFICE, seal_png=synthetic_seal_png() if seal else None,
                  reception_office="青山镇信访接待室")


def letter_content(**changes: object) -> LetterContent:
    base = LetterContent(
        case_no=CASE_NO, petitioner=PETITIONER, department="青山镇社会保障服务中心",
        received_on=date(2026, 3, 2),
        request="请求核实本人2025年度城乡居民养老保险待遇发放情况，补发少发的养老金。",
        investigation="承办部门于2026年3月5日调取了信访人的参保缴费记录和待遇发放明细，"
                      "3月9日与信访人当面核对，并向县社会保险事业管理中心函询核实。",
        findings="经核实，信访人2025年7月至9月的基础养老金因银行账户变更未能到账，共计三个月，"
                 "系账户信息更新不及时所致，信访人反映的情况属实。",
        basis="《城乡居民基本养老保险经办规程》第三十条；《信访工作条例》第三十二条。",
        outcome=Outcome.SUPPORT,
        conclusion="由青山镇社会保障服务中心于2026年4月10日前将少发的养老金一次性补发到信访人新账户，并书面告知补发结果。",
        review_body="山南县人民政府",
        review_days=30,
    )
    from dataclasses import replace

    return replace(base, **changes) if changes else base


def decision_letter(is_copy: bool = False, seal: bool = True) -> DecisionLetterData:
    return DecisionLetterData(
        content=letter_content(), issuer=issuer(seal), doc_number="青信访〔2026〕12号",
        issued_on=date(2026, 3, 20), is_copy=is_copy,
        signatures=(
            Signature(SignerRole.DEPT_HEAD, "王建国", render_signature_png(synthetic_strokes("王建国")),
                      date(2026, 3, 18)),
            Signature(SignerRole.CASE_LEAD, "李秀英", render_signature_png(synthetic_strokes("李秀英")),
                      date(2026, 3, 19)),
        ),
    )


def acceptance_notice() -> AcceptanceNoticeData:
    return AcceptanceNoticeData(
        issuer=issuer(), doc_number="青信访受〔2026〕31号", issued_on=date(2026, 3, 4), case_no=CASE_NO,
        petitioner=PETITIONER, received_on=date(2026, 3, 2), matter="反映2025年度养老金少发问题",
        department="青山镇社会保障服务中心", limit_days=60, due_on=date(2026, 5, 4),
        contact="青山镇信访办公室  0731-8888 1234",
    )


def extension_notice() -> ExtensionNoticeData:
    return ExtensionNoticeData(
        issuer=issuer(), doc_number="青信访延〔2026〕3号", issued_on=date(2026, 4, 28), case_no=CASE_NO,
        petitioner=PETITIONER, received_on=date(2026, 3, 2), matter="反映2025年度养老金少发问题",
        original_due=date(2026, 5, 4), extension_days=30, new_due=date(2026, 6, 3),
        reason="需向县社会保险事业管理中心调取跨年度发放数据，调取周期较长，经镇分管领导批准延期办理。",
    )


def termination_notice() -> TerminationNoticeData:
    return TerminationNoticeData(
        issuer=issuer(), doc_number="青信访终〔2026〕2号", issued_on=date(2026, 8, 3), case_no=CASE_NO,
        petitioner=PETITIONER, matter="反映2025年度养老金少发问题",
        history="本镇于2026年3月20日出具处理意见书；信访人请求复查，山南县人民政府于2026年5月6日作出复查意见，"
                "维持原处理意见；信访人请求复核，山南市人民政府于2026年7月1日作出复核意见，维持复查意见。",
        reason="根据《信访工作条例》第三十五条、第三十六条，信访人对复核意见不服，仍以同一事实和理由提出信访请求的，"
               "各级机关不再受理。本信访事项已终结。",
    )


def assignment_slip() -> AssignmentSlipData:
    return AssignmentSlipData(
        issuer=issuer(), doc_number="青信访交〔2026〕45号", case_no=CASE_NO, registered_on=date(2026, 3, 2),
        petitioner=PETITIONER, phone="138 0000 1234", matter="反映2025年7月至9月基础养老金未到账。",
        demands="补发少发的养老金。", department="青山镇社会保障服务中心", complexity=Complexity.SIMPLE,
        limit_days=15, assigned_on=date(2026, 3, 3), due_on=date(2026, 3, 18), first_handler="张晓梅",
        approver="赵志刚", approver_signature_png=render_signature_png(synthetic_strokes("赵志刚")),
        approved_on=date(2026, 3, 3), approval_note="同意交办，请社会保障服务中心按期办结。", case_lead="李秀英",
        category="民生类", remarks="请于办结后3个工作日内将处理结果报镇信访办。",
    )


def registration_form() -> RegistrationFormData:
    return RegistrationFormData(
        office=OFFICE, case_no=CASE_NO, registered_on=date(2026, 3, 2), channel=Channel.VISIT,
        petitioners=(
            Petitioner(PETITIONER, "430000196505120017", "138 0000 1234", "青山镇石桥村五组12号", "石桥村第三网格"),
        ),
        matter="信访人反映其2025年7月至9月的城乡居民基础养老金未到账，曾到镇社保中心询问未果。",
        demands="核实并补发少发的养老金。", headcount=1, departments=("青山镇社会保障服务中心",),
        evidence=("银行流水（2025年6月至10月）", "社保卡复印件"), accepts_mediation=True,
        clerk="张晓梅", interviewer="陈立", history="近30日内首次来访。",
    )


def tracking_card(i: int = 0) -> TrackingCardData:
    return TrackingCardData(
        office=OFFICE, case_no=CASE_NO if i == 0 else f"QS-2026-{i:06d}", registered_on=date(2026, 3, 2),
        clerk_name="张晓梅", clerk_phone="0731-8888 1234", clerk_photo=synthetic_photo_png(),
        receiver="张晓梅", tracker="李秀英", responder="张晓梅", query_phone="0731-8888 1234",
        query_hours="工作日 8:30—17:30", query_place="青山镇便民服务中心一楼信访接待室",
    )
