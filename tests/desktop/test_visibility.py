"""One visibility rule (Art. 30): whether an actor may see a matter is decided by
``permissions.may_see_matter`` (and its SQL twin ``visible_matters``) alone, and every reader of matters —
ledger, search, timeline, matter page, documents, exports, reminders, statistics, repeat look-up — gives the
same answer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.db.models import Matter
from desktop.domain.enums import RegulationType
from desktop.domain.errors import NotFound, PermissionDenied
from desktop.services import documents_log, exporter, intake, ledger, petitioners, timeline, ui_support
from desktop.services.permissions import may_see_matter, visible_matters
from tests.desktop.helpers import interview, petition_classification, registration

ROOT = Path(__file__).resolve().parents[2]
RULE_HOME = ROOT / "desktop" / "services" / "permissions.py"


def _accusation(ctx, team) -> str:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        case = intake.register(ctx, s, team.clerk, registration(summary="检举村干部侵占补偿款")).case_number
        intake.record_interview(ctx, s, team.clerk, case, interview(team.interviewer.id))
        intake.classify(ctx, s, team.clerk, case, petition_classification(
            regulation_type=RegulationType.ACCUSATION, appeal_route=None))
        intake.register(ctx, s, team.clerk2, registration())  # an ordinary matter of the same person
    return case


def test_sql_and_python_forms_of_the_rule_agree(ctx, team) -> None:  # type: ignore[no-untyped-def]
    _accusation(ctx, team)
    with ctx.db.read() as s:
        matters = list(s.scalars(select(Matter)))
        assert any(m.restricted for m in matters) and any(not m.restricted for m in matters)
        for actor in (team.admin, team.clerk, team.clerk2, team.interviewer, team.approver, team.case_lead,
                      team.dept_head, team.inspector):
            cond = visible_matters(actor)
            stmt = select(Matter.id) if cond is None else select(Matter.id).where(cond)
            assert set(s.scalars(stmt)) == {m.id for m in matters if may_see_matter(actor, m)}, actor.username


@pytest.mark.parametrize("who", ["clerk2", "dept_head", "interviewer"])
def test_every_reader_refuses_what_the_ledger_refuses(ctx, team, who) -> None:  # type: ignore[no-untyped-def]
    case = _accusation(ctx, team)
    actor = getattr(team, who)
    with ctx.db.read() as s:
        matter = intake.matter_by_number(s, case)
        assert not may_see_matter(actor, matter)
        listed = ledger.ids(ctx, s, actor, ledger.LedgerFilter(), ctx.today())
        assert matter.id not in listed
        searched = ledger.ids(ctx, s, actor, ledger.LedgerFilter(text="村干部"), ctx.today())
        assert matter.id not in searched
        with pytest.raises(NotFound):
            timeline.timeline(s, actor, case)
        with pytest.raises(NotFound):
            ui_support.matter_facts(s, actor, case)
        with pytest.raises(PermissionDenied):
            documents_log.require_access(actor, matter)
        assert case not in {r["case_number"] for r in exporter.records(ctx, s, actor)}
    with ctx.db.session() as s:
        found = petitioners.history(ctx, s, actor, registration().id_number, ctx.today(), ctx.rules(s))
    assert all(m.summary == "" for m in found.matters if m.case_number == case)


@pytest.mark.parametrize("who", ["clerk", "inspector", "approver"])
def test_every_reader_serves_what_the_ledger_serves(ctx, team, who) -> None:  # type: ignore[no-untyped-def]
    case = _accusation(ctx, team)
    actor = getattr(team, who)
    with ctx.db.read() as s:
        matter = intake.matter_by_number(s, case)
        assert matter.id in ledger.ids(ctx, s, actor, ledger.LedgerFilter(), ctx.today())
        assert timeline.timeline(s, actor, case)
        assert ui_support.matter_facts(s, actor, case).summary == "检举村干部侵占补偿款"
        documents_log.require_access(actor, matter)


def _code_mentions(path: Path) -> list[str]:
    """The source without docstrings and comments, as the rule's tell-tale fragments appear in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0] = ast.Pass()
    code = ast.unparse(tree)
    patterns = [r"VIEW_RESTRICTED", r"restricted\.is_\(False\)", r"not\s+\w+\.restricted\b",
                r"registered_by_id\s*==\s*actor\.id", r"actor\.id\s+(not\s+)?in\s+\(\s*[\w.]*registered_by_id"]
    return [p for p in patterns if re.search(p, code)]


def test_the_rule_is_written_once() -> None:
    """No module but permissions.py decides visibility itself (the defect: it was written four times)."""
    offenders = {}
    for package in ("desktop", "printing", "ui", "recording"):
        for path in (ROOT / package).rglob("*.py"):
            if path == RULE_HOME or "migrations" in path.parts:
                continue
            found = _code_mentions(path)
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
    assert _code_mentions(RULE_HOME)  # the check can see the rule where it lives


def test_the_check_finds_the_rule_written_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The timeline's own copy of the rule, as it was, is caught (and so is the ledger's)."""
    timeline_copy = tmp_path / "timeline_copy.py"
    timeline_copy.write_text(
        "def f(matter, actor, events):\n"
        "    if matter.restricted and not actor.can(Permission.VIEW_RESTRICTED) and actor.id not in (\n"
        "            matter.registered_by_id, matter.first_handler_id):\n"
        "        return []\n", encoding="utf-8")
    ledger_copy = tmp_path / "ledger_copy.py"
    ledger_copy.write_text(
        "def g(actor):\n"
        "    return or_(Matter.restricted.is_(False), Matter.registered_by_id == actor.id)\n", encoding="utf-8")
    membership_only = tmp_path / "membership.py"
    membership_only.write_text(
        "def h(m, actor):\n    return not m.restricted or actor.id in (m.registered_by_id, m.first_handler_id)\n",
        encoding="utf-8")
    assert _code_mentions(timeline_copy) and _code_mentions(ledger_copy) and _code_mentions(membership_only)
