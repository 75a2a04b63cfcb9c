"""``cases``, ``cards``, ``callbacks``, ``mediation``: key cases and accountability from the command line.

    reception cases list [--kind 积案] [--all]
    reception cases plan XF2026-00042
    reception cases tough-list [--quarter 2026-Q4] [--out FILE.pdf]
    reception cases bulletin [--month 2026-11] [--out FILE.pdf]
    reception cards issue [--day 2026-11-30]          (the daily sweep; also run by `sample-data`)
    reception cards list --year 2026
    reception callbacks draw --month 2026-11 [--seed S]
    reception callbacks show --month 2026-11          (sample, answers and results; re-checks the seed)
    reception mediation agreement ID --out FILE.pdf   (《调解协议书》, verifiable with verify-document)
    reception channels receive online --at 2026-11-27T17:00 / register ID [--incomplete] / due / rate
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from desktop.cli.runtime import Runtime
from desktop.clock import CHINA_TZ
from desktop.domain.errors import ValidationError
from desktop.keycases import callbacks, cards, channels, queries
from desktop.keycases.draw import month_bounds, parse_month
from desktop.keycases.enums import AppealDecision, CardColor, KeyCaseKind, KeyCaseReason, ReceiptChannel
from desktop.services import documents_log

KINDS = {"积案": KeyCaseKind.BACKLOG, "backlog": KeyCaseKind.BACKLOG, "重点": KeyCaseKind.KEY,
         "key": KeyCaseKind.KEY}
KIND_WORDS = {KeyCaseKind.BACKLOG: ("积案", "backlog"), KeyCaseKind.KEY: ("重点", "key")}
REASON_WORDS = {
    KeyCaseReason.RED_WARNING: ("红色预警", "red warning"), KeyCaseReason.UNRESOLVED: ("超期未化解", "unresolved"),
    KeyCaseReason.FROM_ABOVE: ("上级交办", "from above"), KeyCaseReason.LEADER_INSTRUCTION: ("领导批示", "instruction"),
    KeyCaseReason.HISTORICAL: ("历史积案", "historical"),
}


def _kind(text: str) -> KeyCaseKind:
    if text not in KINDS:
        raise argparse.ArgumentTypeError(f"{text} (积案|重点|backlog|key)")
    return KINDS[text]


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("cases", help="key cases (包案): list, plan, tough-case list, monthly bulletin")
    cc = c.add_subparsers(dest="cases_cmd", required=True)
    li = cc.add_parser("list", help="open key cases")
    li.add_argument("--kind", type=_kind, help="积案 (backlog) or 重点 (key)")
    li.add_argument("--all", action="store_true", help="resolved ones too")
    li.set_defaults(handler=cmd_list)
    pl = cc.add_parser("plan", help="one case: leader, task force, plan steps, weekly progress")
    pl.add_argument("case", help="case number or key case id")
    pl.set_defaults(handler=cmd_plan)
    tl = cc.add_parser("tough-list", help="the quarterly tough-case list (季度攻坚清单)")
    tl.add_argument("--quarter", help="2026-Q4 (default: this quarter)")
    tl.add_argument("--out", type=Path, metavar="FILE.pdf")
    tl.set_defaults(handler=cmd_tough)
    bu = cc.add_parser("bulletin", help="the monthly 通报 of key cases")
    bu.add_argument("--month", help="2026-11 (default: this month)")
    bu.add_argument("--out", type=Path, metavar="FILE.pdf")
    bu.set_defaults(handler=cmd_bulletin)

    k = sub.add_parser("cards", help="yellow and red cards (黄牌/红牌)")
    kc = k.add_subparsers(dest="cards_cmd", required=True)
    ki = kc.add_parser("issue", help="issue the cards missed deadlines have earned")
    ki.add_argument("--day", type=date.fromisoformat, help="default: today")
    ki.set_defaults(handler=cmd_cards_issue)
    kl = kc.add_parser("list", help="each person's cards of a year")
    kl.add_argument("--year", type=int, help="default: this year")
    kl.set_defaults(handler=cmd_cards_list)

    b = sub.add_parser("callbacks", help="镇纪委's monthly random callbacks")
    bc = b.add_subparsers(dest="callbacks_cmd", required=True)
    bd = bc.add_parser("draw", help="draw the month's sample of last month's closed tracking cards")
    bd.add_argument("--month", required=True, help="the month of the calls, e.g. 2026-11")
    bd.add_argument("--seed", help="default: a fresh random seed (recorded and audited)")
    bd.set_defaults(handler=cmd_draw)
    bs = bc.add_parser("show", help="a month's sample, answers and results")
    bs.add_argument("--month", required=True)
    bs.set_defaults(handler=cmd_draw_show)

    m = sub.add_parser("mediation", help="mediation agreements (调解协议书)")
    mc = m.add_subparsers(dest="mediation_cmd", required=True)
    ma = mc.add_parser("agreement", help="save the agreement of a mediation as PDF")
    ma.add_argument("mediation_id", type=int)
    ma.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    ma.set_defaults(handler=cmd_agreement)
    register_channels(sub)


def cmd_list(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.read() as session:
        rows = queries.list_cases(ctx, session, actor, args.kind, include_resolved=args.all)
    if not rows:
        rt.say(rt.zh_en("没有包案事项。", "No key cases."))
    for r in rows:
        state = rt.zh_en(f"已化解 {r.resolved_on}", f"resolved {r.resolved_on}") if r.resolved_on else \
            rt.zh_en("化解中", "open")
        plan = rt.zh_en("有方案" if r.has_plan else f"方案限 {r.plan_due_at:%Y-%m-%d %H:%M}",
                        "plan made" if r.has_plan else f"plan due {r.plan_due_at:%Y-%m-%d %H:%M}")
        rt.say(f"{r.id:>4}  {r.case_number}  {rt.zh_en(*KIND_WORDS[r.kind])}  {rt.zh_en(*REASON_WORDS[r.reason])}  "
               f"{r.leader}  {r.department or '—'}  {plan}  {state}  {r.summary[:30]}")
    return 0


def cmd_plan(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.read() as session:
        v = queries.plan_of(ctx, session, actor, args.case)
    c = v.case
    rt.say(f"{c.case_number}  {rt.zh_en(*KIND_WORDS[c.kind])}  {rt.zh_en(*REASON_WORDS[c.reason])}  "
           + rt.zh_en(f"包案领导 {c.leader}", f"leader {c.leader}"))
    if c.summary:
        rt.say(c.summary)
    team = "、".join(m.name for m in v.members) or "—"
    rt.say(rt.zh_en(f"专班（{len(v.members)} 人）：{team}", f"task force ({len(v.members)}): {team}"))
    if not v.steps:
        rt.say(rt.zh_en(f"尚无方案（限 {c.plan_due_at:%Y-%m-%d %H:%M}）",
                        f"no plan yet (due {c.plan_due_at:%Y-%m-%d %H:%M})"))
    else:
        timing = rt.zh_en("按时" if v.on_time else "逾期", "on time" if v.on_time else "late")
        rt.say(rt.zh_en(f"一事一策（{timing}）：{v.summary}", f"plan ({timing}): {v.summary}"))
    for s in v.steps:
        done = rt.zh_en(f"已完成 {s.done_on}", f"done {s.done_on}") if s.done_on else rt.zh_en("未完成", "open")
        rt.say(f"  {s.seq}. {s.action}  {s.owner}  {s.due_on}  {done}")
    for p in v.progress:
        rt.say(rt.zh_en(f"  周报 {p.week_of}：{p.note}（{p.recorded_by}）", f"  week of {p.week_of}: {p.note}"))
    return 0


def _quarter(text: str | None, today: date) -> tuple[str, date]:
    """("2026-Q4", as of): the quarter's last day, or today while it runs."""
    key = text or f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    try:
        year, q = key.upper().split("-Q")
        y, n = int(year), int(q)
        if not 1 <= n <= 4:
            raise ValueError
    except ValueError:
        raise ValidationError("period_invalid", field="quarter", value=key) from None
    _, end = month_bounds(date(y, 3 * n, 1))
    return f"{y}-Q{n}", min(end, today)


def _write(rt: Runtime, out: Path, pdf: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    rt.say(rt.zh_en(f"已保存：{out}", f"Saved: {out}"))


def cmd_tough(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    quarter, as_of = _quarter(args.quarter, ctx.today())
    with ctx.db.read() as session:
        view = queries.tough_list(ctx, session, actor, quarter, as_of)
        if args.out:
            from desktop.documents import keycases as builders
            from printing.keycases.render import render_tough_list

            _write(rt, args.out, render_tough_list(builders.tough_list(ctx, session, actor, quarter, as_of)))
            return 0
    rt.say(rt.zh_en(f"{quarter} 攻坚清单（截至 {as_of}）：{len(view.rows)} 件",
                    f"{quarter} tough-case list (as of {as_of}): {len(view.rows)}"))
    for r in view.rows:
        why = "、".join(rt.zh_en(*REASON_WORDS[x]) for x in r.reasons)
        rt.say(f"{r.case_number}  {why}  {r.department or '—'}  {r.leader or '—'}  {r.limit_on or '—'}  "
               f"{r.core_demand[:30]}")
    return 0


def cmd_bulletin(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    today = ctx.today()
    first = parse_month(args.month) if args.month else date(today.year, today.month, 1)
    as_of = min(month_bounds(first)[1], today)
    with ctx.db.read() as session:
        if args.out:
            from desktop.documents import keycases as builders
            from printing.keycases.render import render_bulletin

            _write(rt, args.out, render_bulletin(builders.bulletin(ctx, session, actor, first, as_of)))
            return 0
        b = queries.bulletin(ctx, session, actor, first, as_of)
    rt.say(rt.zh_en(f"{b.month} 通报：在办 {b.open_cases} 件，本月化解 {b.resolved_in_month} 件，积案化解 "
                    f"{b.backlog_resolved}/{b.backlog_base}，调解 {b.mediations_agreed}/{b.mediations}，"
                    f"黄牌 {b.cards_yellow}，红牌 {b.cards_red}",
                    f"{b.month}: open {b.open_cases}, resolved {b.resolved_in_month}, backlog "
                    f"{b.backlog_resolved}/{b.backlog_base}, mediation {b.mediations_agreed}/{b.mediations}, "
                    f"yellow {b.cards_yellow}, red {b.cards_red}"))
    return 0


def cmd_cards_issue(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.session() as session:
        issued = cards.issue_due_cards(ctx, session, actor, args.day or ctx.today())
        rt.say(rt.zh_en(f"新亮牌 {len(issued)} 张。", f"{len(issued)} new cards."))
    return 0


def cmd_cards_list(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    year = args.year or ctx.today().year
    with ctx.db.read() as session:
        rows = cards.list_cards(ctx, session, actor, year)
    if not rows:
        rt.say(rt.zh_en(f"{year} 年没有黄牌或红牌。", f"No cards in {year}."))
    colour = {CardColor.YELLOW: ("黄牌", "yellow"), CardColor.RED: ("红牌", "red"), None: ("已撤销", "revoked")}
    for r in rows:
        appeal = ""
        if r.appeal_reason:
            decided = {AppealDecision.UPHELD.value: ("维持", "upheld"), AppealDecision.REVOKED.value: ("撤销", "revoked")}
            state = rt.zh_en(*decided[r.decision]) if r.decision else rt.zh_en("待镇纪委决定", "pending")
            appeal = rt.zh_en(f"  申诉：{state}", f"  appeal: {state}")
        rt.say(f"{r.person}  {rt.zh_en(*colour[r.color])}  {r.issued_on}  {r.what}  "
               + rt.zh_en(f"逾期 {r.missed_due}", f"due {r.missed_due}") + appeal)
    return 0


def cmd_draw(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.session() as session:
        row = callbacks.draw(ctx, session, actor, args.month, seed=args.seed)
        session.flush()
        v = callbacks.view(ctx, session, actor, row.month)
    rt.say(rt.zh_en(f"{v.month} 随机回访：从 {v.population} 张兜底卡中抽取 {len(v.items)} 张（{v.percent}%，种子 {v.seed}）",
                    f"{v.month}: {len(v.items)} of {v.population} cards drawn ({v.percent}%, seed {v.seed})"))
    for i in v.items:
        rt.say(f"  {i.case_number}  {i.petitioner}")
    return 0


def cmd_draw_show(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.read() as session:
        v = callbacks.view(ctx, session, actor, args.month)
        rep = callbacks.report(ctx, session, actor, args.month)
        same = callbacks.recheck(session, args.month)
    check = rt.zh_en("复核一致", "re-check matches") if same else rt.zh_en("复核不一致！", "RE-CHECK DIFFERS!")
    rt.say(rt.zh_en(f"{v.month}：抽取 {rep.drawn}，已回访 {rep.called}，联系上 {rep.reached}，满意 {rep.satisfied}，"
                    f"不满意 {rep.dissatisfied}，未解决 {rep.unresolved}，作风问题 {rep.conduct_problems}（种子 {v.seed}，{check}）",
                    f"{v.month}: drawn {rep.drawn}, called {rep.called}, reached {rep.reached}, satisfied "
                    f"{rep.satisfied}, dissatisfied {rep.dissatisfied}, unresolved {rep.unresolved}, conduct "
                    f"{rep.conduct_problems} (seed {v.seed}, {check})"))
    for i in v.items:
        rt.say(f"  {i.case_number}  {i.petitioner}  {i.result.value if i.result else '—'}  {i.notes}")
    return 0 if same else 1


def cmd_agreement(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.documents import keycases as builders
    from printing.claim import read_document_claim
    from printing.keycases.render import render_agreement

    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.session() as session:
        data = builders.agreement(ctx, session, actor, args.mediation_id)
        pdf = render_agreement(data)
        claim = read_document_claim(pdf)
        out: Path = args.out
        _write(rt, out, pdf)
        documents_log.log_save(ctx, session, actor, kind=claim.kind, case_number=claim.case_no,
                               doc_number=claim.doc_number, content_sha256=claim.content_sha256,
                               is_copy=claim.copy, path=str(out.resolve()))
    return 0


def register_channels(sub: argparse._SubParsersAction) -> None:
    ch = sub.add_parser("channels", help="letters, online petitions and hotline tickets on their clocks")
    cc = ch.add_subparsers(dest="channels_cmd", required=True)
    r = cc.add_parser("receive", help="a letter / online petition / hotline ticket has arrived")
    r.add_argument("channel", choices=[c.value for c in ReceiptChannel])
    r.add_argument("--at", type=datetime.fromisoformat, help="arrival, e.g. 2026-11-27T17:00 (default: now)")
    r.add_argument("--ref", default="", help="envelope or ticket number")
    r.set_defaults(handler=cmd_receive)
    g = cc.add_parser("register", help="registered / signed for / looked at now")
    g.add_argument("receipt_id", type=int)
    g.add_argument("--incomplete", action="store_true", help="a letter missing essentials: call or text the writer")
    g.add_argument("--case", default="", help="the matter it was registered as")
    g.set_defaults(handler=cmd_register)
    d = cc.add_parser("due", help="receipts past (or near) their limit")
    d.set_defaults(handler=cmd_due)
    t = cc.add_parser("rate", help="登记及时率 per channel for a month")
    t.add_argument("--month", help="2026-11 (default: this month)")
    t.set_defaults(handler=cmd_rate)


def _when(at: datetime) -> str:
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def cmd_receive(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    at = args.at or ctx.now()
    if at.tzinfo is None:
        at = at.replace(tzinfo=CHINA_TZ)
    with ctx.db.session() as session:
        row = channels.receive(ctx, session, actor, ReceiptChannel(args.channel), at, args.ref)
        rt.say(rt.zh_en(f"收件 {row.id}：须于 {_when(row.due_at)} 前处理", f"receipt {row.id}: due {_when(row.due_at)}"))
    return 0


def cmd_register(rt: Runtime, args: argparse.Namespace) -> int:
    actor, ctx = rt.actor(), rt.ctx
    with ctx.db.session() as session:
        row = channels.register(ctx, session, actor, args.receipt_id, incomplete=args.incomplete,
                                case_number=args.case)
        on_time = row.registered_at is not None and row.registered_at <= row.due_at
        rt.say(rt.zh_en("已登记（按时）" if on_time else "已登记（超时）", "registered (on time)" if on_time
                        else "registered (late)"))
        if row.contact_due_at:
            rt.say(rt.zh_en(f"要素不全：须于 {_when(row.contact_due_at)} 前电话或短信联系",
                            f"incomplete: call or text by {_when(row.contact_due_at)}"))
    return 0


def cmd_due(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.ctx
    rt.actor()
    with ctx.db.read() as session:
        items = channels.reminders(ctx, session)
    if not items:
        rt.say(rt.zh_en("没有到期的收件。", "Nothing due."))
    for i in items:
        what = rt.zh_en("登记" if i.what == "register" else "联系来信人", i.what)
        state = rt.zh_en("已超时" if i.late else "即将到期", "LATE" if i.late else "due soon")
        rt.say(f"{i.id:>5}  {i.channel.value}  {i.reference or '—'}  {what}  {_when(i.due_at)}  {state}")
    return 0


def cmd_rate(rt: Runtime, args: argparse.Namespace) -> int:
    ctx = rt.ctx
    rt.actor()
    today = ctx.today()
    first = parse_month(args.month) if args.month else date(today.year, today.month, 1)
    start, end = month_bounds(first)
    with ctx.db.read() as session:
        rates = channels.timeliness(session, start, end, ctx.now())
    words = {ReceiptChannel.LETTER: ("来信登记", "letters"), ReceiptChannel.ONLINE: ("网上签收", "online"),
             ReceiptChannel.HOTLINE: ("热线查看", "hotline")}
    for channel, ratio in rates.items():
        rt.say(f"{rt.zh_en(*words[channel])}  {ratio.numerator}/{ratio.denominator}  {ratio}")
    return 0
