"""Pytest fixtures over the package's test doubles (`jdih.testing`), loaded by tests/conftest.py."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import github
import pytest

from jdih.testing.fakegithub.server import ROLE_USERS, FakeGitHub
from jdih.testing.receiver import Receiver

__all__ = ["ROLE_USERS"]

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


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with no listener: connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
