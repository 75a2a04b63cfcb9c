"""``verify``: the audit chain, the evidence files and (when given a file) one recording."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.recording_support import check_all_recordings, check_one_recording, test_signal_lines
from desktop.cli.runtime import Runtime
from desktop.domain.errors import ValidationError
from desktop.services import attachments, audit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check the audit chain, evidence files and sealed recordings")
    p.add_argument("file", nargs="?", type=Path, help="one recording (FILE.mp4) to check against its manifest")
    p.add_argument("--key", type=Path, metavar="office.pem",
                   help="check FILE against this public key (any installation; e.g. from an export package)")
    p.set_defaults(handler=cmd_verify)


def cmd_verify(rt: Runtime, args: argparse.Namespace) -> int:
    if args.key is not None and args.file is None:
        raise ValidationError("key_needs_file", field="key")
    if args.file is not None:
        if args.key is not None:  # no database and no key of this installation needed
            ok, lines = check_one_recording(None, args.file, rt.lang, key=_load_key(args.key))
        else:
            with rt.ctx.db.read() as session:
                ok, lines = check_one_recording(rt.ctx, args.file, rt.lang, session=session)
        for line in lines:
            (rt.say if ok else rt.warn)(line)
        return 0 if ok else 1
    broken: list[str] = []
    with rt.ctx.db.read() as session:
        checked, problems = audit.verify_chain(session)
        for p in problems:
            broken.append(rt.zh_en(f"审计日志第 {p.seq} 条：{_chain_words(p.problem, 'zh')}",
                                   f"audit entry {p.seq}: {_chain_words(p.problem, 'en')}"))
        for sha, problem in attachments.verify_blobs(session):
            broken.append(rt.zh_en(f"证据文件 {sha[:12]}…：{'缺失' if problem == 'missing' else '已被改动'}",
                                   f"evidence file {sha[:12]}…: {problem}"))
        rec_checked, rec_broken = check_all_recordings(rt.ctx, session, rt.lang)
        broken += rec_broken
        notes = test_signal_lines(session, rt.lang)
    if broken:
        for line in broken:
            rt.warn(line)
        return 1
    for line in notes:
        rt.say(line)
    rt.say(rt.zh_en(f"完整：审计日志 {checked} 条，录音录像 {rec_checked} 个，均未被改动。",
                    f"Intact: {checked} audit entries and {rec_checked} recordings, none altered."))
    return 0


def _load_key(path: Path):  # type: ignore[no-untyped-def]
    from recording.manifest import load_public_key

    try:
        return load_public_key(path)
    except (OSError, ValueError) as exc:
        raise ValidationError("public_key_invalid", field="key", path=str(path)) from exc


def _chain_words(problem: str, lang: str) -> str:
    words = {"altered": ("内容被改动", "altered"), "missing": ("缺失（被删除）", "missing (deleted)"),
             "reordered": ("链接断裂（被插入或重排）", "chain broken (inserted or reordered)"),
             "head_mismatch": ("链尾不符（末尾条目被删除）", "chain tip mismatch (entries removed at the end)")}
    zh, en = words.get(problem, (problem, problem))
    return en if lang == "en" else zh
