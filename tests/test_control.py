"""REDISTILL: test control over the wire (clock verbs, RESET, HELP, on/off, AUTH)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import redis

from redistill import Server
from redistill.clock import VirtualClock
from redistill.commands import control

START = 1_700_000_000  # 2023-11-14T22:13:20Z


@pytest.fixture
def server() -> Iterator[Server]:
    """A server whose virtual clock starts at a known instant."""
    with Server(clock=VirtualClock(START)) as s:
        yield s


def rc(r: redis.Redis, *args: str) -> object:
    return r.execute_command("REDISTILL", *args)


def raw(server: Server, payload: bytes) -> bytes:
    """Send ``payload`` on a fresh socket and return what comes back for it."""
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(payload)
        return sock.recv(65536)


def resp(*args: str) -> bytes:
    out = b"*%d\r\n" % len(args)
    for a in args:
        out += b"$%d\r\n%s\r\n" % (len(a), a.encode())
    return out


# -- CLOCK GET ------------------------------------------------------------------


def test_clock_get_replies_unix_seconds_with_three_decimals(r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "GET") == b"1700000000.000"


def test_clock_get_is_a_bulk_string_in_resp2(server: Server) -> None:
    assert raw(server, resp("REDISTILL", "CLOCK", "GET")) == b"$14\r\n1700000000.000\r\n"


def test_clock_get_truncates_to_milliseconds(server: Server, r: redis.Redis) -> None:
    server.clock.advance(0.0129)
    assert rc(r, "CLOCK", "GET") == b"1700000000.012"


def test_verbs_are_case_insensitive(r: redis.Redis) -> None:
    assert r.execute_command("redistill", "clock", "get") == b"1700000000.000"
    assert r.execute_command("Redistill", "Clock", "Advance", "1") == b"1700000001.000"


def test_clock_get_works_on_the_system_clock() -> None:
    with Server(clock="system") as s:
        r = s.client(protocol=2)
        seconds = float(rc(r, "CLOCK", "GET"))  # type: ignore[arg-type]
        assert abs(seconds - s.clock.time()) < 5
        r.close()


# -- CLOCK ADVANCE ----------------------------------------------------------------


def test_advance_moves_the_clock_and_replies_the_new_time(server: Server, r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "ADVANCE", "301") == b"1700000301.000"
    assert server.clock.time() == START + 301


def test_advance_accepts_fractions(server: Server, r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "ADVANCE", "0.25") == b"1700000000.250"
    assert rc(r, "CLOCK", "ADVANCE", ".5") == b"1700000000.750"
    assert rc(r, "CLOCK", "ADVANCE", "1e3") == b"1700001000.750"
    assert server.clock.time_ms() == (START + 1000) * 1000 + 750


def test_advance_with_a_negative_amount_moves_back(r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "ADVANCE", "-60") == b"1699999940.000"


def test_advance_expires_keys_at_once(r: redis.Redis) -> None:
    r.set("session:1", "x", ex=300)
    rc(r, "CLOCK", "ADVANCE", "300")
    assert r.get("session:1") == b"x"  # alive through its last millisecond, as in Redis
    assert r.pttl("session:1") == 0
    rc(r, "CLOCK", "ADVANCE", "0.001")
    assert r.get("session:1") is None
    assert r.exists("session:1") == 0


def test_advance_leaves_keys_without_ttl(r: redis.Redis) -> None:
    r.set("k", "v")
    rc(r, "CLOCK", "ADVANCE", "86400")
    assert r.get("k") == b"v"


def test_advance_from_another_connection_is_seen_by_every_client(
    server: Server, r: redis.Redis
) -> None:
    r.set("k", "v", ex=10)
    other = server.client(protocol=2)
    rc(other, "CLOCK", "ADVANCE", "10.001")
    other.close()
    assert r.ttl("k") == -2


@pytest.mark.parametrize(
    "bad", ["abc", "", "inf", "-inf", "nan", "1_000", " 1", "1 ", "0x10", "1.2.3", "1e999"]
)
def test_advance_rejects_what_is_not_a_plain_number(r: redis.Redis, bad: str) -> None:
    with pytest.raises(redis.ResponseError) as exc:
        rc(r, "CLOCK", "ADVANCE", bad)
    assert str(exc.value) == (
        f"invalid number of seconds '{bad}': use a number such as 301 or 0.25"
    )


def test_advance_error_leaves_the_clock_alone(server: Server, r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError):
        rc(r, "CLOCK", "ADVANCE", "soon")
    assert server.clock.time() == START


def test_advance_past_year_9999_is_refused(server: Server, r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="between 1970-01-01 and 9999-12-31"):
        rc(r, "CLOCK", "ADVANCE", "1e12")
    assert server.clock.time() == START


def test_advance_before_the_epoch_is_refused(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="between 1970-01-01 and 9999-12-31"):
        rc(r, "CLOCK", "ADVANCE", str(-START - 1))


def test_advance_needs_the_virtual_clock() -> None:
    with Server(clock="system") as s:
        r = s.client(protocol=2)
        with pytest.raises(redis.ResponseError) as exc:
            rc(r, "CLOCK", "ADVANCE", "10")
        r.close()
    assert str(exc.value) == (
        "REDISTILL CLOCK ADVANCE needs the virtual clock, but this server runs on the system"
        " clock (started with clock='system' or --clock system)"
    )


# -- CLOCK SET ------------------------------------------------------------------


def test_set_jumps_to_a_unix_time_and_replies_it(server: Server, r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "SET", "1800000000") == b"1800000000.000"
    assert server.clock.time() == 1_800_000_000


def test_set_accepts_fractions(r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "SET", "1800000000.125") == b"1800000000.125"


def test_set_can_go_back_in_time(r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "SET", "0") == b"0.000"


def test_set_past_a_keys_expiry_removes_it(r: redis.Redis) -> None:
    r.set("k", "v", exat=START + 60)
    rc(r, "CLOCK", "SET", f"{START + 60}.001")
    assert r.get("k") is None


def test_set_rejects_a_time_that_is_not_a_number(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError) as exc:
        rc(r, "CLOCK", "SET", "2024-01-01")
    assert str(exc.value) == (
        "invalid unix time '2024-01-01': use seconds since the epoch such as 1700000000"
        " or 1700000000.25"
    )


@pytest.mark.parametrize("when", ["-1", "253402300800"])
def test_set_outside_the_supported_range_is_refused(r: redis.Redis, when: str) -> None:
    with pytest.raises(redis.ResponseError) as exc:
        rc(r, "CLOCK", "SET", when)
    assert str(exc.value) == "the clock can only be set between 1970-01-01 and 9999-12-31 (UTC)"


def test_set_needs_the_virtual_clock() -> None:
    with Server(clock="system") as s:
        r = s.client(protocol=2)
        with pytest.raises(redis.ResponseError, match="REDISTILL CLOCK SET needs the virtual"):
            rc(r, "CLOCK", "SET", "1800000000")
        r.close()


# -- CLOCK FREEZE / TICK ------------------------------------------------------------


class FakeMonotonic:
    """Stands in for the real monotonic clock that a ticking VirtualClock follows."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def mono(monkeypatch: pytest.MonkeyPatch) -> FakeMonotonic:
    fake = FakeMonotonic()
    monkeypatch.setattr("redistill.clock.monotonic", fake)
    return fake


def test_tick_makes_the_clock_follow_real_time(
    server: Server, r: redis.Redis, mono: FakeMonotonic
) -> None:
    assert rc(r, "CLOCK", "TICK") == b"1700000000.000"
    mono.now += 2.5
    assert rc(r, "CLOCK", "GET") == b"1700000002.500"
    assert not server.clock.frozen  # type: ignore[attr-defined]


def test_freeze_stops_the_clock_and_replies_the_time(
    server: Server, r: redis.Redis, mono: FakeMonotonic
) -> None:
    rc(r, "CLOCK", "TICK")
    mono.now += 1
    assert rc(r, "CLOCK", "FREEZE") == b"1700000001.000"
    mono.now += 10
    assert rc(r, "CLOCK", "GET") == b"1700000001.000"
    assert server.clock.frozen  # type: ignore[attr-defined]


def test_freeze_on_a_frozen_clock_changes_nothing(r: redis.Redis) -> None:
    assert rc(r, "CLOCK", "FREEZE") == b"1700000000.000"


def test_advance_while_ticking_adds_to_real_time(r: redis.Redis, mono: FakeMonotonic) -> None:
    rc(r, "CLOCK", "TICK")
    mono.now += 1
    assert rc(r, "CLOCK", "ADVANCE", "60") == b"1700000061.000"


@pytest.mark.parametrize("verb", ["FREEZE", "TICK"])
def test_freeze_and_tick_need_the_virtual_clock(verb: str) -> None:
    with Server(clock="system") as s:
        r = s.client(protocol=2)
        with pytest.raises(redis.ResponseError, match=f"REDISTILL CLOCK {verb} needs the virtual"):
            rc(r, "CLOCK", verb)
        r.close()


# -- errors: arity and unknown verbs ----------------------------------------------------


def test_bare_redistill_is_a_wrong_number_of_arguments(server: Server) -> None:
    reply = raw(server, resp("REDISTILL"))
    assert reply == b"-ERR wrong number of arguments for 'redistill' command\r\n"


def test_unknown_subcommand_uses_redis_wording(server: Server) -> None:
    reply = raw(server, resp("REDISTILL", "rewind"))
    assert reply == b"-ERR unknown subcommand 'rewind'. Try REDISTILL HELP.\r\n"


def test_clock_without_a_verb_is_a_wrong_number_of_arguments(server: Server) -> None:
    reply = raw(server, resp("REDISTILL", "CLOCK"))
    assert reply == b"-ERR wrong number of arguments for 'redistill|clock' command\r\n"


def test_unknown_clock_verb_uses_redis_wording(server: Server) -> None:
    reply = raw(server, resp("REDISTILL", "CLOCK", "rewind"))
    assert reply == b"-ERR unknown subcommand 'CLOCK rewind'. Try REDISTILL HELP.\r\n"


@pytest.mark.parametrize(
    "args",
    [
        ("GET", "now"),
        ("ADVANCE",),
        ("ADVANCE", "1", "2"),
        ("SET",),
        ("FREEZE", "x"),
        ("TICK", "x"),
    ],
)
def test_clock_verbs_check_their_argument_count(server: Server, args: tuple[str, ...]) -> None:
    reply = raw(server, resp("REDISTILL", "CLOCK", *args))
    name = args[0].lower()
    assert reply == b"-ERR wrong number of arguments for 'redistill|clock|%s' command\r\n" % (
        name.encode()
    )


def test_reset_takes_no_arguments(server: Server) -> None:
    reply = raw(server, resp("REDISTILL", "RESET", "all"))
    assert reply == b"-ERR wrong number of arguments for 'redistill|reset' command\r\n"


# -- RESET --------------------------------------------------------------------------


def test_reset_replies_ok(r: redis.Redis) -> None:
    assert rc(r, "RESET") == b"OK"


def test_reset_flushes_every_database(server: Server, r: redis.Redis) -> None:
    r.set("a", "1")
    db5 = server.client(protocol=2, db=5)
    db5.hset("h", mapping={"f": "v"})
    rc(r, "RESET")
    assert r.dbsize() == 0
    assert db5.dbsize() == 0
    db5.close()


def test_reset_returns_the_clock_to_its_start(server: Server, r: redis.Redis) -> None:
    rc(r, "CLOCK", "ADVANCE", "3600")
    rc(r, "RESET")
    assert rc(r, "CLOCK", "GET") == b"1700000000.000"


def test_reset_freezes_a_ticking_clock(server: Server, r: redis.Redis, mono: FakeMonotonic) -> None:
    rc(r, "CLOCK", "TICK")
    mono.now += 5
    rc(r, "RESET")
    mono.now += 5
    assert rc(r, "CLOCK", "GET") == b"1700000000.000"


def test_frozen_us_is_the_reading_while_frozen_and_none_while_ticking(mono: FakeMonotonic) -> None:
    clock = VirtualClock(1_700_000_000)
    seen = [clock.frozen_us]
    clock.advance(1.5)
    seen.append(clock.frozen_us)
    clock.set(1_800_000_000)
    seen.append(clock.frozen_us)
    clock.tick()
    seen.append(clock.frozen_us)
    mono.now += 2
    clock.set(1_900_000_000)  # (ticking on from there)
    clock.advance(1)
    seen.append(clock.frozen_us)
    mono.now += 3
    clock.freeze()
    seen.append(clock.frozen_us)
    clock.reset()
    seen.append(clock.frozen_us)
    assert seen == [
        1_700_000_000_000_000,
        1_700_000_001_500_000,
        1_800_000_000_000_000,
        None,
        None,
        1_900_000_004_000_000,
        1_700_000_000_000_000,
    ]
    assert VirtualClock(tick=True).frozen_us is None


def test_reset_keeps_connections_their_database_and_name(server: Server) -> None:
    r = server.client(protocol=2, db=3, single_connection_client=True)
    r.client_setname("worker")
    r.set("k", "v")
    rc(r, "RESET")
    assert r.ping() is True
    assert r.client_getname() == "worker"
    r.set("k2", "v")
    assert server.keyspace.dbs[3].size() == 1
    r.close()


def test_reset_resets_the_stats(server: Server, r: redis.Redis) -> None:
    r.set("k", "v")
    r.get("k")
    r.get("missing")
    rc(r, "RESET")
    stats = server.keyspace.stats
    assert (stats.keyspace_hits, stats.keyspace_misses) == (0, 0)


def test_reset_on_the_system_clock_flushes_and_leaves_the_clock() -> None:
    with Server(clock="system") as s:
        c = s.client(protocol=2)
        c.set("k", "v")
        assert rc(c, "RESET") == b"OK"
        assert c.dbsize() == 0
        c.close()


def test_reset_runs_the_registered_hooks_for_its_own_server(server: Server, r: redis.Redis) -> None:
    seen: list[Server] = []
    hook = control.on_reset(seen.append)
    try:
        rc(r, "RESET")
    finally:
        control._RESET_HOOKS.remove(hook)
    assert seen == [server]


def test_reset_server_is_the_python_face_of_reset(server: Server, r: redis.Redis) -> None:
    r.set("k", "v")
    server.clock.advance(10)
    control.reset_server(server)
    assert r.dbsize() == 0
    assert server.clock.time() == START


# -- HELP ---------------------------------------------------------------------------


def test_help_lists_every_verb_as_status_lines(server: Server) -> None:
    reply = raw(server, resp("REDISTILL", "HELP"))
    lines = reply.split(b"\r\n")
    assert lines[0].startswith(b"*")
    assert all(line.startswith(b"+") for line in lines[1:-1])
    text = [line[1:].decode() for line in lines[1:-1]]
    assert text[0] == "REDISTILL <subcommand> [<arg> ...]. Test-only controls. Subcommands are:"
    for usage in [
        "CLOCK GET",
        "CLOCK ADVANCE <seconds>",
        "CLOCK SET <unix-seconds>",
        "CLOCK FREEZE",
        "CLOCK TICK",
        "RESET",
    ]:
        assert usage in text
    assert text[-2:] == ["HELP", "    Print this help."]


def test_help_indents_descriptions_under_their_usage(r: redis.Redis) -> None:
    text = [line.decode() for line in rc(r, "HELP")]  # type: ignore[attr-defined]
    reset = text.index("RESET")
    assert text[reset + 1].startswith("    Start afresh for the next test")


# -- on/off and AUTH ------------------------------------------------------------------


def test_control_is_on_by_default() -> None:
    with Server() as s:
        assert s.control is True
        assert raw(s, resp("REDISTILL", "RESET")) == b"+OK\r\n"


def test_without_control_redistill_is_an_unknown_command() -> None:
    with Server(control=False) as s:
        reply = raw(s, resp("REDISTILL", "CLOCK", "GET"))
    assert reply == (
        b"-ERR unknown command 'REDISTILL', with args beginning with: 'CLOCK' 'GET' \r\n"
    )


def test_with_a_password_redistill_needs_auth() -> None:
    with Server(requirepass="s3cret") as s:
        start = s.clock.time_ms()
        reply = raw(s, resp("REDISTILL", "CLOCK", "ADVANCE", "10"))
        assert reply == b"-NOAUTH Authentication required.\r\n"
        assert s.clock.time_ms() == start
        reply = raw(s, resp("AUTH", "s3cret") + resp("REDISTILL", "CLOCK", "ADVANCE", "10"))
        assert reply.startswith(b"+OK\r\n$")
        assert s.clock.time_ms() == start + 10_000


def test_with_a_password_redistill_help_also_needs_auth() -> None:
    with Server(requirepass="s3cret") as s:
        assert raw(s, resp("REDISTILL", "HELP")) == b"-NOAUTH Authentication required.\r\n"


# -- transactions ---------------------------------------------------------------------


def test_inside_multi_it_is_queued_and_runs_at_exec(server: Server) -> None:
    payload = resp("MULTI") + resp("REDISTILL", "CLOCK", "ADVANCE", "5") + resp("EXEC")
    reply = raw(server, payload)
    assert reply == b"+OK\r\n+QUEUED\r\n*1\r\n$14\r\n1700000005.000\r\n"


def test_reset_aborts_a_transaction_watching_a_key(server: Server, r: redis.Redis) -> None:
    r.set("k", "1")
    with r.pipeline() as pipe:
        pipe.watch("k")
        other = server.client(protocol=2)
        rc(other, "RESET")
        other.close()
        pipe.multi()
        pipe.set("k", "2")
        with pytest.raises(redis.WatchError):
            pipe.execute()
