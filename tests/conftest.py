"""Fixtures shared by redistill's own unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from redistill import Server


@pytest.fixture
def server() -> Iterator[Server]:
    """A fresh server on an ephemeral port with a frozen virtual clock."""
    with Server() as s:
        yield s


@pytest.fixture(params=[2, 3], ids=["resp2", "resp3"])
def r(request: pytest.FixtureRequest, server: Server) -> Iterator[redis.Redis]:
    """A redis-py client in RESP2 and, in a second run, RESP3 (bytes replies)."""
    client = server.client(protocol=request.param)
    yield client
    client.close()


@pytest.fixture
def r2(server: Server) -> Iterator[redis.Redis]:
    """A RESP2 redis-py client only."""
    client = server.client(protocol=2)
    yield client
    client.close()
