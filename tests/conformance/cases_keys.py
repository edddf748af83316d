"""Conformance cases for the generic key commands and expiry.

DEL UNLINK EXISTS TOUCH TYPE KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL, the
EXPIRE family with NX/XX/GT/LT, TTL & co, PERSIST, RENAME(NX), COPY, MOVE,
SWAPDB, OBJECT and WAIT.

KEYS and SCAN replies come in hash order, so they are compared unordered; a
SCAN over ten keys or fewer (or with a COUNT above the number of keys) finishes
in one call (cursor 0) on both servers.
Relative TTLs tick on the real server while a case runs, so TTL/PTTL replies
are compared approximately; absolute ones (EXPIREAT, EXPIRETIME) exactly.
What changed in Redis 7.2 (RENAME/MOVE restarting a key's LFU counter, WAIT's
timeout overflow check) is pinned with ``min_version=(7, 2)``.
"""

from __future__ import annotations

from .case import Case, Step, step

_72 = (7, 2)
#: 2100-01-01T00:00:00Z, far enough ahead to be stable
_AT = "4102444800"
_AT_MS = "4102444800000"
_LFU = {"maxmemory-policy": "allkeys-lfu"}
_LFU_EXACT = {"maxmemory-policy": "allkeys-lfu", "lfu-log-factor": "0"}


def _keys(pattern: str | bytes) -> Step:
    return step("KEYS", pattern, unordered=True)


def _scan(*args: str | bytes) -> Step:
    return step("SCAN", *args, unordered=True)


_GLOB_KEYS = [
    ("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeello", "5"),
    ("MSET", "a*b", "6", "a?b", "7", "a[b", "8", "a]b", "9", "a\\b", "10", "a-b", "11"),
]

CASES: list[Case] = [
    # -- DEL / UNLINK ----------------------------------------------------------------
    Case(
        "DEL counts the keys it removed and ignores missing ones",
        [("SET", "a", "1"), ("SET", "b", "2"), ("DEL", "a", "b", "c"), ("EXISTS", "a", "b")],
    ),
    Case("DEL of the same key twice counts it once", [("SET", "a", "1"), ("DEL", "a", "a")]),
    Case("DEL of a missing key answers 0", [("DEL", "nosuch")]),
    Case(
        "DEL removes a key of any type",
        [("HSET", "h", "f", "v"), ("DEL", "h"), ("TYPE", "h")],
    ),
    Case("DEL without a key is an arity error", [("DEL",)]),
    Case(
        "UNLINK counts the keys it removed",
        [("SET", "a", "1"), ("SET", "b", "2"), ("UNLINK", "a", "b", "c"), ("DBSIZE",)],
    ),
    Case("UNLINK without a key is an arity error", [("UNLINK",)]),
    Case(
        "DEL removes a key's TTL with it",
        [("SET", "a", "1", "EX", "100"), ("DEL", "a"), ("SET", "a", "2"), ("TTL", "a")],
    ),
    # -- EXISTS / TOUCH / TYPE -----------------------------------------------------------
    Case(
        "EXISTS counts a key once per mention",
        [("SET", "a", "1"), ("EXISTS", "a", "a", "b", "a")],
    ),
    Case("EXISTS of a missing key answers 0", [("EXISTS", "nosuch")]),
    Case("EXISTS without a key is an arity error", [("EXISTS",)]),
    Case(
        "EXISTS does not see a key whose time has passed",
        [("SET", "a", "1"), ("PEXPIREAT", "a", "1"), ("EXISTS", "a")],
    ),
    Case(
        "TOUCH counts existing keys, once per mention",
        [("SET", "a", "1"), ("HSET", "h", "f", "v"), ("TOUCH", "a", "a", "h", "b")],
    ),
    Case("TOUCH without a key is an arity error", [("TOUCH",)]),
    Case(
        "TYPE names strings, hashes and missing keys",
        [("SET", "s", "v"), ("HSET", "h", "f", "v"), ("TYPE", "s"), ("TYPE", "h"), ("TYPE", "x")],
    ),
    Case("TYPE without a key is an arity error", [("TYPE",)]),
    Case("TYPE with two keys is an arity error", [("TYPE", "a", "b")]),
    # -- KEYS ------------------------------------------------------------------------
    Case("KEYS in an empty database is an empty array", [("KEYS", "*")]),
    Case(
        "KEYS * lists every key",
        [("MSET", "a", "1", "b", "2", "c", "3"), ("HSET", "h", "f", "v"), _keys("*")],
    ),
    Case(
        "KEYS ? matches exactly one byte",
        [*_GLOB_KEYS, _keys("h?llo"), _keys("a?b"), _keys("?")],
    ),
    Case(
        "KEYS * inside a pattern matches any run, the empty one included",
        [*_GLOB_KEYS, _keys("h*llo"), _keys("*llo"), _keys("h*"), _keys("a*b*"), _keys("**o")],
    ),
    Case(
        "KEYS [ae] matches one byte out of a class",
        [*_GLOB_KEYS, _keys("h[ae]llo"), _keys("h[e]*llo")],
    ),
    Case(
        "KEYS [^e] and [^ae] match one byte outside a class",
        [*_GLOB_KEYS, _keys("h[^e]llo"), _keys("h[^ae]llo")],
    ),
    Case(
        "KEYS [a-b] matches a range, written either way round",
        [*_GLOB_KEYS, _keys("h[a-b]llo"), _keys("h[b-a]llo"), _keys("h[^a-f]llo")],
    ),
    Case(
        "KEYS with escaped special characters matches them literally",
        [*_GLOB_KEYS, _keys("a\\*b"), _keys("a\\?b"), _keys("a\\[b"), _keys("a\\\\b")],
    ),
    Case(
        "KEYS class with escaped ] and - members",
        [*_GLOB_KEYS, _keys("a[\\]]b"), _keys("a[\\-]b"), _keys("a[[]b"), _keys("a[-x]b")],
    ),
    Case(
        "KEYS class whose range ends in ] does not close there",
        [*_GLOB_KEYS, _keys("a[Z-]b"), _keys("a[Z-]"), _keys("a[Z-]b]")],
    ),
    Case(
        "KEYS class left open runs to the end of the pattern",
        [*_GLOB_KEYS, _keys("a[*"), _keys("a[bx"), _keys("hell[o")],
    ),
    Case(
        "KEYS [] matches nothing and [^] any byte",
        [*_GLOB_KEYS, _keys("a[]b"), _keys("a[^]b"), _keys("a[]]b")],
    ),
    Case(
        "KEYS pattern ending in a lone backslash matches a backslash",
        [("SET", "a\\", "1"), ("SET", "ab", "2"), _keys("a\\"), _keys("a\\\\")],
    ),
    Case(
        "KEYS ranges over bytes above 0x7f compare them as signed chars",
        [
            ("SET", b"k\xff", "1"),
            ("SET", b"k\x80", "2"),
            ("SET", "ka", "3"),
            ("SET", "k0", "4"),
            _keys(b"k[\x80-a]"),
            _keys(b"k[a-\xff]"),
            _keys(b"k[\x80-\xff]"),
        ],
    ),
    Case(
        "KEYS with the empty key: * lists it, other patterns only if empty",
        [("SET", "", "empty"), ("SET", "a", "1"), _keys("*"), _keys("**"), _keys(""), _keys("?*")],
    ),
    Case(
        "KEYS is binary safe",
        [("SET", b"\x00\r\n", "1"), ("SET", b"\x00x", "2"), _keys(b"\x00?\n"), _keys(b"\x00*")],
    ),
    Case("KEYS without a pattern is an arity error", [("KEYS",)]),
    Case("KEYS with two patterns is an arity error", [("KEYS", "a", "b")]),
    Case(
        "KEYS lists the keys of the selected database only",
        [("SET", "a", "1"), ("SELECT", "1"), ("SET", "b", "2"), _keys("*")],
    ),
    # -- SCAN ----------------------------------------------------------------------------
    Case("SCAN of an empty database ends at once", [("SCAN", "0")]),
    Case(
        "SCAN 0 returns every key of a small database and cursor 0",
        [("MSET", "a", "1", "b", "2", "c", "3"), ("HSET", "h", "f", "v"), _scan("0")],
    ),
    Case(
        "SCAN MATCH filters by pattern",
        [
            *_GLOB_KEYS,
            _scan("0", "MATCH", "h*llo", "COUNT", "100"),
            _scan("0", "match", "a[?*]b", "COUNT", "100"),
        ],
    ),
    Case(
        "SCAN MATCH * includes the empty key, MATCH '' only it",
        [("SET", "", "e"), ("SET", "a", "1"), _scan("0", "MATCH", "*"), _scan("0", "MATCH", "")],
    ),
    Case(
        "SCAN TYPE filters by type, in any case",
        [
            ("SET", "s", "1"),
            ("HSET", "h", "f", "v"),
            _scan("0", "TYPE", "string"),
            _scan("0", "TYPE", "HASH"),
            _scan("0", "type", "String"),
        ],
    ),
    Case(
        "SCAN TYPE with an unknown type returns nothing",
        [("SET", "s", "1"), _scan("0", "TYPE", "nosuch"), _scan("0", "TYPE", "none")],
    ),
    Case(
        "SCAN with COUNT MATCH and TYPE together",
        [
            ("MSET", "k1", "1", "k2", "2", "x", "3"),
            ("HSET", "k3", "f", "v"),
            _scan("0", "COUNT", "100", "MATCH", "k*", "TYPE", "string"),
        ],
    ),
    Case(
        "SCAN options given twice: the last one counts",
        [
            ("MSET", "k1", "1", "x", "2"),
            _scan("0", "MATCH", "x", "MATCH", "k*", "COUNT", "1", "COUNT", "100"),
        ],
    ),
    Case("SCAN COUNT 0 is a syntax error", [("SCAN", "0", "COUNT", "0")]),
    Case("SCAN COUNT -1 is a syntax error", [("SCAN", "0", "COUNT", "-1")]),
    Case("SCAN COUNT abc is not an integer", [("SCAN", "0", "COUNT", "abc")]),
    Case("SCAN COUNT beyond 64 bits is not an integer", [("SCAN", "0", "COUNT", "1" * 21)]),
    Case("SCAN COUNT without a value is a syntax error", [("SCAN", "0", "COUNT")]),
    Case("SCAN MATCH without a value is a syntax error", [("SCAN", "0", "MATCH")]),
    Case("SCAN TYPE without a value is a syntax error", [("SCAN", "0", "TYPE")]),
    Case("SCAN with an unknown option is a syntax error", [("SCAN", "0", "FOO", "bar")]),
    Case(
        "SCAN cursors that are not unsigned decimals are invalid",
        [
            ("SCAN", "abc"),
            ("SCAN", " 0"),
            ("SCAN", "0 "),
            ("SCAN", "0x1"),
            ("SCAN", "+"),
            ("SCAN", "-"),
            ("SCAN", "1.5"),
            ("SCAN", "18446744073709551616"),
        ],
    ),
    Case(
        "SCAN accepts an empty cursor, +0 and -0 as 0",
        [("SET", "a", "1"), ("SCAN", ""), ("SCAN", "+0"), ("SCAN", "-0"), ("SCAN", "00")],
    ),
    Case("SCAN without a cursor is an arity error", [("SCAN",)]),
    Case(
        "SCAN sees the selected database only",
        [("SET", "a", "1"), ("SELECT", "2"), ("SET", "b", "1"), _scan("0")],
    ),
    # -- RANDOMKEY / DBSIZE --------------------------------------------------------------
    Case("RANDOMKEY in an empty database is null", [("RANDOMKEY",)]),
    Case("RANDOMKEY with one key returns it", [("SET", "only", "1"), ("RANDOMKEY",)]),
    Case("RANDOMKEY with an argument is an arity error", [("RANDOMKEY", "x")]),
    Case(
        "DBSIZE counts the keys of the selected database",
        [
            ("MSET", "a", "1", "b", "2"),
            ("HSET", "h", "f", "v"),
            ("DBSIZE",),
            ("DEL", "a"),
            ("DBSIZE",),
            ("SELECT", "1"),
            ("DBSIZE",),
        ],
    ),
    Case(
        "DBSIZE drops a key deleted by a past expiry time",
        [("SET", "a", "1"), ("SET", "b", "1"), ("EXPIREAT", "a", "1"), ("DBSIZE",)],
    ),
    Case("DBSIZE with an argument is an arity error", [("DBSIZE", "x")]),
    # -- FLUSHDB / FLUSHALL ------------------------------------------------------------------
    Case(
        "FLUSHDB empties only the selected database",
        [
            ("SET", "a", "1"),
            ("SELECT", "1"),
            ("SET", "b", "1"),
            ("FLUSHDB",),
            ("DBSIZE",),
            ("SELECT", "0"),
            ("DBSIZE",),
        ],
    ),
    Case(
        "FLUSHDB takes ASYNC or SYNC in any case",
        [
            ("SET", "a", "1"),
            ("FLUSHDB", "ASYNC"),
            ("DBSIZE",),
            ("SET", "a", "1"),
            ("FLUSHDB", "sync"),
            ("DBSIZE",),
            ("FLUSHDB", "Async"),
        ],
    ),
    Case("FLUSHDB with an unknown mode is a syntax error", [("FLUSHDB", "now")]),
    Case("FLUSHDB with two modes is a syntax error", [("FLUSHDB", "SYNC", "ASYNC")]),
    Case(
        "FLUSHALL empties every database",
        [
            ("SET", "a", "1"),
            ("SELECT", "3"),
            ("SET", "b", "1"),
            ("FLUSHALL",),
            ("DBSIZE",),
            ("SELECT", "0"),
            ("DBSIZE",),
        ],
    ),
    Case(
        "FLUSHALL takes ASYNC or SYNC",
        [("SET", "a", "1"), ("FLUSHALL", "async"), ("FLUSHALL", "SYNC"), ("DBSIZE",)],
    ),
    Case("FLUSHALL with an unknown mode is a syntax error", [("FLUSHALL", "foo")]),
    Case("FLUSHALL with two arguments is a syntax error", [("FLUSHALL", "a", "b")]),
    # -- EXPIRE family ---------------------------------------------------------------------
    Case(
        "EXPIRE gives a key a TTL in seconds",
        [("SET", "k", "v"), ("EXPIRE", "k", "100"), step("TTL", "k", approx=1)],
    ),
    Case(
        "PEXPIRE gives a key a TTL in milliseconds",
        [("SET", "k", "v"), ("PEXPIRE", "k", "100000"), step("PTTL", "k", approx=500)],
    ),
    Case(
        "EXPIREAT sets an absolute expiry in unix seconds",
        [("SET", "k", "v"), ("EXPIREAT", "k", _AT), ("EXPIRETIME", "k"), ("PEXPIRETIME", "k")],
    ),
    Case(
        "PEXPIREAT sets an absolute expiry in unix milliseconds",
        [
            ("SET", "k", "v"),
            ("PEXPIREAT", "k", "4102444800123"),
            ("PEXPIRETIME", "k"),
            ("EXPIRETIME", "k"),
        ],
    ),
    Case(
        "EXPIRETIME rounds milliseconds to the nearest second",
        [
            ("SET", "k", "v"),
            ("PEXPIREAT", "k", "4102444800499"),
            ("EXPIRETIME", "k"),
            ("PEXPIREAT", "k", "4102444800500"),
            ("EXPIRETIME", "k"),
        ],
    ),
    Case(
        "EXPIRE of a missing key answers 0",
        [("EXPIRE", "nosuch", "10"), ("PEXPIRE", "nosuch", "10"), ("EXPIREAT", "nosuch", _AT)],
    ),
    Case(
        "EXPIRE with a time that is not an integer",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "abc"),
            ("EXPIRE", "k", "1.5"),
            ("PEXPIRE", "k", ""),
            ("EXPIRE", "nosuch", "abc"),
        ],
    ),
    Case(
        "EXPIRE 0 and negative times delete the key and answer 1",
        [
            ("SET", "a", "1"),
            ("EXPIRE", "a", "0"),
            ("EXISTS", "a"),
            ("SET", "b", "1"),
            ("EXPIRE", "b", "-10"),
            ("EXISTS", "b"),
            ("SET", "c", "1"),
            ("PEXPIRE", "c", "-1"),
            ("EXISTS", "c"),
        ],
    ),
    Case(
        "EXPIREAT and PEXPIREAT in the past delete the key",
        [
            ("SET", "a", "1"),
            ("EXPIREAT", "a", "1"),
            ("SET", "b", "1"),
            ("PEXPIREAT", "b", "0"),
            ("SET", "c", "1"),
            ("PEXPIREAT", "c", "-1"),
            ("DBSIZE",),
        ],
    ),
    Case(
        "EXPIRE overflow: seconds that cannot become milliseconds",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "9223372036854775807"),
            ("EXPIRE", "k", "-9223372036854775808"),
            ("EXPIREAT", "k", "9223372036854776"),
            ("EXPIREAT", "k", "-9223372036854776"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "EXPIRE overflow: adding the current time",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "9223372036854775"),
            ("PEXPIRE", "k", "9223372036854775807"),
            ("PEXPIRE", "k", "9223372036854775000"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "EXPIRE overflow is checked before the key is looked up",
        [("EXPIRE", "nosuch", "9223372036854775807"), ("PEXPIRE", "nosuch", "9223372036854775807")],
    ),
    Case(
        "EXPIREAT at the largest representable time",
        [
            ("SET", "k", "v"),
            ("EXPIREAT", "k", "9223372036854775"),
            ("EXPIRETIME", "k"),
            ("PEXPIREAT", "k", "9223372036854775807"),
            ("PEXPIRETIME", "k"),
        ],
    ),
    Case(
        "EXPIRE with the smallest times deletes the key",
        [
            ("SET", "a", "1"),
            ("EXPIRE", "a", "-9223372036854775"),
            ("SET", "b", "1"),
            ("PEXPIRE", "b", "-9223372036854775808"),
            ("SET", "c", "1"),
            ("PEXPIREAT", "c", "-9223372036854775808"),
            ("DBSIZE",),
        ],
    ),
    Case(
        "EXPIRE NX sets a TTL only when there is none",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "100", "NX"),
            ("EXPIRE", "k", "200", "NX"),
            step("TTL", "k", approx=1),
        ],
    ),
    Case(
        "EXPIRE XX sets a TTL only when there is one",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "100", "XX"),
            ("TTL", "k"),
            ("EXPIRE", "k", "100"),
            ("EXPIRE", "k", "200", "XX"),
            step("TTL", "k", approx=1),
        ],
    ),
    Case(
        "EXPIRE GT only lengthens a TTL, and never applies to a key without one",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "100", "GT"),
            ("TTL", "k"),
            ("EXPIRE", "k", "100"),
            ("EXPIRE", "k", "50", "GT"),
            # (99, not 100: an equal number of seconds is a later time as soon as a
            # millisecond has passed, which real Redis sees and a frozen clock never does)
            ("EXPIRE", "k", "99", "GT"),
            ("EXPIRE", "k", "200", "GT"),
            step("TTL", "k", approx=1),
            ("EXPIREAT", "k", "4000000000"),
            ("EXPIREAT", "k", "4000000000", "GT"),  # the same time is not greater
            ("EXPIREAT", "k", "4000000001", "GT"),
        ],
    ),
    Case(
        "EXPIRE LT only shortens a TTL, and applies to a key without one",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "100", "LT"),
            step("TTL", "k", approx=1),
            ("EXPIRE", "k", "200", "LT"),
            ("EXPIRE", "k", "50", "LT"),
            step("TTL", "k", approx=1),
        ],
    ),
    Case(
        "EXPIRE XX GT and XX LT combine",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "100", "XX", "GT"),
            ("EXPIRE", "k", "100", "XX", "LT"),
            ("EXPIRE", "k", "100"),
            ("EXPIRE", "k", "200", "XX", "GT"),
            ("EXPIRE", "k", "300", "xx", "lt"),
            step("TTL", "k", approx=1),
        ],
    ),
    Case(
        "EXPIRE GT/LT with a time in the past",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "100"),
            ("EXPIRE", "k", "-1", "GT"),
            ("EXISTS", "k"),
            ("EXPIRE", "k", "-1", "LT"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "EXPIREAT and PEXPIREAT take the same options",
        [
            ("SET", "k", "v"),
            ("EXPIREAT", "k", _AT, "NX"),
            ("EXPIREAT", "k", "4102444801", "LT"),
            ("PEXPIREAT", "k", "4102444801000", "GT"),
            ("PEXPIRETIME", "k"),
            ("PEXPIREAT", "k", "4102444700000", "XX"),
            ("EXPIRETIME", "k"),
        ],
    ),
    Case(
        "EXPIRE options are case-insensitive and may repeat",
        [("SET", "k", "v"), ("EXPIRE", "k", "100", "nX"), ("EXPIRE", "k", "50", "lt", "LT")],
    ),
    Case(
        "EXPIRE NX with XX, GT or LT is an error",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "10", "NX", "XX"),
            ("EXPIRE", "k", "10", "NX", "GT"),
            ("EXPIRE", "k", "10", "LT", "NX"),
            ("PEXPIRE", "k", "10", "nx", "xx"),
        ],
    ),
    Case(
        "EXPIRE GT with LT is an error",
        [("SET", "k", "v"), ("EXPIRE", "k", "10", "GT", "LT"), ("EXPIREAT", "k", _AT, "LT", "GT")],
    ),
    Case(
        "EXPIRE with an unknown option names it",
        [
            ("SET", "k", "v"),
            ("EXPIRE", "k", "10", "FOO"),
            ("EXPIRE", "k", "10", "NX", "bar"),
            ("PEXPIREAT", "k", "10", "KEEPTTL"),
        ],
    ),
    Case(
        "EXPIRE checks its options before its time",
        [("EXPIRE", "k", "abc", "foo"), ("EXPIRE", "k", "abc", "NX", "XX")],
    ),
    Case("EXPIRE without a time is an arity error", [("EXPIRE", "k")]),
    Case("PEXPIRE without a time is an arity error", [("PEXPIRE", "k")]),
    Case("EXPIREAT without a time is an arity error", [("EXPIREAT", "k")]),
    Case("PEXPIREAT without a time is an arity error", [("PEXPIREAT", "k")]),
    Case(
        "SET without a TTL option drops the key's TTL",
        [("SET", "k", "v"), ("EXPIRE", "k", "100"), ("SET", "k", "w"), ("TTL", "k")],
    ),
    Case(
        "EXPIRE works on a hash",
        [("HSET", "h", "f", "v"), ("EXPIREAT", "h", _AT), ("EXPIRETIME", "h"), ("TYPE", "h")],
    ),
    # -- TTL family ------------------------------------------------------------------------
    Case(
        "TTL PTTL EXPIRETIME PEXPIRETIME answer -2 for a missing key",
        [("TTL", "x"), ("PTTL", "x"), ("EXPIRETIME", "x"), ("PEXPIRETIME", "x")],
    ),
    Case(
        "TTL PTTL EXPIRETIME PEXPIRETIME answer -1 for a key without TTL",
        [("SET", "k", "v"), ("TTL", "k"), ("PTTL", "k"), ("EXPIRETIME", "k"), ("PEXPIRETIME", "k")],
    ),
    Case(
        "TTL rounds to the nearest second",
        [("SET", "k", "v"), ("PEXPIRE", "k", "100400"), step("TTL", "k", approx=1)],
    ),
    Case("TTL without a key is an arity error", [("TTL",)]),
    Case("PTTL with two keys is an arity error", [("PTTL", "a", "b")]),
    Case("EXPIRETIME without a key is an arity error", [("EXPIRETIME",)]),
    Case("PEXPIRETIME without a key is an arity error", [("PEXPIRETIME",)]),
    # -- PERSIST -----------------------------------------------------------------------------
    Case(
        "PERSIST removes a TTL",
        [("SET", "k", "v"), ("EXPIRE", "k", "100"), ("PERSIST", "k"), ("TTL", "k")],
    ),
    Case(
        "PERSIST answers 0 without a TTL or a key",
        [("SET", "k", "v"), ("PERSIST", "k"), ("PERSIST", "nosuch")],
    ),
    Case("PERSIST without a key is an arity error", [("PERSIST",)]),
    # -- RENAME / RENAMENX -----------------------------------------------------------------------
    Case(
        "RENAME moves the value and its TTL",
        [
            ("SET", "a", "1"),
            ("PEXPIREAT", "a", _AT_MS),
            ("RENAME", "a", "b"),
            ("GET", "b"),
            ("PEXPIRETIME", "b"),
            ("EXISTS", "a"),
        ],
    ),
    Case(
        "RENAME overwrites the destination and drops its TTL",
        [
            ("SET", "a", "1"),
            ("SET", "b", "2"),
            ("EXPIRE", "b", "100"),
            ("RENAME", "a", "b"),
            ("GET", "b"),
            ("TTL", "b"),
        ],
    ),
    Case(
        "RENAME replaces a destination of another type",
        [("SET", "a", "1"), ("HSET", "h", "f", "v"), ("RENAME", "a", "h"), ("TYPE", "h")],
    ),
    Case("RENAME of a missing key is an error", [("RENAME", "nosuch", "b")]),
    Case("RENAMENX of a missing key is an error", [("RENAMENX", "nosuch", "b")]),
    Case(
        "RENAME to the same name answers OK if the key exists",
        [("RENAME", "a", "a"), ("SET", "a", "1"), ("RENAME", "a", "a"), ("GET", "a")],
    ),
    Case(
        "RENAMENX to the same name answers 0",
        [("SET", "a", "1"), ("RENAMENX", "a", "a"), ("GET", "a")],
    ),
    Case(
        "RENAMENX only renames to a free name",
        [
            ("SET", "a", "1"),
            ("SET", "b", "2"),
            ("RENAMENX", "a", "b"),
            ("GET", "b"),
            ("RENAMENX", "a", "c"),
            ("GET", "c"),
            ("EXISTS", "a"),
        ],
    ),
    Case(
        "RENAME a hash",
        [("HSET", "h", "f", "v"), ("RENAME", "h", "g"), ("HGET", "g", "f"), ("TYPE", "h")],
    ),
    Case("RENAME with one key is an arity error", [("RENAME", "a")]),
    Case("RENAMENX with three keys is an arity error", [("RENAMENX", "a", "b", "c")]),
    # -- COPY ----------------------------------------------------------------------------------
    Case(
        "COPY copies the value and its TTL",
        [
            ("SET", "a", "1"),
            ("PEXPIREAT", "a", _AT_MS),
            ("COPY", "a", "b"),
            ("GET", "b"),
            ("PEXPIRETIME", "b"),
            ("GET", "a"),
        ],
    ),
    Case(
        "COPY does not overwrite without REPLACE",
        [
            ("SET", "a", "1"),
            ("SET", "b", "2"),
            ("COPY", "a", "b"),
            ("GET", "b"),
            ("COPY", "a", "b", "REPLACE"),
            ("GET", "b"),
        ],
    ),
    Case(
        "COPY REPLACE drops the destination's TTL when the source has none",
        [
            ("SET", "a", "1"),
            ("SET", "b", "2"),
            ("EXPIRE", "b", "100"),
            ("COPY", "a", "b", "replace"),
            ("TTL", "b"),
        ],
    ),
    Case(
        "COPY DB copies into another database",
        [
            ("SET", "a", "1"),
            ("COPY", "a", "a", "DB", "1"),
            ("COPY", "a", "b", "db", "2"),
            ("SELECT", "1"),
            ("GET", "a"),
            ("SELECT", "2"),
            ("GET", "b"),
        ],
    ),
    Case(
        "COPY to the same key in the same database is an error",
        [
            ("SET", "a", "1"),
            ("COPY", "a", "a"),
            ("COPY", "a", "a", "DB", "0"),
            ("COPY", "nosuch", "nosuch"),
        ],
    ),
    Case("COPY of a missing key answers 0", [("COPY", "nosuch", "b"), ("EXISTS", "b")]),
    Case(
        "COPY option errors",
        [
            ("SET", "a", "1"),
            ("COPY", "a", "b", "FOO"),
            ("COPY", "a", "b", "DB"),
            ("COPY", "a", "b", "DB", "abc"),
            ("COPY", "a", "b", "DB", "16"),
            ("COPY", "a", "b", "DB", "-1"),
            ("COPY", "a", "b", "DB", "99999999999999"),
            ("COPY", "a", "b", "REPLACE", "foo"),
            ("EXISTS", "b"),
        ],
    ),
    Case(
        "COPY options may come in any order and repeat",
        [
            ("SET", "a", "1"),
            ("COPY", "a", "b", "REPLACE", "DB", "2", "replace"),
            ("COPY", "a", "c", "DB", "1", "DB", "3"),
            ("SELECT", "3"),
            ("GET", "c"),
        ],
    ),
    Case(
        "COPY of a hash is independent of the original",
        [
            ("HSET", "h", "f", "v"),
            ("COPY", "h", "h2"),
            ("HSET", "h2", "f", "w"),
            ("HGET", "h", "f"),
            ("HGET", "h2", "f"),
        ],
    ),
    Case("COPY with one key is an arity error", [("COPY", "a")]),
    # -- MOVE --------------------------------------------------------------------------------
    Case(
        "MOVE moves a key and its TTL to another database",
        [
            ("SET", "a", "1"),
            ("EXPIREAT", "a", _AT),
            ("MOVE", "a", "1"),
            ("EXISTS", "a"),
            ("SELECT", "1"),
            ("GET", "a"),
            ("EXPIRETIME", "a"),
        ],
    ),
    Case(
        "MOVE answers 0 when the destination has the key",
        [
            ("SET", "a", "here"),
            ("SELECT", "1"),
            ("SET", "a", "there"),
            ("SELECT", "0"),
            ("MOVE", "a", "1"),
            ("GET", "a"),
        ],
    ),
    Case("MOVE of a missing key answers 0", [("MOVE", "nosuch", "1")]),
    Case(
        "MOVE to the same database is an error",
        [("SET", "a", "1"), ("MOVE", "a", "0"), ("MOVE", "nosuch", "0")],
    ),
    Case(
        "MOVE database index errors",
        [
            ("SET", "a", "1"),
            ("MOVE", "a", "16"),
            ("MOVE", "a", "-1"),
            ("MOVE", "a", "abc"),
            ("MOVE", "a", "01"),
            ("MOVE", "a", "2147483648"),
            ("MOVE", "a", "-2147483649"),
        ],
    ),
    Case("MOVE without a database is an arity error", [("MOVE", "a")]),
    # -- SWAPDB ------------------------------------------------------------------------------
    Case(
        "SWAPDB exchanges the contents of two databases",
        [
            ("SET", "a", "in0"),
            ("SELECT", "1"),
            ("SET", "b", "in1"),
            ("EXPIREAT", "b", _AT),
            ("SWAPDB", "0", "1"),
            ("GET", "a"),
            ("SELECT", "0"),
            ("GET", "b"),
            ("EXPIRETIME", "b"),
            ("EXISTS", "a"),
        ],
    ),
    Case(
        "SWAPDB of a database with itself is OK",
        [("SET", "a", "1"), ("SWAPDB", "0", "0"), ("GET", "a")],
    ),
    Case(
        "SWAPDB index errors",
        [
            ("SWAPDB", "0", "16"),
            ("SWAPDB", "-1", "0"),
            ("SWAPDB", "a", "1"),
            ("SWAPDB", "1", "a"),
            ("SWAPDB", "99999999999999", "1"),
            ("SWAPDB", "1", "2147483648"),
            ("SWAPDB", "x", "y"),
        ],
    ),
    Case("SWAPDB with one index is an arity error", [("SWAPDB", "0")]),
    # -- OBJECT ------------------------------------------------------------------------------
    Case("OBJECT HELP", [("OBJECT", "HELP")]),
    Case("OBJECT help in lower case", [("object", "help")]),
    Case("OBJECT HELP with an argument is an arity error", [("OBJECT", "HELP", "x")]),
    Case("OBJECT without a subcommand is an arity error", [("OBJECT",)]),
    Case("OBJECT with an unknown subcommand", [("OBJECT", "FOO", "k")]),
    Case(
        "OBJECT subcommands without a key are arity errors",
        [
            ("OBJECT", "ENCODING"),
            ("OBJECT", "REFCOUNT"),
            ("OBJECT", "IDLETIME"),
            ("OBJECT", "FREQ"),
        ],
    ),
    Case("OBJECT ENCODING with two keys is an arity error", [("OBJECT", "ENCODING", "a", "b")]),
    Case(
        "OBJECT of a missing key is null",
        [
            ("OBJECT", "ENCODING", "x"),
            ("OBJECT", "REFCOUNT", "x"),
            ("OBJECT", "IDLETIME", "x"),
            ("OBJECT", "FREQ", "x"),
        ],
    ),
    Case(
        "OBJECT ENCODING of integers",
        [
            ("SET", "a", "1"),
            ("SET", "b", "-123"),
            ("SET", "c", "9223372036854775807"),
            ("SET", "d", "-9223372036854775808"),
            ("OBJECT", "ENCODING", "a"),
            ("OBJECT", "ENCODING", "b"),
            ("OBJECT", "ENCODING", "c"),
            ("OBJECT", "ENCODING", "d"),
        ],
    ),
    Case(
        "OBJECT ENCODING of strings that only look like integers",
        [
            ("SET", "a", "9223372036854775808"),
            ("SET", "b", "-0"),
            ("SET", "c", "01"),
            ("SET", "d", "+1"),
            ("SET", "e", " 1"),
            ("SET", "f", "1.0"),
            ("OBJECT", "ENCODING", "a"),
            ("OBJECT", "ENCODING", "b"),
            ("OBJECT", "ENCODING", "c"),
            ("OBJECT", "ENCODING", "d"),
            ("OBJECT", "ENCODING", "e"),
            ("OBJECT", "ENCODING", "f"),
        ],
    ),
    Case(
        "OBJECT ENCODING embstr up to 44 bytes, raw beyond",
        [
            ("SET", "a", ""),
            ("SET", "b", "x" * 44),
            ("SET", "c", "x" * 45),
            ("OBJECT", "ENCODING", "a"),
            ("OBJECT", "ENCODING", "b"),
            ("OBJECT", "ENCODING", "c"),
        ],
    ),
    Case(
        "OBJECT ENCODING of values written by counters",
        [
            ("INCR", "a"),
            ("INCRBY", "b", "100000"),
            ("OBJECT", "ENCODING", "a"),
            ("OBJECT", "ENCODING", "b"),
        ],
    ),
    Case(
        "OBJECT ENCODING of small and large hashes",
        [
            ("HSET", "small", "f", "v"),
            ("HSET", "big", "f", "x" * 65),
            ("OBJECT", "ENCODING", "small"),
            ("OBJECT", "ENCODING", "big"),
        ],
    ),
    Case(
        "OBJECT ENCODING of a hash past hash-max-listpack-entries stays hashtable",
        [
            ("HSET", "h", "a", "1", "b", "2"),
            ("OBJECT", "ENCODING", "h"),
            ("HSET", "h", "c", "3"),
            ("OBJECT", "ENCODING", "h"),
            ("HDEL", "h", "c", "b"),
            ("OBJECT", "ENCODING", "h"),
        ],
        config={"hash-max-listpack-entries": "2"},
    ),
    Case(
        "OBJECT REFCOUNT of shared small integers and other values",
        [
            ("SET", "a", "0"),
            ("SET", "b", "9999"),
            ("SET", "c", "10000"),
            ("SET", "d", "-1"),
            ("SET", "e", "abc"),
            ("HSET", "h", "f", "v"),
            ("OBJECT", "REFCOUNT", "a"),
            ("OBJECT", "REFCOUNT", "b"),
            ("OBJECT", "REFCOUNT", "c"),
            ("OBJECT", "REFCOUNT", "d"),
            ("OBJECT", "REFCOUNT", "e"),
            ("OBJECT", "REFCOUNT", "h"),
        ],
    ),
    Case(
        "OBJECT REFCOUNT: no shared integers with maxmemory and an LRU policy",
        [("SET", "a", "5"), ("OBJECT", "REFCOUNT", "a"), ("OBJECT", "ENCODING", "a")],
        config={"maxmemory": "100mb", "maxmemory-policy": "allkeys-lru"},
    ),
    Case(
        "OBJECT IDLETIME of a key just written is 0 (give or take the LRU clock's tick)",
        [
            ("SET", "a", "1"),
            step("OBJECT", "IDLETIME", "a", approx=1),
            ("GET", "a"),
            step("OBJECT", "IDLETIME", "a", approx=1),
        ],
    ),
    Case(
        "OBJECT FREQ without an LFU policy is an error",
        [("SET", "a", "1"), ("OBJECT", "FREQ", "a")],
    ),
    Case(
        "OBJECT FREQ of a new key under an LFU policy",
        [("SET", "a", "x"), ("OBJECT", "FREQ", "a"), ("GET", "a"), ("OBJECT", "FREQ", "a")],
        config=_LFU,
    ),
    Case(
        "OBJECT FREQ counts every access with lfu-log-factor 0",
        [
            ("SET", "a", "x"),
            ("GET", "a"),
            ("GET", "a"),
            ("EXISTS", "a"),
            ("TYPE", "a"),
            ("TTL", "a"),
            ("OBJECT", "FREQ", "a"),
            ("TOUCH", "a"),
            ("OBJECT", "FREQ", "a"),
        ],
        config=_LFU_EXACT,
    ),
    Case(
        "OBJECT FREQ of a copy starts afresh",
        [
            ("SET", "a", "x"),
            ("GET", "a"),
            ("GET", "a"),
            ("COPY", "a", "b"),
            ("OBJECT", "FREQ", "b"),
        ],
        config=_LFU_EXACT,
    ),
    Case(
        "OBJECT FREQ restarts after RENAME and MOVE",
        [
            ("SET", "a", "x"),
            ("GET", "a"),
            ("GET", "a"),
            ("RENAME", "a", "b"),
            ("OBJECT", "FREQ", "b"),
            ("GET", "b"),
            ("MOVE", "b", "1"),
            ("SELECT", "1"),
            ("OBJECT", "FREQ", "b"),
        ],
        config=_LFU_EXACT,
        min_version=_72,
    ),
    Case(
        "OBJECT IDLETIME under an LFU policy is an error",
        [("SET", "a", "x"), ("OBJECT", "IDLETIME", "a"), ("OBJECT", "IDLETIME", "nosuch")],
        config=_LFU,
    ),
    # -- COMMAND INFO ------------------------------------------------------------------------
    Case(
        "COMMAND INFO of the generic key commands",
        [
            (
                "COMMAND",
                "INFO",
                "del",
                "unlink",
                "exists",
                "touch",
                "type",
                "keys",
                "dbsize",
                "flushdb",
                "flushall",
                "expire",
                "pexpire",
                "expireat",
                "pexpireat",
                "ttl",
                "pttl",
                "expiretime",
                "pexpiretime",
                "persist",
                "rename",
                "renamenx",
                "copy",
                "move",
                "swapdb",
            ),  # fmt: skip
        ],
    ),
    Case(
        "COMMAND INFO of OBJECT subcommands",
        [
            (
                "COMMAND",
                "INFO",
                "object|help",
                "object|encoding",
                "object|refcount",
                "object|idletime",
                "object|freq",
            ),  # fmt: skip
        ],
    ),
    Case(
        "COMMAND INFO of SCAN, RANDOMKEY and WAIT",
        [("COMMAND", "INFO", "scan", "randomkey", "wait")],
        min_version=_72,
    ),
    # -- WAIT --------------------------------------------------------------------------------
    Case("WAIT without replicas answers 0", [("WAIT", "0", "0"), ("WAIT", "-1", "0")]),
    Case("WAIT for a replica with a short timeout answers 0", [("WAIT", "1", "10")]),
    Case(
        "WAIT argument errors",
        [
            ("WAIT", "abc", "0"),
            ("WAIT", "0", "abc"),
            ("WAIT", "0", "1.5"),
            ("WAIT", "0", "-1"),
            ("WAIT", "1.5", "-1"),
        ],
    ),
    Case(
        "WAIT with a timeout that overflows the clock",
        [("WAIT", "0", "9223372036854775807")],
        min_version=_72,
    ),
    Case("WAIT with one argument is an arity error", [("WAIT", "0")]),
    # -- expiry seen through other commands --------------------------------------------------
    Case(
        "A key deleted by EXPIRE in the past is gone for every command",
        [
            ("MSET", "a", "1", "b", "2"),
            ("PEXPIREAT", "a", "1"),
            ("GET", "a"),
            ("TTL", "a"),
            ("TYPE", "a"),
            _keys("*"),
            _scan("0"),
            ("RANDOMKEY",),
            ("DBSIZE",),
        ],
    ),
    Case(
        "OBJECT ENCODING raw after APPEND or SETRANGE changed a string",
        [
            ("SET", "a", "abc"),
            ("APPEND", "a", "d"),
            ("OBJECT", "ENCODING", "a"),
            ("SET", "b", "123"),
            ("APPEND", "b", "4"),
            ("OBJECT", "ENCODING", "b"),
            ("SET", "c", "hello"),
            ("SETRANGE", "c", "0", "j"),
            ("OBJECT", "ENCODING", "c"),
            ("SET", "c", "hello"),
            ("OBJECT", "ENCODING", "c"),
        ],
    ),
    Case(
        "OBJECT ENCODING keeps the encoding through RENAME, MOVE and COPY",
        [
            ("SET", "a", "123"),
            ("RENAME", "a", "b"),
            ("OBJECT", "ENCODING", "b"),
            ("SET", "c", "x" * 50),
            ("COPY", "c", "d"),
            ("OBJECT", "ENCODING", "d"),
            ("SET", "e", "abc"),
            ("APPEND", "e", "d"),
            ("COPY", "e", "f"),
            ("OBJECT", "ENCODING", "f"),
        ],
    ),
]
