"""requirements.lock pins every dependency that pyproject.toml asks for, at a version it allows and
with hashes, and this environment runs exactly the locked versions (a stale .venv or lock fails here)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for the entries whose marker holds on this interpreter."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            marker = match.group("marker")
            current = None
            if marker is None or Marker(marker).evaluate():
                current = canonicalize_name(match.group("name"))
                pins[current] = (match.group("version"), [])
        elif current and line.strip().startswith("--hash=sha256:"):
            pins[current][1].append(line.strip().removesuffix("\\").strip())
    return pins


def _wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    lines += [line for line in (ROOT / "packaging" / "build-requirements.in").read_text().splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    return [Requirement(line) for line in lines]


def test_every_dependency_is_pinned_at_an_allowed_version_with_hashes() -> None:
    locked = _locked()
    problems = []
    for requirement in _wanted():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        if name not in locked:
            problems.append(f"{requirement.name}: not in requirements.lock (run `make lock`)")
            continue
        version, hashes = locked[name]
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}: locked {version}, pyproject.toml wants {requirement.specifier}")
        if not hashes:
            problems.append(f"{requirement.name}: no hash in requirements.lock")
    assert not problems, "\n".join(problems)


def test_every_locked_entry_carries_a_hash() -> None:
    assert all(hashes for _, hashes in _locked().values())


@pytest.mark.parametrize("name", ["PySide6-Essentials", "SQLAlchemy", "reportlab", "av", "numpy"])
def test_this_environment_runs_the_locked_versions(name: str) -> None:
    locked = _locked()
    assert metadata.version(name) == locked[canonicalize_name(name)][0]
