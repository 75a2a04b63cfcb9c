"""The staff team of the core tests, reused for the desktop's own Qt-free services."""

from __future__ import annotations

import pytest

from tests.desktop.conftest import Team, make_team


@pytest.fixture
def team(ctx) -> Team:  # type: ignore[no-untyped-def]
    return make_team(ctx)
