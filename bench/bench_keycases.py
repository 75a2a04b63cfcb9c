"""Key cases: the quarterly tough-case list for 200 cases (query, and the printable PDF) and a month's
callback draw over 10,000 closed tracking cards (the pure draw, and the whole service on SQLite)."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.common import Figure, median_seconds
from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import KeyCase, Matter, Petitioner
from desktop.domain.enums import Channel, MatterStatus, Role
from desktop.keycases import callbacks, queries
from desktop.keycases.draw import draw_sample
from desktop.keycases.enums import KeyCaseKind, KeyCaseReason
from desktop.security.keyfile import KeyStore
from desktop.services import users
from desktop.services.context import AppContext
from desktop.services.seed import seed_defaults

TODAY = date(2026, 12, 1)


def _context(root: Path) -> tuple[AppContext, users.Actor]:  # type: ignore[name-defined]
    ctx = AppContext.open(f"sqlite:///{root / 'bench.sqlite3'}", keys=KeyStore(root / "keys"),
                          clock=FixedClock(datetime(2026, 12, 1, 9, tzinfo=CHINA_TZ)))
    ctx.initialise()  # a fresh database: its keys are made here, as `reception init` does
    with ctx.db.session() as s:
        seed_defaults(s)
        admin = users.actor_of(users.create_staff(ctx, s, None, username="admin", display_name="管理员",
                                                  password="bench-pass-1", roles=[Role.ADMIN]))
        second = users.actor_of(users.create_staff(ctx, s, admin, username="admin2", display_name="副管理员",
                                                   password="bench-pass-1", roles=[Role.ADMIN]))
        lead = users.create_staff(ctx, s, admin, username="lead", display_name="周军", password="bench-pass-1",
                                  roles=[Role.CASE_LEAD, Role.INSPECTOR], confirmed_by=second)
        s.flush()
        return ctx, users.actor_of(lead)


def _matters(ctx: AppContext, actor, n: int, closed_in: tuple[date, date] | None, rng: random.Random) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    with ctx.db.session() as s:
        people = [Petitioner(name=f"群众{i}", created_at=ctx.now()) for i in range(n)]
        s.add_all(people)
        s.flush()
        base = s.query(Matter).count()
        rows = []
        for i, p in enumerate(people):
            reg = TODAY - timedelta(days=rng.randint(30, 900))
            closed = closed_in[0] + timedelta(days=rng.randint(0, (closed_in[1] - closed_in[0]).days)) \
                if closed_in else None
            rows.append(Matter(case_number=f"XF{reg.year}-{base + i + 1:06d}", year=reg.year, seq=base + i + 1,
                               registered_at=datetime(reg.year, reg.month, reg.day, 9, tzinfo=CHINA_TZ),
                               registered_on=reg, channel=Channel.VISIT, petitioner_id=p.id,
                               summary="土地承包经营权纠纷，要求按二轮延包档案重新确权" * 2, demands="重新确权并补偿损失",
                               status=MatterStatus.CLOSED if closed else MatterStatus.ASSIGNED,
                               registered_by_id=actor.id, assign_due=reg, closed_on=closed,
                               handling_due=reg + timedelta(days=30)))
        s.add_all(rows)
        s.flush()
        ids = [m.id for m in rows]
    return ids


def run() -> list[Figure]:
    rng = random.Random(16)
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        ctx, lead = _context(Path(tmp))
        ids = _matters(ctx, lead, 200, None, rng)
        with ctx.db.session() as s:
            for k, mid in enumerate(ids):
                s.add(KeyCase(matter_id=mid, kind=KeyCaseKind.BACKLOG if k % 2 else KeyCaseKind.KEY,
                              reason=list(KeyCaseReason)[k % 5], leader_id=lead.id, background="背景" * 30,
                              core_demand="诉求" * 10, since_on=TODAY - timedelta(days=400),
                              limit_on=TODAY + timedelta(days=60), plan_due_at=ctx.now(), flagged_at=ctx.now(),
                              flagged_by_id=lead.id))

        def listing() -> int:
            with ctx.db.read() as s:
                return len(queries.tough_list(ctx, s, lead, "2026-Q4", TODAY).rows)

        assert listing() == 200
        t_list = median_seconds(listing, 5)
        from desktop.documents import keycases as builders
        from printing.keycases.render import render_tough_list

        def printable() -> int:
            with ctx.db.read() as s:
                return len(render_tough_list(builders.tough_list(ctx, s, lead, "2026-Q4", TODAY)))

        printable()  # fonts loaded once, as in a running app
        t_pdf = median_seconds(printable, 3)
        figures.append(Figure("tough-case list, 200 cases (query)", t_list * 1000, "ms", "<= 1000 ms",
                              t_list <= 1.0))
        figures.append(Figure("tough-case list, 200 cases (query + PDF)", t_pdf * 1000, "ms", "<= 1000 ms",
                              t_pdf <= 1.0))

        cards = [f"XF2026-{i:06d}" for i in range(10_000)]
        excluded = set(rng.sample(cards, 1500))
        t_pure = median_seconds(lambda: draw_sample(cards, excluded, 20, "bench-seed"), 5)
        figures.append(Figure("callback draw, 10,000 cards (rule)", t_pure * 1000, "ms", "<= 100 ms",
                              t_pure <= 0.1))
        _matters(ctx, lead, 10_000, (date(2026, 11, 1), date(2026, 11, 30)), rng)
        t0 = time.perf_counter()
        with ctx.db.session() as s:
            callbacks.draw(ctx, s, lead, "2026-12", seed="bench-seed")
        t_db = time.perf_counter() - t0
        figures.append(Figure("callback draw, 10,000 cards (query, draw, store 2,000, audit)", t_db * 1000, "ms",
                              "<= 100 ms", t_db <= 0.1, note="one run: a month is drawn once"))
        ctx.close()
    return figures
