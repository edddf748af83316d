"""The pytest plugin: fixtures, the redistill marker, suite options, time travel,
freezegun / time-machine, xdist, cleanliness and the docs' examples."""

from __future__ import annotations

import asyncio
import importlib.metadata
import inspect
import json
import os
import re
import socket
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio
from redis.backoff import NoBackoff
from redis.retry import Retry

from pytest_redistill import plugin
from pytest_redistill.plugin import ServerFactory
from pytest_redistill.settings import Settings
from redistill import Server, SystemClock, VirtualClock
from tests.util import CPUS, needs_two_cpus, time_wait_count

pytest_plugins = ["pytester"]


_INSTALLED = any(
    ep.value.startswith("pytest_redistill")
    for ep in importlib.metadata.entry_points(group="pytest11")
)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "pytest.md"


def _args(*args: str) -> list[str]:
    extra = ["-p", "no:cacheprovider", "-p", "no:hypothesispytest"]
    extra += ["-o", "asyncio_default_fixture_loop_scope=function"]
    if not _INSTALLED:
        extra += ["-p", "pytest_redistill.plugin"]
    return [*extra, *args]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run the pytester suite in this process."""
    return pytester.runpytest(*_args(*args))


def run_subprocess(pytester: pytest.Pytester, *args: str, timeout: float = 300) -> pytest.RunResult:
    """Run the pytester suite in a fresh Python process."""
    return pytester.runpytest_subprocess(*_args(*args), timeout=timeout)


# ---------------------------------------------------------------------------
# fixtures


def test_redistill_server_is_a_started_server_on_localhost(redistill_server: Server) -> None:
    assert redistill_server.running
    assert redistill_server.host == "127.0.0.1"
    assert redistill_server.port > 0


def test_redistill_server_starts_empty_with_a_frozen_virtual_clock(
    redistill_server: Server,
) -> None:
    assert redistill_server.keys() == []
    assert isinstance(redistill_server.clock, VirtualClock)
    assert redistill_server.clock.frozen


def test_redistill_client_talks_to_the_test_server(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    redistill_client.set("k", "v")
    assert redistill_client.get("k") == b"v"
    redistill_server.assert_key("k", "v")


def test_client_fixtures_skip_the_client_setinfo_handshake(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    assert redistill_client.client_info()["lib-name"] == ""
    default = redistill_server.client()
    try:
        assert default.client_info()["lib-name"] == "redis-py"
    finally:
        default.close()


def test_client_fixtures_keep_redis_pys_retry_policy_each_client_its_own_copy(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    default = inspect.signature(redis.Redis.__init__).parameters["retry"].default
    redistill_client.ping()  # (a connection, with the retry it copied)
    connection = redistill_client.connection_pool._available_connections[0]
    retries = [redistill_client.get_retry(), connection.retry]
    other = redis.Redis(**plugin._client_kwargs(redistill_server, Settings()))
    try:
        retries.append(other.get_retry())
    finally:
        other.close()
    for retry in retries:
        assert retry == default  # same backoff, count and errors
        assert isinstance(retry, type(default))
    assert len({id(r) for r in retries}) == 3
    assert len({id(r._backoff) for r in retries}) == 3  # (a backoff may keep state)
    retries[0].update_supported_errors([KeyError])
    assert KeyError not in retries[2]._supported_errors


def test_the_cheap_retry_copy_is_used_only_where_a_deep_copy_would_share_nothing() -> None:
    class Plain:
        def __init__(self, **attrs: Any) -> None:
            self.__dict__.update(attrs)

    assert plugin._copies_shallowly(Plain(n=3, x=0.5, s="a", none=None, errs=(KeyError,)))
    assert not plugin._copies_shallowly(Plain(seen=[]))  # a list would be shared
    assert not plugin._copies_shallowly(Plain(inner=Plain()))
    assert plugin._copies_shallowly(Plain(n=1, inner=Plain()), but="inner")
    assert not plugin._copies_shallowly(1)  # no __dict__


async def test_async_client_fixture_keeps_redis_asyncio_retry_policy(
    redistill_async_client: redis.asyncio.Redis,
) -> None:
    default = inspect.signature(redis.asyncio.Redis.__init__).parameters["retry"].default
    assert await redistill_async_client.ping()
    retry = redistill_async_client.get_retry()
    assert retry == default and isinstance(retry, type(default))
    assert retry is not default and retry._backoff is not default._backoff


def test_client_fixtures_send_no_tcp_keepalive_probes(redistill_client: redis.Redis) -> None:
    redistill_client.ping()
    connection = redistill_client.connection_pool._available_connections[0]
    assert connection._sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 0


def test_redistill_url_points_at_db_0_of_the_test_server(
    redistill_server: Server, redistill_url: str
) -> None:
    assert redistill_url == f"redis://127.0.0.1:{redistill_server.port}/0"
    client = redis.Redis.from_url(redistill_url)
    try:
        client.set("via-url", "1")
    finally:
        client.close()
    redistill_server.assert_key("via-url", "1")


def test_redistill_clock_is_the_servers_clock(
    redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    assert redistill_clock is redistill_server.clock


async def test_redistill_async_client_talks_to_the_test_server(
    redistill_server: Server, redistill_async_client: redis.asyncio.Redis
) -> None:
    await redistill_async_client.set("k", "v")
    assert await redistill_async_client.get("k") == b"v"
    redistill_server.assert_key("k", "v")


def test_each_test_gets_a_fresh_server_stopped_after_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        seen = []

        def test_first(redistill_server, redistill_client):
            redistill_client.set("left-over", "1")
            seen.append(redistill_server)

        def test_second(redistill_server):
            assert redistill_server is not seen[0]
            assert not seen[0].running
            redistill_server.assert_no_key("left-over")
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_client_fixtures_are_closed_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        seen = {}

        def connected(pool):
            return [c for c in pool._available_connections if c.is_connected]

        def test_sync(redistill_client):
            redistill_client.ping()
            seen["sync"] = redistill_client

        @pytest.mark.asyncio
        async def test_async(redistill_async_client):
            await redistill_async_client.ping()
            seen["async"] = redistill_async_client

        def test_both_closed():
            assert not connected(seen["sync"].connection_pool)
            assert not connected(seen["async"].connection_pool)
        """
    )
    run(pytester).assert_outcomes(passed=3)


def test_the_client_fixture_closes_after_the_server_stops_and_user_teardowns_still_reach_it(
    pytester: pytest.Pytester,
) -> None:
    # Closed first, the client would wake the server's thread to read the end
    # of its connection just before the server stops; and a user fixture torn
    # down between the two still finds the server serving.
    pytester.makepyfile(
        """
        import pytest

        seen = {}

        @pytest.fixture
        def checks_at_teardown(redistill_server):
            yield
            seen["served at teardown"] = redistill_server.client().ping()

        def test_one(redistill_server, checks_at_teardown, redistill_client):
            redistill_client.ping()
            close = redistill_client.close

            def recording_close():
                seen["server running at close"] = redistill_server.running
                close()

            redistill_client.close = recording_close

        def test_two():
            assert seen == {"served at teardown": True, "server running at close": False}
        """
    )
    run(pytester).assert_outcomes(passed=2)


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux's /proc/net/tcp")
def test_fixture_servers_reset_their_connections_at_teardown(pytester: pytest.Pytester) -> None:
    # Closed, every connection would hold its server's port in TIME_WAIT for a
    # minute, and past some 10,000 of them each new server takes milliseconds
    # to find a free port.
    pytester.makepyfile(
        """
        import json

        def test_one(redistill_server, redistill_client, redistill_server_factory):
            other = redistill_server_factory()
            pairs = []  # (server's port, client's port) of each connection
            for server, client in ((redistill_server, redistill_client),
                                   (other, other.client())):
                peer = int(client.client_info()["addr"].rsplit(":", 1)[1])
                pairs.append((server.port, peer))
            with open("pairs.json", "w") as f:
                json.dump(pairs, f)
        """
    )
    run(pytester).assert_outcomes(passed=1)  # (its teardown done)
    pairs = json.loads((pytester.path / "pairs.json").read_text())
    assert len(pairs) == 2
    assert [time_wait_count(port, peer) for port, peer in pairs] == [0, 0]


@needs_two_cpus
@pytest.mark.parametrize("fixture", ["redistill_server", "redistill_server_factory"])
def test_fixture_servers_pin_the_loop_thread_to_the_tests_cpu(
    pytester: pytest.Pytester, fixture: str
) -> None:
    # The test is the server's client: request and reply are handed between its
    # thread and the loop thread, far cheaper on one CPU than across two. The
    # inner run (a process of its own) makes the loop thread while its main
    # thread may use every CPU, then pins that main thread to one.
    server = fixture if fixture == "redistill_server" else f"{fixture}()"
    pytester.makepyfile(
        f"""
        import os
        from redistill import Server

        Server().start().stop()  # the loop thread, free to run anywhere
        CPU = {CPUS[-1]}
        os.sched_setaffinity(0, {{CPU}})

        def test_a_plain_start_leaves_the_loop_thread_free():
            with Server() as server:
                assert os.sched_getaffinity(server._loop_tid) == {set(CPUS)}

        def test_pinned({fixture}):
            server = {server}
            with server.client() as client:
                assert client.ping()
            assert os.sched_getaffinity(server._loop_tid) == {{CPU}}
            assert os.sched_getaffinity(0) == {{CPU}}  # the test's own thread: as it was
        """
    )
    run_subprocess(pytester).assert_outcomes(passed=2)


def test_the_client_fixture_closes_itself_over_a_suites_own_server_fixture(
    pytester: pytest.Pytester,
) -> None:
    # A suite may override redistill_server; its teardown knows nothing of the
    # clients to close, so redistill_client closes its own.
    pytester.makeconftest(
        """
        import pytest
        from redistill import Server

        @pytest.fixture
        def redistill_server():
            with Server(databases=4) as server:
                yield server
        """
    )
    pytester.makepyfile(
        """
        import gc, weakref

        seen = {}

        def test_one(redistill_server, redistill_client):
            assert redistill_server.config.get("databases") == b"4"  # the suite's own
            redistill_client.set("k", "v")
            redistill_server.assert_key("k", "v")
            seen["conn"] = redistill_client.connection_pool._available_connections[0]
            seen["ref"] = weakref.ref(redistill_client)

        def test_two():
            assert not seen["conn"].is_connected
            gc.collect()
            assert seen["ref"]() is None
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_nothing_keeps_a_finished_tests_client_alive(pytester: pytest.Pytester) -> None:
    # pytest keeps every test item until the session ends: a client left in
    # one's stash would keep its response-callback table and pool for the run.
    pytester.makepyfile(
        """
        import gc, weakref

        refs = []

        def test_one(redistill_client):
            redistill_client.ping()
            refs.append(weakref.ref(redistill_client))

        def test_two():
            gc.collect()
            assert refs[0]() is None
        """
    )
    run(pytester).assert_outcomes(passed=2)


# ---------------------------------------------------------------------------
# time travel


def test_advancing_the_clock_past_a_ttl_removes_the_key_for_everyone(
    redistill_server: Server, redistill_client: redis.Redis, redistill_clock: VirtualClock
) -> None:
    other = redistill_server.client()
    try:
        redistill_client.set("k", "v", ex=300)
        redistill_server.assert_ttl("k", 300)
        redistill_clock.advance(299)
        assert other.get("k") == b"v"
        redistill_clock.advance(2)
        assert redistill_client.get("k") is None
        assert other.get("k") is None
        redistill_server.assert_no_key("k")
        assert redistill_server.keys() == []
    finally:
        other.close()


async def test_advancing_the_clock_removes_the_key_for_async_clients(
    redistill_async_client: redis.asyncio.Redis, redistill_clock: VirtualClock
) -> None:
    await redistill_async_client.set("k", "v", ex=300)
    redistill_clock.advance(timedelta(seconds=301))
    assert await redistill_async_client.get("k") is None


def test_ttls_are_exact_under_the_default_clock(
    redistill_server: Server, redistill_client: redis.Redis, redistill_clock: VirtualClock
) -> None:
    redistill_client.set("k", "v", px=1500)
    redistill_server.assert_ttl("k", 1.5)
    redistill_clock.advance(0.5)
    redistill_server.assert_ttl("k", 1)


# ---------------------------------------------------------------------------
# the marker


@pytest.mark.redistill(clock="system")
def test_marker_clock_system_gives_a_system_clock(redistill_clock: Any) -> None:
    assert isinstance(redistill_clock, SystemClock)


@pytest.mark.redistill(start=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
def test_marker_start_sets_the_virtual_clocks_start(redistill_clock: VirtualClock) -> None:
    assert redistill_clock.now() == datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.mark.redistill(start="2030-01-02T03:04:05Z")
def test_marker_start_accepts_iso_8601(redistill_clock: VirtualClock) -> None:
    assert redistill_clock.time() == datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc).timestamp()


@pytest.mark.redistill(start=1_700_000_000)
def test_marker_start_accepts_unix_seconds(redistill_clock: VirtualClock) -> None:
    assert redistill_clock.time() == 1_700_000_000


@pytest.mark.redistill(tick=True)
def test_marker_tick_makes_the_virtual_clock_follow_real_time(
    redistill_clock: VirtualClock,
) -> None:
    assert not redistill_clock.frozen


@pytest.mark.redistill(databases=2)
def test_marker_databases(redistill_server: Server) -> None:
    assert len(redistill_server.keyspace.dbs) == 2


@pytest.mark.redistill(data={"user:1": {"name": "ada"}, "token": "t", "n": 1}, ttl={"token": 60})
def test_marker_data_preloads_keys_with_ttls(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    assert redistill_client.get("token") == b"t"
    redistill_server.assert_ttl("token", 60)
    redistill_server.assert_hash("user:1", {"name": "ada"})
    redistill_server.assert_persistent("n")


@pytest.mark.redistill(data={"a": "1", "b": "2"}, ttl=30)
def test_marker_ttl_number_applies_to_every_preloaded_key(redistill_server: Server) -> None:
    assert redistill_server.dump()["ttl"] == {"a": 30.0, "b": 30.0}


@pytest.mark.redistill(decode_responses=True)
def test_marker_decode_responses(redistill_client: redis.Redis) -> None:
    redistill_client.set("k", "v")
    assert redistill_client.get("k") == "v"


@pytest.mark.redistill(decode_responses=True)
async def test_marker_decode_responses_for_the_async_client(
    redistill_async_client: redis.asyncio.Redis,
) -> None:
    await redistill_async_client.set("k", "v")
    assert await redistill_async_client.get("k") == "v"


@pytest.mark.redistill(protocol=2)
def test_marker_protocol_2(redistill_client: redis.Redis) -> None:
    assert redistill_client.connection_pool.connection_kwargs["protocol"] == 2
    redistill_client.hset("h", "f", "v")
    assert redistill_client.hgetall("h") == {b"f": b"v"}


@pytest.mark.redistill(protocol=3)
def test_marker_protocol_3(redistill_client: redis.Redis) -> None:
    assert redistill_client.connection_pool.connection_kwargs["protocol"] == 3
    redistill_client.hset("h", "f", "v")
    assert redistill_client.hgetall("h") == {b"f": b"v"}


@pytest.mark.redistill(profile="redistill")
def test_marker_profile(redistill_client: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="unknown command 'ECHO'"):
        redistill_client.echo("hi")


@pytest.mark.redistill(profile="redistill")
async def test_client_fixtures_speak_resp2_under_the_redistill_profile(
    redistill_client: redis.Redis, redistill_async_client: redis.asyncio.Redis
) -> None:
    # That server has no HELLO, which redis-py 8 would send by default.
    assert redistill_client.set("k", "v")
    assert await redistill_async_client.get("k") == b"v"


@pytest.mark.redistill(config={"maxclients": 7})
def test_marker_config(redistill_server: Server) -> None:
    assert redistill_server.config.get_int("maxclients") == 7


@pytest.mark.redistill(requirepass="s3cret")
def test_marker_requirepass_puts_the_password_in_the_url(
    redistill_server: Server, redistill_url: str
) -> None:
    assert redistill_url == f"redis://:s3cret@127.0.0.1:{redistill_server.port}/0"


@pytest.mark.redistill(requirepass="s3cret")
def test_marker_requirepass_client_fixture_authenticates(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    redistill_client.set("k", "v")
    no_retries = Retry(NoBackoff(), 0)
    anonymous = redis.Redis(port=redistill_server.port, protocol=2, retry=no_retries)
    try:
        with pytest.raises(redis.AuthenticationError):
            anonymous.get("k")
    finally:
        anonymous.close()


def test_marker_applies_per_module_and_class_and_the_closest_wins(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest
        from redistill import SystemClock, VirtualClock

        pytestmark = pytest.mark.redistill(clock="system", databases=3)

        def test_module_level(redistill_server):
            assert isinstance(redistill_server.clock, SystemClock)
            assert len(redistill_server.keyspace.dbs) == 3

        @pytest.mark.redistill(clock="virtual")
        class TestVirtual:
            def test_class_level(self, redistill_server):
                assert isinstance(redistill_server.clock, VirtualClock)
                assert len(redistill_server.keyspace.dbs) == 3

            @pytest.mark.redistill(databases=5)
            def test_function_level(self, redistill_server):
                assert isinstance(redistill_server.clock, VirtualClock)
                assert len(redistill_server.keyspace.dbs) == 5
        """
    )
    run(pytester).assert_outcomes(passed=3)


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.redistill(databases=1)
        def test_ok(redistill_server):
            pass
        """
    )
    run(pytester, "--strict-markers").assert_outcomes(passed=1)
    result = run(pytester, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.redistill(**settings): configure the redistill*"])


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "clok='system'",
            "*@pytest.mark.redistill on test_wrong.py::test_it: unknown argument 'clok' "
            "(did you mean 'clock'?); known arguments: clock, start, tick, *",
        ),
        ("'system'", "*takes keyword arguments only (such as clock='system'), got ('system',)*"),
        ("clock='sundial'", "*clock must be 'virtual' or 'system', got 'sundial'*"),
        ("protocol=4", "*protocol must be 2 or 3, got 4*"),
        ("databases=0", "*databases must be a whole number of at least 1, got 0*"),
        ("profile='nope'", "*profile must be one of 'redis', 'redistill', got 'nope'*"),
        ("start='yesterday'", "*start must be a datetime, unix seconds or an ISO 8601 time*"),
        ("tick='maybe'", "*tick must be True or False, got 'maybe'*"),
        ("clock='system', tick=True", "*tick only apply to the virtual clock, but clock='system'*"),
        ("ttl=5", "*ttl= gives TTLs to the keys of data=, but no data= was given*"),
        ("data=['k']", "*data must be a mapping, got list*"),
    ],
)
def test_a_wrong_marker_fails_its_test_with_a_clear_message(
    pytester: pytest.Pytester, marker: str, message: str
) -> None:
    pytester.makepyfile(
        test_wrong=f"""
        import pytest

        @pytest.mark.redistill({marker})
        def test_it(redistill_server):
            pass

        def test_unmarked_still_passes(redistill_server):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([message])
    assert "During handling" not in result.stdout.str()


def test_a_wrong_marker_fails_even_a_test_without_redistill_fixtures(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.redistill(colck="system")
        def test_it():
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown argument 'colck' (did you mean 'clock'?)*"])


# ---------------------------------------------------------------------------
# suite-wide options


_CLOCK_KIND_TEST = """
    import pytest

    def test_kind(redistill_clock):
        print("CLOCK", type(redistill_clock).__name__)

    @pytest.mark.redistill(clock="virtual")
    def test_marked(redistill_clock):
        print("MARKED", type(redistill_clock).__name__)
"""


def test_ini_options_set_suite_defaults(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nredistill_clock = system\nredistill_databases = 4\n")
    pytester.makepyfile(_CLOCK_KIND_TEST)
    result = run(pytester, "-s")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*CLOCK SystemClock*", "*MARKED VirtualClock*"])


def test_command_line_options_override_ini_options(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nredistill_clock = virtual\n")
    pytester.makepyfile(_CLOCK_KIND_TEST)
    result = run(pytester, "-s", "--redistill-clock=system")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*CLOCK SystemClock*", "*MARKED VirtualClock*"])


def test_suite_options_for_start_databases_and_decoding(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\n"
        "redistill_start = 2030-01-01T00:00:00\n"
        "redistill_databases = 2\n"
        "redistill_decode_responses = true\n"
    )
    pytester.makepyfile(
        """
        def test_it(redistill_server, redistill_client, redistill_clock):
            assert redistill_clock.time() == 1893456000  # naive ISO times are UTC
            assert len(redistill_server.keyspace.dbs) == 2
            redistill_client.set("k", "v")
            assert redistill_client.get("k") == "v"
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_wrong_ini_option_stops_the_run_with_a_clear_message(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nredistill_clock = sundial\n")
    pytester.makepyfile("def test_it(): pass")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*ini option redistill_clock: clock must be 'virtual' or 'system', got 'sundial'*"]
    )


def test_a_wrong_command_line_option_stops_the_run_with_a_clear_message(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile("def test_it(): pass")
    result = run(pytester, "--redistill-protocol=5")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--redistill-protocol: protocol must be 2 or 3, got '5'*"])


def test_command_line_options_are_listed_in_help(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines(["*--redistill-clock=CLOCK*", "*redistill_clock (string)*"])


# ---------------------------------------------------------------------------
# the server factory


def test_factory_makes_started_servers_with_any_configuration(
    redistill_server: Server, redistill_server_factory: ServerFactory
) -> None:
    other = redistill_server_factory(databases=2, data={"k": "v"}, ttl=10)
    assert other.running
    assert other.port != redistill_server.port
    assert len(other.keyspace.dbs) == 2
    other.assert_ttl("k", 10)
    redistill_server.assert_no_key("k")


def test_factory_servers_have_their_own_clock_unless_given_one(
    redistill_clock: VirtualClock, redistill_server_factory: ServerFactory
) -> None:
    alone = redistill_server_factory()
    shared = redistill_server_factory(clock=redistill_clock)
    assert alone.clock is not redistill_clock
    assert shared.clock is redistill_clock
    shared.load({"k": "v"}, ttl=5)
    redistill_clock.advance(6)
    shared.assert_no_key("k")


def test_factory_accepts_a_system_clock_and_a_fixed_port(
    redistill_server_factory: ServerFactory,
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = redistill_server_factory(clock="system", port=port)
    assert isinstance(server.clock, SystemClock)
    assert server.port == port


def test_factory_makes_a_password_protected_server(
    redistill_server_factory: ServerFactory,
) -> None:
    locked = redistill_server_factory(requirepass="s3cret")
    client = redis.Redis.from_url(locked.url)
    try:
        client.set("k", "v")
    finally:
        client.close()
    locked.assert_key("k", "v")


def test_factory_rejects_unknown_and_client_settings(
    redistill_server_factory: ServerFactory,
) -> None:
    with pytest.raises(TypeError, match="unknown argument 'databse' \\(did you mean 'databases'"):
        redistill_server_factory(databse=2)
    with pytest.raises(TypeError, match="decode_responses= is for clients"):
        redistill_server_factory(decode_responses=True)


@pytest.mark.redistill(databases=3, data={"only": "main"})
def test_factory_servers_take_the_tests_settings_but_not_its_data(
    redistill_server_factory: ServerFactory,
) -> None:
    other = redistill_server_factory()
    assert len(other.keyspace.dbs) == 3
    assert other.keys() == []


def test_factory_servers_are_stopped_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        made = []

        def test_make(redistill_server_factory):
            made.extend([redistill_server_factory(), redistill_server_factory(databases=1)])
            assert all(s.running for s in made)

        def test_stopped():
            assert len(made) == 2
            assert not any(s.running for s in made)
        """
    )
    run(pytester).assert_outcomes(passed=2)


# ---------------------------------------------------------------------------
# async plugins


_ASYNC_CHECK = """
    seen = []

    {marker}
    async def test_async_client(redistill_async_client, redistill_clock):
        await redistill_async_client.set("k", "v", ex=10)
        redistill_clock.advance(11)
        assert await redistill_async_client.get("k") is None
        seen.append(redistill_async_client.connection_pool)

    def test_closed_in_its_own_loop():
        (pool,) = seen
        assert not [c for c in pool._available_connections if c.is_connected]
"""


@pytest.mark.parametrize(
    ("marker", "args", "passed"),
    [
        pytest.param("@pytest.mark.asyncio", ["-o", "asyncio_mode=strict"], 2, id="asyncio-strict"),
        pytest.param("", ["-o", "asyncio_mode=auto"], 2, id="asyncio-auto"),
        pytest.param("@pytest.mark.anyio", ["-p", "no:asyncio"], 2, id="anyio"),
        pytest.param("@pytest.mark.anyio", ["-o", "asyncio_mode=strict"], 2, id="anyio+asyncio"),
        pytest.param("@pytest.mark.anyio", ["-o", "asyncio_mode=auto"], 2, id="anyio+asyncio-auto"),
    ],
)
def test_async_client_works_under_pytest_asyncio_and_anyio(
    pytester: pytest.Pytester, marker: str, args: list[str], passed: int
) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def anyio_backend():
            return "asyncio"
        """
    )
    pytester.makepyfile("import pytest\n" + textwrap.dedent(_ASYNC_CHECK).format(marker=marker))
    run(pytester, "-W", "error::pytest.PytestUnraisableExceptionWarning", *args).assert_outcomes(
        passed=passed
    )


def test_async_client_refuses_anyios_trio_backend_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def anyio_backend():
            return "trio"

        @pytest.mark.anyio
        async def test_it(redistill_async_client):
            pass
        """
    )
    result = run(pytester, "-p", "no:asyncio")
    result.stdout.fnmatch_lines(["*redis.asyncio*runs on asyncio only*'trio'*"])


# ---------------------------------------------------------------------------
# assertions under pytest


def test_assertion_helpers_module_is_rewritten(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        """
        import sys
        from _pytest.assertion.rewrite import AssertionRewritingHook

        def test_rewritten():
            module = sys.modules["pytest_redistill.assertions"]
            assert isinstance(module.__loader__, AssertionRewritingHook)
        """
    )
    # Without autoloading, only the package's own register_assert_rewrite applies.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = pytester.runpytest_subprocess(
        "-p", "pytest_redistill.plugin", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)


def test_a_failed_server_assertion_reads_well_in_pytests_report(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        def test_it(redistill_server, redistill_client):
            redistill_client.set("api:users:12345", "ada")
            redistill_server.assert_key("api:users:1234", "ada")
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E*AssertionError: expected key 'api:users:1234' with value 'ada', but db 0 has "
            "no such key (1 key); did you mean 'api:users:12345'?"
        ]
    )
    assert "inspection.py" not in result.stdout.str()  # the helper's frames are hidden


def test_comparing_bytes_with_str_explains_decode_responses(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_it(redistill_client):
            redistill_client.hset("h", "f", "v")
            assert redistill_client.hgetall("h") == {"f": "v"}
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*bytes and str never compare equal: redis-py returns bytes unless*decode_responses=True*"]
    )


def test_the_bytes_and_str_hint_names_the_replies_redis_py_makes_str(
    pytester: pytest.Pytester,
) -> None:
    # CONFIG GET comes back as str whatever decode_responses says: the hint
    # must not only tell the user to expect bytes.
    pytester.makepyfile(
        """
        def test_it(redistill_client):
            assert redistill_client.config_get("databases") == {b"databases": b"16"}
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*some replies are str either way*CONFIG GET*"])


def test_unrelated_comparisons_keep_pytests_own_explanation(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_it():
            assert b"a" == "b"
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    assert "never compare equal" not in result.stdout.str()


# ---------------------------------------------------------------------------
# freezegun and time-machine drive a system clock


@pytest.mark.redistill(clock="system")
def test_freezegun_freeze_time_drives_the_servers_ttls(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2024-05-01 12:00:00") as frozen:
        redistill_client.set("k", "v", ex=300)
        redistill_server.assert_ttl("k", 300)
        frozen.tick(299)
        assert redistill_client.get("k") == b"v"
        frozen.tick(2)
        assert redistill_client.get("k") is None
        redistill_server.assert_no_key("k")


@pytest.mark.redistill(clock="system")
def test_freezegun_move_to_jumps_past_ttls(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2024-05-01 12:00:00") as frozen:
        redistill_client.set("day", "1", ex=86400)
        redistill_client.set("week", "1", ex=7 * 86400)
        frozen.move_to("2024-05-02 12:00:01")
        assert redistill_server.keys() == ["week"]
        assert redistill_client.get("day") is None


@pytest.mark.redistill(clock="system")
def test_a_server_keeps_serving_under_a_frozen_clock(
    redistill_server_factory: ServerFactory, redistill_client: redis.Redis
) -> None:
    # freezegun also freezes time.monotonic; the server's loop must not care,
    # including a server started while time is frozen.
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2024-05-01 12:00:00"):
        for i in range(200):
            redistill_client.set("k", i)
        late = redistill_server_factory(clock="system")
        client = late.client()
        try:
            client.set("k", "v", ex=5)
            assert client.get("k") == b"v"
        finally:
            client.close()
        late.stop()


@pytest.mark.redistill(clock="system")
def test_freezegun_with_tick_lets_the_server_keep_expiring(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2024-05-01 12:00:00", tick=True):
        redistill_client.set("k", "v", px=1)
        while redistill_client.get("k") is not None:
            pass
        redistill_server.assert_no_key("k")


@pytest.mark.redistill(clock="system")
def test_time_machine_travel_drives_the_servers_ttls(
    redistill_server: Server, redistill_client: redis.Redis
) -> None:
    time_machine = pytest.importorskip("time_machine")
    start = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False) as traveller:
        redistill_client.set("k", "v", ex=300)
        redistill_server.assert_ttl("k", 300)
        traveller.shift(299)
        assert redistill_client.get("k") == b"v"
        traveller.shift(2)
        assert redistill_client.get("k") is None
        traveller.move_to(start + timedelta(days=1))
        redistill_client.set("k", "v", ex=60)
        redistill_server.assert_ttl("k", 60)


@pytest.mark.redistill(clock="system")
def test_a_server_keeps_serving_under_time_machine(
    redistill_server_factory: ServerFactory, redistill_client: redis.Redis
) -> None:
    time_machine = pytest.importorskip("time_machine")
    with time_machine.travel(datetime(2024, 5, 1, tzinfo=timezone.utc), tick=False):
        for i in range(200):
            redistill_client.set("k", i)
        late = redistill_server_factory(clock="system")
        client = late.client()
        try:
            assert client.set("k", "v")
        finally:
            client.close()


async def test_a_frozen_clock_does_not_hang_async_clients(
    redistill_server_factory: ServerFactory,
) -> None:
    freezegun = pytest.importorskip("freezegun")
    server = redistill_server_factory(clock="system")
    client = redis.asyncio.Redis(port=server.port)
    try:
        with freezegun.freeze_time("2024-05-01 12:00:00") as frozen:
            await client.set("k", "v", ex=60)
            frozen.tick(61)
            assert await asyncio.wait_for(client.get("k"), 5) is None
    finally:
        await client.aclose()


# ---------------------------------------------------------------------------
# parallel and clean


def test_parallel_runs_under_xdist_without_port_collisions(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    pytester.makepyfile(
        """
        import os
        import pytest

        @pytest.mark.parametrize("i", range(40))
        def test_isolated(i, redistill_server, redistill_client, redistill_server_factory):
            extra = redistill_server_factory()
            redistill_client.set(f"key-{i}", i)
            assert redistill_server.keys() == [f"key-{i}"]
            assert extra.port != redistill_server.port
            with open(f"ports-{os.environ['PYTEST_XDIST_WORKER']}.txt", "a") as f:
                f.write(f"{redistill_server.port}\\n")
        """
    )
    result = run_subprocess(pytester, "-n", "2")
    result.assert_outcomes(passed=40)
    workers = sorted(p.name for p in pytester.path.glob("ports-*.txt"))
    assert workers == ["ports-gw0.txt", "ports-gw1.txt"]


def test_a_thousand_tests_leave_no_threads_sockets_or_fds_behind(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import os
        import threading
        import time
        import pytest

        baseline = {}

        def resources():
            # descriptors, Python threads and OS threads (the servers' loop is
            # a bare thread that threading does not list)
            return (len(os.listdir("/proc/self/fd")), threading.active_count(),
                    len(os.listdir("/proc/self/task")))

        def settled():
            # stop() closes a server's sockets before it returns; what asyncio's
            # loops and clients close on their own may take a moment (at most 5 s)
            deadline = time.monotonic() + 5
            while resources() != baseline["before"] and time.monotonic() < deadline:
                time.sleep(0.01)
            return resources()

        @pytest.mark.asyncio
        async def test_0_warm_up(redistill_server, redistill_client, redistill_async_client,
                                 redistill_server_factory):
            redistill_client.set("k", "v")
            await redistill_async_client.get("k")
            redistill_server_factory().client().close()

        def test_1_baseline():
            # the warm-up started the process's one loop thread, which serves
            # every server from then on; every other OS thread is a Python one
            fds, python_threads, os_threads = resources()
            assert os_threads == python_threads + 1
            baseline["before"] = resources()

        @pytest.mark.parametrize("i", range(800))
        def test_2_sync(i, redistill_server, redistill_client, redistill_url, redistill_clock):
            redistill_client.set("k", i, ex=10)
            redistill_clock.advance(5)
            assert redistill_client.get("k") == str(i).encode()
            redistill_server.assert_ttl("k", 5)

        @pytest.mark.parametrize("i", range(100))
        @pytest.mark.asyncio
        async def test_3_async(i, redistill_async_client):
            await redistill_async_client.set("k", i)
            assert await redistill_async_client.get("k") == str(i).encode()

        @pytest.mark.parametrize("i", range(100))
        def test_4_factory(i, redistill_server_factory):
            for _ in range(2):
                client = redistill_server_factory().client()
                client.set("k", i)
                client.close()

        def test_5_nothing_left_behind():
            assert settled() == baseline["before"]
        """
    )
    result = run_subprocess(pytester, "-p", "no:randomly")
    result.assert_outcomes(passed=1003)


# ---------------------------------------------------------------------------
# docs/pytest.md: every ```python block runs


def _doc_blocks() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    return [textwrap.dedent(b) for b in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)]


def test_the_docs_have_python_examples() -> None:
    assert len(_doc_blocks()) >= 8


@pytest.fixture
def docs_pytester(pytester: pytest.Pytester) -> Iterator[pytest.Pytester]:
    pytester.makeini("[pytest]\nasyncio_mode = strict\n")
    yield pytester


def test_the_docs_python_examples_run(docs_pytester: pytest.Pytester) -> None:
    files: dict[str, str] = {}
    for i, block in enumerate(_doc_blocks()):
        if re.search(r"^(async )?def test_", block, re.M):
            files[f"test_doc_{i:02d}"] = block
        else:  # a plain script: run it as one test
            files[f"test_doc_{i:02d}"] = "def test_block():\n" + textwrap.indent(block, "    ")
    docs_pytester.makepyfile(**files)
    result = run(docs_pytester, "-p", "no:randomly")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0, result.stdout.str()
    assert outcomes.get("passed", 0) >= len(files)
