"""Runs every ``bench/bench_*.py`` module's ``run()`` and prints one table.

Each module returns a list of :class:`bench.common.Figure`. The results are also written
to ``bench-results.json``. ``python -m bench NAME`` runs only modules whose name contains NAME.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import traceback
from pathlib import Path

import bench
from bench.common import Figure


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    figures: list[Figure] = []
    failures: list[str] = []
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        if wanted and not any(w in info.name for w in wanted):
            continue
        print(f"== {info.name}", flush=True)
        try:
            module = importlib.import_module(f"bench.{info.name}")
            got = module.run()
        except Exception:  # a broken benchmark must not hide the others' figures
            failures.append(info.name)
            traceback.print_exc()
            continue
        for f in got:
            print(f"   {f.name}: {f.value:.4g} {f.unit} (goal {f.goal}) {'ok' if f.met else 'MISSED'}", flush=True)
        figures.extend(got)
    width = max((len(f.name) for f in figures), default=10)
    print()
    print(f"| {'figure'.ljust(width)} | value | goal | met |")
    print(f"|{'-' * (width + 2)}|---|---|---|")
    for f in figures:
        print(f"| {f.name.ljust(width)} | {f.value:.4g} {f.unit} | {f.goal} | {'yes' if f.met else 'NO'} |")
    Path("bench-results.json").write_text(
        json.dumps({"figures": [f.as_dict() for f in figures], "failed_modules": failures},
                   ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
