"""The ``reception`` command line. Subcommands live in ``desktop/cli/commands/*.py``; each module has
``register(subparsers)`` and sets ``handler=fn(runtime, args) -> int`` on its parsers."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from desktop import paths
from desktop.cli import commands
from desktop.cli.messages import message
from desktop.cli.runtime import Runtime
from desktop.domain.errors import DomainError, InvalidInput
from desktop.faults import classify, is_disconnect
from desktop.logs import log_file, setup_logging


class UsageError(Exception):
    """A command typed wrongly; reported as one line in the user's language, not argparse's two."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reception", description="Reception Room 信访接待室")
    parser.add_argument("--db", metavar="URL", help="database URL (default: the embedded SQLite file)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    parser.add_argument("--user", metavar="NAME", help="act as this user (default: the first administrator)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"desktop.cli.commands.{info.name}")
        module.register(sub)
    return parser


def _describe(rt: Runtime, error: DomainError) -> str:
    if isinstance(error, InvalidInput):
        return "\n".join(rt.t(p.code, **p.details) for p in error.problems)
    return rt.t(error.code, **error.details)


def _peek_lang(argv: Sequence[str]) -> str:
    """The language asked for, read before the arguments are known to parse."""
    args = list(argv)
    if "--lang=en" in args:
        return "en"
    return "en" if "--lang" in args and args[args.index("--lang") + 1:][:1] == ["en"] else "zh"


def run(argv: Sequence[str]) -> int:
    paths.keep_files_private()
    setup_logging()
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        print(message("usage_error", _peek_lang(argv), {"what": str(error)}), file=sys.stderr)
        return 2
    rt = Runtime(lang=args.lang, db_url=args.db, user=args.user)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return _run_handler(rt, handler, args)
    except DomainError as error:
        rt.warn(_describe(rt, error))
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        rt.warn(rt.zh_en("已取消。", "Cancelled."))
        return 130
    except Exception as error:  # one line for people, the traceback for the log
        logging.getLogger("reception.cli").error("unhandled error\n%s", traceback.format_exc())
        known = classify(error, database=_database_path(rt))
        if known is not None:
            rt.warn(_describe(rt, known))
            return 1
        rt.warn(rt.t("internal_error", what=type(error).__name__, log=_log_path()))
        return 1
    finally:
        rt.close()


def _run_handler(rt: Runtime, handler, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Runs the command; when the database server went away mid-command (its transaction rolled back),
    once more on a fresh connection."""
    try:
        return int(handler(rt, args) or 0)
    except Exception as error:
        if not is_disconnect(error):
            raise
        logging.getLogger("reception.cli").warning("database connection lost, retrying once\n%s",
                                                   traceback.format_exc())
        rt.reset()
        return int(handler(rt, args) or 0)


def _database_path(rt: Runtime) -> str:
    try:
        from sqlalchemy.engine import make_url

        from desktop.db.database import resolve_url

        url = make_url(resolve_url(rt.db_url))
        return url.database or "" if url.get_backend_name() == "sqlite" else f"{url.host}:{url.port or 5432}"
    except Exception:  # noqa: BLE001 - only words a message
        return ""


def _log_path() -> str:
    try:
        return str(log_file())
    except OSError:
        return "-"


def main(argv: Sequence[str] | None = None) -> int:
    return run(sys.argv[1:] if argv is None else argv)
