"""``doctor``: checks what this desk needs, one line each; exit 0 only when an interview can be recorded."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.runtime import Runtime
from desktop.db.database import resolve_url
from desktop.selfcheck.result import ready_for_interview
from desktop.selfcheck.run import run_checks
from desktop.selfcheck.words import line, sentence


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check this desk: database, keys, devices, disk, fonts, printer, calendar")
    p.add_argument("--no-devices", action="store_true", help="skip opening the camera and microphone")
    p.add_argument("--pause", action="store_true", help="wait for Enter at the end (the Windows menu entry)")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(rt: Runtime, args: argparse.Namespace) -> int:
    results = []
    for result in run_checks(resolve_url(rt.db_url), devices=not args.no_devices):
        results.append(result)
        rt.say(line(result, rt.lang))
    ready = ready_for_interview(results)
    if ready and args.no_devices:  # an interview needs the devices: unchecked is not ready
        rt.say(sentence("doctor_devices_skipped", rt.lang))
        return 1
    rt.say(sentence("doctor_ready" if ready else "doctor_not_ready", rt.lang))
    if args.pause and sys.stdin.isatty():
        input()
    return 0 if ready else 1
