"""What every benchmark module returns, and small timing helpers."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure, with the goal it is held against."""

    name: str
    value: float
    unit: str
    goal: str  # e.g. "<= 5 ms"
    met: bool
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def bench_dir() -> Path:
    """This run's scratch folder, shared with the benchmarks' child processes (through the environment),
    so data made once in a run (100,000 matters) is not made again by a child."""
    import os
    import tempfile

    got = os.environ.get("RECEPTION_BENCH_DIR")
    if not got:
        got = tempfile.mkdtemp(prefix="reception-bench-")
        os.environ["RECEPTION_BENCH_DIR"] = got
    return Path(got)


def cached_home(name: str, build: Callable[[Path], None]) -> Path:
    """``bench_dir()/name``, made by ``build(folder)`` the first time in this run."""
    home = bench_dir() / name
    done = home / ".made"
    if not done.exists():
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        build(home)
        done.touch()
    return home
