"""The command log: what is recorded, the assertions on it, and REDISTILL LOG."""

from __future__ import annotations

import importlib.metadata
import socket
import time
from collections.abc import Iterator

import pytest
import redis
import redis.asyncio

from redistill import Server, VirtualClock

START = 1_700_000_000

pytest_plugins = ["pytester"]


@pytest.fixture
def server() -> Iterator[Server]:
    with Server(clock=VirtualClock(START)) as s:
        yield s


@pytest.fixture
def r(server: Server) -> Iterator[redis.Redis]:
    """A connected RESP2 client whose handshake is already out of the log."""
    client = server.client(protocol=2)
    client.ping()
    server.reset_log()
    yield client
    client.close()


# -- what is recorded --------------------------------------------------------------


def test_a_command_is_recorded_with_its_name_and_arguments(server: Server, r: redis.Redis) -> None:
    r.set("user:1", "alice", ex=60)
    entry = server.commands[-1]
    assert entry.name == "set"
    assert entry.args == ("user:1", "alice", "EX", "60")
    assert entry.argv == (b"SET", b"user:1", b"alice", b"EX", b"60")


def test_entries_are_oldest_first(server: Server, r: redis.Redis) -> None:
    r.set("a", "1")
    r.get("a")
    r.delete("a")
    assert server.commands.names == ["set", "get", "del"]


def test_non_utf8_arguments_stay_bytes(server: Server, r: redis.Redis) -> None:
    r.set(b"k", b"\xff\x00")
    assert server.commands[-1].args == ("k", b"\xff\x00")


def test_the_client_id_and_name_are_recorded(server: Server, r: redis.Redis) -> None:
    r.client_setname("worker-7")
    r.get("k")
    entry = server.commands[-1]
    assert entry.client_id == r.client_id()
    assert entry.client_name == "worker-7"


def test_the_database_is_the_one_the_command_ran_in(server: Server) -> None:
    client = server.client(protocol=2, db=3)
    client.set("k", "v")
    select, set_ = server.calls("select")[-1], server.calls("set")[-1]
    client.close()
    assert (select.db, set_.db) == (0, 3)


def test_the_time_is_the_servers_clock(server: Server, r: redis.Redis) -> None:
    r.get("a")
    server.clock.advance(90.5)
    r.get("b")
    first, second = server.commands
    assert first.time == START
    assert second.time == START + 90.5


def test_the_time_follows_every_way_the_clock_moves(server: Server, r: redis.Redis) -> None:
    clock = server.clock
    assert isinstance(clock, VirtualClock)
    r.get("advanced")
    clock.set(START + 3600)
    r.get("set")
    clock.tick()
    r.get("ticking")
    clock.freeze()
    frozen_at = clock.time()
    r.get("frozen")
    clock.reset()
    r.get("reset")
    times = {c.args[0]: c.time for c in server.commands}
    assert times["advanced"] == START
    assert times["set"] == START + 3600
    assert START + 3600 <= times["ticking"] <= frozen_at  # (real time went by)
    assert times["frozen"] == frozen_at
    assert times["reset"] == START


def test_the_time_of_a_system_clock_is_read_for_each_command() -> None:
    with Server(clock="system") as server:
        r = server.client(protocol=2)
        before = time.time()
        r.get("k")
        after = time.time()
        r.close()
        (get,) = server.calls("get")
    # (the log keeps whole microseconds: truncated, a reading can fall just below before)
    assert before - 1e-6 <= get.time <= after


def test_a_successful_command_has_no_error(server: Server, r: redis.Redis) -> None:
    r.set("k", "v")
    assert server.commands[-1].ok
    assert server.commands[-1].error is None


def test_an_error_reply_is_recorded(server: Server, r: redis.Redis) -> None:
    r.set("k", "not a number")
    with pytest.raises(redis.ResponseError):
        r.incr("k")
    entry = server.commands[-1]
    assert not entry.ok
    assert entry.error == "ERR value is not an integer or out of range"


def test_an_unknown_command_is_recorded_with_its_error(server: Server, r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError):
        r.execute_command("FLY", "away")
    entry = server.commands[-1]
    assert entry.argv == (b"FLY", b"away")
    assert entry.error == "ERR unknown command 'FLY', with args beginning with: 'away' "


def test_a_wrong_number_of_arguments_is_recorded(server: Server, r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError):
        r.execute_command("GET")
    assert server.commands[-1].error == "ERR wrong number of arguments for 'get' command"


def test_a_command_refused_for_noauth_is_recorded() -> None:
    with Server(requirepass="s3cret") as server:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
            assert sock.recv(100) == b"-NOAUTH Authentication required.\r\n"
        assert server.calls("get")[-1].error == "NOAUTH Authentication required."


def test_transaction_commands_are_recorded_when_exec_runs_them(
    server: Server, r: redis.Redis
) -> None:
    with r.pipeline(transaction=True) as pipe:
        pipe.set("n", "1").incr("n")
        pipe.execute()
    assert server.commands.names == ["multi", "set", "incrby", "exec"]


def test_a_discarded_transactions_commands_are_not_recorded(server: Server, r: redis.Redis) -> None:
    r.execute_command("MULTI")
    r.execute_command("SET", "k", "v")
    r.execute_command("DISCARD")
    assert server.commands.names == ["multi", "discard"]


def test_redistill_commands_are_not_recorded(server: Server, r: redis.Redis) -> None:
    r.execute_command("REDISTILL", "CLOCK", "ADVANCE", "1")
    with pytest.raises(redis.ResponseError):
        r.execute_command("REDISTILL", "NOPE")
    assert len(server.commands) == 0


def test_without_control_redistill_is_an_unknown_command_and_recorded() -> None:
    with Server(control=False) as server:
        r = server.client(protocol=2)
        with pytest.raises(redis.ResponseError):
            r.execute_command("REDISTILL", "LOG", "LEN")
        r.close()
        assert server.calls("REDISTILL")[-1].error is not None


def test_asyncio_clients_are_recorded_too(server: Server) -> None:
    import asyncio

    async def main() -> None:
        client = redis.asyncio.Redis(host=server.host, port=server.port, protocol=2)
        await client.set("a", "1")
        await client.aclose()

    asyncio.run(main())
    server.assert_called("SET", "a", "1")


def test_the_log_keeps_only_the_newest_log_size_commands() -> None:
    with Server(log_size=3) as server:
        r = server.client(protocol=2)
        for i in range(10):
            r.set(f"k{i}", i)
        r.close()
        assert [c.args[0] for c in server.commands] == ["k7", "k8", "k9"]


def test_log_size_zero_turns_the_log_off() -> None:
    with Server(log_size=0) as server:
        r = server.client(protocol=2)
        r.set("k", "v")
        r.close()
        assert len(server.commands) == 0
        with pytest.raises(RuntimeError, match="log_size=0"):
            server.assert_called("set")


_VALUE = b"x" * 100_000
#: a log's arguments may pass its budget by what one read brings (a SET of _VALUE)
_BUDGET_AND_A_READ = 1_000_000 + 2 * len(_VALUE)


def _held(server: Server) -> int:
    """Bytes of arguments the server's command log holds."""
    return sum(len(a) for c in server.commands for a in c.argv)


def test_large_values_drop_the_oldest_entries_to_stay_within_log_bytes() -> None:
    # Each SET logs a 100 KB value; a 1 MB budget holds the newest few only,
    # so the log never keeps every value ever sent alive.
    with Server(log_bytes=1_000_000) as server:
        r = server.client(protocol=2)
        for i in range(60):
            r.set(f"k{i}", _VALUE)
            assert _held(server) <= _BUDGET_AND_A_READ
        r.close()
        kept = [c.args[0] for c in server.commands]
        assert kept == [f"k{i}" for i in range(60 - len(kept), 60)]  # the newest, in order
        assert 4 <= len(kept) < 12
        server.assert_called("SET", "k59", _VALUE)


def test_config_resetstat_does_not_lift_the_log_bytes_budget() -> None:
    # INFO's input byte count starts again at RESETSTAT; the budget's must not.
    with Server(log_bytes=1_000_000) as server:
        r = server.client(protocol=2)
        for i in range(30):
            r.set(f"k{i}", _VALUE)
        r.config_resetstat()
        for i in range(30, 60):
            r.set(f"k{i}", _VALUE)
        r.close()
        assert _held(server) <= _BUDGET_AND_A_READ


def test_small_commands_stay_in_the_log_however_many_bytes_came_before() -> None:
    with Server(log_size=100, log_bytes=1_000_000) as server:
        r = server.client(protocol=2)
        for _ in range(20):
            r.set("big", _VALUE)
        for _ in range(100):
            r.incr("n")
        r.close()
        assert [c.name for c in server.commands] == ["incrby"] * 100  # (what r.incr sends)


@pytest.mark.parametrize("log_bytes", [0, -1, 1.5, True])
def test_a_log_bytes_below_one_or_not_an_int_is_refused(log_bytes: object) -> None:
    with pytest.raises(ValueError, match="log_bytes"):
        Server(log_bytes=log_bytes)  # type: ignore[arg-type]


def test_a_negative_log_size_is_refused() -> None:
    with pytest.raises(ValueError, match="log_size"):
        Server(log_size=-1)


def test_reset_log_forgets_every_command(server: Server, r: redis.Redis) -> None:
    r.set("k", "v")
    server.reset_log()
    assert len(server.commands) == 0


def test_commands_is_a_snapshot(server: Server, r: redis.Redis) -> None:
    snapshot = server.commands
    r.set("k", "v")
    assert len(snapshot) == 0
    assert len(server.commands) == 1


# -- calls ------------------------------------------------------------------------


def test_calls_match_the_name_case_insensitively(server: Server, r: redis.Redis) -> None:
    r.set("k", "v")
    assert len(server.calls("set")) == len(server.calls("SET")) == 1


def test_calls_match_an_argument_prefix(server: Server, r: redis.Redis) -> None:
    r.set("user:1", "a")
    r.set("user:2", "b")
    assert [c.args for c in server.calls("SET", "user:2")] == [("user:2", "b")]


def test_calls_compare_numbers_as_redis_py_sends_them(server: Server, r: redis.Redis) -> None:
    r.expire("k", 300)
    assert server.calls("EXPIRE", "k", 300)


def test_calls_filter_by_key_glob(server: Server, r: redis.Redis) -> None:
    r.mset({"session:1": "a", "user:1": "b"})
    r.get("session:1")
    r.get("user:1")
    assert [c.name for c in server.calls("GET", key="session:*")] == ["get"]
    assert len(server.calls("MSET", key="user:*")) == 1


def test_calls_select_a_subcommand(server: Server, r: redis.Redis) -> None:
    r.client_setname("web")
    r.client_id()
    assert len(server.calls("CLIENT SETNAME")) == 1
    assert len(server.calls("client|setname", "web")) == 1
    assert len(server.calls("client")) == 2


# -- assertions -------------------------------------------------------------------


def test_assert_called_passes_and_returns_the_matches(server: Server, r: redis.Redis) -> None:
    r.execute_command("SETEX", "user:1", 60, "alice")
    found = server.assert_called("SETEX", "user:1")
    assert [c.args for c in found] == [("user:1", "60", "alice")]


def test_assert_called_fails_listing_the_commands_seen(server: Server, r: redis.Redis) -> None:
    r.get("user:1")
    r.set("user:1", "alice")
    with pytest.raises(AssertionError) as info:
        server.assert_called("SETEX", "user:1")
    message = str(info.value)
    assert "expected SETEX user:1 to be called at least once, but it was called never" in message
    assert "commands seen (2, oldest first):" in message
    assert "1. GET user:1  [client " in message
    assert "2. SET user:1 alice  [client " in message


def test_assert_called_with_times_counts_exactly(server: Server, r: redis.Redis) -> None:
    r.get("k")
    r.get("k")
    server.assert_called("GET", "k", times=2)
    with pytest.raises(AssertionError, match="called once, but it was called twice"):
        server.assert_called("GET", "k", times=1)


def test_failure_messages_show_errors_and_client_names(server: Server, r: redis.Redis) -> None:
    r.client_setname("web")
    with pytest.raises(redis.ResponseError):
        r.execute_command("NOPE")
    with pytest.raises(AssertionError) as info:
        server.assert_called("GET")
    assert "NOPE  [client " in str(info.value)
    assert "'web', db 0] -> ERR unknown command 'NOPE'" in str(info.value)


def test_assert_not_called_passes_when_absent(server: Server, r: redis.Redis) -> None:
    r.get("k")
    server.assert_not_called("DEL")
    server.assert_not_called("GET", "other")


def test_assert_not_called_fails_with_where_it_was_seen(server: Server, r: redis.Redis) -> None:
    r.get("a")
    r.delete("session:1")
    with pytest.raises(AssertionError) as info:
        server.assert_not_called("DEL", key="session:*")
    assert "expected DEL (key matching 'session:*') not to be called" in str(info.value)
    assert "called once (#2)" in str(info.value)


def test_assert_call_order_allows_commands_in_between(server: Server, r: redis.Redis) -> None:
    r.get("user:1")
    r.incr("hits")
    r.execute_command("SETEX", "user:1", 60, "alice")
    server.assert_call_order(["GET user:1", ("SETEX", "user:1", 60)])


def test_assert_call_order_fails_naming_the_missing_step(server: Server, r: redis.Redis) -> None:
    r.execute_command("SETEX", "user:1", 60, "alice")
    r.get("user:1")
    with pytest.raises(AssertionError) as info:
        server.assert_call_order(["GET user:1", "SETEX user:1"])
    message = str(info.value)
    assert "1. GET user:1  (command #2)" in message
    assert "2. SETEX user:1  <- not seen after command #2" in message


def test_a_second_request_served_from_cache_sends_no_setex(server: Server, r: redis.Redis) -> None:
    """The use case from the issue: a cache-aside read, twice."""

    def get_user(uid: int) -> bytes:
        cached = r.get(f"user:{uid}")
        if cached is not None:
            return cached
        r.execute_command("SETEX", f"user:{uid}", 300, b"alice")
        return b"alice"

    get_user(1)
    server.reset_log()
    get_user(1)
    server.assert_called("GET", "user:1", times=1)
    server.assert_not_called("SETEX")


# -- REDISTILL LOG over the wire ----------------------------------------------------


def test_log_get_returns_maps_in_resp3(server: Server) -> None:
    client = server.client(protocol=3)
    client.client_setname("app")
    server.reset_log()
    client.set("k", "v")
    entries = client.execute_command("REDISTILL", "LOG", "GET")
    client.close()
    assert entries == [
        {
            b"time": b"1700000000.000000",
            b"client-id": server.commands[0].client_id,
            b"client-name": b"app",
            b"db": 0,
            b"argv": [b"SET", b"k", b"v"],
            b"error": None,
        }
    ]


def test_log_get_returns_flat_field_value_arrays_in_resp2(server: Server, r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError):
        r.execute_command("NOPE")
    (entry,) = r.execute_command("REDISTILL", "LOG", "GET")
    fields = dict(zip(entry[::2], entry[1::2]))
    assert entry[::2] == [b"time", b"client-id", b"client-name", b"db", b"argv", b"error"]
    assert fields[b"argv"] == [b"NOPE"]
    assert fields[b"error"] == b"ERR unknown command 'NOPE', with args beginning with: "


def test_log_get_count_returns_the_newest(server: Server, r: redis.Redis) -> None:
    for key in "abc":
        r.get(key)
    entries = r.execute_command("REDISTILL", "LOG", "GET", "2")
    assert [e[9] for e in entries] == [[b"GET", b"b"], [b"GET", b"c"]]
    assert len(r.execute_command("REDISTILL", "LOG", "GET", "-1")) == 3
    assert len(r.execute_command("REDISTILL", "LOG", "GET", "10")) == 3
    assert r.execute_command("REDISTILL", "LOG", "GET", "0") == []


def test_log_get_refuses_a_bad_count(r: redis.Redis) -> None:
    for bad in ("-2", "x"):
        with pytest.raises(
            redis.ResponseError, match="count should be greater than or equal to -1"
        ):
            r.execute_command("REDISTILL", "LOG", "GET", bad)


def test_log_len_and_reset(server: Server, r: redis.Redis) -> None:
    r.get("a")
    r.get("b")
    assert r.execute_command("REDISTILL", "LOG", "LEN") == 2
    assert r.execute_command("REDISTILL", "LOG", "RESET") == b"OK"
    assert r.execute_command("REDISTILL", "LOG", "LEN") == 0


def test_log_verbs_check_their_arguments(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="unknown subcommand 'LOG PEEK'"):
        r.execute_command("REDISTILL", "LOG", "PEEK")
    with pytest.raises(redis.ResponseError, match="'redistill|log|len' command"):
        r.execute_command("REDISTILL", "LOG", "LEN", "1")
    with pytest.raises(redis.ResponseError, match="'redistill|log' command"):
        r.execute_command("REDISTILL", "LOG")


def test_redistill_reset_empties_the_log(server: Server, r: redis.Redis) -> None:
    r.set("k", "v")
    r.execute_command("REDISTILL", "RESET")
    assert len(server.commands) == 0


def test_redistill_help_describes_log(r: redis.Redis) -> None:
    lines = r.execute_command("REDISTILL", "HELP")
    assert b"LOG GET [<count>]" in lines
    assert b"LOG RESET" in lines


# -- the pytest plugin --------------------------------------------------------------

_INSTALLED = any(
    ep.value.startswith("pytest_redistill")
    for ep in importlib.metadata.entry_points(group="pytest11")
)


def test_each_test_starts_with_an_empty_log(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", [1, 2])
        def test_log(redistill_server, n):
            r = redistill_server.client(protocol=2)
            r.ping()
            assert len(redistill_server.calls("ping")) == 1
            r.close()
        """
    )
    args = ["-p", "no:cacheprovider", "-o", "asyncio_default_fixture_loop_scope=function"]
    if not _INSTALLED:
        args += ["-p", "pytest_redistill.plugin"]
    pytester.runpytest(*args).assert_outcomes(passed=2)
