"""Finding, registering and using the TrueType fonts the documents are set in.

Search order for each role (the administrator's paths in :class:`FontConfig` always come first):

- body (仿宋 style): ``simfang.ttf``, ``simsun.ttc`` (Windows fonts folder); ``uming.ttc``
  (fonts-arphic-uming, UMingCN), ``wqy-zenhei.ttc`` (Debian).
- title (小标宋-like, drawn slightly emboldened): ``simsun.ttc``, ``simhei.ttf``; ``uming.ttc``,
  ``wqy-zenhei.ttc``.
- sans (黑体): ``simhei.ttf``; ``wqy-zenhei.ttc``, ``uming.ttc``.
- fallback, per character run, for what the role's font lacks (CJK Extension B names such as 𠮷):
  ``simsunb.ttf`` (SimSun-ExtB); ``HanaMinA.ttf``, ``HanaMinB.ttf`` (fonts-hanazono).

Only TrueType outlines are embedded by ReportLab, so OpenType/CFF files are skipped. The built-in,
non-embedded ``STSong-Light`` is never used. Fonts are registered once per process and per config.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from printing.errors import MissingGlyphError, NoFontError

ROLES = ("body", "title", "sans")


@dataclass(frozen=True)
class FontFile:
    path: str
    subfont_index: int = 0


def _win(name: str, index: int = 0) -> FontFile:
    return FontFile(str(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / name), index)


_DEB = "/usr/share/fonts/truetype"
_UMING = FontFile(f"{_DEB}/arphic/uming.ttc", 0)  # index 0 is UMingCN (simplified forms)
_ZENHEI = FontFile(f"{_DEB}/wqy/wqy-zenhei.ttc", 0)

DEFAULT_CANDIDATES: dict[str, tuple[FontFile, ...]] = {
    "body": (_win("simfang.ttf"), _win("simsun.ttc"), _UMING, _ZENHEI),
    "title": (_win("simsun.ttc"), _win("simhei.ttf"), _UMING, _ZENHEI),
    "sans": (_win("simhei.ttf"), _ZENHEI, _UMING),
    "fallback": (
        _win("simsunb.ttf"),
        FontFile(f"{_DEB}/hanazono/HanaMinA.ttf"),
        FontFile(f"{_DEB}/hanazono/HanaMinB.ttf"),
    ),
}

# Characters that are layout, not ink: never checked against a font's cmap.
_IGNORED = frozenset("\n\r\t\u00a0\u200b")


@dataclass(frozen=True)
class FontConfig:
    """Fonts chosen by the administrator; each tuple is tried before the built-in search order."""

    body: tuple[FontFile, ...] = ()
    title: tuple[FontFile, ...] = ()
    sans: tuple[FontFile, ...] = ()
    fallback: tuple[FontFile, ...] = ()
    use_defaults: bool = True


@dataclass
class FontSet:
    """The registered fonts of one config: a font name per role plus the fallbacks, with their cmaps."""

    names: dict[str, str]
    fallbacks: list[str]
    cmaps: dict[str, frozenset[int]] = field(repr=False)

    def font_for(self, ch: str, role: str = "body") -> str | None:
        primary = self.names[role]
        cp = ord(ch)
        if ch in _IGNORED or cp in self.cmaps[primary]:
            return primary
        for name in (*self.fallbacks, *self.names.values()):
            if cp in self.cmaps[name]:
                return name
        return None

    def check(self, text: str, field: str | None = None, role: str = "body") -> None:
        """Raise :class:`MissingGlyphError` for the first character no font can draw."""
        for ch in text:
            if self.font_for(ch, role) is None:
                raise MissingGlyphError(char=ch, codepoint=f"U+{ord(ch):04X}", field=field)

    def runs(self, text: str, role: str = "body") -> list[tuple[str, str]]:
        """Split ``text`` into (font name, substring) runs, each drawable by its font."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch, role)
            if name is None:
                raise MissingGlyphError(char=ch, codepoint=f"U+{ord(ch):04X}", field=None)
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def markup(self, text: str, role: str = "body") -> str:
        """Paragraph markup of ``text``: escaped, fallback runs wrapped in ``<font>``, newlines as breaks."""
        primary = self.names[role]
        parts = []
        for name, run in self.runs(normalize(text), role):
            body = escape(run).replace("\n", "<br/>")
            parts.append(body if name == primary else f'<font name="{name}">{body}</font>')
        return "".join(parts)


def normalize(text: str) -> str:
    """NFC, and Windows/Mac line ends as ``\\n``: what is measured is what is drawn."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_truetype(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    # OpenType with CFF outlines ("OTTO") cannot be embedded by ReportLab.
    return head in (b"\x00\x01\x00\x00", b"true", b"ttcf")


def _register(font: FontFile) -> tuple[str, frozenset[int]] | None:
    path = Path(font.path)
    if not path.is_file() or not _is_truetype(path):
        return None
    name = f"RR-{path.stem}-{font.subfont_index}"
    if name in _REGISTERED:
        return name, _REGISTERED[name]
    try:
        ttf = TTFont(name, str(path), subfontIndex=font.subfont_index)
    except Exception:  # a broken or CFF font is skipped, the next candidate is tried
        return None
    pdfmetrics.registerFont(ttf)
    _REGISTERED[name] = frozenset(ttf.face.charToGlyph)
    return name, _REGISTERED[name]


_REGISTERED: dict[str, frozenset[int]] = {}


def _install_astral_tounicode() -> None:
    """ReportLab writes each ToUnicode entry as ``<%04X>``, so U+20BB7 (𠮷) comes out as a 5-digit
    code that readers parse as U+20BB: the glyph prints but copying text, search and pdftotext
    lose the name. Rewrite only those entries as UTF-16 surrogate pairs, as the PDF spec wants."""
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_rr_astral", False):
        return

    def make_cmap(fontname: str, subset: list[int]) -> str:
        text = original(fontname, subset)
        for i, cp in enumerate(subset):
            if cp > 0xFFFF:
                text = text.replace(f"<{i:02X}> <{cp:04X}>",
                                    f"<{i:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>")
        return text

    make_cmap._rr_astral = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_cmap


_install_astral_tounicode()


@functools.lru_cache(maxsize=8)
def get_fonts(config: FontConfig | None = None) -> FontSet:
    """Register (once per process) and return the fonts for ``config`` (default search order if None)."""
    config = config or FontConfig()
    names: dict[str, str] = {}
    cmaps: dict[str, frozenset[int]] = {}
    for role in ROLES:
        candidates = getattr(config, role) + (DEFAULT_CANDIDATES[role] if config.use_defaults else ())
        for cand in candidates:
            got = _register(cand)
            if got:
                names[role], cmaps[got[0]] = got[0], got[1]
                break
        else:
            raise NoFontError(role=role, tried=[c.path for c in candidates])
    fallbacks: list[str] = []
    fb_candidates = config.fallback + (DEFAULT_CANDIDATES["fallback"] if config.use_defaults else ())
    for cand in fb_candidates:
        got = _register(cand)
        if got and got[0] not in fallbacks:
            fallbacks.append(got[0])
            cmaps[got[0]] = got[1]
    return FontSet(names=names, fallbacks=fallbacks, cmaps=cmaps)
