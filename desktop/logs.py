"""One logging set-up for the whole process: a rotating file under the data directory."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop import paths

_configured = False


def log_file() -> Path:
    return paths.logs_dir() / "reception.log"


def setup_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    try:
        handler: logging.Handler = RotatingFileHandler(log_file(), maxBytes=5_000_000, backupCount=5,
                                                       encoding="utf-8")
    except OSError:
        # A read-only or full data folder must not stop the program from saying so in one line.
        import tempfile

        try:
            handler = logging.FileHandler(Path(tempfile.gettempdir()) / "reception.log", encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("reception")
    root.setLevel(level)
    root.addHandler(handler)
    _configured = True
