"""poppler-utils helpers for the printing tests (pdftotext, pdffonts, pdfimages, pdftoppm)."""

from __future__ import annotations

import html
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


def layout_lines(pdf: bytes) -> list[tuple[int, float, float, str]]:
    """Every text line poppler finds: (page number, left edge, right edge, text), in points."""
    import re

    xhtml = poppler("pdftotext", pdf, "-bbox-layout")
    out = []
    for n, page in enumerate(xhtml.split("<page ")[1:], 1):
        for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", page, flags=re.S):
            x_min = float(re.search(r'xMin="([\d.]+)"', attrs).group(1))
            x_max = float(re.search(r'xMax="([\d.]+)"', attrs).group(1))
            text = "".join(re.findall(r"<word [^>]*>(.*?)</word>", body, flags=re.S))
            out.append((n, x_min, x_max, html.unescape(text)))
    return out


def text_runs(pdf: bytes, page: int) -> list[tuple[float, float, float, str]]:
    """The text-showing operations of one page (1-based) as (x, y, font size, text), read with pypdf."""
    from io import BytesIO

    from pypdf import PdfReader

    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * cm[0], text))

    PdfReader(BytesIO(pdf)).pages[page - 1].extract_text(visitor_text=visit)
    return runs
