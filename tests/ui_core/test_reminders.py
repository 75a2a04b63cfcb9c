"""The reminders panel's lists, each for the right person and with the reminder days of the rules."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.domain.enums import Satisfaction
from desktop.services import followup, handling, reminders
from desktop.services.reminders import ReminderKind
from tests.ui_core.flows import assigned, replied, submitted


def test_approval_waits_for_the_named_approver_only(ctx, team) -> None:
    case = submitted(ctx, team)
    with ctx.db.read() as s:
        mine = reminders.reminders(ctx, s, team.approver, ctx.today())
        clerks = reminders.reminders(ctx, s, team.clerk, ctx.today())
    assert [r.case_number for r in mine.of(ReminderKind.APPROVAL_WAITING)] == [case]
    assert clerks.of(ReminderKind.APPROVAL_WAITING) == []


def test_overdue_matter_is_reminded_every_three_working_days(ctx, team) -> None:
    case = assigned(ctx, team)  # approved Monday 3 March 2025: simple, 15 days -> due 18 March (Tue)
    with ctx.db.read() as s:
        assert reminders.reminders(ctx, s, team.clerk, date(2025, 3, 18)).of(ReminderKind.OVERDUE) == []
        late = reminders.reminders(ctx, s, team.clerk, date(2025, 3, 27)).of(ReminderKind.OVERDUE)
    assert [r.case_number for r in late] == [case]
    # first working day after the due date, then every 3 working days
    assert late[0].reminder_dates == (date(2025, 3, 19), date(2025, 3, 24), date(2025, 3, 27))
    assert late[0].overdue_working_days == 7


def test_evaluation_then_callback_due_after_closing(ctx, team, clock) -> None:
    case = replied(ctx, team)
    with ctx.db.session() as s:
        handling.close(ctx, s, team.clerk, case)
    with ctx.db.read() as s:
        now = reminders.reminders(ctx, s, team.clerk, ctx.today())
        later = reminders.reminders(ctx, s, team.clerk, ctx.today() + timedelta(days=20))
    assert [r.case_number for r in now.of(ReminderKind.EVALUATION_DUE)] == [case]
    assert now.of(ReminderKind.CALLBACK_DUE) == []
    assert [r.case_number for r in later.of(ReminderKind.CALLBACK_DUE)] == [case]
    with ctx.db.session() as s:
        followup.evaluate(ctx, s, team.clerk, case, Satisfaction.SATISFIED)
        followup.log_callback(ctx, s, team.clerk, case, True, "满意")
    with ctx.db.read() as s:
        after = reminders.reminders(ctx, s, team.clerk, ctx.today() + timedelta(days=20))
    assert after.of(ReminderKind.EVALUATION_DUE) == [] and after.of(ReminderKind.CALLBACK_DUE) == []


def test_letter_waits_for_each_named_signer(ctx, team) -> None:
    from desktop.domain.enums import Outcome, SignerRole
    from desktop.services import letters
    from tests.ui_core.flows import SECTIONS

    case = assigned(ctx, team)
    with ctx.db.session() as s:
        letters.save_draft(ctx, s, team.clerk, case, SECTIONS, Outcome.SUPPORT, dept_head_id=team.dept_head.id)
    with ctx.db.session() as s:
        letters.sign(ctx, s, team.dept_head, case, SignerRole.DEPT_HEAD, [[[0, 0], [1, 1]]])
    with ctx.db.read() as s:
        head = reminders.reminders(ctx, s, team.dept_head, ctx.today()).of(ReminderKind.SIGNATURE_WAITING)
        lead = reminders.reminders(ctx, s, team.case_lead, ctx.today()).of(ReminderKind.SIGNATURE_WAITING)
    assert head == []
    assert [r.case_number for r in lead] == [case]
