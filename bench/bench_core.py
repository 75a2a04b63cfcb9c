"""Foundation figures: repeat-visit look-up with 1,000,000 visits, bulk import speed, one ledger page.

Goals (issue 2, 2-core machine, median of runs): look-up p95 ≤ 5 ms on SQLite; import ≥ 10,000 rows/s;
a page of 100 filtered and sorted rows out of 100,000 matters ≤ 20 ms."""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, text

from bench.common import Figure, median_seconds, percentile
from bench.data import populate
from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import Petitioner
from desktop.domain.enums import Category, MatterStatus, Role
from desktop.domain.idnumber import check_digit
from desktop.security.keyfile import KeyStore
from desktop.services import importer, ledger, users
from desktop.services.context import AppContext
from desktop.services.petitioners import visits_in_window
from desktop.services.seed import seed_defaults

TODAY = datetime(2025, 12, 20, 10, 0, tzinfo=CHINA_TZ)


def _context(root: Path) -> AppContext:
    ctx = AppContext.open(f"sqlite:///{root / 'bench.sqlite3'}", keys=KeyStore(root / "keys"),
                          clock=FixedClock(TODAY))
    ctx.initialise()
    with ctx.db.session() as s:
        seed_defaults(s)
    return ctx


def _lookup_and_ledger(root: Path) -> list[Figure]:
    ctx = _context(root)
    with ctx.db.session() as s:
        first = users.actor_of(users.create_staff(ctx, s, None, username="bench", display_name="bench",
                                                  password="bench-password", roles=[Role.ADMIN]))
        second = users.actor_of(users.create_staff(ctx, s, first, username="bench2", display_name="bench2",
                                                   password="bench-password", roles=[Role.ADMIN]))
        admin = users.actor_of(users.set_roles(ctx, s, first, "bench", [Role.ADMIN, Role.INSPECTOR],
                                               confirmed_by=second))
    t0 = time.perf_counter()
    populate(ctx, n_matters=100_000, year=2025, seed=7, visits=1_000_000)
    print(f"   (populated 100,000 matters and 1,000,000 visits in {time.perf_counter() - t0:.0f} s)", flush=True)
    with ctx.db.session() as s:
        # The generator leaves blind indexes empty; give every person one so look-ups go through that index.
        s.execute(text("UPDATE petitioners SET id_index = 'bench-' || id WHERE id_index IS NULL"))
    with ctx.db.read() as s:
        rules = ctx.rules(s)
        indexes = [i for i in s.scalars(select(Petitioner.id_index).where(Petitioner.id_index.is_not(None))) if i]
    rng = random.Random(3)
    sample = rng.sample(indexes, min(2000, len(indexes)))
    today = TODAY.astimezone(CHINA_TZ).date()
    timings = []
    with ctx.db.read() as s:
        for idx in sample:
            t0 = time.perf_counter()
            pid = s.scalar(select(Petitioner.id).where(Petitioner.id_index == idx))
            visits_in_window(s, pid, today, rules.repeat_window_days)
            timings.append((time.perf_counter() - t0) * 1000)
    p95 = percentile(timings, 95)
    filters = [
        ledger.LedgerFilter(statuses={MatterStatus.ASSIGNED}, sort=ledger.SortKey.DUE, descending=False),
        ledger.LedgerFilter(categories={Category.LIVELIHOOD}, open_only=True, sort=ledger.SortKey.REGISTERED),
        ledger.LedgerFilter(overdue=True, sort=ledger.SortKey.DUE),
        ledger.LedgerFilter(registered_from=date(2025, 6, 1), registered_to=date(2025, 6, 30),
                            sort=ledger.SortKey.PETITIONER),
    ]
    page_ms = []
    with ctx.db.read() as s:
        for f in filters:
            page_ms.append(median_seconds(lambda f=f: ledger.page(ctx, s, admin, f, today, 0, 100), repeat=7) * 1000)
    worst = max(page_ms)
    ctx.close()
    return [
        Figure("repeat-visit look-up p95 (1,000,000 visits, SQLite)", p95, "ms", "<= 5 ms", p95 <= 5),
        Figure("ledger page of 100 of 100,000 (worst of 4 filters, median)", worst, "ms", "<= 20 ms", worst <= 20,
               note=", ".join(f"{v:.1f}" for v in page_ms)),
    ]


def _import_file(root: Path, n: int) -> Path:
    rng = random.Random(11)
    path = root / "import.csv"
    people = [f"{rng.choice(['110105', '411521', '320102'])}{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}"
              f"{rng.randint(1, 28):02d}{rng.randint(100, 999)}" for _ in range(n * 7 // 10)]
    people = [p + check_digit(p) for p in people]
    cats = ["民生类", "矛盾纠纷类", "涉法涉诉类", "政策咨询类", "历史遗留类"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter",
                    "category", "complexity", "department", "group_size", "accepts_mediation", "assigned_at"])
        for i in range(n):
            day = date(2025, 1, 2).toordinal() + rng.randint(0, 340)
            w.writerow([date.fromordinal(day).isoformat() + f"T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00",
                        rng.choice(["来访", "来信", "网上", "电话"]), f"群众{i % 5000}", rng.choice(people),
                        f"139{rng.randint(10000000, 99999999)}", "青山镇", f"反映事项第{i}号", rng.choice(cats),
                        rng.choice(["简单", "复杂"]), "", "1", rng.choice(["是", "否"]), ""])
    return path


def _import_once(root: Path, path: Path) -> tuple[int, float, float]:
    """(rows imported, seconds for the whole transaction, seconds of it spent checking the file)."""
    ctx = _context(root)
    with ctx.db.session() as s:
        admin = users.actor_of(users.create_staff(ctx, s, None, username="bench", display_name="bench",
                                                  password="bench-password", roles=[Role.ADMIN]))
    checking = 0.0
    check_file = importer.check_file

    def timed_check(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal checking
        t = time.perf_counter()
        try:
            return check_file(*args, **kwargs)
        finally:
            checking = time.perf_counter() - t

    importer.check_file = timed_check
    try:
        t0 = time.perf_counter()
        with ctx.db.session() as s:  # the commit is part of the import
            report = importer.import_file(ctx, s, admin, path)
        seconds = time.perf_counter() - t0
    finally:
        importer.check_file = check_file
    ctx.close()
    return report.imported, seconds, checking


def _import_speed(root: Path, n: int = 100_000, runs: int = 3) -> list[Figure]:
    """Median of ``runs`` imports of the same file, each into a fresh database."""
    path = _import_file(root, n)
    results = []
    for k in range(runs):
        (root / f"run{k}").mkdir()
        results.append(_import_once(root / f"run{k}", path))
    rates = sorted(imported / seconds for imported, seconds, _ in results)
    rate = statistics.median(rates)
    note = "; ".join(f"{s:.1f} s (checking {c:.1f} s)" for _, s, c in results)
    return [Figure(f"import of {n:,} rows (CSV → SQLite, all checks)", rate, "rows/s", ">= 10,000 rows/s",
                   rate >= 10_000, note=f"median of {runs}: {note}")]


def run() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a").mkdir()
        figures += _lookup_and_ledger(Path(tmp) / "a")
    with tempfile.TemporaryDirectory() as tmp:
        figures += _import_speed(Path(tmp))
    return figures
