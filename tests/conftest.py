"""Shared fixtures. Area fixtures live in their own plugin modules, listed here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from jdih.testing import GITHUB_REFERENCE

ROOT = Path(__file__).resolve().parent.parent
# GitHub's schema and real event payloads, kept in jdih.testing (see test_fixtures.py).
GITHUB_FIXTURES = GITHUB_REFERENCE
sys.path.insert(0, str(ROOT))

# Each area's fixtures module is loaded when present (areas land one by one).
_PLUGINS = ["tests.doubles", "tests.editorial_world"]
pytest_plugins = [name for name in _PLUGINS if importlib.util.find_spec(name) is not None]
