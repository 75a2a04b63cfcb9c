"""``keys rotate``: a new field key; every encrypted field re-encrypted in one transaction (resumable)."""

from __future__ import annotations

import argparse

from desktop.cli.runtime import Runtime
from desktop.services import key_rotation


def register(sub: argparse._SubParsersAction) -> None:
    grp = sub.add_parser("keys", help="the installation's keys").add_subparsers(dest="keys_cmd", required=True)
    grp.add_parser("rotate", help="replace the field key and re-encrypt every field with it (audited)"
                   ).set_defaults(handler=cmd_keys_rotate)


def cmd_keys_rotate(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    result = key_rotation.rotate(rt.ctx, actor)
    if result.resumed:
        rt.say(rt.zh_en("继续上次中断的密钥轮换。", "Resuming the rotation that was interrupted."))
    rt.say(rt.zh_en(
        f"已轮换字段密钥：重新加密信访人 {result.petitioners} 人、代表 {result.representatives} 人、草稿 {result.drafts} 份。"
        f"旧密钥保存为 {result.retired}（解密此前的备份时需要），请重新备份。",
        f"Field key rotated: {result.petitioners} petitioners, {result.representatives} representatives and "
        f"{result.drafts} drafts re-encrypted. The old key is kept as {result.retired} (backups made before need "
        "it); make a new backup."))
    return 0
