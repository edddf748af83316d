"""String and counter commands: GET/SET and their variants, ranges, INCR*.

Behaviour follows Redis 7.2's ``t_string.c`` rule for rule: the order in which
arguments are checked decides which error a client sees, so each handler
validates in Redis's order (options, then expire value, then key type ...).
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..connection import Client
from ..errors import CommandError
from ..numbers import incr_long_double
from ..protocol import OK, Reply, integer, string2ll
from ..registry import command

_LLONG_MAX = 2**63 - 1
_LLONG_MIN = -(2**63)
_MAX_SECONDS = _LLONG_MAX // 1000

# SET / GETEX option bits.
_NX = 1
_XX = 2
_GET = 4
_KEEPTTL = 8
_PERSIST = 16
_EX = 32
_PX = 64
_EXAT = 128
_PXAT = 256
_EXPIRES = _EX | _PX | _EXAT | _PXAT
_SECONDS = _EX | _EXAT
_RELATIVE = _EX | _PX
_ABSOLUTE = _EXAT | _PXAT

_OPTIONS = {
    b"NX": _NX,
    b"XX": _XX,
    b"GET": _GET,
    b"KEEPTTL": _KEEPTTL,
    b"PERSIST": _PERSIST,
    b"EX": _EX,
    b"PX": _PX,
    b"EXAT": _EXAT,
    b"PXAT": _PXAT,
}
#: options that may not follow each one (an expire option may repeat itself: the last wins)
_CONFLICTS = {
    _NX: _XX,
    _XX: _NX,
    _GET: 0,
    _KEEPTTL: _PERSIST | _EXPIRES,
    _PERSIST: _KEEPTTL | _EXPIRES,
    _EX: _KEEPTTL | _PERSIST | (_EXPIRES & ~_EX),
    _PX: _KEEPTTL | _PERSIST | (_EXPIRES & ~_PX),
    _EXAT: _KEEPTTL | _PERSIST | (_EXPIRES & ~_EXAT),
    _PXAT: _KEEPTTL | _PERSIST | (_EXPIRES & ~_PXAT),
}
#: options that look at the current value (the others just overwrite it)
_NEEDS_OLD = _NX | _XX | _GET | _KEEPTTL
_SET_OPTIONS = _NX | _XX | _GET | _KEEPTTL | _EXPIRES
_GETEX_OPTIONS = _PERSIST | _EXPIRES


def _wrongtype() -> CommandError:
    # A fresh exception each time: re-raising one instance grows its traceback.
    return CommandError(errors.WRONGTYPE)


def _parse_options(argv: list[bytes], start: int, allowed: int) -> tuple[int, bytes | None]:
    """The option bits of SET (from argv[3]) or GETEX (from argv[2]) and the expire argument."""
    flags = 0
    expire = None
    n = len(argv)
    i = start
    while i < n:
        opt = argv[i]
        if b"\0" in opt:  # Redis compares C strings: a NUL ends the option name
            opt = opt[: opt.index(b"\0")]
        bit = _OPTIONS.get(opt.upper(), 0)
        if not bit & allowed or flags & _CONFLICTS[bit]:
            raise CommandError(errors.SYNTAX)
        if bit & _EXPIRES:
            i += 1
            if i == n:
                raise CommandError(errors.SYNTAX)
            expire = argv[i]
        flags |= bit
        i += 1
    return flags, expire


def _expire_at(c: Client, raw: bytes, flags: int, name: str) -> int:
    """The absolute expiry (unix ms) an EX/PX/EXAT/PXAT argument asks for."""
    ms = string2ll(raw)
    if ms is None:
        raise CommandError(errors.NOT_INTEGER)
    seconds = flags & _SECONDS
    if ms <= 0 or (seconds and ms > _MAX_SECONDS):
        raise errors.invalid_expire(name)
    if seconds:
        ms *= 1000
    if flags & _RELATIVE:
        ms += c.server.keyspace.now_ms()
        if ms > _LLONG_MAX:  # Redis's signed addition would wrap negative
            raise errors.invalid_expire(name)
    return ms


def _set_generic(
    c: Client, key: bytes, value: bytes, flags: int, expire: bytes | None, name: str
) -> Reply:
    """SET with options (also SETEX and PSETEX); the reply for a SET-style command."""
    when = _expire_at(c, expire, flags, name) if expire is not None else None
    db = c.db
    old: Any = db.lookup(key) if flags & _NEEDS_OLD else None
    reply: Reply = OK
    if flags & _GET:
        if old is not None and type(old) is not bytes:
            raise _wrongtype()
        reply = old
    if (flags & _NX and old is not None) or (flags & _XX and old is None):
        return reply if flags & _GET else None
    db.set(key, value, keep_ttl=bool(flags & _KEEPTTL) or when is not None)
    if when is not None:
        db.set_expire(key, when)
        if flags & _ABSOLUTE and when <= c.server.keyspace.now_ms():
            db.lookup(key)  # already due: expire it now, as Redis's next access would
    return reply


@command(
    "get",
    2,
    "readonly fast",
    (1, 1, 1),
    group="string",
    summary="Returns the string value of a key.",
    since="1.0.0",
)
def cmd_get(c: Client, argv: list[bytes]) -> Reply:
    value = c.db.lookup(argv[1])
    if value is None or type(value) is bytes:
        return value
    raise _wrongtype()


@command(
    "set",
    -3,
    "write denyoom",
    (1, 1, 1),
    group="string",
    summary=(
        "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist."
    ),
    since="1.0.0",
)
def cmd_set(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) == 3:
        c.db.set(argv[1], argv[2])
        return OK
    flags, expire = _parse_options(argv, 3, _SET_OPTIONS)
    return _set_generic(c, argv[1], argv[2], flags, expire, "set")


@command(
    "setnx",
    3,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary="Set the string value of a key only when the key doesn't exist.",
    since="1.0.0",
)
def cmd_setnx(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    if db.lookup(argv[1]) is not None:
        return integer(0)
    db.add(argv[1], argv[2])
    return integer(1)


@command(
    "setex",
    4,
    "write denyoom",
    (1, 1, 1),
    group="string",
    summary=(
        "Sets the string value and expiration time of a key. Creates the key if it doesn't exist."
    ),
    since="2.0.0",
)
def cmd_setex(c: Client, argv: list[bytes]) -> Reply:
    return _set_generic(c, argv[1], argv[3], _EX, argv[2], "setex")


@command(
    "psetex",
    4,
    "write denyoom",
    (1, 1, 1),
    group="string",
    summary=(
        "Sets both string value and expiration time in milliseconds of a key. "
        "The key is created if it doesn't exist."
    ),
    since="2.6.0",
)
def cmd_psetex(c: Client, argv: list[bytes]) -> Reply:
    return _set_generic(c, argv[1], argv[3], _PX, argv[2], "psetex")


@command(
    "getset",
    3,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary="Returns the previous string value of a key after setting it to a new value.",
    since="1.0.0",
)
def cmd_getset(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    old = db.lookup(argv[1])
    if old is not None and type(old) is not bytes:
        raise _wrongtype()
    db.set(argv[1], argv[2])
    return old


@command(
    "getdel",
    2,
    "write fast",
    (1, 1, 1),
    group="string",
    summary="Returns the string value of a key after deleting the key.",
    since="6.2.0",
)
def cmd_getdel(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    value = db.lookup(argv[1])
    if value is None:
        return None
    if type(value) is not bytes:
        raise _wrongtype()
    db.delete(argv[1])
    return value


@command(
    "getex",
    -2,
    "write fast",
    (1, 1, 1),
    group="string",
    summary="Returns the string value of a key after setting its expiration time.",
    since="6.2.0",
)
def cmd_getex(c: Client, argv: list[bytes]) -> Reply:
    flags, expire = _parse_options(argv, 2, _GETEX_OPTIONS)
    db = c.db
    key = argv[1]
    value = db.lookup(key)
    if value is None:
        return None
    if type(value) is not bytes:
        raise _wrongtype()
    if expire is not None:
        when = _expire_at(c, expire, flags, "getex")
        if flags & _ABSOLUTE and when <= c.server.keyspace.now_ms():
            db.delete(key)
        else:
            db.set_expire(key, when)
    elif flags & _PERSIST:
        db.persist(key)
    return value


@command(
    "mget",
    -2,
    "readonly fast",
    (1, -1, 1),
    group="string",
    summary="Atomically returns the string values of one or more keys.",
    since="1.0.0",
    complexity="O(N) where N is the number of keys to retrieve.",
)
def cmd_mget(c: Client, argv: list[bytes]) -> Reply:
    lookup = c.db.lookup
    out = []
    for key in argv[1:]:
        value = lookup(key)
        out.append(value if type(value) is bytes else None)
    return out


@command(
    "mset",
    -3,
    "write denyoom",
    (1, -1, 2),
    group="string",
    summary="Atomically creates or modifies the string values of one or more keys.",
    since="1.0.1",
    complexity="O(N) where N is the number of keys to set.",
)
def cmd_mset(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    if not n & 1:
        raise errors.wrong_arity("mset")
    db_set = c.db.set
    for i in range(1, n, 2):
        db_set(argv[i], argv[i + 1])
    return OK


@command(
    "msetnx",
    -3,
    "write denyoom",
    (1, -1, 2),
    group="string",
    summary=(
        "Atomically modifies the string values of one or more keys only when all keys don't exist."
    ),
    since="1.0.1",
    complexity="O(N) where N is the number of keys to set.",
)
def cmd_msetnx(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    if not n & 1:
        raise errors.wrong_arity("msetnx")
    db = c.db
    for i in range(1, n, 2):
        if db.lookup(argv[i]) is not None:
            return integer(0)
    for i in range(1, n, 2):
        db.set(argv[i], argv[i + 1])
    return integer(1)


@command(
    "append",
    3,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary="Appends a string to the value of a key. Creates the key if it doesn't exist.",
    since="2.0.0",
    complexity=(
        "O(1). The amortized time complexity is O(1) assuming the appended value is small "
        "and the already present value is of any size, since the dynamic string library "
        "used by Redis will double the free space available on every reallocation."
    ),
)
def cmd_append(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key, tail = argv[1], argv[2]
    old = db.lookup(key)
    if old is None:
        db.add(key, tail)
        return integer(len(tail))
    if type(old) is not bytes:
        raise _wrongtype()
    total = len(old) + len(tail)
    if total > c.server.config.get_int("proto-max-bulk-len"):
        raise CommandError(errors.STRING_TOO_LONG)
    db.set(key, old + tail, keep_ttl=True)
    db.mark_raw(key)  # Redis appends in place to an unshared raw string
    return integer(total)


@command(
    "strlen",
    2,
    "readonly fast",
    (1, 1, 1),
    group="string",
    summary="Returns the length of a string value.",
    since="2.2.0",
)
def cmd_strlen(c: Client, argv: list[bytes]) -> Reply:
    value = c.db.lookup(argv[1])
    if value is None:
        return integer(0)
    if type(value) is not bytes:
        raise _wrongtype()
    return integer(len(value))


# -- counters ------------------------------------------------------------------


def _incr(c: Client, key: bytes, by: int) -> Reply:
    db = c.db
    value = db.lookup(key)
    if value is None:
        db.add(key, b"%d" % by)
        return integer(by)
    if type(value) is not bytes:
        raise _wrongtype()
    if 0 < len(value) < 19 and value.isdigit() and (value[0] != 48 or len(value) == 1):
        n = int(value)  # the common case: a plain non-negative counter
    else:
        m = string2ll(value)
        if m is None:
            raise CommandError(errors.NOT_INTEGER)
        n = m
    n += by
    if n > _LLONG_MAX or n < _LLONG_MIN:
        raise CommandError(errors.OVERFLOW)
    db.set(key, b"%d" % n, keep_ttl=True)
    return integer(n)


@command(
    "incr",
    2,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary=(
        "Increments the integer value of a key by one. "
        "Uses 0 as initial value if the key doesn't exist."
    ),
    since="1.0.0",
)
def cmd_incr(c: Client, argv: list[bytes]) -> Reply:
    return _incr(c, argv[1], 1)


@command(
    "decr",
    2,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary=(
        "Decrements the integer value of a key by one. "
        "Uses 0 as initial value if the key doesn't exist."
    ),
    since="1.0.0",
)
def cmd_decr(c: Client, argv: list[bytes]) -> Reply:
    return _incr(c, argv[1], -1)


@command(
    "incrby",
    3,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary=(
        "Increments the integer value of a key by a number. "
        "Uses 0 as initial value if the key doesn't exist."
    ),
    since="1.0.0",
)
def cmd_incrby(c: Client, argv: list[bytes]) -> Reply:
    by = string2ll(argv[2])
    if by is None:
        raise CommandError(errors.NOT_INTEGER)
    return _incr(c, argv[1], by)


@command(
    "decrby",
    3,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary=(
        "Decrements a number from the integer value of a key. "
        "Uses 0 as initial value if the key doesn't exist."
    ),
    since="1.0.0",
)
def cmd_decrby(c: Client, argv: list[bytes]) -> Reply:
    by = string2ll(argv[2])
    if by is None:
        raise CommandError(errors.NOT_INTEGER)
    if by == _LLONG_MIN:  # its negation does not fit in 64 bits
        raise CommandError(errors.DECREMENT_OVERFLOW)
    return _incr(c, argv[1], -by)


@command(
    "incrbyfloat",
    3,
    "write denyoom fast",
    (1, 1, 1),
    group="string",
    summary=(
        "Increment the floating point value of a key by a number. "
        "Uses 0 as initial value if the key doesn't exist."
    ),
    since="2.6.0",
)
def cmd_incrbyfloat(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key = argv[1]
    value = db.lookup(key)
    if value is not None and type(value) is not bytes:
        raise _wrongtype()
    result = incr_long_double(value, argv[2])
    if value is None:
        db.add(key, result)
    else:
        db.set(key, result, keep_ttl=True)
    return result


# -- ranges ----------------------------------------------------------------------

_RANGE_COMPLEXITY = (
    "O(N) where N is the length of the returned string. The complexity is ultimately "
    "determined by the returned length, but because creating a substring from an existing "
    "string is very cheap, it can be considered O(1) for small strings."
)


@command(
    "getrange",
    4,
    "readonly",
    (1, 1, 1),
    group="string",
    summary="Returns a substring of the string stored at a key.",
    since="2.4.0",
    complexity=_RANGE_COMPLEXITY,
)
def cmd_getrange(c: Client, argv: list[bytes]) -> Reply:
    start = string2ll(argv[2])
    if start is None:
        raise CommandError(errors.NOT_INTEGER)
    end = string2ll(argv[3])
    if end is None:
        raise CommandError(errors.NOT_INTEGER)
    value = c.db.lookup(argv[1])
    if value is None:
        return b""
    if type(value) is not bytes:
        raise _wrongtype()
    n = len(value)
    if start < 0 and end < 0 and start > end:
        return b""
    if start < 0:
        start = max(n + start, 0)
    if end < 0:
        end = max(n + end, 0)
    if end >= n:
        end = n - 1
    if start > end or n == 0:
        return b""
    return value[start : end + 1]


@command(
    "substr",
    4,
    "readonly",
    (1, 1, 1),
    group="string",
    summary="Returns a substring from a string value.",
    since="1.0.0",
    complexity=_RANGE_COMPLEXITY,
)
def cmd_substr(c: Client, argv: list[bytes]) -> Reply:
    return cmd_getrange(c, argv)


@command(
    "setrange",
    4,
    "write denyoom",
    (1, 1, 1),
    group="string",
    summary=(
        "Overwrites a part of a string value with another by an offset. "
        "Creates the key if it doesn't exist."
    ),
    since="2.2.0",
    complexity=(
        "O(1), not counting the time taken to copy the new string in place. Usually, this "
        "string is very small so the amortized complexity is O(1). Otherwise, complexity is "
        "O(M) with M being the length of the value argument."
    ),
)
def cmd_setrange(c: Client, argv: list[bytes]) -> Reply:
    offset = string2ll(argv[2])
    if offset is None:
        raise CommandError(errors.NOT_INTEGER)
    if offset < 0:
        raise CommandError(errors.OFFSET_OUT_OF_RANGE)
    db = c.db
    key, piece = argv[1], argv[3]
    old = db.lookup(key)
    if old is not None and type(old) is not bytes:
        raise _wrongtype()
    if not piece:
        return integer(0 if old is None else len(old))
    end = offset + len(piece)
    if end > c.server.config.get_int("proto-max-bulk-len"):
        raise CommandError(errors.STRING_TOO_LONG)
    if old is None:
        db.add(key, bytes(offset) + piece)
        db.mark_raw(key)  # Redis builds the new string in place: 'raw'
        return integer(end)
    n = len(old)
    new = old + bytes(offset - n) + piece if offset >= n else old[:offset] + piece + old[end:]
    db.set(key, new, keep_ttl=True)
    db.mark_raw(key)
    return integer(len(new))
