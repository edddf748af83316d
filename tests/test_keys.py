"""Generic key commands: DEL EXISTS TOUCH TYPE KEYS SCAN RANDOMKEY DBSIZE FLUSH*
RENAME COPY MOVE SWAPDB OBJECT WAIT, and the glob matcher behind KEYS and SCAN."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from redistill import Server
from redistill.keyspace import glob_matcher
from tests.util import call, error

NOT_INTEGER = "value is not an integer or out of range"
SYNTAX = "syntax error"
SAME_OBJECT = "source and destination objects are the same"
DB_RANGE = "DB index is out of range"
INT_RANGE = "value is out of range, value must between -2147483648 and 2147483647"
LFU_OFF = (
    "An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
    "when switching between policies at runtime LRU and LFU data will take some time to adjust."
)
LFU_ON = (
    "An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust."
)


def keys(r: redis.Redis, pattern: str | bytes) -> set[bytes]:
    return set(call(r, "KEYS", pattern))


def scan_all(r: redis.Redis, *options: Any) -> list[bytes]:
    """Every key a full SCAN iteration returns, in order, duplicates kept."""
    out: list[bytes] = []
    cursor = b"0"
    while True:
        cursor, page = call(r, "SCAN", cursor, *options)
        out.extend(page)
        if cursor == b"0":
            return out


# -- DEL / UNLINK --------------------------------------------------------------------


def test_del_counts_removed_keys_and_ignores_missing_ones(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2")
    assert call(r, "DEL", "a", "b", "c") == 2
    assert call(r, "EXISTS", "a", "b") == 0


def test_del_counts_a_key_named_twice_once(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    assert call(r, "DEL", "a", "a") == 1


def test_del_removes_a_hash(r: redis.Redis) -> None:
    call(r, "HSET", "h", "f", "v")
    assert call(r, "DEL", "h") == 1
    assert call(r, "TYPE", "h") == b"none"


def test_unlink_deletes_like_del(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2")
    assert call(r, "UNLINK", "a", "x", "b") == 2
    assert call(r, "DBSIZE") == 0


def test_del_without_keys_is_an_arity_error(r: redis.Redis) -> None:
    assert error(r, "DEL") == "wrong number of arguments for 'del' command"


# -- EXISTS / TOUCH / TYPE --------------------------------------------------------------


def test_exists_counts_a_key_once_per_mention(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    assert call(r, "EXISTS", "a", "a", "missing", "a") == 3


def test_touch_counts_existing_keys(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "HSET", "h", "f", "v")
    assert call(r, "TOUCH", "a", "h", "missing", "a") == 3


def test_type_names_each_kind_of_value(r: redis.Redis) -> None:
    call(r, "SET", "s", "v")
    call(r, "HSET", "h", "f", "v")
    assert call(r, "TYPE", "s") == b"string"
    assert call(r, "TYPE", "h") == b"hash"
    assert call(r, "TYPE", "missing") == b"none"


# -- KEYS ----------------------------------------------------------------------------------


@pytest.fixture
def glob_keys(r: redis.Redis) -> redis.Redis:
    call(r, "MSET", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeello", "5")
    call(r, "MSET", "a*b", "1", "a?b", "2", "a[b", "3", "a]b", "4", "a\\b", "5", "a-b", "6")
    return r


def test_keys_star_lists_every_key(glob_keys: redis.Redis) -> None:
    assert len(keys(glob_keys, "*")) == 11


def test_keys_question_mark_matches_one_byte(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "h?llo") == {b"hello", b"hallo", b"hxllo"}


def test_keys_star_matches_any_run_including_an_empty_one(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "h*llo") == {b"hello", b"hallo", b"hxllo", b"hllo", b"heeello"}


def test_keys_class_matches_one_of_its_members(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "h[ae]llo") == {b"hello", b"hallo"}


def test_keys_negated_class_matches_anything_else(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "h[^e]llo") == {b"hallo", b"hxllo"}


def test_keys_range_may_be_written_backwards(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "h[b-a]llo") == keys(glob_keys, "h[a-b]llo") == {b"hallo"}


def test_keys_backslash_escapes_special_characters(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "a\\*b") == {b"a*b"}
    assert keys(glob_keys, "a\\?b") == {b"a?b"}
    assert keys(glob_keys, "a\\[b") == {b"a[b"}
    assert keys(glob_keys, "a\\\\b") == {b"a\\b"}


def test_keys_class_with_escaped_bracket(glob_keys: redis.Redis) -> None:
    assert keys(glob_keys, "a[\\]-]b") == {b"a]b", b"a-b"}


def test_keys_range_ending_in_bracket_does_not_close_the_class(r: redis.Redis) -> None:
    for k in ("a]", "a[", "ab", "a\\", "aZ", "a-", "a]b"):
        call(r, "SET", k, "1")
    # "[Z-]b" is the range Z..] and then 'b', in a class the pattern never closes.
    assert keys(r, "a[Z-]b") == {b"a]", b"a[", b"ab", b"a\\", b"aZ"}


def test_keys_unterminated_class_runs_to_the_end(r: redis.Redis) -> None:
    call(r, "MSET", "a*", "1", "a*b", "2", "ab", "3", "a]", "4")
    assert keys(r, "a[*") == {b"a*"}  # one byte from the class {*}, then the end
    assert keys(r, "a[b]") == {b"ab"}
    assert keys(r, "a[b") == {b"ab"}


def test_keys_empty_class_matches_nothing_and_negated_empty_class_anything(
    glob_keys: redis.Redis,
) -> None:
    assert keys(glob_keys, "a[]b") == set()
    assert keys(glob_keys, "a[^]b") == {b"a*b", b"a?b", b"a[b", b"a]b", b"a\\b", b"a-b"}


def test_keys_star_lists_the_empty_key_but_other_patterns_do_not(r: redis.Redis) -> None:
    call(r, "SET", "", "empty")
    call(r, "SET", "a", "1")
    assert keys(r, "*") == {b"", b"a"}
    assert keys(r, "**") == {b"a"}
    assert keys(r, "") == {b""}


def test_keys_ranges_compare_high_bytes_as_signed_chars(r: redis.Redis) -> None:
    for k in (b"k\xff", b"k\x80", b"ka", b"k0"):
        call(r, "SET", k, "1")
    # As C's signed chars, 0x80..0xff sort below '0', so [\x80-a] spans them all.
    assert keys(r, b"k[\x80-a]") == {b"k\xff", b"k\x80", b"ka", b"k0"}
    assert keys(r, b"k[a-\xff]") == {b"k\xff", b"k0", b"ka"}


def test_keys_only_lists_the_selected_database(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "SELECT", "1")
    call(r, "SET", "b", "1")
    assert call(r, "KEYS", "*") == [b"b"]


def test_keys_leaves_out_expired_keys(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "short", "1", "PX", "100")
    call(r, "SET", "long", "1")
    server.clock.advance(0.101)
    assert call(r, "KEYS", "*") == [b"long"]


# -- glob_matcher -----------------------------------------------------------------------------


def test_glob_star_between_many_segments_matches_without_backtracking_blowup() -> None:
    pattern = b"a*" * 60 + b"b"
    assert glob_matcher(pattern)(b"a" * 200 + b"b")
    assert not glob_matcher(pattern)(b"a" * 200)


def test_glob_gives_up_beyond_a_thousand_nested_stars_as_redis_does() -> None:
    key = b"a" * 1100
    assert glob_matcher(b"a*" * 1000 + b"a")(key)
    assert not glob_matcher(b"a*" * 1001 + b"a")(key)
    assert glob_matcher(b"a*" * 1001)(key)  # a trailing star does not nest


def test_glob_trailing_backslash_is_a_literal_backslash() -> None:
    assert glob_matcher(b"a\\")(b"a\\")
    assert not glob_matcher(b"a\\")(b"a")


# -- SCAN ----------------------------------------------------------------------------------


def test_scan_of_a_small_database_ends_in_one_call(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2", "c", "3")
    cursor, page = call(r, "SCAN", "0")
    assert cursor == b"0"
    assert sorted(page) == [b"a", b"b", b"c"]


def test_scan_returns_every_key_exactly_once(r: redis.Redis) -> None:
    call(r, "MSET", *[x for i in range(500) for x in (f"k{i}", "v")])
    found = scan_all(r, "COUNT", "7")
    assert len(found) == 500
    assert set(found) == {f"k{i}".encode() for i in range(500)}


def test_scan_count_is_the_page_size(r: redis.Redis) -> None:
    call(r, "MSET", *[x for i in range(100) for x in (f"k{i}", "v")])
    cursor, page = call(r, "SCAN", "0", "COUNT", "10")
    assert cursor != b"0"
    assert len(page) == 10


def test_scan_cursor_survives_keys_added_and_removed_between_calls(r: redis.Redis) -> None:
    stable = {f"stable{i}".encode() for i in range(300)}
    doomed = [f"doomed{i}".encode() for i in range(300)]
    call(r, "MSET", *[x for k in stable for x in (k, "v")])
    call(r, "MSET", *[x for k in doomed for x in (k, "v")])
    seen: list[bytes] = []
    cursor = b"0"
    step = 0
    while True:
        cursor, page = call(r, "SCAN", cursor, "COUNT", "20")
        seen.extend(page)
        # Churn between calls: delete some keys, add new ones.
        call(r, "DEL", *doomed[step * 10 : step * 10 + 10] or [b"none"])
        call(r, "MSET", *[x for i in range(10) for x in (f"new{step}_{i}", "v")])
        step += 1
        if cursor == b"0":
            break
    stable_seen = [k for k in seen if k in stable]
    assert sorted(stable_seen) == sorted(stable)  # every stable key, exactly once
    assert len(set(seen)) == len(seen)  # and no key twice


def test_scan_does_not_return_a_key_deleted_before_its_page(r: redis.Redis) -> None:
    call(r, "MSET", *[x for i in range(200) for x in (f"k{i}", "v")])
    cursor, first = call(r, "SCAN", "0", "COUNT", "10")
    rest = [k for i in range(200) if (k := f"k{i}".encode()) not in first]
    call(r, "DEL", *rest[:50])
    later: list[bytes] = []
    while cursor != b"0":
        cursor, page = call(r, "SCAN", cursor, "COUNT", "10")
        later.extend(page)
    assert set(later) == set(rest[50:])


def test_two_interleaved_scans_each_see_every_key(r: redis.Redis) -> None:
    call(r, "MSET", *[x for i in range(100) for x in (f"k{i}", "v")])
    cursors = {"a": b"0", "b": b"0"}
    counts = {"a": "9", "b": "13"}
    seen: dict[str, list[bytes]] = {"a": [], "b": []}
    done: set[str] = set()
    i = 0
    while len(done) < 2:
        for name in ("a", "b"):
            if name in done:
                continue
            cursors[name], page = call(r, "SCAN", cursors[name], "COUNT", counts[name])
            seen[name] += page
            if cursors[name] == b"0":
                done.add(name)
            call(r, "SET", f"extra{i}", "v")  # the key set changes between every call
            i += 1
    base = {f"k{i}".encode() for i in range(100)}
    for name in ("a", "b"):
        assert base <= set(seen[name])
        assert len(seen[name]) == len(set(seen[name]))


def test_scan_match_filters_by_pattern(r: redis.Redis) -> None:
    call(r, "MSET", "user:1", "a", "user:2", "b", "order:1", "c")
    assert sorted(scan_all(r, "MATCH", "user:*")) == [b"user:1", b"user:2"]


def test_scan_type_filters_by_type_in_any_case(r: redis.Redis) -> None:
    call(r, "SET", "s", "1")
    call(r, "HSET", "h", "f", "v")
    assert scan_all(r, "TYPE", "HASH") == [b"h"]
    assert scan_all(r, "TYPE", "string") == [b"s"]
    assert scan_all(r, "TYPE", "nosuch") == []


def test_scan_skips_keys_that_expired_between_calls(server: Server, r: redis.Redis) -> None:
    call(r, "MSET", *[x for i in range(100) for x in (f"k{i}", "v")])
    for i in range(50, 100):
        call(r, "PEXPIRE", f"k{i}", "1000")
    cursor, seen = call(r, "SCAN", "0", "COUNT", "5")
    server.clock.advance(1.001)
    while cursor != b"0":
        cursor, page = call(r, "SCAN", cursor, "COUNT", "5")
        seen += page
    expired = {f"k{i}".encode() for i in range(50, 100)}
    assert len(set(seen) & expired) <= 5  # only what the first page returned before the advance


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("COUNT", "0"), SYNTAX),
        (("COUNT", "-5"), SYNTAX),
        (("COUNT", "x"), NOT_INTEGER),
        (("COUNT",), SYNTAX),
        (("MATCH",), SYNTAX),
        (("TYPE",), SYNTAX),
        (("LIMIT", "5"), SYNTAX),
    ],
)
def test_scan_option_errors(r: redis.Redis, args: tuple[str, ...], text: str) -> None:
    assert error(r, "SCAN", "0", *args) == text


@pytest.mark.parametrize("cursor", ["abc", " 0", "0 ", "0x1", "+", "1.5", "18446744073709551616"])
def test_scan_rejects_cursors_that_are_not_unsigned_decimals(r: redis.Redis, cursor: str) -> None:
    assert error(r, "SCAN", cursor) == "invalid cursor"


def test_scan_reads_an_empty_cursor_as_zero(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    assert call(r, "SCAN", "") == [b"0", [b"a"]]


# -- RANDOMKEY / DBSIZE / FLUSH ---------------------------------------------------------------


def test_randomkey_of_an_empty_database_is_null(r: redis.Redis) -> None:
    assert call(r, "RANDOMKEY") is None


def test_randomkey_returns_one_of_the_keys(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2", "c", "3")
    assert {call(r, "RANDOMKEY") for _ in range(30)} <= {b"a", b"b", b"c"}


def test_randomkey_never_returns_an_expired_key(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "gone", "1", "EX", "5")
    server.clock.advance(5.001)
    assert call(r, "RANDOMKEY") is None


def test_dbsize_counts_the_keys_of_the_selected_database(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2")
    assert call(r, "DBSIZE") == 2
    call(r, "SELECT", "1")
    assert call(r, "DBSIZE") == 0


def test_flushdb_empties_only_the_selected_database(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "SELECT", "1")
    call(r, "SET", "b", "1")
    assert call(r, "FLUSHDB") == b"OK"
    assert call(r, "DBSIZE") == 0
    call(r, "SELECT", "0")
    assert call(r, "DBSIZE") == 1


def test_flushall_empties_every_database(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "SELECT", "5")
    call(r, "SET", "b", "1")
    assert call(r, "FLUSHALL", "ASYNC") == b"OK"
    assert call(r, "DBSIZE") == 0
    call(r, "SELECT", "0")
    assert call(r, "DBSIZE") == 0


@pytest.mark.parametrize("command", ["FLUSHDB", "FLUSHALL"])
def test_flush_modes(r: redis.Redis, command: str) -> None:
    assert call(r, command, "sync") == b"OK"
    assert call(r, command, "Async") == b"OK"
    assert error(r, command, "now") == SYNTAX
    assert error(r, command, "SYNC", "ASYNC") == SYNTAX


def test_flushdb_forgets_ttls(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "a", "1", "EX", "10")
    call(r, "FLUSHDB")
    call(r, "SET", "a", "2")
    server.clock.advance(20)
    assert call(r, "GET", "a") == b"2"


# -- RENAME / RENAMENX --------------------------------------------------------------------------


def test_rename_moves_the_value_and_its_ttl(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "a", "1", "PX", "5000")
    assert call(r, "RENAME", "a", "b") == b"OK"
    assert call(r, "EXISTS", "a") == 0
    assert call(r, "PTTL", "b") == 5000
    server.clock.advance(5.001)
    assert call(r, "EXISTS", "b") == 0


def test_rename_overwrites_the_destination_and_its_ttl(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "SET", "b", "2", "EX", "100")
    call(r, "RENAME", "a", "b")
    assert call(r, "GET", "b") == b"1"
    assert call(r, "TTL", "b") == -1


def test_rename_of_a_missing_key_is_an_error(r: redis.Redis) -> None:
    assert error(r, "RENAME", "missing", "b") == "no such key"
    assert error(r, "RENAMENX", "missing", "b") == "no such key"


def test_rename_to_itself(r: redis.Redis) -> None:
    assert error(r, "RENAME", "a", "a") == "no such key"
    call(r, "SET", "a", "1")
    assert call(r, "RENAME", "a", "a") == b"OK"
    assert call(r, "RENAMENX", "a", "a") == 0
    assert call(r, "GET", "a") == b"1"


def test_renamenx_only_renames_to_a_free_name(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2")
    assert call(r, "RENAMENX", "a", "b") == 0
    assert call(r, "RENAMENX", "a", "c") == 1
    assert call(r, "MGET", "a", "b", "c") == [None, b"2", b"1"]


def test_rename_keeps_a_hash_whole(r: redis.Redis) -> None:
    call(r, "HSET", "h", "f", "v", "g", "w")
    call(r, "RENAME", "h", "h2")
    assert call(r, "HGET", "h2", "g") == b"w"


# -- COPY ----------------------------------------------------------------------------------------


def test_copy_copies_the_value_and_ttl(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "PEXPIREAT", "a", "4102444800000")
    assert call(r, "COPY", "a", "b") == 1
    assert call(r, "GET", "b") == b"1"
    assert call(r, "PEXPIRETIME", "b") == 4102444800000


def test_copy_replace_overwrites_the_destination(r: redis.Redis) -> None:
    call(r, "MSET", "a", "1", "b", "2")
    assert call(r, "COPY", "a", "b") == 0
    assert call(r, "COPY", "a", "b", "REPLACE") == 1
    assert call(r, "GET", "b") == b"1"


def test_copy_into_another_database(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    assert call(r, "COPY", "a", "a", "DB", "3") == 1
    call(r, "SELECT", "3")
    assert call(r, "GET", "a") == b"1"


def test_copy_of_a_hash_is_independent(r: redis.Redis) -> None:
    call(r, "HSET", "h", "f", "v")
    call(r, "COPY", "h", "h2")
    call(r, "HSET", "h2", "f", "changed")
    assert call(r, "HGET", "h", "f") == b"v"


def test_copy_errors(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    assert error(r, "COPY", "a", "a") == SAME_OBJECT
    assert error(r, "COPY", "a", "b", "DB", "16") == DB_RANGE
    assert error(r, "COPY", "a", "b", "DB", "x") == NOT_INTEGER
    assert error(r, "COPY", "a", "b", "DB", "99999999999") == INT_RANGE
    assert error(r, "COPY", "a", "b", "DB") == SYNTAX
    assert error(r, "COPY", "a", "b", "NOW") == SYNTAX
    assert call(r, "COPY", "missing", "b") == 0


# -- MOVE / SWAPDB ------------------------------------------------------------------------------


def test_move_moves_the_key_and_its_ttl(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    call(r, "EXPIREAT", "a", "4102444800")
    assert call(r, "MOVE", "a", "2") == 1
    assert call(r, "EXISTS", "a") == 0
    call(r, "SELECT", "2")
    assert call(r, "EXPIRETIME", "a") == 4102444800


def test_move_leaves_the_key_when_the_destination_has_it(r: redis.Redis) -> None:
    call(r, "SET", "a", "here")
    call(r, "SELECT", "1")
    call(r, "SET", "a", "there")
    call(r, "SELECT", "0")
    assert call(r, "MOVE", "a", "1") == 0
    assert call(r, "GET", "a") == b"here"


def test_move_errors(r: redis.Redis) -> None:
    call(r, "SET", "a", "1")
    assert error(r, "MOVE", "a", "0") == SAME_OBJECT
    assert error(r, "MOVE", "a", "16") == DB_RANGE
    assert error(r, "MOVE", "a", "x") == NOT_INTEGER
    assert error(r, "MOVE", "a", "2147483648") == INT_RANGE
    assert call(r, "MOVE", "missing", "1") == 0


def test_swapdb_exchanges_contents_but_clients_keep_their_number(
    server: Server, r: redis.Redis
) -> None:
    call(r, "SET", "in0", "x")
    call(r, "SELECT", "1")
    call(r, "SET", "in1", "y", "EX", "10")
    assert call(r, "SWAPDB", "0", "1") == b"OK"
    assert call(r, "KEYS", "*") == [b"in0"]
    call(r, "SELECT", "0")
    assert call(r, "KEYS", "*") == [b"in1"]
    server.clock.advance(10.001)
    assert call(r, "DBSIZE") == 0  # the TTL travelled with the key


def test_swapdb_makes_a_watched_transaction_fail(server: Server, r: redis.Redis) -> None:
    other = server.client(protocol=2)
    call(r, "SET", "k", "v")
    call(r, "WATCH", "k")
    other.execute_command("SWAPDB", "0", "1")
    call(r, "MULTI")
    call(r, "GET", "k")
    assert call(r, "EXEC") is None
    other.close()


def test_swapdb_errors(r: redis.Redis) -> None:
    assert call(r, "SWAPDB", "3", "3") == b"OK"
    assert error(r, "SWAPDB", "0", "16") == DB_RANGE
    assert error(r, "SWAPDB", "x", "1") == "invalid first DB index"
    assert error(r, "SWAPDB", "1", "x") == "invalid second DB index"
    assert error(r, "SWAPDB", "1", "2147483648") == "invalid second DB index"


# -- OBJECT ----------------------------------------------------------------------------------------


def test_object_encoding_of_strings(r: redis.Redis) -> None:
    values = {"i": "12345", "neg": "-7", "big": "9223372036854775808", "z": "-0", "pad": "01"}
    values |= {"short": "x" * 44, "long": "x" * 45, "empty": ""}
    for k, v in values.items():
        call(r, "SET", k, v)
    found = {k: call(r, "OBJECT", "ENCODING", k) for k in values}
    assert found == {
        "i": b"int",
        "neg": b"int",
        "big": b"embstr",
        "z": b"embstr",
        "pad": b"embstr",
        "short": b"embstr",
        "long": b"raw",
        "empty": b"embstr",
    }


def test_object_encoding_is_raw_for_a_string_modified_in_place(
    server: Server, r: redis.Redis
) -> None:
    call(r, "SET", "k", "abc")
    with server.lock:
        server.keyspace.dbs[0].mark_raw(b"k")
    assert call(r, "OBJECT", "ENCODING", "k") == b"raw"
    call(r, "SET", "k", "abc")
    assert call(r, "OBJECT", "ENCODING", "k") == b"embstr"


def test_object_encoding_of_hashes(r: redis.Redis) -> None:
    call(r, "HSET", "small", "f", "v")
    call(r, "HSET", "big", "f", "x" * 65)
    assert call(r, "OBJECT", "ENCODING", "small") == b"listpack"
    assert call(r, "OBJECT", "ENCODING", "big") == b"hashtable"


def test_object_refcount_shows_shared_small_integers(r: redis.Redis) -> None:
    call(r, "MSET", "zero", "0", "max", "9999", "over", "10000", "neg", "-1", "s", "abc")
    assert call(r, "OBJECT", "REFCOUNT", "zero") == 2147483647
    assert call(r, "OBJECT", "REFCOUNT", "max") == 2147483647
    assert call(r, "OBJECT", "REFCOUNT", "over") == 1
    assert call(r, "OBJECT", "REFCOUNT", "neg") == 1
    assert call(r, "OBJECT", "REFCOUNT", "s") == 1


def test_object_of_a_missing_key_is_null(r: redis.Redis) -> None:
    for sub in ("ENCODING", "REFCOUNT", "IDLETIME", "FREQ"):
        assert call(r, "OBJECT", sub, "missing") is None


def test_object_idletime_follows_the_server_clock(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    server.clock.advance(42)
    assert call(r, "OBJECT", "IDLETIME", "k") == 42


def test_reading_a_key_resets_its_idle_time(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    server.clock.advance(30)
    call(r, "GET", "k")
    server.clock.advance(5)
    assert call(r, "OBJECT", "IDLETIME", "k") == 5


def test_touch_resets_idle_time(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    server.clock.advance(30)
    call(r, "TOUCH", "k")
    assert call(r, "OBJECT", "IDLETIME", "k") == 0


def test_exists_type_ttl_and_object_do_not_reset_idle_time(server: Server, r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    server.clock.advance(30)
    for command in ("EXISTS", "TYPE", "TTL", "PTTL", "EXPIRETIME"):
        call(r, command, "k")
    call(r, "OBJECT", "ENCODING", "k")
    call(r, "SCAN", "0")
    call(r, "KEYS", "*")
    assert call(r, "OBJECT", "IDLETIME", "k") == 30


def test_idle_time_counts_whole_seconds_of_the_clock(server: Server, r: redis.Redis) -> None:
    server.clock.set(1_700_000_000.9)
    call(r, "SET", "k", "v")
    server.clock.advance(0.2)  # crosses a second boundary
    assert call(r, "OBJECT", "IDLETIME", "k") == 1


def test_object_freq_needs_an_lfu_policy(r: redis.Redis) -> None:
    call(r, "SET", "k", "v")
    assert error(r, "OBJECT", "FREQ", "k") == LFU_OFF


def test_object_idletime_is_an_error_under_an_lfu_policy(r: redis.Redis) -> None:
    call(r, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
    call(r, "SET", "k", "v")
    assert error(r, "OBJECT", "IDLETIME", "k") == LFU_ON


def test_object_freq_starts_at_five_and_counts_accesses(r: redis.Redis) -> None:
    call(r, "CONFIG", "SET", "maxmemory-policy", "volatile-lfu")
    call(r, "CONFIG", "SET", "lfu-log-factor", "0")  # every access counts
    call(r, "SET", "k", "v")
    assert call(r, "OBJECT", "FREQ", "k") == 5
    for _ in range(3):
        call(r, "GET", "k")
    call(r, "EXISTS", "k")  # does not count
    assert call(r, "OBJECT", "FREQ", "k") == 8


def test_object_freq_grows_logarithmically_by_default(r: redis.Redis) -> None:
    call(r, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
    call(r, "SET", "k", "v")
    for _ in range(200):
        call(r, "GET", "k")
    assert 6 <= call(r, "OBJECT", "FREQ", "k") < 20


def test_object_freq_decays_with_idle_minutes(server: Server, r: redis.Redis) -> None:
    call(r, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
    call(r, "CONFIG", "SET", "lfu-decay-time", "2")
    call(r, "SET", "k", "v")
    server.clock.advance(6 * 60)  # three decay periods
    assert call(r, "OBJECT", "FREQ", "k") == 2


def test_lfu_policy_from_server_config() -> None:
    with Server(config={"maxmemory-policy": "allkeys-lfu", "lfu-log-factor": "0"}) as s:
        r = s.client()
        r.set("k", "v")
        r.get("k")
        assert r.object("freq", "k") == 6
        r.close()


def test_object_help_lists_the_subcommands(r: redis.Redis) -> None:
    lines = call(r, "OBJECT", "HELP")
    assert lines[0].startswith(b"OBJECT <subcommand>")
    assert b"ENCODING <key>" in lines and lines[-1] == b"    Prints this help."


def test_object_unknown_subcommand(r: redis.Redis) -> None:
    assert error(r, "OBJECT", "NOPE", "k") == "unknown subcommand 'NOPE'. Try OBJECT HELP."


# -- WAIT -----------------------------------------------------------------------------------------


def test_wait_answers_zero_replicas_at_once(r: redis.Redis) -> None:
    assert call(r, "WAIT", "0", "0") == 0
    assert call(r, "WAIT", "3", "0") == 0


def test_wait_errors(r: redis.Redis) -> None:
    assert error(r, "WAIT", "x", "0") == NOT_INTEGER
    assert error(r, "WAIT", "0", "x") == "timeout is not an integer or out of range"
    assert error(r, "WAIT", "0", "-1") == "timeout is negative"
    assert error(r, "WAIT", "0", "9223372036854775807") == "timeout is out of range"


# -- INFO keyspace_hits / keyspace_misses ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "hits", "misses"),
    [
        (("EXISTS", "a", "missing"), 1, 1),
        (("TOUCH", "a", "a", "missing"), 2, 1),
        (("TYPE", "a"), 1, 0),
        (("TTL", "missing"), 0, 1),
        (("OBJECT", "ENCODING", "a"), 1, 0),
        (("COPY", "a", "b"), 1, 0),
        (("COPY", "missing", "b"), 0, 1),
        (("SCAN", "0", "TYPE", "hash"), 1, 0),
        (("EXPIRE", "a", "10"), 0, 0),
        (("DEL", "a"), 0, 0),
        (("KEYS", "*"), 0, 0),
    ],
)
def test_reads_count_keyspace_hits_and_misses_as_redis_does(
    server: Server, r2: redis.Redis, args: tuple[str, ...], hits: int, misses: int
) -> None:
    call(r2, "SET", "a", "1")
    stats = server.keyspace.stats
    before = (stats.keyspace_hits, stats.keyspace_misses)
    call(r2, *args)
    assert (stats.keyspace_hits - before[0], stats.keyspace_misses - before[1]) == (hits, misses)
