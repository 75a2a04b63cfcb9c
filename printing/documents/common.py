"""Helpers every renderer uses: glyph checks before rendering, paragraphs with font fallback."""

from __future__ import annotations

import dataclasses
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from printing.fonts import FontSet, normalize


def check_data(fonts: FontSet, data: Any, prefix: str = "") -> None:
    """Refuse (MissingGlyphError naming the field) any string no font can draw, before rendering."""
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        name = f"{prefix}{f.name}"
        if isinstance(value, str):
            fonts.check(normalize(value), field=name)
        elif dataclasses.is_dataclass(value):
            check_data(fonts, value, prefix=f"{name}.")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    fonts.check(normalize(item), field=f"{name}[{i}]")
                elif dataclasses.is_dataclass(item):
                    check_data(fonts, item, prefix=f"{name}[{i}].")


def para(fonts: FontSet, text: str, style: ParagraphStyle, role: str = "body") -> Paragraph:
    return Paragraph(fonts.markup(text, role), style)


def paras(fonts: FontSet, text: str, style: ParagraphStyle) -> list[Paragraph]:
    """One paragraph per non-empty line of ``text``."""
    return [para(fonts, line.strip(), style) for line in normalize(text).split("\n") if line.strip()]
