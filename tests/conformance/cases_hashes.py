"""Conformance cases for the hash commands, hash field expiry (Redis 7.4) included.

Small hashes are listpacks in Redis, so their replies come in insertion order and
are compared exactly. Hashes pushed past ``hash-max-listpack-*`` become hashtables
whose order is Redis's own: those replies are compared as pairs or unordered.
Random replies (HRANDFIELD) are pinned only where they cannot vary: a count that
covers the whole hash, or a hash with one field.

Field expiry cases need Redis 7.4 (``min_version=(7, 4)``). Future times use
4102444800 (2100-01-01) and are read back with HEXPIRETIME / HPEXPIRETIME;
relative ones are read with HTTL (whole seconds, stable right after the write).
"""

from __future__ import annotations

from .case import Case, RawCase, step

LLONG_MAX = "9223372036854775807"
LLONG_MIN = "-9223372036854775808"
FUTURE_S = "4102444800"
FUTURE_MS = "4102444800123"
#: Redis's HFE_MAX_ABS_TIME_MSEC, the latest allowed field expiry (unix ms)
HFE_MAX_MS = str(((1 << 48) - 1) >> 2)
_V74 = (7, 4)
#: hashes become hashtables past 4 fields or 8-byte strings
_TINY = {"hash-max-listpack-entries": "4", "hash-max-listpack-value": "8"}


def _abc() -> tuple[str, ...]:
    return ("HSET", "h", "a", "1", "b", "2", "c", "3")


CASES: list[Case | RawCase] = [
    # -- HSET / HGET / HMSET / HSETNX -------------------------------------------------
    Case("hset then hget", [("HSET", "h", "f", "v"), ("HGET", "h", "f"), ("HGET", "h", "zz")]),
    Case("hget on a missing key", [("HGET", "nokey", "f")]),
    Case("hset several pairs counts new fields", [_abc(), ("HSET", "h", "a", "9", "d", "4")]),
    Case(
        "hset repeating a field in one call",
        [("HSET", "h", "a", "1", "a", "2"), ("HGET", "h", "a")],
    ),
    Case("hset with a missing value", [("HSET", "h", "f")]),
    Case("hset with an odd number of pair arguments", [("HSET", "h", "a", "1", "b")]),
    Case("hset with too few arguments", [("HSET", "h")]),
    Case(
        "hset keeps binary fields and values",
        [("HSET", "h", b"f\x00\r\n", b"\xff\x00v"), ("HGET", "h", b"f\x00\r\n"), ("HGETALL", "h")],
    ),
    Case("hset empty field and value", [("HSET", "h", "", ""), ("HGET", "h", ""), ("HLEN", "h")]),
    Case("hmset replies ok", [("HMSET", "h", "a", "1", "b", "2"), ("HGETALL", "h")]),
    Case("hmset with a missing value", [("HMSET", "h", "a", "1", "b")]),
    Case(
        "hsetnx sets only absent fields",
        [("HSETNX", "h", "a", "1"), ("HSETNX", "h", "a", "2"), ("HGET", "h", "a")],
    ),
    Case("hsetnx wrong arity", [("HSETNX", "h", "a")]),
    Case("hget wrong arity", [("HGET", "h")]),
    # -- whole-hash reads --------------------------------------------------------------
    Case(
        "hgetall in insertion order",
        [("HSET", "h", "z", "1", "a", "2", "m", "3"), ("HGETALL", "h")],
    ),
    Case(
        "hgetall keeps the place of an overwritten field",
        [_abc(), ("HSET", "h", "a", "new"), ("HGETALL", "h")],
    ),
    Case(
        "a deleted and re-added field moves to the end",
        [_abc(), ("HDEL", "h", "a"), ("HSET", "h", "a", "x"), ("HGETALL", "h"), ("HKEYS", "h")],
    ),
    Case("hgetall of a missing key", [("HGETALL", "nokey")]),
    Case("hkeys and hvals", [_abc(), ("HKEYS", "h"), ("HVALS", "h")]),
    Case("hkeys and hvals of a missing key", [("HKEYS", "nokey"), ("HVALS", "nokey")]),
    Case("hmget mixes values and nils", [_abc(), ("HMGET", "h", "a", "zz", "c", "a")]),
    Case("hmget on a missing key", [("HMGET", "nokey", "a", "b")]),
    Case("hmget wrong arity", [("HMGET", "h")]),
    Case("hlen", [_abc(), ("HLEN", "h"), ("HLEN", "nokey")]),
    Case(
        "hexists",
        [_abc(), ("HEXISTS", "h", "a"), ("HEXISTS", "h", "zz"), ("HEXISTS", "nokey", "a")],
    ),
    Case(
        "hstrlen",
        [
            ("HSET", "h", "a", "hello", "n", "-123"),
            ("HSTRLEN", "h", "a"),
            ("HSTRLEN", "h", "n"),
            ("HSTRLEN", "h", "zz"),
            ("HSTRLEN", "nokey", "a"),
        ],
    ),  # fmt: skip
    Case(
        "hstrlen of an integer-looking value",
        [("HSET", "h", "n", "12345678901"), ("HSTRLEN", "h", "n")],
    ),
    Case(
        "whole-hash reads of a hashtable",
        [
            ("HSET", "h", "f1", "1", "f2", "2", "f3", "3", "f4", "4", "f5", "5"),
            step("HGETALL", "h", pairs=True),
            step("HKEYS", "h", unordered=True),
            step("HVALS", "h", unordered=True),
            ("HLEN", "h"),
            ("HMGET", "h", "f5", "f1", "zz"),
        ],
        config=_TINY,
    ),  # fmt: skip
    # -- HDEL --------------------------------------------------------------------------
    Case(
        "hdel counts removed fields once",
        [_abc(), ("HDEL", "h", "a", "a", "zz", "b"), ("HGETALL", "h")],
    ),
    Case(
        "hdel of the last field deletes the key",
        [("HSET", "h", "a", "1"), ("HDEL", "h", "a"), ("EXISTS", "h"), ("TYPE", "h")],
    ),
    Case("hdel on a missing key", [("HDEL", "nokey", "a")]),
    Case("hdel wrong arity", [("HDEL", "h")]),
    Case(
        "a hash emptied by hdel is recreated from scratch",
        [("HSET", "h", "a", "1"), ("HDEL", "h", "a"), ("HSET", "h", "b", "2"), ("HGETALL", "h")],
    ),
    # -- HINCRBY -----------------------------------------------------------------------
    Case(
        "hincrby creates the key and field",
        [("HINCRBY", "h", "n", "5"), ("HINCRBY", "h", "n", "-7"), ("HGET", "h", "n")],
    ),
    Case("hincrby on a non-integer value", [("HSET", "h", "n", "abc"), ("HINCRBY", "h", "n", "1")]),
    Case("hincrby on a value with a space", [("HSET", "h", "n", " 1"), ("HINCRBY", "h", "n", "1")]),
    Case("hincrby on a float value", [("HSET", "h", "n", "1.5"), ("HINCRBY", "h", "n", "1")]),
    Case(
        "hincrby on a value with a leading zero",
        [("HSET", "h", "n", "01"), ("HINCRBY", "h", "n", "1")],
    ),
    Case(
        "hincrby with a non-integer increment",
        [("HINCRBY", "h", "n", "x"), ("HINCRBY", "h", "n", "1.0")],
    ),
    Case("hincrby with an increment past 64 bits", [("HINCRBY", "h", "n", "9223372036854775808")]),
    Case(
        "hincrby overflow up keeps the value",
        [("HSET", "h", "n", LLONG_MAX), ("HINCRBY", "h", "n", "1"), ("HGET", "h", "n")],
    ),
    Case(
        "hincrby reaches the minimum then overflows down",
        [("HINCRBY", "h", "n", LLONG_MIN), ("HINCRBY", "h", "n", "-1"), ("HINCRBY", "h", "n", "0")],
    ),
    Case("hincrby wrong arity", [("HINCRBY", "h", "n")]),
    # -- HINCRBYFLOAT ------------------------------------------------------------------
    Case(
        "hincrbyfloat long double precision",
        [
            ("HSET", "h", "f", "10.5"),
            ("HINCRBYFLOAT", "h", "f", "0.1"),
            ("HGET", "h", "f"),
            ("HINCRBYFLOAT", "h", "f", "-10.6"),
        ],
    ),  # fmt: skip
    Case(
        "hincrbyfloat number formats",
        [
            ("HINCRBYFLOAT", "h", "a", "1e3"),
            ("HINCRBYFLOAT", "h", "a", "0x10"),
            ("HINCRBYFLOAT", "h", "b", ".5"),
            ("HINCRBYFLOAT", "h", "b", "5."),
            ("HINCRBYFLOAT", "h", "c", "-0"),
            ("HINCRBYFLOAT", "h", "d", "3.0000000000000000001"),
        ],
    ),  # fmt: skip
    Case(
        "hincrbyfloat on an integer value",
        [
            ("HSET", "h", "n", "5"),
            ("HINCRBYFLOAT", "h", "n", "1.25"),
            ("HINCRBYFLOAT", "h", "n", "-1.25"),
        ],
    ),
    Case(
        "hincrbyfloat accepts exponent notation in the stored value",
        [("HSET", "h", "f", "5.0e1"), ("HINCRBYFLOAT", "h", "f", "1")],
    ),
    Case(
        "hincrbyfloat beyond double range",
        [("HINCRBYFLOAT", "h", "f", "1e400"), ("HSTRLEN", "h", "f")],
    ),
    Case(
        "hincrbyfloat on a non-float value",
        [("HSET", "h", "f", "abc"), ("HINCRBYFLOAT", "h", "f", "1")],
    ),
    Case(
        "hincrbyfloat on a value with a space",
        [("HSET", "h", "f", "1.5 "), ("HINCRBYFLOAT", "h", "f", "1")],
    ),
    Case(
        "hincrbyfloat with invalid increments",
        [
            ("HINCRBYFLOAT", "h", "f", "x"),
            ("HINCRBYFLOAT", "h", "f", " 1"),
            ("HINCRBYFLOAT", "h", "f", "nan"),
            ("HINCRBYFLOAT", "h", "f", "1e-5000"),
            ("EXISTS", "h"),
        ],
    ),  # fmt: skip
    Case(
        "hincrbyfloat with infinite increments",
        [
            ("HINCRBYFLOAT", "h", "f", "inf"),
            ("HINCRBYFLOAT", "h", "f", "-infinity"),
            ("EXISTS", "h"),
        ],
    ),
    Case(
        "hincrbyfloat on an infinite value",
        [("HSET", "h", "f", "inf"), ("HINCRBYFLOAT", "h", "f", "1"), ("HGET", "h", "f")],
    ),
    Case(
        "hincrbyfloat overflowing to infinity",
        [("HSET", "h", "f", "1e4932"), ("HINCRBYFLOAT", "h", "f", "1e4932"), ("HGET", "h", "f")],
    ),
    # -- WRONGTYPE and argument order ------------------------------------------------------
    Case(
        "every hash command on a string",
        [
            ("SET", "s", "x"),
            ("HSET", "s", "a", "1"),
            ("HMSET", "s", "a", "1"),
            ("HSETNX", "s", "a", "1"),
            ("HGET", "s", "a"),
            ("HMGET", "s", "a"),
            ("HGETALL", "s"),
            ("HKEYS", "s"),
            ("HVALS", "s"),
            ("HLEN", "s"),
            ("HEXISTS", "s", "a"),
            ("HSTRLEN", "s", "a"),
            ("HDEL", "s", "a"),
            ("HINCRBY", "s", "a", "1"),
            ("HINCRBYFLOAT", "s", "a", "1"),
            ("HSCAN", "s", "0"),
            ("HRANDFIELD", "s"),
            ("HRANDFIELD", "s", "0"),
            ("HRANDFIELD", "s", "-5", "WITHVALUES"),
            ("GET", "s"),
        ],
    ),  # fmt: skip
    Case("hset arity is checked before the type", [("SET", "s", "x"), ("HSET", "s", "a")]),
    Case(
        "hincrby parses the increment before the type check",
        [
            ("SET", "s", "x"),
            ("HINCRBY", "s", "a", "x"),
            ("HINCRBYFLOAT", "s", "a", "x"),
            ("HINCRBYFLOAT", "s", "a", "inf"),
        ],
    ),  # fmt: skip
    Case(
        "hash commands on a string key in a transaction",
        [("SET", "s", "x"), ("MULTI",), ("HSET", "s", "a", "1"), ("HGET", "s", "a"), ("EXEC",)],
    ),
    # -- HRANDFIELD ----------------------------------------------------------------------
    Case(
        "hrandfield on a missing key",
        [
            ("HRANDFIELD", "nokey"),
            ("HRANDFIELD", "nokey", "3"),
            ("HRANDFIELD", "nokey", "-3", "WITHVALUES"),
        ],
    ),  # fmt: skip
    Case(
        "hrandfield of a single field",
        [
            ("HSET", "h", "only", "1"),
            ("HRANDFIELD", "h"),
            ("HRANDFIELD", "h", "1"),
            ("HRANDFIELD", "h", "1", "WITHVALUES"),
        ],
    ),  # fmt: skip
    Case(
        "hrandfield negative count repeats",
        [
            ("HSET", "h", "only", "1"),
            ("HRANDFIELD", "h", "-3"),
            ("HRANDFIELD", "h", "-2", "WITHVALUES"),
        ],
    ),
    Case(
        "hrandfield count over the size gives the whole hash",
        [
            _abc(),
            ("HRANDFIELD", "h", "3"),
            ("HRANDFIELD", "h", "10"),
            ("HRANDFIELD", "h", "10", "withvalues"),
        ],
    ),
    Case(
        "hrandfield whole hashtable",
        [
            ("HSET", "h", "f1", "1", "f2", "2", "f3", "3", "f4", "4", "f5", "5"),
            step("HRANDFIELD", "h", "5", unordered=True),
            step("HRANDFIELD", "h", "100", "WITHVALUES", unordered=True),
        ],
        config=_TINY,
    ),  # fmt: skip
    Case(
        "hrandfield zero count",
        [_abc(), ("HRANDFIELD", "h", "0"), ("HRANDFIELD", "h", "0", "WITHVALUES")],
    ),
    Case(
        "hrandfield count must be an integer",
        [
            _abc(),
            ("HRANDFIELD", "h", "x"),
            ("HRANDFIELD", "nokey", "x"),
            ("HRANDFIELD", "h", "1.5"),
        ],
    ),
    Case(
        "hrandfield syntax errors",
        [
            _abc(),
            ("HRANDFIELD", "h", "1", "WITHSCORES"),
            ("HRANDFIELD", "h", "1", "WITHVALUES", "x"),
            ("HRANDFIELD", "nokey", "1", "foo"),
            ("HRANDFIELD", "h", "x", "foo"),
        ],
    ),  # fmt: skip
    Case(
        "hrandfield count range",
        [
            _abc(),
            ("HRANDFIELD", "h", LLONG_MIN),
            ("HRANDFIELD", "h", "-9223372036854775809"),
            ("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"),
            ("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"),
            ("HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"),
            ("HRANDFIELD", "h", LLONG_MAX),
        ],
    ),  # fmt: skip
    Case("hrandfield wrong arity", [("HRANDFIELD",)]),
    # -- HSCAN -------------------------------------------------------------------------------
    Case(
        "hscan of a small hash is one page",
        [_abc(), ("HSCAN", "h", "0"), ("HSCAN", "h", "0", "COUNT", "1")],
    ),
    Case(
        "hscan of a small hash ignores the cursor",
        [_abc(), ("HSCAN", "h", "7"), ("HSCAN", "h", "18446744073709551615")],
    ),
    Case(
        "hscan match",
        [
            ("HSET", "h", "user:1", "a", "admin:1", "b", "user:2", "c"),
            ("HSCAN", "h", "0", "MATCH", "user:*"),
            ("HSCAN", "h", "0", "MATCH", "nothing*"),
            ("HSCAN", "h", "0", "match", "*:[12]", "count", "100"),
        ],
    ),  # fmt: skip
    Case(
        "hscan the last match wins",
        [_abc(), ("HSCAN", "h", "0", "MATCH", "a*", "COUNT", "5", "MATCH", "b*")],
    ),
    Case(
        "hscan match with glob classes and escapes",
        [
            ("HSET", "h", "a*", "1", "ab", "2", "b", "3", "?", "4"),
            ("HSCAN", "h", "0", "MATCH", "a\\*"),
            ("HSCAN", "h", "0", "MATCH", "[^a]"),
            ("HSCAN", "h", "0", "MATCH", "\\?"),
        ],
    ),  # fmt: skip
    Case("hscan of a missing key", [("HSCAN", "nokey", "0"), ("HSCAN", "nokey", "0", "BOGUS")]),
    Case(
        "hscan cursor forms strtoul accepts",
        [
            _abc(),
            ("HSCAN", "h", ""),
            ("HSCAN", "h", "+0"),
            ("HSCAN", "h", "00"),
            ("HSCAN", "h", "-1"),
        ],
    ),
    Case(
        "hscan invalid cursors",
        [
            _abc(),
            ("HSCAN", "h", "x"),
            ("HSCAN", "h", " 0"),
            ("HSCAN", "h", "0 "),
            ("HSCAN", "h", "+"),
            ("HSCAN", "h", "18446744073709551616"),
            ("HSCAN", "nokey", "x"),
        ],
    ),  # fmt: skip
    Case(
        "hscan option errors",
        [
            _abc(),
            ("HSCAN", "h", "0", "COUNT", "0"),
            ("HSCAN", "h", "0", "COUNT", "-1"),
            ("HSCAN", "h", "0", "COUNT", "x"),
            ("HSCAN", "h", "0", "COUNT"),
            ("HSCAN", "h", "0", "MATCH"),
            ("HSCAN", "h", "0", "TYPE", "string"),
            ("HSCAN", "h", "0", "foo"),
        ],
    ),  # fmt: skip
    Case("hscan wrong arity", [("HSCAN", "h")]),
    Case(
        "hscan of a hashtable with a count covering it",
        [
            ("HSET", "h", "f1", "1", "f2", "2", "f3", "3", "f4", "4", "f5", "5"),
            step("HSCAN", "h", "0", "COUNT", "1000", unordered=True),
            step("HSCAN", "h", "0", "COUNT", "1000", "MATCH", "f[12]", unordered=True),
        ],
        config=_TINY,
    ),  # fmt: skip
    Case(
        "hscan novalues",
        [_abc(), ("HSCAN", "h", "0", "NOVALUES"), ("HSCAN", "h", "0", "MATCH", "b", "novalues")],
        min_version=_V74,
    ),
    Case(
        "hscan novalues of a hashtable",
        [
            ("HSET", "h", "f1", "1", "f2", "2", "f3", "3", "f4", "4", "f5", "5"),
            step("HSCAN", "h", "0", "COUNT", "1000", "NOVALUES", unordered=True),
        ],
        config=_TINY,
        min_version=_V74,
    ),  # fmt: skip
    # -- encodings ---------------------------------------------------------------------------
    Case(
        "a hash turns into a hashtable past the entry limit",
        [
            ("HSET", "h", "a", "1", "b", "2"),
            ("OBJECT", "ENCODING", "h"),
            ("HSET", "h", "c", "3"),
            ("OBJECT", "ENCODING", "h"),
            ("HDEL", "h", "c", "b"),
            ("OBJECT", "ENCODING", "h"),
            ("HSCAN", "h", "0"),
        ],
        config={"hash-max-listpack-entries": "2"},
    ),  # fmt: skip
    Case(
        "long fields or values make a hashtable",
        [
            ("HSET", "h1", "abcd", "1"),
            ("OBJECT", "ENCODING", "h1"),
            ("HSET", "h2", "a", "1234"),
            ("OBJECT", "ENCODING", "h2"),
            ("HINCRBY", "h3", "abcd", "1"),
            ("OBJECT", "ENCODING", "h3"),
            ("HSET", "h4", "a", "1"),
            ("HINCRBYFLOAT", "h4", "a", "1.5"),
            ("OBJECT", "ENCODING", "h4"),
            ("HSET", "h5", "a", "1"),
            ("HSETNX", "h5", "a", "12345"),
            ("OBJECT", "ENCODING", "h5"),
        ],
        config={"hash-max-listpack-value": "3"},
    ),  # fmt: skip
    Case(
        "hset with more pairs than the entry limit makes a hashtable even with repeats",
        [
            ("HSET", "h", "a", "1", "a", "2", "a", "3"),
            ("OBJECT", "ENCODING", "h"),
            ("HMSET", "h2", "a", "1", "b", "2", "a", "3"),
            ("OBJECT", "ENCODING", "h2"),
        ],
        config={"hash-max-listpack-entries": "2"},
        min_version=(7, 2),
    ),  # fmt: skip
    Case(
        "a zero entry limit makes every hash a hashtable",
        [
            ("HSET", "h", "a", "1"),
            ("OBJECT", "ENCODING", "h"),
            ("HSETNX", "h2", "a", "1"),
            ("OBJECT", "ENCODING", "h2"),
        ],
        config={"hash-max-listpack-entries": "0"},
    ),  # fmt: skip
    # -- hash field expiry: HEXPIRE family ----------------------------------------------------
    Case(
        "hexpire then httl",
        [
            _abc(),
            ("HEXPIRE", "h", "100", "FIELDS", "2", "a", "zz"),
            ("HTTL", "h", "FIELDS", "3", "a", "b", "zz"),
        ],
        min_version=_V74,
    ),
    Case(
        "hexpire on a missing key",
        [("HEXPIRE", "nokey", "100", "FIELDS", "2", "a", "b"), ("EXISTS", "nokey")],
        min_version=_V74,
    ),
    Case(
        "hpexpire then httl rounds up",
        [
            _abc(),
            ("HPEXPIRE", "h", "100500", "FIELDS", "1", "a"),
            ("HTTL", "h", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),
    Case(
        "hexpireat then hexpiretime",
        [
            _abc(),
            ("HEXPIREAT", "h", FUTURE_S, "FIELDS", "1", "a"),
            ("HEXPIRETIME", "h", "FIELDS", "2", "a", "b"),
            ("HPEXPIRETIME", "h", "FIELDS", "2", "a", "zz"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hpexpireat keeps milliseconds",
        [
            _abc(),
            ("HPEXPIREAT", "h", FUTURE_MS, "FIELDS", "1", "a"),
            ("HPEXPIRETIME", "h", "FIELDS", "1", "a"),
            ("HEXPIRETIME", "h", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "httl family on a missing key",
        [
            ("HTTL", "nokey", "FIELDS", "1", "a"),
            ("HPTTL", "nokey", "FIELDS", "2", "a", "b"),
            ("HEXPIRETIME", "nokey", "FIELDS", "1", "a"),
            ("HPEXPIRETIME", "nokey", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "field ttls leave the key persistent",
        [_abc(), ("HEXPIRE", "h", "100", "FIELDS", "1", "a"), ("TTL", "h"), ("PERSIST", "h")],
        min_version=_V74,
    ),
    Case(
        "hexpire nx",
        [
            _abc(),
            ("HEXPIREAT", "h", FUTURE_S, "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", "4102444900", "NX", "FIELDS", "3", "a", "b", "zz"),
            ("HEXPIRETIME", "h", "FIELDS", "2", "a", "b"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire xx",
        [
            _abc(),
            ("HEXPIREAT", "h", FUTURE_S, "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", "4102444900", "xx", "FIELDS", "3", "a", "b", "zz"),
            ("HEXPIRETIME", "h", "FIELDS", "2", "a", "b"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire gt",
        [
            _abc(),
            ("HEXPIREAT", "h", FUTURE_S, "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", "4102444700", "GT", "FIELDS", "2", "a", "b"),
            ("HEXPIREAT", "h", FUTURE_S, "GT", "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", "4102444900", "GT", "FIELDS", "1", "a"),
            ("HEXPIRETIME", "h", "FIELDS", "2", "a", "b"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire lt",
        [
            _abc(),
            ("HEXPIREAT", "h", FUTURE_S, "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", "4102444900", "LT", "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", FUTURE_S, "LT", "FIELDS", "1", "a"),
            ("HEXPIREAT", "h", "4102444700", "lt", "FIELDS", "2", "a", "b"),
            ("HEXPIRETIME", "h", "FIELDS", "2", "a", "b"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire zero deletes fields",
        [_abc(), ("HEXPIRE", "h", "0", "FIELDS", "2", "a", "zz"), ("HGETALL", "h")],
        min_version=_V74,
    ),
    Case(
        "hpexpireat in the past deletes the emptied key",
        [
            ("HSET", "h", "a", "1"),
            ("HPEXPIREAT", "h", "1", "FIELDS", "2", "a", "a"),
            ("EXISTS", "h"),
        ],
        min_version=_V74,
    ),
    Case(
        "a condition is checked before a past time deletes",
        [
            _abc(),
            ("HEXPIRE", "h", "0", "XX", "FIELDS", "1", "a"),
            ("HEXPIRE", "h", "0", "GT", "FIELDS", "1", "a"),
            ("HGET", "h", "a"),
            ("HEXPIRE", "h", "0", "LT", "FIELDS", "1", "a"),
            ("HGET", "h", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire the same field twice in one call",
        [_abc(), ("HEXPIRE", "h", "100", "NX", "FIELDS", "2", "a", "a")],
        min_version=_V74,
    ),
    Case(
        "hset clears a field ttl",
        [
            _abc(),
            ("HEXPIRE", "h", "100", "FIELDS", "2", "a", "b"),
            ("HSET", "h", "a", "x"),
            ("HMSET", "h", "b", "y"),
            ("HTTL", "h", "FIELDS", "2", "a", "b"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hincrby and hincrbyfloat keep a field ttl",
        [
            ("HSET", "h", "n", "1", "f", "1.5"),
            ("HEXPIRE", "h", "100", "FIELDS", "2", "n", "f"),
            ("HINCRBY", "h", "n", "1"),
            ("HINCRBYFLOAT", "h", "f", "1"),
            ("HTTL", "h", "FIELDS", "2", "n", "f"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hsetnx leaves a field ttl alone",
        [
            _abc(),
            ("HEXPIRE", "h", "100", "FIELDS", "1", "a"),
            ("HSETNX", "h", "a", "x"),
            ("HTTL", "h", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hdel forgets a field ttl",
        [
            _abc(),
            ("HEXPIRE", "h", "100", "FIELDS", "1", "a"),
            ("HDEL", "h", "a"),
            ("HSET", "h", "a", "x"),
            ("HTTL", "h", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "fields with a ttl come first in a small hash",
        [
            ("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4"),
            ("HEXPIREAT", "h", "4102444900", "FIELDS", "1", "c"),
            ("HEXPIREAT", "h", FUTURE_S, "FIELDS", "1", "d"),
            ("HGETALL", "h"),
            ("HSET", "h", "e", "5"),
            ("HKEYS", "h"),
            ("HPERSIST", "h", "FIELDS", "1", "d"),
            ("HKEYS", "h"),
            ("HSET", "h", "c", "x"),
            ("HVALS", "h"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hpersist",
        [
            _abc(),
            ("HEXPIRE", "h", "100", "FIELDS", "1", "a"),
            ("HPERSIST", "h", "FIELDS", "3", "a", "b", "zz"),
            ("HTTL", "h", "FIELDS", "1", "a"),
            ("HPERSIST", "h", "FIELDS", "1", "a"),
            ("HPERSIST", "nokey", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire argument errors",
        [
            _abc(),
            ("HEXPIRE", "h", "10", "FIELD", "1", "a"),
            ("HEXPIRE", "h", "10", "NX", "XX", "FIELDS", "1", "a"),
            ("HEXPIRE", "h", "10", "FIELDS", "0", "a"),
            ("HEXPIRE", "h", "10", "FIELDS", "-1", "a"),
            ("HEXPIRE", "h", "10", "FIELDS", "x", "a"),
            ("HEXPIRE", "h", "10", "FIELDS", "2", "a"),
            ("HEXPIRE", "h", "10", "FIELDS", "1", "a", "b"),
            ("HEXPIRE", "h", "10", "NX", "FIELDS", "1"),
            ("HEXPIRE", "h", "10", "FIELDS", "1"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire time errors",
        [
            _abc(),
            ("HEXPIRE", "h", "-1", "FIELDS", "1", "a"),
            ("HPEXPIREAT", "h", "-1", "FIELDS", "1", "a"),
            ("HEXPIRE", "h", "ten", "FIELDS", "1", "a"),
            ("HEXPIRE", "h", "1.5", "FIELDS", "1", "a"),
            ("HEXPIRE", "h", str(2**46), "FIELDS", "1", "a"),
            ("HPEXPIREAT", "h", LLONG_MAX, "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "the latest allowed field expiry",
        [
            _abc(),
            ("HPEXPIREAT", "h", HFE_MAX_MS, "FIELDS", "1", "a"),
            ("HPEXPIRETIME", "h", "FIELDS", "1", "a"),
            ("HPEXPIREAT", "h", str(int(HFE_MAX_MS) + 1), "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hexpire errors come after the type check",
        [
            ("SET", "s", "x"),
            ("HEXPIRE", "s", "-1", "FIELDS", "1", "a"),
            ("HTTL", "s", "FIELDZ", "1", "a"),
        ],
        min_version=_V74,
    ),
    Case(
        "hexpire errors on a missing key",
        [("HEXPIRE", "nokey", "10", "FIELDS", "0", "a"), ("HTTL", "nokey", "FIELDS", "2", "a")],
        min_version=_V74,
    ),
    Case(
        "httl family argument errors",
        [
            _abc(),
            ("HTTL", "h", "FIELDZ", "1", "a"),
            ("HPTTL", "h", "FIELDS", "0", "a"),
            ("HEXPIRETIME", "h", "FIELDS", "3", "a"),
            ("HPEXPIRETIME", "h", "FIELDS", "1", "a", "b"),
            ("HPERSIST", "h", "NX", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hash field expiry commands on a string",
        [
            ("SET", "s", "x"),
            ("HEXPIRE", "s", "10", "FIELDS", "1", "a"),
            ("HPEXPIRE", "s", "10", "FIELDS", "1", "a"),
            ("HEXPIREAT", "s", "10", "FIELDS", "1", "a"),
            ("HPEXPIREAT", "s", "10", "FIELDS", "1", "a"),
            ("HTTL", "s", "FIELDS", "1", "a"),
            ("HPTTL", "s", "FIELDS", "1", "a"),
            ("HEXPIRETIME", "s", "FIELDS", "1", "a"),
            ("HPEXPIRETIME", "s", "FIELDS", "1", "a"),
            ("HPERSIST", "s", "FIELDS", "1", "a"),
        ],
        min_version=_V74,
    ),  # fmt: skip
    Case(
        "hash field expiry wrong arity",
        [
            ("HEXPIRE", "h", "10", "FIELDS", "1"),
            ("HTTL", "h", "FIELDS", "1"),
            ("HPERSIST", "h", "FIELDS"),
        ],
        min_version=_V74,
    ),
]

# Split the combined WRONGTYPE case into one focused case per command as well, so a
# failure names the command.
_WRONGTYPE_STEPS: list[tuple[str, ...]] = [
    ("HSET", "s", "a", "1"),
    ("HMSET", "s", "a", "1"),
    ("HSETNX", "s", "a", "1"),
    ("HGET", "s", "a"),
    ("HMGET", "s", "a"),
    ("HGETALL", "s"),
    ("HKEYS", "s"),
    ("HVALS", "s"),
    ("HLEN", "s"),
    ("HEXISTS", "s", "a"),
    ("HSTRLEN", "s", "a"),
    ("HDEL", "s", "a"),
    ("HINCRBY", "s", "a", "1"),
    ("HINCRBYFLOAT", "s", "a", "1"),
    ("HSCAN", "s", "0"),
    ("HRANDFIELD", "s", "2"),
]
CASES += [
    Case(f"{cmd[0].lower()} on a string is wrongtype", [("SET", "s", "x"), cmd])
    for cmd in _WRONGTYPE_STEPS
]
