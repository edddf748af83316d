"""Server.keys/get/ttl/type/dump/load and the assert_* methods (redistill.inspection)."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from typing import Any

import pytest
import redis

from redistill import Server
from redistill.inspection import MISSING


def fails(match: str) -> Any:
    return pytest.raises(AssertionError, match=match)


# -- reading ---------------------------------------------------------------------


def test_keys_lists_the_live_keys_sorted(server: Server) -> None:
    server.load({"b": "2", "a": "1", "c": "3"})
    assert server.keys() == ["a", "b", "c"]


def test_keys_matches_a_redis_glob(server: Server) -> None:
    server.load({"api:users:1": "x", "api:users:2": "y", "api:orders:1": "z"})
    assert server.keys("api:users:*") == ["api:users:1", "api:users:2"]
    assert server.keys(b"api:??????:1") == ["api:orders:1"]


def test_keys_returns_bytes_for_keys_that_are_not_utf8(server: Server) -> None:
    server.load({b"\xff\xfe": "x"})
    assert server.keys() == [b"\xff\xfe"]


def test_keys_reads_the_database_asked_for(server: Server) -> None:
    server.load({"in-one": "x"}, db=1)
    assert server.keys() == []
    assert server.keys(db=1) == ["in-one"]


def test_keys_leaves_out_keys_whose_ttl_ran_out(server: Server) -> None:
    server.load({"short": "x", "long": "y"}, ttl={"short": 10, "long": 20})
    server.clock.advance(10.001)
    assert server.keys() == ["long"]


def test_get_returns_text_for_a_utf8_string(server: Server, r2: redis.Redis) -> None:
    r2.set("greeting", "héllo")
    assert server.get("greeting") == "héllo"


def test_get_returns_bytes_for_a_binary_string(server: Server) -> None:
    server.load({"blob": b"\x00\xff"})
    assert server.get("blob") == b"\x00\xff"


def test_get_returns_a_dict_for_a_hash(server: Server, r2: redis.Redis) -> None:
    r2.hset("user:1", mapping={"name": "ada", "age": "36"})
    assert server.get("user:1") == {"name": "ada", "age": "36"}


def test_get_returns_none_for_a_missing_key(server: Server) -> None:
    assert server.get("nope") is None


def test_get_accepts_bytes_keys(server: Server) -> None:
    server.load({"k": "v"})
    assert server.get(b"k") == "v"


def test_get_returns_none_once_the_ttl_ran_out(server: Server) -> None:
    server.load({"k": "v"}, ttl=5)
    server.clock.advance(5.001)
    assert server.get("k") is None


def test_ttl_is_the_seconds_left_on_the_servers_clock(server: Server) -> None:
    server.load({"k": "v"}, ttl=300)
    server.clock.advance(0.25)
    assert server.ttl("k") == 299.75


def test_ttl_is_none_for_a_key_without_expiry(server: Server) -> None:
    server.load({"k": "v"})
    assert server.ttl("k") is None


def test_ttl_of_a_missing_key_raises_key_error_with_suggestions(server: Server) -> None:
    server.load({"session:1": "v"})
    with pytest.raises(KeyError, match="no key 'session:2' in db 0.*did you mean 'session:1'"):
        server.ttl("session:2")


def test_type_names_the_type_as_redis_does(server: Server) -> None:
    server.load({"s": "v", "h": {"f": "v"}})
    assert (server.type("s"), server.type("h"), server.type("nope")) == ("string", "hash", "none")


def test_dump_shows_data_and_ttls_as_plain_python(server: Server) -> None:
    server.load({"s": "v", "h": {"f": "1"}, "b": b"\xff"}, ttl={"s": 60})
    server.clock.advance(1.5)
    assert server.dump() == {
        "data": {"b": b"\xff", "h": {"f": "1"}, "s": "v"},
        "ttl": {"s": 58.5},
    }


def test_dump_of_an_empty_database(server: Server) -> None:
    assert server.dump(db=2) == {"data": {}, "ttl": {}}


def test_dump_and_load_copy_a_database_to_another_server(server: Server) -> None:
    server.load({"a": "1", "h": {"f": "v"}}, ttl={"a": 30})
    with Server() as other:
        other.load(**server.dump())
        assert other.dump() == server.dump()


# -- loading -----------------------------------------------------------------------


def test_load_stores_strings_numbers_and_hashes(server: Server, r2: redis.Redis) -> None:
    server.load({"s": "text", "b": b"raw", "i": 42, "f": 1.5, "h": {"x": 1, b"y": "2"}})
    assert r2.mget("s", "b", "i", "f") == [b"text", b"raw", b"42", b"1.5"]
    assert r2.hgetall("h") == {b"x": b"1", b"y": b"2"}


def test_load_gives_every_key_the_same_ttl(server: Server) -> None:
    server.load({"a": "1", "b": "2"}, ttl=10)
    assert server.dump()["ttl"] == {"a": 10.0, "b": 10.0}


def test_load_gives_ttls_per_key(server: Server) -> None:
    server.load({"a": "1", "b": "2", "c": "3"}, ttl={"a": 10, "b": timedelta(minutes=1)})
    assert server.dump()["ttl"] == {"a": 10.0, "b": 60.0}


def test_loaded_ttls_expire_for_clients_too(server: Server, r2: redis.Redis) -> None:
    server.load({"k": "v"}, ttl=10)
    server.clock.advance(11)
    assert r2.get("k") is None


def test_load_replaces_a_key_and_its_ttl(server: Server) -> None:
    server.load({"k": "old"}, ttl=10)
    server.load({"k": "new"})
    assert (server.get("k"), server.ttl("k")) == ("new", None)


def test_load_into_another_database(server: Server) -> None:
    server.load({"k": "v"}, db=5)
    assert server.keys(db=5) == ["k"]
    assert server.keys() == []


def test_load_refuses_a_ttl_for_a_key_it_does_not_load(server: Server) -> None:
    with pytest.raises(ValueError, match="ttl given for 'b', which is not in data"):
        server.load({"a": "1"}, ttl={"b": 10})


@pytest.mark.parametrize("ttl", [0, -1, 0.0001])
def test_load_refuses_a_ttl_that_is_not_positive(server: Server, ttl: float) -> None:
    with pytest.raises(ValueError, match="a TTL must be positive"):
        server.load({"a": "1"}, ttl=ttl)


def test_load_refuses_an_empty_hash(server: Server) -> None:
    with pytest.raises(ValueError, match="Redis has no empty hashes"):
        server.load({"h": {}})


def test_load_refuses_values_it_cannot_store(server: Server) -> None:
    with pytest.raises(TypeError, match="value for 'l' must be str, bytes or a number, got list"):
        server.load({"l": [1, 2]})


def test_load_refuses_keys_that_are_not_text_or_bytes(server: Server) -> None:
    with pytest.raises(TypeError, match="key must be str or bytes, got int"):
        server.load({1: "x"})


# -- assert_key ----------------------------------------------------------------------


def test_assert_key_passes_for_an_existing_key(server: Server) -> None:
    server.load({"k": "v"})
    server.assert_key("k")
    server.assert_key(b"k")


def test_assert_key_compares_str_bytes_and_numbers_as_redis_stores_them(server: Server) -> None:
    server.load({"s": "v", "n": "42"})
    server.assert_key("s", "v")
    server.assert_key("s", b"v")
    server.assert_key("n", 42)


def test_assert_key_checks_type_and_ttl(server: Server) -> None:
    server.load({"k": "v"}, ttl=300)
    server.assert_key("k", value="v", type="string", ttl=300)


def test_assert_key_with_ttl_none_means_no_ttl(server: Server) -> None:
    server.load({"k": "v"})
    server.assert_key("k", ttl=None)


def test_assert_key_on_a_missing_key_suggests_the_closest_keys(server: Server) -> None:
    server.load({"api:users:12345": "x", "cart:9": "y"})
    with fails(
        "expected key 'api:users:1234', but db 0 has no such key \\(2 keys\\); "
        "did you mean 'api:users:12345'\\?"
    ):
        server.assert_key("api:users:1234")


def test_assert_key_on_a_missing_key_says_what_was_expected(server: Server) -> None:
    with fails("expected key 'k' with value 'v', type string, but db 0 has no such key"):
        server.assert_key("k", value="v", type="string")


def test_assert_key_on_a_missing_key_without_close_keys_suggests_nothing(server: Server) -> None:
    server.load({"zzzzzz": "x"})
    with pytest.raises(AssertionError) as info:
        server.assert_key("a")
    assert "did you mean" not in str(info.value)


def test_assert_key_on_a_missing_key_names_the_database_that_has_it(server: Server) -> None:
    server.load({"k": "v"}, db=2)
    with fails("db 0 has no such key .*\\(db 2 has it\\)"):
        server.assert_key("k")


def test_assert_key_with_a_wrong_value_shows_expected_and_found(server: Server) -> None:
    server.load({"k": "found"}, ttl=299)
    with pytest.raises(AssertionError) as info:
        server.assert_key("k", "wanted")
    assert str(info.value) == (
        "key 'k' has the wrong value\n"
        "  expected: 'wanted' (string)\n"
        "  found:    'found' (string, TTL 299s)"
    )


def test_assert_key_with_a_wrong_type_shows_the_value_found(server: Server) -> None:
    server.load({"k": "v"})
    with pytest.raises(AssertionError) as info:
        server.assert_key("k", type="hash")
    assert str(info.value) == (
        "key 'k' has the wrong type\n  expected: hash\n  found:    'v' (string, no TTL)"
    )


def test_assert_key_with_a_wrong_ttl_shows_the_ttl_left_on_the_servers_clock(
    server: Server,
) -> None:
    server.load({"k": "v"}, ttl=300)
    server.clock.advance(100)
    with pytest.raises(AssertionError) as info:
        server.assert_key("k", ttl=300)
    assert str(info.value) == (
        "key 'k' has the wrong TTL\n"
        "  expected: TTL 300s\n"
        "  found:    TTL 200s left on the server's clock ('v', string)"
    )


def test_assert_key_expecting_a_ttl_on_a_persistent_key_fails(server: Server) -> None:
    server.load({"k": "v"})
    with fails("key 'k' has no TTL\n  expected: TTL 10s\n  found:    'v' \\(string, no TTL\\)"):
        server.assert_key("k", ttl=10)


def test_assert_key_ttl_tolerance_accepts_a_near_ttl(server: Server) -> None:
    server.load({"k": "v"}, ttl=300)
    server.clock.advance(2)
    server.assert_key("k", ttl=300, tolerance=2)
    with fails("expected: TTL 300s ± 1.5s"):
        server.assert_key("k", ttl=300, tolerance=1.5)


def test_assert_key_names_a_database_other_than_0(server: Server) -> None:
    server.load({"k": "v"}, db=3)
    with fails("key 'k' has the wrong value in db 3"):
        server.assert_key("k", "w", db=3)


def test_assert_key_shows_binary_values_as_bytes(server: Server) -> None:
    server.load({"k": b"\xff"})
    with fails(re.escape("found:    b'\\xff' (string, no TTL)")):
        server.assert_key("k", "x")


def test_assert_key_shortens_long_values(server: Server) -> None:
    server.load({"k": "x" * 1000})
    with pytest.raises(AssertionError) as info:
        server.assert_key("k", "y")
    assert len(str(info.value)) < 400
    assert "..." in str(info.value)


def test_assert_key_rejects_a_type_that_is_not_a_name(server: Server) -> None:
    server.load({"k": "v"})
    with pytest.raises(TypeError, match="type must be a type name"):
        server.assert_key("k", type=str)


def test_missing_is_the_not_given_sentinel() -> None:
    assert repr(MISSING) == "MISSING"


# -- the other assertions ------------------------------------------------------------


def test_assert_no_key_passes_for_a_missing_key(server: Server) -> None:
    server.assert_no_key("nope")


def test_assert_no_key_fails_showing_what_is_there(server: Server) -> None:
    server.load({"k": "v"}, ttl=5)
    with pytest.raises(AssertionError) as info:
        server.assert_no_key("k")
    assert str(info.value) == "expected no key 'k', but it exists\n  found:    'v' (string, TTL 5s)"


def test_a_key_is_gone_for_assertions_once_the_clock_passes_its_ttl(
    server: Server, r2: redis.Redis
) -> None:
    r2.set("k", "v", ex=300)
    server.clock.advance(300)
    server.assert_key("k", ttl=0)  # as in Redis, a key lives through its last millisecond
    server.clock.advance(0.001)
    server.assert_no_key("k")


def test_assert_ttl_is_exact_under_the_frozen_virtual_clock(
    server: Server, r2: redis.Redis
) -> None:
    r2.set("k", "v", ex=300)
    server.assert_ttl("k", 300)
    server.clock.advance(1)
    server.assert_ttl("k", 299)
    server.assert_ttl("k", timedelta(seconds=299))


def test_assert_ttl_with_tolerance(server: Server) -> None:
    server.load({"k": "v"}, ttl=60)
    server.assert_ttl("k", 59, tolerance=1)
    with fails("wrong TTL"):
        server.assert_ttl("k", 58, tolerance=1)


def test_assert_ttl_on_a_missing_key_fails_with_suggestions(server: Server) -> None:
    server.load({"token:abc": "v"}, ttl=60)
    with fails("did you mean 'token:abc'"):
        server.assert_ttl("token:abd", 60)


def test_assert_persistent_passes_for_a_key_without_ttl(server: Server) -> None:
    server.load({"k": "v"})
    server.assert_persistent("k")


def test_assert_persistent_fails_for_a_key_with_ttl(server: Server) -> None:
    server.load({"k": "v"}, ttl=10)
    with fails("key 'k' has a TTL\n  expected: no TTL\n  found:    'v' \\(string, TTL 10s\\)"):
        server.assert_persistent("k")


def test_assert_persistent_fails_for_a_missing_key(server: Server) -> None:
    with fails("expected key 'k', but db 0 has no such key"):
        server.assert_persistent("k")


def test_assert_hash_passes_for_the_same_fields_and_values(server: Server, r2: redis.Redis) -> None:
    r2.hset("user:1", mapping={"name": "ada", "visits": 3})
    server.assert_hash("user:1", {"name": "ada", "visits": 3})
    server.assert_hash(b"user:1", {b"name": b"ada", "visits": "3"})


def test_assert_hash_lists_missing_unexpected_and_different_fields(server: Server) -> None:
    server.load({"h": {"a": "1", "b": "2", "c": "3"}})
    with pytest.raises(AssertionError) as info:
        server.assert_hash("h", {"a": "1", "b": "20", "d": "4"})
    assert str(info.value).splitlines()[3:] == [
        "  missing fields:    'd'",
        "  unexpected fields: 'c'='3'",
        "  field 'b': expected '20', found '2'",
    ]


def test_assert_hash_on_a_string_fails_on_the_type(server: Server) -> None:
    server.load({"k": "v"})
    with fails("key 'k' has the wrong type\n  expected: hash"):
        server.assert_hash("k", {"f": "v"})


def test_assert_keys_passes_in_any_order(server: Server) -> None:
    server.load({"a:1": "x", "a:2": "y", "b:1": "z"})
    server.assert_keys("a:*", ["a:2", b"a:1"])
    server.assert_keys("c:*", [])


def test_assert_keys_lists_missing_and_unexpected_keys(server: Server) -> None:
    server.load({"a:1": "x", "a:3": "y"})
    with pytest.raises(AssertionError) as info:
        server.assert_keys("a:*", ["a:1", "a:2"])
    assert str(info.value) == (
        "keys matching 'a:*' differ\n"
        "  expected: ['a:1', 'a:2']\n"
        "  found:    ['a:1', 'a:3']\n"
        "  missing:    ['a:2']\n"
        "  unexpected: ['a:3']"
    )


def test_assert_keys_rejects_a_single_key_for_the_expected_list(server: Server) -> None:
    with pytest.raises(TypeError, match="collection of keys"):
        server.assert_keys("*", "a")


def test_a_database_that_does_not_exist_is_an_error(server: Server) -> None:
    with pytest.raises(ValueError, match="db must be an index from 0 to 15, got 16"):
        server.keys(db=16)


# -- consistency with commands in flight ----------------------------------------------


def test_inspection_waits_for_the_command_the_server_is_running(server: Server) -> None:
    # The loop holds server.lock while it runs commands; reads take it too.
    seen: list[object] = []
    in_command = threading.Event()
    release = threading.Event()

    def command_in_flight() -> None:
        with server.lock:
            in_command.set()
            release.wait()
            server.keyspace.dbs[0].set(b"k", b"done")

    writer = threading.Thread(target=command_in_flight)
    writer.start()
    in_command.wait()
    reader = threading.Thread(target=lambda: seen.append(server.get("k")))
    reader.start()
    reader.join(0.05)
    assert reader.is_alive()  # blocked behind the command
    release.set()
    reader.join()
    writer.join()
    assert seen == ["done"]


def test_assertions_see_each_command_whole(server: Server) -> None:
    # Many HSETs writing both fields at once: a read never sees them differ.
    client = server.client(protocol=2)
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            client.hset("pair", mapping={f"f{n}": i for n in range(50)})

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(200):
            value = server.get("pair")
            if value is not None:
                assert len(set(value.values())) == 1
    finally:
        stop.set()
        thread.join()
        client.close()


def test_inspection_does_not_count_as_an_access(server: Server, r2: redis.Redis) -> None:
    r2.set("k", "v")
    server.clock.advance(100)
    server.get("k")
    server.assert_key("k", "v")
    server.dump()
    assert r2.object("idletime", "k") >= 100
