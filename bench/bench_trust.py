"""``reception verify`` over 100,000 matters and 1,000,000 audit entries (goal: <= 30 s), SQLite.

``BENCH_TRUST_SCALE`` (default 1) shrinks both counts on a loaded machine; the figure's note gives the
scale and the rate, so the full-size time can be read off (verify is one linear pass over both)."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.common import Figure
from bench.data import populate
from desktop.clock import CHINA_TZ, FixedClock
from desktop.db.models import AuditEntry
from desktop.security.keyfile import KeyStore
from desktop.services import audit, audit_verify, row_state
from desktop.services.context import AppContext

TODAY = datetime(2025, 12, 20, 10, 0, tzinfo=CHINA_TZ)
BATCH = 100_000


def _build(root: Path, n_matters: int, n_entries: int) -> AppContext:
    ctx = AppContext.open(f"sqlite:///{root / 'bench.sqlite3'}", keys=KeyStore(root / "keys"), clock=FixedClock(TODAY))
    ctx.initialise()
    populate(ctx, n_matters=n_matters, year=2025, seed=7)
    with ctx.db.session() as s:  # every row the generator wrote gets its audited state, as real work leaves it
        for name, table in row_state.TRACKED.items():
            row_state.touch(s, name, s.scalars(select(table.c.id)))
    with ctx.db.read() as s:
        have = s.scalar(select(func.count(AuditEntry.seq))) or 0
    while have < n_entries:
        n = min(BATCH, n_entries - have)
        with ctx.db.session() as s:
            audit.record_many(s, at=ctx.now(), actor_id=None, entries=(
                ("matter.view", "matter", f"XF2025-{(have + i) % n_matters:05d}", {"field": "summary", "n": have + i})
                for i in range(n)))
        have += n
    return ctx


def run() -> list[Figure]:
    scale = float(os.environ.get("BENCH_TRUST_SCALE", "1"))
    n_matters, n_entries = round(100_000 * scale), round(1_000_000 * scale)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ctx = _build(Path(tmp), n_matters, n_entries)
        print(f"   (built {n_matters:,} matters and {n_entries:,} audit entries in {time.perf_counter() - t0:.0f} s)",
              flush=True)
        t0 = time.perf_counter()
        with ctx.db.read() as s:
            report = audit_verify.verify_all(s)
        seconds = time.perf_counter() - t0
        ctx.close()
    if report.problems:
        raise RuntimeError(f"verify found problems in generated data: {report.problems[:5]}")
    full = seconds / scale
    name = f"verify: {n_matters:,} matters + {report.entries:,} audit entries (SQLite)"
    return [Figure(name, seconds, "s", "<= 30 s at 100,000 + 1,000,000", full <= 30,
                   note=f"scale {scale:g}; {report.entries / seconds:,.0f} entries/s; rows "
                        f"{sum(report.rows.values()):,}; linear estimate at full size {full:.1f} s")]
