"""A long import that never holds the database for long: the whole file is read and checked first without
taking the write lock (a bad row still means nothing is written), then the rows go in, oldest first, in
groups of ``GROUP`` rows, each group a complete transaction (matters, visits, people and their audit
entries), with a short pause between groups so a desk waiting to write gets its turn.

Should the machine fail between groups (a full disk, a database server gone), the groups already written
stay whole and consistent and the refusal says how many rows went in, up to which registration time."""

from __future__ import annotations

import time
from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.services.context import AppContext
from desktop.services.importer import ImportReport, _gc_paused, _write, check_file, refuse_or_report
from desktop.services.permissions import Actor, Permission

GROUP = 2000  # about half a second of writing on a busy 2-core desk PC
# SQLite's busy handler polls a waiting writer at most every 100 ms: a longer pause lets it in for sure.
PAUSE_SECONDS = 0.12


class ImportInterrupted(DomainError):
    """Some groups were written, the rest not (``cause`` says why)."""

    def __init__(self, imported: int, total: int, until: str, cause: BaseException) -> None:
        self.cause = cause
        super().__init__("import_interrupted", imported=imported, total=total, until=until)


def import_in_groups(ctx: AppContext, actor: Actor, path: Path, *, skip_invalid: bool = False,
                     rejects_path: Path | None = None, group: int = GROUP,
                     pause: float = PAUSE_SECONDS) -> ImportReport:
    actor.require(Permission.IMPORT)
    with _gc_paused():
        with ctx.db.read() as session:
            good, problems, bad_raw = check_file(ctx, session, path)
        report = refuse_or_report(problems, bad_raw, skip_invalid, rejects_path)
        good.sort(key=lambda r: (r.registered_at, r.line))
        for start in range(0, len(good), group):
            part = good[start:start + group]
            try:
                with ctx.db.session() as session:
                    numbers = _write(ctx, session, actor, part, path.name)
            except Exception as error:
                if start == 0:
                    raise
                until = good[start - 1].registered_at.isoformat(timespec="minutes")
                raise ImportInterrupted(start, len(good), until, error) from error
            report.case_numbers += numbers
            report.imported += len(part)
            if start + group < len(good):
                time.sleep(pause)
    return report
