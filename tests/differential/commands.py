"""What the differential suite sends: operations and the hypothesis strategies that draw them.

A sequence is a list of operations:

* :class:`Cmd`: one command on connection ``a`` (the main one) or ``b`` (a
  second client that writes between WATCH and EXEC), with how to compare its
  reply (``exact`` bytes, ``sorted`` / ``pairs`` for unordered replies,
  ``ttl_s`` / ``ttl_ms`` / ``at_s`` / ``at_ms`` for time readings that the real
  server's flowing clock makes approximate);
* :class:`Scan`: a full SCAN (or HSCAN) iteration, compared as the set of what
  it returned;
* :class:`ClockMove`: time passes (see the harness for how both servers see it).

Absolute times are :class:`Abs` placeholders, "``delta_ms`` from now", which
each server's backend renders against its own idea of now.

Keys, fields and values come from small pools so that commands collide: the
same key is a string in one step, a hash in the next, expired in the third.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar, Union

from hypothesis import strategies as st

#: the smallest distance, in ms, between "now" and any generated expiry, and
#: between any two expiries that a GT/LT comparison could see; the real server's
#: clock moves on while a sequence runs, so closer times would be a coin toss
MARGIN_MS = 20_000

LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)

KEYS = [b"a", b"b", b"c", b"n", b"k:\xff\x00", b""]
FIELDS = [b"f", b"g", b"h", b"", b"\x00\xff", b"F" * 65]
#: database indexes: three in use, the last valid one, and invalid ones
DBS = [b"0", b"1", b"2", b"15"]
BAD_DBS = [b"16", b"-1", b"x", b"", b"1.5", b"99999999999999999999"]
PATTERNS = [
    b"*", b"a*", b"?", b"[ab]", b"[^a]*", b"k:*", b"*\xff*", b"", b"\\*", b"n", b"bulk:1*",
    b"f:?", b"*:*",
]  # fmt: skip

NUMBER_TEXTS = [
    b"0", b"1", b"-1", b"10", b"-10", b"+1", b"007", b" 1", b"1 ", b"", b"1.5", b"-0",
    b"9223372036854775807", b"9223372036854775806", b"-9223372036854775808",
    b"-9223372036854775807", b"9223372036854775808", b"-9223372036854775809",
    b"18446744073709551616", b"abc", b"1e3", b"0x10", b"\x00", b"12345678901234567890",
]  # fmt: skip
FLOAT_TEXTS = [
    b"0.1", b"-0.1", b"1.5", b"3", b"-3", b"1e3", b"1E-3", b"5.0e3", b"1e308", b"-1e308",
    b"1e400", b"1e-400", b"inf", b"-inf", b"+inf", b"nan", b"infinity", b"0x1p3", b"0x10",
    b".5", b"5.", b"-.5", b"1.7976931348623157e308", b"4.9e-324", b"0.0", b"-0.0", b" 1",
    b"1 ", b"", b"1,5", b"1e", b"12345678901234567890.123", b"0.1234567890123456789",
]  # fmt: skip
VALUE_TEXTS = [
    b"", b"v", b"hello", b"abc", b"\x00\xff\r\n", b"x" * 70, b"\xe2\x82\xac", b"y" * 44,
    b"y" * 45, b"y" * 64, b"y" * 65, b"01", b"-0", b"1" * 19, b"1" * 20, b"1" * 21,
]  # fmt: skip

Arg = Union[bytes, int]


@dataclass(frozen=True)
class Abs:
    """An absolute unix time ``delta_ms`` after each server's "now", sent in s or ms."""

    delta_ms: int
    unit: str  # "s" | "ms"


AnyArg = Union[bytes, int, Abs]


@dataclass(frozen=True)
class TimeArg:
    """Where a command's expiry argument is and how to read it."""

    index: int
    unit: str  # "s" | "ms"
    absolute: bool


@dataclass(frozen=True)
class Cmd:
    args: tuple[AnyArg, ...]
    reply: str = "exact"
    #: the argument that sets an expiry, if any
    time: TimeArg | None = None
    #: GT/LT: the new expiry must stay MARGIN_MS away from every existing one
    nudge: bool = False
    conn: str = "a"


@dataclass(frozen=True)
class Scan:
    """Iterate SCAN (``key`` None) or HSCAN ``key`` from cursor 0 until it returns 0."""

    key: bytes | None = None
    match: bytes | None = None
    count: bytes | None = None
    type: bytes | None = None


@dataclass(frozen=True)
class ClockMove:
    seconds: int


Op = Union[Cmd, Scan, ClockMove]


@dataclass
class Sequence:
    resp: int
    ops: list[Op] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Building blocks

keys = st.sampled_from(KEYS)
fields = st.sampled_from(FIELDS)
dbs = st.one_of(st.sampled_from(DBS), st.sampled_from(DBS), st.sampled_from(BAD_DBS))


def _text_int(lo: int, hi: int) -> st.SearchStrategy[bytes]:
    return st.integers(lo, hi).map(lambda n: b"%d" % n)


values = st.one_of(
    st.sampled_from(VALUE_TEXTS),
    st.sampled_from(NUMBER_TEXTS),
    _text_int(-1000, 1000),
    st.binary(max_size=6),
)
numbers = st.one_of(
    st.sampled_from(NUMBER_TEXTS),
    _text_int(-100, 100),
    _text_int(LLONG_MIN, LLONG_MAX),
)
floats = st.one_of(
    st.sampled_from(FLOAT_TEXTS),
    st.sampled_from(NUMBER_TEXTS),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(lambda f: repr(f).encode()),
    st.decimals(places=3, min_value=-(10**6), max_value=10**6, allow_nan=False).map(
        lambda d: str(d).encode()
    ),
)
#: values for SET/HSET that are often numbers, so INCR and friends have work
stored = st.one_of(values, numbers, floats)


def _case(word: str) -> st.SearchStrategy[bytes]:
    """A keyword, mostly upper case, sometimes lower or mixed."""
    return st.sampled_from([word.upper(), word.lower(), word.capitalize()]).map(str.encode)


#: a relative time: far enough from now, zero/negative (delete or error), huge, or garbage
def _relative(unit: str) -> st.SearchStrategy[Arg]:
    scale = 1000 if unit == "s" else 1
    far = st.integers(MARGIN_MS // scale, 10**9 // scale)
    return st.one_of(
        far,
        far,
        st.sampled_from([0, -1, -100]),
        st.sampled_from(
            [LLONG_MAX, LLONG_MAX // 1000, LLONG_MAX // 1000 + 1, LLONG_MIN, LLONG_MIN // 1000]
        ),
        st.sampled_from([b"abc", b"1.5", b"", b" 10", b"10 ", b"9223372036854775808"]),
    )


def _absolute_literals(unit: str) -> list[Arg]:
    """Absolute times sent as they are: ancient ones, and (in seconds) ones that overflow.

    No valid far-future literal: a clock move shifts the real server's
    expiries back (see the harness), so a literal future time would mean
    different distances from now on the two servers.
    """
    if unit == "s":
        return [0, 1, -1, LLONG_MIN, LLONG_MAX, LLONG_MAX // 1000 + 1]
    return [0, 1, -1, LLONG_MIN]


#: an absolute time: the past or the future (MARGIN_MS away from now), an
#: ancient literal (0, 1, -1), an overflowing literal, or garbage
def _absolute(unit: str) -> st.SearchStrategy[AnyArg]:
    scale = 1000 if unit == "s" else 1
    past = st.integers(-(10**9) // scale, -MARGIN_MS // scale)
    future = st.integers(MARGIN_MS // scale, 10**9 // scale)
    return st.one_of(
        st.one_of(past, future).map(lambda n: Abs(n * scale, unit)),
        future.map(lambda n: Abs(n * scale, unit)),
        st.sampled_from(_absolute_literals(unit)),
        st.sampled_from([b"abc", b"", b"1.5"]),
    )


T = TypeVar("T")


def weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """One of ``choices``, picked with the given weights.

    (``st.one_of`` flattens nested one_ofs into one uniform choice among all
    their leaves, so a family with many leaves would crowd out the others.)
    """
    picks = [i for i, (w, _) in enumerate(choices) for _ in range(w)]
    return st.sampled_from(picks).flatmap(lambda i: choices[i][1])


def _cmd(*args: AnyArg, reply: str = "exact") -> Cmd:
    return Cmd(tuple(args), reply=reply)


# ---------------------------------------------------------------------------
# Strings and counters


@st.composite
def set_cmd(draw: st.DrawFn) -> Cmd:
    """SET with a random mix of options, valid or not, in any order."""
    args: list[AnyArg] = [draw(_case("set")), draw(keys), draw(stored)]
    time: TimeArg | None = None
    options = draw(
        st.lists(
            st.sampled_from(["EX", "PX", "EXAT", "PXAT", "NX", "XX", "KEEPTTL", "GET"]),
            max_size=3,
        )
    )
    for opt in options:
        args.append(draw(_case(opt)))
        if opt in ("EX", "PX"):
            unit = "s" if opt == "EX" else "ms"
            if draw(st.integers(0, 9)):
                time = TimeArg(len(args), unit, False)
                args.append(draw(_relative(unit)))
        elif opt in ("EXAT", "PXAT"):
            unit = "s" if opt == "EXAT" else "ms"
            if draw(st.integers(0, 9)):
                time = TimeArg(len(args), unit, True)
                args.append(draw(_absolute(unit)))
    return Cmd(tuple(args), time=time)


@st.composite
def getex_cmd(draw: st.DrawFn) -> Cmd:
    args: list[AnyArg] = [b"GETEX", draw(keys)]
    time: TimeArg | None = None
    for opt in draw(st.lists(st.sampled_from(["EX", "PX", "EXAT", "PXAT", "PERSIST"]), max_size=2)):
        args.append(draw(_case(opt)))
        if opt == "PERSIST":
            continue
        unit = "s" if opt in ("EX", "EXAT") else "ms"
        absolute = opt.endswith("AT")
        if draw(st.integers(0, 9)):
            time = TimeArg(len(args), unit, absolute)
            args.append(draw(_absolute(unit) if absolute else _relative(unit)))
    return Cmd(tuple(args), time=time)


@st.composite
def setex_cmd(draw: st.DrawFn) -> Cmd:
    name, unit = draw(st.sampled_from([(b"SETEX", "s"), (b"PSETEX", "ms")]))
    return Cmd(
        (name, draw(keys), draw(_relative(unit)), draw(stored)), time=TimeArg(2, unit, False)
    )


@st.composite
def mset_cmd(draw: st.DrawFn) -> Cmd:
    name = draw(st.sampled_from([b"MSET", b"MSETNX"]))
    pairs = draw(st.lists(st.tuples(keys, stored), min_size=1, max_size=4))
    args: list[AnyArg] = [name]
    for k, v in pairs:
        args += [k, v]
    if draw(st.integers(0, 14)) == 0:
        args.append(draw(keys))  # odd number of arguments
    return Cmd(tuple(args))


@st.composite
def counter_cmd(draw: st.DrawFn) -> Cmd:
    kind = draw(st.sampled_from(["INCR", "DECR", "INCRBY", "DECRBY", "INCRBYFLOAT"]))
    k = draw(keys)
    if kind in ("INCR", "DECR"):
        return _cmd(kind.encode(), k)
    if kind == "INCRBYFLOAT":
        return _cmd(b"INCRBYFLOAT", k, draw(floats))
    return _cmd(kind.encode(), k, draw(numbers))


@st.composite
def range_cmd(draw: st.DrawFn) -> Cmd:
    small = st.integers(-12, 12).map(lambda n: b"%d" % n)
    offsets = st.one_of(
        small, st.sampled_from([b"9223372036854775807", b"-9223372036854775808", b"x", b""])
    )
    if draw(st.booleans()):
        name = draw(st.sampled_from([b"GETRANGE", b"SUBSTR"]))
        return _cmd(name, draw(keys), draw(offsets), draw(offsets))
    # offsets far past 512 MB are refused without allocating; nothing in between
    offset = draw(
        st.one_of(
            st.integers(0, 20).map(lambda n: b"%d" % n),
            st.sampled_from([b"-1", b"536870912", b"536870913", b"1000000000000", b"x", b""]),
        )
    )
    return _cmd(b"SETRANGE", draw(keys), offset, draw(values))


@st.composite
def string_cmd(draw: st.DrawFn) -> Cmd:
    kind = draw(
        st.sampled_from(
            ["GET", "MGET", "SETNX", "GETDEL", "GETSET", "APPEND", "STRLEN", "GET", "APPEND"]
        )
    )
    k = draw(keys)
    if kind == "MGET":
        return _cmd(b"MGET", *draw(st.lists(keys, min_size=1, max_size=4)))
    if kind in ("SETNX", "GETSET", "APPEND"):
        return _cmd(kind.encode(), k, draw(stored))
    return _cmd(kind.encode(), k)


strings = weighted(
    (3, set_cmd()),
    (3, string_cmd()),
    (3, counter_cmd()),
    (1, getex_cmd()),
    (1, setex_cmd()),
    (1, mset_cmd()),
    (1, range_cmd()),
)


# ---------------------------------------------------------------------------
# Generic keys and expiry


@st.composite
def expire_cmd(draw: st.DrawFn) -> Cmd:
    name = draw(st.sampled_from(["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"]))
    unit = "ms" if name.startswith("P") else "s"
    absolute = name.endswith("AT")
    when = draw(_absolute(unit) if absolute else _relative(unit))
    flags = draw(st.lists(st.sampled_from(["NX", "XX", "GT", "LT"]), max_size=2))
    if draw(st.integers(0, 19)) == 0:
        flags.append("BOGUS")
    args: tuple[AnyArg, ...] = (name.encode(), draw(keys), when, *(draw(_case(f)) for f in flags))
    return Cmd(args, time=TimeArg(2, unit, absolute), nudge=bool({"GT", "LT"} & set(flags)))


@st.composite
def ttl_cmd(draw: st.DrawFn) -> Cmd:
    name, reply = draw(
        st.sampled_from(
            [
                ("TTL", "ttl_s"),
                ("PTTL", "ttl_ms"),
                ("EXPIRETIME", "at_s"),
                ("PEXPIRETIME", "at_ms"),
                ("PERSIST", "exact"),
            ]
        )
    )
    return _cmd(name.encode(), draw(keys), reply=reply)


@st.composite
def key_cmd(draw: st.DrawFn) -> Cmd:
    kind = draw(
        st.sampled_from(
            [
                "DEL", "UNLINK", "EXISTS", "TYPE", "KEYS", "DBSIZE", "RENAME", "RENAMENX",
                "COPY", "MOVE", "SELECT", "SWAPDB", "FLUSHDB", "TOUCH", "OBJECT", "EXISTS",
                "TYPE", "DEL", "RENAME", "COPY",
            ]
        )
    )  # fmt: skip
    k = draw(keys)
    if kind in ("DEL", "UNLINK", "EXISTS", "TOUCH"):
        return _cmd(kind.encode(), *draw(st.lists(keys, min_size=1, max_size=3)))
    if kind == "TYPE":
        return _cmd(b"TYPE", k)
    if kind == "KEYS":
        return _cmd(b"KEYS", draw(st.sampled_from(PATTERNS)), reply="sorted")
    if kind == "DBSIZE":
        return _cmd(b"DBSIZE")
    if kind in ("RENAME", "RENAMENX"):
        return _cmd(kind.encode(), k, draw(keys))
    if kind == "COPY":
        args: list[AnyArg] = [b"COPY", k, draw(keys)]
        for opt in draw(st.lists(st.sampled_from(["DB", "REPLACE"]), max_size=2)):
            args.append(draw(_case(opt)))
            if opt == "DB":
                args.append(draw(dbs))
        return _cmd(*args)
    if kind == "MOVE":
        return _cmd(b"MOVE", k, draw(dbs))
    if kind == "SELECT":
        return _cmd(b"SELECT", draw(dbs))
    if kind == "SWAPDB":
        return _cmd(b"SWAPDB", draw(dbs), draw(dbs))
    if kind == "FLUSHDB":
        return _cmd(b"FLUSHDB", *draw(st.lists(st.sampled_from([b"ASYNC", b"SYNC"]), max_size=1)))
    sub = draw(st.sampled_from([b"ENCODING", b"REFCOUNT", b"encoding"]))
    return _cmd(b"OBJECT", sub, k)


@st.composite
def bulk_cmd(draw: st.DrawFn) -> Cmd:
    """Many keys or fields at once: SCAN cursors over a real table, listpack -> hashtable."""
    n = draw(st.integers(1, 140))
    start = draw(st.integers(0, 20))
    value = draw(st.sampled_from([b"v", b"1", b"y" * 70]))
    if draw(st.booleans()):
        args: list[AnyArg] = [b"MSET"]
        for i in range(start, start + n):
            args += [b"bulk:%d" % i, value]
        return Cmd(tuple(args))
    args = [b"HSET", draw(keys)]
    for i in range(start, start + n):
        args += [b"f:%d" % i, value]
    return Cmd(tuple(args))


@st.composite
def flushall_cmd(draw: st.DrawFn) -> Cmd:
    return _cmd(
        b"FLUSHALL", *draw(st.lists(st.sampled_from([b"ASYNC", b"SYNC", b"x"]), max_size=1))
    )


@st.composite
def encoding_cmd(draw: st.DrawFn) -> Cmd:
    return _cmd(b"OBJECT", draw(st.sampled_from([b"ENCODING", b"REFCOUNT"])), draw(keys))


generic = weighted(
    (4, expire_cmd()),
    (4, ttl_cmd()),
    (6, key_cmd()),
    (1, bulk_cmd()),
    (2, encoding_cmd()),
)
rare = flushall_cmd()


# ---------------------------------------------------------------------------
# Hashes


@st.composite
def hash_cmd(draw: st.DrawFn) -> Cmd:
    kind = draw(
        st.sampled_from(
            [
                "HSET", "HSET", "HMSET", "HGET", "HMGET", "HGETALL", "HDEL", "HLEN", "HEXISTS",
                "HINCRBY", "HINCRBYFLOAT", "HSETNX", "HSTRLEN", "HKEYS", "HVALS", "HGET",
            ]
        )
    )  # fmt: skip
    k, f = draw(keys), draw(fields)
    if kind in ("HSET", "HMSET"):
        pairs = draw(st.lists(st.tuples(fields, stored), min_size=1, max_size=3))
        args: list[AnyArg] = [kind.encode(), k]
        for pf, pv in pairs:
            args += [pf, pv]
        if draw(st.integers(0, 14)) == 0:
            args.append(draw(fields))
        return _cmd(*args)
    if kind in ("HGET", "HEXISTS", "HSTRLEN"):
        return _cmd(kind.encode(), k, f)
    if kind in ("HMGET", "HDEL"):
        return _cmd(kind.encode(), k, *draw(st.lists(fields, min_size=1, max_size=3)))
    if kind == "HGETALL":
        return _cmd(b"HGETALL", k, reply="pairs")
    if kind in ("HKEYS", "HVALS"):
        return _cmd(kind.encode(), k, reply="sorted")
    if kind == "HLEN":
        return _cmd(b"HLEN", k)
    if kind == "HINCRBY":
        return _cmd(b"HINCRBY", k, f, draw(numbers))
    if kind == "HINCRBYFLOAT":
        return _cmd(b"HINCRBYFLOAT", k, f, draw(floats))
    return _cmd(b"HSETNX", k, f, draw(stored))


# ---------------------------------------------------------------------------
# Errors the dispatcher answers: arity, unknown commands


@st.composite
def bad_cmd(draw: st.DrawFn) -> Cmd:
    if draw(st.booleans()):
        name = draw(st.sampled_from([b"NOSUCHCMD", b"GETT", b"hgetal", b"", b"SET\x00", b"ex"]))
        return _cmd(name, *draw(st.lists(values, max_size=2)))
    # a known command with too few or too many arguments
    name, arity = draw(
        st.sampled_from(
            [
                (b"GET", 2), (b"SET", -3), (b"INCR", 2), (b"INCRBY", 3), (b"MGET", -2),
                (b"HSET", -4), (b"HGET", 3), (b"HGETALL", 2), (b"EXPIRE", -3), (b"TTL", 2),
                (b"DEL", -2), (b"RENAME", 3), (b"SELECT", 2), (b"TYPE", 2), (b"DBSIZE", 1),
                (b"APPEND", 3), (b"GETRANGE", 4), (b"HINCRBYFLOAT", 4), (b"SWAPDB", 3),
                (b"MULTI", 1), (b"EXEC", 1), (b"WATCH", -2), (b"SCAN", -2), (b"KEYS", 2),
            ]
        )
    )  # fmt: skip
    n = abs(arity)
    if arity < 0:
        total = draw(st.integers(1, n - 1))
    else:
        total = draw(st.sampled_from([c for c in range(1, n + 2) if c != n]))
    return _cmd(name, *(draw(keys) for _ in range(total - 1)))


#: commands whose argument parsing the fuzzer throws random tokens at
FUZZ_NAMES = [
    b"SET", b"GETEX", b"EXPIRE", b"PEXPIRE", b"EXPIREAT", b"PEXPIREAT", b"COPY", b"GETRANGE",
    b"SETRANGE", b"HSET", b"HINCRBY", b"HINCRBYFLOAT", b"INCRBY", b"MSET", b"MSETNX", b"RENAME",
    b"MOVE", b"SWAPDB", b"SELECT", b"FLUSHDB", b"OBJECT", b"TTL", b"HMGET", b"KEYS", b"SETEX",
    b"PSETEX", b"GETSET", b"HSETNX", b"HSTRLEN", b"DBSIZE", b"PERSIST", b"TOUCH", b"SUBSTR",
]  # fmt: skip
#: tokens for the fuzzer; every number is 0, negative or at least MARGIN_MS, so
#: read as seconds or milliseconds, relative or absolute, it is never near now;
#: no GT/LT, whose ties the fuzzer could not keep apart
FUZZ_WORDS = [
    b"EX", b"PX", b"EXAT", b"PXAT", b"NX", b"XX", b"KEEPTTL", b"GET", b"PERSIST", b"DB",
    b"REPLACE", b"ASYNC", b"SYNC", b"ENCODING", b"REFCOUNT", b"ex", b"nx", b"get",
    b"0", b"-1", b"20000", b"86400000", b"9223372036854775807", b"-9223372036854775808",
    b"1.5", b"x", b"",
]  # fmt: skip


@st.composite
def fuzz_cmd(draw: st.DrawFn) -> Cmd:
    """A known command with a random argument list: parse order, which error wins."""
    tokens = st.one_of(st.sampled_from(FUZZ_WORDS), keys, fields, st.sampled_from(DBS))
    return _cmd(draw(st.sampled_from(FUZZ_NAMES)), *draw(st.lists(tokens, max_size=6)))


# ---------------------------------------------------------------------------
# Scans, clock moves, transactions


@st.composite
def scan_op(draw: st.DrawFn) -> Scan:
    count = draw(st.one_of(st.none(), st.sampled_from([b"1", b"2", b"10", b"0", b"x"])))
    match = draw(st.one_of(st.none(), st.sampled_from(PATTERNS)))
    if draw(st.integers(0, 3)) == 0:
        return Scan(key=draw(keys), match=match, count=count)
    type_ = draw(st.one_of(st.none(), st.sampled_from([b"string", b"hash", b"list", b"HASH"])))
    return Scan(match=match, count=count, type=type_)


clock_moves = st.one_of(
    st.sampled_from([1, 10, 60, 100, 3600, 86400]),
    st.integers(1, 10**6),
).map(ClockMove)

data_commands = weighted((4, strings), (3, generic), (3, hash_cmd()))
any_command = weighted((40, data_commands), (3, bad_cmd()), (4, fuzz_cmd()), (1, rare))


def _on_b(cmd: Cmd) -> Cmd:
    return Cmd(cmd.args, cmd.reply, cmd.time, cmd.nudge, conn="b")


@st.composite
def transaction(draw: st.DrawFn) -> list[Op]:
    """[WATCH keys] [b writes] MULTI commands [b writes] EXEC|DISCARD, sometimes a bit wrong."""
    ops: list[Op] = []
    watching = draw(st.integers(0, 2)) > 0
    if watching:
        ops.append(_cmd(b"WATCH", *draw(st.lists(keys, min_size=1, max_size=3))))
        ops += draw(st.lists(data_commands, max_size=2))
        ops += [_on_b(c) for c in draw(st.lists(data_commands, max_size=2))]
        if draw(st.integers(0, 3)) == 0:
            ops.append(draw(clock_moves))
        if draw(st.integers(0, 5)) == 0:
            ops.append(_cmd(b"UNWATCH"))
    ops.append(_cmd(b"MULTI"))
    ops += draw(st.lists(any_command, max_size=6))
    if draw(st.integers(0, 3)) == 0:
        ops += [_on_b(c) for c in draw(st.lists(data_commands, min_size=1, max_size=2))]
    if draw(st.integers(0, 9)) == 0:
        ops.append(draw(st.sampled_from([_cmd(b"MULTI"), _cmd(b"WATCH", b"a")])))
        ops += draw(st.lists(data_commands, max_size=2))
    ops.append(draw(st.sampled_from([_cmd(b"EXEC")] * 5 + [_cmd(b"DISCARD")])))
    return ops


stray_transaction_command = st.sampled_from(
    [_cmd(b"EXEC"), _cmd(b"DISCARD"), _cmd(b"UNWATCH"), _cmd(b"WATCH", b"a"), _cmd(b"MULTI")]
)


@st.composite
def sequences(draw: st.DrawFn, max_ops: int = 40) -> Sequence:
    resp = draw(st.sampled_from([2, 2, 3]))
    chunk: st.SearchStrategy[list[Op]] = weighted(
        (16, any_command.map(lambda c: [c])),
        (1, clock_moves.map(lambda m: [m])),
        (1, scan_op().map(lambda s: [s])),
        (2, transaction()),
        (1, data_commands.map(lambda c: [_on_b(c)])),
        (1, stray_transaction_command.map(lambda c: [c])),
    )
    # a list of lists: hypothesis keeps one list short (about 5 elements on
    # average), but collisions need length; every level still shrinks by deletion
    parts = draw(st.lists(st.lists(chunk, max_size=max_ops // 4), min_size=1, max_size=8))
    chunks = [c for part in parts for c in part][:max_ops]
    return Sequence(resp, [op for chunk in chunks for op in chunk])
