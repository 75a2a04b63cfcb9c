"""Hand-counted fixtures for the pure rules: channel clocks across nights, weekends and holidays, the
callback draw, the panel's route, the cards' colours and the two rates."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest

from desktop.clock import CHINA_TZ
from desktop.domain.errors import ValidationError
from desktop.domain.rules_config import Rules
from desktop.domain.workcalendar import WorkCalendar
from desktop.keycases.card_rules import colours_in_order, due_for_card
from desktop.keycases.channel_clock import contact_due, registration_due
from desktop.keycases.draw import draw_sample, sample_size
from desktop.keycases.enums import CardColor, MediationOutcome, PanelRoute, ReceiptChannel
from desktop.keycases.panel import average, check_scores, route_for
from desktop.keycases.rates import backlog_resolution, mediation_success

CAL = WorkCalendar()
R = Rules()
LET, ONL, HOT = ReceiptChannel.LETTER, ReceiptChannel.ONLINE, ReceiptChannel.HOTLINE
Y, RD = CardColor.YELLOW, CardColor.RED


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)


@pytest.mark.parametrize(("channel", "received", "due"), [
    (LET, "2025-03-05 10:00", "2025-03-05 17:30"),  # Wednesday morning: the same day
    (LET, "2025-03-05 18:00", "2025-03-06 17:30"),  # after closing: the next working day
    (LET, "2025-03-08 11:00", "2025-03-10 17:30"),  # Saturday: Monday
    (LET, "2025-04-03 18:00", "2025-04-07 17:30"),  # Thursday night before 清明 (Fri 4th to Sun 6th off)
    (ONL, "2025-03-07 17:00", "2025-03-10 10:00"),  # Friday 17:00: 30 min Friday, 90 min Monday
    (ONL, "2025-03-08 12:00", "2025-03-10 10:30"),  # Saturday: the clock starts Monday 8:30
    (ONL, "2025-03-05 09:00", "2025-03-05 11:00"),  # inside office hours: plain 2 hours
    (ONL, "2025-04-03 17:00", "2025-04-07 10:00"),  # across 清明
    (HOT, "2025-03-05 22:00", "2025-03-06 09:00"),  # night: next morning 8:30 + 30 min
    (HOT, "2025-03-05 17:20", "2025-03-06 08:50"),  # 10 min before closing, 20 the next morning
    (HOT, "2025-04-26 20:00", "2025-04-27 09:00"),  # Saturday night before a 调休 working Sunday
    (HOT, "2025-04-30 17:29", "2025-05-06 08:59"),  # the eve of the May Day holidays (1st-5th)
])
def test_registration_clocks(channel: ReceiptChannel, received: str, due: str) -> None:
    assert registration_due(channel, at(received), R, CAL) == at(due)


def test_clocks_follow_the_settings() -> None:
    rules = Rules().with_setting("channel.office_opens_minute", "540").with_setting(
        "channel.office_closes_minute", "1020").with_setting("channel.letter_register_workdays", "1")
    assert registration_due(ONL, at("2025-03-07 16:00"), rules, CAL) == at("2025-03-10 10:00")
    assert registration_due(LET, at("2025-03-05 10:00"), rules, CAL) == at("2025-03-06 17:00")


def test_administrator_override_of_the_calendar_moves_the_clock() -> None:
    cal = WorkCalendar({date(2025, 3, 10): False})  # Monday made a holiday
    assert registration_due(ONL, at("2025-03-07 17:00"), R, cal) == at("2025-03-11 10:00")


@pytest.mark.parametrize(("registered", "due"), [
    ("2025-03-04 10:00", "2025-03-05 10:00"),  # within office hours the next day
    ("2025-03-07 10:00", "2025-03-10 08:30"),  # ends Saturday 10:00: Monday's opening
    ("2025-03-06 17:00", "2025-03-07 17:00"),
    ("2025-03-06 18:00", "2025-03-10 08:30"),  # ends Friday 18:00 after closing: Monday
])
def test_incomplete_letter_contact_within_24_hours(registered: str, due: str) -> None:
    assert contact_due(at(registered), R, CAL) == at(due)


def test_sample_is_twenty_percent_rounded_up() -> None:
    assert [sample_size(n, 20) for n in (0, 1, 4, 5, 6, 10, 11, 15, 16)] == [0, 1, 1, 1, 2, 2, 3, 3, 4]
    assert sample_size(3, 100) == 3
    with pytest.raises(ValidationError):
        sample_size(10, 0)


def test_same_seed_same_sample_and_no_card_drawn_twice() -> None:
    cards = [f"XF2026-{i:05d}" for i in range(1, 12)]  # 11 cards → 3
    a = draw_sample(cards, (), 20, "seed-1")
    b = draw_sample(list(reversed(cards)), (), 20, "seed-1")
    assert a.sample == b.sample and len(a.sample) == 3 and set(a.sample) <= set(cards)
    others = {draw_sample(cards, (), 20, f"seed-{i}").sample for i in range(2, 12)}
    assert len(others | {a.sample}) > 1  # the seed matters
    later = draw_sample(cards, a.sample, 20, "seed-1")
    assert len(later.population) == 8 and len(later.sample) == 2 and not set(later.sample) & set(a.sample)


def test_panel_average_and_route_at_the_boundaries() -> None:
    eight = [(6, 6, 6)] * 8
    assert average(eight) == 6 and route_for(average(eight), R) is PanelRoute.NORMAL
    just_below = [(6, 6, 6)] * 7 + [(6, 6, 5)]
    assert average(just_below) == Fraction(143, 24) and route_for(average(just_below), R) is PanelRoute.COURTS
    green = [(8, 8, 8)] * 8
    assert route_for(average(green), R) is PanelRoute.GREEN
    almost = [(8, 8, 8)] * 7 + [(8, 8, 7)]
    assert route_for(average(almost), R) is PanelRoute.NORMAL
    with pytest.raises(ValidationError) as below:
        check_scores([(9, 9, 9)] * 7, R)
    assert below.value.code == "panel_below_quorum"
    with pytest.raises(ValidationError) as bad:
        check_scores([(9, 9, 9)] * 7 + [(11, 0, 0)], R)
    assert bad.value.code == "panel_score_invalid"


def test_card_colours_first_yellow_then_red_and_revocation() -> None:
    assert colours_in_order([False]) == [Y]
    assert colours_in_order([False, False, False]) == [Y, RD, RD]
    assert colours_in_order([True, False, False]) == [None, Y, RD]
    assert colours_in_order([False, True, False]) == [Y, None, RD]


def test_card_only_after_the_reminders() -> None:
    due = date(2025, 3, 3)  # Monday; 3 working days of reminders end Thursday 6th
    assert not due_for_card(due, None, date(2025, 3, 6), 3, CAL)
    assert due_for_card(due, None, date(2025, 3, 7), 3, CAL)
    assert not due_for_card(due, date(2025, 3, 5), date(2025, 3, 20), 3, CAL)  # late but within the reminders
    assert due_for_card(due, date(2025, 3, 7), date(2025, 3, 20), 3, CAL)
    assert not due_for_card(due, date(2025, 3, 3), date(2025, 3, 20), 3, CAL)
    assert due_for_card(due, None, date(2025, 3, 4), 0, CAL)


def test_backlog_resolution_rate_hand_counted() -> None:
    cases = [
        (date(2024, 5, 1), None),  # in the base, open
        (date(2024, 6, 1), date(2025, 2, 1)),  # in the base, resolved
        (date(2023, 1, 1), date(2024, 12, 31)),  # resolved before the year: not in the base
        (date(2025, 2, 1), date(2025, 3, 1)),  # backlog since this year: not in the base
        (date(2024, 12, 31), date(2025, 12, 31)),  # in the base, resolved after as_of
        (date(2020, 1, 1), date(2025, 1, 1)),  # in the base, resolved on New Year's Day
    ]
    r = backlog_resolution(cases, 2025, date(2025, 6, 30))
    assert (r.numerator, r.denominator) == (2, 4) and str(r) == "50.0%"
    assert backlog_resolution([], 2025, date(2025, 6, 30)).percent is None


def test_mediation_success_rate_of_the_seed() -> None:
    outcomes = [MediationOutcome.AGREED] * 298 + [MediationOutcome.FAILED] * 10 + [MediationOutcome.TO_COURT] * 4
    r = mediation_success(outcomes)
    assert (r.numerator, r.denominator, str(r)) == (298, 312, "95.5%")
