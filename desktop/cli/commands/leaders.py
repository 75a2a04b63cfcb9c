"""``leaders``: the leaders' reception days (领导接访) — the rota and the record of each session.

    reception leaders schedule --leader zhang --day 2026-10-14 --place 镇信访接待室
    reception leaders list --period 2026-10
    reception leaders record 12 --batches 3 --people 7 --solved 2 --notes "…"
"""

from __future__ import annotations

import argparse
from datetime import date

from sqlalchemy import select

from desktop.cli.runtime import Runtime
from desktop.db.models import Staff
from desktop.domain.errors import NotFound
from desktop.services import leader_days
from desktop.statistics.periods import parse_period


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("leaders", help="leaders' reception days: schedule, list, record")
    cmds = p.add_subparsers(dest="leaders_cmd", required=True)
    s = cmds.add_parser("schedule", help="put a leader on reception for a day")
    s.add_argument("--leader", required=True, help="user name of the leader (分管领导 or 包案领导)")
    s.add_argument("--day", required=True, type=date.fromisoformat)
    s.add_argument("--place", default="")
    s.set_defaults(handler=cmd_schedule)
    li = cmds.add_parser("list", help="sessions in a period (default: this month)")
    li.add_argument("--period", help="2026-10, 2026-Q3 or 2026")
    li.set_defaults(handler=cmd_list)
    r = cmds.add_parser("record", help="record a session as held")
    r.add_argument("session_id", type=int)
    r.add_argument("--batches", type=int, help="default: the visits linked to the session")
    r.add_argument("--people", type=int, help="default: their headcount")
    r.add_argument("--solved", type=int, default=0, help="problems solved on the spot")
    r.add_argument("--notes", default="")
    r.add_argument("--place")
    r.set_defaults(handler=cmd_record)


def cmd_schedule(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.session() as session:
        leader = session.scalar(select(Staff).where(Staff.username == args.leader))
        if leader is None:
            raise NotFound("user_not_found", user=args.leader)
        row = leader_days.schedule(ctx, session, actor, leader.id, args.day, args.place)
        rt.say(rt.zh_en(f"已安排 {leader.display_name} 于 {args.day} 接访（编号 {row.id}）。",
                        f"{leader.display_name} receives on {args.day} (session {row.id})."))
    return 0


def cmd_list(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    today = ctx.today()
    period = parse_period(args.period or f"{today.year}-{today.month:02d}")
    with ctx.db.read() as session:
        rows = leader_days.list_sessions(ctx, session, actor, period.start, period.end)
    if not rows:
        rt.say(rt.zh_en(f"{period.label_zh}没有领导接访安排。", f"No leaders' sessions in {period.key}."))
    for s in rows:
        state = rt.zh_en("已接访" if s.held else "已排班", "held" if s.held else "scheduled")
        rt.say(f"{s.id:>5}  {s.day}  {s.leader_name}  {s.place or '—'}  {state}  "
               + rt.zh_en(f"批次 {s.batches}  人次 {s.people}  现场解决 {s.solved_on_spot}  关联来访 {s.visits_linked}",
                          f"batches {s.batches}  people {s.people}  solved {s.solved_on_spot}  "
                          f"visits {s.visits_linked}"))
    return 0


def cmd_record(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.session() as session:
        row = leader_days.record(ctx, session, actor, args.session_id, batches=args.batches, people=args.people,
                                 solved_on_spot=args.solved, notes=args.notes, place=args.place)
        rt.say(rt.zh_en(f"已记录 {row.day} 接访：{row.batches} 批 {row.people} 人次，现场解决 {row.solved_on_spot} 件。",
                        f"Recorded {row.day}: {row.batches} batches, {row.people} people, "
                        f"{row.solved_on_spot} solved."))
    return 0
