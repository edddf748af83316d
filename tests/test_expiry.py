"""Expiry: EXPIRE PEXPIRE EXPIREAT PEXPIREAT (NX XX GT LT), TTL PTTL EXPIRETIME
PEXPIRETIME PERSIST, all on the server's clock, and the expiry index behind them."""

from __future__ import annotations

import pytest
import redis

from redistill import Server
from redistill.clock import VirtualClock
from redistill.keyspace import Keyspace
from tests.util import call, error

NOT_INTEGER = "value is not an integer or out of range"
NX_AND_OTHERS = "NX and XX, GT or LT options at the same time are not compatible"
GT_AND_LT = "GT and LT options at the same time are not compatible"
LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)
T0 = 1_700_000_000  # a fixed unix time the clock is set to


@pytest.fixture
def at_t0(server: Server) -> Server:
    """The server with its clock set to T0 exactly."""
    server.clock.set(T0)  # type: ignore[attr-defined]
    return server


# -- setting a TTL ------------------------------------------------------------------------


def test_expire_sets_a_ttl_in_seconds(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIRE", "k", "10") == 1
    assert call(r, "TTL", "k") == 10
    assert call(r, "PTTL", "k") == 10_000


def test_a_key_lives_through_its_last_millisecond_then_is_gone(
    server: Server, r: redis.Redis
) -> None:
    # Redis expires a key once the time is strictly past its expiry time.
    call(r, "SET", "k", "v")
    call(r, "EXPIRE", "k", "10")
    server.clock.advance(10)
    assert call(r, "GET", "k") == b"v"
    assert call(r, "PTTL", "k") == 0
    server.clock.advance(0.001)
    assert call(r, "GET", "k") is None
    assert call(r, "TTL", "k") == -2


def test_pexpire_counts_milliseconds(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "PEXPIRE", "k", "1500") == 1
    server.clock.advance(1.499)
    assert call(r, "PTTL", "k") == 1
    server.clock.advance(0.001)
    assert call(r, "PTTL", "k") == 0
    assert call(r, "EXISTS", "k") == 1
    server.clock.advance(0.001)
    assert call(r, "EXISTS", "k") == 0


def test_expireat_sets_an_absolute_unix_time(at_t0: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIREAT", "k", str(T0 + 100)) == 1
    assert call(r, "TTL", "k") == 100
    assert call(r, "EXPIRETIME", "k") == T0 + 100
    assert call(r, "PEXPIRETIME", "k") == (T0 + 100) * 1000
    at_t0.clock.set(T0 + 100)  # type: ignore[attr-defined]
    assert call(r, "EXISTS", "k") == 1  # alive through its last millisecond
    assert call(r, "PTTL", "k") == 0
    at_t0.clock.set(T0 + 100.001)  # type: ignore[attr-defined]
    assert call(r, "EXISTS", "k") == 0


def test_pexpireat_sets_an_absolute_unix_time_in_milliseconds(
    at_t0: Server, r: redis.Redis
) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "PEXPIREAT", "k", str(T0 * 1000 + 2500)) == 1
    assert call(r, "PTTL", "k") == 2500
    assert call(r, "PEXPIRETIME", "k") == T0 * 1000 + 2500


def test_expire_of_a_missing_key_answers_zero(r: redis.Redis) -> None:
    for command in ("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"):
        assert call(r, command, "missing", "100") == 0


def test_expire_gives_a_hash_a_ttl(server: Server, r: redis.Redis) -> None:
    call(r, "HSET", "h", "f", "v")
    call(r, "EXPIRE", "h", "5")
    server.clock.advance(5.001)
    assert call(r, "HGETALL", "h") in ([], {})


@pytest.mark.parametrize(
    ("command", "when"),
    [
        ("EXPIRE", "0"),
        ("EXPIRE", "-10"),
        ("PEXPIRE", "0"),
        ("PEXPIRE", "-1"),
        ("EXPIREAT", "1"),
        ("PEXPIREAT", "0"),
        ("EXPIREAT", str(T0)),  # exactly now
    ],
)
def test_a_time_not_in_the_future_deletes_the_key_and_answers_one(
    at_t0: Server, r: redis.Redis, command: str, when: str
) -> None:
    call(r, "SET", "k", "v")
    assert call(r, command, "k", when) == 1
    assert call(r, "EXISTS", "k") == 0


def test_deleting_by_a_past_time_is_not_counted_as_an_expiry(
    server: Server, r: redis.Redis
) -> None:
    call(r, "SET", "a", "v")
    call(r, "EXPIRE", "a", "-1")
    assert server.keyspace.stats.expired_keys == 0
    call(r, "SET", "b", "v", "EX", "1")
    server.clock.advance(1.001)
    assert server.keyspace.stats.expired_keys == 1


def test_set_without_a_ttl_option_drops_the_ttl(r: redis.Redis) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    call(r, "SET", "k", "w")
    assert call(r, "TTL", "k") == -1


def test_moving_the_clock_back_lengthens_a_ttl(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v", "EX", "10")
    server.clock.advance(-5)
    assert call(r, "TTL", "k") == 15


# -- NX XX GT LT ------------------------------------------------------------------------------


def test_nx_sets_a_ttl_only_when_there_is_none(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIRE", "k", "100", "NX") == 1
    assert call(r, "EXPIRE", "k", "200", "NX") == 0
    assert call(r, "TTL", "k") == 100


def test_xx_sets_a_ttl_only_when_there_is_one(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIRE", "k", "100", "XX") == 0
    assert call(r, "TTL", "k") == -1
    call(r, "EXPIRE", "k", "100")
    assert call(r, "EXPIRE", "k", "200", "XX") == 1
    assert call(r, "TTL", "k") == 200


def test_gt_only_lengthens_and_never_applies_without_a_ttl(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIRE", "k", "100", "GT") == 0  # no TTL counts as infinite
    call(r, "EXPIRE", "k", "100")
    assert call(r, "EXPIRE", "k", "100", "GT") == 0
    assert call(r, "EXPIRE", "k", "50", "GT") == 0
    assert call(r, "EXPIRE", "k", "150", "GT") == 1
    assert call(r, "TTL", "k") == 150


def test_lt_only_shortens_and_applies_without_a_ttl(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIRE", "k", "100", "LT") == 1
    assert call(r, "EXPIRE", "k", "100", "LT") == 0
    assert call(r, "EXPIRE", "k", "150", "LT") == 0
    assert call(r, "EXPIRE", "k", "50", "lt") == 1
    assert call(r, "TTL", "k") == 50


def test_lt_with_a_past_time_deletes_the_key(r: redis.Redis) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    assert call(r, "EXPIRE", "k", "-1", "GT") == 0
    assert call(r, "EXPIRE", "k", "-1", "LT") == 1
    assert call(r, "EXISTS", "k") == 0


def test_xx_combines_with_gt(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIRE", "k", "100", "XX", "GT") == 0
    call(r, "EXPIRE", "k", "100")
    assert call(r, "EXPIRE", "k", "200", "XX", "GT") == 1


def test_rate_limiter_with_nx_keeps_the_first_window(server: Server, r: redis.Redis) -> None:
    for _ in range(3):
        call(r, "INCR", "hits")
        call(r, "EXPIRE", "hits", "60", "NX")
        server.clock.advance(10)
    assert call(r, "TTL", "hits") == 30
    server.clock.advance(30.001)
    assert call(r, "GET", "hits") is None


@pytest.mark.parametrize(
    ("options", "text"),
    [
        (("NX", "XX"), NX_AND_OTHERS),
        (("NX", "GT"), NX_AND_OTHERS),
        (("lt", "nx"), NX_AND_OTHERS),
        (("GT", "LT"), GT_AND_LT),
        (("FOO",), "Unsupported option FOO"),
        (("NX", "keepttl"), "Unsupported option keepttl"),
    ],
)
def test_expire_option_errors(r: redis.Redis, options: tuple[str, ...], text: str) -> None:
    call(r, "SET", "k", "v")
    assert error(r, "EXPIRE", "k", "10", *options) == text


def test_options_are_checked_before_the_time(r: redis.Redis) -> None:
    assert error(r, "EXPIRE", "k", "abc", "foo") == "Unsupported option foo"
    assert error(r, "PEXPIRE", "k", "abc") == NOT_INTEGER


# -- overflow ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "when"),
    [
        ("EXPIRE", str(LLONG_MAX)),
        ("EXPIRE", str(LLONG_MIN)),
        ("EXPIRE", str(LLONG_MAX // 1000)),  # fits in ms, but not once now is added
        ("PEXPIRE", str(LLONG_MAX)),
        ("EXPIREAT", str(LLONG_MAX // 1000 + 1)),
        ("EXPIREAT", str(-(LLONG_MAX // 1000) - 1)),
    ],
)
def test_times_that_overflow_are_invalid(r: redis.Redis, command: str, when: str) -> None:
    text = f"invalid expire time in '{command.lower()}' command"
    assert error(r, command, "missing", when) == text


def test_the_largest_absolute_times_are_accepted(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "EXPIREAT", "k", str(LLONG_MAX // 1000)) == 1
    assert call(r, "EXPIRETIME", "k") == LLONG_MAX // 1000
    assert call(r, "PEXPIREAT", "k", str(LLONG_MAX)) == 1
    assert call(r, "PEXPIRETIME", "k") == LLONG_MAX


def test_the_smallest_times_delete_the_key(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "PEXPIRE", "k", str(LLONG_MIN)) == 1
    assert call(r, "EXISTS", "k") == 0


# -- reading a TTL -----------------------------------------------------------------------------


def test_ttl_family_answers_minus_two_and_minus_one(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    for command in ("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"):
        assert call(r, command, "missing") == -2
        assert call(r, command, "k") == -1


@pytest.mark.parametrize(("ms", "seconds"), [(1499, 1), (1500, 2), (500, 1), (499, 0)])
def test_ttl_rounds_to_the_nearest_second(r: redis.Redis, ms: int, seconds: int) -> None:
    call(r, "SET", "k", "v")
    call(r, "PEXPIRE", "k", str(ms))
    assert call(r, "TTL", "k") == seconds


def test_expiretime_rounds_to_the_nearest_second(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    call(r, "PEXPIREAT", "k", "4102444800499")
    assert call(r, "EXPIRETIME", "k") == 4102444800
    call(r, "PEXPIREAT", "k", "4102444800500")
    assert call(r, "EXPIRETIME", "k") == 4102444801


def test_persist_removes_the_ttl(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v", "EX", "10")
    assert call(r, "PERSIST", "k") == 1
    assert call(r, "PERSIST", "k") == 0
    assert call(r, "PERSIST", "missing") == 0
    server.clock.advance(20)
    assert call(r, "GET", "k") == b"v"


# -- purging --------------------------------------------------------------------------------


def test_expired_keys_are_gone_from_every_view_at_once(server: Server, r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2")
    call(r, "EXPIRE", "a", "5")
    server.clock.advance(5)  # its last millisecond: every view still has it
    assert call(r, "EXISTS", "a") == 1
    assert call(r, "TYPE", "a") == b"string"
    assert sorted(call(r, "KEYS", "*")) == [b"a", b"b"]
    assert call(r, "DBSIZE") == 2
    server.clock.advance(0.001)
    assert call(r, "EXISTS", "a") == 0
    assert call(r, "TYPE", "a") == b"none"
    assert call(r, "KEYS", "*") == [b"b"]
    assert call(r, "SCAN", "0") == [b"0", [b"b"]]
    assert call(r, "DBSIZE") == 1


def test_dbsize_drops_exactly_as_the_clock_passes_each_expiry(
    server: Server, r2: redis.Redis
) -> None:
    call(r2, "MSET", *[x for i in range(1, 201) for x in (f"k{i}", "v")])
    for i in range(1, 101):
        call(r2, "EXPIRE", f"k{i}", str(i))  # k1 lives 1s ... k100 lives 100s
    assert call(r2, "DBSIZE") == 200
    server.clock.advance(30.5)
    assert call(r2, "DBSIZE") == 170
    server.clock.advance(69.499)
    assert call(r2, "DBSIZE") == 101
    server.clock.advance(0.001)  # k100's last millisecond
    assert call(r2, "DBSIZE") == 101
    server.clock.advance(0.001)
    assert call(r2, "DBSIZE") == 100


def test_keys_expire_in_every_database(server: Server, r: redis.Redis) -> None:
    call(r, "SELECT", "7")
    call(r, "SET", "k", "v", "EX", "1")
    server.clock.advance(1.001)
    with server.lock:
        assert server.keyspace.dbs[7].data == {}
    assert call(r, "DBSIZE") == 0


def test_purge_work_follows_the_number_of_keys_that_expired(
    server: Server, r2: redis.Redis
) -> None:
    server.load({f"k{i}": "v" for i in range(100_000)})
    server.load({f"k{i}": "v" for i in range(0, 100_000, 2)}, ttl=10)  # half get a TTL
    db = server.keyspace.dbs[0]
    before = db.expiry_pops
    server.clock.advance(10.001)
    assert call(r2, "DBSIZE") == 50_000
    assert db.expiry_pops - before == 50_000  # one index entry per expired key
    assert server.keyspace.stats.expired_keys == 50_000
    # A later purge costs what expires then, not what the keyspace holds.
    for i in range(1, 21, 2):
        call(r2, "EXPIRE", f"k{i}", "5")
    before = db.expiry_pops
    server.clock.advance(5.001)
    assert db.expiry_pops - before == 10
    assert call(r2, "DBSIZE") == 49_990


def test_advancing_without_expiries_does_no_purge_work(server: Server, r2: redis.Redis) -> None:
    server.load({f"k{i}": "v" for i in range(10_000)}, ttl=3600)
    db = server.keyspace.dbs[0]
    before = db.expiry_pops
    for _ in range(100):
        server.clock.advance(1)
    assert db.expiry_pops == before
    assert call(r2, "DBSIZE") == 10_000


def test_resetting_one_ttl_over_and_over_keeps_the_index_small(
    server: Server, r2: redis.Redis
) -> None:
    pipe = r2.pipeline(transaction=False)
    for _ in range(5000):  # a rate limiter: INCR, then push the window out again
        pipe.incr("hits")
        pipe.expire("hits", 60)
    pipe.execute()
    db = server.keyspace.dbs[0]
    assert db.expiry_index_size() <= 1100
    server.clock.advance(60)  # the window's last millisecond
    assert call(r2, "GET", "hits") == b"5000"
    server.clock.advance(0.001)
    assert call(r2, "GET", "hits") is None


def test_resetting_many_ttls_keeps_the_index_within_twice_the_keys(
    server: Server, r2: redis.Redis
) -> None:
    server.load({f"k{i}": "v" for i in range(2000)})
    pipe = r2.pipeline(transaction=False)
    for round_ in range(10):
        for i in range(2000):
            pipe.pexpire(f"k{i}", 10_000 + round_)
    pipe.execute()
    db = server.keyspace.dbs[0]
    assert db.expiry_index_size() <= 2 * 2000 + 1024
    server.clock.advance(10.009)  # past every earlier TTL: only the last one counts
    assert call(r2, "DBSIZE") == 2000
    server.clock.advance(0.001)
    assert call(r2, "DBSIZE") == 0


def test_an_expired_key_is_invisible_before_any_purge() -> None:
    clock = VirtualClock(T0)
    ks = Keyspace(clock)  # no server: nothing purges when the clock moves
    db = ks.dbs[0]
    db.set(b"k", b"v")
    db.set_expire(b"k", T0 * 1000 + 1000)
    clock.advance(1.001)
    assert b"k" in db.data  # still stored ...
    assert db.lookup(b"k") is None  # ... but a read sees nothing, and removes it
    assert b"k" not in db.data


def test_dbsize_purges_what_has_expired_before_counting() -> None:
    clock = VirtualClock(T0)
    ks = Keyspace(clock)
    db = ks.dbs[0]
    for i in range(10):
        db.set(b"k%d" % i, b"v")
        db.set_expire(b"k%d" % i, T0 * 1000 + 1000 * (i + 1))
    clock.advance(3.5)
    assert db.size() == 7
    assert sorted(db.keys()) == [b"k%d" % i for i in range(3, 10)]
