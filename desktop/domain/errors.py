"""Typed errors of the core. Each names what is wrong with a stable ``code`` and ``details``;
words for people are chosen by the caller's language layer (``ui/`` or the CLI's messages)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every refusal the core makes. ``code`` is stable (used for translation)."""

    code: str = "domain_error"

    def __init__(self, code: str | None = None, /, **details: Any) -> None:
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details
        super().__init__(f"{self.code}: {details}" if details else self.code)


class ValidationError(DomainError):
    """Bad input: ``details['field']`` names the field, ``code`` the problem."""

    code = "invalid"


class IllegalTransition(DomainError):
    """A step the matter's state does not allow; ``details['missing']`` lists what is missing."""

    code = "illegal_transition"


class PermissionDenied(DomainError):
    code = "permission_denied"


class NotFound(DomainError):
    code = "not_found"


class IntegrityFailure(DomainError):
    code = "integrity_failure"


class InvalidInput(DomainError):
    """Several field problems at once, so a form can mark every bad field in one go."""

    code = "invalid_input"

    def __init__(self, problems: list[ValidationError]) -> None:
        self.problems = problems
        super().__init__("invalid_input", fields=[p.details.get("field") for p in problems])
