"""``reception`` / ``python -m desktop``: no arguments starts the window, a subcommand runs the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from desktop import paths

    paths.keep_files_private()  # before the database, logs or anything else is written
    if not _wants_cli(args):
        return _start_gui(args)
    from desktop.cli.app import run

    return run(args)


def _wants_cli(args: list[str]) -> bool:
    """A subcommand or a help request means the CLI; only global options means the window."""
    valued = {"--db", "--lang", "--user"}
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in valued:
            skip = True
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return True
    return False


def _no_display() -> bool:
    """On Linux without X11/Wayland Qt would abort with a plugin error; say it plainly instead."""
    import os

    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def _start_gui(args: list[str]) -> int:
    if _no_display():
        lang = "en" if "en" in args else "zh"
        print("没有图形显示（DISPLAY 未设置）：请在桌面环境中启动，或使用命令行，例如 reception --help、reception demo --out DIR。"
              if lang == "zh" else
              "No display (DISPLAY is not set): start it on a desktop, or use the command line, e.g. "
              "reception --help, reception demo --out DIR.", file=sys.stderr)
        return 1
    try:
        from ui.app import run_gui  # imported lazily: the CLI must work without a display
    except ImportError as error:
        from desktop.cli.messages import message

        lang = "en" if "en" in args else "zh"
        print(message("gui_unavailable", lang, {"what": str(error)}), file=sys.stderr)
        return 1
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
