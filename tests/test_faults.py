"""Fault injection: errors, delays, dropped connections, truncated replies, stalls."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import pytest
import redis
import redis.asyncio
from redis.backoff import NoBackoff
from redis.retry import Retry

from redistill import Server, VirtualClock
from redistill.faults import keyslot
from tests.doubles import Conn, error_text

START = 1_700_000_000


@pytest.fixture
def server() -> Iterator[Server]:
    with Server(clock=VirtualClock(START)) as s:
        yield s


@pytest.fixture
def r(server: Server) -> Iterator[redis.Redis]:
    """A RESP2 client that does not retry, so every fault reaches the test."""
    client = server.client(protocol=2, retry=Retry(NoBackoff(), 0))
    client.ping()
    yield client
    client.close()


@pytest.fixture
def c(server: Server) -> Iterator[Conn]:
    with Conn(server) as conn:
        yield conn


# -- error -----------------------------------------------------------------------


def test_an_error_fault_answers_with_the_given_text(server: Server, r: redis.Redis) -> None:
    server.faults.error("get", "ERR boom")
    with pytest.raises(redis.ResponseError, match="^boom$"):
        r.get("k")


def test_an_error_fault_does_not_run_the_command(server: Server, r: redis.Redis) -> None:
    server.faults.error("set", "READONLY")
    with pytest.raises(redis.ReadOnlyError):
        r.set("k", "v")
    assert server.get("k") is None


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("READONLY", "READONLY You can't write against a read only replica."),
        ("LOADING", "LOADING Redis is loading the dataset in memory"),
        (
            "BUSY",
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN"
            " NOSAVE.",
        ),
        ("OOM", "OOM command not allowed when used memory > 'maxmemory'."),
        (
            "MASTERDOWN",
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
        ),
        ("NOREPLICAS", "NOREPLICAS Not enough good replicas to write."),
        ("NOSCRIPT", "NOSCRIPT No matching script. Please use EVAL."),
        ("CLUSTERDOWN", "CLUSTERDOWN The cluster is down"),
        ("TRYAGAIN", "TRYAGAIN Multiple keys request during rehashing of slot"),
    ],
)
def test_a_bare_code_stands_for_redis_full_message(
    server: Server, c: Conn, code: str, text: str
) -> None:
    server.faults.error("get", code)
    assert error_text(c.call("GET", "k")) == text


def test_redis_py_raises_its_own_exception_for_each_code(server: Server, r: redis.Redis) -> None:
    expected = {
        "LOADING": redis.exceptions.BusyLoadingError,
        "OOM": redis.exceptions.OutOfMemoryError,
        "NOSCRIPT": redis.exceptions.NoScriptError,
        "READONLY": redis.exceptions.ReadOnlyError,
    }
    for code, exc in expected.items():
        with server.faults.error("get", code), pytest.raises(exc):
            r.get("k")


def test_moved_points_at_the_keys_slot_on_this_server(server: Server, c: Conn) -> None:
    server.faults.error("get", "MOVED")
    reply = error_text(c.call("GET", "somekey"))
    assert reply == f"MOVED 11058 {server.host}:{server.port}"


def test_ask_uses_the_hash_tag(server: Server, c: Conn) -> None:
    server.faults.error("*", "ASK")
    assert error_text(c.call("GET", "foo{hash_tag}")) == f"ASK 2515 {server.host}:{server.port}"


def test_keyslot_matches_redis_cluster_examples() -> None:
    assert keyslot(b"somekey") == 11058
    assert keyslot(b"foo{hash_tag}") == keyslot(b"bar{hash_tag}") == 2515
    assert keyslot(b"{}x") == keyslot(b"{}x")  # an empty tag hashes the whole key


def test_a_full_moved_text_is_sent_as_given(server: Server, c: Conn) -> None:
    server.faults.error("get", "MOVED 3999 10.0.0.2:6381")
    assert error_text(c.call("GET", "k")) == "MOVED 3999 10.0.0.2:6381"


def test_line_breaks_in_an_error_text_become_spaces(server: Server, c: Conn) -> None:
    server.faults.error("get", "ERR two\r\nlines")
    assert error_text(c.call("GET", "k")) == "ERR two  lines"


def test_an_error_fault_in_multi_aborts_the_transaction(server: Server, c: Conn) -> None:
    server.faults.error("set", "OOM")
    c.call("MULTI")
    assert error_text(c.call("SET", "k", "v")).startswith("OOM ")
    assert error_text(c.call("EXEC")) == (
        "EXECABORT Transaction discarded because of previous errors."
    )


def test_injected_errors_are_in_the_command_log(server: Server, r: redis.Redis) -> None:
    server.faults.error("get", "LOADING")
    with pytest.raises(redis.exceptions.BusyLoadingError):
        r.get("k")
    assert server.calls("GET", "k")[-1].error == "LOADING Redis is loading the dataset in memory"


# -- scope -----------------------------------------------------------------------


def test_times_limits_a_fault_to_the_next_n_commands(server: Server, r: redis.Redis) -> None:
    fault = server.faults.error("get", "ERR boom", times=2)
    for _ in range(2):
        with pytest.raises(redis.ResponseError):
            r.get("k")
    assert r.get("k") is None
    assert not fault.active
    assert fault.hits == 2


def test_a_fault_without_times_lasts_until_cleared(server: Server, r: redis.Redis) -> None:
    fault = server.faults.error("get", "ERR boom")
    for _ in range(5):
        with pytest.raises(redis.ResponseError):
            r.get("k")
    fault.clear()
    assert r.get("k") is None


def test_a_key_glob_limits_a_fault_to_matching_keys(server: Server, r: redis.Redis) -> None:
    server.faults.error("get", "ERR boom", key="user:*")
    with pytest.raises(redis.ResponseError):
        r.get("user:1")
    assert r.get("session:1") is None


def test_a_key_glob_matches_any_key_of_a_multi_key_command(server: Server, r: redis.Redis) -> None:
    server.faults.error("mget", "ERR boom", key="user:*")
    with pytest.raises(redis.ResponseError):
        r.mget("session:1", "user:1")
    assert r.mget("a", "b") == [None, None]


def test_a_keyless_command_never_matches_a_key_glob(server: Server, r: redis.Redis) -> None:
    server.faults.error("*", "ERR boom", key="*")
    assert r.ping() is True


def test_the_command_name_is_case_insensitive(server: Server, r: redis.Redis) -> None:
    server.faults.error("GeT", "ERR boom")
    with pytest.raises(redis.ResponseError):
        r.get("k")


def test_star_matches_every_command(server: Server, r: redis.Redis) -> None:
    server.faults.error("*", "ERR boom")
    with pytest.raises(redis.ResponseError):
        r.ping()


def test_a_container_name_matches_its_subcommands(server: Server, c: Conn) -> None:
    server.faults.error("client", "ERR boom")
    assert error_text(c.call("CLIENT", "ID")) == "ERR boom"


def test_a_subcommand_name_matches_only_it(server: Server, c: Conn) -> None:
    server.faults.error("client setname", "ERR boom")
    assert error_text(c.call("CLIENT", "SETNAME", "x")) == "ERR boom"
    assert isinstance(c.call("CLIENT", "ID"), int)


def test_several_names_at_once(server: Server, r: redis.Redis) -> None:
    server.faults.error(["get", "set"], "ERR boom")
    for call in (lambda: r.get("k"), lambda: r.set("k", "v")):
        with pytest.raises(redis.ResponseError):
            call()
    assert r.delete("k") == 0


def test_the_oldest_matching_fault_wins(server: Server, c: Conn) -> None:
    server.faults.error("get", "ERR first", times=1)
    server.faults.error("*", "ERR second")
    assert error_text(c.call("GET", "k")) == "ERR first"
    assert error_text(c.call("GET", "k")) == "ERR second"


def test_refused_commands_are_not_faulted(server: Server, c: Conn) -> None:
    fault = server.faults.error("get", "ERR boom")
    assert "wrong number of arguments" in error_text(c.call("GET"))
    assert fault.hits == 0


def test_redistill_commands_are_never_faulted(server: Server, c: Conn) -> None:
    server.faults.error("*", "ERR boom")
    server.faults.stall("*")
    assert c.call("REDISTILL", "FAULT", "CLEAR") == 2
    assert c.call("PING") == b"PONG"


def test_a_with_block_clears_the_fault(server: Server, r: redis.Redis) -> None:
    with server.faults.error("get", "ERR boom"), pytest.raises(redis.ResponseError):
        r.get("k")
    assert r.get("k") is None
    assert len(server.faults) == 0


def test_clear_removes_every_fault_and_counts_them(server: Server) -> None:
    server.faults.error("get")
    server.faults.delay("set", 1)
    assert server.faults.clear() == 2
    assert not server.faults


def test_faults_describe_themselves(server: Server) -> None:
    fault = server.faults.error("get", "READONLY", key="user:*", times=3)
    assert repr(fault) == (
        '<Fault #1 error get "READONLY You can\'t write against a read only replica." '
        "key='user:*' 3 left, 0 hit>"
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda f: f.delay("get", -1), ValueError),
        (lambda f: f.delay("get", float("nan")), ValueError),
        (lambda f: f.delay("get", "1"), TypeError),
        (lambda f: f.error("get", times=0), ValueError),
        (lambda f: f.error("get", ""), ValueError),
        (lambda f: f.close(""), TypeError),
        (lambda f: f.stall("get", key=5), TypeError),
        (lambda f: f.add("explode"), ValueError),
    ],
)
def test_bad_fault_arguments_are_refused(server: Server, make: object, problem: type) -> None:
    with pytest.raises(problem):
        make(server.faults)  # type: ignore[operator]


# -- delay -----------------------------------------------------------------------


def test_a_delay_holds_the_reply_for_real_seconds(server: Server, c: Conn) -> None:
    server.faults.delay("get", 0.3)
    began = time.monotonic()
    assert c.call("GET", "k") is None
    assert time.monotonic() - began >= 0.25


def test_a_delayed_command_has_already_run(server: Server, c: Conn) -> None:
    server.faults.delay("set", 30)
    c.send("SET", "k", "v")
    assert c.silent(0.1)
    assert server.get("k") == "v"


def test_other_clients_are_served_during_a_delay(server: Server, c: Conn) -> None:
    server.faults.delay("get", 30, key="slow")
    c.send("GET", "slow")
    with Conn(server) as other:
        assert other.call("GET", "fast") is None
    assert c.silent(0.1)


def test_later_pipelined_replies_wait_behind_a_delayed_one(server: Server, c: Conn) -> None:
    server.faults.delay("incr", 0.3, times=1)
    c.send("INCR", "n")
    c.send("INCR", "n")
    c.send("GET", "n")
    assert [c.reply(), c.reply(), c.reply()] == [1, 2, b"2"]


def test_replies_before_a_delayed_one_are_not_held(server: Server, c: Conn) -> None:
    server.faults.delay("get", 30)
    c.send("PING")
    c.send("GET", "k")
    assert c.reply() == b"PONG"
    assert c.silent(0.1)


def test_socket_timeout_fires_on_an_injected_delay(server: Server) -> None:
    client = server.client(protocol=2, socket_timeout=0.2, retry=Retry(NoBackoff(), 0))
    client.ping()
    server.faults.delay("get", 2, times=1)
    with pytest.raises(redis.TimeoutError):
        client.get("k")
    assert client.get("k") is None  # a fresh connection, and the fault is spent
    client.close()


async def test_asyncio_socket_timeout_fires_on_an_injected_delay(server: Server) -> None:
    client = redis.asyncio.Redis(
        host=server.host, port=server.port, protocol=2, socket_timeout=0.2, retry=None
    )
    await client.ping()
    server.faults.delay("get", 2, times=1)
    with pytest.raises(redis.TimeoutError):
        await client.get("k")
    await client.aclose()


async def test_asyncio_wait_for_gives_up_on_a_delay(server: Server) -> None:
    client = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2)
    await client.ping()
    server.faults.delay("get", 2, times=1)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.get("k"), 0.2)
    await client.aclose()


def test_clearing_a_delay_fault_releases_the_held_reply(server: Server, c: Conn) -> None:
    fault = server.faults.delay("get", 60)
    c.send("GET", "k")
    assert c.silent(0.1)
    fault.clear()
    assert c.reply(timeout=2) is None


# -- close / truncate ------------------------------------------------------------


def test_close_runs_the_command_then_hangs_up(server: Server, c: Conn) -> None:
    server.faults.close("set")
    c.send("SET", "k", "v")
    assert c.closed()
    assert server.get("k") == "v"


def test_close_writes_the_replies_before_it(server: Server, c: Conn) -> None:
    server.faults.close("get")
    c.send("PING")
    c.send("GET", "k")
    assert c.reply() == b"PONG"
    with pytest.raises(ConnectionError):
        c.reply()


def test_redis_py_sees_a_connection_error(server: Server, r: redis.Redis) -> None:
    server.faults.close("get", times=1)
    with pytest.raises(redis.ConnectionError):
        r.get("k")
    assert r.get("k") is None


def test_redis_py_retries_a_dropped_command(server: Server) -> None:
    client = server.client(protocol=2, retry=Retry(NoBackoff(), 3))
    server.faults.close("incrby", times=1)
    assert client.incr("n") == 2  # it ran twice: once before the drop, once on retry
    client.close()
    assert len(server.calls("INCRBY")) == 2


def test_truncate_writes_half_the_reply_then_hangs_up(server: Server) -> None:
    server.load({"k": "0123456789"})
    server.faults.truncate("get")
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        received = b""
        while chunk := sock.recv(100):
            received += chunk
    assert received == b"$10\r\n0123456789\r\n"[:8]


def test_redis_py_sees_a_truncated_reply_as_a_connection_error(
    server: Server, r: redis.Redis
) -> None:
    server.load({"k": "x" * 100})
    server.faults.truncate("get", times=1)
    with pytest.raises(redis.ConnectionError):
        r.get("k")


# -- stall -----------------------------------------------------------------------


def test_a_stall_answers_nothing_and_runs_nothing(server: Server, c: Conn) -> None:
    server.faults.stall("set")
    c.send("SET", "k", "v")
    assert c.silent()
    assert server.get("k") is None


def test_clearing_a_stall_runs_the_command(server: Server, c: Conn) -> None:
    fault = server.faults.stall("set")
    c.send("SET", "k", "v")
    c.send("GET", "k")
    assert c.silent()
    fault.clear()
    assert [c.reply(), c.reply()] == [b"OK", b"v"]


def test_a_spent_stall_holds_until_cleared(server: Server, c: Conn) -> None:
    fault = server.faults.stall("get", times=1)
    c.send("GET", "k")
    assert c.silent()
    assert not fault.active
    with Conn(server) as other:
        assert other.call("GET", "k") is None  # only the first GET stalls
    assert c.silent(0.1)
    server.faults.clear()
    assert c.reply() is None


def test_other_clients_are_served_during_a_stall(server: Server, c: Conn) -> None:
    server.faults.stall("get", key="stuck")
    c.send("GET", "stuck")
    with Conn(server) as other:
        assert other.call("SET", "x", "1") == b"OK"
    assert c.silent(0.1)


def test_stopping_the_server_ends_a_stall() -> None:
    server = Server().start()
    server.faults.stall("*")
    with Conn(server) as c:
        c.send("PING")
        assert c.silent()
        server.stop()
        assert c.closed()


def test_redis_py_socket_timeout_fires_on_a_stall(server: Server) -> None:
    client = server.client(protocol=2, socket_timeout=0.2, retry=Retry(NoBackoff(), 0))
    client.ping()
    with server.faults.stall("get"), pytest.raises(redis.TimeoutError):
        client.get("k")
    client.close()


# -- REDISTILL FAULT over the wire -------------------------------------------------


def test_fault_error_over_the_wire_returns_an_id(server: Server, c: Conn) -> None:
    assert c.call("REDISTILL", "FAULT", "ERROR", "get", "READONLY", "KEY", "u:*", "TIMES", 2) == 1
    with Conn(server) as app:
        assert error_text(app.call("GET", "u:1")).startswith("READONLY ")
        assert app.call("GET", "x") is None


def test_fault_delay_over_the_wire(server: Server, c: Conn) -> None:
    c.call("REDISTILL", "FAULT", "DELAY", "get", "0.25", "TIMES", "1")
    with Conn(server) as app:
        began = time.monotonic()
        assert app.call("GET", "k") is None
        assert time.monotonic() - began >= 0.2


def test_fault_close_truncate_and_stall_over_the_wire(server: Server, c: Conn) -> None:
    assert c.call("REDISTILL", "FAULT", "CLOSE", "incr") == 1
    assert c.call("REDISTILL", "FAULT", "TRUNCATE", "get") == 2
    assert c.call("REDISTILL", "FAULT", "STALL", "client|id") == 3
    assert [f.kind for f in server.faults] == ["close", "truncate", "stall"]
    assert [f.commands for f in server.faults] == [("incr",), ("get",), ("client|id",)]


def test_fault_list_describes_each_fault(server: Server, c: Conn) -> None:
    c.call("REDISTILL", "FAULT", "ERROR", "get", "ERR boom", "TIMES", "3")
    c.call("REDISTILL", "FAULT", "DELAY", "*", "1.5", "KEY", "k*")
    assert c.call("REDISTILL", "FAULT", "LIST") == [
        [b"id", 1, b"kind", b"error", b"command", b"get", b"key", None, b"times", 3]
        + [b"hits", 0, b"error", b"ERR boom", b"seconds", None],
        [b"id", 2, b"kind", b"delay", b"command", b"*", b"key", b"k*", b"times", None]
        + [b"hits", 0, b"error", None, b"seconds", b"1.5"],
    ]


def test_fault_clear_removes_given_ids_or_all(server: Server, c: Conn) -> None:
    for _ in range(3):
        c.call("REDISTILL", "FAULT", "ERROR", "get", "ERR x")
    assert c.call("REDISTILL", "FAULT", "CLEAR", "2", "2", "9") == 1
    assert [f.id for f in server.faults] == [1, 3]
    assert c.call("REDISTILL", "FAULT", "CLEAR") == 2


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("ERROR", "get", "x", "TIMES", "0"), "ERR TIMES must be a positive integer"),
        (("ERROR", "get", "x", "KEY"), "ERR syntax error"),
        (("ERROR", "get", "x", "COLOR", "red"), "ERR syntax error"),
        (("DELAY", "get", "-1"), "ERR invalid number of seconds '-1': use a number >= 0"),
        (("DELAY", "get", "soon"), "ERR invalid number of seconds 'soon': use a number >= 0"),
        (("ERROR", "get"), "ERR wrong number of arguments for 'redistill|fault|error' command"),
        (("STALL",), "ERR wrong number of arguments for 'redistill|fault|stall' command"),
        (("LIST", "x"), "ERR wrong number of arguments for 'redistill|fault|list' command"),
        (("CLEAR", "0"), "ERR fault id must be a positive integer"),
        (("EXPLODE",), "ERR unknown subcommand 'FAULT EXPLODE'. Try REDISTILL HELP."),
    ],
)
def test_fault_verbs_check_their_arguments(c: Conn, args: tuple[str, ...], error: str) -> None:
    assert error_text(c.call("REDISTILL", "FAULT", *args)).startswith(error)


def test_redistill_reset_clears_faults(server: Server, c: Conn) -> None:
    server.faults.error("get")
    c.call("REDISTILL", "RESET")
    assert len(server.faults) == 0


def test_redistill_help_describes_fault(c: Conn) -> None:
    lines = c.call("REDISTILL", "HELP")
    assert b"FAULT ERROR <command> <error> [KEY <glob>] [TIMES <n>]" in lines
    assert b"FAULT CLEAR [<id> ...]" in lines


# -- asyncio ---------------------------------------------------------------------


async def test_asyncio_clients_see_injected_errors(server: Server) -> None:
    client = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2)
    server.faults.error("hget", "CLUSTERDOWN")
    with pytest.raises(redis.exceptions.ClusterDownError):
        await client.hget("h", "f")
    await client.aclose()


async def test_asyncio_clients_see_a_dropped_connection(server: Server) -> None:
    client = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2, retry=None)
    await client.ping()
    server.faults.close("get", times=1)
    with pytest.raises(redis.ConnectionError):
        await client.get("k")
    await client.aclose()


def test_a_fault_added_in_a_pipeline_hits_the_commands_after_it(c: Conn) -> None:
    c.send_raw(
        b"*5\r\n$9\r\nREDISTILL\r\n$5\r\nFAULT\r\n$5\r\nERROR\r\n$3\r\nget\r\n$8\r\nLOADING!\r\n"
        b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
    )
    assert c.reply() == 1
    assert error_text(c.reply()) == "LOADING!"
