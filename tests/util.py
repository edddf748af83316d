"""Helpers shared by the unit tests."""

from __future__ import annotations

import os
from typing import Any

import pytest
import redis

#: the CPUs this process may run on (empty where Python cannot say: not Linux)
CPUS: list[int] = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
#: for tests that pin threads to two different CPUs
needs_two_cpus = pytest.mark.skipif(
    len(CPUS) < 2, reason="needs os.sched_setaffinity and two CPUs this process may use"
)


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


def time_wait_count(port: int, peer_port: int) -> int:
    """How many TCP sockets from local port ``port`` to ``peer_port`` are in
    TIME_WAIT (Linux's /proc/net/tcp and tcp6). (The pair, not the port alone:
    a new server may be given a port that an earlier one's connections still
    hold.)"""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.readlines()[1:]
        except FileNotFoundError:
            continue
        for row in rows:
            fields = row.split()
            local, remote = (int(a.rsplit(":", 1)[1], 16) for a in fields[1:3])
            if fields[3] == "06" and (local, remote) == (port, peer_port):
                count += 1
    return count
