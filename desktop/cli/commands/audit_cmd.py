"""``audit list``: the audit log, one entry a line (administrator and inspector; the reading is audited)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from desktop.cli.runtime import Runtime
from desktop.clock import CHINA_TZ
from desktop.domain.errors import ValidationError
from desktop.services import audit_log


def register(sub: argparse._SubParsersAction) -> None:
    grp = sub.add_parser("audit", help="read the audit log").add_subparsers(dest="audit_cmd", required=True)
    p = grp.add_parser("list", help="the audit log, one entry a line")
    p.add_argument("--since", metavar="DATE", help="from this day on (YYYY-MM-DD, office time)")
    p.add_argument("--action", metavar="A", help="only this action (a prefix when it ends in . or *)")
    p.add_argument("--user", metavar="U", dest="by_user", help="only entries by this user name")
    p.set_defaults(handler=cmd_audit_list)


def cmd_audit_list(rt: Runtime, args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise ValidationError("bad_date", field="since", value=args.since) from None
    actor = rt.actor()
    with rt.ctx.db.session() as session:
        for line in audit_log.entries(rt.ctx, session, actor, since=since, action=args.action, user=args.by_user):
            at = line.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
            details = json.dumps(line.details, ensure_ascii=False, sort_keys=True) if line.details else ""
            row = f"row={line.row_hash[:16]}" if line.row_hash else ""
            rt.say("\t".join((str(line.seq), at, line.user or "-", line.action, line.target, details, row)).rstrip())
    return 0
