"""poppler-utils helpers for the printing tests (pdftotext, pdffonts, pdfimages, pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} (poppler-utils) is required by the printing tests")
    return path


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "doc.pdf"
        p.write_bytes(pdf)
        out = subprocess.run([_need(tool), *args, str(p), *(["-"] if tool == "pdftotext" else [])],
                             capture_output=True, check=True, timeout=60)
        return out.stdout.decode("utf-8")


def pdftotext(pdf: bytes) -> str:
    """Text without line breaks inside paragraphs (CJK lines wrap anywhere)."""
    return poppler("pdftotext", pdf).replace("\n", "")
