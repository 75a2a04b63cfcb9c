"""The screening ledger through its services: entry, area limits, follow-up, resolution, conversion
into a registered matter, who has not reported."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import AuditEntry, Matter, ScreeningItem
from desktop.domain.enums import Risk
from desktop.domain.errors import InvalidInput, PermissionDenied, ValidationError
from desktop.prevention import reporting, screening
from desktop.prevention.enums import ReporterKind, ScreeningStatus
from desktop.prevention.screening import ScreeningFilter, ScreeningInput
from desktop.services.context import AppContext
from tests.desktop.helpers import registration
from tests.prevention.conftest import Township


def item(**over: str) -> ScreeningInput:
    values = dict(reporter_kind="网格", reporter="王网格", cause="宅基地边界纠纷", level="红", village="东村",
                  grid="第一网格", parties="张三、李四", people="2", place="东村三组", key_persons="张三")
    values.update(over)
    return ScreeningInput(**values)  # type: ignore[arg-type]


def test_red_item_gets_its_limit_and_parties_are_encrypted(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        got = screening.add_item(ctx, s, town.team.clerk, item())
        assert got is not None
        assert got.follow_up_due == datetime(2025, 3, 5, 10, tzinfo=CHINA_TZ)  # Monday 10:00 + 48 h
        assert b"\xe5\xbc\xa0\xe4\xb8\x89" not in got.parties_cipher  # "张三" not in clear
        item_id = got.id
    with ctx.db.session() as s:
        d = screening.detail(ctx, s, town.team.clerk, item_id)
        assert d.parties == "张三、李四" and d.key_persons == "张三"
        actions = list(s.scalars(select(AuditEntry.action)))
        assert "screening.add" in actions and "personal_data.view" in actions


def test_bad_entry_names_every_field(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s, pytest.raises(InvalidInput) as err:
        screening.add_item(ctx, s, town.team.clerk, item(level="紫", village="北村", people="两"))
    assert set(err.value.details["fields"]) == {"level", "village", "people"}


def test_grid_worker_only_reports_for_their_own_grid(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        assert screening.add_item(ctx, s, town.grid_worker, item()) is not None
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        screening.add_item(ctx, s, town.grid_worker, item(grid="第二网格"))
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        screening.add_item(ctx, s, town.grid_worker, item(village="西村"))


def test_village_secretary_sees_only_their_village(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        screening.add_item(ctx, s, town.team.clerk, item())
        screening.add_item(ctx, s, town.secretary, item(reporter_kind="村", village="西村", grid="", level="黄"))
        with pytest.raises(PermissionDenied):
            screening.add_item(ctx, s, town.secretary, item())
    with ctx.db.read() as s:
        mine = screening.list_items(ctx, s, town.secretary, ScreeningFilter())
        everyone = screening.list_items(ctx, s, town.team.clerk, ScreeningFilter())
        grid = screening.list_items(ctx, s, town.grid_worker, ScreeningFilter())
    assert [v.village for v in mine] == ["西村"]
    assert {v.village for v in everyone} == {"东村", "西村"}
    assert [v.village for v in grid] == ["东村"]
    with ctx.db.session() as s, pytest.raises(PermissionDenied):
        screening.resolve(ctx, s, town.secretary, everyone[-1].id if everyone[-1].village == "东村"
                          else everyone[0].id, "调解")


def test_overdue_follow_up_and_in_time(ctx: AppContext, town: Township, clock: FixedClock) -> None:
    with ctx.db.session() as s:
        red = screening.add_item(ctx, s, town.team.clerk, item())
        yellow = screening.add_item(ctx, s, town.team.clerk, item(level="黄"))
        ids = red.id, yellow.id  # type: ignore[union-attr]
    clock.advance(hours=20)  # Tuesday 06:00: yellow was due by Monday's end
    with ctx.db.read() as s:
        views = {v.id: v for v in screening.list_items(ctx, s, town.team.clerk, ScreeningFilter())}
    assert not views[ids[0]].overdue and views[ids[1]].overdue
    with ctx.db.session() as s:
        screening.record_follow_up(ctx, s, town.team.approver, ids[0], "书记带队到场核实")
    clock.advance(days=3)
    with ctx.db.read() as s:
        views = {v.id: v for v in screening.list_items(ctx, s, town.team.clerk, ScreeningFilter())}
    assert not views[ids[0]].overdue


def test_resolve_then_it_is_no_longer_open(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        got = screening.add_item(ctx, s, town.team.clerk, item(level="黄"))
        screening.resolve(ctx, s, town.team.clerk, got.id, "村调委会调解，双方签订协议")  # type: ignore[union-attr]
        with pytest.raises(ValidationError):
            screening.resolve(ctx, s, town.team.clerk, got.id, "again")  # type: ignore[union-attr]
    with ctx.db.read() as s:
        assert screening.list_items(ctx, s, town.team.clerk, ScreeningFilter(open_only=True)) == []
        assert len(screening.list_items(ctx, s, town.team.clerk, ScreeningFilter(level=Risk.YELLOW))) == 1


def test_convert_to_matter_goes_through_intake_and_keeps_the_link(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        got = screening.add_item(ctx, s, town.team.clerk, item())
        matter = screening.convert_to_matter(ctx, s, town.team.clerk, got.id,  # type: ignore[union-attr]
                                             registration(village=""))
        case = matter.case_number
    with ctx.db.read() as s:
        stored = s.scalar(select(ScreeningItem))
        assert stored.status is ScreeningStatus.CONVERTED and stored.matter_id is not None
        assert s.get(Matter, stored.matter_id).village_id == stored.village_id  # the item's village
        views = screening.list_items(ctx, s, town.team.clerk, ScreeningFilter())
        assert views[0].case_number == case
        actions = [a for a in s.scalars(select(AuditEntry.action))]
        assert actions.index("matter.register") < actions.index("screening.convert")


def test_grid_worker_cannot_convert(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        got = screening.add_item(ctx, s, town.grid_worker, item())
        with pytest.raises(PermissionDenied):
            screening.convert_to_matter(ctx, s, town.grid_worker, got.id, registration())  # type: ignore[union-attr]


def test_missing_weekly_report_and_zero_report_counts(ctx: AppContext, town: Township, clock: FixedClock) -> None:
    # Today is Monday 3 March 2025; the villages' weekly report falls on Wednesday 5 March.
    with ctx.db.session() as s:
        for village in ("东村", "西村", "南村"):
            screening.point_for(s, ReporterKind.VILLAGE, _vid(s, village), "", "")
        # 东村 reported last Thursday (inside this period), 西村 sends a 零报告 today, 南村 nothing.
        screening.add_item(ctx, s, town.team.clerk, item(reporter_kind="村", grid="", level="绿",
                           reported_at=datetime(2025, 2, 27, 9, tzinfo=CHINA_TZ)))
        screening.add_item(ctx, s, town.team.clerk, ScreeningInput(reporter_kind="村", reporter="刘书记",
                                                                     cause="零报告", level="", village="西村"))
    with ctx.db.read() as s:
        states = {(st.village, st.kind): st for st in reporting.reporting_states(ctx, s, town.team.clerk,
                                                                                 ctx.today())}
    east, west, south = (states[(v, ReporterKind.VILLAGE)] for v in ("东村", "西村", "南村"))
    assert east.reported and not east.zero
    assert west.reported and west.zero
    assert not south.reported and south.period_due == date(2025, 3, 5) and south.previous_missed
    # The next period starts on Thursday: 东村's report of 27 February no longer covers it.
    with ctx.db.read() as s:
        later = reporting.not_reported(ctx, s, town.team.clerk, date(2025, 3, 6))
    assert {st.village for st in later if st.kind is ReporterKind.VILLAGE} == {"东村", "西村", "南村"}
    with ctx.db.read() as s:
        assert [st.village for st in reporting.reporting_states(ctx, s, town.secretary, ctx.today())] == ["西村"]


def _vid(s, name: str) -> int:  # type: ignore[no-untyped-def]
    from desktop.db.models import Village

    return s.scalar(select(Village.id).where(Village.name == name))


def test_follow_up_before_the_report_is_refused(ctx: AppContext, town: Township) -> None:
    with ctx.db.session() as s:
        got = screening.add_item(ctx, s, town.team.clerk, item())
        with pytest.raises(ValidationError):
            screening.record_follow_up(ctx, s, town.team.clerk, got.id, "到场",  # type: ignore[union-attr]
                                       at=got.reported_at - timedelta(hours=1))  # type: ignore[union-attr]
