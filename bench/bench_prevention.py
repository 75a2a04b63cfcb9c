"""Prevention figures: the 三无 village board for 30 villages over a year of 10,000 screening items, and the
screening sheet import speed.

Goals (issue 15, 2-core machine): the board ≤ 300 ms (median of 5, SQLite, with 5,000 matters, 200
escalated visits and 300 key persons beside the items); import ≥ 10,000 rows/s (all checks, encryption of
parties, follow-up limits on the calendar, one audit entry per item; median of 3 fresh databases)."""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, update

from bench.common import Figure, median_seconds
from bench.data import populate
from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import EscalatedVisit, KeyPerson, Matter, Petitioner, Village
from desktop.domain.enums import Role
from desktop.prevention import board, scope
from desktop.prevention.enums import EscalationLevel, EscalationSource, KeyPersonKind, KeyPersonStatus
from desktop.prevention.screening_import import import_file
from desktop.prevention.screening_rows import COLUMNS
from desktop.security.keyfile import KeyStore
from desktop.services import users
from desktop.services.context import AppContext
from desktop.services.seed import seed_defaults

TODAY = datetime(2025, 12, 20, 10, 0, tzinfo=CHINA_TZ)
VILLAGES = [f"第{i + 1}村" for i in range(30)]
ROWS = 10_000


def _context(root: Path) -> tuple[AppContext, object]:
    ctx = AppContext.open(f"sqlite:///{root / 'bench.sqlite3'}", keys=KeyStore(root / "keys"),
                          clock=FixedClock(TODAY))
    ctx.initialise()  # a fresh database: its keys are made here, as `reception init` does
    with ctx.db.session() as s:
        seed_defaults(s)
        admin = users.actor_of(users.create_staff(ctx, s, None, username="bench", display_name="bench",
                                                  password="bench-password", roles=[Role.ADMIN, Role.APPROVER]))
        for v in VILLAGES:
            scope.add_village(ctx, s, admin, v)
    return ctx, admin


def _sheet(path: Path, rng: random.Random) -> Path:
    kinds = ["网格", "村", "单位"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for i in range(ROWS):
            day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 350))
            kind = kinds[i % 3]
            village = rng.choice(VILLAGES) if kind != "单位" else ""
            w.writerow([day.isoformat(), kind, village, f"第{rng.randint(1, 4)}网格" if kind == "网格" else "",
                        "派出所" if kind == "单位" else "", "王网格", "宅基地边界纠纷，双方争执", day.isoformat(),
                        "三组", "张三、李四", str(rng.randint(1, 20)), "张三" if rng.random() < 0.2 else "",
                        "情绪稳定", "网格员调解", rng.choice("红黄绿绿"), rng.choice(["化解", "调处中"])])
    return path


def _import_rate(root: Path, n: int) -> tuple[float, float]:
    """(rows per second of wall time, rows per second of the process's CPU time): on a shared machine the
    second says what a quiet one would see."""
    rates, cpu_rates = [], []
    for k in range(n):
        run_root = root / f"imp{k}"
        run_root.mkdir()
        ctx, admin = _context(run_root)
        sheet = _sheet(run_root / "sheet.csv", random.Random(k))
        t0, c0 = time.perf_counter(), time.process_time()
        with ctx.db.session() as s:
            got = import_file(ctx, s, admin, sheet)  # type: ignore[arg-type]
        rates.append(got.items / (time.perf_counter() - t0))
        cpu_rates.append(got.items / (time.process_time() - c0))
        ctx.close()
    return statistics.median(rates), statistics.median(cpu_rates)


def _board(root: Path) -> float:
    run_root = root / "board"
    run_root.mkdir()
    ctx, admin = _context(run_root)
    with ctx.db.session() as s:
        import_file(ctx, s, admin, _sheet(run_root / "sheet.csv", random.Random(9)))  # type: ignore[arg-type]
    populate(ctx, n_matters=5_000, year=2025, seed=3)
    rng = random.Random(5)
    with ctx.db.session() as s:
        village_ids = [v.id for v in s.query(Village).filter(Village.name.in_(VILLAGES))]
        # The generator brings villages of its own: the township here has exactly the 30.
        s.execute(update(Matter).values(village_id=None))
        s.execute(update(Petitioner).values(village_id=None))
        s.execute(delete(Village).where(Village.id.not_in(village_ids)))
        for m in s.query(Matter):
            m.village_id = rng.choice(village_ids)
        people = [p.id for p in s.query(Petitioner.id).limit(300)]
        for i, pid in enumerate(people):
            s.add(KeyPerson(petitioner_id=pid, kind=KeyPersonKind.LONG_TERM, reason_cipher=b"x", since=date(2024, 1, 1),
                            cadre_name="村干部", status=list(KeyPersonStatus)[i % 3], village_id=rng.choice(village_ids),
                            created_at=TODAY, created_by_id=admin.id))  # type: ignore[attr-defined]
        for i in range(200):
            s.add(EscalatedVisit(occurred_on=date(2025, 1, 1) + timedelta(days=rng.randint(0, 350)),
                                 level=rng.choice(list(EscalationLevel)), abnormal=i % 4 == 0, group=i % 7 == 0,
                                 headcount=6 if i % 7 == 0 else 1, village_id=rng.choice(village_ids),
                                 source=EscalationSource.NOTICE, created_at=TODAY,
                                 created_by_id=admin.id))  # type: ignore[attr-defined]
    today = TODAY.astimezone(CHINA_TZ).date()

    def once() -> None:
        with ctx.db.read() as s:
            b = board.village_board(ctx, s, admin, 2025, today)  # type: ignore[arg-type]
            assert len(b.rows) == 30

    once()
    took = median_seconds(once, repeat=5)
    ctx.close()
    return took


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rate, cpu_rate = _import_rate(root, 3)
        took = _board(root)
    return [
        Figure("screening import (10,000 rows, median of 3)", rate, "rows/s", ">= 10,000 rows/s", rate >= 10_000,
               note=f"{cpu_rate:,.0f} rows per CPU-second"),
        Figure("三无 village board, 30 villages, 10,000 items (median of 5)", took * 1000, "ms", "<= 300 ms",
               took <= 0.3),
    ]
