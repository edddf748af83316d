"""Real clients against redistill: redis-py (every protocol and parser), redis.asyncio,
redis-cli, and many connections at once."""

from __future__ import annotations

import asyncio
import os
import re
import select
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import redis
import redis.asyncio
from redis._parsers import _HiredisParser, _RESP2Parser, _RESP3Parser
from redis.backoff import NoBackoff
from redis.retry import Retry

from redistill import Server

# ---------------------------------------------------------------------------
# redis-py: RESP2 and RESP3, hiredis and the pure-Python parsers

CLIENTS = {
    "default": {},
    "resp3-hiredis": {"protocol": 3, "parser_class": _HiredisParser},
    "resp3-python": {"protocol": 3, "parser_class": _RESP3Parser},
    "resp2-hiredis": {"protocol": 2, "parser_class": _HiredisParser},
    "resp2-python": {"protocol": 2, "parser_class": _RESP2Parser},
}


def make_client(server: Server, **kwargs: Any) -> redis.Redis:
    """A redis.Redis whose pool builds connections with these options (parser_class too)."""
    pool = redis.ConnectionPool(host=server.host, port=server.port, socket_timeout=10, **kwargs)
    return redis.Redis(connection_pool=pool)


@pytest.fixture(params=list(CLIENTS), ids=list(CLIENTS))
def client(request: pytest.FixtureRequest, server: Server) -> Iterator[redis.Redis]:
    r = make_client(server, **CLIENTS[request.param])
    yield r
    r.close()
    r.connection_pool.disconnect()


def _protocol(r: redis.Redis) -> int:
    conn = r.connection_pool.get_connection()
    try:
        return int(conn.get_protocol())
    finally:
        r.connection_pool.release(conn)


def test_redis_py_8_speaks_resp3_by_default(server: Server) -> None:
    r = server.client()
    assert _protocol(r) == 3
    assert b"resp=3" in r.execute_command("CLIENT", "INFO")


@pytest.mark.parametrize("name", ["resp2-hiredis", "resp2-python", "resp3-hiredis", "resp3-python"])
def test_the_chosen_parser_and_protocol_are_used(server: Server, name: str) -> None:
    kwargs = CLIENTS[name]
    r = make_client(server, **kwargs)
    conn = r.connection_pool.get_connection()
    try:
        assert isinstance(conn._parser, kwargs["parser_class"])
        assert conn.get_protocol() == kwargs["protocol"]
    finally:
        r.connection_pool.release(conn)
    assert f"resp={kwargs['protocol']}".encode() in r.execute_command("CLIENT", "INFO")


def test_binary_values_round_trip(client: redis.Redis) -> None:
    value = bytes(range(256)) + b"\r\n$-1\r\n*0\r\n"
    assert client.set(b"bin\x00key\r\n", value) is True
    assert client.get(b"bin\x00key\r\n") == value


def test_missing_key_reads_as_none(client: redis.Redis) -> None:
    assert client.get("nope") is None


def test_counters_are_integers(client: redis.Redis) -> None:
    assert client.incr("n") == 1
    assert client.incrby("n", 41) == 42
    assert client.decr("n") == 41


def test_float_increment(client: redis.Redis) -> None:
    assert client.incrbyfloat("f", 1.5) == 1.5
    assert client.incrbyfloat("f", "0.25") == 1.75


def test_hash_reads_back_as_a_dict(client: redis.Redis) -> None:
    assert client.hset("h", mapping={"a": "1", "b": "2"}) == 2
    assert client.hgetall("h") == {b"a": b"1", b"b": b"2"}
    assert client.hget("h", "a") == b"1"
    assert client.hmget("h", ["a", "zz"]) == [b"1", None]


def test_ttl_follows_the_virtual_clock(client: redis.Redis, server: Server) -> None:
    client.set("session", "x", ex=300)
    server.clock.advance(100)
    assert client.ttl("session") == 200
    server.clock.advance(201)
    assert client.get("session") is None
    assert client.ttl("session") == -2


def test_error_reply_raises_with_redis_text(client: redis.Redis) -> None:
    client.set("s", "abc")
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        client.incr("s")


def test_wrong_type_error(client: redis.Redis) -> None:
    client.hset("h", "f", "v")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE Operation against a key"):
        client.get("h")


def test_transaction_pipeline(client: redis.Redis) -> None:
    with client.pipeline(transaction=True) as pipe:
        pipe.set("a", "1").incr("a").get("a").hset("h", "f", "v").hgetall("h")
        assert pipe.execute() == [True, 2, b"2", 1, {b"f": b"v"}]


def test_pipeline_of_a_thousand_commands(client: redis.Redis) -> None:
    with client.pipeline(transaction=False) as pipe:
        for i in range(500):
            pipe.set(f"k{i}", i)
            pipe.get(f"k{i}")
        results = pipe.execute()
    assert results[0::2] == [True] * 500
    assert results[1::2] == [str(i).encode() for i in range(500)]


def test_watch_aborts_on_a_concurrent_change(client: redis.Redis, server: Server) -> None:
    other = make_client(server, protocol=2)
    client.set("balance", 10)
    with client.pipeline() as pipe:
        pipe.watch("balance")
        other.set("balance", 99)
        pipe.multi()
        pipe.set("balance", 0)
        with pytest.raises(redis.WatchError):
            pipe.execute()
    assert client.get("balance") == b"99"


def test_large_value_round_trip(client: redis.Redis) -> None:
    value = os.urandom(4 * 1024 * 1024)
    client.set("big", value)
    assert client.get("big") == value
    assert client.strlen("big") == len(value)


def test_decode_responses(server: Server) -> None:
    r = server.client(decode_responses=True)
    r.set("greeting", "héllo")
    assert r.get("greeting") == "héllo"
    assert r.hgetall("none") == {}


def test_select_database(server: Server) -> None:
    r0 = server.client(db=0, protocol=2)
    r3 = server.client(db=3, protocol=2)
    r3.set("k", "in three")
    assert r0.get("k") is None
    assert r3.get("k") == b"in three"


def test_authenticated_client(server: Server) -> None:
    with Server(requirepass="pw") as locked:
        no_retry = Retry(NoBackoff(), 0)
        with pytest.raises(redis.AuthenticationError):
            locked.client(password=None, retry=no_retry).ping()
        for protocol in (2, 3):
            assert locked.client(protocol=protocol).ping() is True


def test_client_setname_and_client_list(server: Server) -> None:
    r = server.client(client_name="worker-1")
    assert r.client_getname() == "worker-1"  # redis-py decodes CLIENT GETNAME
    assert any(c["name"] == "worker-1" for c in r.client_list())


def test_scan_iter_visits_every_key(client: redis.Redis) -> None:
    client.mset({f"user:{i}": i for i in range(300)})
    assert {k for k in client.scan_iter(match="user:*", count=50)} == {
        f"user:{i}".encode() for i in range(300)
    }


# ---------------------------------------------------------------------------
# redis.asyncio


@pytest.mark.parametrize("protocol", [2, 3])
def test_asyncio_client(server: Server, protocol: int) -> None:
    async def main() -> list[Any]:
        r = redis.asyncio.Redis(host=server.host, port=server.port, protocol=protocol)
        try:
            await r.set("k", "v", ex=60)
            got = [await r.get("k"), await r.ttl("k")]
            await asyncio.gather(*(r.incr("counter") for _ in range(100)))
            got.append(await r.get("counter"))
            async with r.pipeline(transaction=True) as pipe:
                pipe.hset("h", mapping={"a": 1}).hgetall("h")
                got.append(await pipe.execute())
            return got
        finally:
            await r.aclose()

    assert asyncio.run(main()) == [b"v", 60, b"100", [1, {b"a": b"1"}]]


def test_asyncio_clients_on_many_connections(server: Server) -> None:
    async def main() -> bytes | None:
        clients = [redis.asyncio.Redis(port=server.port, protocol=2) for _ in range(20)]
        try:
            await asyncio.gather(*(c.incr("n") for c in clients for _ in range(25)))
            return await clients[0].get("n")
        finally:
            for c in clients:
                await c.aclose()

    assert asyncio.run(main()) == b"500"


# ---------------------------------------------------------------------------
# redis-cli against the redistill-server command


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {name} is not installed")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def cli_server() -> Iterator[int]:
    """A ``python -m redistill --port 0`` process; yields its port."""
    p = subprocess.Popen(
        [sys.executable, "-m", "redistill", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert p.stdout is not None
    try:
        ready, _, _ = select.select([p.stdout], [], [], 15)
        assert ready, "redistill-server printed no ready line"
        m = re.search(r":(\d+) \(clock", p.stdout.readline())
        assert m
        yield int(m.group(1))
    finally:
        p.terminate()
        assert p.wait(10) == 0
        p.stdout.close()
        if p.stderr is not None:
            p.stderr.close()


def redis_cli(port: int, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("redis-cli"), "-p", str(port), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_redis_cli_ping(cli_server: int) -> None:
    done = redis_cli(cli_server, "ping")
    assert (done.returncode, done.stdout) == (0, "PONG\n")


def test_redis_cli_set_and_get(cli_server: int) -> None:
    assert redis_cli(cli_server, "set", "cli:key", "hello world").stdout == "OK\n"
    done = redis_cli(cli_server, "get", "cli:key")
    assert (done.returncode, done.stdout) == (0, "hello world\n")


def test_redis_cli_missing_key_in_a_terminal_style(cli_server: int) -> None:
    assert redis_cli(cli_server, "--no-raw", "get", "cli:missing").stdout == "(nil)\n"


def test_redis_cli_prints_error_replies(cli_server: int) -> None:
    done = redis_cli(cli_server, "nosuchcommand", "x")
    assert "ERR unknown command 'nosuchcommand', with args beginning with: 'x'" in done.stdout


def test_redis_cli_resp3_hash(cli_server: int) -> None:
    redis_cli(cli_server, "hset", "cli:h", "f", "v")
    done = redis_cli(cli_server, "-3", "--no-raw", "hgetall", "cli:h")
    assert (done.returncode, done.stdout) == (0, '1# "f" => "v"\n')


def test_redis_cli_pipe_mass_insertion(cli_server: int) -> None:
    commands = "".join(f"SET cli:mass:{i} {i}\r\n" for i in range(2000))
    done = redis_cli(cli_server, "--pipe", stdin=commands)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "errors: 0, replies: 2000" in done.stdout
    assert redis_cli(cli_server, "get", "cli:mass:1999").stdout == "1999\n"


# ---------------------------------------------------------------------------
# Concurrency


def test_two_hundred_connections_incrementing_one_key(server: Server) -> None:
    threads_n, per_thread = 200, 100
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def work() -> None:
        r = server.client(protocol=2, single_connection_client=True, socket_timeout=30)
        try:
            r.ping()
            barrier.wait(30)
            for _ in range(per_thread):
                r.incr("hits")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            r.close()

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert server.client(protocol=2).get("hits") == b"%d" % (threads_n * per_thread)
