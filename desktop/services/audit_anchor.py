"""The audit chain's anchor: the highest (sequence number, hash) this desk has seen, kept in a keyed file
beside the audit key, outside the database. A database that is behind its anchor (rolled back, its tail
deleted, emptied, replaced by an older copy or by zero bytes) is reported by ``reception verify``.

The file is replaced atomically and only ever moves forward. Two processes on one desk may race; the loser's
lower anchor is simply overwritten by the next commit (a lower anchor weakens the check, never raises a false
alarm)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.security.keyfile import KeyStore, write_private

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    genuine: bool  # False: the file's MAC does not match (written without the audit key)


def _mac(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"reception-room audit anchor|{seq}|{digest}".encode(), hashlib.sha256).hexdigest()


def read(path: Path, key: bytes) -> Anchor | None:
    """None when there is no anchor file; an unreadable file counts as not genuine."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, digest, mac = int(data["seq"]), str(data["hash"]), str(data["mac"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return Anchor(-1, "", False)
    return Anchor(seq, digest, hmac.compare_digest(mac, _mac(key, seq, digest)))


def peek(keys: KeyStore) -> int | None:
    """The anchored sequence number without checking the MAC (to refuse initialising over a used key folder)."""
    try:
        return int(json.loads(keys.anchor_path.read_text(encoding="utf-8"))["seq"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None


def advance(path: Path, key: bytes, seq: int, digest: str) -> None:
    """Moves the anchor to (seq, digest) unless it already stands at or past ``seq``."""
    with _LOCK:
        current = read(path, key)
        if current is not None and current.genuine and current.seq >= seq:
            return
        body = json.dumps({"seq": seq, "hash": digest, "mac": _mac(key, seq, digest)})
        write_private(path, body.encode(), replace=True)


@dataclass(frozen=True)
class ChainKeys:
    """What an open database needs to append to and anchor its audit chain (kept in ``Session.info``)."""

    key: bytes
    anchor_path: Path
    now: Callable[[], datetime]  # the application's clock, for entries written by session hooks
