"""Outages and restarts: connections drop, the port stays, the data survives."""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import redis
import redis.asyncio
import redis.asyncio.retry
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry

from redistill import Server, VirtualClock
from tests.doubles import Conn

START = 1_700_000_000


@pytest.fixture
def server() -> Iterator[Server]:
    with Server(clock=VirtualClock(START)) as s:
        yield s


def no_retry(server: Server) -> redis.Redis:
    return server.client(protocol=2, retry=Retry(NoBackoff(), 0))


def refused(server: Server) -> bool:
    """True if a new connection is dropped before it can get a reply."""
    try:
        with socket.create_connection((server.host, server.port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(100) == b""
    except (ConnectionResetError, ConnectionRefusedError, BrokenPipeError):
        return True


def end_outage_after(server: Server, seconds: float) -> threading.Thread:
    thread = threading.Thread(target=lambda: (time.sleep(seconds), server.end_outage()))
    thread.start()
    return thread


# -- outage ------------------------------------------------------------------------


def test_an_outage_drops_open_connections(server: Server) -> None:
    r = no_retry(server)
    r.ping()
    with server.outage(), pytest.raises(redis.ConnectionError):
        r.ping()
    r.close()


def test_new_connections_are_refused_during_an_outage(server: Server) -> None:
    with server.outage():
        assert refused(server)
        with pytest.raises(redis.ConnectionError):
            no_retry(server).ping()


def test_the_port_stays_reserved_during_an_outage(server: Server) -> None:
    with server.outage(), socket.socket() as intruder:
        with pytest.raises(OSError) as info:
            intruder.bind((server.host, server.port))
        assert info.value.errno == errno.EADDRINUSE


def test_the_server_serves_again_with_its_data_after_an_outage(server: Server) -> None:
    r = no_retry(server)
    r.set("k", "v")
    with server.outage():
        pass
    assert r.get("k") == b"v"  # redis-py reconnects on the next command
    assert not refused(server)
    r.close()


def test_outage_yields_the_server(server: Server) -> None:
    with server.outage() as down:
        assert down is server


def test_begin_outage_with_seconds_ends_by_itself(server: Server) -> None:
    server.begin_outage(0.2)
    assert refused(server)
    deadline = time.monotonic() + 5
    while refused(server):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_an_outage_closes_monitors_and_stalled_clients(server: Server) -> None:
    server.faults.stall("get")
    with Conn(server) as mon, Conn(server) as stuck:
        mon.call("MONITOR")
        stuck.send("GET", "k")
        assert stuck.silent()
        with server.outage():
            assert mon.closed()
            assert stuck.closed()


def test_redis_py_retry_with_exponential_backoff_recovers_after_an_outage(
    server: Server,
) -> None:
    server.load({"k": "v"})
    r = server.client(protocol=2, retry=Retry(ExponentialBackoff(cap=0.1, base=0.01), 50))
    r.ping()
    server.begin_outage()
    ending = end_outage_after(server, 0.3)
    began = time.monotonic()
    assert r.get("k") == b"v"  # retried through the outage
    assert time.monotonic() - began >= 0.25
    ending.join()
    r.close()


def test_redis_py_without_retry_fails_during_an_outage(server: Server) -> None:
    r = no_retry(server)
    r.ping()
    with server.outage(), pytest.raises(redis.ConnectionError):
        r.get("k")
    r.close()


async def test_redis_asyncio_retry_recovers_after_an_outage(server: Server) -> None:
    server.load({"k": "v"})
    retry = redis.asyncio.retry.Retry(ExponentialBackoff(cap=0.1, base=0.01), 50)
    r = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2, retry=retry)
    await r.ping()
    server.begin_outage()
    ending = end_outage_after(server, 0.3)
    assert await r.get("k") == b"v"
    ending.join()
    await r.aclose()


# -- REDISTILL OUTAGE over the wire ------------------------------------------------


def test_redistill_outage_replies_ok_then_drops_everyone(server: Server) -> None:
    with Conn(server) as caller, Conn(server) as other:
        caller.send("REDISTILL", "OUTAGE", "30")
        assert caller.reply() == b"OK"
        assert caller.closed()
        assert other.closed()
    assert refused(server)
    server.end_outage()
    assert not refused(server)


def test_redistill_outage_ends_after_its_seconds(server: Server) -> None:
    with Conn(server) as caller:
        caller.call("REDISTILL", "OUTAGE", "0.2")
    time.sleep(0.05)
    assert refused(server)
    deadline = time.monotonic() + 5
    while refused(server):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_redistill_outage_checks_its_argument(server: Server) -> None:
    with Conn(server) as c:
        reply = c.call("REDISTILL", "OUTAGE", "-1")
        assert str(reply).startswith("ERR invalid number of seconds '-1'")
        assert c.call("PING") == b"PONG"


# -- restart -----------------------------------------------------------------------


def test_restart_keeps_the_port_and_the_data(server: Server) -> None:
    port = server.port
    server.load({"k": "v"})
    server.restart()
    assert server.port == port
    r = server.client(protocol=2)
    assert r.get("k") == b"v"
    r.close()


def test_restart_keeps_the_clock(server: Server) -> None:
    server.clock.advance(100)
    server.load({"k": "v"}, ttl=50)
    server.restart()
    assert server.clock.time() == START + 100
    assert server.ttl("k") == 50


def test_restart_drops_connections(server: Server) -> None:
    with Conn(server) as c:
        c.call("PING")
        server.restart()
        assert c.closed()


def test_redis_py_reconnects_after_a_restart(server: Server) -> None:
    r = no_retry(server)
    before = r.client_id()
    server.restart()
    assert r.client_id() != before  # a new connection, made transparently
    r.close()


def test_restart_ends_a_pause_and_keeps_faults_and_the_log(server: Server) -> None:
    with Conn(server) as c:
        c.call("CLIENT", "PAUSE", "100000", "ALL")
    server.faults.error("get", "ERR boom")
    server.restart()
    r = no_retry(server)
    assert r.ping() is True
    with pytest.raises(redis.ResponseError):
        r.get("k")
    r.close()
    server.assert_called("CLIENT PAUSE")


def test_a_stopped_server_restarts_too() -> None:
    server = Server().start()
    port = server.port
    server.stop()
    try:
        server.restart()
        assert server.running
        assert server.port == port
    finally:
        server.stop()
