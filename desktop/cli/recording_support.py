"""The core composed with `recording`: checking sealed recordings for `reception verify`, and recovering
recordings a crash left unfinished (at start-up and from the CLI)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Recording
from desktop.services.context import AppContext
from recording.manifest import Problem, verify_recording

WORDS = {
    Problem.MISSING: ("文件缺失", "file missing"),
    Problem.MANIFEST_MISSING: ("缺少封存清单（未封存）", "manifest missing (unsealed)"),
    Problem.MANIFEST_UNREADABLE: ("封存清单无法读取", "manifest unreadable"),
    Problem.UNSIGNED: ("未签名", "unsigned"),
    Problem.BAD_SIGNATURE: ("签名无效（清单被改动或非本机签名）", "bad signature (manifest changed or foreign key)"),
    Problem.ALTERED: ("文件内容已被改动", "file content altered"),
}


def _words(problem: Problem, lang: str) -> str:
    zh, en = WORDS.get(problem, (str(problem), str(problem)))
    return en if lang == "en" else zh


def check_one_recording(ctx: AppContext, mp4: Path, lang: str) -> tuple[bool, list[str]]:
    result = verify_recording(mp4, ctx.keys.verify_key())
    if result.ok:
        sha = (result.manifest or {}).get("file", {}).get("sha256", "")
        return True, [(f"{mp4}: intact (sha256 {sha})" if lang == "en" else f"{mp4}：完整（sha256 {sha}）")]
    lines = [f"{mp4}: " + "; ".join(_words(p, lang) for p in result.problems)]
    lines += [f"  {d}" for d in result.details]
    return False, lines


def check_all_recordings(ctx: AppContext, session: Session, lang: str) -> tuple[int, list[str]]:
    """(recordings checked, a line per broken one) — also catches a manifest swapped for another file's."""
    broken: list[str] = []
    rows = list(session.scalars(select(Recording).order_by(Recording.id)))
    for rec in rows:
        ok, lines = check_one_recording(ctx, Path(rec.path), lang)
        if ok and (lines and rec.sha256 not in lines[0]):
            ok, lines = False, [f"{rec.path}: " + ("hash differs from the record" if lang == "en"
                                                   else "与登记时的哈希不符")]
        if not ok:
            broken += lines
    return len(rows), broken


def recover_unfinished(ctx: AppContext, directory: Path | None = None) -> list[dict[str, object]]:
    """Finds recordings a crash left unsealed, repairs and seals them as "recovered after interruption",
    registers them with their matter and returns what was done — never drops one silently."""
    from desktop import paths
    from desktop.services import recordings
    from recording.recovery import recover_all

    done: list[dict[str, object]] = []
    for report in recover_all(directory or paths.recordings_dir(), ctx.signing_key):
        with ctx.db.session() as session:
            done.append(recordings.register_recovered(
                ctx, session, path=Path(report.path), original=Path(report.original),
                manifest_path=Path(report.manifest_path) if report.manifest_path else None, ok=report.ok,
                frames=report.frames, seconds=report.duration_seconds, problems=list(report.problems)))
    return done
