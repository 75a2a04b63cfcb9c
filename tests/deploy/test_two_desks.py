"""Two desks sharing one township PostgreSQL database (docs/deploy.md), as two real `reception`
processes: each has its own data folder with a copy of the office's key folder, both import at the same
time, and afterwards every case number is unique and gap-free and each desk verifies the shared record."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_URL, _fresh_pg_database
from tests.desktop.helpers import resident_id

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PASSWORD = "desk-admin-pass-1"
HEADER = ["registered_at", "channel", "petitioner_name", "id_number", "phone", "address", "matter", "category",
          "complexity", "department", "group_size", "accepts_mediation", "assigned_at"]


def _rows(desk: int, count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        first17 = f"3301{desk:02d}19{60 + i % 40:02d}0{1 + i % 9}1{i % 10}{i % 7}{i % 10}{desk}"
        rows.append([f"2026-11-{2 + i % 20:02d}T09:{i % 60:02d}:00", "来访", f"甲{desk}{i}", resident_id(first17[:17]),
                     "", "东村", f"第{desk}号桌登记的第{i}件事项", "民生类", "简单", "", "1", "否", ""])
    return rows


def _desk(tmp_path: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECEPTION_HOME")}
    env.update(RECEPTION_HOME=str(tmp_path / name), RECEPTION_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
    return env


def _reception(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "desktop", *args], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = proc.communicate(stdin, timeout=240)
    return proc.returncode, out, err


def test_two_desk_processes_share_one_database(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("no PostgreSQL server (run through `make test`)")
    gen = _fresh_pg_database()
    url = next(gen)
    try:
        desk_a, desk_b = _desk(tmp_path, "desk-a"), _desk(tmp_path, "desk-b")
        code, _, err = _finish(_reception(desk_a, "--db", url, "init", "--admin", "admin", "--township", "青山镇"),
                               PASSWORD + "\n")
        assert code == 0, err
        # The office's keys travel to the second desk as docs/deploy.md says: a copy of the key folder.
        shutil.copytree(tmp_path / "desk-a" / "keys", tmp_path / "desk-b" / "keys")
        files = []
        for desk in (1, 2):
            path = tmp_path / f"desk{desk}.csv"
            with open(path, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([HEADER, *_rows(desk, 150)])
            files.append(path)
        procs = [_reception(env, "--db", url, "import", str(f)) for env, f in zip((desk_a, desk_b), files, strict=True)]
        results = [_finish(p) for p in procs]
        assert [r[0] for r in results] == [0, 0], [r[2] for r in results]

        code, out, err = _finish(_reception(desk_b, "--db", url, "--lang", "en", "export", "--format", "csv",
                                            "--out", str(tmp_path / "all.csv")))
        assert code == 0, err
        with open(tmp_path / "all.csv", encoding="utf-8-sig") as fh:
            numbers = [row["case_number"] for row in csv.DictReader(fh)]
        assert len(numbers) == 300 and len(set(numbers)) == 300
        serials = sorted(int(re.findall(r"\d+", n)[-1]) for n in numbers)
        assert serials == list(range(serials[0], serials[0] + 300))  # gap-free across both desks
        for env in (desk_a, desk_b):
            code, out, err = _finish(_reception(env, "--db", url, "--lang", "en", "verify"))
            assert code == 0, out + err
    finally:
        gen.close()
