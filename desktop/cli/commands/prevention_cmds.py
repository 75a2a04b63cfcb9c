"""``screening`` and ``villages``: the screening ledger (import a sheet, list) and the 三无 village board.

    reception screening import 东村第12周.xlsx
    reception screening list --level 红 --open --village 东村
    reception villages board --year 2025 --out board.pdf
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.commands.data import PROBLEM_WORDS
from desktop.cli.messages_prevention import ROW_PROBLEMS
from desktop.cli.runtime import Runtime
from desktop.clock import CHINA_TZ
from desktop.domain.enums import Risk
from desktop.prevention import board, scope, screening
from desktop.prevention.screening_import import ScreeningImportRejected, import_file
from desktop.prevention.screening_rows import LEVELS

LEVEL_WORDS = {Risk.RED: ("红", "red"), Risk.YELLOW: ("黄", "yellow"), Risk.GREEN: ("绿", "green")}
STATUS_WORDS = {"handling": ("调处中", "handling"), "resolved": ("化解", "resolved"),
                "converted": ("转为信访事项", "became a matter")}
KIND_WORDS = {"grid": ("网格", "grid"), "village": ("村", "village"), "unit": ("单位", "unit")}


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("screening", help="矛盾纠纷排查台账: import a village's or grid's sheet, list items")
    ss = s.add_subparsers(dest="screening_command", metavar="ACTION")
    imp = ss.add_parser("import", help="import a CSV/XLSX sheet (all-or-nothing)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)
    ls = ss.add_parser("list", help="list screening items, newest first")
    ls.add_argument("--level", choices=sorted(LEVELS), help="红/黄/绿 (or red/yellow/green)")
    ls.add_argument("--open", action="store_true", help="only items still being handled (调处中)")
    ls.add_argument("--village", default="")
    ls.add_argument("--limit", type=int, default=200)
    ls.set_defaults(handler=cmd_list)
    v = sub.add_parser("villages", help="villages: add, assign a grid worker or secretary, the 三无 board")
    vs = v.add_subparsers(dest="villages_command", metavar="ACTION")
    add = vs.add_parser("add", help="add villages (社区) by name")
    add.add_argument("names", nargs="+")
    add.set_defaults(handler=cmd_add)
    assign = vs.add_parser("assign", help="the village (and grid) a grid worker or village secretary answers for")
    assign.add_argument("username", metavar="USER")
    assign.add_argument("village")
    assign.add_argument("--grid", default="")
    assign.set_defaults(handler=cmd_assign)
    b = vs.add_parser("board", help="the 三无 village board of a year")
    b.add_argument("--year", type=int, required=True)
    b.add_argument("--out", type=Path, help="write the one-page board as PDF")
    b.set_defaults(handler=cmd_board)


def _word(rt: Runtime, pair: tuple[str, str]) -> str:
    return pair[1] if rt.lang == "en" else pair[0]


def _problem(rt: Runtime, code: str) -> str:
    pair = ROW_PROBLEMS.get(code) or PROBLEM_WORDS.get(code) or (code, code)
    return _word(rt, pair)


def cmd_import(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    try:
        with rt.ctx.db.session() as session:
            report = import_file(rt.ctx, session, actor, args.file)
    except ScreeningImportRejected as rejected:
        name = rejected.path.name
        for p in rejected.problems:
            value = f"（{p.value}）" if p.value else ""
            rt.warn(rt.zh_en(f"{name} 第 {p.line} 行，列 {p.column}：{_problem(rt, p.code)}{value}",
                             f"{name} line {p.line}, column {p.column}: {_problem(rt, p.code)}{value}"))
        rt.warn(rt.t("import_failed", count=len({p.line for p in rejected.problems})))
        return 2
    rt.say(rt.zh_en(f"已导入排查事项 {report.items} 条，零报告 {report.zero_reports} 份。",
                    f"Imported {report.items} screening items and {report.zero_reports} zero reports."))
    return 0


def cmd_list(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    f = screening.ScreeningFilter(level=LEVELS[args.level] if args.level else None, open_only=args.open,
                                  village=args.village, limit=args.limit)
    with rt.ctx.db.read() as session:
        rows = screening.list_items(rt.ctx, session, actor, f)
    for v in rows:
        where = v.unit or "".join(x for x in (v.village, v.grid) if x)
        due = v.follow_up_due.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if v.follow_up_due else "—"
        flag = rt.zh_en(" 逾期", " OVERDUE") if v.overdue else ""
        rt.say(f"{v.id}\t{v.reported_on.isoformat()}\t{_word(rt, KIND_WORDS[v.kind.value])}\t{where}\t"
               f"{_word(rt, LEVEL_WORDS[v.level])}\t{_word(rt, STATUS_WORDS[v.status.value])}\t{due}{flag}\t"
               f"{v.cause[:30]}\t{v.case_number}")
    rt.say(rt.zh_en(f"共 {len(rows)} 条。", f"{len(rows)} items."))
    return 0


def cmd_add(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    with rt.ctx.db.session() as session:
        for name in args.names:
            scope.add_village(rt.ctx, session, actor, name)
    rt.say(rt.zh_en(f"已添加 {len(args.names)} 个村（社区）。", f"{len(args.names)} villages added."))
    return 0


def cmd_assign(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    with rt.ctx.db.session() as session:
        scope.assign_area(rt.ctx, session, actor, args.username, args.village, args.grid)
    rt.say(rt.zh_en(f"{args.username} 负责 {args.village}{args.grid}。",
                    f"{args.username} answers for {args.village} {args.grid}."))
    return 0


def cmd_board(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    today = rt.ctx.today()
    if args.year > today.year or args.year < 2000:
        from desktop.domain.errors import ValidationError

        raise ValidationError("period_invalid", field="year", value=str(args.year))
    with rt.ctx.db.session() as session:
        b = board.village_board(rt.ctx, session, actor, args.year, today)
    if args.out:
        from printing.village_board import render_village_board

        args.out.write_bytes(render_village_board(b))
        rt.say(rt.zh_en(f"已写入 {args.out}", f"Written to {args.out}"))
        return 0
    for r in b.rows:
        rt.say(f"{r.village}\t{r.abnormal_above}\t{r.group_escalations}\t{r.backlog}\t{r.red}/{r.yellow}/{r.green}\t"
               f"{r.key_stable}/{r.key_watch}/{r.key_lost}\t{rt.zh_en('三无' if r.three_no else '—', 'yes' if r.three_no else 'no')}")
    share = "—" if b.share_percent is None else f"{b.share_percent:.1f}%"
    rt.say(rt.zh_en(f"三无村 {b.three_no_count}/{len(b.rows)}（{share}），目标 {b.goal_percent}%：{'达到' if b.goal_met else '未达到'}",
                    f"三无 villages {b.three_no_count}/{len(b.rows)} ({share}), goal {b.goal_percent}%: "
                    f"{'met' if b.goal_met else 'not met'}"))
    return 0
