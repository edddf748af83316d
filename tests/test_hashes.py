"""Hash commands, hash field expiry (Redis 7.4) included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis

from redistill import Server
from redistill.commands.hashes import parse_scan_cursor
from redistill.errors import CommandError

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"


def stored(server: Server, key: bytes, db: int = 0) -> Any:
    """What the keyspace holds at ``key``, bypassing expiry checks (None if nothing)."""
    with server.lock:
        return server.keyspace.dbs[db].data.get(key)


def wire(r: redis.Redis, *args: Any) -> Any:
    """Run a command and return the reply as RESP decoded it (no redis-py reshaping)."""
    r.response_callbacks.pop(str(args[0]).upper(), None)
    return r.execute_command(*args)


def pairs(reply: Any) -> list[tuple[bytes, bytes]]:
    """HRANDFIELD ... WITHVALUES as (field, value) pairs, from RESP2 or RESP3."""
    if reply and isinstance(reply[0], list):
        return [(f, v) for f, v in reply]
    return list(zip(reply[::2], reply[1::2]))


def full_hscan(r: redis.Redis, key: str, count: int = 10, **kw: Any) -> list[Any]:
    """Every page of an HSCAN iteration: [(cursor, items), ...]."""
    pages = []
    cursor = 0
    while True:
        cursor, items = wire(r, "HSCAN", key, cursor, "COUNT", count, *kw.get("extra", ()))
        cursor = int(cursor)
        pages.append((cursor, items))
        if cursor == 0:
            return pages


@pytest.fixture
def small_server() -> Iterator[Server]:
    """A server whose hashes turn into hashtables beyond 4 fields or 8-byte strings."""
    config = {"hash-max-listpack-entries": "4", "hash-max-listpack-value": "8"}
    with Server(config=config) as s:
        yield s


# ---------------------------------------------------------------------------
# HSET / HMSET / HSETNX / HGET


def test_hset_replies_the_number_of_new_fields(r: redis.Redis) -> None:
    assert r.execute_command("HSET", "h", "a", "1", "b", "2") == 2


def test_hset_does_not_count_overwritten_fields(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert r.execute_command("HSET", "h", "a", "2", "b", "3") == 1
    assert r.hget("h", "a") == b"2"


def test_hset_repeating_a_field_keeps_the_last_value(r: redis.Redis) -> None:
    assert r.execute_command("HSET", "h", "a", "1", "a", "2") == 1
    assert r.hgetall("h") == {b"a": b"2"}


def test_hset_with_a_field_but_no_value_is_an_arity_error(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^wrong number of arguments for 'hset' command$"):
        r.execute_command("HSET", "h", "a", "1", "b")


def test_hmset_replies_ok_and_sets_every_pair(r: redis.Redis) -> None:
    assert r.execute_command("HMSET", "h", "a", "1", "b", "2") in (b"OK", True)
    assert r.hgetall("h") == {b"a": b"1", b"b": b"2"}


def test_hmset_with_a_field_but_no_value_is_an_arity_error(r: redis.Redis) -> None:
    with pytest.raises(
        redis.ResponseError, match="^wrong number of arguments for 'hmset' command$"
    ):
        r.execute_command("HMSET", "h", "a")


def test_hget_of_a_missing_field_or_key_is_nil(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert r.hget("h", "zz") is None
    assert r.hget("nokey", "a") is None


def test_hsetnx_sets_only_an_absent_field(r: redis.Redis) -> None:
    assert r.hsetnx("h", "a", "1") == 1
    assert r.hsetnx("h", "a", "2") == 0
    assert r.hget("h", "a") == b"1"


def test_hash_values_are_binary_safe(r: redis.Redis) -> None:
    r.hset("h", b"\x00f\r\n", b"\xff\x00v")
    assert r.hget("h", b"\x00f\r\n") == b"\xff\x00v"


# ---------------------------------------------------------------------------
# Whole-hash reads


def test_hgetall_shows_fields_in_insertion_order(r: redis.Redis) -> None:
    r.hset("h", mapping={"z": "1", "a": "2", "m": "3"})
    r.hset("h", "z", "9")  # overwriting keeps the place
    assert list(r.hgetall("h").items()) == [(b"z", b"9"), (b"a", b"2"), (b"m", b"3")]


def test_a_field_deleted_and_set_again_moves_to_the_end(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    r.hdel("h", "a")
    r.hset("h", "a", "3")
    assert r.hkeys("h") == [b"b", b"a"]


def test_hgetall_of_a_missing_key_is_empty(r: redis.Redis) -> None:
    assert r.hgetall("nokey") == {}


def test_hgetall_is_a_flat_array_in_resp2(r2: redis.Redis) -> None:
    r2.hset("h", mapping={"a": "1", "b": "2"})
    # Bypass redis-py's response callbacks to see the wire shape.
    assert wire(r2, "HGETALL", "h") == [b"a", b"1", b"b", b"2"]


def test_hkeys_and_hvals_follow_the_same_order(r: redis.Redis) -> None:
    r.hset("h", mapping={"b": "1", "a": "2"})
    assert r.hkeys("h") == [b"b", b"a"]
    assert r.hvals("h") == [b"1", b"2"]


def test_hkeys_and_hvals_of_a_missing_key_are_empty(r: redis.Redis) -> None:
    assert r.hkeys("nokey") == []
    assert r.hvals("nokey") == []


def test_hmget_gives_nil_for_missing_fields(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert r.hmget("h", "a", "zz", "b") == [b"1", None, b"2"]


def test_hmget_of_a_missing_key_gives_all_nils(r: redis.Redis) -> None:
    assert r.hmget("nokey", "a", "b") == [None, None]


def test_hlen_counts_fields(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert r.hlen("h") == 2
    assert r.hlen("nokey") == 0


def test_hexists(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert r.hexists("h", "a") is True
    assert r.hexists("h", "zz") is False
    assert r.hexists("nokey", "a") is False


def test_hstrlen_is_the_value_length_or_zero(r: redis.Redis) -> None:
    r.hset("h", "a", "hello")
    assert r.hstrlen("h", "a") == 5
    assert r.hstrlen("h", "zz") == 0
    assert r.hstrlen("nokey", "a") == 0


# ---------------------------------------------------------------------------
# HDEL


def test_hdel_counts_each_removed_field_once(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3"})
    assert r.hdel("h", "a", "a", "zz", "b") == 2
    assert r.hkeys("h") == [b"c"]


def test_hdel_of_the_last_field_deletes_the_key(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    assert r.hdel("h", "a") == 1
    assert stored(server, b"h") is None


def test_hdel_on_a_missing_key_is_zero(r: redis.Redis) -> None:
    assert r.hdel("nokey", "a") == 0


# ---------------------------------------------------------------------------
# HINCRBY / HINCRBYFLOAT


def test_hincrby_starts_a_missing_field_at_zero(r: redis.Redis) -> None:
    assert r.hincrby("h", "n", 5) == 5
    assert r.hincrby("h", "n", -7) == -2
    assert r.hget("h", "n") == b"-2"


def test_hincrby_on_a_non_integer_value_fails(r: redis.Redis) -> None:
    r.hset("h", "n", " 1")
    with pytest.raises(redis.ResponseError, match="^hash value is not an integer$"):
        r.hincrby("h", "n", 1)


def test_hincrby_with_a_non_integer_increment_fails(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        r.execute_command("HINCRBY", "h", "n", "1.5")


def test_hincrby_past_the_64_bit_range_fails_and_keeps_the_value(r: redis.Redis) -> None:
    r.hset("h", "n", str(2**63 - 1))
    with pytest.raises(redis.ResponseError, match="^increment or decrement would overflow$"):
        r.hincrby("h", "n", 1)
    assert r.hget("h", "n") == str(2**63 - 1).encode()


def test_hincrby_can_reach_the_smallest_64_bit_integer(r: redis.Redis) -> None:
    assert r.hincrby("h", "n", -(2**63)) == -(2**63)
    with pytest.raises(redis.ResponseError, match="^increment or decrement would overflow$"):
        r.hincrby("h", "n", -1)


def test_hincrbyfloat_adds_in_long_double_precision(r: redis.Redis) -> None:
    r.hset("h", "f", "10.5")
    assert wire(r, "HINCRBYFLOAT", "h", "f", "0.1") == b"10.6"
    assert r.hget("h", "f") == b"10.6"


def test_hincrbyfloat_accepts_exponents_and_hex(r: redis.Redis) -> None:
    assert wire(r, "HINCRBYFLOAT", "h", "f", "1e3") == b"1000"
    assert wire(r, "HINCRBYFLOAT", "h", "f", "0x10") == b"1016"


def test_hincrbyfloat_on_a_non_float_value_fails(r: redis.Redis) -> None:
    r.hset("h", "f", "abc")
    with pytest.raises(redis.ResponseError, match="^hash value is not a float$"):
        r.hincrbyfloat("h", "f", 1)


def test_hincrbyfloat_with_an_invalid_increment_fails(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^value is not a valid float$"):
        wire(r, "HINCRBYFLOAT", "h", "f", "one")


def test_hincrbyfloat_with_an_infinite_increment_fails(r: redis.Redis, server: Server) -> None:
    with pytest.raises(redis.ResponseError, match="^value is NaN or Infinity$"):
        wire(r, "HINCRBYFLOAT", "h", "f", "inf")
    assert stored(server, b"h") is None


def test_hincrbyfloat_to_infinity_fails(r: redis.Redis) -> None:
    r.hset("h", "f", "1e4932")
    with pytest.raises(redis.ResponseError, match="^increment would produce NaN or Infinity$"):
        wire(r, "HINCRBYFLOAT", "h", "f", "1e4932")
    assert r.hget("h", "f") == b"1e4932"


# ---------------------------------------------------------------------------
# WRONGTYPE


HASH_COMMANDS = [
    ("HSET", "k", "f", "v"),
    ("HMSET", "k", "f", "v"),
    ("HSETNX", "k", "f", "v"),
    ("HGET", "k", "f"),
    ("HMGET", "k", "f"),
    ("HGETALL", "k"),
    ("HKEYS", "k"),
    ("HVALS", "k"),
    ("HLEN", "k"),
    ("HEXISTS", "k", "f"),
    ("HSTRLEN", "k", "f"),
    ("HDEL", "k", "f"),
    ("HINCRBY", "k", "f", "1"),
    ("HINCRBYFLOAT", "k", "f", "1"),
    ("HSCAN", "k", "0"),
    ("HRANDFIELD", "k"),
    ("HRANDFIELD", "k", "2", "WITHVALUES"),
    ("HEXPIRE", "k", "10", "FIELDS", "1", "f"),
    ("HPEXPIREAT", "k", "10", "FIELDS", "1", "f"),
    ("HTTL", "k", "FIELDS", "1", "f"),
    ("HPEXPIRETIME", "k", "FIELDS", "1", "f"),
    ("HPERSIST", "k", "FIELDS", "1", "f"),
]


@pytest.mark.parametrize("cmd", HASH_COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:]))
def test_every_hash_command_refuses_a_string_key(r: redis.Redis, cmd: tuple[str, ...]) -> None:
    r.set("k", "x")
    with pytest.raises(redis.ResponseError, match=f"^{WRONGTYPE}$"):
        r.execute_command(*cmd)
    assert r.get("k") == b"x"


# ---------------------------------------------------------------------------
# HRANDFIELD


def test_hrandfield_returns_one_of_the_fields(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3"})
    seen = {r.hrandfield("h") for _ in range(50)}
    assert seen <= {b"a", b"b", b"c"}
    assert len(seen) > 1


def test_hrandfield_of_a_missing_key_is_nil_or_empty(r: redis.Redis) -> None:
    assert r.hrandfield("nokey") is None
    assert r.hrandfield("nokey", 3) == []


def test_hrandfield_positive_count_gives_distinct_fields(r: redis.Redis) -> None:
    r.hset("h", mapping={str(i): str(i) for i in range(10)})
    for _ in range(20):
        got = r.hrandfield("h", 4)
        assert len(got) == 4 and len(set(got)) == 4


def test_hrandfield_count_over_the_size_gives_the_whole_hash_in_order(r: redis.Redis) -> None:
    r.hset("h", mapping={"b": "1", "a": "2"})
    assert r.hrandfield("h", 10) == [b"b", b"a"]


def test_hrandfield_negative_count_may_repeat_fields(r: redis.Redis) -> None:
    r.hset("h", "only", "1")
    assert r.hrandfield("h", -3) == [b"only", b"only", b"only"]


def test_hrandfield_zero_count_is_empty(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert r.hrandfield("h", 0) == []


def test_hrandfield_withvalues_pairs_each_field_with_its_value(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert sorted(pairs(r.hrandfield("h", 5, withvalues=True))) == [(b"a", b"1"), (b"b", b"2")]
    assert pairs(r.hrandfield("h", -2, withvalues=True))[0] in [(b"a", b"1"), (b"b", b"2")]


def test_hrandfield_withvalues_is_a_flat_array_in_resp2(r2: redis.Redis) -> None:
    r2.hset("h", "a", "1")
    assert wire(r2, "HRANDFIELD", "h", "-2", "WITHVALUES") == [b"a", b"1", b"a", b"1"]


def test_hrandfield_withvalues_nests_pairs_in_resp3(server: Server) -> None:
    r3 = server.client(protocol=3)
    r3.hset("h", "a", "1")
    assert wire(r3, "HRANDFIELD", "h", "-2", "WITHVALUES") == [[b"a", b"1"]] * 2


def test_hrandfield_rejects_extra_arguments(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        r.execute_command("HRANDFIELD", "h", "1", "WITHSCORES")


def test_hrandfield_count_must_be_an_integer(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        r.execute_command("HRANDFIELD", "h", "x")


def test_hrandfield_count_cannot_be_the_smallest_integer(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^value is out of range, value must between"):
        r.execute_command("HRANDFIELD", "h", str(-(2**63)))


def test_hrandfield_withvalues_count_is_limited_to_half_the_range(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^value is out of range$"):
        r.execute_command("HRANDFIELD", "h", str(-(2**62)), "WITHVALUES")


# ---------------------------------------------------------------------------
# HSCAN


def test_hscan_of_a_small_hash_returns_everything_with_cursor_zero(r: redis.Redis) -> None:
    r.hset("h", mapping={f"f{i}": str(i) for i in range(30)})
    cursor, items = wire(r, "HSCAN", "h", "0", "COUNT", "2")
    assert cursor == b"0"
    assert len(items) == 60
    assert items[:4] == [b"f0", b"0", b"f1", b"1"]


def test_hscan_of_a_small_hash_ignores_the_cursor(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert wire(r, "HSCAN", "h", "12345") == [b"0", [b"a", b"1"]]


def test_hscan_match_filters_fields(r: redis.Redis) -> None:
    r.hset("h", mapping={"user:1": "a", "admin:1": "b", "user:2": "c"})
    cursor, items = wire(r, "HSCAN", "h", "0", "MATCH", "user:*")
    assert items == [b"user:1", b"a", b"user:2", b"c"]


def test_hscan_novalues_returns_only_fields(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert wire(r, "HSCAN", "h", "0", "NOVALUES") == [b"0", [b"a", b"b"]]


def test_hscan_of_a_missing_key_is_an_empty_page(r: redis.Redis) -> None:
    assert wire(r, "HSCAN", "nokey", "0", "BOGUS") == [b"0", []]


def test_hscan_with_count_zero_is_a_syntax_error(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        wire(r, "HSCAN", "h", "0", "COUNT", "0")


def test_hscan_with_an_unknown_option_is_a_syntax_error(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        wire(r, "HSCAN", "h", "0", "TYPE", "string")


def test_hscan_with_a_bad_cursor_fails(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^invalid cursor$"):
        wire(r, "HSCAN", "h", "abc")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (b"0", 0),
        (b"", 0),
        (b"+7", 7),
        (b"007", 7),
        (b"-1", 2**64 - 1),
        (b"18446744073709551615", 2**64 - 1),
    ],
)
def test_scan_cursors_are_read_like_strtoul(raw: bytes, value: int) -> None:
    assert parse_scan_cursor(raw) == value


@pytest.mark.parametrize("raw", [b" 0", b"0 ", b"+", b"-", b"0x10", b"18446744073709551616"])
def test_scan_cursors_that_strtoul_rejects_are_invalid(raw: bytes) -> None:
    with pytest.raises(CommandError):
        parse_scan_cursor(raw)


def test_a_hash_beyond_the_listpack_limit_is_scanned_in_pages(small_server: Server) -> None:
    r = small_server.client()
    r.hset("h", mapping={f"f{i}": str(i) for i in range(100)})
    pages = full_hscan(r, "h", count=10)
    assert len(pages) > 5
    fields = [f for _, items in pages for f in items[::2]]
    assert sorted(fields) == sorted(f"f{i}".encode() for i in range(100))


def test_a_long_value_makes_a_hash_scan_in_pages(small_server: Server) -> None:
    r = small_server.client()
    r.hset("h", mapping={f"f{i}": str(i) for i in range(4)})
    r.hset("h", "long", "x" * 9)
    cursor, items = wire(r, "HSCAN", "h", "0", "COUNT", "1")
    assert cursor != b"0"


def test_a_hash_stays_a_hashtable_after_shrinking(small_server: Server) -> None:
    r = small_server.client()
    r.hset("h", mapping={f"f{i}": str(i) for i in range(10)})
    r.hdel("h", *[f"f{i}" for i in range(1, 10)])
    with small_server.lock:
        assert small_server.keyspace.dbs[0].data[b"h"].hashtable is True


def test_hscan_returns_each_lasting_field_once_while_the_hash_changes(small_server: Server) -> None:
    r = small_server.client()
    r.hset("h", mapping={f"f{i}": "v" for i in range(200)})
    seen: list[bytes] = []
    cursor = 0
    step = 0
    while True:
        cursor_raw, items = wire(r, "HSCAN", "h", cursor, "COUNT", 7)
        seen += items[::2]
        cursor = int(cursor_raw)
        # Churn: add new fields and delete a few that are never kept.
        r.hset("h", mapping={f"new{step}-{j}": "v" for j in range(5)})
        r.hdel("h", f"f{199 - step}")
        step += 1
        if cursor == 0:
            break
    lasting = {f"f{i}".encode() for i in range(200 - step)}
    for field in lasting:
        assert seen.count(field) == 1, field


def test_hscan_pages_respect_match(small_server: Server) -> None:
    r = small_server.client()
    r.hset("h", mapping={f"{'a' if i % 2 else 'b'}{i}": "v" for i in range(50)})
    pages = full_hscan(r, "h", count=5, extra=("MATCH", "a*", "NOVALUES"))
    fields = [f for _, items in pages for f in items]
    assert sorted(fields) == sorted(f"a{i}".encode() for i in range(1, 50, 2))


# ---------------------------------------------------------------------------
# Hash field expiry (Redis 7.4): setting and reading TTLs


def hexpire(r: redis.Redis, cmd: str, key: str, when: int, *fields: str, cond: str = "") -> Any:
    args: list[Any] = [cmd, key, when]
    if cond:
        args.append(cond)
    return r.execute_command(*args, "FIELDS", len(fields), *fields)


def httl(r: redis.Redis, cmd: str, key: str, *fields: str) -> Any:
    return r.execute_command(cmd, key, "FIELDS", len(fields), *fields)


def test_hexpire_replies_one_per_field(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert hexpire(r, "HEXPIRE", "h", 100, "a", "zz", "b") == [1, -2, 1]


def test_hexpire_on_a_missing_key_replies_minus_two_per_field(r: redis.Redis) -> None:
    assert hexpire(r, "HEXPIRE", "nokey", 100, "a", "b") == [-2, -2]


def test_httl_and_hpttl_count_down_with_the_clock(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HPEXPIRE", "h", 10_500, "a")
    assert httl(r, "HPTTL", "h", "a") == [10_500]
    assert httl(r, "HTTL", "h", "a") == [11]  # whole seconds, rounded up
    server.clock.advance(0.5)
    assert httl(r, "HTTL", "h", "a") == [10]


def test_httl_tells_apart_missing_fields_and_fields_without_ttl(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert httl(r, "HTTL", "h", "a", "zz") == [-1, -2]
    assert httl(r, "HPTTL", "nokey", "a") == [-2]


def test_hexpireat_and_hexpiretime_use_unix_time(r: redis.Redis, server: Server) -> None:
    at = int(server.clock.time()) + 1000
    r.hset("h", "a", "1")
    assert hexpire(r, "HEXPIREAT", "h", at, "a") == [1]
    assert httl(r, "HEXPIRETIME", "h", "a") == [at]
    assert httl(r, "HPEXPIRETIME", "h", "a") == [at * 1000]


def test_hpexpireat_keeps_milliseconds(r: redis.Redis, server: Server) -> None:
    at_ms = server.clock.time_ms() + 1234
    r.hset("h", "a", "1")
    hexpire(r, "HPEXPIREAT", "h", at_ms, "a")
    assert httl(r, "HPEXPIRETIME", "h", "a") == [at_ms]
    assert httl(r, "HEXPIRETIME", "h", "a") == [(at_ms + 999) // 1000]


def test_hexpiretime_of_fields_without_ttl(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert httl(r, "HEXPIRETIME", "h", "a", "zz") == [-1, -2]


def test_a_field_ttl_does_not_give_the_key_a_ttl(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 100, "a")
    with server.lock:
        assert server.keyspace.dbs[0].ttl_ms(b"h") == -1


# ---------------------------------------------------------------------------
# Field expiry on the clock


def test_an_expired_field_vanishes_and_the_others_stay(r: redis.Redis, server: Server) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 10, "a")
    server.clock.advance(10)  # a field lives through its last millisecond, as in Redis
    assert r.hget("h", "a") == b"1"
    assert httl(r, "HPTTL", "h", "a") == [0]
    server.clock.advance(0.001)
    assert r.hget("h", "a") is None
    assert r.hgetall("h") == {b"b": b"2"}


def test_the_key_vanishes_when_its_last_field_expires(r: redis.Redis, server: Server) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 10, "a")
    hexpire(r, "HEXPIRE", "h", 20, "b")
    server.clock.advance(10.001)
    assert stored(server, b"h") == {b"b": b"2"}
    server.clock.advance(10)
    assert stored(server, b"h") is None  # gone from the keyspace, not just hidden


READS_AFTER_EXPIRY = [
    (("HGET", "h", "a"), None),
    (("HMGET", "h", "a", "b"), [None, b"2"]),
    (("HKEYS", "h"), [b"b"]),
    (("HVALS", "h"), [b"2"]),
    (("HLEN", "h"), 1),
    (("HEXISTS", "h", "a"), 0),
    (("HSTRLEN", "h", "a"), 0),
    (("HSCAN", "h", "0"), [b"0", [b"b", b"2"]]),
    (("HRANDFIELD", "h", "5"), [b"b"]),
    (("HDEL", "h", "a"), 0),
    (("HSETNX", "h", "a", "new"), 1),
    (("HINCRBY", "h", "a", "3"), 3),
    (("HTTL", "h", "FIELDS", "1", "a"), [-2]),
    (("HPERSIST", "h", "FIELDS", "1", "a"), [-2]),
    (("HEXPIRE", "h", "100", "FIELDS", "1", "a"), [-2]),
]


@pytest.mark.parametrize(
    ("cmd", "expected"), READS_AFTER_EXPIRY, ids=lambda x: str(x[0]) if isinstance(x, tuple) else ""
)
def test_an_expired_field_is_invisible_to_every_hash_command(
    r2: redis.Redis, server: Server, cmd: tuple[str, ...], expected: Any
) -> None:
    r2.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r2, "HEXPIRE", "h", 5, "a")
    server.clock.advance(5.001)
    assert wire(r2, *cmd) == expected


def test_an_expired_field_is_invisible_before_any_purge(
    r: redis.Redis, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 5, "a")
    # Move time without the clock's purge hook, as a ticking clock does between purges.
    later = server.clock.time_ms() + 5001
    with server.lock:
        monkeypatch.setattr(server.keyspace, "now_ms", lambda: later)
    assert r.hgetall("h") == {b"b": b"2"}
    assert r.hlen("h") == 1


def test_a_hash_whose_last_field_expired_reads_as_missing(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 5, "a")
    server.clock.advance(5.001)
    assert r.hgetall("h") == {}
    assert r.hlen("h") == 0
    assert r.execute_command("HSET", "h", "b", "2") == 1


def test_fields_expire_in_other_databases_too(server: Server) -> None:
    r = server.client(db=3)
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 5, "a", "b")
    server.clock.advance(5.001)
    assert stored(server, b"h", db=3) is None


def test_field_ttls_follow_the_hash_through_rename(r: redis.Redis, server: Server) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 10, "a")
    r.rename("h", "moved")
    assert httl(r, "HTTL", "moved", "a") == [10]
    server.clock.advance(10.001)
    assert r.hgetall("moved") == {b"b": b"2"}


def test_a_copied_hash_keeps_its_own_field_ttls(r: redis.Redis, server: Server) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 10, "a")
    r.execute_command("COPY", "h", "copy")
    httl(r, "HPERSIST", "h", "a")
    server.clock.advance(10.001)
    assert r.hgetall("h") == {b"a": b"1", b"b": b"2"}
    assert r.hgetall("copy") == {b"b": b"2"}


def test_a_hash_moved_to_another_database_keeps_its_field_ttls(
    r: redis.Redis, server: Server
) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 10, "a")
    r.execute_command("MOVE", "h", "1")
    server.clock.advance(10.001)
    assert stored(server, b"h", db=1) is None


def test_dbsize_and_keys_drop_a_hash_whose_fields_all_expired(
    r: redis.Redis, server: Server
) -> None:
    r.hset("h", "a", "1")
    r.set("s", "x")
    hexpire(r, "HEXPIRE", "h", 5, "a")
    server.clock.advance(5.001)
    assert r.dbsize() == 1
    assert r.keys() == [b"s"]


# ---------------------------------------------------------------------------
# What changes a field's TTL


def test_hset_overwriting_a_field_clears_its_ttl(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 100, "a")
    r.hset("h", "a", "2")
    assert httl(r, "HTTL", "h", "a") == [-1]


def test_hmset_overwriting_a_field_clears_its_ttl(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 100, "a")
    r.execute_command("HMSET", "h", "a", "2")
    assert httl(r, "HTTL", "h", "a") == [-1]


def test_hincrby_and_hincrbyfloat_keep_the_ttl(r: redis.Redis) -> None:
    r.hset("h", mapping={"n": "1", "f": "1.5"})
    hexpire(r, "HEXPIRE", "h", 100, "n", "f")
    r.hincrby("h", "n", 1)
    r.hincrbyfloat("h", "f", 1)
    assert httl(r, "HTTL", "h", "n", "f") == [100, 100]


def test_hsetnx_on_a_field_with_ttl_changes_nothing(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 100, "a")
    assert r.hsetnx("h", "a", "2") == 0
    assert httl(r, "HTTL", "h", "a") == [100]


def test_hdel_then_hset_gives_a_field_without_ttl(r: redis.Redis, server: Server) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 10, "a")
    r.hdel("h", "a")
    r.hset("h", "a", "3")
    server.clock.advance(10.001)
    assert r.hget("h", "a") == b"3"


def test_deleting_the_key_forgets_its_field_ttls(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 10, "a")
    with server.lock:
        server.keyspace.dbs[0].delete(b"h")
    r.hset("h", "a", "new")
    server.clock.advance(10.001)
    assert r.hget("h", "a") == b"new"


def test_hpersist_removes_the_ttl(r: redis.Redis, server: Server) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 10, "a")
    assert httl(r, "HPERSIST", "h", "a", "b", "zz") == [1, -1, -2]
    server.clock.advance(10.001)
    assert r.hget("h", "a") == b"1"


def test_hpersist_on_a_missing_key(r: redis.Redis) -> None:
    assert httl(r, "HPERSIST", "nokey", "a") == [-2]


def test_setting_a_ttl_again_and_again_keeps_the_expiry_index_small(
    r: redis.Redis, server: Server
) -> None:
    r.hset("h", "a", "1")
    pipe = r.pipeline(transaction=False)
    for i in range(5000):
        pipe.execute_command("HPEXPIRE", "h", 100_000 + i, "FIELDS", 1, "a")
    pipe.execute()
    with server.lock:
        assert len(server.keyspace.dbs[0].field_heap) <= 2048
    assert httl(r, "HPTTL", "h", "a") == [104_999]


def test_a_later_hexpire_replaces_the_earlier_one(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    hexpire(r, "HEXPIRE", "h", 5, "a")
    hexpire(r, "HEXPIRE", "h", 50, "a")
    server.clock.advance(5.001)
    assert r.hget("h", "a") == b"1"
    assert httl(r, "HTTL", "h", "a") == [45]


# ---------------------------------------------------------------------------
# Field order with TTLs (a Redis 7.4 listpack keeps fields with a TTL first)


def test_fields_with_a_ttl_come_first_soonest_first(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3", "d": "4"})
    hexpire(r, "HEXPIRE", "h", 200, "c")
    hexpire(r, "HEXPIRE", "h", 100, "d")
    assert r.hkeys("h") == [b"d", b"c", b"a", b"b"]


def test_a_field_whose_ttl_is_set_again_goes_before_equal_ones(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "a", "b")
    hexpire(r, "HEXPIRE", "h", 100, "b")
    assert r.hkeys("h") == [b"b", b"a"]


def test_hpersist_moves_the_field_behind_the_fields_with_ttl(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3"})
    hexpire(r, "HEXPIRE", "h", 100, "a", "b")
    httl(r, "HPERSIST", "h", "a")
    assert r.hkeys("h") == [b"b", b"c", b"a"]


def test_hset_over_a_field_with_ttl_moves_it_to_the_end(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "a")
    r.hset("h", "a", "new")
    assert list(r.hgetall("h").items()) == [(b"b", b"2"), (b"a", b"new")]


def test_hincrby_leaves_a_field_with_ttl_in_place(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "n": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "n")
    r.hincrby("h", "n", 1)
    assert r.hkeys("h") == [b"n", b"a"]


# ---------------------------------------------------------------------------
# HEXPIRE conditions and past times


def test_hexpire_nx_sets_only_fields_without_ttl(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "a")
    assert hexpire(r, "HEXPIRE", "h", 200, "a", "b", cond="NX") == [0, 1]
    assert httl(r, "HTTL", "h", "a", "b") == [100, 200]


def test_hexpire_xx_sets_only_fields_with_ttl(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "a")
    assert hexpire(r, "HEXPIRE", "h", 200, "a", "b", cond="xx") == [1, 0]
    assert httl(r, "HTTL", "h", "a", "b") == [200, -1]


def test_hexpire_gt_only_extends_and_treats_no_ttl_as_infinite(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "a")
    assert hexpire(r, "HEXPIRE", "h", 50, "a", cond="GT") == [0]
    assert hexpire(r, "HEXPIRE", "h", 100, "a", cond="GT") == [0]
    assert hexpire(r, "HEXPIRE", "h", 150, "a", "b", cond="GT") == [1, 0]
    assert httl(r, "HTTL", "h", "a", "b") == [150, -1]


def test_hexpire_lt_only_shortens_and_treats_no_ttl_as_infinite(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    hexpire(r, "HEXPIRE", "h", 100, "a")
    assert hexpire(r, "HEXPIRE", "h", 150, "a", cond="LT") == [0]
    assert hexpire(r, "HEXPIRE", "h", 50, "a", "b", cond="LT") == [1, 1]
    assert httl(r, "HTTL", "h", "a", "b") == [50, 50]


def test_hexpire_with_zero_seconds_deletes_the_field(r: redis.Redis) -> None:
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert hexpire(r, "HEXPIRE", "h", 0, "a") == [2]
    assert r.hgetall("h") == {b"b": b"2"}


def test_hpexpireat_in_the_past_deletes_the_field_and_the_emptied_key(
    r: redis.Redis, server: Server
) -> None:
    r.hset("h", "a", "1")
    assert hexpire(r, "HPEXPIREAT", "h", 1, "a", "a") == [2, -2]
    assert stored(server, b"h") is None


def test_a_failed_condition_does_not_delete_with_a_past_time(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert hexpire(r, "HEXPIRE", "h", 0, "a", cond="XX") == [0]
    assert r.hget("h", "a") == b"1"


# ---------------------------------------------------------------------------
# HEXPIRE family errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("HEXPIRE", "h", "10", "FIELD", "1", "a"),
            "Mandatory argument FIELDS is missing or not at the right position",
        ),
        (
            ("HEXPIRE", "h", "10", "NX", "XX", "FIELDS", "1", "a"),
            "Mandatory argument FIELDS is missing or not at the right position",
        ),
        (
            ("HEXPIRE", "h", "10", "FIELDS", "0", "a"),
            "Parameter `numFields` should be greater than 0",
        ),
        (
            ("HEXPIRE", "h", "10", "FIELDS", "x", "a"),
            "Parameter `numFields` should be greater than 0",
        ),
        (
            ("HEXPIRE", "h", "10", "FIELDS", "2", "a"),
            "The `numfields` parameter must match the number of arguments",
        ),
        (
            ("HEXPIRE", "h", "10", "FIELDS", "1", "a", "b"),
            "The `numfields` parameter must match the number of arguments",
        ),
        (("HEXPIRE", "h", "-1", "FIELDS", "1", "a"), "invalid expire time, must be >= 0"),
        (("HEXPIRE", "h", "ten", "FIELDS", "1", "a"), "value is not an integer or out of range"),
        (
            ("HEXPIRE", "h", str(2**46), "FIELDS", "1", "a"),
            "invalid expire time in 'hexpire' command",
        ),
        (
            ("HPEXPIREAT", "h", str(2**46), "FIELDS", "1", "a"),
            "invalid expire time in 'hpexpireat' command",
        ),
        (
            ("HTTL", "h", "FIELDZ", "1", "a"),
            "Mandatory argument FIELDS is missing or not at the right position",
        ),
        (("HPTTL", "h", "FIELDS", "-1", "a"), "Number of fields must be a positive integer"),
        (
            ("HPERSIST", "h", "FIELDS", "3", "a"),
            "The `numfields` parameter must match the number of arguments",
        ),
    ],
)
def test_hexpire_family_errors(r: redis.Redis, args: tuple[str, ...], message: str) -> None:
    r.hset("h", "a", "1")
    with pytest.raises(redis.ResponseError) as info:
        r.execute_command(*args)
    assert str(info.value) == message


def test_hexpire_checks_arguments_even_for_a_missing_key(r: redis.Redis) -> None:
    with pytest.raises(
        redis.ResponseError, match="^Parameter `numFields` should be greater than 0$"
    ):
        r.execute_command("HEXPIRE", "nokey", "10", "FIELDS", "0", "a")


def test_the_latest_allowed_field_expiry_is_accepted(r: redis.Redis) -> None:
    r.hset("h", "a", "1")
    assert hexpire(r, "HPEXPIREAT", "h", (2**48 - 1) >> 2, "a") == [1]
    with pytest.raises(redis.ResponseError, match="^invalid expire time in 'hpexpireat' command$"):
        hexpire(r, "HPEXPIREAT", "h", ((2**48 - 1) >> 2) + 1, "a")


# ---------------------------------------------------------------------------
# Encoding bookkeeping


def test_a_hash_starts_as_a_listpack(r: redis.Redis, server: Server) -> None:
    r.hset("h", "a", "1")
    assert stored(server, b"h").hashtable is False


@pytest.mark.parametrize(
    "cmd",
    [
        ("HSET", "h", "f1", "1", "f2", "2", "f3", "3", "f4", "4", "f5", "5"),
        ("HSET", "h", "long-field", "1"),
        ("HSET", "h", "f", "long-value"),
        ("HSETNX", "h", "long-field", "1"),
        ("HINCRBY", "h", "long-field", "1"),
        ("HINCRBYFLOAT", "h", "f", "1.0000001"),
    ],
)
def test_writes_past_the_listpack_limits_make_a_hashtable(
    small_server: Server, cmd: tuple[str, ...]
) -> None:
    r = small_server.client()
    r.execute_command(*cmd)
    assert stored(small_server, b"h").hashtable is True


def test_hset_with_more_pairs_than_the_entry_limit_converts_even_with_repeats(
    small_server: Server,
) -> None:
    r = small_server.client()
    r.execute_command("HSET", "h", *["f", "v"] * 5)
    assert r.hlen("h") == 1
    assert stored(small_server, b"h").hashtable is True


def test_hsetnx_that_sets_nothing_does_not_convert(small_server: Server) -> None:
    r = small_server.client()
    r.hset("h", "f", "1")
    r.hsetnx("h", "f", "long-value")
    assert stored(small_server, b"h").hashtable is False
