"""``calendar show YEAR`` / ``calendar set DATE workday|holiday``."""

from __future__ import annotations

import argparse
from datetime import date

from desktop.cli.runtime import Runtime
from desktop.domain.errors import ValidationError
from desktop.domain.workcalendar import Coverage
from desktop.services import calendar_service


def register(sub: argparse._SubParsersAction) -> None:
    cal = sub.add_parser("calendar", help="the working-day calendar").add_subparsers(dest="cal_cmd", required=True)
    show = cal.add_parser("show", help="rest days on weekdays and working weekends of a year")
    show.add_argument("year", type=int)
    show.set_defaults(handler=cmd_show)
    setp = cal.add_parser("set", help="override one day")
    setp.add_argument("day", metavar="DATE")
    setp.add_argument("kind", choices=["workday", "holiday"])
    setp.add_argument("--note", default="")
    setp.set_defaults(handler=cmd_set)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("bad_date", field="date", value=text) from exc


def cmd_show(rt: Runtime, args: argparse.Namespace) -> int:
    with rt.ctx.db.read() as session:
        cal = rt.ctx.calendar(session)
    year = args.year
    workdays = cal.workdays_in_year(year)
    first = date(year, 1, 1)
    coverage = cal.coverage(first)
    if coverage == Coverage.FALLBACK:
        rt.warn(rt.zh_en(
            f"警告：{year} 年不在官方日历（{cal.known_years().start}–{cal.known_years().stop - 1}）中，"
            "按周一至周五计算；请管理员用 calendar set 录入当年放假与调休安排。",
            f"Warning: {year} is outside the official calendar ({cal.known_years().start}–"
            f"{cal.known_years().stop - 1}); Monday–Friday is assumed until an administrator enters the year."))
    rt.say(rt.zh_en(f"{year} 年工作日 {len(workdays)} 天", f"{year}: {len(workdays)} working days"))
    for day, is_workday, cov in cal.special_days(year):
        kind = rt.zh_en("调休上班", "working weekend") if is_workday else rt.zh_en("休息", "rest day")
        source = {Coverage.OFFICIAL: rt.zh_en("官方", "official"), Coverage.OVERRIDE: rt.zh_en("管理员设定", "override"),
                  Coverage.FALLBACK: rt.zh_en("默认", "fallback")}[cov]
        rt.say(f"{day.isoformat()}\t{'一二三四五六日'[day.weekday()]}\t{kind}\t{source}")
    return 0


def cmd_set(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    day = parse_day(args.day)
    with rt.ctx.db.session() as session:
        calendar_service.set_day(rt.ctx, session, actor, day, args.kind == "workday", args.note)
    rt.say(rt.zh_en(f"{day.isoformat()} 已设为{'工作日' if args.kind == 'workday' else '休息日'}。",
                    f"{day.isoformat()} set to {args.kind}."))
    return 0
