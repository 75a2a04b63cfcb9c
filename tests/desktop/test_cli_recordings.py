"""The recording commands end to end: a forger who cuts a recording, re-signs it with the office's own key
and updates its row is still caught by the audit chain; a missing key is an error, never a new key; an
export checks out on another installation given only the office's public key; the self-test reports an
early stop with exit 3."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from desktop.cli.app import run
from recording.hashing import hash_file
from recording.manifest import fingerprint, load_public_key, sign_manifest, write_manifest


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One demo installation (a month's procedure with a sealed recording), shared by the read-only checks."""
    out = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECEPTION_HOME", str(out))
        assert run(["demo", "--out", str(out)]) == 0
    return out


def _copy(demo: Path, tmp_path: Path) -> tuple[Path, str, Path]:
    """A private copy of the demo installation: (home, database url, the recording)."""
    home = tmp_path / "office"
    shutil.copytree(demo, home, symlinks=True)
    summary = json.loads((home / "summary.json").read_text(encoding="utf-8"))
    mp4 = home / Path(summary["recording"]["path"]).name
    db = home / Path(summary["database"]).name
    with sqlite3.connect(db) as conn:  # the copy's rows name the copy's files
        conn.execute("UPDATE recordings SET path = replace(path, ?, ?), manifest_path = replace(manifest_path, ?, ?)",
                     (str(demo), str(home)) * 2)
    return home, f"sqlite:///{db}", mp4


def test_a_cut_recording_resigned_with_the_office_key_and_its_row_updated_is_still_caught(
        demo, tmp_path, monkeypatch, capsys) -> None:
    home, db, mp4 = _copy(demo, tmp_path)
    monkeypatch.setenv("RECEPTION_HOME", str(home))
    capsys.readouterr()
    assert run(["--db", db, "verify"]) == 0
    assert f"{mp4}: 测试信号，非证据" in capsys.readouterr().out  # the demo records the test pattern, and says so
    # The forger has the machine: the signing key file, write access to the recording and the database.
    key = serialization.load_pem_private_key((home / "keys" / "signing.key").read_bytes(), password=None)
    mp4.chmod(0o644)
    data = mp4.read_bytes()
    mp4.write_bytes(data[: len(data) // 2])  # the end of the interview cut away
    manifest_path = mp4.with_name(mp4.name + ".manifest.json")
    m = json.loads(manifest_path.read_text(encoding="utf-8"))
    sha, size, blocks = hash_file(mp4)
    m["file"].update(sha256=sha, size=size, block_sha256=blocks)
    write_manifest(mp4, sign_manifest(m, key), key)
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        assert conn.execute("UPDATE recordings SET sha256 = ?", (sha,)).rowcount == 1
    capsys.readouterr()
    assert run(["--db", db, "verify"]) == 1
    err = capsys.readouterr().err
    assert mp4.name in err and "与审计日志中封存时登记的哈希不符" in err
    assert run(["--db", db, "--lang", "en", "verify", str(mp4)]) == 1
    assert "differs from the hash the audit chain recorded at sealing" in capsys.readouterr().err


def test_a_missing_signing_key_is_an_error_and_never_a_new_key(demo, tmp_path, monkeypatch, capsys) -> None:
    home, db, mp4 = _copy(demo, tmp_path)
    monkeypatch.setenv("RECEPTION_HOME", str(home))
    key_file = home / "keys" / "signing.key"
    key_file.unlink()
    capsys.readouterr()
    assert run(["--db", db, "verify"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    # The installation check at start-up (issue 9) names the missing key file before any command runs.
    assert len(err) == 1 and err[0].startswith("找不到密钥文件") and "Traceback" not in err[0]
    assert str(key_file) in err[0] and "不会生成新密钥" in err[0]
    assert run(["--db", db, "verify", str(mp4)]) == 1
    assert run(["--db", db, "office", "public-key"]) == 1
    assert not key_file.exists()  # nothing made a new one


def test_an_export_checks_out_on_another_installation_with_only_the_offices_public_key(
        demo, tmp_path, monkeypatch, capsys) -> None:
    summary = json.loads((demo / "summary.json").read_text(encoding="utf-8"))
    db = f"sqlite:///{summary['database']}"
    out = tmp_path / "for-the-court"
    monkeypatch.setenv("RECEPTION_HOME", str(demo))
    monkeypatch.setenv("RECEPTION_PASSWORD", summary["password"])
    assert run(["--db", db, "--user", "zhengping", "recording", "export", summary["main_case"], "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    folder = out / Path(summary["recording"]["path"]).stem
    names = {p.name for p in folder.iterdir()}
    assert {"manifest.json", "manifest.sig", "office.pem", "如何核验.txt"} <= names
    pem = tmp_path / "published.pem"
    assert run(["--db", db, "office", "public-key", "--out", str(pem)]) == 0
    published = capsys.readouterr().out
    assert pem.read_bytes() == (folder / "office.pem").read_bytes()
    fp = fingerprint(load_public_key(pem))
    assert fp in published and fp in printed

    # Another installation: its own home and database, no key of the office's.
    elsewhere = tmp_path / "court-pc"
    elsewhere.mkdir()
    monkeypatch.setenv("RECEPTION_HOME", str(elsewhere))
    other_db = f"sqlite:///{elsewhere / 'other.sqlite3'}"
    mp4 = folder / Path(summary["recording"]["path"]).name
    assert run(["--db", other_db, "verify", str(mp4), "--key", str(folder / "office.pem")]) == 0
    said = capsys.readouterr().out
    assert "完整" in said and "仅按所给公钥核验" in said and "测试信号，非证据" in said  # the demo's is a test signal
    assert not (elsewhere / "keys" / "signing.key").exists()
    stranger = tmp_path / "stranger.pem"
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    assert run(["--db", other_db, "verify", str(mp4), "--key", str(stranger)]) == 1
    assert "签名无效" in capsys.readouterr().err
    assert run(["--db", other_db, "verify", str(mp4), "--key", str(mp4)]) == 1  # not a key: one line
    assert capsys.readouterr().err.strip().startswith("不是有效的 Ed25519 公钥文件")


def test_a_self_test_stopped_early_by_a_filling_disk_exits_3_with_one_line(home, tmp_path, monkeypatch,
                                                                            capsys) -> None:
    from desktop.security.keyfile import KeyStore

    KeyStore(home / "keys").create_missing()  # an initialised installation's key files (only init makes them)
    real = shutil.disk_usage
    calls = {"n": 0}
    Usage = namedtuple("Usage", "total used free")

    def filling(path):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= 2:  # enough room to start, then the disk fills up under the recorder
            return real(path)
        return Usage(10**9, 10**9 - 1024, 1024)

    monkeypatch.setattr(shutil, "disk_usage", filling)
    out = tmp_path / "elsewhere" / "selftest.mp4"
    out.parent.mkdir()
    code = run(["record", "--camera", "synthetic", "--microphone", "synthetic", "--seconds", "20",
                "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 3, captured
    lines = [line for line in captured.err.splitlines() if "提前停止" in line]
    assert len(lines) == 1 and "disk_full" in lines[0] and "Traceback" not in captured.err
    assert "测试信号，非证据" in captured.out
    m = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    assert m["stop_reason"] == "disk_full" and m["duration_seconds"] < 10
    assert not any((home / "recordings-in-progress").glob("*.json"))  # registered while running, cleared sealed


def test_the_offices_time_zone_is_a_checked_setting_the_recorder_uses(db_url, home, monkeypatch, capsys) -> None:
    from desktop.services import recordings
    from desktop.services.context import AppContext

    monkeypatch.setenv("RECEPTION_PASSWORD", "admin-pass-1")
    assert run(["--db", db_url, "init", "--admin", "admin"]) == 0
    assert run(["--db", db_url, "settings", "set", "office.time_zone", "Mars/Olympus_Mons"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    ctx = AppContext.open(db_url)
    try:
        with ctx.db.read() as s:
            assert recordings.recorder_profile(s).time_zone == "Asia/Shanghai"  # the default
        assert run(["--db", db_url, "settings", "set", "office.time_zone", "Asia/Urumqi"]) == 0
        with ctx.db.read() as s:
            assert recordings.recorder_profile(s).time_zone == "Asia/Urumqi"
    finally:
        ctx.close()
