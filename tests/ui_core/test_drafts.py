"""Intake drafts: saved encrypted, the latest one offered back, discarded when done."""

from __future__ import annotations

from sqlalchemy import text

from desktop.services import drafts


def test_draft_round_trip_and_encryption(ctx, team, clock) -> None:
    payload = {"step": 0, "registration": {"id_number": "11010519900307002X", "name": "张三"}}
    with ctx.db.session() as s:
        draft_id = drafts.save(ctx, s, team.clerk.id, payload)
        clock.advance(seconds=5)
        payload["registration"]["name"] = "张三丰"
        assert drafts.save(ctx, s, team.clerk.id, payload, draft_id) == draft_id
    with ctx.db.engine.connect() as conn:
        dump = " ".join(str(r) for r in conn.execute(text("SELECT * FROM intake_drafts")))
    assert "11010519900307002X" not in dump and "张三" not in dump
    with ctx.db.read() as s:
        got = drafts.latest(ctx, s, team.clerk.id)
        assert drafts.latest(ctx, s, team.clerk2.id) is None
    assert got is not None and got.id == draft_id
    assert got.payload["registration"]["name"] == "张三丰"
    with ctx.db.session() as s:
        drafts.discard(s, draft_id)
    with ctx.db.read() as s:
        assert drafts.latest(ctx, s, team.clerk.id) is None


def test_someone_elses_draft_id_is_not_overwritten(ctx, team) -> None:
    with ctx.db.session() as s:
        theirs = drafts.save(ctx, s, team.clerk.id, {"a": 1})
        mine = drafts.save(ctx, s, team.clerk2.id, {"b": 2}, theirs)
    assert mine != theirs
    with ctx.db.read() as s:
        assert drafts.latest(ctx, s, team.clerk.id).payload == {"a": 1}
