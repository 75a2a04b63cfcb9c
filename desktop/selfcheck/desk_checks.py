"""The checks that need no device: database, keys, disk, calendar, time zone.

Each takes what it checks as arguments (a URL, a folder, "today") so tests can point it anywhere."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from desktop.selfcheck.result import CheckResult, Status

# None: eight hours of interview at the recorder's own size estimate, plus the reserve it stops cleanly at.
DAY_OF_RECORDINGS_BYTES: int | None = None


def day_of_recordings_bytes() -> int:
    if DAY_OF_RECORDINGS_BYTES is not None:
        return DAY_OF_RECORDINGS_BYTES
    from recording.session import SessionConfig  # lazily: a broken media stack must not stop the other checks

    recorder = SessionConfig()
    return 8 * 3600 * recorder.bytes_per_second + recorder.min_free_bytes


def check_database(url: str) -> CheckResult:
    """Reachable and at this version's schema; never creates or migrates anything."""
    from sqlalchemy import create_engine

    from desktop.db.migrate import HEAD_REVISION, current_revision

    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file() or path.stat().st_size == 0:
            return CheckResult("database", Status.FAIL, "doctor_db_missing", {"where": str(path)}, True)
    engine = create_engine(url)
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
        return CheckResult("database", Status.FAIL, "doctor_db_unreachable", {"reason": reason}, True)
    finally:
        engine.dispose()
    if revision is None:
        return CheckResult("database", Status.FAIL, "doctor_db_missing", {"where": _safe(url)}, True)
    if revision == HEAD_REVISION:
        return CheckResult("database", Status.OK, "doctor_db_ok", {"where": _safe(url), "revision": revision}, True)
    from desktop.db.migrate import known_revisions

    if revision in known_revisions():
        return CheckResult("database", Status.WARN, "doctor_db_behind", {"revision": revision, "head": HEAD_REVISION},
                           True)
    return CheckResult("database", Status.FAIL, "doctor_db_newer", {"revision": revision, "head": HEAD_REVISION},
                       True)


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def check_disk(folder: Path) -> CheckResult:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free, need = shutil.disk_usage(probe).free, day_of_recordings_bytes()
    details = {"free_gb": round(free / 1e9, 1), "need_gb": round(need / 1e9, 1),
               "where": str(folder)}
    status = Status.OK if free >= need else Status.FAIL
    return CheckResult("disk", status, "doctor_disk_ok" if status is Status.OK else "doctor_disk_low", details, True)


def check_calendar(today: date, official_years: range, complete_years: set[int]) -> CheckResult:
    """This year and next must be known (the State Council's calendar or a year the administrator entered)."""
    missing = [y for y in (today.year, today.year + 1) if y not in official_years and y not in complete_years]
    if not missing:
        return CheckResult("calendar", Status.OK, "doctor_calendar_ok", {"years": f"{today.year}–{today.year + 1}"})
    return CheckResult("calendar", Status.WARN, "doctor_calendar_missing",
                       {"years": "、".join(str(y) for y in missing)})


def check_timezone(office_zone: str, now: datetime) -> CheckResult:
    """The machine's clock zone against the office's: a wrong zone stamps every record hours off."""
    local = now.astimezone().utcoffset()
    office = now.astimezone(ZoneInfo(office_zone)).utcoffset()
    details = {"office": office_zone, "machine": now.astimezone().tzname() or "?"}
    if local == office:
        return CheckResult("timezone", Status.OK, "doctor_timezone_ok", details)
    return CheckResult("timezone", Status.WARN, "doctor_timezone_differs", details)
