"""``report``: 《信访工作分析报告》 for a month, quarter, year or any range, as PDF or XLSX.

    reception report --period 2026-10 --out report.pdf
    reception report --period 2026-Q3 --out q3.xlsx
    reception report --from 2026-10-01 --to 2026-10-15 --village 东村 --out half.pdf --comment "…"
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sqlalchemy import select

from desktop.cli.runtime import Runtime
from desktop.clock import china_minute
from desktop.db.models import Department, Village
from desktop.domain.enums import Category, Channel
from desktop.domain.errors import ValidationError
from desktop.statistics import archive
from desktop.statistics.comments import save_comment
from desktop.statistics.filters import StatFilter
from desktop.statistics.month_end import close_and_archive
from desktop.statistics.periods import ReportPeriod, parse_period
from desktop.statistics.report import build_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="信访工作分析报告 (PDF or XLSX) for a period")
    p.add_argument("--period", help="2026-10 (month), 2026-Q3 (quarter) or 2026 (year)")
    p.add_argument("--from", dest="date_from", type=date.fromisoformat, help="first day of a custom range")
    p.add_argument("--to", dest="date_to", type=date.fromisoformat, help="last day of a custom range")
    p.add_argument("--out", required=True, type=Path, help="file to write (.pdf or .xlsx)")
    p.add_argument("--format", choices=["pdf", "xlsx"], help="default: from the --out suffix")
    p.add_argument("--comment", help="the analysis and suggestions section; stored for the period")
    p.add_argument("--village", action="append", default=[], help="only this village (repeatable)")
    p.add_argument("--department", action="append", default=[], help="only this handling department")
    p.add_argument("--category", action="append", default=[], choices=[c.value for c in Category])
    p.add_argument("--channel", action="append", default=[], choices=[c.value for c in Channel])
    p.set_defaults(handler=cmd_report)
    c = sub.add_parser("month-close", help="close a month: archive its report (PDF, XLSX, figures with a hash)")
    c.add_argument("--period", required=True, help="the month, e.g. 2026-10")
    c.set_defaults(handler=cmd_month_close)


def period_of(args: argparse.Namespace) -> ReportPeriod:
    if args.period and (args.date_from or args.date_to):
        raise ValidationError("period_invalid", field="period", value="--period with --from/--to")
    if args.period:
        return parse_period(args.period)
    if args.date_from and args.date_to:
        return ReportPeriod.custom(args.date_from, args.date_to)
    raise ValidationError("period_invalid", field="period", value="--period or --from/--to")


def _ids(session, model, names: list[str], what: str) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for name in names:
        found = session.scalar(select(model.id).where(model.name == name.strip()))
        if found is None:
            raise ValidationError("not_found", field=what, what=name)
        ids.append(found)
    return ids


def cmd_report(rt: Runtime, args: argparse.Namespace) -> int:
    period = period_of(args)
    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "pdf")
    actor = rt.actor()
    ctx = rt.ctx
    if args.comment is not None:
        with ctx.db.session() as session:
            save_comment(ctx, session, actor, period, args.comment)
    with ctx.db.read() as session:
        filt = StatFilter.of(village_ids=_ids(session, Village, args.village, "village"),
                             department_ids=_ids(session, Department, args.department, "department"),
                             categories=args.category, channels=args.channel)
        report = build_report(ctx, session, actor, period, filt)
    if fmt == "xlsx":
        from printing.analysis_report import render_xlsx

        data = render_xlsx(report)
    else:
        from printing.analysis_report import render_pdf

        data = render_pdf(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    f = report.figures
    with ctx.db.read() as session:
        check = archive.check_against_archive(session, f) if filt.is_empty else None
    if check is not None:
        when = china_minute(check.closed_at)
        if check.matches:
            rt.say(rt.zh_en(f"{period.key} 已于 {when} 结账：重新生成的数字与归档一致（SHA-256 {check.current_sha256[:12]}）。",
                            f"{period.key} was closed on {when}: the regenerated figures match the archive "
                            f"(SHA-256 {check.current_sha256[:12]})."))
        else:
            diff = "；".join(f"{k} {old}→{new}" for k, old, new in check.differences)
            rt.say(rt.zh_en(f"{period.key} 已于 {when} 结账：重新生成的数字与归档不一致：{diff}",
                            f"{period.key} was closed on {when}: the regenerated figures differ from the archive: "
                            f"{diff}"))
    rt.say(rt.zh_en(
        f"{report.title}：受理 {f.count('received')} 件，化解 {f.count('resolved')} 件，化解率 "
        f"{f.display('resolution_rate')}。已写入 {args.out}",
        f"{period.key}: received {f.count('received')}, resolved {f.count('resolved')}, rate "
        f"{f.display('resolution_rate')}. Written to {args.out}"))
    return 0


def cmd_month_close(rt: Runtime, args: argparse.Namespace) -> int:
    """Archives the month's unfiltered report as PDF and XLSX with its figures and their hash."""
    period = parse_period(args.period)
    from printing.analysis_report import render_pdf, render_xlsx

    done = close_and_archive(rt.ctx, rt.actor(), period, lambda report: (render_pdf(report), render_xlsx(report)))
    digest = done.figures_sha256
    rt.say(rt.zh_en(f"{period.label_zh}已结账：报告 PDF、XLSX 与数字（SHA-256 {digest}）已归档。",
                    f"{period.key} closed: report PDF, XLSX and figures (SHA-256 {digest}) archived."))
    return 0
