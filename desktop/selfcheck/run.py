"""All checks in the order a desk needs them; later checks that need the database skip when it fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.selfcheck.desk_checks import check_calendar, check_database, check_disk, check_timezone
from desktop.selfcheck.device_checks import check_camera, check_microphone, configured_devices
from desktop.selfcheck.key_checks import check_backup, check_keys
from desktop.selfcheck.output_checks import check_fonts, check_printer
from desktop.selfcheck.result import CheckResult, Status

OFFICE_ZONE = "Asia/Shanghai"


def run_checks(url: str, *, home: Path | None = None, now: datetime | None = None,
               devices: bool = True) -> Iterator[CheckResult]:
    """Yields each result as soon as it is known (the window shows them one by one)."""
    home = home or paths.data_dir()
    now = now or datetime.now().astimezone()
    database = check_database(url)
    yield database
    if database.status is not Status.FAIL:
        keys = _guarded("keys", lambda: check_keys(url, home / "keys"))
        yield keys
        yield _guarded("calendar", lambda: _calendar(url, now))
        if keys.status is Status.OK:
            yield _guarded("backup", lambda: check_backup(url, home / "keys"))
    else:
        yield CheckResult("keys", Status.FAIL, "doctor_skipped_no_db", {}, True)
    if devices:
        cameras, microphone = configured_devices(home / "desktop.ini")
        yield from check_camera(cameras)
        yield check_microphone(microphone)
    yield check_disk(home / "recordings")
    yield _guarded("fonts", check_fonts)
    yield _guarded("printer", check_printer)
    yield check_timezone(OFFICE_ZONE, now)


def _calendar(url: str, now: datetime) -> CheckResult:
    from sqlalchemy import select

    from desktop.db.database import Database
    from desktop.db.models import CalendarOverride
    from desktop.domain.workcalendar import known_years

    db = Database.open(url, migrate=False)
    try:
        with db.read() as session:
            days = session.scalars(select(CalendarOverride.day)).all()
    finally:
        db.dispose()
    # Past the shipped years the administrator enters the State Council's holidays and 调休 days
    # (`reception calendar set`); a year with none entered would silently count Monday–Friday.
    entered = {day.year for day in days}
    return check_calendar(now.date(), known_years(), entered)


def _guarded(check: str, fn: Callable[[], CheckResult]) -> CheckResult:
    try:
        return fn()
    except Exception as error:  # noqa: BLE001 - a broken check is reported as that check failing, in one line
        import logging

        logging.getLogger(__name__).exception("self-check %s failed", check)
        return CheckResult(check, Status.FAIL, "doctor_check_crashed", {"reason": type(error).__name__})
