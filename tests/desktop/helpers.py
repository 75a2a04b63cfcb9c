"""Small builders shared by the core tests."""

from __future__ import annotations

from desktop.domain.enums import AppealRoute, Category, Channel, Complexity, RegulationType, Risk
from desktop.domain.idnumber import check_digit
from desktop.services.intake_input import ClassificationInput, InterviewInput, RegistrationInput


def resident_id(first17: str = "11010519900307002") -> str:
    return first17 + check_digit(first17)


def registration(**over: object) -> RegistrationInput:
    values: dict[str, object] = dict(name="张三", channel=Channel.VISIT, summary="土地承包款未发放",
                                     id_number=resident_id(), phone="13800138000", village="东村",
                                     demands="要求发放2024年土地承包款")
    values.update(over)
    return RegistrationInput(**values)  # type: ignore[arg-type]


def interview(interviewer_id: int, **over: object) -> InterviewInput:
    values: dict[str, object] = dict(interviewer_id=interviewer_id, notes="当事人陈述承包款拖欠情况",
                                     scope_notice_confirmed=True, no_recording_reason="设备检修")
    values.update(over)
    return InterviewInput(**values)  # type: ignore[arg-type]


def petition_classification(**over: object) -> ClassificationInput:
    values: dict[str, object] = dict(regulation_type=RegulationType.APPEAL, appeal_route=AppealRoute.PETITION,
                                     category=Category.LEGAL, risk=Risk.YELLOW, complexity=Complexity.SIMPLE)
    values.update(over)
    return ClassificationInput(**values)  # type: ignore[arg-type]
