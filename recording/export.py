"""An export for a court or the inspector that standard tools can check without this application.

The folder holds the recording, its manifest as sealed (``manifest.json``, byte for byte), a detached
Ed25519 signature of exactly those bytes (``manifest.sig``), the office's public key (``office.pem``)
and a note (Chinese) with the commands: ``sha256sum`` finds the recording's fingerprint, which must be
the one in the manifest; ``openssl pkeyutl -verify`` proves the manifest was signed with the key; and
the key's own fingerprint must be the one the office publishes (the settings and the cover note show
it), since a forger could put his own key in a folder but not in the office's published record.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.domain.errors import IntegrityFailure
from recording.manifest import (
    EXPORTED_MANIFEST,
    EXPORTED_SIGNATURE,
    fingerprint,
    manifest_path_for,
    public_key_pem,
    signature_path_for,
    verify_signature,
)
from recording.sealing import TEST_SIGNAL_NOTE

NOTE_NAME = "如何核验.txt"
KEY_NAME = "office.pem"

NOTE = """同步录音录像核验说明
====================

本文件夹包含：
  1. {mp4}        —— 接谈同步录音录像（封存原件的副本）
  2. {manifest}   —— 录像清单（案件编号、接谈人员、起止时间、标记、录像文件指纹等），与封存时逐字节相同
  3. {sig}        —— 本接待室用电子签名密钥对 {manifest} 全部字节所作的签名（Ed25519）
  4. {key}        —— 本接待室的公钥，用于核验签名
  5. 本说明
{test_signal}
案件编号：{case}
接谈人员：{interviewers}
录制时间：{start} 至 {stop}（{zone}）
时长：{duration} 秒
录像状态：{status}

核验只需常用工具（Linux、macOS 自带；Windows 可用 Git for Windows 附带的 sha256sum 和 openssl），
不需要安装本系统。在本文件夹中依次执行：

一、核对公钥确属本接待室
    openssl pkey -pubin -in {key} -outform DER | sha256sum
  显示的公钥指纹应为：
    {fingerprint}
  请务必将此指纹与接待室公开公布的公钥指纹（或向接待室当面、书面核实的指纹）逐位比对。
  仅凭本文件夹中的内容不能排除有人连同公钥一起伪造；公钥指纹与公布的一致，下面两步的结论才可信。

二、核对清单确由该公钥对应的密钥签名、一个字节也未改动
    openssl pkeyutl -verify -pubin -inkey {key} -rawin -in {manifest} -sigfile {sig}
  显示 “Signature Verified Successfully” 即签名有效；显示 “Signature Verification Failure” 说明清单被改动
  或不是该密钥签名的。

三、核对录像文件与清单记载的一致
    sha256sum {mp4}
  （Windows 也可用：certutil -hashfile {mp4} SHA256；macOS 也可用：shasum -a 256 {mp4}）
  显示的指纹应与清单 {manifest} 中 "file" 下 "sha256" 的值相同，即：
    {sha}
  文件大小应为 {size} 字节。一致则说明录像自封存以来一个字节也没有改变；不一致则说明文件已被改动或损坏。

在装有本系统的任何电脑上，也可执行：reception verify {mp4} --key {key}

说明：若录像状态为“中断后恢复”，表示录制过程中程序或电源意外中断，系统已将中断前录下的内容完整修复并封存，
清单中记有中断前原始文件的指纹。
"""

STATUS_WORDS = {"normal": "正常结束", "recovered_after_interruption": "中断后恢复"}


@dataclass
class ExportResult:
    directory: Path
    files: list[Path]
    manifest: dict[str, Any]
    fingerprint: str


def export_recording(mp4: str | Path, manifest: str | Path | None, out_dir: str | Path,
                     public_key: Ed25519PublicKey, signing_key: Ed25519PrivateKey | None = None) -> ExportResult:
    """Copy the recording and its sealed manifest into ``out_dir`` with the detached signature, the
    office's public key and the note. A manifest sealed before detached signatures existed is signed
    now with ``signing_key``, once its own signature has been checked. The caller audits the export."""
    src = Path(mp4)
    mpath = Path(manifest) if manifest else manifest_path_for(src)
    raw = mpath.read_bytes()
    data = json.loads(raw.decode("utf-8"))
    if verify_signature(data, public_key) is not None or data.get("recording") != src.name:
        raise IntegrityFailure("recording_not_intact", path=str(src))
    sig_src = signature_path_for(src) if manifest is None else mpath.with_suffix(".sig")
    if sig_src.is_file():
        signature = sig_src.read_bytes()
    elif signing_key is not None:
        signature = signing_key.sign(raw)
    else:
        raise IntegrityFailure("signature_missing", path=str(sig_src))
    try:
        public_key.verify(signature, raw)
    except InvalidSignature as exc:
        raise IntegrityFailure("recording_not_intact", path=str(src)) from exc
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dst = out / src.name
    shutil.copyfile(src, dst)
    (out / EXPORTED_MANIFEST).write_bytes(raw)
    (out / EXPORTED_SIGNATURE).write_bytes(signature)
    (out / KEY_NAME).write_bytes(public_key_pem(public_key))
    fp = fingerprint(public_key)
    note = NOTE.format(
        mp4=dst.name, manifest=EXPORTED_MANIFEST, sig=EXPORTED_SIGNATURE, key=KEY_NAME,
        test_signal=f"\n  ※ {TEST_SIGNAL_NOTE}：本录像来自测试信号源，不能作为证据。\n" if data.get("test_signal") else "",
        case=data.get("case_number", ""), interviewers="、".join(data.get("interviewers", [])),
        start=data.get("start_wall", ""), stop=data.get("stop_wall") or "（中断）",
        zone=data.get("time_zone") or "UTC", duration=data.get("duration_seconds", ""),
        status=STATUS_WORDS.get(data.get("status", ""), data.get("status", "")),
        sha=data.get("file", {}).get("sha256", ""), size=data.get("file", {}).get("size", ""), fingerprint=fp)
    (out / NOTE_NAME).write_text(note, encoding="utf-8-sig")  # BOM: old Notepad reads it right
    files = [dst, out / EXPORTED_MANIFEST, out / EXPORTED_SIGNATURE, out / KEY_NAME, out / NOTE_NAME]
    return ExportResult(out, files, data, fp)
