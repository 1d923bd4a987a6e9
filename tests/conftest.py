"""Shared fixtures. Area fixtures live in their own plugin modules, listed here."""

from __future__ import annotations

import sys
from pathlib import Path

from jdih.testing import GITHUB_REFERENCE

ROOT = Path(__file__).resolve().parent.parent
# GitHub's schema and real event payloads, kept in jdih.testing (see tests/testing/test_github_reference.py).
GITHUB_FIXTURES = GITHUB_REFERENCE
sys.path.insert(0, str(ROOT))

pytest_plugins = ["tests.doubles", "tests.editorial_world"]
