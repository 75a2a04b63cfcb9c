"""Words for people. Source strings are Chinese (the default); English comes from a catalog
(``ui/translations/en.json``: Chinese source → English) served by a QTranslator, so every widget asks
Qt in the usual way (``tr(...)`` → ``QCoreApplication.translate``). The chosen language is kept in the
desktop preferences and applied at start; switching rebuilds the window's pages at once."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop import paths

CONTEXT = "ui"
LANGUAGES = ("zh", "en")
_CATALOG_DIR = Path(__file__).with_name("translations")


def tr(text: str) -> str:
    """The current language's words for ``text`` (a Chinese source string)."""
    return QCoreApplication.translate(CONTEXT, text)


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "translated later"
    """Marks a string for the catalog without translating it now (tables of enum words)."""
    return text


@lru_cache(maxsize=4)
def catalog(lang: str) -> dict[str, str]:
    path = _CATALOG_DIR / f"{lang}.json"
    if lang == "zh" or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


class CatalogTranslator(QTranslator):
    """A QTranslator backed by the JSON catalog (no lrelease step in the build)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self._words = catalog(lang)

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        return self._words.get(source)  # None: not ours, Qt falls back to the source text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self._words


_installed: CatalogTranslator | None = None
_qt_own: QTranslator | None = None


def _install_qt_translations(lang: str) -> None:
    """Qt's own words (OK/Cancel, Yes/No, the file and print dialogs) in the chosen language: the
    Chinese interface loads qtbase_zh_CN; the English one needs none (Qt's source language)."""
    global _qt_own
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_own is not None:
        app.removeTranslator(_qt_own)
        _qt_own = None
    if lang == "zh":
        qt = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
            app.installTranslator(qt)
            _qt_own = qt


def current_language() -> str:
    return _installed.lang if _installed is not None else "zh"


def install_language(lang: str) -> str:
    """Installs ``lang`` on the running application (replacing any earlier one); returns it."""
    global _installed
    lang = lang if lang in LANGUAGES else "zh"
    app = QCoreApplication.instance()
    if _installed is not None and app is not None:
        app.removeTranslator(_installed)
        _installed = None
    if lang != "zh" and app is not None:
        _installed = CatalogTranslator(lang)
        app.installTranslator(_installed)
    _install_qt_translations(lang)
    QLocale.setDefault(QLocale(QLocale.Language.English if lang == "en" else QLocale.Language.Chinese))
    return lang


def preferences() -> QSettings:
    """The desk's own preferences (language, window geometry), beside the installation's data."""
    return QSettings(str(paths.data_dir() / "desktop.ini"), QSettings.Format.IniFormat)


def stored_language() -> str:
    value = preferences().value("language", "zh")
    return value if value in LANGUAGES else "zh"


def store_language(lang: str) -> None:
    prefs = preferences()
    prefs.setValue("language", lang)
    prefs.sync()
