"""One place for words: every error code the core raises (found in its source, not listed by hand) has
Chinese and English wording in the window; none reaches the user as a raw code."""

from __future__ import annotations

import json

from tests.ui.catalog_tools import UI
from tests.ui_core.core_codes import core_error_codes


def _window_codes() -> dict[str, list[str]]:
    # Codes only the command line raises have its own catalog (desktop/cli/messages*.py).
    return {c: where for c, where in core_error_codes().items()
            if not all(w.startswith("desktop/cli/") for w in where)}


def test_the_enumeration_finds_the_codes_raised_deep_in_the_core() -> None:
    codes = _window_codes()
    assert {"restricted_matter", "illegal_transition", "id_check_digit", "missing_glyph",
            "insufficient_disk", "cipher_tampered"} <= set(codes)
    assert len(codes) > 80


def test_every_core_error_code_has_chinese_and_english_words(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.errors import DomainError
    from ui.errors import MESSAGES, describe
    from ui.i18n import install_language

    codes = _window_codes()
    missing = {c: where for c, where in codes.items() if c not in MESSAGES}
    assert not missing, f"codes without wording: {missing}"
    english = json.loads((UI / "translations" / "en.json").read_text(encoding="utf-8"))
    assert not [c for c in codes if MESSAGES[c] not in english], "codes without English words"
    try:
        for lang in ("zh", "en"):
            install_language(lang)
            for code in codes:
                text = describe(DomainError(code))
                assert code not in text and "操作未完成" not in text, (lang, code, text)
    finally:
        install_language("zh")
