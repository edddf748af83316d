"""Conformance cases for the string and counter commands.

Absolute expiry times in the future use 4102444800 (2100-01-01) and are read
back with EXPIRETIME / PEXPIRETIME, which do not tick; relative ones are read
with TTL (whole seconds, stable right after the write) or PTTL with a tolerance.
"""

from __future__ import annotations

from .case import Case, RawCase, step

LLONG_MAX = "9223372036854775807"
LLONG_MIN = "-9223372036854775808"
FUTURE_S = "4102444800"
FUTURE_MS = "4102444800123"
_SMALL_BULK = {"proto-max-bulk-len": "1mb"}

CASES: list[Case | RawCase] = [
    # -- GET / SET -----------------------------------------------------------------
    Case("set then get", [("SET", "k", "v"), ("GET", "k"), ("GET", "missing")]),
    Case(
        "set keeps binary values intact",
        [("SET", b"k\x00", b"a\x00b\r\nc\xff"), ("GET", b"k\x00"), ("STRLEN", b"k\x00")],
    ),
    Case("set an empty value", [("SET", "k", ""), ("GET", "k"), ("STRLEN", "k"), ("EXISTS", "k")]),
    Case(
        "set keeps numeric text as given",
        [("SET", "k", "00123"), ("GET", "k"), ("SET", "n", "-12"), ("GET", "n")],
    ),
    Case(
        "set replaces a hash",
        [("HSET", "h", "f", "v"), ("SET", "h", "x"), ("TYPE", "h"), ("GET", "h")],
    ),
    Case("get on a hash is wrongtype", [("HSET", "h", "f", "v"), ("GET", "h")]),
    Case(
        "set drops an existing ttl",
        [("SET", "k", "v", "EX", "100"), ("SET", "k", "w"), ("TTL", "k")],
    ),
    Case("set ex", [("SET", "k", "v", "EX", "100"), ("TTL", "k"), step("PTTL", "k", approx=100)]),
    Case(
        "set px", [("SET", "k", "v", "PX", "100000"), step("PTTL", "k", approx=100), ("TTL", "k")]
    ),
    Case(
        "set exat", [("SET", "k", "v", "EXAT", FUTURE_S), ("EXPIRETIME", "k"), ("PEXPIRETIME", "k")]
    ),
    Case(
        "set pxat",
        [("SET", "k", "v", "PXAT", FUTURE_MS), ("PEXPIRETIME", "k"), ("EXPIRETIME", "k")],
    ),
    Case(
        "set exat in the past replies ok and the key is gone",
        [("SET", "k", "v", "EXAT", "1"), ("EXISTS", "k"), ("GET", "k")],
    ),
    Case(
        "set pxat in the past replaces then expires",
        [("SET", "k", "old"), ("SET", "k", "new", "PXAT", "1"), ("GET", "k")],
    ),
    Case(
        "set pxat in the past with get returns the old value",
        [("SET", "k", "old"), ("SET", "k", "new", "PXAT", "1", "GET"), ("GET", "k")],
    ),
    Case("set nx", [("SET", "k", "v", "NX"), ("SET", "k", "w", "NX"), ("GET", "k")]),
    Case(
        "set xx",
        [
            ("SET", "k", "v", "XX"),
            ("EXISTS", "k"),
            ("SET", "k", "v"),
            ("SET", "k", "w", "XX"),
            ("GET", "k"),
        ],
    ),
    Case(
        "set nx treats a hash as existing",
        [("HSET", "h", "f", "v"), ("SET", "h", "x", "NX"), ("TYPE", "h")],
    ),
    Case(
        "set xx replaces a hash", [("HSET", "h", "f", "v"), ("SET", "h", "x", "XX"), ("TYPE", "h")]
    ),
    Case("set get on a missing key", [("SET", "k", "v", "GET"), ("GET", "k")]),
    Case(
        "set get returns the old value",
        [("SET", "k", "old"), ("SET", "k", "new", "GET"), ("GET", "k")],
    ),
    Case(
        "set get on a hash is wrongtype and changes nothing",
        [("HSET", "h", "f", "v"), ("SET", "h", "x", "GET"), ("TYPE", "h")],
    ),
    Case(
        "set nx get on a hash is wrongtype",
        [("HSET", "h", "f", "v"), ("SET", "h", "x", "NX", "GET"), ("SET", "h", "x", "GET", "XX")],
    ),
    Case(
        "set nx get on an existing key returns it unchanged",
        [("SET", "k", "old"), ("SET", "k", "new", "NX", "GET"), ("GET", "k")],
    ),
    Case("set nx get on a missing key sets it", [("SET", "k", "new", "GET", "NX"), ("GET", "k")]),
    Case(
        "set xx get on a missing key sets nothing",
        [("SET", "k", "new", "XX", "GET"), ("EXISTS", "k")],
    ),
    Case(
        "set xx get on an existing key",
        [("SET", "k", "old"), ("SET", "k", "new", "XX", "GET"), ("GET", "k")],
    ),
    Case(
        "set keepttl keeps the ttl",
        [("SET", "k", "v", "EX", "100"), ("SET", "k", "w", "KEEPTTL"), ("TTL", "k"), ("GET", "k")],
    ),
    Case(
        "set keepttl on a key without ttl",
        [("SET", "k", "v"), ("SET", "k", "w", "KEEPTTL"), ("TTL", "k")],
    ),
    Case(
        "set keepttl get xx",
        [
            ("SET", "k", "v", "PX", "100000"),
            ("SET", "k", "w", "KEEPTTL", "GET", "XX"),
            step("PTTL", "k", approx=100),
        ],
    ),
    Case(
        "set options are case-insensitive",
        [
            ("set", "k", "v", "ex", "100", "nx"),
            ("TTL", "k"),
            ("SET", "k", "w", "Xx", "kEePtTl", "gEt"),
            ("TTL", "k"),
        ],
    ),
    Case(
        "set ex with nx and get",
        [("SET", "k", "v", "NX", "EX", "100", "GET"), ("TTL", "k"), ("GET", "k")],
    ),
    Case(
        "set repeated ex: the last wins", [("SET", "k", "v", "EX", "10", "EX", "20"), ("TTL", "k")]
    ),
    Case(
        "set repeated pxat: the last wins",
        [("SET", "k", "v", "PXAT", "1", "PXAT", FUTURE_MS), ("PEXPIRETIME", "k")],
    ),
    Case(
        "set repeated nx and get are accepted",
        [("SET", "k", "v", "NX", "NX", "GET", "GET"), ("GET", "k")],
    ),
    Case(
        "set option names end at a NUL byte",
        [("SET", "k", "v", b"NX\x00junk"), ("SET", "k", "w", b"nx\x00"), ("GET", "k")],
    ),
    Case(
        "set nx with xx is a syntax error",
        [("SET", "k", "v", "NX", "XX"), ("SET", "k", "v", "XX", "NX"), ("EXISTS", "k")],
    ),
    Case(
        "set with two different expire options is a syntax error",
        [
            ("SET", "k", "v", "EX", "10", "PX", "100"),
            ("SET", "k", "v", "PX", "10", "EX", "100"),
            ("SET", "k", "v", "EX", "10", "EXAT", FUTURE_S),
            ("SET", "k", "v", "EXAT", FUTURE_S, "PXAT", FUTURE_MS),
            ("SET", "k", "v", "PXAT", FUTURE_MS, "PX", "10"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "set keepttl with an expire option is a syntax error",
        [
            ("SET", "k", "v", "KEEPTTL", "EX", "10"),
            ("SET", "k", "v", "EX", "10", "KEEPTTL"),
            ("SET", "k", "v", "PXAT", FUTURE_MS, "KEEPTTL"),
            ("SET", "k", "v", "KEEPTTL", "EXAT", FUTURE_S),
        ],
    ),
    Case(
        "set unknown options are syntax errors",
        [
            ("SET", "k", "v", "PERSIST"),
            ("SET", "k", "v", "NXX"),
            ("SET", "k", "v", "EXPIRE", "10"),
            ("SET", "k", "v", ""),
        ],
    ),
    Case(
        "set expire option without a value is a syntax error",
        [("SET", "k", "v", "EX"), ("SET", "k", "v", "NX", "PXAT"), ("EXISTS", "k")],
    ),
    Case(
        "set ex takes the next word as its value",
        [("SET", "k", "v", "EX", "NX"), ("SET", "k", "v", "PX", "GET")],
    ),
    Case(
        "set syntax error comes before an invalid expire",
        [("SET", "k", "v", "EX", "0", "BAD"), ("SET", "k", "v", "EX", "abc", "NX", "XX")],
    ),
    Case(
        "set invalid expire times",
        [
            ("SET", "k", "v", "EX", "0"),
            ("SET", "k", "v", "EX", "-1"),
            ("SET", "k", "v", "PX", "0"),
            ("SET", "k", "v", "PX", "-100"),
            ("SET", "k", "v", "EXAT", "0"),
            ("SET", "k", "v", "PXAT", "-5"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "set expire values must be integers",
        [
            ("SET", "k", "v", "EX", "1.5"),
            ("SET", "k", "v", "EX", " 1"),
            ("SET", "k", "v", "EX", "+1"),
            ("SET", "k", "v", "PX", "010"),
            ("SET", "k", "v", "EXAT", ""),
            ("SET", "k", "v", "PX", "9223372036854775808"),
        ],
    ),
    Case(
        "set ex overflow",
        [
            ("SET", "k", "v", "EX", "9223372036854776"),
            ("SET", "k", "v", "EX", "9223372036854775"),
            ("SET", "k", "v", "PX", LLONG_MAX),
            ("SET", "k", "v", "EXAT", "9223372036854776"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "set exat at the largest second",
        [("SET", "k", "v", "EXAT", "9223372036854775"), ("EXPIRETIME", "k"), ("PEXPIRETIME", "k")],
    ),
    Case("set pxat at LLONG_MAX", [("SET", "k", "v", "PXAT", LLONG_MAX), ("PEXPIRETIME", "k")]),
    Case(
        "set invalid expire comes before wrongtype",
        [("HSET", "h", "f", "v"), ("SET", "h", "x", "EX", "0", "GET"), ("TYPE", "h")],
    ),
    Case(
        "set failing on its options leaves the value",
        [("SET", "k", "v"), ("SET", "k", "w", "EX", "0"), ("SET", "k", "w", "BAD"), ("GET", "k")],
    ),
    Case("set and get arity", [("SET", "k"), ("GET",), ("GET", "a", "b"), ("SET",)]),
    # -- SETNX / SETEX / PSETEX / GETSET / GETDEL ----------------------------------
    Case("setnx", [("SETNX", "k", "v"), ("SETNX", "k", "w"), ("GET", "k")]),
    Case(
        "setnx on a hash returns 0", [("HSET", "h", "f", "v"), ("SETNX", "h", "w"), ("TYPE", "h")]
    ),
    Case("setnx arity", [("SETNX", "k"), ("SETNX", "k", "v", "NX")]),
    Case("setex", [("SETEX", "k", "100", "v"), ("GET", "k"), ("TTL", "k")]),
    Case(
        "setex replaces a hash",
        [("HSET", "h", "f", "v"), ("SETEX", "h", "100", "v"), ("TYPE", "h")],
    ),
    Case(
        "setex invalid expire times",
        [
            ("SETEX", "k", "0", "v"),
            ("SETEX", "k", "-1", "v"),
            ("SETEX", "k", "abc", "v"),
            ("SETEX", "k", "9223372036854775", "v"),
            ("SETEX", "k", "9223372036854776", "v"),
            ("EXISTS", "k"),
        ],
    ),
    Case("psetex", [("PSETEX", "k", "100000", "v"), ("GET", "k"), step("PTTL", "k", approx=100)]),
    Case(
        "psetex invalid expire times",
        [
            ("PSETEX", "k", "0", "v"),
            ("PSETEX", "k", "-1", "v"),
            ("PSETEX", "k", "1.5", "v"),
            ("PSETEX", "k", LLONG_MAX, "v"),
        ],
    ),
    Case("getset", [("GETSET", "k", "a"), ("GETSET", "k", "b"), ("GET", "k")]),
    Case(
        "getset drops the ttl", [("SET", "k", "v", "EX", "100"), ("GETSET", "k", "w"), ("TTL", "k")]
    ),
    Case(
        "getset on a hash is wrongtype",
        [("HSET", "h", "f", "v"), ("GETSET", "h", "x"), ("TYPE", "h")],
    ),
    Case("getdel", [("SET", "k", "v"), ("GETDEL", "k"), ("EXISTS", "k"), ("GETDEL", "k")]),
    Case(
        "getdel on a hash is wrongtype", [("HSET", "h", "f", "v"), ("GETDEL", "h"), ("TYPE", "h")]
    ),
    # -- GETEX ----------------------------------------------------------------------
    Case(
        "getex without options is get",
        [("SET", "k", "v", "EX", "100"), ("GETEX", "k"), ("TTL", "k"), ("GETEX", "missing")],
    ),
    Case("getex ex", [("SET", "k", "v"), ("GETEX", "k", "EX", "100"), ("TTL", "k")]),
    Case(
        "getex px",
        [("SET", "k", "v"), ("GETEX", "k", "PX", "100000"), step("PTTL", "k", approx=100)],
    ),
    Case("getex exat", [("SET", "k", "v"), ("GETEX", "k", "EXAT", FUTURE_S), ("EXPIRETIME", "k")]),
    Case(
        "getex pxat", [("SET", "k", "v"), ("GETEX", "k", "pxat", FUTURE_MS), ("PEXPIRETIME", "k")]
    ),
    Case(
        "getex exat in the past returns the value and deletes the key",
        [("SET", "k", "v"), ("GETEX", "k", "EXAT", "1"), ("EXISTS", "k")],
    ),
    Case("getex pxat in the past", [("SET", "k", "v"), ("GETEX", "k", "PXAT", "1"), ("GET", "k")]),
    Case(
        "getex persist",
        [
            ("SET", "k", "v", "EX", "100"),
            ("GETEX", "k", "PERSIST"),
            ("TTL", "k"),
            ("GETEX", "k", "persist", "PERSIST"),
            ("TTL", "k"),
        ],
    ),
    Case(
        "getex repeated ex: the last wins",
        [("SET", "k", "v"), ("GETEX", "k", "EX", "5", "EX", "60"), ("TTL", "k")],
    ),
    Case(
        "getex on a hash is wrongtype",
        [("HSET", "h", "f", "v"), ("GETEX", "h"), ("GETEX", "h", "PERSIST")],
    ),
    Case(
        "getex syntax errors",
        [
            ("SET", "k", "v"),
            ("GETEX", "k", "PERSIST", "EX", "5"),
            ("GETEX", "k", "EX", "5", "PERSIST"),
            ("GETEX", "k", "EX", "5", "PX", "5"),
            ("GETEX", "k", "KEEPTTL"),
            ("GETEX", "k", "NX"),
            ("GETEX", "k", "XX"),
            ("GETEX", "k", "GET"),
            ("GETEX", "k", "EX"),
            ("GETEX", "k", "BAD"),
            ("TTL", "k"),
        ],
    ),
    Case(
        "getex invalid expire times",
        [
            ("SET", "k", "v"),
            ("GETEX", "k", "EX", "0"),
            ("GETEX", "k", "PX", "-1"),
            ("GETEX", "k", "EXAT", "0"),
            ("GETEX", "k", "EX", "abc"),
            ("GETEX", "k", "EX", "9223372036854775"),
            ("GETEX", "k", "PX", LLONG_MAX),
            ("TTL", "k"),
        ],
    ),
    Case(
        "getex exat at the largest second",
        [("SET", "k", "v"), ("GETEX", "k", "EXAT", "9223372036854775"), ("EXPIRETIME", "k")],
    ),
    Case(
        "getex checks the key before the expire value",
        [
            ("GETEX", "missing", "EX", "-5"),
            ("GETEX", "missing", "EX", "abc"),
            ("HSET", "h", "f", "v"),
            ("GETEX", "h", "EX", "0"),
        ],
    ),
    Case(
        "getex syntax errors come before the key",
        [("GETEX", "missing", "BAD"), ("GETEX", "missing", "EX")],
    ),
    Case("getex arity", [("GETEX",)]),
    # -- MGET / MSET / MSETNX -----------------------------------------------------------
    Case(
        "mget",
        [
            ("SET", "a", "1"),
            ("SET", "b", "2"),
            ("HSET", "h", "f", "v"),
            ("MGET", "a", "missing", "h", "b", "a"),
        ],
    ),
    Case("mget arity", [("MGET",)]),
    Case("mset", [("MSET", "a", "1", "b", "2"), ("MGET", "a", "b")]),
    Case(
        "mset with a repeated key: the last wins",
        [("MSET", "a", "1", "b", "2", "a", "3"), ("GET", "a")],
    ),
    Case(
        "mset replaces hashes and drops ttls",
        [
            ("HSET", "h", "f", "v"),
            ("SET", "t", "v", "EX", "100"),
            ("MSET", "h", "x", "t", "y"),
            ("TYPE", "h"),
            ("TTL", "t"),
        ],
    ),
    Case(
        "mset with a missing value is an arity error",
        [("MSET", "a"), ("MSET", "a", "1", "b"), ("MSET",), ("EXISTS", "a")],
    ),
    Case("msetnx", [("MSETNX", "a", "1", "b", "2"), ("MGET", "a", "b")]),
    Case(
        "msetnx sets nothing when one key exists",
        [("SET", "b", "old"), ("MSETNX", "a", "1", "b", "2"), ("MGET", "a", "b")],
    ),
    Case(
        "msetnx counts a hash as existing",
        [("HSET", "h", "f", "v"), ("MSETNX", "a", "1", "h", "2"), ("EXISTS", "a")],
    ),
    Case("msetnx with a repeated new key", [("MSETNX", "a", "1", "a", "2"), ("GET", "a")]),
    Case(
        "msetnx with a missing value is an arity error",
        [("MSETNX", "a"), ("MSETNX", "a", "1", "b")],
    ),
    # -- APPEND / STRLEN -----------------------------------------------------------------
    Case("append creates the key", [("APPEND", "k", "abc"), ("GET", "k")]),
    Case(
        "append an empty string creates an empty key",
        [("APPEND", "k", ""), ("EXISTS", "k"), ("STRLEN", "k")],
    ),
    Case(
        "append to an existing string",
        [("SET", "k", "ab"), ("APPEND", "k", "cd"), ("APPEND", "k", ""), ("GET", "k")],
    ),
    Case(
        "append to a counter",
        [("INCRBY", "k", "42"), ("APPEND", "k", "7"), ("GET", "k"), ("INCR", "k")],
    ),
    Case(
        "append keeps the ttl", [("SET", "k", "v", "EX", "100"), ("APPEND", "k", "w"), ("TTL", "k")]
    ),
    Case("append binary", [("APPEND", "k", b"\x00\xff"), ("APPEND", "k", b"\r\n"), ("GET", "k")]),
    Case("append on a hash is wrongtype", [("HSET", "h", "f", "v"), ("APPEND", "h", "x")]),
    Case(
        "append beyond proto-max-bulk-len",
        [
            ("SETRANGE", "k", "1048570", "x"),
            ("APPEND", "k", "12345"),
            ("APPEND", "k", "6"),
            ("STRLEN", "k"),
        ],
        config=_SMALL_BULK,
    ),
    Case(
        "strlen",
        [
            ("SET", "k", "hello"),
            ("STRLEN", "k"),
            ("STRLEN", "missing"),
            ("SET", "n", "-123"),
            ("STRLEN", "n"),
        ],
    ),
    Case("strlen on a hash is wrongtype", [("HSET", "h", "f", "v"), ("STRLEN", "h")]),
    # -- INCR / DECR / INCRBY / DECRBY -------------------------------------------------------
    Case(
        "incr and decr",
        [("INCR", "k"), ("INCR", "k"), ("DECR", "k"), ("DECR", "n"), ("GET", "k"), ("GET", "n")],
    ),
    Case(
        "incrby and decrby",
        [
            ("INCRBY", "k", "10"),
            ("INCRBY", "k", "-3"),
            ("DECRBY", "k", "20"),
            ("DECRBY", "k", "-2"),
            ("INCRBY", "k", "0"),
            ("GET", "k"),
        ],
    ),
    Case(
        "incr on a set integer",
        [("SET", "k", "41"), ("INCR", "k"), ("SET", "n", "-1"), ("INCR", "n"), ("GET", "n")],
    ),
    Case(
        "incr keeps the ttl",
        [("SET", "k", "1", "EX", "100"), ("INCR", "k"), ("INCRBY", "k", "5"), ("TTL", "k")],
    ),
    Case(
        "incr on values that are not integers",
        [
            ("SET", "a", "abc"),
            ("INCR", "a"),
            ("SET", "b", " 1"),
            ("INCR", "b"),
            ("SET", "c", "1 "),
            ("INCR", "c"),
            ("SET", "d", "01"),
            ("INCR", "d"),
            ("SET", "e", "-0"),
            ("INCR", "e"),
            ("SET", "f", "1.0"),
            ("INCR", "f"),
            ("SET", "g", ""),
            ("INCR", "g"),
            ("SET", "h", "+1"),
            ("DECR", "h"),
            ("SET", "i", "9223372036854775808"),
            ("INCRBY", "i", "-1"),
            ("GET", "a"),
        ],
    ),
    Case(
        "incrby increments that are not integers",
        [
            ("INCRBY", "k", "+1"),
            ("INCRBY", "k", "01"),
            ("INCRBY", "k", "-0"),
            ("INCRBY", "k", " 1"),
            ("INCRBY", "k", "1.5"),
            ("INCRBY", "k", ""),
            ("INCRBY", "k", "9223372036854775808"),
            ("DECRBY", "k", "1e3"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "incr on a hash is wrongtype",
        [
            ("HSET", "h", "f", "v"),
            ("INCR", "h"),
            ("DECR", "h"),
            ("INCRBY", "h", "1"),
            ("DECRBY", "h", "1"),
        ],
    ),
    Case(
        "incrby checks the increment before the key type",
        [("HSET", "h", "f", "v"), ("INCRBY", "h", "x"), ("DECRBY", "h", "1.5")],
    ),
    Case(
        "incr overflow",
        [
            ("SET", "k", LLONG_MAX),
            ("INCR", "k"),
            ("INCRBY", "k", "1"),
            ("INCRBY", "k", "0"),
            ("DECRBY", "k", "-1"),
            ("GET", "k"),
        ],
    ),
    Case(
        "decr overflow",
        [
            ("SET", "k", LLONG_MIN),
            ("DECR", "k"),
            ("INCRBY", "k", "-1"),
            ("DECRBY", "k", "1"),
            ("INCRBY", "k", LLONG_MAX),
            ("GET", "k"),
        ],
    ),
    Case(
        "incrby to the limits",
        [
            ("INCRBY", "a", LLONG_MAX),
            ("INCRBY", "b", LLONG_MIN),
            ("DECRBY", "c", LLONG_MAX),
            ("DECR", "c"),
            ("DECR", "c"),
        ],
    ),
    Case(
        "decrby LLONG_MIN would overflow",
        [
            ("DECRBY", "k", LLONG_MIN),
            ("EXISTS", "k"),
            ("HSET", "h", "f", "v"),
            ("DECRBY", "h", LLONG_MIN),
        ],
    ),
    Case("incr arity", [("INCR",), ("INCR", "a", "b"), ("INCRBY", "a"), ("DECRBY", "a", "1", "2")]),
    # -- INCRBYFLOAT -------------------------------------------------------------------------
    Case(
        "incrbyfloat basics",
        [
            ("INCRBYFLOAT", "k", "10.5"),
            ("INCRBYFLOAT", "k", "0.1"),
            ("GET", "k"),
            ("INCRBYFLOAT", "k", "-5"),
        ],
    ),
    Case(
        "incrbyfloat exact decimal results",
        [
            ("INCRBYFLOAT", "k", "0.1"),
            ("INCRBYFLOAT", "k", "0.2"),
            ("SET", "j", "1.1"),
            ("INCRBYFLOAT", "j", "2.2"),
        ],
    ),
    Case(
        "incrbyfloat exponent notation",
        [
            ("INCRBYFLOAT", "k", "3.0e3"),
            ("SET", "j", "5.0e3"),
            ("INCRBYFLOAT", "j", "1"),
            ("INCRBYFLOAT", "k", "1E+2"),
            ("INCRBYFLOAT", "k", "-2.5e-1"),
        ],
    ),
    Case(
        "incrbyfloat on an integer",
        [
            ("SET", "k", "17"),
            ("INCRBYFLOAT", "k", "1"),
            ("INCRBYFLOAT", "k", "0.25"),
            ("INCR", "k"),
        ],
    ),
    Case(
        "incrbyfloat zero results print as 0",
        [
            ("INCRBYFLOAT", "k", "3"),
            ("INCRBYFLOAT", "k", "-3.0"),
            ("SET", "z", "-0"),
            ("INCRBYFLOAT", "z", "-0"),
            ("INCRBYFLOAT", "t", "-1e-30"),
        ],
    ),
    Case(
        "incrbyfloat sign and point forms",
        [
            ("INCRBYFLOAT", "a", "+.5"),
            ("INCRBYFLOAT", "b", "-.5e1"),
            ("INCRBYFLOAT", "c", "5."),
            ("INCRBYFLOAT", "d", "00012.50"),
        ],
    ),
    Case(
        "incrbyfloat hex floats",
        [
            ("INCRBYFLOAT", "k", "0x1p3"),
            ("INCRBYFLOAT", "k", "0X.8"),
            ("INCRBYFLOAT", "k", "-0x1.8p1"),
        ],
    ),
    Case(
        "incrbyfloat 17 decimals",
        [
            ("INCRBYFLOAT", "k", "1e-17"),
            ("INCRBYFLOAT", "j", "5e-18"),
            ("INCRBYFLOAT", "i", "-6e-18"),
            ("INCRBYFLOAT", "h", "0.000003814697265625"),
        ],
    ),
    Case(
        "incrbyfloat beyond 64-bit precision",
        [
            ("SET", "k", "1e17"),
            ("INCRBYFLOAT", "k", "0.1"),
            ("SET", "j", "123456789012345678"),
            ("INCRBYFLOAT", "j", "0.3"),
        ],
    ),
    Case(
        "incrbyfloat big values",
        [
            ("INCRBYFLOAT", "k", "1e308"),
            ("INCRBYFLOAT", "k", "1e308"),
            ("STRLEN", "k"),
            ("INCRBYFLOAT", "j", "1.5e400"),
        ],
    ),
    Case(
        "incrbyfloat at the long double limits",
        [
            ("INCRBYFLOAT", "k", "1.18973149535723176502e+4932"),
            ("INCRBYFLOAT", "k", "1e4932"),
            ("INCRBYFLOAT", "j", "1.19e4932"),
            ("INCRBYFLOAT", "i", "1e-4940"),
            ("INCRBYFLOAT", "h", "1e-5000"),
        ],
    ),
    Case(
        "incrbyfloat infinity",
        [
            ("INCRBYFLOAT", "k", "inf"),
            ("INCRBYFLOAT", "k", "-Infinity"),
            ("SET", "j", "inf"),
            ("INCRBYFLOAT", "j", "1"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "incrbyfloat increments that are not valid floats",
        [
            ("INCRBYFLOAT", "k", "nan"),
            ("INCRBYFLOAT", "k", "abc"),
            ("INCRBYFLOAT", "k", " 1"),
            ("INCRBYFLOAT", "k", "1 "),
            ("INCRBYFLOAT", "k", "1e"),
            ("INCRBYFLOAT", "k", ""),
            ("INCRBYFLOAT", "k", "0x"),
            ("INCRBYFLOAT", "k", "1,5"),
            ("INCRBYFLOAT", "k", b"1\x00"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "incrbyfloat on a value that is not a float",
        [
            ("SET", "k", "abc"),
            ("INCRBYFLOAT", "k", "1"),
            ("SET", "j", "1.5 "),
            ("INCRBYFLOAT", "j", "1"),
            ("GET", "k"),
        ],
    ),
    Case(
        "incrbyfloat on a hash is wrongtype",
        [("HSET", "h", "f", "v"), ("INCRBYFLOAT", "h", "1"), ("INCRBYFLOAT", "h", "nan")],
    ),
    Case(
        "incrbyfloat keeps the ttl",
        [("SET", "k", "1.5", "EX", "100"), ("INCRBYFLOAT", "k", "1"), ("TTL", "k")],
    ),
    Case("incrbyfloat arity", [("INCRBYFLOAT", "k"), ("INCRBYFLOAT", "k", "1", "2")]),
    # -- GETRANGE / SUBSTR -------------------------------------------------------------------
    Case(
        "getrange",
        [
            ("SET", "k", "Hello World"),
            ("GETRANGE", "k", "0", "4"),
            ("GETRANGE", "k", "-5", "-1"),
            ("GETRANGE", "k", "0", "-1"),
            ("GETRANGE", "k", "6", "100"),
            ("GETRANGE", "k", "5", "3"),
            ("GETRANGE", "k", "-100", "2"),
            ("GETRANGE", "k", "0", "-100"),
            ("GETRANGE", "k", "-1", "-5"),
            ("GETRANGE", "k", "100", "200"),
            ("GETRANGE", "k", LLONG_MIN, LLONG_MAX),
        ],
    ),
    Case("getrange on a missing key is empty", [("GETRANGE", "missing", "0", "-1")]),
    Case(
        "getrange on an empty string",
        [("SET", "k", ""), ("GETRANGE", "k", "0", "-1"), ("GETRANGE", "k", "-1", "0")],
    ),
    Case("getrange on an integer", [("SET", "k", "12345"), ("GETRANGE", "k", "1", "-2")]),
    Case(
        "getrange index errors come before the key",
        [
            ("HSET", "h", "f", "v"),
            ("GETRANGE", "h", "a", "1"),
            ("GETRANGE", "h", "0", "1.5"),
            ("GETRANGE", "h", "0", "1"),
        ],
    ),
    Case(
        "substr",
        [
            ("SET", "k", "Hello"),
            ("SUBSTR", "k", "1", "3"),
            ("SUBSTR", "k", "-3", "-1"),
            ("SUBSTR", "missing", "0", "1"),
            ("SUBSTR", "k", "x", "1"),
        ],
    ),
    # -- SETRANGE ---------------------------------------------------------------------------
    Case(
        "setrange overwrites in place",
        [
            ("SET", "k", "Hello World"),
            ("SETRANGE", "k", "6", "Redis"),
            ("GET", "k"),
            ("SETRANGE", "k", "0", "J"),
            ("GET", "k"),
        ],
    ),
    Case(
        "setrange pads with zero bytes",
        [
            ("SET", "k", "ab"),
            ("SETRANGE", "k", "5", "x"),
            ("GET", "k"),
            ("SETRANGE", "new", "3", "yz"),
            ("GET", "new"),
        ],
    ),
    Case(
        "setrange across the end",
        [("SET", "k", "abc"), ("SETRANGE", "k", "2", "XYZ"), ("GET", "k")],
    ),
    Case(
        "setrange with an empty value",
        [
            ("SETRANGE", "missing", "5", ""),
            ("EXISTS", "missing"),
            ("SET", "k", "abc"),
            ("SETRANGE", "k", "10", ""),
            ("GET", "k"),
        ],
    ),
    Case(
        "setrange keeps the ttl",
        [("SET", "k", "abc", "EX", "100"), ("SETRANGE", "k", "1", "X"), ("TTL", "k")],
    ),
    Case(
        "setrange on an integer", [("SET", "k", "12345"), ("SETRANGE", "k", "1", "x"), ("GET", "k")]
    ),
    Case(
        "setrange offset errors",
        [
            ("SETRANGE", "k", "-1", "x"),
            ("SETRANGE", "k", "abc", "x"),
            ("SETRANGE", "k", "1.5", "x"),
            ("SETRANGE", "k", "9223372036854775808", "x"),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "setrange on a hash",
        [
            ("HSET", "h", "f", "v"),
            ("SETRANGE", "h", "0", "x"),
            ("SETRANGE", "h", "0", ""),
            ("SETRANGE", "h", "-1", "x"),
            ("SETRANGE", "h", "x", ""),
        ],
    ),
    Case(
        "setrange beyond the maximum string size",
        [
            ("SETRANGE", "k", "536870912", "x"),
            ("SETRANGE", "k", "536870911", "xy"),
            ("SETRANGE", "k", LLONG_MAX, "x"),
            ("SET", "j", "abc"),
            ("SETRANGE", "j", "536870912", "x"),
            ("SETRANGE", "j", "536870912", ""),
            ("EXISTS", "k"),
        ],
    ),
    Case(
        "setrange up to proto-max-bulk-len",
        [
            ("SETRANGE", "k", "1048575", "x"),
            ("STRLEN", "k"),
            ("SETRANGE", "k", "1048576", "x"),
            ("SETRANGE", "k", "1048575", "yz"),
            ("GETRANGE", "k", "-1", "-1"),
        ],
        config=_SMALL_BULK,
    ),
    Case("setrange arity", [("SETRANGE", "k", "0"), ("SETRANGE", "k", "0", "a", "b")]),
    # -- transactions and protocol ---------------------------------------------------------------
    Case(
        "string commands inside multi",
        [
            ("MULTI",),
            ("SET", "k", "1"),
            ("INCR", "k"),
            ("APPEND", "k", "0"),
            ("GETSET", "k", "x"),
            ("INCR", "k"),
            ("EXEC",),
            ("GET", "k"),
        ],
    ),
    RawCase("inline set and get", b'SET k "a b"\r\nGET k\r\nINCRBYFLOAT n 1.5\r\n'),
]
