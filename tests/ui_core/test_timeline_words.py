"""Timeline entries in words, never internal action names: every action the core audits on a matter
(found in the core's source) has words, and a printed document or a recovered recording reads as such."""

from __future__ import annotations

import ast
import re

from desktop.services import documents_log, timeline
from desktop.services.audit import record
from tests.ui_core.core_codes import CORE, ROOT
from tests.ui_core.flows import assigned

MATTER_ACTIONS = ("matter", "letter", "recording", "document", "personal_data", "petitioner")


def _audited_matter_actions() -> set[str]:
    found = set()
    for package in CORE:
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "rules_config.py":  # setting keys ("letter.vague_phrases"), not actions
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                        and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value) \
                        and node.value.split(".")[0] in MATTER_ACTIONS:
                    found.add(node.value)
    return found


def test_every_action_audited_on_a_matter_has_words() -> None:
    from ui.matter.timeline_words import KINDS

    actions = _audited_matter_actions()
    assert {"recording.recovered", "document.print", "matter.register"} <= actions
    assert not actions - set(KINDS), sorted(actions - set(KINDS))


def test_printed_documents_and_recovered_recordings_read_in_words(ctx, team, qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_language
    from ui.matter.timeline_words import describe_event

    case = assigned(ctx, team)
    with ctx.db.session() as s:
        documents_log.log_print(ctx, s, team.clerk, kind="assignment_slip", case_number=case, doc_number="青信交〔2025〕1号",
                                content_sha256="0" * 64, is_copy=False, copies=2, printer="PDF")
        record(s, at=ctx.now(), actor_id=None, action="recording.recovered", target_type="matter", target_id=case,
               details={"path": "x.mp4", "registered": True})
    with ctx.db.read() as s:
        events = timeline.timeline(s, team.clerk, case)
    try:
        for lang in ("zh", "en"):
            install_language(lang)
            lines = [describe_event(e) for e in events]
            assert not [line for line in lines if re.search(r"\b[a-z_]+\.[a-z_]+\b", line)], lines
    finally:
        install_language("zh")
    lines = [describe_event(e) for e in events]
    assert any(line.startswith("打印文书") and "交办单" in line and "2 份" in line for line in lines), lines
    assert any(line.startswith("修复并封存中断的录音录像") for line in lines), lines
