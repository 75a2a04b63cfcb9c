"""``verify``: the keyed audit chain and its anchor, the audited rows, the evidence files and the sealed
recordings (or, when given a file, one recording). Prints what it checked; exit 1 naming each problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import func, select

from desktop.cli.recording_support import check_all_recordings, check_one_recording, test_signal_lines
from desktop.cli.runtime import Runtime
from desktop.db.models import Attachment
from desktop.domain.errors import DomainError, ValidationError
from desktop.security.keyfile import KeyKind, KeyStore
from desktop.services import attachments, audit_anchor, audit_verify


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check the audit chain, audited rows, evidence files and sealed recordings")
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
    try:
        ctx = rt.ctx
    except DomainError as error:
        if error.code != "database_empty":
            raise
        return _emptied_file(rt, error)
    broken: list[str] = []
    if not ctx.initialised:
        # An empty database: with this desk's audit key still here, its anchor says whether it had a record.
        broken.append(rt.zh_en("数据库未初始化（没有登记的密钥）", "the database is not initialised (no registered keys)"))
        if not ctx.keys.exists(KeyKind.AUDIT):
            rt.warn(broken[0])
            return 1
        ctx._bind_audit_key()
    with ctx.db.read() as session:
        report = audit_verify.verify_all(session)
        broken += [_words(rt, p) for p in report.problems]
        files = session.scalar(select(func.count(func.distinct(Attachment.sha256)))) or 0
        for sha, problem in attachments.verify_blobs(session):
            broken.append(rt.zh_en(f"证据文件 {sha[:12]}…：{'缺失' if problem == 'missing' else '已被改动'}",
                                   f"evidence file {sha[:12]}…: {problem}"))
        rec_checked, rec_broken = check_all_recordings(ctx, session, rt.lang)
        broken += rec_broken
        notes = test_signal_lines(session, rt.lang)
    rows = report.rows
    anchor = "—" if report.anchor_seq is None else str(report.anchor_seq)
    rt.say(rt.zh_en(
        f"已检查：审计日志 {report.entries} 条（锚点：第 {anchor} 条）；信访事项 {rows.get('matters', 0)} 件、"
        f"信访人 {rows.get('petitioners', 0)} 人、工作人员 {rows.get('staff', 0)} 人、角色 {rows.get('staff_roles', 0)} 条；"
        f"证据文件 {files} 个；录音录像 {rec_checked} 个。",
        f"Checked: {report.entries} audit entries (anchor at {anchor}); {rows.get('matters', 0)} matters, "
        f"{rows.get('petitioners', 0)} petitioners, {rows.get('staff', 0)} staff, {rows.get('staff_roles', 0)} roles; "
        f"{files} evidence files; {rec_checked} recordings."))
    if broken:
        for line in broken:
            rt.warn(line)
        rt.warn(rt.zh_en(f"发现 {len(broken)} 处问题。", f"{len(broken)} problems found."))
        return 1
    for line in notes:
        rt.say(line)
    rt.say(rt.zh_en("完整：均未被改动。", "Intact: nothing altered."))
    return 0


def _emptied_file(rt: Runtime, error: DomainError) -> int:
    """A database file emptied to 0 bytes cannot be opened at all; this desk's anchor still says how much
    record it held, so the emptying is named as what it is: a database behind its anchor."""
    rt.warn(rt.t(error.code, **error.details))
    rt.warn(rt.zh_en("数据库未初始化（没有登记的密钥）", "the database is not initialised (no registered keys)"))
    keys = KeyStore()
    anchored = None
    if keys.exists(KeyKind.AUDIT):
        anchor = audit_anchor.read(keys.anchor_path, keys.audit_key())
        anchored = anchor.seq if anchor is not None and anchor.genuine else None
    if anchored:
        rt.warn(_words(rt, audit_verify.Problem("behind_anchor", {"anchor": anchored, "stored": 0})))
    return 1


def _load_key(path: Path):  # type: ignore[no-untyped-def]
    from recording.manifest import load_public_key

    try:
        return load_public_key(path)
    except (OSError, ValueError) as exc:
        raise ValidationError("public_key_invalid", field="key", path=str(path)) from exc


_TABLES = {"matters": ("信访事项", "matter"), "petitioners": ("信访人", "petitioner"),
           "staff": ("工作人员", "staff member"), "staff_roles": ("角色", "role")}
_CHAIN = {"altered": ("内容被改动", "altered"), "missing": ("缺失（被删除）", "missing (deleted)"),
          "reordered": ("链接断裂（被插入或重排）", "chain broken (inserted or reordered)"),
          "head_mismatch": ("链尾不符（末尾条目被删除）", "chain tip mismatch (entries removed at the end)")}


def _words(rt: Runtime, p: audit_verify.Problem) -> str:
    d = p.details
    if p.code.startswith("chain_"):
        zh, en = _CHAIN.get(p.code[6:], (p.code, p.code))
        return rt.zh_en(f"审计日志第 {d['seq']} 条：{zh}", f"audit entry {d['seq']}: {en}")
    if p.code.startswith("row_"):
        zh_table, en_table = _TABLES.get(str(d["table"]), (str(d["table"]), str(d["table"])))
        zh, en = {"row_altered": ("内容与最后一次审计记录不符（被直接改动）", "content differs from its last audited state"),
                  "row_unaudited": ("没有审计记录（被直接插入）", "has no audited state (inserted directly)"),
                  "row_deleted": ("已被删除，但审计记录中没有删除", "deleted without an audited deletion"),
                  }[p.code]
        return rt.zh_en(f"{zh_table} #{d['id']}：{zh}", f"{en_table} #{d['id']}: {en}")
    if p.code == "behind_anchor":
        return rt.zh_en(f"数据库落后于锚点：锚点记录到第 {d['anchor']} 条，数据库只有 {d['stored']} 条"
                        "（被回滚、删除末尾、清空或换成旧副本）",
                        f"the database is behind its anchor: anchored at entry {d['anchor']}, only {d['stored']} "
                        "stored (rolled back, tail deleted, emptied or replaced by an older copy)")
    if p.code == "anchor_mismatch":
        return rt.zh_en(f"审计日志第 {d['seq']} 条与锚点不符（日志被重写）",
                        f"audit entry {d['seq']} differs from the anchor (the log was rewritten)")
    if p.code == "anchor_missing":
        return rt.zh_en(f"找不到锚点文件：{d['path']}", f"anchor file missing: {d['path']}")
    if p.code == "anchor_forged":
        return rt.zh_en(f"锚点文件不是用审计密钥写的：{d['path']}", f"anchor file not written with the audit key: {d['path']}")
    return p.code
