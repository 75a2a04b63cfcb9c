"""Finding, registering and using the TrueType fonts the documents are set in.

GB/T 9704-2012 sets the body in 仿宋, the title and the 发文机关标志 in 小标宋 and headings in 黑体.
Each role looks for these files by name (case-insensitive) in the font folders of Windows
(``%WINDIR%\\Fonts``, the user's ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``) and of Linux desktops
such as UOS and Kylin (``/usr/share/fonts``, ``/usr/local/share/fonts``, ``~/.local/share/fonts``,
``~/.fonts``, searched with their sub-folders); the administrator's paths in :class:`FontConfig`
always come first:

- body, 仿宋: ``FZFSK.TTF`` (方正仿宋_GBK), ``仿宋_GB2312.ttf``, ``FangSong_GB2312.ttf``,
  ``CESI_FS_GB2312.TTF`` / ``CESI_FS_GB18030.TTF`` (UOS, Kylin), ``simfang.ttf`` (Windows 仿宋).
- title, 小标宋: ``FZXBSK.TTF`` (方正小标宋_GBK), ``FZXBSJW.TTF`` / ``方正小标宋简体.ttf``,
  ``CESI_XBS_GB2312.TTF`` / ``CESI_XBS_GB18030.TTF``.
- sans, 黑体: ``FZHTK.TTF`` (方正黑体_GBK), ``simhei.ttf``, ``CESI_HT_GB2312.TTF`` /
  ``CESI_HT_GB18030.TTF``.

When none is present a stand-in is used, and :func:`font_report` says so (the settings window
shows it): body ``simsun.ttc``, ``uming.ttc`` (fonts-arphic-uming, a Ming face); title ``simhei.ttf``,
``wqy-zenhei.ttc`` (a heavy face, so the title is bold by its own outlines, never by drawing it
twice), ``uming.ttc``; sans ``wqy-zenhei.ttc``, ``uming.ttc``. The fallback, per character run, for
what a role's font lacks (CJK Extension B names such as 𠮷): ``simsunb.ttf`` (SimSun-ExtB),
``HanaMinA.ttf``, ``HanaMinB.ttf`` (fonts-hanazono).

Only TrueType outlines are embedded by ReportLab, so OpenType/CFF files are skipped. The built-in,
non-embedded ``STSong-Light`` is never used. Fonts are registered once per process and per config.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import os
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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


# The faces the standard asks for, by file name, for each role; then the stand-ins.
WANTED: dict[str, tuple[str, ...]] = {
    "body": ("FZFSK.TTF", "仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "CESI_FS_GB2312.TTF", "CESI_FS_GB18030.TTF",
             "simfang.ttf"),
    "title": ("FZXBSK.TTF", "FZXBSJW.TTF", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf", "CESI_XBS_GB2312.TTF",
              "CESI_XBS_GB18030.TTF"),
    "sans": ("FZHTK.TTF", "simhei.ttf", "CESI_HT_GB2312.TTF", "CESI_HT_GB18030.TTF"),
}
STAND_INS: dict[str, tuple[str, ...]] = {
    "body": ("simsun.ttc", "uming.ttc", "wqy-zenhei.ttc"),
    "title": ("simhei.ttf", "wqy-zenhei.ttc", "uming.ttc"),
    "sans": ("wqy-zenhei.ttc", "uming.ttc"),
    "fallback": ("simsunb.ttf", "HanaMinA.ttf", "HanaMinB.ttf"),
}
STYLE_NAME = {"body": "仿宋", "title": "小标宋", "sans": "黑体"}


def font_folders() -> list[Path]:
    """Where fonts are installed on Windows and on Linux desktops (UOS, Kylin, Debian)."""
    home = Path.home()
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    folders += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts",
                home / ".fonts"]
    return folders


@functools.lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Every font file under the font folders, by lower-case file name (first found wins)."""
    found: dict[str, str] = {}
    for folder in font_folders():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                found.setdefault(name.lower(), str(Path(root) / name))
    return found


def _files(names: tuple[str, ...]) -> tuple[FontFile, ...]:
    installed = _installed()
    return tuple(FontFile(installed[n.lower()], 0) for n in names if n.lower() in installed)


def default_candidates() -> dict[str, tuple[FontFile, ...]]:
    """The installed files of each role, the standard's faces first, then the stand-ins."""
    out = {role: _files(WANTED[role]) + _files(STAND_INS[role]) for role in ROLES}
    out["fallback"] = _files(STAND_INS["fallback"])
    return out


class _Candidates(dict):  # type: ignore[type-arg]
    """``DEFAULT_CANDIDATES[role]``, looked up on this machine's font folders when first read."""

    def __missing__(self, role: str) -> tuple[FontFile, ...]:
        self.update(default_candidates())
        return dict.__getitem__(self, role)


DEFAULT_CANDIDATES: dict[str, tuple[FontFile, ...]] = _Candidates()


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


# The code points a face covers, for membership tests: a dict of ints, which the collector never walks.
CodePoints = Mapping[int, None]


@dataclass
class FontSet:
    """The registered fonts of one config: a font name per role plus the fallbacks, with their cmaps."""

    names: dict[str, str]
    fallbacks: list[str]
    cmaps: dict[str, CodePoints] = field(repr=False)
    files: dict[str, str] = field(default_factory=dict)  # role -> the file it is set in

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


def _register(font: FontFile) -> tuple[str, CodePoints] | None:
    path = Path(font.path)
    if not path.is_file() or not _is_truetype(path):
        return None
    name = f"RR-{path.stem}-{font.subfont_index}"
    if name in _REGISTERED:
        return name, _REGISTERED[name]
    with collector_paused():
        try:
            ttf = _PrintableTTFont(name, str(path), subfontIndex=font.subfont_index)
        except Exception:  # a broken or CFF font is skipped, the next candidate is tried
            return None
        _compact_for_the_collector(ttf.face)
        pdfmetrics.registerFont(ttf)
        # A dict of ints is never tracked by the collector; a frozenset of 60,000 code points is walked at
        # every full collection.
        _REGISTERED[name] = dict.fromkeys(ttf.face.charToGlyph)
    return name, _REGISTERED[name]


_REGISTERED: dict[str, CodePoints] = {}
_PAUSE_LOCK = threading.Lock()
_pauses = 0
_resume = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a face is parsed. Parsing a CJK face allocates some 200,000 objects,
    which set off several full collections; each walks the whole desk process (SQLAlchemy, Qt wrappers)
    holding the GIL, and froze the window for 60–140 ms while the warm-up parsed the fonts on a worker
    (docs/performance.md). What the parse leaves is freed by reference counting, and the faces' tables
    are compacted before collection resumes, so one young collection later sees them once."""
    global _pauses, _resume
    with _PAUSE_LOCK:
        if _pauses == 0:
            _resume = gc.isenabled()  # a collector switched off by someone else stays off
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def _compact_for_the_collector(face: object) -> None:
    """ReportLab keeps one list of characters per glyph (~40,000 lists for a CJK face). They live as long
    as the process, and every full garbage collection walked them while holding the GIL, so the desk's
    window froze for 60–150 ms each time (docs/performance.md). As tuples of ints the collector drops
    them from its lists at its next pass. Only HarfBuzz shaping appends to them, and it is not used here
    (``uharfbuzz`` is no dependency): where it is importable, the lists are left alone."""
    if importlib.util.find_spec("uharfbuzz") is not None:
        return
    table = getattr(face, "glyphToChar", None)
    if isinstance(table, dict):
        face.glyphToChar = {glyph: tuple(chars) for glyph, chars in table.items()}  # type: ignore[attr-defined]
    # The per-glyph offsets and metrics (up to 60,000 each) are only indexed once parsed (subsetting);
    # as tuples of ints they leave the collector's walk too. A list is walked at every full collection.
    for attr in ("glyphPos", "hmetrics"):
        values = getattr(face, attr, None)
        if isinstance(values, list):
            setattr(face, attr, tuple(values))


class _PrintableTTFont(TTFont):
    """ReportLab numbers the glyphs of each 256-glyph subset from 1, so codes 1–31 of every subset hold
    characters. CUPS' PDF filter (Ghostscript) turns glyphs with those control codes into Type 3 fonts
    without Unicode: on the printed page that text is lost to search, copy and verification. Here the
    first subset starts after the ASCII block (code 128) and every further subset at code 33."""

    def _printable_state(self, doc: object) -> TTFont.State:
        state = self.state.get(doc)
        if state is None:  # ReportLab may also have made it already (``_assignState``)
            state = self.state[doc] = TTFont.State(self._asciiReadable, self)
        if self._asciiReadable and not state.frozen and state.nextCode == 1:  # nothing assigned yet
            state.nextCode = 128
        return state

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: ANN001, ANN201 - ReportLab's signature
        state = self._printable_state(doc)
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        glyphs, known = self.face.charToGlyph, state.assignments
        new = {ord(ch) for ch in text if ord(ch) not in known and ord(ch) in glyphs}
        if state.frozen or (state.nextCode & 0xFF) + len(new) < 0xFF:
            return super().splitString(text, doc, encoding)
        results: list[tuple[int, bytes]] = []
        for ch in text:
            if (state.nextCode & 0xFF) == 0 and ord(ch) not in known and ord(ch) in glyphs:
                state.subsets.append([0] * 32)  # the next subset, its codes 1–31 left empty
                state.nextCode += 32
            for subset, chunk in super().splitString(ch, doc, encoding):
                if results and results[-1][0] == subset:
                    results[-1] = (subset, results[-1][1] + chunk)
                else:
                    results.append((subset, chunk))
        return results


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
    cmaps: dict[str, CodePoints] = {}
    files: dict[str, str] = {}
    for role in ROLES:
        candidates = getattr(config, role) + (DEFAULT_CANDIDATES[role] if config.use_defaults else ())
        for cand in candidates:
            got = _register(cand)
            if got:
                names[role], cmaps[got[0]] = got[0], got[1]
                files[role] = cand.path
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
    return FontSet(names=names, fallbacks=fallbacks, cmaps=cmaps, files=files)


@dataclass(frozen=True)
class FontUse:
    """Which file a role is set in, and whether it is the face GB/T 9704 asks for or a stand-in."""

    role: str  # body | title | sans
    style: str  # 仿宋 | 小标宋 | 黑体
    path: str
    stand_in: bool
    looked_for: tuple[str, ...]  # the standard's file names searched for this role


def font_report(config: FontConfig | None = None) -> list[FontUse]:
    """For the administrator (the settings window, a ``reception doctor``): one line per role telling
    whether the documents are set in the standard's face or in a stand-in. An administrator's own
    file (:class:`FontConfig`) counts as the standard's face."""
    config = config or FontConfig()
    fonts = get_fonts(config)
    chosen = {c.path for role in ROLES for c in getattr(config, role)}
    out = []
    for role in ROLES:
        path = fonts.files.get(role, "")
        wanted = {n.lower() for n in WANTED[role]}
        standard = path in chosen or Path(path).name.lower() in wanted
        out.append(FontUse(role, STYLE_NAME[role], path, not standard, WANTED[role]))
    return out
