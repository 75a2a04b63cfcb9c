"""``demo --out DIR``: the whole procedure, scripted and headless, on a fresh database in DIR."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.demo_script import run_demo
from desktop.cli.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="walk a matter through every step on a fresh database in DIR")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--no-recording", action="store_true", help="skip the synthetic interview recording")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(rt: Runtime, args: argparse.Namespace) -> int:
    summary = run_demo(args.out, with_recording=not args.no_recording)
    for line in summary["steps"]:
        rt.say(f"✓ {line}")
    rt.say(rt.zh_en(f"审计日志 {summary['audit_entries']} 条，{'完整' if summary['audit_intact'] else '已损坏'}。",
                    f"Audit log: {summary['audit_entries']} entries, "
                    f"{'intact' if summary['audit_intact'] else 'BROKEN'}."))
    rt.say(rt.zh_en(f"摘要：{args.out / 'summary.json'}", f"Summary: {args.out / 'summary.json'}"))
    return 0 if summary["audit_intact"] else 1
