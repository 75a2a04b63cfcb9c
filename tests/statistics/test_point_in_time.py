"""The township of conftest.py, taken further: what a later event does (nothing) to a period that is over,
a month closed and regenerated, a correction, and the edge cases the issue named, each counted by hand."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.db.models import Matter, MatterStatusChange
from desktop.domain.enums import AlertLevel, Category, Channel, ReviewKind, ReviewOutcome
from desktop.domain.enums import Satisfaction as Sat
from desktop.domain.errors import PermissionDenied, ValidationError
from desktop.services import followup, handling, intake
from desktop.statistics import archive
from desktop.statistics.filters import StatFilter
from desktop.statistics.periods import ReportPeriod
from desktop.statistics.report import build_report
from desktop.statistics.values import Rate
from tests.statistics.conftest import Builder, at, referred

APRIL, MAY = ReportPeriod.month(2025, 4), ReportPeriod.month(2025, 5)


def _report(t, period=APRIL, actor=None):  # type: ignore[no-untyped-def]
    with t.ctx.db.read() as s:
        return build_report(t.ctx, s, actor or t.team.inspector, period)


def _builder(t) -> Builder:  # type: ignore[no-untyped-def]
    b = Builder(t.ctx, t.team, t.clock)
    b.cases = t.cases
    b.serial = 500
    return b


def test_a_matter_closed_in_april_and_reopened_by_review_in_may_leaves_april_unchanged(township) -> None:
    t = township
    before = _report(t)
    t.clock.set(at(date(2025, 5, 12)))
    with t.ctx.db.session() as s:
        followup.open_review(t.ctx, s, t.team.inspector, t.cases["B"], ReviewKind.RECHECK, "申请复查")
    t.clock.set(at(date(2025, 5, 20)))
    with t.ctx.db.session() as s:
        followup.conclude_review(t.ctx, s, t.team.inspector, t.cases["B"], ReviewOutcome.CHANGED, "重新办理")
    t.clock.set(at(date(2025, 6, 2)))
    after = _report(t)
    assert after.figures.values == before.figures.values  # every April figure, not only the resolved count
    assert after.figures.count("resolved") == 3 and after.figures.rate("on_time_rate") == Rate(2, 4)
    may = _report(t, MAY).figures
    assert (may.count("reviews_opened"), may.count("reviews_decided"), may.count("reviews_changed")) == (1, 1, 1)
    q2 = _report(t, ReportPeriod.quarter(2025, 2)).figures  # the quarter ends after the reopening: B is open
    assert q2.count("resolved") == 2


def test_a_pause_moves_the_limit_into_may(township) -> None:
    t = township
    with t.ctx.db.read() as s:
        c = s.scalar(select(Matter).where(Matter.case_number == t.cases["C"]))
        dues = [h.handling_due for h in s.scalars(select(MatterStatusChange).where(
            MatterStatusChange.matter_id == c.id).order_by(MatterStatusChange.id))]
    assert date(2025, 4, 22) in dues and c.handling_due.month == 5  # due 22 April, moved by the pause
    may = _report(t, MAY).figures
    assert (may.count("due_in_period"), may.count("on_time")) == (1, 1)  # C, closed 28 April, due in May


def test_exactly_ten_working_days_overdue_counts(township) -> None:
    t = township
    # G was due Tue 18 March: the 10th working day after is Tue 1 April, the 9th Mon 31 March.
    with t.ctx.db.read() as s:
        upto_1 = build_report(t.ctx, s, t.team.inspector, ReportPeriod.custom(date(2025, 3, 25), date(2025, 4, 1)))
        upto_31 = build_report(t.ctx, s, t.team.inspector, ReportPeriod.custom(date(2025, 3, 25),
                                                                               date(2025, 3, 31)))
    assert upto_1.figures.count("seriously_overdue") == 2  # J and G (exactly 10)
    assert upto_31.figures.count("seriously_overdue") == 1  # J only
    assert [o.working_days_overdue for o in upto_1.overdue if o.case_number == t.cases["G"]] == [10]


def test_a_tie_for_third_place_shows_both_marked(township) -> None:
    t = township
    b = _builder(t)
    b.register("L2", date(2025, 4, 22), "何十一")
    b.classify("L2", referred(Category.LIVELIHOOD))
    b.register("M", date(2025, 4, 23), "何十二")
    b.classify("M", referred(Category.DISPUTE))
    b.on(date(2025, 5, 6))
    r = _report(t)
    # 涉法涉诉 3 (B, C, D), 民生 2 (E, L2), then 政策咨询 1 (A) and 矛盾纠纷 1 (M) tied for third.
    assert [(x.rank, x.category, x.received, x.tied) for x in r.top_types] == [
        (1, Category.LEGAL, 3, False), (2, Category.LIVELIHOOD, 2, False),
        (3, Category.DISPUTE, 1, True), (3, Category.POLICY, 1, True)]


def test_a_running_quarter_counts_its_streak_from_the_months_begun(township) -> None:
    r = _report(township, ReportPeriod.quarter(2025, 2))  # today is 6 May: June has not begun
    assert [(p.year, p.month) for p in r.trend][-1] == (2025, 5)
    assert all((p.year, p.month) <= (2025, 5) for p in r.trend)
    legal = [x for x in r.top_types if x.category is Category.LEGAL][0]
    assert legal.streak == 3 and legal.flagged  # February, March, April; an empty May week does not end it
    assert [(s.category, s.first, s.last) for s in r.streaks] == [(Category.LEGAL, (2025, 2), (2025, 4))]


def test_satisfaction_counts_in_the_month_it_was_given(township) -> None:
    t = township
    b = _builder(t)
    b.register("K", date(2025, 4, 24), "何十三")
    b.classify("K", referred())
    b.assign("K", date(2025, 4, 24))
    b.close("K", date(2025, 4, 30))
    b.rate("K", date(2025, 5, 6), Sat.SATISFIED)  # rated in May for a matter closed in April
    april, may = _report(t).figures, _report(t, MAY).figures
    assert (april.count("evaluated"), april.rate("satisfaction_rate")) == (4, Rate(3, 4))
    assert (may.count("evaluated"), may.count("satisfied")) == (1, 1)


def test_a_person_with_six_visits_is_red_and_counts_as_repeat(township) -> None:
    t = township
    for day in (18, 21, 23):
        t.clock.set(at(date(2025, 4, day)))
        with t.ctx.db.session() as s:
            intake.add_visit(t.ctx, s, t.team.clerk, t.cases["E"], Channel.LETTER)
    t.clock.set(at(date(2025, 5, 6)))
    r = _report(t)
    # 赵九: 9, 10, 14, 18, 21, 23 April, six in 30 days; every visit after the first is a repeat.
    assert (r.figures.count("repeat_red"), r.figures.count("repeat_yellow")) == (1, 1)  # 赵九 red; 王五 yellow
    assert r.figures.count("repeat_visits") == 4 + 3
    row = [x for x in r.repeats if x.case_number == t.cases["E"]][0]
    assert (row.window_count, row.period_level, row.current_level, row.highest_level) == (
        6, AlertLevel.RED, AlertLevel.RED, AlertLevel.RED)


def test_warnings_move_with_the_visits_and_keep_the_highest(township) -> None:
    t = township
    with t.ctx.db.read() as s:
        h = s.scalar(select(Matter).where(Matter.case_number == t.cases["H"]))
        assert (h.visits_30d, h.repeat_alert) == (1, AlertLevel.GREEN)  # 冯十's first visit, 14 April
    for day in (date(2025, 4, 20), date(2025, 4, 28)):  # three visits on one matter in 15 days
        t.clock.set(at(day))
        with t.ctx.db.session() as s:
            intake.add_visit(t.ctx, s, t.team.clerk, t.cases["H"], Channel.VISIT)
    with t.ctx.db.read() as s:
        h = s.scalar(select(Matter).where(Matter.case_number == t.cases["H"]))
        assert (h.visits_30d, h.repeat_alert, h.visits_30d_max) == (3, AlertLevel.YELLOW, 3)
    t.clock.set(at(date(2025, 6, 30)))  # two months later, one more: the count falls back, the highest stays
    with t.ctx.db.session() as s:
        intake.add_visit(t.ctx, s, t.team.clerk, t.cases["H"], Channel.VISIT)
    with t.ctx.db.read() as s:
        h = s.scalar(select(Matter).where(Matter.case_number == t.cases["H"]))
        assert (h.visits_30d, h.repeat_alert, h.visits_30d_max, h.repeat_alert_max) == (
            1, AlertLevel.GREEN, 3, AlertLevel.YELLOW)


def _close_april(t):  # type: ignore[no-untyped-def]
    report = _report(t)
    with t.ctx.db.session() as s:
        return archive.close_month(t.ctx, s, t.team.approver, report.figures, b"%PDF-april", b"PK-april")


def test_closing_a_month_archives_it_and_regenerating_matches(township) -> None:
    t = township
    row = _close_april(t)
    text, digest = archive.figures_digest(_report(t).figures)
    assert row.figures_sha256 == digest and '"received":7' in text
    with t.ctx.db.session() as s, pytest.raises(ValidationError):
        archive.close_month(t.ctx, s, t.team.approver, _report(t).figures, b"", b"")  # closed once only
    with t.ctx.db.session() as s, pytest.raises(ValidationError):
        archive.close_month(t.ctx, s, t.team.approver, _report(t, MAY).figures, b"", b"")  # May is not over
    with t.ctx.db.session() as s, pytest.raises(PermissionDenied):
        archive.close_month(t.ctx, s, t.team.clerk, _report(t, ReportPeriod.month(2025, 3)).figures, b"", b"")
    # A pause entered on 8 May but dated 29 April, inside the closed month: a correction, not a change.
    t.clock.set(at(date(2025, 5, 8)))
    with t.ctx.db.session() as s:
        handling.pause(t.ctx, s, t.team.clerk, t.cases["D"], "听证", t.team.approver.id, start_on=date(2025, 4, 29))
    regenerated = _report(t)
    with t.ctx.db.read() as s:
        check = archive.check_against_archive(s, regenerated.figures)
    assert check is not None and check.matches and check.differences == ()
    assert regenerated.closed_at == row.closed_at
    may = _report(t, MAY)
    assert [(c.case_number, c.dated, c.written, c.month) for c in may.corrections] == [
        (t.cases["D"], date(2025, 4, 29), date(2025, 5, 8), "2025-04")]


def test_a_regenerated_month_that_differs_says_which_figures(township) -> None:
    t = township
    _close_april(t)
    with t.ctx.db.read() as s:
        figures = _report(t).figures
        changed = dataclasses.replace(figures, values={**figures.values, "received": 8})
        check = archive.check_against_archive(s, changed)
    assert check is not None and not check.matches
    assert check.differences == (("received", 7, 8),)


def test_later_reports_compare_with_a_closed_month_as_archived(township) -> None:
    t = township
    counted = _report(t).figures
    _close_april(t)
    may = _report(t, MAY)
    assert may.previous.values == counted.values  # the archive gives what counting April again gives
    # B (closed 15 April) is visited again in May: April's 结案息诉罢访 is forward-looking and drops.
    t.clock.set(at(date(2025, 5, 9)))
    with t.ctx.db.session() as s:
        intake.add_visit(t.ctx, s, t.team.clerk, t.cases["B"], Channel.VISIT)
    after = _report(t, MAY).previous
    assert after.count("settled") == counted.count("settled") - 1
    assert after.rate("settled_rate").denominator == counted.count("closed") and "settled" in after.provisional
    assert {k: v for k, v in after.values.items() if k not in archive.FORWARD_LOOKING} == {
        k: v for k, v in counted.values.items() if k not in archive.FORWARD_LOOKING}


def test_an_edited_archive_is_not_believed(township) -> None:
    t = township
    _close_april(t)
    with t.ctx.db.session() as s:  # someone holding the database edits April's archived figures
        row = archive.archived(s, APRIL)
        assert row is not None
        row.figures_json = row.figures_json.replace('"received":7', '"received":99')
    assert _report(t, MAY).previous.count("received") == 7
    with t.ctx.db.session() as s:  # ... and the stored digest too: the audit chain still holds the old one
        row = archive.archived(s, APRIL)
        assert row is not None
        import hashlib
        row.figures_sha256 = hashlib.sha256(row.figures_json.encode("utf-8")).hexdigest()
    with t.ctx.db.read() as s:
        assert archive.archived_values(s, APRIL) is None
    assert _report(t, MAY).previous.count("received") == 7


def test_an_archive_from_before_a_figure_existed_is_counted_again(township) -> None:
    from desktop.statistics.figures import closed_month_figures

    t = township
    _close_april(t)
    with t.ctx.db.read() as s:
        closed, stored = archive.archived_values(s, APRIL) or (None, {})
        assert closed is not None
        full = closed_month_figures(s, APRIL, stored, today=date(2025, 6, 2), known_by=closed)
        older = {k: v for k, v in stored.items() if k != "group_resolved"}
        assert full is not None and closed_month_figures(s, APRIL, older, today=date(2025, 6, 2),
                                                         known_by=closed) is None


def test_a_closed_months_trend_point_stays_as_it_was_known_at_closing(township) -> None:
    """The twelve-month trend charts a closed month as its archived figures count it: a closing entered in
    May but dated in April (as a letter delivered on an April day and recorded later writes it) is a
    correction, and April's point in May's trend keeps the resolved count April was closed with."""
    from desktop.domain.enums import MatterStatus
    from desktop.services.status_history import record_change

    t = township
    before = _report(t, MAY)
    april_point = next(p for p in before.trend if (p.year, p.month) == (2025, 4))
    row = _close_april(t)
    t.clock.set(at(date(2025, 5, 8)))
    with t.ctx.db.session() as s:  # H (registered 14 April, never handled) closed "on 20 April", written now
        matter = s.scalar(select(Matter).where(Matter.case_number == t.cases["H"]))
        matter.status = MatterStatus.CLOSED
        change = record_change(t.ctx, s, matter, on=date(2025, 4, 20))
        assert change.backdated
    after = _report(t, MAY)
    point = next(p for p in after.trend if (p.year, p.month) == (2025, 4))
    assert (point.received, point.resolved) == (april_point.received, april_point.resolved)
    assert april_point.resolved == json.loads(row.figures_json)["values"]["resolved"]
    assert [c.case_number for c in after.corrections] == [t.cases["H"]]


def _april_point(report):  # type: ignore[no-untyped-def]
    return next((p.received, p.resolved) for p in report.trend if (p.year, p.month) == (2025, 4))


def test_a_closed_months_trend_point_is_read_from_its_archive(township) -> None:
    """The archive keeps the month's intake by category, and later trends chart the month from there (the
    twelve months are not counted again at every refresh of the dashboard): a history row removed behind
    the services' back changes what counting April gives, not April's point in May's trend."""
    t = township
    counted = _april_point(_report(t, MAY))
    row = _close_april(t)
    stored = json.loads(row.figures_json)["categories"]
    assert sum(n for n, _ in stored.values()) == counted[0] and sum(r for _, r in stored.values()) == counted[1]
    with t.ctx.db.session() as s:  # B's closing on 15 April disappears from the history
        b = s.scalar(select(Matter.id).where(Matter.case_number == t.cases["B"]))
        s.execute(MatterStatusChange.__table__.delete().where(
            MatterStatusChange.matter_id == b, MatterStatusChange.status == "closed"))
    may = _report(t, MAY)
    assert _april_point(may) == counted
    assert _report(t).figures.count("resolved") == counted[1] - 1  # counting April again does see it


def test_an_edited_archives_intake_by_category_is_not_believed(township) -> None:
    import hashlib

    t = township
    counted = _april_point(_report(t, MAY))
    _close_april(t)
    with t.ctx.db.session() as s:  # the archive and its digest rewritten; the audit chain keeps the old digest
        row = archive.archived(s, APRIL)
        assert row is not None
        data = json.loads(row.figures_json)
        data["categories"] = {k: [n + 10, r] for k, (n, r) in data["categories"].items()}
        row.figures_json = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        row.figures_sha256 = hashlib.sha256(row.figures_json.encode("utf-8")).hexdigest()
    with t.ctx.db.read() as s:
        assert archive.archived_categories(s, [APRIL]) == {}
    assert _april_point(_report(t, MAY)) == counted  # counted again, as known at the closing


def test_an_archive_without_the_intake_by_category_is_counted_again(township) -> None:
    """A month closed before the archive kept the intake by category: its trend point is counted, and
    regenerating it still matches what was archived."""
    t = township
    counted = _april_point(_report(t, MAY))
    report = _report(t)
    older = dataclasses.replace(report.figures, categories=None)
    with t.ctx.db.session() as s:
        row = archive.close_month(t.ctx, s, t.team.approver, older, b"%PDF", b"PK")
    assert "categories" not in json.loads(row.figures_json)
    with t.ctx.db.read() as s:
        assert archive.archived_categories(s, [APRIL]) == {}
        check = archive.check_against_archive(s, _report(t).figures)
    assert check is not None and check.matches
    assert _april_point(_report(t, MAY)) == counted


def test_a_regenerated_month_names_the_category_that_differs(township) -> None:
    t = township
    _close_april(t)
    figures = _report(t).figures
    assert figures.categories is not None
    key = sorted(figures.categories)[0]
    n, r = figures.categories[key]
    changed = dataclasses.replace(figures, categories={**figures.categories, key: (n + 1, r)})
    with t.ctx.db.read() as s:
        check = archive.check_against_archive(s, changed)
    assert check is not None and not check.matches
    assert check.differences == ((f"categories.{key}", [n, r], [n + 1, r]),)


def test_a_closed_months_provisional_mark_ends_ninety_days_after_its_last_standing_closing(township) -> None:
    """Read from the archive or counted again, April's 结案息诉罢访 is provisional on the same days: until
    90 days after the latest closing that stands, whichever side of the month's own 90 days that falls."""
    from datetime import timedelta

    from desktop.statistics.figures import closed_month_figures, compute_figures

    t = township
    row = _close_april(t)
    days = [APRIL.start + timedelta(days=d) for d in (89, 90)] + [APRIL.end + timedelta(days=d) for d in (89, 90)]
    with t.ctx.db.read() as s:
        rules, cal = t.ctx.rules(s), t.ctx.calendar(s)
        closed, stored = archive.archived_values(s, APRIL) or (None, {})
        assert closed == row.closed_at
        latest = max(d for (d,) in s.execute(select(MatterStatusChange.changed_on).where(
            MatterStatusChange.status == "closed", MatterStatusChange.changed_on <= APRIL.end)))
        days += [latest + timedelta(days=89), latest + timedelta(days=90)]
        marks = []
        for today in sorted(days):
            counted = compute_figures(s, APRIL, StatFilter(), today=today, rules=rules, cal=cal, known_by=closed)
            read = closed_month_figures(s, APRIL, stored, today=today, known_by=closed)
            assert read is not None and read.provisional == counted.provisional, today
            marks.append((today, "settled" in read.provisional))
    assert (latest + timedelta(days=89), True) in marks and (latest + timedelta(days=90), False) in marks


def test_a_closing_written_after_the_month_closed_leaves_its_overdue_count(township) -> None:
    """G and J were seriously overdue at the end of April, which was closed so. G's closing entered in May
    but dated in April is a correction: regenerating April still counts G overdue (its state as known at the
    closing), although G is neither open now nor changed since April."""
    from desktop.domain.enums import MatterStatus
    from desktop.services.status_history import record_change

    t = township
    overdue = _report(t).figures.count("seriously_overdue")
    assert t.cases["G"] in [o.case_number for o in _report(t).overdue]
    _close_april(t)
    t.clock.set(at(date(2025, 5, 8)))
    with t.ctx.db.session() as s:
        matter = s.scalar(select(Matter).where(Matter.case_number == t.cases["G"]))
        matter.status = MatterStatus.CLOSED
        assert record_change(t.ctx, s, matter, on=date(2025, 4, 25)).backdated
    regenerated = _report(t)
    assert regenerated.figures.count("seriously_overdue") == overdue
    with t.ctx.db.read() as s:
        check = archive.check_against_archive(s, regenerated.figures)
    assert check is not None and check.matches, check.differences


def test_closing_a_month_checks_who_and_when_before_building_the_report(township, monkeypatch) -> None:
    """月结 as the window and the command line do it: a clerk, a month not over and a month already closed
    are refused at once, before seconds of counting; the months still to close shrink as they are closed."""
    import desktop.statistics.month_end as month_end

    t = township
    with t.ctx.db.read() as s:
        before = archive.months_to_close(s, t.ctx.today())
    assert APRIL in before and all(p.end < t.ctx.today() for p in before)
    built: list[ReportPeriod] = []
    real = month_end.build_report

    def counting(ctx, session, actor, period, *a, **k):  # type: ignore[no-untyped-def]
        built.append(period)
        return real(ctx, session, actor, period, *a, **k)
    monkeypatch.setattr(month_end, "build_report", counting)
    render = lambda report: (b"%PDF-" + report.period.key.encode(), b"PK")  # noqa: E731
    with pytest.raises(PermissionDenied):
        month_end.close_and_archive(t.ctx, t.team.clerk, APRIL, render)
    today = t.ctx.today()
    with pytest.raises(ValidationError):
        month_end.close_and_archive(t.ctx, t.team.approver, ReportPeriod.month(today.year, today.month), render)
    assert built == []
    done = month_end.close_and_archive(t.ctx, t.team.approver, APRIL, render)
    assert built == [APRIL] and done.pdf_bytes == len(b"%PDF-2025-04")
    with pytest.raises(ValidationError):
        month_end.close_and_archive(t.ctx, t.team.approver, APRIL, render)
    assert built == [APRIL]
    with t.ctx.db.read() as s:
        assert archive.months_to_close(s, t.ctx.today()) == [p for p in before if p != APRIL]


def test_a_closing_time_moved_in_the_database_does_not_move_what_the_month_counts(township) -> None:
    """Someone holding the database file moves April's closing time a month later, so that a pause entered
    on 8 May but dated in April would count in April. The closing time is the one the audit chain recorded:
    April still counts as known when it was really closed, and the pause stays a correction."""
    from datetime import timedelta

    t = township
    row = _close_april(t)
    really = row.closed_at
    t.clock.set(at(date(2025, 5, 8)))
    with t.ctx.db.session() as s:
        handling.pause(t.ctx, s, t.team.clerk, t.cases["D"], "听证", t.team.approver.id, start_on=date(2025, 4, 29))
    with t.ctx.db.session() as s:
        moved = archive.archived(s, APRIL)
        assert moved is not None
        moved.closed_at = really + timedelta(days=30)
    regenerated = _report(t)
    assert regenerated.closed_at == really
    with t.ctx.db.read() as s:
        assert archive.closing_times(s, [APRIL]) == {"2025-04": really}
        check = archive.check_against_archive(s, regenerated.figures)
    assert check is not None and check.matches and check.closed_at == really
    assert [c.case_number for c in _report(t, MAY).corrections] == [t.cases["D"]]


def test_two_desks_closing_the_same_month_at_once_leave_one_archive(township, monkeypatch) -> None:
    """Two desks both find April open and close it; the one whose row lands second is told the month is
    already closed (on PostgreSQL the check does not queue the writers), and one archive and one sealing
    audit entry remain."""
    from sqlalchemy.orm import Session

    from desktop.db.models import AuditEntry, ReportArchive

    t = township
    report = _report(t)
    _close_april(t)  # the other desk was quicker
    real = Session.scalar

    def not_yet(self, stmt, *a, **k):  # type: ignore[no-untyped-def]
        # this desk checked before the other desk's closing was committed
        if "report_archives" in str(stmt) and "audit" not in str(stmt):
            return None
        return real(self, stmt, *a, **k)
    monkeypatch.setattr(Session, "scalar", not_yet)
    with pytest.raises(ValidationError) as refused, t.ctx.db.session() as s:
        archive.close_month(t.ctx, s, t.team.approver, report.figures, b"%PDF", b"PK")
    assert refused.value.code == "month_already_closed"
    monkeypatch.undo()
    with t.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ReportArchive)) == 1
        assert s.scalar(select(func.count()).where(AuditEntry.action == "report.close_month")) == 1
