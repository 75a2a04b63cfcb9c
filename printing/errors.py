"""Typed refusals of the printing package (stable codes; words for people live in ``ui/``)."""

from __future__ import annotations

from desktop.domain.errors import DomainError, ValidationError


class MissingGlyphError(ValidationError):
    """A character no configured font can draw; raised before anything is rendered.

    ``details``: ``char``, ``codepoint`` (``U+20BB7``), ``field`` (where it was found, may be ``None``).
    """

    code = "missing_glyph"


class NoFontError(DomainError):
    """No usable TrueType font for a role (body/title/sans) was found on this machine."""

    code = "no_font"


class PrinterUnavailable(DomainError):
    """CUPS is not installed, not running, or the named printer does not exist / refused the job.

    ``details``: ``printer``, ``reason`` (``no_cups`` | ``no_printer`` | ``rejected``), ``message``.
    """

    code = "printer_unavailable"


class DocumentClaimMissing(DomainError):
    """The PDF carries no Reception Room claim (not ours, or stripped)."""

    code = "document_claim_missing"
