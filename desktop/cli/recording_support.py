"""The core composed with `recording`: checking sealed recordings for `reception verify` (against the
office's key and the hash the audit chain recorded at sealing), and recovering recordings a crash left
unfinished (at start-up and from the CLI)."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from desktop.services import recordings
from desktop.services.context import AppContext
from recording.manifest import Problem, VerificationResult, verify_recording
from recording.sealing import TEST_SIGNAL_NOTE

WORDS = {
    Problem.MISSING: ("文件缺失", "file missing"),
    Problem.MANIFEST_MISSING: ("缺少封存清单（未封存）", "manifest missing (unsealed)"),
    Problem.MANIFEST_UNREADABLE: ("封存清单无法读取", "manifest unreadable"),
    Problem.UNSIGNED: ("未签名", "unsigned"),
    Problem.BAD_SIGNATURE: ("签名无效（清单被改动或非本机签名）", "bad signature (manifest changed or foreign key)"),
    Problem.ALTERED: ("文件内容已被改动", "file content altered"),
    Problem.WRONG_FILE: ("封存清单属于另一段录像（文件被替换或改名）",
                         "the manifest belongs to another recording (file replaced or renamed)"),
    Problem.EMPTY: ("空录像（没有任何画面）", "empty recording (no picture at all)"),
}
CHAIN_MISMATCH = ("与审计日志中封存时登记的哈希不符", "differs from the hash the audit chain recorded at sealing")
NOT_IN_CHAIN = ("审计日志中没有该录像的封存记录", "the audit chain has no sealing entry for this recording")


def _words(problem: Problem | tuple[str, str], lang: str) -> str:
    zh, en = WORDS.get(problem, (str(problem), str(problem))) if isinstance(problem, Problem) else problem
    return en if lang == "en" else zh


def _lines(mp4: Path, result: VerificationResult, extra: list[tuple[str, str]], lang: str,
           note: str = "") -> tuple[bool, list[str]]:
    ok = result.ok and not extra
    signal = f" — {TEST_SIGNAL_NOTE}" + (" (test signal, not evidence)" if lang == "en" else "") \
        if result.test_signal else ""
    if ok:
        sha = (result.manifest or {}).get("file", {}).get("sha256", "")
        line = f"{mp4}: intact (sha256 {sha})" if lang == "en" else f"{mp4}：完整（sha256 {sha}）"
        return True, [line + signal + note]
    words = [_words(p, lang) for p in result.problems] + [_words(e, lang) for e in extra]
    return False, [f"{mp4}: " + "; ".join(words) + signal, *[f"  {d}" for d in result.details]]


def check_one_recording(ctx: AppContext | None, mp4: Path, lang: str, key: Ed25519PublicKey | None = None,
                        session: Session | None = None) -> tuple[bool, list[str]]:
    """One file against ``key`` (else the office's own, never created: ``ctx`` needed) and, when this
    installation registered it (``session`` given), against the hash its audit chain recorded at sealing."""
    if key is None:
        assert ctx is not None
        key = recordings.office_public_key(ctx.keys)
    result = verify_recording(mp4, key)
    extra: list[tuple[str, str]] = []
    note = ""
    if session is not None:
        rec = recordings.find_by_file(session, mp4)
        if rec is not None:
            sha = (result.manifest or {}).get("file", {}).get("sha256")
            if rec.sealed_sha256 is None:
                extra.append(NOT_IN_CHAIN)
            elif sha != rec.sealed_sha256:
                extra.append(CHAIN_MISMATCH)
        elif result.ok:
            note = "; not registered here" if lang == "en" else "；未在本机登记"
    elif key is not None and result.ok:
        note = "; checked against the given key only" if lang == "en" else "；仅按所给公钥核验"
    return _lines(mp4, result, extra, lang, note)


def test_signal_lines(session: Session, lang: str) -> list[str]:
    """One line per registered recording of a test signal: sealed and accounted for, never evidence."""
    return [f"{rec.path}: {TEST_SIGNAL_NOTE}" + (" (test signal, not evidence)" if lang == "en" else "")
            for rec in recordings.all_sealed(session) if rec.test_signal]


def check_all_recordings(ctx: AppContext, session: Session, lang: str) -> tuple[int, list[str]]:
    """(recordings checked, a line per broken one): each file against its manifest, the office's key and
    the hash entered in the audit chain at sealing — a re-signed, cut recording is caught by the last."""
    broken: list[str] = []
    found = recordings.all_sealed(session)
    if not found:
        return 0, broken
    key = recordings.office_public_key(ctx.keys)
    for rec in found:
        result = verify_recording(rec.path, key)
        sha = (result.manifest or {}).get("file", {}).get("sha256")
        extra = []
        if rec.sealed_sha256 is None:
            extra.append(NOT_IN_CHAIN)
        elif sha is not None and sha != rec.sealed_sha256:
            extra.append(CHAIN_MISMATCH)
        ok, lines = _lines(rec.path, result, extra, lang)
        if not ok:
            broken += lines
    return len(found), broken


def recover_unfinished(ctx: AppContext, directory: Path | None = None) -> list[dict[str, object]]:
    """Finds recordings a crash left unsealed (in the recordings folder, or registered as in progress
    wherever they are), repairs and seals them as "recovered after interruption", registers them with
    their matter and returns what was done — never drops one silently."""
    from desktop import paths
    from desktop.services import recordings
    from recording.recovery import find_unfinished, recover_all

    done: list[dict[str, object]] = []
    folder, registry = directory or paths.recordings_dir(), recordings.in_progress_dir()
    if not find_unfinished(folder, registry):
        return done
    key = recordings.office_signing_key(ctx.keys)
    for report in recover_all(folder, key, registry):
        with ctx.db.session() as session:
            done.append(recordings.register_recovered(
                ctx, session, path=Path(report.path), original=Path(report.original),
                manifest_path=Path(report.manifest_path) if report.manifest_path else None, ok=report.ok,
                frames=report.frames, seconds=report.duration_seconds, problems=list(report.problems),
                empty=report.empty, torn_end=report.torn))
    return done
