"""Pytest fixtures for the fake GitHub (loaded by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import github
import pytest

from .server import FakeGitHub

# The SOP roles of site_config/jdih.yml.
ROLE_USERS = {
    "kasubbag": "kasubbag-kapuas",
    "staf": "staf-hukum-kapuas",
    "pengelola": "pengelola-jdih-kapuas",
}


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started fake GitHub (kpu-kapuas/jdih-medsos) with the office's users, stopped after the test.

    Each user also has the token ``"<login>-token"``; "test-token" is github-actions[bot].
    Kasubbag is admin, the operator and staf can write (as in a real office setup).
    """
    fake = FakeGitHub()
    for login in ROLE_USERS.values():
        fake.add_user(login)
    fake.set_permission(ROLE_USERS["kasubbag"], "admin")
    fake.set_permission(ROLE_USERS["staf"], "write")
    fake.set_permission(ROLE_USERS["pengelola"], "write")
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def github_client(fake_github: FakeGitHub) -> Iterator[github.Github]:
    """PyGithub bound to ``fake_github`` as github-actions[bot] (token "test-token")."""
    client = fake_github.client()
    try:
        yield client
    finally:
        client.close()
