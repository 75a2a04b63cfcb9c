"""``sample-data``: a realistic month of work on a fresh database, to look around."""

from __future__ import annotations

import argparse

from desktop.cli.runtime import Runtime
from desktop.db.models import Matter
from desktop.domain.errors import ValidationError
from desktop.sample_data import fill


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample-data", help="fill a fresh database with a realistic month of matters")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--per-day", type=int, default=5)
    p.set_defaults(handler=cmd_sample)


def cmd_sample(rt: Runtime, args: argparse.Namespace) -> int:
    admin = rt.actor()
    with rt.ctx.db.read() as session:
        if session.query(Matter.id).first() is not None:
            raise ValidationError("sample_data_needs_fresh_database", field="db")
    summary = fill(rt.ctx, admin, days=args.days, per_day=args.per_day)
    rt.say(rt.zh_en(f"已生成 {summary.matters} 件示例信访事项。", f"{summary.matters} sample matters created."))
    rt.say(rt.zh_en(f"示例用户：{'、'.join(summary.staff)}，密码均为 {summary.password}",
                    f"Sample users: {', '.join(summary.staff)}; password {summary.password} for all"))
    return 0
