"""CLIENT PAUSE / UNPAUSE: held (not refused) commands, timed by the server's clock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import redis.asyncio

from redistill import Server, VirtualClock
from tests.doubles import Conn, error_text

START = 1_700_000_000


@pytest.fixture
def server() -> Iterator[Server]:
    with Server(clock=VirtualClock(START)) as s:
        yield s


@pytest.fixture
def admin(server: Server) -> Iterator[Conn]:
    with Conn(server) as conn:
        yield conn


@pytest.fixture
def c(server: Server) -> Iterator[Conn]:
    with Conn(server) as conn:
        yield conn


# -- arguments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("abc",), "ERR timeout is not an integer or out of range"),
        (("1.5",), "ERR timeout is not an integer or out of range"),
        (("-1",), "ERR timeout is negative"),
        (("10", "foo"), "ERR CLIENT PAUSE mode must be WRITE or ALL"),
        (
            ("10", "write", "x"),
            "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.",
        ),
        ((), "ERR wrong number of arguments for 'client|pause' command"),
    ],
)
def test_client_pause_checks_its_arguments(admin: Conn, args: tuple[str, ...], error: str) -> None:
    assert error_text(admin.call("CLIENT", "PAUSE", *args)) == error


def test_client_unpause_takes_no_arguments(admin: Conn) -> None:
    reply = admin.call("CLIENT", "UNPAUSE", "x")
    assert error_text(reply) == "ERR wrong number of arguments for 'client|unpause' command"


def test_client_unpause_without_a_pause_is_ok(admin: Conn) -> None:
    assert admin.call("CLIENT", "UNPAUSE") == b"OK"


# -- WRITE -----------------------------------------------------------------------


def test_write_pause_holds_writes_until_unpause(admin: Conn, c: Conn) -> None:
    assert admin.call("CLIENT", "PAUSE", "100000", "WRITE") == b"OK"
    c.send("SET", "k", "v")
    assert c.silent()
    assert admin.call("CLIENT", "UNPAUSE") == b"OK"
    assert c.reply() == b"OK"


def test_write_pause_lets_reads_through(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    assert c.call("GET", "k") is None
    assert c.call("PING") == b"PONG"


def test_a_held_clients_later_requests_wait_in_order(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    c.send("SET", "k", "1")
    c.send("GET", "k")
    c.send("INCR", "k")
    assert c.silent()
    admin.call("CLIENT", "UNPAUSE")
    assert [c.reply(), c.reply(), c.reply()] == [b"OK", b"1", 2]


def test_the_pausing_client_is_paused_too(admin: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    admin.send("SET", "k", "v")
    assert admin.silent()


def test_a_pipelined_write_after_the_pause_is_held(server: Server, c: Conn) -> None:
    c.send("CLIENT", "PAUSE", "100000", "WRITE")
    c.send("SET", "k", "v")
    assert c.reply() == b"OK"
    assert c.silent()
    server.clock.advance(100)
    assert c.reply() == b"OK"


def test_queueing_a_write_in_multi_is_held(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    assert c.call("MULTI") == b"OK"
    assert c.call("GET", "k") == b"QUEUED"
    c.send("SET", "k", "v")
    assert c.silent()
    admin.call("CLIENT", "UNPAUSE")
    assert c.reply() == b"QUEUED"


def test_exec_of_a_read_only_transaction_is_not_held(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    c.call("MULTI")
    c.call("PING")
    c.call("GET", "k")
    assert c.call("EXEC") == [b"PONG", None]


def test_exec_of_a_writing_transaction_is_held(admin: Conn, c: Conn) -> None:
    c.call("MULTI")
    c.call("SET", "k", "v")
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    c.send("EXEC")
    assert c.silent()
    admin.call("CLIENT", "UNPAUSE")
    assert c.reply() == [b"OK"]


def test_pause_inside_a_transaction_starts_after_it(admin: Conn, c: Conn) -> None:
    admin.call("MULTI")
    admin.call("SET", "a", "1")
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    admin.call("SET", "b", "2")
    assert admin.call("EXEC") == [b"OK", b"OK", b"OK"]
    c.send("SET", "c", "3")
    assert c.silent()


def test_refused_commands_are_answered_during_a_pause(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "ALL")
    assert error_text(c.call("SET", "k")) == "ERR wrong number of arguments for 'set' command"
    assert error_text(c.call("NOPE")).startswith("ERR unknown command 'NOPE'")


# -- ALL -------------------------------------------------------------------------


def test_all_pause_holds_every_command_even_unpause(server: Server, admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "5000", "ALL")
    c.send("PING")
    admin.send("CLIENT", "UNPAUSE")
    assert c.silent()
    assert admin.silent()
    server.clock.advance(5)
    assert c.reply() == b"PONG"
    assert admin.reply() == b"OK"


def test_all_is_the_default_mode(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000")
    c.send("GET", "k")
    assert c.silent()


# -- timing ----------------------------------------------------------------------


def test_the_timeout_runs_on_the_servers_clock(server: Server, admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "60000", "WRITE")
    c.send("SET", "k", "v")
    server.clock.advance(59.999)
    assert c.silent()
    server.clock.advance(0.001)
    assert c.reply() == b"OK"


def test_redistill_clock_advance_ends_a_pause(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "1000", "ALL")
    c.send("PING")
    assert c.silent()
    assert admin.call("REDISTILL", "CLOCK", "ADVANCE", "1") == b"1700000001.000"
    assert c.reply() == b"PONG"


def test_a_ticking_clock_ends_the_pause_in_real_time() -> None:
    with Server(clock=VirtualClock(START, tick=True)) as server, Conn(server) as c:
        c.call("CLIENT", "PAUSE", "150", "WRITE")
        began = time.monotonic()
        assert c.call("SET", "k", "v") == b"OK"
        assert time.monotonic() - began >= 0.1


def test_a_second_pause_keeps_the_stricter_mode_and_the_later_end(
    server: Server, admin: Conn, c: Conn
) -> None:
    admin.call("CLIENT", "PAUSE", "200000", "WRITE")
    admin.call("CLIENT", "PAUSE", "10", "ALL")  # not a write, so it runs
    c.send("GET", "k")
    server.clock.advance(1)
    assert c.silent()  # ALL from the second, until the end of the first
    server.clock.advance(199)
    assert c.reply() is None


def test_timeout_zero_pauses_nothing(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "0", "ALL")
    assert c.call("PING") == b"PONG"


# -- who is not paused -----------------------------------------------------------


def test_redistill_commands_are_never_paused(admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "ALL")
    assert c.call("REDISTILL", "CLOCK", "GET") == b"1700000000.000"


def test_a_monitor_is_never_paused(server: Server, admin: Conn) -> None:
    with Conn(server) as mon:
        mon.call("MONITOR")
        admin.call("CLIENT", "PAUSE", "100000", "ALL")
        assert mon.call("PING") == b"PONG"


def test_redistill_reset_ends_a_pause(server: Server, admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "ALL")
    c.send("PING")
    assert Conn(server).call("REDISTILL", "RESET") == b"OK"
    assert c.reply() == b"PONG"


# -- visibility ------------------------------------------------------------------


def test_client_list_flags_a_held_client_with_b(server: Server, admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    c.send("SET", "k", "v")
    assert c.silent(0.1)
    with Conn(server) as other:
        listing = other.call("CLIENT", "LIST").split(b"\n")
    line = next(x for x in listing if c.addr.encode() in x)
    assert b" flags=b " in line
    assert b" cmd=set " in line


def test_a_held_client_can_be_killed(server: Server, admin: Conn, c: Conn) -> None:
    admin.call("CLIENT", "PAUSE", "100000", "WRITE")
    c.send("SET", "k", "v")
    assert c.silent(0.1)
    cid = next(cl.id for cl in server.clients.values() if cl.addr == c.addr)
    with Conn(server) as mon:
        mon.call("MONITOR")  # monitors are not paused, so it can kill
        assert mon.call("CLIENT", "KILL", "ID", cid) == 1
    assert c.closed()
    admin.call("CLIENT", "UNPAUSE")
    assert server.get("k") is None


def test_an_asyncio_write_waits_for_the_pause(server: Server, admin: Conn) -> None:
    async def main() -> None:
        client = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2)
        await client.ping()
        admin.call("CLIENT", "PAUSE", "100000", "WRITE")
        write = asyncio.ensure_future(client.set("k", "v"))
        await asyncio.sleep(0.2)
        assert not write.done()
        server.clock.advance(100)
        assert await write is True
        await client.aclose()

    asyncio.run(main())
