"""String and counter commands: GET/SET with every option, ranges, INCR*."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from redistill import Server
from tests.util import call, error

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INTEGER = "value is not an integer or out of range"
NOT_FLOAT = "value is not a valid float"
SYNTAX = "syntax error"
TOO_LONG = "string exceeds maximum allowed size (proto-max-bulk-len)"
LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)
FUTURE = 4102444800  # 2100-01-01T00:00:00Z


def ttl(server: Server, key: str) -> float | None:
    """Seconds left on the server's clock (None: no TTL; KeyError: no key)."""
    return server.ttl(key)


def expire_at_ms(server: Server, key: bytes) -> int | None:
    with server.lock:
        return server.keyspace.dbs[0].expire_at(key)


# -- GET / SET -------------------------------------------------------------------


def test_set_then_get_returns_the_value(r: redis.Redis) -> None:
    assert call(r, "SET", "k", "v") == b"OK"
    assert call(r, "GET", "k") == b"v"


def test_get_of_a_missing_key_is_null(r: redis.Redis) -> None:
    assert call(r, "GET", "missing") is None


def test_set_stores_binary_values_unchanged(r: redis.Redis) -> None:
    value = b"a\x00b\r\nc\xff"
    call(r, "SET", b"k\x00", value)
    assert call(r, "GET", b"k\x00") == value


def test_get_on_a_hash_is_wrongtype(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "GET", "h") == WRONGTYPE


def test_set_replaces_a_value_of_another_type(r: redis.Redis, server: Server) -> None:
    r.hset("h", "f", "v")
    assert call(r, "SET", "h", "x") == b"OK"
    assert server.type("h") == "string"


def test_plain_set_drops_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    call(r, "SET", "k", "w")
    assert ttl(server, "k") is None


def test_set_ex_gives_an_exact_ttl_under_the_frozen_clock(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    assert ttl(server, "k") == 100.0
    server.clock.advance(2.5)
    assert ttl(server, "k") == 97.5


def test_set_px_counts_milliseconds(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "PX", "1500")
    assert ttl(server, "k") == 1.5


def test_set_exat_stores_the_absolute_time(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EXAT", FUTURE)
    assert expire_at_ms(server, b"k") == FUTURE * 1000


def test_set_pxat_stores_the_absolute_time(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "PXAT", FUTURE * 1000 + 123)
    assert expire_at_ms(server, b"k") == FUTURE * 1000 + 123


def test_set_ex_key_is_gone_once_the_clock_passes_its_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "10")
    server.clock.advance(9.999)
    assert call(r, "GET", "k") == b"v"
    server.clock.advance(0.002)
    assert call(r, "GET", "k") is None
    server.assert_no_key("k")


@pytest.mark.parametrize("option", ["EXAT", "PXAT"])
def test_set_with_an_absolute_time_in_the_past_replies_ok_and_leaves_no_key(
    r: redis.Redis, server: Server, option: str
) -> None:
    call(r, "SET", "k", "old")
    assert call(r, "SET", "k", "new", option, "1") == b"OK"
    assert call(r, "GET", "k") is None
    server.assert_no_key("k")


def test_set_in_the_past_with_get_returns_the_old_value(r: redis.Redis) -> None:
    call(r, "SET", "k", "old")
    assert call(r, "SET", "k", "new", "PXAT", "1", "GET") == b"old"
    assert call(r, "GET", "k") is None


def test_set_nx_only_creates(r: redis.Redis) -> None:
    assert call(r, "SET", "k", "v", "NX") == b"OK"
    assert call(r, "SET", "k", "w", "NX") is None
    assert call(r, "GET", "k") == b"v"


def test_set_xx_only_replaces(r: redis.Redis) -> None:
    assert call(r, "SET", "k", "v", "XX") is None
    assert call(r, "GET", "k") is None
    call(r, "SET", "k", "v")
    assert call(r, "SET", "k", "w", "XX") == b"OK"
    assert call(r, "GET", "k") == b"w"


def test_set_nx_sees_an_expired_key_as_missing(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "PX", "100")
    server.clock.advance(0.101)
    assert call(r, "SET", "k", "w", "NX") == b"OK"


def test_set_nx_counts_a_hash_as_existing(r: redis.Redis, server: Server) -> None:
    r.hset("h", "f", "v")
    assert call(r, "SET", "h", "x", "NX") is None
    assert server.type("h") == "hash"


def test_set_get_returns_the_previous_value(r: redis.Redis) -> None:
    assert call(r, "SET", "k", "a", "GET") is None
    assert call(r, "SET", "k", "b", "GET") == b"a"
    assert call(r, "GET", "k") == b"b"


def test_set_get_on_a_hash_is_wrongtype_and_keeps_the_hash(r: redis.Redis, server: Server) -> None:
    r.hset("h", "f", "v")
    assert error(r, "SET", "h", "x", "GET") == WRONGTYPE
    assert server.type("h") == "hash"


def test_set_nx_get_on_an_existing_key_returns_it_unchanged(r: redis.Redis) -> None:
    call(r, "SET", "k", "old")
    assert call(r, "SET", "k", "new", "NX", "GET") == b"old"
    assert call(r, "GET", "k") == b"old"


def test_set_xx_get_on_a_missing_key_sets_nothing(r: redis.Redis) -> None:
    assert call(r, "SET", "k", "new", "XX", "GET") is None
    assert call(r, "GET", "k") is None


def test_set_keepttl_keeps_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    server.clock.advance(40)
    call(r, "SET", "k", "w", "KEEPTTL")
    assert ttl(server, "k") == 60.0
    assert call(r, "GET", "k") == b"w"


def test_set_keepttl_on_an_expired_key_creates_it_without_ttl(
    r: redis.Redis, server: Server
) -> None:
    call(r, "SET", "k", "v", "PX", "1000")
    server.clock.advance(2)
    call(r, "SET", "k", "w", "KEEPTTL")
    assert ttl(server, "k") is None
    assert call(r, "GET", "k") == b"w"


def test_set_options_are_case_insensitive(r: redis.Redis, server: Server) -> None:
    assert call(r, "set", "k", "v", "ex", "100", "nX") == b"OK"
    assert call(r, "SET", "k", "w", "Xx", "kEePtTl", "gEt") == b"v"
    assert ttl(server, "k") == 100.0


def test_set_repeated_expire_option_takes_the_last(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "10", "EX", "20")
    assert ttl(server, "k") == 20.0


def test_set_option_name_ends_at_a_nul_byte_as_in_redis(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "SET", "k", "w", b"NX\x00junk") is None


@pytest.mark.parametrize(
    "options",
    [
        ["NX", "XX"],
        ["XX", "NX"],
        ["EX", "10", "PX", "100"],
        ["PX", "10", "EXAT", str(FUTURE)],
        ["EXAT", str(FUTURE), "PXAT", str(FUTURE * 1000)],
        ["PXAT", str(FUTURE * 1000), "EX", "10"],
        ["KEEPTTL", "EX", "10"],
        ["EX", "10", "KEEPTTL"],
        ["PERSIST"],
        ["EX"],
        ["NX", "PXAT"],
        ["NXX"],
        [""],
    ],
)
def test_set_option_syntax_errors(r: redis.Redis, options: list[str]) -> None:
    assert error(r, "SET", "k", "v", *options) == SYNTAX
    assert call(r, "GET", "k") is None


@pytest.mark.parametrize(
    "option, value",
    [
        ("EX", "0"),
        ("EX", "-1"),
        ("PX", "0"),
        ("EXAT", "0"),
        ("PXAT", "-5"),
        ("EX", "9223372036854776"),  # seconds * 1000 would overflow
        ("EX", "9223372036854775"),  # now + seconds * 1000 would overflow
        ("PX", str(LLONG_MAX)),
        ("EXAT", "9223372036854776"),
    ],
)
def test_set_invalid_expire_time(r: redis.Redis, option: str, value: str) -> None:
    assert error(r, "SET", "k", "v", option, value) == "invalid expire time in 'set' command"


@pytest.mark.parametrize("value", ["1.5", " 1", "+1", "010", "", "9223372036854775808", "NX"])
def test_set_expire_value_must_be_an_integer(r: redis.Redis, value: str) -> None:
    assert error(r, "SET", "k", "v", "EX", value) == NOT_INTEGER


def test_set_exat_accepts_the_largest_second(r: redis.Redis, server: Server) -> None:
    assert call(r, "SET", "k", "v", "EXAT", "9223372036854775") == b"OK"
    assert expire_at_ms(server, b"k") == 9223372036854775000


def test_set_pxat_accepts_llong_max(r: redis.Redis, server: Server) -> None:
    assert call(r, "SET", "k", "v", "PXAT", LLONG_MAX) == b"OK"
    assert expire_at_ms(server, b"k") == LLONG_MAX


def test_set_syntax_error_comes_before_an_invalid_expire(r: redis.Redis) -> None:
    assert error(r, "SET", "k", "v", "EX", "0", "BAD") == SYNTAX


def test_set_invalid_expire_comes_before_wrongtype(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "SET", "h", "x", "EX", "0", "GET") == "invalid expire time in 'set' command"


def test_set_failing_on_its_options_leaves_the_value(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    error(r, "SET", "k", "w", "EX", "0")
    assert call(r, "GET", "k") == b"v"


# -- SETNX / SETEX / PSETEX / GETSET / GETDEL ----------------------------------------------


def test_setnx_replies_1_when_it_creates_and_0_otherwise(r: redis.Redis) -> None:
    assert call(r, "SETNX", "k", "v") == 1
    assert call(r, "SETNX", "k", "w") == 0
    assert call(r, "GET", "k") == b"v"


def test_setnx_on_an_expired_key_creates_it(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "1")
    server.clock.advance(1.001)
    assert call(r, "SETNX", "k", "w") == 1
    assert ttl(server, "k") is None


def test_setex_sets_value_and_ttl(r: redis.Redis, server: Server) -> None:
    assert call(r, "SETEX", "k", "100", "v") == b"OK"
    assert call(r, "GET", "k") == b"v"
    assert ttl(server, "k") == 100.0


def test_setex_key_expires_with_time_travel(r: redis.Redis, server: Server) -> None:
    call(r, "SETEX", "k", "5", "v")
    server.clock.advance(5.001)
    server.assert_no_key("k")


@pytest.mark.parametrize("seconds", ["0", "-1", "9223372036854775"])
def test_setex_invalid_expire_time_names_setex(r: redis.Redis, seconds: str) -> None:
    assert error(r, "SETEX", "k", seconds, "v") == "invalid expire time in 'setex' command"


def test_setex_seconds_must_be_an_integer(r: redis.Redis) -> None:
    assert error(r, "SETEX", "k", "1.5", "v") == NOT_INTEGER


def test_psetex_sets_ttl_in_milliseconds(r: redis.Redis, server: Server) -> None:
    assert call(r, "PSETEX", "k", "1500", "v") == b"OK"
    assert ttl(server, "k") == 1.5


@pytest.mark.parametrize("ms", ["0", "-1", str(LLONG_MAX)])
def test_psetex_invalid_expire_time_names_psetex(r: redis.Redis, ms: str) -> None:
    assert error(r, "PSETEX", "k", ms, "v") == "invalid expire time in 'psetex' command"


def test_getset_returns_the_old_value_and_sets_the_new(r: redis.Redis) -> None:
    assert call(r, "GETSET", "k", "a") is None
    assert call(r, "GETSET", "k", "b") == b"a"
    assert call(r, "GET", "k") == b"b"


def test_getset_drops_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    call(r, "GETSET", "k", "w")
    assert ttl(server, "k") is None


def test_getset_on_a_hash_is_wrongtype_and_changes_nothing(r: redis.Redis, server: Server) -> None:
    r.hset("h", "f", "v")
    assert error(r, "GETSET", "h", "x") == WRONGTYPE
    assert server.type("h") == "hash"


def test_getdel_returns_the_value_and_deletes_the_key(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "GETDEL", "k") == b"v"
    server.assert_no_key("k")
    assert call(r, "GETDEL", "k") is None


def test_getdel_on_a_hash_is_wrongtype(r: redis.Redis, server: Server) -> None:
    r.hset("h", "f", "v")
    assert error(r, "GETDEL", "h") == WRONGTYPE
    assert server.type("h") == "hash"


# -- GETEX ---------------------------------------------------------------------------


def test_getex_without_options_leaves_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    assert call(r, "GETEX", "k") == b"v"
    assert ttl(server, "k") == 100.0


def test_getex_on_a_missing_key_is_null(r: redis.Redis) -> None:
    assert call(r, "GETEX", "missing") is None


def test_getex_ex_sets_a_new_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "GETEX", "k", "EX", "100") == b"v"
    assert ttl(server, "k") == 100.0
    server.clock.advance(100.001)
    server.assert_no_key("k")


def test_getex_px_sets_a_ttl_in_milliseconds(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v")
    call(r, "GETEX", "k", "PX", "2500")
    assert ttl(server, "k") == 2.5


def test_getex_exat_and_pxat_set_absolute_times(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v")
    call(r, "GETEX", "k", "EXAT", FUTURE)
    assert expire_at_ms(server, b"k") == FUTURE * 1000
    call(r, "GETEX", "k", "PXAT", FUTURE * 1000 + 7)
    assert expire_at_ms(server, b"k") == FUTURE * 1000 + 7


@pytest.mark.parametrize("option", ["EXAT", "PXAT"])
def test_getex_with_a_past_time_returns_the_value_and_deletes_the_key(
    r: redis.Redis, server: Server, option: str
) -> None:
    call(r, "SET", "k", "v")
    assert call(r, "GETEX", "k", option, "1") == b"v"
    server.assert_no_key("k")


def test_getex_persist_removes_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "10")
    assert call(r, "GETEX", "k", "PERSIST") == b"v"
    server.clock.advance(60)
    server.assert_persistent("k")


@pytest.mark.parametrize(
    "options",
    [
        ["PERSIST", "EX", "5"],
        ["EX", "5", "PERSIST"],
        ["EX", "5", "PX", "5"],
        ["KEEPTTL"],
        ["NX"],
        ["XX"],
        ["GET"],
        ["EX"],
        ["BAD"],
    ],
)
def test_getex_syntax_errors(r: redis.Redis, options: list[str]) -> None:
    call(r, "SET", "k", "v")
    assert error(r, "GETEX", "k", *options) == SYNTAX


def test_getex_syntax_error_comes_before_the_key_lookup(r: redis.Redis) -> None:
    assert error(r, "GETEX", "missing", "BAD") == SYNTAX


def test_getex_invalid_expire_time_names_getex(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert error(r, "GETEX", "k", "EX", "0") == "invalid expire time in 'getex' command"
    assert error(r, "GETEX", "k", "PX", str(LLONG_MAX)) == "invalid expire time in 'getex' command"
    assert error(r, "GETEX", "k", "EX", "abc") == NOT_INTEGER


def test_getex_on_a_missing_key_ignores_an_invalid_expire(r: redis.Redis) -> None:
    assert call(r, "GETEX", "missing", "EX", "-5") is None


def test_getex_on_a_hash_is_wrongtype_before_the_expire_check(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "GETEX", "h", "EX", "0") == WRONGTYPE


# -- MGET / MSET / MSETNX -----------------------------------------------------------


def test_mget_returns_null_for_missing_keys_and_other_types(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    r.hset("h", "f", "v")
    assert call(r, "MGET", "a", "missing", "h", "a") == [b"1", None, None, b"1"]


def test_mset_sets_every_pair(r: redis.Redis) -> None:
    assert call(r, "MSET", "a", "1", "b", "2") == b"OK"
    assert call(r, "MGET", "a", "b") == [b"1", b"2"]


def test_mset_with_a_repeated_key_keeps_the_last_value(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "a", "2")
    assert call(r, "GET", "a") == b"2"


def test_mset_drops_ttls(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "a", "v", "EX", "100")
    call(r, "MSET", "a", "w")
    assert ttl(server, "a") is None


@pytest.mark.parametrize("name", ["MSET", "MSETNX"])
def test_mset_without_a_value_for_every_key_is_an_arity_error(r: redis.Redis, name: str) -> None:
    assert (
        error(r, name, "a", "1", "b") == f"wrong number of arguments for '{name.lower()}' command"
    )
    assert call(r, "GET", "a") is None


def test_msetnx_sets_all_keys_when_none_exists(r: redis.Redis) -> None:
    assert call(r, "MSETNX", "a", "1", "b", "2") == 1
    assert call(r, "MGET", "a", "b") == [b"1", b"2"]


def test_msetnx_sets_nothing_when_one_key_exists(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert call(r, "MSETNX", "a", "1", "h", "2") == 0
    assert call(r, "GET", "a") is None


def test_msetnx_with_a_repeated_new_key_keeps_the_last_value(r: redis.Redis) -> None:
    assert call(r, "MSETNX", "a", "1", "a", "2") == 1
    assert call(r, "GET", "a") == b"2"


# -- APPEND / STRLEN -----------------------------------------------------------------


def test_append_creates_the_key_and_returns_the_length(r: redis.Redis) -> None:
    assert call(r, "APPEND", "k", "abc") == 3
    assert call(r, "APPEND", "k", "de") == 5
    assert call(r, "GET", "k") == b"abcde"


def test_append_of_nothing_creates_an_empty_string(r: redis.Redis, server: Server) -> None:
    assert call(r, "APPEND", "k", "") == 0
    assert server.get("k") == ""


def test_append_keeps_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "v", "EX", "100")
    call(r, "APPEND", "k", "w")
    assert ttl(server, "k") == 100.0


def test_append_on_a_hash_is_wrongtype(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "APPEND", "h", "x") == WRONGTYPE


def test_strlen(r: redis.Redis) -> None:
    call(r, "SET", "k", "hello")
    assert call(r, "STRLEN", "k") == 5
    assert call(r, "STRLEN", "missing") == 0


def test_strlen_on_a_hash_is_wrongtype(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "STRLEN", "h") == WRONGTYPE


@pytest.fixture
def small_bulk() -> Iterator[redis.Redis]:
    """A client of a server whose proto-max-bulk-len is its minimum, 1 MiB."""
    with Server(config={"proto-max-bulk-len": "1mb"}) as s:
        client = s.client()
        yield client
        client.close()


def test_append_cannot_grow_a_string_past_proto_max_bulk_len(small_bulk: redis.Redis) -> None:
    call(small_bulk, "SETRANGE", "k", 1024 * 1024 - 2, "x")
    assert call(small_bulk, "APPEND", "k", "y") == 1024 * 1024
    assert error(small_bulk, "APPEND", "k", "z") == TOO_LONG
    assert call(small_bulk, "STRLEN", "k") == 1024 * 1024


def test_setrange_cannot_grow_a_string_past_proto_max_bulk_len(small_bulk: redis.Redis) -> None:
    assert call(small_bulk, "SETRANGE", "k", 1024 * 1024 - 1, "x") == 1024 * 1024
    assert error(small_bulk, "SETRANGE", "k", 1024 * 1024, "x") == TOO_LONG
    assert error(small_bulk, "SETRANGE", "new", 1024 * 1024 - 1, "xy") == TOO_LONG


# -- INCR / DECR / INCRBY / DECRBY -------------------------------------------------------


def test_incr_and_decr_start_from_zero(r: redis.Redis) -> None:
    assert call(r, "INCR", "a") == 1
    assert call(r, "INCR", "a") == 2
    assert call(r, "DECR", "b") == -1
    assert call(r, "GET", "a") == b"2"


def test_incrby_and_decrby(r: redis.Redis) -> None:
    assert call(r, "INCRBY", "k", "10") == 10
    assert call(r, "INCRBY", "k", "-3") == 7
    assert call(r, "DECRBY", "k", "20") == -13
    assert call(r, "DECRBY", "k", "-2") == -11


def test_incr_keeps_the_ttl_and_the_key_still_expires(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "1", "EX", "10")
    server.clock.advance(4)
    assert call(r, "INCR", "k") == 2
    assert ttl(server, "k") == 6.0
    server.clock.advance(6.001)
    server.assert_no_key("k")


@pytest.mark.parametrize(
    "value", ["abc", " 1", "1 ", "01", "-0", "1.0", "", "+1", "9223372036854775808"]
)
def test_incr_on_a_value_that_is_not_an_integer(r: redis.Redis, value: str) -> None:
    call(r, "SET", "k", value)
    assert error(r, "INCR", "k") == NOT_INTEGER
    assert call(r, "GET", "k") == value.encode()


@pytest.mark.parametrize("incr", ["+1", "01", "-0", " 1", "1.5", "", "9223372036854775808", "1e3"])
def test_incrby_increment_must_be_an_integer(r: redis.Redis, incr: str) -> None:
    assert error(r, "INCRBY", "k", incr) == NOT_INTEGER
    assert error(r, "DECRBY", "k", incr) == NOT_INTEGER


def test_incrby_checks_the_increment_before_the_key_type(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "INCRBY", "h", "x") == NOT_INTEGER
    assert error(r, "INCRBY", "h", "1") == WRONGTYPE


@pytest.mark.parametrize("name", ["INCR", "DECR"])
def test_incr_and_decr_on_a_hash_are_wrongtype(r: redis.Redis, name: str) -> None:
    r.hset("h", "f", "v")
    assert error(r, name, "h") == WRONGTYPE


def test_incr_past_llong_max_would_overflow(r: redis.Redis) -> None:
    call(r, "SET", "k", LLONG_MAX)
    assert error(r, "INCR", "k") == "increment or decrement would overflow"
    assert error(r, "DECRBY", "k", "-1") == "increment or decrement would overflow"
    assert call(r, "GET", "k") == str(LLONG_MAX).encode()


def test_decr_past_llong_min_would_overflow(r: redis.Redis) -> None:
    call(r, "SET", "k", LLONG_MIN)
    assert error(r, "DECR", "k") == "increment or decrement would overflow"
    assert call(r, "INCRBY", "k", LLONG_MAX) == -1


def test_counters_reach_both_limits(r: redis.Redis) -> None:
    assert call(r, "INCRBY", "a", LLONG_MAX) == LLONG_MAX
    assert call(r, "INCRBY", "b", LLONG_MIN) == LLONG_MIN
    assert call(r, "DECRBY", "c", LLONG_MAX) == -LLONG_MAX
    assert call(r, "DECR", "c") == LLONG_MIN


def test_decrby_llong_min_would_overflow_whatever_the_key(r: redis.Redis) -> None:
    assert error(r, "DECRBY", "k", LLONG_MIN) == "decrement would overflow"
    r.hset("h", "f", "v")
    assert error(r, "DECRBY", "h", LLONG_MIN) == "decrement would overflow"


# -- INCRBYFLOAT ---------------------------------------------------------------------


def test_incrbyfloat_adds_in_long_double_precision(r: redis.Redis) -> None:
    assert call(r, "INCRBYFLOAT", "k", "10.5") == b"10.5"
    assert call(r, "INCRBYFLOAT", "k", "0.1") == b"10.6"
    assert call(r, "GET", "k") == b"10.6"


@pytest.mark.parametrize(
    "start, incr, result",
    [
        (None, "3.0e3", b"3000"),
        ("5.0e3", "1", b"5001"),
        ("0.1", "0.2", b"0.3"),
        ("1.1", "2.2", b"3.3"),
        ("3", "-3.0", b"0"),
        ("17", "0.25", b"17.25"),
        (None, "-1e-30", b"0"),
        (None, "1e-17", b"0.00000000000000001"),
        (None, "-6e-18", b"-0.00000000000000001"),
        (None, "0.000003814697265625", b"0.00000381469726562"),  # a tie: to even
        ("1e17", "0.1", b"100000000000000000.1015625"),
        (None, "+.5", b"0.5"),
        (None, "5.", b"5"),
        (None, "0x1p3", b"8"),
        (None, "-0x1.8p1", b"-3"),
        (None, "1E+2", b"100"),
    ],
)
def test_incrbyfloat_results(r: redis.Redis, start: str | None, incr: str, result: bytes) -> None:
    if start is not None:
        call(r, "SET", "k", start)
    assert call(r, "INCRBYFLOAT", "k", incr) == result
    assert call(r, "GET", "k") == result


def test_incrbyfloat_prints_big_values_in_full(r: redis.Redis) -> None:
    # 1e308 rounded to a 64-bit mantissa, every digit printed (as real Redis does)
    reply = call(r, "INCRBYFLOAT", "k", "1e308")
    assert reply.startswith(b"9999999999999999999668587965584564566056009984741556720779704799")
    assert reply.endswith(b"4510452728255046343928578048")
    assert len(reply) == 308


def test_incrbyfloat_accepts_values_beyond_double_range(r: redis.Redis) -> None:
    assert len(call(r, "INCRBYFLOAT", "k", "1.5e400")) == 401


@pytest.mark.parametrize(
    "start, incr",
    [(None, "inf"), (None, "-Infinity"), ("inf", "1"), ("1.18973149535723176502e+4932", "1e4932")],
)
def test_incrbyfloat_refuses_infinite_results(r: redis.Redis, start: str | None, incr: str) -> None:
    if start is not None:
        call(r, "SET", "k", start)
    assert error(r, "INCRBYFLOAT", "k", incr) == "increment would produce NaN or Infinity"


@pytest.mark.parametrize(
    "incr", ["nan", "abc", " 1", "1 ", "1e", "", "0x", "1,5", "1.19e4932", "1e-5000", b"1\x00"]
)
def test_incrbyfloat_increment_must_be_a_valid_float(r: redis.Redis, incr: str | bytes) -> None:
    assert error(r, "INCRBYFLOAT", "k", incr) == NOT_FLOAT
    assert call(r, "GET", "k") is None


def test_incrbyfloat_on_a_value_that_is_not_a_float(r: redis.Redis) -> None:
    call(r, "SET", "k", "1.5 ")
    assert error(r, "INCRBYFLOAT", "k", "1") == NOT_FLOAT


def test_incrbyfloat_on_a_hash_is_wrongtype_before_parsing(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "INCRBYFLOAT", "h", "nan") == WRONGTYPE


def test_incrbyfloat_keeps_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "1.5", "EX", "100")
    call(r, "INCRBYFLOAT", "k", "1")
    assert ttl(server, "k") == 100.0


def test_incrbyfloat_replies_a_bulk_string_in_both_protocols(r: redis.Redis) -> None:
    assert call(r, "INCRBYFLOAT", "k", "1.5") == b"1.5"


# -- GETRANGE / SUBSTR / SETRANGE ------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, result",
    [
        (0, 4, b"Hello"),
        (-5, -1, b"World"),
        (0, -1, b"Hello World"),
        (6, 100, b"World"),
        (5, 3, b""),
        (-100, 2, b"Hel"),
        (0, -100, b"H"),
        (-1, -5, b""),
        (100, 200, b""),
        (LLONG_MIN, LLONG_MAX, b"Hello World"),
    ],
)
def test_getrange(r: redis.Redis, start: int, end: int, result: bytes) -> None:
    call(r, "SET", "k", "Hello World")
    assert call(r, "GETRANGE", "k", start, end) == result


def test_getrange_of_a_missing_key_is_an_empty_string(r: redis.Redis) -> None:
    assert call(r, "GETRANGE", "missing", 0, -1) == b""


def test_getrange_checks_indexes_before_the_key(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "GETRANGE", "h", "a", "1") == NOT_INTEGER
    assert error(r, "GETRANGE", "h", "0", "1") == WRONGTYPE


def test_substr_is_getrange(r: redis.Redis) -> None:
    call(r, "SET", "k", "Hello")
    assert call(r, "SUBSTR", "k", 1, 3) == b"ell"


def test_setrange_overwrites_in_place(r: redis.Redis) -> None:
    call(r, "SET", "k", "Hello World")
    assert call(r, "SETRANGE", "k", 6, "Redis") == 11
    assert call(r, "GET", "k") == b"Hello Redis"


def test_setrange_pads_with_zero_bytes(r: redis.Redis) -> None:
    call(r, "SET", "k", "ab")
    assert call(r, "SETRANGE", "k", 4, "x") == 5
    assert call(r, "GET", "k") == b"ab\x00\x00x"
    assert call(r, "SETRANGE", "new", 2, "yz") == 4
    assert call(r, "GET", "new") == b"\x00\x00yz"


def test_setrange_across_the_end(r: redis.Redis) -> None:
    call(r, "SET", "k", "abc")
    assert call(r, "SETRANGE", "k", 2, "XYZ") == 5
    assert call(r, "GET", "k") == b"abXYZ"


def test_setrange_with_an_empty_value_changes_nothing(r: redis.Redis, server: Server) -> None:
    assert call(r, "SETRANGE", "missing", 5, "") == 0
    server.assert_no_key("missing")
    call(r, "SET", "k", "abc")
    assert call(r, "SETRANGE", "k", 10, "") == 3


def test_setrange_keeps_the_ttl(r: redis.Redis, server: Server) -> None:
    call(r, "SET", "k", "abc", "EX", "100")
    call(r, "SETRANGE", "k", 1, "X")
    assert ttl(server, "k") == 100.0


def test_setrange_offset_errors(r: redis.Redis) -> None:
    assert error(r, "SETRANGE", "k", "-1", "x") == "offset is out of range"
    assert error(r, "SETRANGE", "k", "1.5", "x") == NOT_INTEGER
    assert error(r, "SETRANGE", "k", "9223372036854775808", "x") == NOT_INTEGER


def test_setrange_beyond_the_default_maximum_allocates_nothing(r: redis.Redis) -> None:
    assert error(r, "SETRANGE", "k", 512 * 1024 * 1024, "x") == TOO_LONG
    assert error(r, "SETRANGE", "k", LLONG_MAX, "x") == TOO_LONG


def test_setrange_on_a_hash(r: redis.Redis) -> None:
    r.hset("h", "f", "v")
    assert error(r, "SETRANGE", "h", 0, "x") == WRONGTYPE
    assert error(r, "SETRANGE", "h", 0, "") == WRONGTYPE
    assert error(r, "SETRANGE", "h", -1, "x") == "offset is out of range"


# -- the command table ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, arity",
    [("get", 2), ("set", -3), ("getex", -2), ("mget", -2), ("mset", -3), ("setrange", 4)],
)
def test_arity_errors(r: redis.Redis, name: str, arity: int) -> None:
    argc = 1 if arity < 0 else arity + 1
    args = ["x"] * (argc - 1)
    assert error(r, name, *args) == f"wrong number of arguments for '{name}' command"
