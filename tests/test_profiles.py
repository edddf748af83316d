"""Profiles: the default ``redis`` command set and the strict ``redistill`` one."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from redistill import Server
from redistill.profiles import REDISTILL_COMMANDS
from redistill.registry import COMMANDS
from tests.conformance.resp import Connection


@pytest.fixture
def strict() -> Iterator[Server]:
    """A server running the ``redistill`` profile."""
    with Server(profile="redistill") as s:
        yield s


@pytest.fixture
def conn(strict: Server) -> Iterator[Connection]:
    with Connection(strict.host, strict.port, timeout=5) as c:
        yield c


def raw(c: Connection, *args: str) -> bytes:
    return c.command(*args).raw


def unknown(name: str, *args: str) -> bytes:
    quoted = "".join(f"'{a}' " for a in args)
    return f"-ERR unknown command '{name}', with args beginning with: {quoted}\r\n".encode()


# -- choosing a profile ------------------------------------------------------------------


def test_default_profile_is_redis(server: Server) -> None:
    assert server.profile == "redis"
    assert b"multi" in server.commands_table


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile 'valkey'"):
        Server(profile="valkey")


def test_redistill_profile_table_is_exactly_its_commands(strict: Server) -> None:
    names = {name.decode() for name in strict.commands_table if name.islower()}
    implemented = {n for n in REDISTILL_COMMANDS if n in COMMANDS}
    assert names == implemented | {"redistill"}


def test_redistill_profile_without_control_drops_the_test_namespace() -> None:
    with Server(profile="redistill", control=False) as s:
        assert b"redistill" not in s.commands_table


# -- what the redistill profile accepts and refuses ----------------------------------------


def test_redistill_profile_runs_its_commands(conn: Connection) -> None:
    assert raw(conn, "SET", "k", "v") == b"+OK\r\n"
    assert raw(conn, "GET", "k") == b"$1\r\nv\r\n"
    assert raw(conn, "PING") == b"+PONG\r\n"


@pytest.mark.parametrize(
    "argv",
    [
        ("MULTI",),
        ("EXEC",),
        ("WATCH", "k"),
        ("SETEX", "k", "10", "v"),
        ("HELLO", "3"),
        ("CLIENT", "SETINFO", "LIB-NAME", "x"),
        ("SELECT", "1"),
        ("APPEND", "k", "v"),
        ("HINCRBY", "h", "f", "1"),
        ("QUIT",),
    ],
    ids=lambda argv: argv[0],
)
def test_redistill_profile_answers_other_commands_as_unknown(
    conn: Connection, argv: tuple[str, ...]
) -> None:
    assert raw(conn, *argv) == unknown(*argv)


def test_redistill_profile_command_name_is_case_insensitive(conn: Connection) -> None:
    assert raw(conn, "set", "k", "v") == b"+OK\r\n"
    assert raw(conn, "Get", "k") == b"$1\r\nv\r\n"
    assert raw(conn, "multi") == unknown("multi")


@pytest.mark.parametrize(
    "options",
    [
        ("EX", "10"),
        ("PX", "10000"),
        ("NX",),
        ("XX",),
        ("GET",),
        ("ex", "10", "nx"),
        ("PX", "5", "GET"),
    ],
    ids=" ".join,
)
def test_redistill_profile_set_accepts_ex_px_nx_xx_get(
    conn: Connection, options: tuple[str, ...]
) -> None:
    raw(conn, "SET", "k", "old")
    reply = raw(conn, "SET", "k", "new", *options)
    assert reply in (b"+OK\r\n", b"$3\r\nold\r\n", b"$-1\r\n")


@pytest.mark.parametrize(
    "options",
    [
        ("EXAT", "9999999999"),
        ("PXAT", "9999999999000"),
        ("KEEPTTL",),
        ("keepttl",),
        ("NX", "KEEPTTL"),
    ],
    ids=" ".join,
)
def test_redistill_profile_set_refuses_exat_pxat_keepttl_as_syntax_error(
    strict: Server, conn: Connection, options: tuple[str, ...]
) -> None:
    assert raw(conn, "SET", "k", "v", *options) == b"-ERR syntax error\r\n"
    strict.assert_no_key("k")


def test_redistill_profile_set_leaves_the_ex_value_to_set(conn: Connection) -> None:
    # EX takes the next word as its value, whatever it says; SET then finds it is no number.
    assert raw(conn, "SET", "k", "v", "EX", "KEEPTTL") == (
        b"-ERR value is not an integer or out of range\r\n"
    )


def test_redis_profile_set_still_accepts_keepttl(server: Server) -> None:
    with Server(profile="redistill"):  # a strict server alongside changes nothing here
        r = server.client(protocol=2)
        r.set("k", "v", ex=100)
        assert r.set("k", "w", keepttl=True) is True
        assert r.ttl("k") == 100


def test_profile_rules_leave_the_shared_registry_untouched(strict: Server) -> None:
    assert strict.commands_table[b"set"] is not COMMANDS["set"]
    assert strict.commands_table[b"SET"] is strict.commands_table[b"set"]
    assert strict.commands_table[b"get"] is COMMANDS["get"]


# -- clients against the redistill profile --------------------------------------------------


def test_redis_py_default_handshake_fails_because_hello_is_unknown(strict: Server) -> None:
    client = redis.Redis(host=strict.host, port=strict.port)
    with pytest.raises(redis.ResponseError, match="unknown command 'HELLO'"):
        client.ping()
    client.close()


def test_redis_py_with_protocol_2_works(strict: Server) -> None:
    client = redis.Redis(host=strict.host, port=strict.port, protocol=2)
    assert client.set("k", "v") is True
    assert client.get("k") == b"v"
    client.close()


def test_server_client_speaks_resp2_under_the_redistill_profile(strict: Server) -> None:
    assert strict.client().ping() is True


def test_transactional_pipeline_fails_under_the_redistill_profile(strict: Server) -> None:
    r = strict.client()
    with r.pipeline() as p:
        p.set("k", "v")
        with pytest.raises(redis.ResponseError, match="unknown command"):
            p.execute()


def test_plain_pipeline_works_under_the_redistill_profile(strict: Server) -> None:
    r = strict.client()
    assert r.pipeline(transaction=False).set("k", "v").get("k").execute() == [True, b"v"]


# -- COMMAND reflects the profile --------------------------------------------------------------


def profile_names(server: Server) -> set[bytes]:
    return {name for name in server.commands_table if name.islower()}


def test_command_count_counts_the_profile_commands(strict: Server, conn: Connection) -> None:
    assert conn.command("COMMAND", "COUNT").node == (":", len(profile_names(strict)))


def test_command_info_knows_nothing_outside_the_profile(conn: Connection) -> None:
    kind, entries = conn.command("COMMAND", "INFO", "get", "multi").node
    assert kind == "*"
    assert entries[0][1][0] == ("$", b"get")
    assert entries[1] == ("$", None)  # what Redis answers for a command it does not have


def test_command_list_lists_the_profile_commands(strict: Server, conn: Connection) -> None:
    kind, names = conn.command("COMMAND", "LIST").node
    # Redis lists subcommands too ('config|get'): their containers are in the profile.
    assert {value.split(b"|")[0] for _, value in names} == profile_names(strict)


# -- the documentation's example runs -----------------------------------------------------------


def test_docs_profiles_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (Path(__file__).parent.parent / "docs" / "profiles.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "docs/profiles.md has no python example"
    exec(textwrap.dedent(blocks[0]), {})
    assert "unknown command 'HELLO'" in capsys.readouterr().out
