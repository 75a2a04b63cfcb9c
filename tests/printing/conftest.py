"""Shared fixtures for the printing tests: sample documents rendered once, poppler helpers."""

from __future__ import annotations

import pytest

from printing import samples
from printing.documents.card import render_tracking_card
from printing.documents.decision import render_decision_letter
from printing.documents.forms import render_assignment_slip, render_registration_form
from printing.documents.notices import (
    render_acceptance_notice,
    render_extension_notice,
    render_termination_notice,
)

RENDERERS = {
    "decision_letter": lambda: render_decision_letter(samples.decision_letter()),
    "decision_letter_copy": lambda: render_decision_letter(samples.decision_letter(is_copy=True)),
    "acceptance_notice": lambda: render_acceptance_notice(samples.acceptance_notice()),
    "extension_notice": lambda: render_extension_notice(samples.extension_notice()),
    "termination_notice": lambda: render_termination_notice(samples.termination_notice()),
    "registration_form": lambda: render_registration_form(samples.registration_form()),
    "assignment_slip": lambda: render_assignment_slip(samples.assignment_slip()),
    "tracking_card": lambda: render_tracking_card(samples.tracking_card()),
}

_cache: dict[str, bytes] = {}


@pytest.fixture(scope="session")
def rendered():
    def get(name: str) -> bytes:
        if name not in _cache:
            _cache[name] = RENDERERS[name]()
        return _cache[name]

    return get
