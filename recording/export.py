"""An export for a court or the inspector: the recording, its manifest, the public key, and a
plain-language note (Chinese) saying how to check that nothing was changed."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from recording.manifest import manifest_path_for

NOTE_NAME = "如何核验.txt"
KEY_NAME = "public_key.pem"

NOTE = """同步录音录像核验说明
====================

本文件夹包含：
  1. {mp4}          —— 接谈同步录音录像（原件的副本）
  2. {manifest}     —— 录像清单（案件编号、接谈人员、起止时间、标记、文件指纹等），已由本接待室的电子签名密钥签名
  3. {key}          —— 用于核验签名的公钥
  4. 本说明

案件编号：{case}
接谈人员：{interviewers}
录制时间：{start} 至 {stop}
时长：{duration} 秒
录像状态：{status}

一、核对文件是否被改动（文件指纹 SHA-256）
  录像文件的 SHA-256 指纹应为：
    {sha}
  文件大小应为 {size} 字节。
  在 Windows 上打开“命令提示符”，进入本文件夹后输入：
    certutil -hashfile {mp4} SHA256
  在 Linux 或 macOS 上输入：
    sha256sum {mp4}
  （macOS 也可用：shasum -a 256 {mp4}）
  显示的指纹与上面一致，说明录像自封存以来一个字节也没有改变；不一致则说明文件已被改动或损坏。

二、核对清单的签名（可选，供技术人员）
  签名算法：Ed25519。公钥（十六进制）：
    {pubhex}
  清单中除 "signature" 以外的全部内容，按键名排序、无空格、UTF-8 编码的 JSON，即为被签名的内容。
  可用以下 Python 代码（需安装 cryptography）核验：
    import base64, json
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    m = json.load(open("{manifest}", encoding="utf-8"))
    body = {{k: v for k, v in m.items() if k != "signature"}}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    load_pem_public_key(open("{key}", "rb").read()).verify(base64.b64decode(m["signature"]["value"]), data)
    print("签名有效")
  在装有本系统的电脑上，也可直接运行：reception verify {mp4}

说明：若录像状态为“中断后恢复”，表示录制过程中程序或电源意外中断，系统已将中断前录下的内容完整修复并封存，
清单中记有中断前原始文件的指纹。
"""

STATUS_WORDS = {"normal": "正常结束", "recovered_after_interruption": "中断后恢复"}


@dataclass
class ExportResult:
    directory: Path
    files: list[Path]
    manifest: dict[str, Any]


def export_recording(mp4: str | Path, manifest: str | Path | None, out_dir: str | Path,
                     public_key: Ed25519PublicKey | None = None) -> ExportResult:
    """Copy the recording and its manifest into ``out_dir`` with the note and the public key.

    ``public_key`` should be the installation's; without it the key named in the manifest is
    written (the note then only proves integrity together with the office's published key).
    The caller logs the export in the audit chain.
    """
    src = Path(mp4)
    mpath = Path(manifest) if manifest else manifest_path_for(src)
    data = json.loads(mpath.read_text(encoding="utf-8"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dst = out / src.name
    dst_manifest = manifest_path_for(dst)
    shutil.copyfile(src, dst)
    shutil.copyfile(mpath, dst_manifest)
    if public_key is not None:
        raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    else:
        raw = bytes.fromhex(data.get("public_key", ""))
        public_key = Ed25519PublicKey.from_public_bytes(raw)
    pem = public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    (out / KEY_NAME).write_bytes(pem)
    note = NOTE.format(
        mp4=dst.name, manifest=dst_manifest.name, key=KEY_NAME, case=data.get("case_number", ""),
        interviewers="、".join(data.get("interviewers", [])), start=data.get("start_wall", ""),
        stop=data.get("stop_wall") or "（中断）", duration=data.get("duration_seconds", ""),
        status=STATUS_WORDS.get(data.get("status", ""), data.get("status", "")),
        sha=data.get("file", {}).get("sha256", ""), size=data.get("file", {}).get("size", ""), pubhex=raw.hex())
    (out / NOTE_NAME).write_text(note, encoding="utf-8-sig")  # BOM: old Notepad reads it right
    return ExportResult(out, [dst, dst_manifest, out / KEY_NAME, out / NOTE_NAME], data)
