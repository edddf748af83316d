"""Helpers shared by the unit tests."""

from __future__ import annotations

from typing import Any

import pytest
import redis


def call(r: redis.Redis, *args: Any) -> Any:
    """One command's reply as the protocol parser gives it (no redis-py reply callbacks)."""
    pool = r.connection_pool
    conn = pool.get_connection()
    try:
        conn.send_command(*args)
        return conn.read_response()
    finally:
        pool.release(conn)


def error(r: redis.Redis, *args: Any) -> str:
    """The error text a command replies with (redis-py drops the leading 'ERR ')."""
    with pytest.raises(redis.ResponseError) as info:
        call(r, *args)
    return str(info.value)
