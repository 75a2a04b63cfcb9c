"""A matter taken through the whole procedure to a signed, final decision letter, and a way to run
the ``reception`` command line in-process against the same database."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from desktop.db.models import Department
from desktop.domain.enums import DayUnit, MeetingStage, Outcome, SignerRole
from desktop.services import handling, intake, letters
from desktop.services.intake_input import AssignmentInput
from printing.signature import synthetic_strokes
from tests.desktop.conftest import PASSWORD, make_team
from tests.desktop.helpers import interview, petition_classification, registration

SECTIONS = {
    "request": "要求发放2024年土地承包款。",
    "investigation": "经走访村委会、查阅账目，核实承包款发放记录。",
    "findings": "经查，该户承包款因账户信息错误未能到账。",
    "basis": "《农村土地承包法》第三十九条。",
    "conclusion": "支持申请人的请求，由村委会于十日内补发。",
}


@pytest.fixture
def team(ctx):  # type: ignore[no-untyped-def]
    return make_team(ctx)


def submitted_case(ctx, team, name: str = "𠮷大林") -> str:  # type: ignore[no-untyped-def]
    """Registered, interviewed, classified and its assignment slip waiting for the approver."""
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration(name=name)).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification())
        dept = s.scalar(select(Department.id).where(Department.name == "司法所"))
        intake.submit_assignment(ctx, s, team.clerk, case, AssignmentInput(
            department_id=dept, first_handler_id=team.clerk.id, approver_id=team.approver.id,
            case_lead_id=team.case_lead.id))
    return case


def assigned_case(ctx, team, name: str = "𠮷大林") -> str:  # type: ignore[no-untyped-def]
    case = submitted_case(ctx, team, name)
    with ctx.db.session() as s:
        handling.approve_assignment(ctx, s, team.approver, case, "同意交办，请按期办结。",
                                    strokes=synthetic_strokes("孙分管"))
    return case


def sign_and_finalize(ctx, team, case: str, sections: dict[str, str] | None = None) -> str:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        letters.save_draft(ctx, s, team.clerk, case, sections or SECTIONS, Outcome.SUPPORT,
                           dept_head_id=team.dept_head.id)
    with ctx.db.session() as s:
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, synthetic_strokes("吴所长"))
        letters.sign(ctx, s, team.case_lead, case, SignerRole.CASE_LEAD, synthetic_strokes("周包案"))
        return letters.finalize(ctx, s, team.clerk, case).document_number


@pytest.fixture
def final_case(ctx, team) -> str:  # type: ignore[no-untyped-def]
    case = assigned_case(ctx, team)
    with ctx.db.session() as s:
        handling.log_meeting(ctx, s, team.clerk, case, MeetingStage.BEFORE, date(2025, 3, 3), "确认诉求")
        handling.extend(ctx, s, team.clerk, case, 10, DayUnit.CALENDAR, "需调取跨年度账目", team.approver.id)
    sign_and_finalize(ctx, team, case)
    return case


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(ctx, monkeypatch) -> Callable[..., CliResult]:  # type: ignore[no-untyped-def]
    """Runs ``reception --db URL --user clerk ARGS…`` in this process."""
    from desktop.cli.app import run

    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
    url = ctx.db.url

    def call(*args: str, user: str = "clerk", lang: str = "zh") -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = run(["--db", url, "--user", user, "--lang", lang, *args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return call
