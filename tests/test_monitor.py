"""MONITOR: Redis's line format on the server's clock, and how a monitor behaves."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest
import redis
import redis.asyncio

from redistill import Server, VirtualClock
from tests.doubles import Conn, error_text

START = 1_700_000_000
T0 = "1700000000.000000"


@pytest.fixture
def server() -> Iterator[Server]:
    with Server(clock=VirtualClock(START)) as s:
        yield s


@pytest.fixture
def monitor(server: Server) -> Iterator[Conn]:
    with Conn(server) as conn:
        assert conn.call("MONITOR") == b"OK"
        yield conn


@pytest.fixture
def c(server: Server) -> Iterator[Conn]:
    with Conn(server) as conn:
        yield conn


def test_a_command_is_shown_as_one_status_line_in_redis_format(server: Server, c: Conn) -> None:
    with socket.create_connection((server.host, server.port), timeout=5) as mon:
        mon.sendall(b"*1\r\n$7\r\nMONITOR\r\n")
        assert mon.recv(100) == b"+OK\r\n"
        assert c.call("SET", "k", "v") == b"OK"
        line = f'+{T0} [0 {c.addr}] "SET" "k" "v"\r\n'.encode()
        assert mon.recv(200) == line


def test_the_time_is_the_servers_clock_with_microseconds(
    server: Server, monitor: Conn, c: Conn
) -> None:
    server.clock.advance(12.345678)
    c.call("PING")
    assert monitor.reply() == f'1700000012.345678 [0 {c.addr}] "PING"'.encode()


def test_arguments_are_quoted_and_escaped_like_redis(monitor: Conn, c: Conn) -> None:
    c.call("ECHO", b"a\"b\\c\n\r\t\x07\x08\x00\x1b\x7f\x80\xff '~")
    expected = r'"ECHO" "a\"b\\c\n\r\t\a\b\x00\x1b\x7f\x80\xff ' + "'~\""
    assert monitor.reply() == f"{T0} [0 {c.addr}] {expected}".encode()


def test_an_empty_argument_is_an_empty_pair_of_quotes(monitor: Conn, c: Conn) -> None:
    c.call("ECHO", "")
    assert monitor.reply() == f'{T0} [0 {c.addr}] "ECHO" ""'.encode()


def test_inline_commands_are_shown_as_sent(monitor: Conn, c: Conn) -> None:
    c.send_raw(b"set inl 'a b'\r\n")
    assert c.reply() == b"OK"
    assert monitor.reply() == f'{T0} [0 {c.addr}] "set" "inl" "a b"'.encode()


def test_the_database_is_the_clients_after_the_command(monitor: Conn, c: Conn) -> None:
    c.call("SELECT", "3")
    c.call("GET", "k")
    assert monitor.reply() == f'{T0} [3 {c.addr}] "SELECT" "3"'.encode()
    assert monitor.reply() == f'{T0} [3 {c.addr}] "GET" "k"'.encode()


def test_passwords_are_redacted(monitor: Conn, c: Conn) -> None:
    c.call("AUTH", "pw")
    c.call("AUTH", "user", "pw")
    c.call("HELLO", "2", "AUTH", "default", "pw", "SETNAME", "x")
    assert monitor.reply() == f'{T0} [0 {c.addr}] "AUTH" "(redacted)"'.encode()
    assert monitor.reply() == f'{T0} [0 {c.addr}] "AUTH" "(redacted)" "(redacted)"'.encode()
    assert (
        monitor.reply()
        == (
            f'{T0} [0 {c.addr}] "HELLO" "2" "AUTH" "(redacted)" "(redacted)" "SETNAME" "x"'
        ).encode()
    )


def test_admin_commands_are_not_shown(monitor: Conn, c: Conn) -> None:
    c.call("CONFIG", "GET", "maxmemory")
    c.call("CLIENT", "LIST")
    c.call("CLIENT", "SETNAME", "me")
    assert monitor.reply() == f'{T0} [0 {c.addr}] "CLIENT" "SETNAME" "me"'.encode()


def test_refused_commands_are_not_shown(monitor: Conn, c: Conn) -> None:
    c.call("NOSUCH", "a")
    c.call("GET")
    c.call("PING")
    assert monitor.reply() == f'{T0} [0 {c.addr}] "PING"'.encode()


def test_queued_commands_show_when_exec_runs_them_before_exec(monitor: Conn, c: Conn) -> None:
    for args in (("MULTI",), ("SET", "x", "1"), ("INCR", "x"), ("EXEC",)):
        c.call(*args)
    shown = [monitor.reply() for _ in range(4)]
    assert [line.split(b"] ", 1)[1] for line in shown] == [
        b'"MULTI"',
        b'"SET" "x" "1"',
        b'"INCR" "x"',
        b'"EXEC"',
    ]


def test_a_discarded_transaction_shows_only_multi_and_discard(monitor: Conn, c: Conn) -> None:
    for args in (("MULTI",), ("SET", "y", "1"), ("DISCARD",)):
        c.call(*args)
    assert monitor.reply().endswith(b'"MULTI"')
    assert monitor.reply().endswith(b'"DISCARD"')


def test_a_monitor_sees_its_own_commands_after_their_replies(monitor: Conn) -> None:
    monitor.send("PING")
    assert monitor.reply() == b"PONG"
    assert monitor.reply() == f'{T0} [0 {monitor.addr}] "PING"'.encode()


def test_a_monitor_cannot_touch_the_keyspace(monitor: Conn) -> None:
    reply = monitor.call("GET", "a")
    assert error_text(reply) == "ERR Replica can't interact with the keyspace"
    assert error_text(monitor.call("SET", "a", "1")) == (
        "ERR Replica can't interact with the keyspace"
    )


def test_a_second_monitor_gets_no_reply(monitor: Conn) -> None:
    monitor.send("MONITOR")
    monitor.send("ECHO", "next")
    assert monitor.reply() == b"next"


def test_reset_ends_monitor_mode(monitor: Conn, c: Conn) -> None:
    assert monitor.call("RESET") == b"RESET"
    c.call("PING")
    assert monitor.silent()
    assert monitor.call("GET", "a") is None


def test_quit_from_a_monitor_gets_no_line_of_its_own(monitor: Conn) -> None:
    monitor.send("QUIT")
    assert monitor.reply() == b"OK"
    assert monitor.closed()


def test_monitor_inside_multi_fails_at_exec(c: Conn) -> None:
    assert c.call("MULTI") == b"OK"
    assert c.call("MONITOR") == b"QUEUED"
    (result,) = c.call("EXEC")
    assert error_text(result) == "ERR MONITOR isn't allowed for DENY BLOCKING client"


def test_client_list_flags_a_monitor_with_o(server: Server, monitor: Conn, c: Conn) -> None:
    line = next(x for x in c.call("CLIENT", "LIST").split(b"\n") if monitor.addr.encode() in x)
    assert b" flags=O " in line
    assert b" cmd=monitor " in line


def test_client_kill_closes_a_monitor(server: Server, monitor: Conn, c: Conn) -> None:
    monitor_id = next(cl.id for cl in server.clients.values() if cl.addr == monitor.addr)
    assert c.call("CLIENT", "KILL", "ID", monitor_id) == 1
    assert monitor.closed()
    c.call("PING")  # nothing left to feed


def test_every_monitor_sees_every_command(server: Server, c: Conn) -> None:
    with Conn(server) as m1, Conn(server) as m2:
        m1.call("MONITOR")
        m2.call("MONITOR")
        c.call("PING")
        assert m1.reply() == m2.reply() == f'{T0} [0 {c.addr}] "PING"'.encode()


def test_resp3_monitors_get_the_same_status_lines(server: Server, c: Conn) -> None:
    with Conn(server) as mon:
        mon.call("HELLO", "3")
        mon.call("MONITOR")
        c.call("PING")
        assert mon.reply() == f'{T0} [0 {c.addr}] "PING"'.encode()


def test_redis_py_monitor_parses_the_lines(server: Server) -> None:
    r = server.client(protocol=2)
    with r.monitor() as m:
        other = server.client(protocol=2)
        other.set("greeting", "hello world")
        seen = m.next_command()
        while seen["command"].startswith("CLIENT SETINFO"):
            seen = m.next_command()
        other.close()
    r.close()
    assert seen["command"] == "SET greeting hello world"
    assert seen["time"] == START
    assert seen["db"] == 0
    assert seen["client_type"] == "tcp"


def test_an_asyncio_client_is_monitored(server: Server, monitor: Conn) -> None:
    async def main() -> None:
        client = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2)
        await client.incrby("n", 5)
        await client.aclose()

    asyncio.run(main())
    lines = [monitor.reply()]
    while not lines[-1].endswith(b'"INCRBY" "n" "5"') and len(lines) < 10:
        lines.append(monitor.reply())  # after the client's connection handshake
    assert lines[-1].endswith(b'"INCRBY" "n" "5"')
