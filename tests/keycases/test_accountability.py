"""Cards (first and second miss, appeal), the callback draw over the database, mediation with signatures,
the review panel and the channel receipts — hand-counted."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from desktop.clock import CHINA_TZ
from desktop.db.models import AuditEntry, ChannelReceipt, Matter, Mediation
from desktop.domain.enums import MatterStatus
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.keycases import callbacks, cards, cases, channels, mediation, panel_service
from desktop.keycases.cases import FlagInput, StepInput
from desktop.keycases.enums import (
    AppealDecision,
    CallbackResult,
    CardColor,
    KeyCaseKind,
    KeyCaseReason,
    MediationOutcome,
    MediationSigner,
    PanelRoute,
    ReceiptChannel,
)
from desktop.keycases.figures import keycase_figures
from desktop.keycases.mediation import MediationInput
from desktop.keycases.panel_service import MemberScore, PanelInput
from tests.keycases.conftest import Ledger


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)


def test_first_miss_yellow_second_red_and_appeal_recolours(ledger: Ledger, clock) -> None:
    ctx, team = ledger.ctx, ledger.team
    number = ledger.matter(date(2025, 2, 20))
    with ctx.db.session() as s:
        kc = cases.flag_case(ctx, s, team.clerk, FlagInput(number, KeyCaseKind.KEY, KeyCaseReason.RED_WARNING,
                                                           team.case_lead.id)).id
        cases.make_plan(ctx, s, team.clerk, kc, "方案", [StepInput("核实权属", team.dept_head.id, date(2025, 3, 4))])
    # The handling department (司法所, head 吴所长) has a matter due Wednesday 5 March.
    late_matter = ledger.matter(date(2025, 2, 18), MatterStatus.ASSIGNED, handling_due=date(2025, 3, 5))
    ledger.matter(date(2025, 2, 18), MatterStatus.ASSIGNED, handling_due=date(2025, 3, 20))  # not yet due

    def sweep(day: date) -> list[tuple[str, int]]:
        clock.set(datetime(day.year, day.month, day.day, 18, tzinfo=CHINA_TZ))
        with ctx.db.session() as s:
            return [(c.color.value, c.staff_id) for c in cards.issue_due_cards(ctx, s, team.inspector, day)]

    assert sweep(date(2025, 3, 7)) == []  # step due Tue 4th: reminders run to Fri 7th
    assert sweep(date(2025, 3, 10)) == [("yellow", team.dept_head.id)]
    assert sweep(date(2025, 3, 10)) == []  # each deadline is carded once
    assert sweep(date(2025, 3, 11)) == [("red", team.dept_head.id)]  # matter due 5th: reminders to the 10th
    with ctx.db.read() as s:
        mine = cards.list_cards(ctx, s, team.dept_head, 2025)
        clerk_sees = cards.list_cards(ctx, s, team.clerk, 2025)
        leader_sees = cards.list_cards(ctx, s, team.approver, 2025)
    assert [(c.color, c.what) for c in mine] == [(CardColor.YELLOW, f"{number} #1"), (CardColor.RED, late_matter)]
    assert clerk_sees == [] and len(leader_sees) == 2
    first, second = mine[0].id, mine[1].id
    with ctx.db.session() as s, pytest.raises(ValidationError) as other:
        cards.appeal(ctx, s, team.clerk, first, "不是我的")
    assert other.value.code == "appeal_not_own_card"
    with ctx.db.session() as s:
        cards.appeal(ctx, s, team.dept_head, first, "档案在县档案馆，调取需县局审批，已书面报告")
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        cards.decide_appeal(ctx, s, team.approver, first, AppealDecision.REVOKED, "x")
    with ctx.db.session() as s:
        cards.decide_appeal(ctx, s, team.inspector, first, AppealDecision.REVOKED, "情况属实，撤销")
    with ctx.db.read() as s:
        after = cards.list_cards(ctx, s, team.inspector, 2025)
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("card.%"))
                                 .order_by(AuditEntry.seq)))
    assert [(c.id, c.color, c.decision) for c in after] == [(first, None, "revoked"), (second, CardColor.YELLOW, None)]
    assert actions == ["card.issue", "card.issue", "card.appeal", "card.decide"]
    with ctx.db.session() as s, pytest.raises(ValidationError) as twice:
        cards.decide_appeal(ctx, s, team.inspector, first, AppealDecision.UPHELD, "x")
    assert twice.value.code == "appeal_decided"


def _close(ledger: Ledger, n: int, day: date) -> list[str]:
    return [ledger.matter(date(2025, 9, 1), MatterStatus.CLOSED, closed_on=day, person=f"回访{i}")
            for i in range(n)]


def test_callback_draw_is_reproducible_rounded_up_and_never_repeats_in_a_quarter(ledger: Ledger, clock) -> None:
    ctx, team = ledger.ctx, ledger.team
    october = _close(ledger, 11, date(2025, 10, 15))
    ledger.matter(date(2025, 9, 1), MatterStatus.CLOSED, closed_on=date(2025, 9, 30))  # September: not drawn
    clock.set(at("2025-11-03 09:00"))
    with ctx.db.session() as s:
        callbacks.draw(ctx, s, team.inspector, "2025-11", seed="秋季-1")
    with ctx.db.read() as s:
        nov = callbacks.view(ctx, s, team.inspector, "2025-11")
        assert callbacks.recheck(s, "2025-11")
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "callbacks.draw"))
    assert nov.population == 11 and len(nov.items) == 3 and {i.case_number for i in nov.items} <= set(october)
    assert audit is not None and audit.details["seed"] == "秋季-1" and len(audit.details["sample"]) == 3
    with ctx.db.session() as s, pytest.raises(ValidationError) as again:
        callbacks.draw(ctx, s, team.inspector, "2025-11")
    assert again.value.code == "draw_exists"
    # November: 5 new closings, and one card drawn in November closed again after a reopening.
    _close(ledger, 5, date(2025, 11, 20))
    redrawn = nov.items[0].case_number
    with ctx.db.session() as s:
        s.execute(update(Matter).where(Matter.case_number == redrawn).values(closed_on=date(2025, 11, 25)))
    clock.set(at("2025-12-01 09:00"))
    with ctx.db.session() as s:
        callbacks.draw(ctx, s, team.inspector, "2025-12", seed="秋季-1")
    with ctx.db.read() as s:
        dec = callbacks.view(ctx, s, team.inspector, "2025-12")
    assert dec.population == 5 and len(dec.items) == 1 and dec.items[0].case_number != redrawn
    # A new quarter may draw it again: December's closings include it.
    with ctx.db.session() as s:
        s.execute(update(Matter).where(Matter.case_number == redrawn).values(closed_on=date(2025, 12, 10)))
    clock.set(at("2026-01-05 09:00"))
    with ctx.db.session() as s:
        callbacks.draw(ctx, s, team.inspector, "2026-01", seed="x")
    with ctx.db.read() as s:
        jan = callbacks.view(ctx, s, team.inspector, "2026-01")
    assert jan.population == 1 and [i.case_number for i in jan.items] == [redrawn]
    # Answers and the sample's results.
    with ctx.db.session() as s:
        a, b, c = nov.items
        callbacks.record_answer(ctx, s, team.inspector, a.id, CallbackResult.SATISFIED, True, True)
        callbacks.record_answer(ctx, s, team.inspector, b.id, CallbackResult.DISSATISFIED, False, False, "推诿")
        callbacks.record_answer(ctx, s, team.inspector, c.id, CallbackResult.UNREACHED, True, True)
    with ctx.db.read() as s:
        rep = callbacks.report(ctx, s, team.inspector, "2025-11")
    assert (rep.drawn, rep.called, rep.reached, rep.satisfied, rep.dissatisfied, rep.unresolved,
            rep.conduct_problems) == (3, 3, 2, 1, 1, 1, 1)
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        callbacks.draw(ctx, s, team.clerk, "2026-02")


def test_mediation_agreement_signed_by_both_parties_and_the_mediator(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    number = ledger.matter(date(2025, 2, 20))
    base = MediationInput(held_on=date(2025, 3, 1), venue="东村调解室", mediators=["王调解"], party_a="张三",
                          party_b="李四", dispute="宅基地边界", outcome=MediationOutcome.AGREED,
                          terms="以2003年档案为准重新立界", case_number=number)
    with ctx.db.session() as s:
        mid = mediation.record_mediation(ctx, s, team.clerk, base).id
        mediation.record_mediation(ctx, s, team.clerk, MediationInput(
            held_on=date(2025, 3, 2), venue="镇调委会", mediators=["王调解"], party_a="赵", party_b="钱",
            dispute="欠款", outcome=MediationOutcome.TO_COURT, screening_item_id=77))
        mediation.record_mediation(ctx, s, team.clerk, MediationInput(
            held_on=date(2025, 3, 3), venue="镇调委会", mediators=["王调解"], party_a="孙", party_b="周",
            dispute="噪音", outcome=MediationOutcome.FAILED, case_number=number))
    stroke = [[[0.1, 0.1, 0.5], [0.4, 0.3, 0.5]]]
    with ctx.db.session() as s, pytest.raises(ValidationError) as wrong:
        mediation.sign(ctx, s, team.clerk, mid, MediationSigner.PARTY_A, "李四", stroke)
    assert wrong.value.code == "signer_name_mismatch"
    with ctx.db.session() as s:
        for signer, name in ((MediationSigner.PARTY_A, "张三"), (MediationSigner.PARTY_B, "李四"),
                             (MediationSigner.MEDIATOR, "王调解")):
            mediation.sign(ctx, s, team.clerk, mid, signer, name, stroke)
    with ctx.db.read() as s:
        row = mediation.mediation(ctx, s, team.clerk, mid)
        rate = mediation.success_rate(s, date(2025, 3, 1), date(2025, 3, 31))
    assert row.signed_by == ("mediator", "party_a", "party_b") and row.document_number == "信访调〔2025〕1号"
    assert (rate.numerator, rate.denominator) == (1, 3)
    with ctx.db.session() as s:  # the content changes: every signature is void
        s.get(Mediation, mid).terms = "另行约定"
    with ctx.db.read() as s:
        assert mediation.mediation(ctx, s, team.clerk, mid).signed_by == ()
    with ctx.db.session() as s, pytest.raises(ValidationError) as none:
        mediation.record_mediation(ctx, s, team.clerk, MediationInput(
            held_on=date(2025, 3, 1), venue="x", mediators=["王"], party_a="a", party_b="b", dispute="d",
            outcome=MediationOutcome.FAILED))
    assert none.value.code == "mediation_needs_subject"


def test_panel_session_routes_and_quorum(ledger: Ledger) -> None:
    ctx, team = ledger.ctx, ledger.team
    number = ledger.matter(date(2025, 2, 20))
    scores = [MemberScore(f"评议员{i}", 8, 9, 7 if i else 4) for i in range(8)]  # (24*7 + 21) / 24 = 7.875
    with ctx.db.session() as s:
        row = panel_service.record_session(ctx, s, team.approver, PanelInput(number, date(2025, 3, 1), "补发承包款",
                                                                            scores))
        assert (row.route, row.average_x100) == (PanelRoute.NORMAL, 788)
    with ctx.db.session() as s, pytest.raises(ValidationError) as few:
        panel_service.record_session(ctx, s, team.approver, PanelInput(number, date(2025, 3, 1), "x", scores[:7]))
    assert few.value.code == "panel_below_quorum"
    green = [MemberScore(f"评议员{i}", 8, 8, 8) for i in range(9)]
    with ctx.db.session() as s:
        assert panel_service.record_session(ctx, s, team.approver, PanelInput(
            number, date(2025, 3, 2), "y", green)).route is PanelRoute.GREEN
    with ctx.db.read() as s:
        rows = panel_service.list_sessions(ctx, s, team.inspector)
        figures = keycase_figures(s, date(2025, 3, 1), date(2025, 3, 31), ctx.now())
    assert [(r.members, r.average) for r in rows] == [(9, "8.00"), (8, "7.88")]
    assert (figures["panel_sessions"], figures["panel_green"], figures["panel_to_courts"]) == (2, 1, 0)


def test_channel_receipts_on_time_rate_and_reminders(ledger: Ledger, clock) -> None:
    ctx, team = ledger.ctx, ledger.team
    clock.set(at("2025-03-10 09:00"))  # Monday morning
    with ctx.db.session() as s:
        friday = channels.receive(ctx, s, team.clerk, ReceiptChannel.ONLINE, at("2025-03-07 17:00"), "W-1").id
        weekend = channels.receive(ctx, s, team.clerk, ReceiptChannel.HOTLINE, at("2025-03-08 20:00"), "H-1").id
        letter = channels.receive(ctx, s, team.clerk, ReceiptChannel.LETTER, at("2025-03-10 08:00"), "L-1").id
    with ctx.db.read() as s:
        due = {r.id: r.due_at for r in s.scalars(select(ChannelReceipt))}
        soon = channels.reminders(ctx, s)
    assert due == {friday: at("2025-03-10 10:00"), weekend: at("2025-03-10 09:00"),
                   letter: at("2025-03-10 17:30")}
    assert [(r.id, r.late) for r in soon] == [(weekend, False)]  # due at 9:00, on the dot
    clock.set(at("2025-03-10 09:40"))
    with ctx.db.session() as s:
        channels.register(ctx, s, team.clerk, friday)  # in time (10:00)
        channels.register(ctx, s, team.clerk, letter, incomplete=True)
    with ctx.db.read() as s:
        assert [(r.id, r.what, r.late) for r in channels.reminders(ctx, s)] == [(weekend, "register", True)]
        rate = channels.timeliness(s, date(2025, 3, 1), date(2025, 3, 31), ctx.now())
    assert (rate[ReceiptChannel.ONLINE].numerator, rate[ReceiptChannel.ONLINE].denominator) == (1, 1)
    assert (rate[ReceiptChannel.HOTLINE].numerator, rate[ReceiptChannel.HOTLINE].denominator) == (0, 1)
    assert (rate[ReceiptChannel.LETTER].numerator, rate[ReceiptChannel.LETTER].denominator) == (1, 1)
    clock.set(at("2025-03-11 09:41"))  # the incomplete letter's 24 hours have run out
    with ctx.db.read() as s:
        assert ("contact", True) in [(r.what, r.late) for r in channels.reminders(ctx, s) if r.id == letter]
    with ctx.db.session() as s, pytest.raises(ValidationError) as online_incomplete:
        channels.register(ctx, s, team.clerk, weekend, incomplete=True)
    assert online_incomplete.value.code == "incomplete_letters_only"


def test_a_plan_not_made_in_time_cards_the_leader(ledger: Ledger, clock) -> None:
    ctx, team = ledger.ctx, ledger.team
    first, second = ledger.matter(date(2025, 2, 20)), ledger.matter(date(2025, 2, 21))
    with ctx.db.session() as s:
        late = cases.flag_case(ctx, s, team.clerk, FlagInput(first, KeyCaseKind.KEY, KeyCaseReason.RED_WARNING,
                                                             team.case_lead.id)).id
        cases.flag_case(ctx, s, team.clerk, FlagInput(second, KeyCaseKind.KEY, KeyCaseReason.RED_WARNING,
                                                      team.approver.id))
    clock.set(at("2025-03-06 10:00"))  # two days late, but within the reminders (to Friday 7th)
    with ctx.db.session() as s:
        cases.make_plan(ctx, s, team.clerk, late, "方案", [StepInput("核实", team.clerk.id, date(2025, 3, 20))])

    def sweep(day: str) -> list[tuple[int, str]]:
        clock.set(at(f"{day} 18:00"))
        with ctx.db.session() as s:
            return [(c.staff_id, c.source.value) for c in cards.issue_due_cards(ctx, s, team.inspector,
                                                                               date.fromisoformat(day))]

    assert sweep("2025-03-07") == []
    assert sweep("2025-03-10") == [(team.approver.id, "plan_late")]  # no plan at all: the leader's card
