"""The key-case commands end to end on sample data: list, plan, tough list and bulletin (also as PDF), cards,
the callback draw, and a mediation agreement that verify-document accepts — and rejects once altered."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from desktop.cli.app import run

PASSWORD = "admin-pass-1"


@pytest.fixture
def cli(db_url, home, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)

    def call(*args: str, lang: str = "zh", user: str | None = None) -> tuple[int, str, str]:
        if user:
            monkeypatch.setenv("RECEPTION_PASSWORD", "sample-pass-1")
        code = run(["--db", db_url, "--lang", lang, *(["--user", user] if user else []), *args])
        monkeypatch.setenv("RECEPTION_PASSWORD", PASSWORD)
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init", "--admin", "admin")[0] == 0
    code, out, err = call("sample-data", "--days", "40", "--per-day", "3")
    assert code == 0, err
    return call


def test_key_case_commands_on_sample_data(cli, tmp_path: Path) -> None:
    code, out, err = cli("cases", "list", user="zhoujun")
    assert code == 0, err
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 2 and "红色预警" in out and "历史积案" in out
    code, out, _ = cli("cases", "list", "--kind", "积案", user="zhoujun")
    assert len(out.strip().splitlines()) == 1 and "积案" in out
    case = out.split()[1]
    code, out, _ = cli("cases", "plan", case, user="zhoujun")
    assert code == 0 and "专班（5 人）" in out and "周报" in out
    code, out, _ = cli("cases", "plan", "1", user="zhoujun", lang="en")
    assert code == 0 and "task force (5)" in out and "plan (" in out
    pdf = tmp_path / "tough.pdf"
    assert cli("cases", "tough-list", "--out", str(pdf), user="zhoujun")[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    code, out, _ = cli("cases", "tough-list", user="zhoujun")
    assert code == 0 and "攻坚清单" in out
    bulletin = tmp_path / "bulletin.pdf"
    assert cli("cases", "bulletin", "--out", str(bulletin), user="sunqiang")[0] == 0
    assert bulletin.stat().st_size > 1000
    code, out, _ = cli("cards", "list", user="zhengping")
    assert code == 0 and ("黄牌" in out or "红牌" in out)
    code, out, err = cli("cases", "list", "--kind", "nonsense", user="zhoujun")
    assert code == 2 and "Traceback" not in err


def test_callback_draw_command_and_its_recheck(cli) -> None:
    from datetime import datetime

    from desktop.clock import CHINA_TZ

    now = datetime.now(CHINA_TZ)  # sample-data drew this month's sample over last month's closed cards
    code, out, _ = cli("callbacks", "show", "--month", f"{now:%Y-%m}", user="zhengping")
    drawn = int(re.search(r"抽取 (\d+)，已回访 2，", out).group(1))
    assert code == 0 and drawn >= 2 and "复核一致" in out and len(out.strip().splitlines()) == drawn + 1
    code, out, _ = cli("callbacks", "draw", "--month", "2020-01", user="zhengping")
    assert code == 0 and "随机回访" in out
    code, out, _ = cli("callbacks", "show", "--month", "2020-01", user="zhengping")
    assert code == 0 and "复核一致" in out
    code, _, err = cli("callbacks", "draw", "--month", "2020-01", user="zhengping")
    assert code == 1 and "已抽取过" in err
    code, _, err = cli("callbacks", "draw", "--month", "2020-13", user="zhengping", lang="en")
    assert code == 1 and "Invalid month" in err
    code, _, err = cli("callbacks", "draw", "--month", "2020-02", user="liwei")
    assert code == 1 and "权限不足" in err


def test_mediation_agreement_is_verifiable(cli, tmp_path: Path) -> None:
    out_pdf = tmp_path / "agreement.pdf"
    code, _, err = cli("mediation", "agreement", "1", "--out", str(out_pdf), user="liwei")
    assert code == 0, err
    code, out, _ = cli("verify-document", str(out_pdf))
    assert code == 0 and "核验通过" in out
    w = PdfWriter(clone_from=PdfReader(BytesIO(out_pdf.read_bytes())))
    claim = json.loads(str(w.metadata["/ReceptionClaim"]))
    claim["content_sha256"] = "0" * 64
    w.add_metadata({"/ReceptionClaim": json.dumps(claim)})
    forged = tmp_path / "forged.pdf"
    with forged.open("wb") as f:
        w.write(f)
    code, out, _ = cli("verify-document", str(forged))
    assert code == 1 and "内容与档案记录不一致" in out


def test_channel_clock_commands(cli) -> None:
    code, out, err = cli("channels", "receive", "online", "--at", "2020-01-03T17:00", "--ref", "W-9", user="liwei")
    assert code == 0, err
    assert "2020-01-06 10:00" in out  # Friday 17:00 + 2 working hours: Monday 10:00
    receipt = re.search(r"收件 (\d+)", out).group(1)
    code, out, _ = cli("channels", "due", user="liwei")
    assert "W-9" in out and "已超时" in out
    code, out, _ = cli("channels", "register", receipt, user="liwei")
    assert code == 0 and "超时" in out
    code, out, _ = cli("channels", "rate", "--month", "2020-01", user="liwei")
    assert "网上签收  0/1  0.0%" in out
    code, _, err = cli("channels", "register", receipt, "--incomplete", user="liwei")
    assert code == 1 and "已登记" in err
