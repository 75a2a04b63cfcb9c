"""The fast paths of the bulk import give what the plain paths give: stored forms of values, phone parsing
and masking, rows checked by column position, rows written several per statement and on a second
thread, ids taken up front, and the numbers, counts and audit entries of the imported matters."""

from __future__ import annotations

import csv
import gc
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date, func, select
from sqlalchemy.dialects import sqlite

from desktop.clock import CHINA_TZ
from desktop.db.base import UTCDateTime
from desktop.db.models import AuditEntry, Matter, Petitioner, Village, Visit
from desktop.domain.enums import AlertLevel
from desktop.domain.errors import ValidationError
from desktop.domain.masking import mask_id_number, mask_phone
from desktop.domain.phone import parse_phone
from desktop.services import audit, bulk, import_people, importer
from desktop.services.import_rows import RowChecker, RowProblem, _parse_phone, check_row
from desktop.services.petitioners import ID_CONTEXT
from tests.desktop.conftest import make_team
from tests.desktop.helpers import resident_id

HEADER = ["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter", "category",
          "complexity", "department", "group_size", "accepts_mediation", "assigned_at"]
ID_A = resident_id("11010519900307002")
ID_B = resident_id("41152119680405123")


def test_sqlite_stored_forms_are_sqlalchemys() -> None:
    dialect = sqlite.dialect()
    dv = bulk.driver_values("sqlite")
    as_date = Date()._cached_bind_processor(dialect)
    as_bool = Boolean()._cached_bind_processor(dialect)
    utc_type = UTCDateTime()
    impl = utc_type.impl._cached_bind_processor(dialect)
    for d in (date(2025, 1, 2), date(1999, 12, 31), date(2024, 2, 29)):
        assert dv.date(d) == as_date(d)
    for b in (True, False):
        assert dv.boolean(b) == (as_bool(b) if as_bool else b)
    for moment in (datetime(2025, 3, 3, 9, 30, tzinfo=CHINA_TZ), datetime(2025, 3, 3, 0, 0, 0, 123, tzinfo=UTC),
                   datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5)))):
        assert dv.moment(moment) == impl(utc_type.process_bind_param(moment, dialect))


@pytest.mark.parametrize("text", ["13800138000", "19912345678", "12345678901", "1380013800", "1380013800x",
                                  "０７５５-２６１２３４５６", "+86 138-1234-5678", "010 8765 4321", "0755-26123456-123",
                                  "(0371) 6612345", "6612345", "abc"])
def test_phone_fast_path_and_mask_match_the_domain(text: str) -> None:
    try:
        expected: object = parse_phone(text)
    except ValidationError as e:
        expected = e.code
    got = _parse_phone(text)
    assert got == expected
    if not isinstance(got, str):
        assert import_people._mask_phone(got) == mask_phone(text)


def test_checker_reads_columns_by_name_in_any_order_and_lists_every_problem() -> None:
    header = ["matter", "channel", "registered_at", "petitioner_name", "category", "complexity", "id_number",
              "accepts_mediation", "unused"]
    checker = RowChecker(header, {"司法所"}, date(2025, 3, 3))
    row = checker.check(2, ["土地款", "来访", "2025-03-01 09:00", "张三", "民生", "简单", ID_A, "是", "x"])
    assert not isinstance(row, list)
    assert (row.name, row.summary, row.day, row.group_size, row.department) == ("张三", "土地款", date(2025, 3, 1),
                                                                              1, "")
    assert row.registered_at == datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)
    # A short row: the missing cells are empty. Every bad cell is reported, in column order.
    bad = checker.check(3, ["", "来访", "2025-03-09", "张三", "其他"])
    assert bad == [RowProblem(3, "registered_at", "date_in_future", "2025-03-09"),
                   RowProblem(3, "id_number", "required", ""), RowProblem(3, "matter", "required", ""),
                   RowProblem(3, "category", "unknown_category", "其他"),
                   RowProblem(3, "complexity", "unknown_complexity", "")]
    # The same bad ID number twice: parsed once, reported both times.
    wrong = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    for line in (4, 5):
        got = checker.check(line, ["m", "来访", "2025-03-01", "张三", "民生", "简单", wrong, "否", ""])
        assert got == [RowProblem(line, "id_number", "id_check_digit", wrong)]
    # The dict form gives the same answer.
    assert check_row(6, {"registered_at": "2025-03-01T08:00:00+00:00", "channel": "来信", "petitioner_name": "李四",
                         "matter": "m", "category": "民生类", "complexity": "复杂", "group_size": "0",
                         "accepts_mediation": "也许"}, set(), date(2025, 3, 3))[1] == [
        RowProblem(6, "group_size", "group_size_invalid", "0"),
        RowProblem(6, "accepts_mediation", "yes_no_expected", "也许")]


def test_insert_rows_whole_statements_and_the_rest(ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 7)
    monkeypatch.setattr(bulk, "CHUNK", 50)
    with ctx.db.session() as s:
        ids = bulk.next_ids(s, Village.__table__, 123)
        assert ids == sorted(set(ids)) and len(ids) == 123
        bulk.insert_rows(s, Village.__table__, ("id", "name"), [(i, f"村{i}") for i in ids])
        more = bulk.next_ids(s, Village.__table__, 3)
        assert min(more) > max(ids)
    with ctx.db.read() as s:
        assert dict(s.execute(select(Village.id, Village.name)).all()) == {i: f"村{i}" for i in ids}


def test_background_writer_reports_a_failed_statement(ctx) -> None:  # type: ignore[no-untyped-def]
    switch = sys.getswitchinterval()
    with pytest.raises(Exception, match="(?i)unique|duplicate"), ctx.db.session() as s:
        (vid,) = bulk.next_ids(s, Village.__table__, 1)
        with bulk.BackgroundWriter(s) as writer:
            writer.insert(Village.__table__, ("id", "name"), [(vid, "东村")])
            writer.insert(Village.__table__, ("id", "name"), [(vid + 1, "东村")])  # the name is unique
    assert sys.getswitchinterval() == switch
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Village)) == 0


def test_record_many_continues_the_chain_of_record(ctx, clock) -> None:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        audit.record(s, at=clock.now(), actor_id=None, action="one", details={"a": "中文"})
        assert audit.record_many(s, at=clock.now(), actor_id=None, entries=[
            ("bulk", "matter", f"XF-{i}", {"line": i, "名": "值", "nested": [1, {"b": None}]}) for i in range(30)
        ]) == 30
        assert audit.record_many(s, at=clock.now(), actor_id=None, entries=[]) == 0
        audit.record(s, at=clock.now(), actor_id=None, action="two")
    with ctx.db.read() as s:
        checked, problems = audit.verify_chain(s)
        assert (checked, problems) == (32, [])
        entry = s.scalar(select(AuditEntry).where(AuditEntry.seq == 12))
        assert entry.details == {"line": 10, "名": "值", "nested": [1, {"b": None}]}
        assert entry.at == clock.now().astimezone(UTC)


def test_encoded_details_hash_as_the_details_do(ctx, clock) -> None:  # type: ignore[no-untyped-def]
    import json

    details = [{"source": 'x "登记簿"\\.csv', "line": i, "visits_30d": i % 7, "alert": "red"} for i in range(5)]
    with ctx.db.session() as s:
        plain = audit.ChainAppender(s, at=clock.now(), actor_id=None).rows(
            ("matter.import", "matter", f"XF\"{i}", d) for i, d in enumerate(details))
        encoded = audit.ChainAppender(s, at=clock.now(), actor_id=None).rows_encoded(
            ("matter.import", "matter", f"XF\"{i}", json.dumps(d, ensure_ascii=False, sort_keys=True,
                                                                separators=(",", ":")),
             json.dumps(d, ensure_ascii=False)) for i, d in enumerate(details))
    assert encoded == plain


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _row(when: str, id_number: str = ID_A, channel: str = "来访", assigned: str = "") -> list[str]:
    return [when, channel, "张三", id_number, "13800138000", "东村", f"反映{when}", "民生类", "简单", "", "1", "是",
            assigned]


def test_import_counts_numbers_and_links_as_the_desk_does(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = make_team(ctx).admin
    first = _csv(tmp_path / '登记 "一".csv', [_row("2025-02-10T09:00:00"), _row("2025-01-02T09:00:00"),
                                      _row("2025-02-01T09:00:00", ID_B), _row("2025-02-20", channel="来信",
                                                                                 id_number="")])
    with ctx.db.session() as s:
        report = importer.import_file(ctx, s, admin, first)
    assert report.case_numbers == ["XF2025-00001", "XF2025-00002", "XF2025-00003", "XF2025-00004"]
    assert gc.isenabled()
    # The second file: A comes back twice, within 30 days of 02-10 (history from the first file; 01-02 is
    # too far back).
    second = _csv(tmp_path / "b.csv", [_row("2025-03-01T10:00:00", assigned="2025-03-03T09:00:00"),
                                       _row("2025-02-28T10:00:00")])
    with ctx.db.session() as s:
        report = importer.import_file(ctx, s, admin, second)
    assert report.case_numbers == ["XF2025-00005", "XF2025-00006"]
    with ctx.db.read() as s:
        matters = {m.case_number: m for m in s.scalars(select(Matter))}
        people = {p.id_index: p for p in s.scalars(select(Petitioner))}
        a = people[ctx.cipher.blind_index(ID_A, context=ID_CONTEXT)]
        assert ctx.cipher.decrypt(a.id_cipher, context=ID_CONTEXT) == ID_A
        assert (a.id_masked, a.phone_masked, a.sex, a.age_band) == (mask_id_number(ID_A),
                                                                   "138****8000", "female", "0-34")
        assert len(people) == 3  # A, B and the letter writer without an ID number
        counts = {n: (m.visits_30d, m.repeat_alert, m.petitioner_id == a.id) for n, m in matters.items()}
        # A's open matters all show the count of A's latest visit (03-01: the third in 30 days), as at the desk;
        # the audit entries keep each visit's own count.
        assert counts == {"XF2025-00001": (3, AlertLevel.YELLOW, True), "XF2025-00002": (1, AlertLevel.GREEN, False),
                          "XF2025-00003": (3, AlertLevel.YELLOW, True), "XF2025-00004": (1, AlertLevel.GREEN, False),
                          "XF2025-00005": (3, AlertLevel.YELLOW, True), "XF2025-00006": (3, AlertLevel.YELLOW, True)}
        assigned = matters["XF2025-00006"]
        assert (assigned.assigned_on, assigned.registered_on) == (date(2025, 3, 3), date(2025, 3, 1))
        assert matters["XF2025-00005"].assign_due == date(2025, 3, 4)  # Fri 02-28 + 2 working days
        for visit in s.scalars(select(Visit)):
            matter = s.get(Matter, visit.matter_id)
            assert (visit.petitioner_id, visit.occurred_at, visit.occurred_on) == (
                matter.petitioner_id, matter.registered_at, matter.registered_on)
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "matter.import")
                            .order_by(AuditEntry.seq)).all()
        assert [e.target_id for e in entries] == sorted(matters)
        assert entries[-1].details == {"source": "b.csv", "line": 2, "visits_30d": 3, "alert": "yellow"}
        assert audit.verify_chain(s)[1] == []


def test_a_bad_row_writes_nothing(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = make_team(ctx).admin
    path = _csv(tmp_path / "bad.csv", [_row("2025-02-10"), _row("2025-02-11", id_number="123"), _row("明天")])
    with pytest.raises(importer.ImportRejected) as caught, ctx.db.session() as s:
        importer.import_file(ctx, s, admin, path)
    assert [(p.line, p.column, p.code) for p in caught.value.problems] == [
        (3, "id_number", "id_length"), (4, "registered_at", "bad_datetime")]
    assert gc.isenabled()
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Matter)) == 0
        assert s.scalar(select(func.count()).select_from(Petitioner)) == 0
