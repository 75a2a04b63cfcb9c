"""``import``, ``export``, ``backup``, ``restore``: matters and the installation in and out."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.runtime import Runtime
from desktop.db.database import resolve_url
from desktop.domain.errors import ValidationError
from desktop.services import backup, exporter, importer
from desktop.services.import_file import ImportFileRefused

PROBLEM_WORDS = {
    "required": ("必填", "required"),
    "bad_datetime": ("日期时间格式错误", "not an ISO date or date-time"),
    "date_in_future": ("日期在将来", "date in the future"),
    "assigned_before_registered": ("交办早于登记", "assigned before registration"),
    "unknown_channel": ("渠道应为 来访/来信/网上/电话", "channel must be 来访/来信/网上/电话"),
    "unknown_category": ("类别应为 涉法涉诉/民生/矛盾纠纷/政策咨询/历史遗留", "unknown category"),
    "unknown_complexity": ("繁简应为 简单/复杂", "complexity must be 简单/复杂"),
    "department_not_found": ("部门不存在", "no such department"),
    "group_size_invalid": ("人数应为正整数", "group size must be a positive whole number"),
    "yes_no_expected": ("应为 是/否", "must be 是/否"),
    "column_missing": ("缺少该列", "column missing"),
    "too_long": ("太长，最多字数", "too long; at most"),
    "id_check_digit": ("身份证校验码错误", "ID number check digit wrong"),
    "id_length": ("身份证号应为18位", "ID number must have 18 characters"),
    "id_birth_date": ("身份证出生日期无效", "ID number birth date invalid"),
    "id_chars": ("身份证号含非法字符", "ID number has invalid characters"),
    "id_region": ("身份证地区码无效", "ID number region code invalid"),
    "representative_format": ("代表应写作 姓名:身份证号，多人以分号隔开",
                              "representatives must be written 姓名:身份证号, separated by semicolons"),
    "too_many_representatives": ("集体访代表人数超过条例第20条的上限（现有/最多）",
                                 "more representatives than Art. 20 allows (given/at most)"),
    "representatives_exceed_group": ("代表人数超过来访人数（代表/来访人数）",
                                     "more representatives than visitors (representatives/group size)"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import visits and letters from CSV or XLSX (all-or-nothing)")
    p.add_argument("file", type=Path)
    p.add_argument("--skip-invalid", action="store_true", help="import good rows, write bad ones to a rejects file")
    p.add_argument("--rejects", type=Path, default=None, help="where the rejected rows go (default FILE.rejects.csv)")
    p.set_defaults(handler=cmd_import)
    e = sub.add_parser("export", help="export every matter")
    e.add_argument("--format", choices=["json", "csv", "xlsx"], required=True)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--unmasked", action="store_true", help="full ID numbers (entitled users only)")
    e.set_defaults(handler=cmd_export)
    b = sub.add_parser("backup", help="one encrypted file: database, keys, attachments, recordings "
                                      "(passphrase from RECEPTION_BACKUP_PASSPHRASE or a prompt)")
    b.add_argument("--out", type=Path, default=None)
    b.add_argument("--force", action="store_true")
    b.add_argument("--auto", action="store_true",
                   help="the daily automatic backup into the folder set by backup-schedule, when due")
    b.set_defaults(handler=cmd_backup)
    sch = sub.add_parser("backup-schedule", help="daily automatic backups: folder, how many to keep, passphrase "
                                                 "(from RECEPTION_BACKUP_PASSPHRASE or a prompt); without "
                                                 "--folder shows the last good backup")
    sch.add_argument("--folder", type=Path, default=None)
    sch.add_argument("--keep", type=int, default=None)
    sch.set_defaults(handler=cmd_backup_schedule)
    r = sub.add_parser("restore", help="restore a backup; replacing a database needs --force and its administrator")
    r.add_argument("file", type=Path)
    r.add_argument("--force", action="store_true")
    r.set_defaults(handler=cmd_restore)


def _problem(rt: Runtime, code: str) -> str:
    zh, en = PROBLEM_WORDS.get(code, (code, code))
    return en if rt.lang == "en" else zh


def cmd_import(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    rejects = args.rejects or args.file.with_suffix(".rejects.csv")
    from desktop.services.import_batches import ImportInterrupted, import_in_groups

    try:
        report = import_in_groups(rt.ctx, actor, args.file, skip_invalid=args.skip_invalid,
                                  rejects_path=rejects if args.skip_invalid else None)
    except ImportInterrupted as stopped:
        from desktop.faults import classify

        cause = classify(stopped.cause)
        why = rt.t(cause.code, **cause.details) if cause else type(stopped.cause).__name__
        rt.warn(rt.t(stopped.code, **stopped.details) + why)
        return 1
    except ImportFileRefused as refused:
        d = refused.details
        where = rt.zh_en(f"{d['file']}", f"{d['file']}")
        if d.get("line"):
            where += rt.zh_en(f" 第 {d['line']} 行", f", line {d['line']}")
        if d.get("column"):
            where += rt.zh_en(f"第 {d['column']} 列", f", column {d['column']}")
        rt.warn(rt.zh_en(f"{where}：", f"{where}: ") + rt.t(refused.code, **d) + rt.zh_en("（未导入任何数据）",
                                                                                         " (nothing imported)"))
        return 2
    except importer.ImportRejected as rejected:
        for p in rejected.problems:
            where = rt.zh_en(f"第 {p.line} 行，列 {p.column}", f"line {p.line}, column {p.column}")
            value = f"（{p.value}）" if p.value else ""
            rt.warn(f"{where}：{_problem(rt, p.code)}{value}")
        rt.warn(rt.t("import_failed", count=len({p.line for p in rejected.problems})))
        return 2
    rt.say(rt.zh_en(f"已导入 {report.imported} 条。", f"Imported {report.imported} rows."))
    if report.rejected_lines:
        rt.say(rt.zh_en(f"跳过 {len(report.rejected_lines)} 行有误的数据，已写入 {rejects}",
                        f"Skipped {len(report.rejected_lines)} bad rows, written to {rejects}"))
    return 0


def cmd_export(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    with rt.ctx.db.session() as session:
        outcome = exporter.export_matters(rt.ctx, session, actor, args.format, args.out, unmasked=args.unmasked)
    if not isinstance(outcome, exporter.ExportDone):
        raise outcome  # refused: audited (committed above), and no file written
    n = outcome.rows
    rt.say(rt.zh_en(f"已导出 {n} 条到 {args.out}", f"Exported {n} matters to {args.out}"))
    return 0


def backup_passphrase(rt: Runtime, *, confirm: bool) -> str:
    """From RECEPTION_BACKUP_PASSPHRASE, else asked for (twice when choosing one)."""
    import getpass
    import os
    import sys

    env = os.environ.get("RECEPTION_BACKUP_PASSPHRASE")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise ValidationError("backup_passphrase_required", field="passphrase")
    first = getpass.getpass(rt.zh_en("备份口令：", "Backup passphrase: "))
    if confirm and getpass.getpass(rt.zh_en("再次输入备份口令：", "Backup passphrase again: ")) != first:
        raise ValidationError("backup_passphrase_mismatch", field="passphrase")
    return first


def cmd_backup(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.services.backup_stream import check_passphrase
    from desktop.services.permissions import Permission

    if args.auto:
        from desktop.services import backup_schedule

        made = backup_schedule.run_if_due(rt.ctx, force=args.force)
        rt.say(rt.zh_en(f"自动备份完成：{made}", f"Automatic backup written: {made}") if made else
               rt.zh_en("自动备份：今天已有备份或尚未设置（reception backup-schedule）。",
                        "Automatic backup: not due, or not set up (reception backup-schedule)."))
        return 0
    if args.out is None:
        raise ValidationError("required", field="--out")
    rt.actor().require(Permission.BACKUP)
    passphrase = check_passphrase(backup_passphrase(rt, confirm=True))
    result = backup.create_backup(rt.ctx, args.out, passphrase, force=args.force)
    rt.say(rt.zh_en(f"备份完成：{result.path}（{result.members} 个文件，已加密）",
                    f"Backup written: {result.path} ({result.members} files, encrypted)"))
    return 0


def cmd_backup_schedule(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.services import backup_schedule

    actor = rt.actor()
    if args.folder is not None:
        passphrase = backup_passphrase(rt, confirm=True)
        with rt.ctx.db.session() as session:
            backup_schedule.configure(rt.ctx, session, actor, args.folder, passphrase, keep=args.keep)
    with rt.ctx.db.read() as session:
        state = backup_schedule.status(rt.ctx, session)
        keep = rt.ctx.rules(session).keep
    if not state.folder:
        rt.say(rt.zh_en("尚未设置自动备份：reception backup-schedule --folder DIR",
                        "Automatic backups are not set up: reception backup-schedule --folder DIR"))
        return 0
    last = state.last_good.isoformat(timespec="minutes") if state.last_good else rt.zh_en("无", "none")
    rt.say(rt.zh_en(f"自动备份：{state.folder}，保留 {keep} 份；上次成功：{last}",
                    f"Automatic backups: {state.folder}, keeping {keep}; last good: {last}"))
    return 0


def cmd_restore(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.services import restore

    target = restore.Target(resolve_url(rt.db_url), paths.data_dir())
    passphrase = backup_passphrase(rt, confirm=False)
    username = password = None
    if args.force and restore.database_state(target.url) == "data":
        # Replacing an installation needs one of its administrators (signed in to it, audited there).
        username = rt.user or _first_admin(target.url)
        password = rt.password(username) if username else None
    result = restore.restore_backup(args.file, target, passphrase, username=username, password=password,
                                    replace=args.force)
    rt.say(rt.zh_en(f"已从 {args.file} 恢复（备份时间 {result.created_at}，{result.files} 个文件）。",
                    f"Restored from {args.file} (taken {result.created_at}, {result.files} files)."))
    if result.replaced_database:
        rt.say(rt.zh_en(f"原数据库已另存：{result.replaced_database}",
                        f"The replaced database was kept: {result.replaced_database}"))
    return 0


def _first_admin(url: str) -> str | None:
    from desktop.services import users
    from desktop.services.context import AppContext

    ctx = AppContext.open(url, migrate=False)
    try:
        with ctx.db.read() as session:
            admin = users.first_admin(session)
            return admin.username if admin else None
    finally:
        ctx.close()
