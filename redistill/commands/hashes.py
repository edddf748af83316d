"""Hash commands, hash field expiry (Redis 7.4's HEXPIRE family) included.

A hash is a :class:`~redistill.keyspace.Hash` (a dict, so insertion order is the
listpack order Redis shows for small hashes). Fields with a TTL are listed in
``Hash.field_expires`` and indexed per database (``Database.field_heap``); every
command here first drops the fields whose time has come, so an expired field
is invisible at once, and a hash whose last field expires is deleted. A hash
without field TTLs pays one attribute test for this.

``Hash.hashtable`` follows the encoding Redis would pick (listpack while small,
per ``hash-max-listpack-entries`` / ``hash-max-listpack-value``; hashtable for
good once too big), because HSCAN answers differently for the two.

Field order is the listpack's: insertion order, except that Redis 7.4 keeps the
fields that have a TTL at the front of a small hash, soonest expiry first (a
field whose TTL is set again is moved; a field that loses its TTL goes to the
end). :func:`_place` does that; a hashtable's order is unspecified anyway.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from .. import errors
from ..errors import CommandError
from ..keyspace import Hash, glob_matcher
from ..numbers import incr_long_double, parse_long_double
from ..protocol import OK, Reply, integer, string2ll
from ..registry import command
from ._args import WRONGTYPE, parse_int

if TYPE_CHECKING:
    from ..connection import Client

_SYNTAX = CommandError(errors.SYNTAX)
_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1
_U64 = 2**64 - 1
#: Redis's HFE_MAX_ABS_TIME_MSEC: the latest expiry a hash field can get (unix ms)
_FIELD_EXPIRE_MAX = ((1 << 48) - 1) >> 2
_EMPTY_SCAN: list[Any] = [b"0", []]
_ZERO = integer(0)
_ONE = integer(1)


def _hash(c: Client, key: bytes) -> Hash | None:
    """The live hash at ``key`` (None if absent); WRONGTYPE for other types."""
    h = c.db.lookup(key)
    if h is None:
        return None
    if type(h) is not Hash:
        raise WRONGTYPE
    if h.field_expires is not None:
        db = c.db
        heap = db.field_heap
        if heap:
            now = c.server.keyspace.now_ms()
            if heap[0][0] < now:
                db.purge_fields(now)
                if not h:  # its last field expired: the key is gone
                    return None
    return h


def _convert_if_big(c: Client, h: Hash, args: list[bytes], start: int) -> None:
    """Switch ``h`` to the hashtable encoding when Redis would (it never switches back)."""
    config = c.server.config
    if len(h) > config.get_int("hash-max-listpack-entries"):
        h.hashtable = True
        return
    limit = config.get_int("hash-max-listpack-value")
    for i in range(start, len(args)):
        if len(args[i]) > limit:
            h.hashtable = True
            return


def _set_pairs(c: Client, key: bytes, argv: list[bytes]) -> int:
    """HSET/HMSET: store argv[2:] as field/value pairs; the number of new fields."""
    db = c.db
    h = _hash(c, key)
    created = h is None
    if h is None:
        h = Hash()
    added = 0
    for i in range(2, len(argv), 2):
        field = argv[i]
        if field in h:
            fe = h.field_expires
            if fe is not None and field in fe:
                h.drop_field_expire(field)  # overwriting a field clears its TTL
                if not h.hashtable:
                    del h[field]  # and it goes to the end of the listpack
        else:
            added += 1
        h[field] = argv[i + 1]
    if not h.hashtable:
        _convert_if_big(c, h, argv, 2)
        # Since 7.2 Redis converts up front when a call brings more pairs than a
        # listpack may hold, repeated fields or not.
        if (len(argv) - 2) // 2 > c.server.config.get_int("hash-max-listpack-entries"):
            h.hashtable = True
    if created:
        db.add(key, h)
    else:
        db.touch_write(key)
    return added


def _store(c: Client, key: bytes, h: Hash, created: bool, field: bytes, value: bytes) -> None:
    """Set one field, keeping its TTL (HINCRBY and HINCRBYFLOAT do)."""
    h[field] = value
    if not h.hashtable:
        _convert_if_big(c, h, [field, value], 0)
    if created:
        c.db.add(key, h)
    else:
        c.db.touch_write(key)


# ---------------------------------------------------------------------------
# Writing


@command(
    "hset",
    -4,
    "write denyoom fast",
    (1, 1, 1),
    group="hash",
    summary="Creates or modifies the value of a field in a hash.",
    since="2.0.0",
    complexity="O(1) for each field/value pair added, so O(N) to add N field/value pairs "
    "when the command is called with multiple field/value pairs.",
)
def cmd_hset(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) != 4:
        if len(argv) & 1:
            raise errors.wrong_arity("hset")
        return integer(_set_pairs(c, argv[1], argv))
    # The common case, one pair into a hash without field TTLs, inlined.
    db = c.db
    key, field, value = argv[1], argv[2], argv[3]
    h = db.lookup(key)
    created = h is None
    if h is None:
        h = Hash()
    elif type(h) is not Hash:
        raise WRONGTYPE
    elif h.field_expires is not None:
        return integer(_set_pairs(c, key, argv))
    added = field not in h
    h[field] = value
    if not h.hashtable:
        config = c.server.config
        limit = config.get_int("hash-max-listpack-value")
        if (
            len(field) > limit
            or len(value) > limit
            or len(h) > config.get_int("hash-max-listpack-entries")
        ):
            h.hashtable = True
    if created:
        db.add(key, h)
    else:
        db.touch_write(key)
    return _ONE if added else _ZERO


@command(
    "hmset",
    -4,
    "write denyoom fast",
    (1, 1, 1),
    group="hash",
    summary="Sets the values of multiple fields.",
    since="2.0.0",
    complexity="O(N) where N is the number of fields being set.",
)
def cmd_hmset(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) & 1:
        raise errors.wrong_arity("hmset")
    _set_pairs(c, argv[1], argv)
    return OK


@command(
    "hsetnx",
    4,
    "write denyoom fast",
    (1, 1, 1),
    group="hash",
    summary="Sets the value of a field in a hash only when the field doesn't exist.",
    since="2.0.0",
)
def cmd_hsetnx(c: Client, argv: list[bytes]) -> Reply:
    key = argv[1]
    h = _hash(c, key)
    created = h is None
    if h is None:
        h = Hash()
    elif argv[2] in h:
        return integer(0)
    _store(c, key, h, created, argv[2], argv[3])
    return integer(1)


@command(
    "hdel",
    -3,
    "write fast",
    (1, 1, 1),
    group="hash",
    summary="Deletes one or more fields and their values from a hash. "
    "Deletes the hash if no fields remain.",
    since="2.0.0",
    complexity="O(N) where N is the number of fields to be removed.",
)
def cmd_hdel(c: Client, argv: list[bytes]) -> Reply:
    key = argv[1]
    h = _hash(c, key)
    if h is None:
        return integer(0)
    deleted = 0
    for field in argv[2:]:
        if field in h:
            del h[field]
            if h.field_expires is not None:
                h.drop_field_expire(field)
            deleted += 1
    if deleted:
        if h:
            c.db.touch_write(key)
        else:
            c.db.delete(key)
    return integer(deleted)


@command(
    "hincrby",
    4,
    "write denyoom fast",
    (1, 1, 1),
    group="hash",
    summary="Increments the integer value of a field in a hash by a number. "
    "Uses 0 as initial value if the field doesn't exist.",
    since="2.0.0",
)
def cmd_hincrby(c: Client, argv: list[bytes]) -> Reply:
    incr = parse_int(argv[3])
    key, field = argv[1], argv[2]
    h = _hash(c, key)
    created = h is None
    if h is None:
        h = Hash()
        current = 0
    else:
        raw = h.get(field)
        if raw is None:
            current = 0
        else:
            parsed = string2ll(raw)
            if parsed is None:
                raise CommandError(errors.HASH_NOT_INTEGER)
            current = parsed
    total = current + incr
    if total < _I64_MIN or total > _I64_MAX:
        raise CommandError(errors.OVERFLOW)
    _store(c, key, h, created, field, b"%d" % total)
    return integer(total)


@command(
    "hincrbyfloat",
    4,
    "write denyoom fast",
    (1, 1, 1),
    group="hash",
    summary="Increments the floating point value of a field by a number. "
    "Uses 0 as initial value if the field doesn't exist.",
    since="2.6.0",
)
def cmd_hincrbyfloat(c: Client, argv: list[bytes]) -> Reply:
    incr = parse_long_double(argv[3])
    if incr is None:
        raise CommandError(errors.NOT_FLOAT)
    if isinstance(incr, float):  # the parser gives only the infinities as floats
        raise CommandError(errors.VALUE_NAN_OR_INF)
    key, field = argv[1], argv[2]
    h = _hash(c, key)
    created = h is None
    if h is None:
        h = Hash()
    value = incr_long_double(h.get(field), incr, current_error=errors.HASH_NOT_FLOAT)
    _store(c, key, h, created, field, value)
    return value


# ---------------------------------------------------------------------------
# Reading


@command(
    "hget",
    3,
    "readonly fast",
    (1, 1, 1),
    group="hash",
    summary="Returns the value of a field in a hash.",
    since="2.0.0",
)
def cmd_hget(c: Client, argv: list[bytes]) -> Reply:
    h = c.db.lookup(argv[1])
    if h is None:
        return None
    if type(h) is not Hash:
        raise WRONGTYPE
    if h.field_expires is not None:
        h = _hash(c, argv[1])  # drops the fields whose time has come
        if h is None:
            return None
    return h.get(argv[2])


@command(
    "hmget",
    -3,
    "readonly fast",
    (1, 1, 1),
    group="hash",
    summary="Returns the values of all fields in a hash.",
    since="2.0.0",
    complexity="O(N) where N is the number of fields being requested.",
)
def cmd_hmget(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    if h is None:
        return [None] * (len(argv) - 2)
    get = h.get
    return [get(field) for field in argv[2:]]


@command(
    "hgetall",
    2,
    "readonly",
    (1, 1, 1),
    group="hash",
    summary="Returns all fields and values in a hash.",
    since="2.0.0",
    complexity="O(N) where N is the size of the hash.",
)
def cmd_hgetall(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    return {} if h is None else dict(h)


@command(
    "hkeys",
    2,
    "readonly",
    (1, 1, 1),
    group="hash",
    summary="Returns all fields in a hash.",
    since="2.0.0",
    complexity="O(N) where N is the size of the hash.",
)
def cmd_hkeys(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    return [] if h is None else list(h)


@command(
    "hvals",
    2,
    "readonly",
    (1, 1, 1),
    group="hash",
    summary="Returns all values in a hash.",
    since="2.0.0",
    complexity="O(N) where N is the size of the hash.",
)
def cmd_hvals(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    return [] if h is None else list(h.values())


@command(
    "hlen",
    2,
    "readonly fast",
    (1, 1, 1),
    group="hash",
    summary="Returns the number of fields in a hash.",
    since="2.0.0",
)
def cmd_hlen(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    return integer(0 if h is None else len(h))


@command(
    "hexists",
    3,
    "readonly fast",
    (1, 1, 1),
    group="hash",
    summary="Determines whether a field exists in a hash.",
    since="2.0.0",
)
def cmd_hexists(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    return integer(1 if h is not None and argv[2] in h else 0)


@command(
    "hstrlen",
    3,
    "readonly fast",
    (1, 1, 1),
    group="hash",
    summary="Returns the length of the value of a field.",
    since="3.2.0",
)
def cmd_hstrlen(c: Client, argv: list[bytes]) -> Reply:
    h = _hash(c, argv[1])
    value = None if h is None else h.get(argv[2])
    return integer(0 if value is None else len(value))


# ---------------------------------------------------------------------------
# HRANDFIELD


@command(
    "hrandfield",
    -2,
    "readonly",
    (1, 1, 1),
    group="hash",
    summary="Returns one or more random fields from a hash.",
    since="6.2.0",
    complexity="O(N) where N is the number of fields returned",
)
def cmd_hrandfield(c: Client, argv: list[bytes]) -> Reply:
    argc = len(argv)
    if argc == 2:
        h = _hash(c, argv[1])
        if h is None:
            return None
        return _nth_field(h, c.server.keyspace.random.randrange(len(h)))
    count = parse_int(argv[2])
    if count == _I64_MIN:
        raise CommandError(errors.LONG_OUT_OF_RANGE)
    withvalues = False
    if argc > 4 or (argc == 4 and argv[3].lower() != b"withvalues"):
        raise _SYNTAX
    if argc == 4:
        withvalues = True
        if not -(_I64_MAX // 2) <= count <= _I64_MAX // 2:
            raise CommandError(errors.VALUE_OUT_OF_RANGE)
    h = _hash(c, argv[1])
    if h is None or count == 0:
        return []
    size = len(h)
    rng = c.server.keyspace.random
    if count < 0 or count == 1:
        # With repetitions: -count independent draws (count 1 draws once).
        fields = list(h)
        picked = [fields[rng.randrange(size)] for _ in range(-count if count < 0 else 1)]
    elif count >= size:
        picked = list(h)
    else:
        # Distinct fields, shown in the hash's own order (as Redis does for listpacks).
        fields = list(h)
        picked = [fields[i] for i in sorted(rng.sample(range(size), count))]
    if not withvalues:
        return picked
    if c.resp3:
        return [[f, h[f]] for f in picked]
    out: list[bytes] = []
    for f in picked:
        out.append(f)
        out.append(h[f])
    return out


def _nth_field(h: Hash, n: int) -> bytes:
    for i, field in enumerate(h):
        if i == n:
            return field  # type: ignore[no-any-return]
    raise IndexError(n)


# ---------------------------------------------------------------------------
# HSCAN


def parse_scan_cursor(raw: bytes) -> int:
    """A SCAN-family cursor as Redis reads it (``strtoul``: sign, wrap-around, no spaces)."""
    nul = raw.find(b"\0")
    if nul >= 0:  # Redis sees a C string
        raw = raw[:nul]
    if not raw:
        return 0
    neg = raw[0] == 45  # '-'
    digits = raw[1:] if neg or raw[0] == 43 else raw  # '+'
    if not digits or not digits.isdigit() or not digits.isascii() or len(digits) > 40:
        raise CommandError(errors.INVALID_CURSOR)
    value = int(digits)
    if value > _U64:
        raise CommandError(errors.INVALID_CURSOR)
    return (-value) & _U64 if neg else value


def _field_order(field: bytes) -> int:
    # The position of a field in the cursor order; never 0, the "done" cursor.
    return (hash(field) & _U64) or 1


@command(
    "hscan",
    -3,
    "readonly",
    (1, 1, 1),
    group="hash",
    summary="Iterates over fields and values of a hash.",
    since="2.8.0",
    complexity="O(1) for every call. O(N) for a complete iteration, including enough command "
    "calls for the cursor to return back to 0. N is the number of elements inside the collection.",
)
def cmd_hscan(c: Client, argv: list[bytes]) -> Reply:
    cursor = parse_scan_cursor(argv[2])
    h = _hash(c, argv[1])
    if h is None:
        return _EMPTY_SCAN
    count = 10
    pattern: bytes | None = None
    novalues = False
    i, argc = 3, len(argv)
    while i < argc:
        opt = argv[i].lower()
        if opt == b"count" and i + 1 < argc:
            count = parse_int(argv[i + 1])
            if count < 1:
                raise _SYNTAX
            i += 2
        elif opt == b"match" and i + 1 < argc:
            pattern = argv[i + 1]
            i += 2
        elif opt == b"novalues":
            novalues = True
            i += 1
        else:
            raise _SYNTAX
    if h.hashtable:
        next_cursor, fields = _scan_page(c, h, cursor, count)
    else:  # a listpack is returned whole, whatever the cursor and COUNT
        next_cursor, fields = 0, list(h)
    if pattern is not None and pattern != b"*":
        match = glob_matcher(pattern)
        fields = [f for f in fields if match(f)]
    if novalues:
        items = fields
    else:
        items = []
        for f in fields:
            items.append(f)
            items.append(h[f])
    return [b"%d" % next_cursor, items]


def _scan_page(c: Client, h: Hash, cursor: int, count: int) -> tuple[int, list[bytes]]:
    """One page of a hashtable-encoded hash.

    The cursor is a position in a fixed 64-bit hash order of the fields, so a
    field present for the whole iteration is returned exactly once however the
    hash changes between calls. The order is computed at cursor 0 and kept on
    the connection for the pages that follow; fields added since may or may not
    be returned, fields removed since are skipped, as SCAN allows.
    """
    snap = c.extra.get("hscan")
    if snap is None or cursor == 0 or snap[0] is not h:
        fields = sorted(h, key=_field_order)
        snap = (h, [_field_order(f) for f in fields], fields)
        c.extra["hscan"] = snap
    _, orders, fields = snap
    i = bisect_left(orders, cursor)
    n = len(fields)
    stop = i + count
    out: list[bytes] = []
    while i < n and (i < stop or orders[i] == orders[i - 1]):
        field = fields[i]
        if field in h:
            out.append(field)
        i += 1
    return (0 if i >= n else orders[i]), out


# ---------------------------------------------------------------------------
# Hash field expiry (Redis 7.4)


def _fields_arg(
    argv: list[bytes], at: int, bad_count: str = errors.NUMFIELDS_NOT_POSITIVE
) -> list[bytes]:
    """``FIELDS numfields field ...`` with FIELDS at ``at - 1``."""
    if argv[at - 1].lower() != b"fields":
        raise CommandError(errors.FIELDS_MISSING)
    n = string2ll(argv[at])
    if n is None or n < 1:
        raise CommandError(bad_count)
    if n != len(argv) - at - 1:
        raise CommandError(errors.NUMFIELDS_MISMATCH)
    return argv[at + 1 :]


_CONDITIONS = {b"nx": 1, b"xx": 2, b"gt": 3, b"lt": 4}


def _hexpire(c: Client, argv: list[bytes], name: str, unit_ms: int, absolute: bool) -> Reply:
    key = argv[1]
    h = _hash(c, key)
    when = parse_int(argv[2])
    if when < 0:
        raise CommandError(errors.FIELD_EXPIRE_NEGATIVE)
    if unit_ms == 1000:
        if when > _FIELD_EXPIRE_MAX // 1000:
            raise errors.invalid_expire(name)
        when *= 1000
    now = c.server.keyspace.now_ms()
    base = 0 if absolute else now
    if when > _FIELD_EXPIRE_MAX - base:
        raise errors.invalid_expire(name)
    when += base
    cond = _CONDITIONS.get(argv[3].lower(), 0)
    # (Redis words a bad count differently here than in HTTL and HPERSIST.)
    fields = _fields_arg(argv, 5 if cond else 4, errors.NUMFIELDS_NOT_GREATER)
    if h is None:
        return [integer(-2)] * len(fields)
    db = c.db
    out: list[Reply] = []
    changed = False
    for field in fields:
        if field not in h:
            out.append(integer(-2))
            continue
        fe = h.field_expires
        prev = None if fe is None else fe.get(field)
        if cond and (
            (cond == 1 and prev is not None)
            or (cond == 2 and prev is None)
            or (cond == 3 and (prev is None or prev >= when))
            or (cond == 4 and prev is not None and prev <= when)
        ):
            out.append(integer(0))
            continue
        changed = True
        if when <= now:  # a time already past deletes the field
            del h[field]
            h.drop_field_expire(field)
            out.append(integer(2))
        else:
            db.set_field_expire(key, h, field, when)
            if not h.hashtable:
                _place(h, field, when)
            out.append(integer(1))
    if changed:
        if h:
            db.touch_write(key)
        else:
            db.delete(key)
    return out


def _place(h: Hash, field: bytes, when: int) -> None:
    """Move ``field`` (TTL ``when``) to where a Redis 7.4 listpack keeps it.

    The fields with a TTL come first, ordered by expiry; ``field`` goes before
    the first other field that has no TTL or expires at ``when`` or later.
    """
    value = h.pop(field)
    fe = h.field_expires or {}
    items = list(h.items())
    pos = len(items)
    for i, (other, _) in enumerate(items):
        t = fe.get(other)
        if t is None or t >= when:
            pos = i
            break
    if pos == len(items):
        h[field] = value
        return
    items.insert(pos, (field, value))
    h.clear()
    h.update(items)


def _httl(c: Client, argv: list[bytes], unit_ms: int, absolute: bool) -> Reply:
    h = _hash(c, argv[1])
    fields = _fields_arg(argv, 3)
    if h is None:
        return [integer(-2)] * len(fields)
    fe = h.field_expires
    base = 0 if absolute else c.server.keyspace.now_ms()
    out: list[Reply] = []
    for field in fields:
        if field not in h:
            out.append(integer(-2))
            continue
        when = None if fe is None else fe.get(field)
        if when is None:
            out.append(integer(-1))
        elif unit_ms == 1000:
            out.append(integer((when - base + 999) // 1000))
        else:
            out.append(integer(when - base))
    return out


def _expire_command(name: str, unit_ms: int, absolute: bool, summary: str) -> None:
    def handler(c: Client, argv: list[bytes]) -> Reply:
        return _hexpire(c, argv, name, unit_ms, absolute)

    handler.__name__ = "cmd_" + name
    command(
        name,
        -6,
        "write denyoom fast",
        (1, 1, 1),
        group="hash",
        summary=summary,
        since="7.4.0",
        complexity="O(N) where N is the number of specified fields",
    )(handler)


def _ttl_command(name: str, unit_ms: int, absolute: bool, summary: str) -> None:
    def handler(c: Client, argv: list[bytes]) -> Reply:
        return _httl(c, argv, unit_ms, absolute)

    handler.__name__ = "cmd_" + name
    command(
        name,
        -5,
        "readonly fast",
        (1, 1, 1),
        group="hash",
        summary=summary,
        since="7.4.0",
        complexity="O(N) where N is the number of specified fields",
    )(handler)


_expire_command(
    "hexpire", 1000, False, "Set expiry for hash field using relative time to expire (seconds)"
)
_expire_command(
    "hpexpire", 1, False, "Set expiry for hash field using relative time to expire (milliseconds)"
)
_expire_command(
    "hexpireat", 1000, True, "Set expiry for hash field using an absolute Unix timestamp (seconds)"
)
_expire_command(
    "hpexpireat",
    1,
    True,
    "Set expiry for hash field using an absolute Unix timestamp (milliseconds)",
)
_ttl_command("httl", 1000, False, "Returns the TTL in seconds of a hash field.")
_ttl_command("hpttl", 1, False, "Returns the TTL in milliseconds of a hash field.")
_ttl_command(
    "hexpiretime",
    1000,
    True,
    "Returns the expiration time of a hash field as a Unix timestamp, in seconds.",
)
_ttl_command(
    "hpexpiretime",
    1,
    True,
    "Returns the expiration time of a hash field as a Unix timestamp, in msec.",
)


@command(
    "hpersist",
    -5,
    "write fast",
    (1, 1, 1),
    group="hash",
    summary="Removes the expiration time for each specified field",
    since="7.4.0",
    complexity="O(N) where N is the number of specified fields",
)
def cmd_hpersist(c: Client, argv: list[bytes]) -> Reply:
    key = argv[1]
    h = _hash(c, key)
    fields = _fields_arg(argv, 3)
    if h is None:
        return [integer(-2)] * len(fields)
    out: list[Reply] = []
    changed = False
    for field in fields:
        if field not in h:
            out.append(integer(-2))
        elif h.field_expires is None or field not in h.field_expires:
            out.append(integer(-1))
        else:
            h.drop_field_expire(field)
            if not h.hashtable:
                h[field] = h.pop(field)  # to the end, with the fields without TTL
            changed = True
            out.append(integer(1))
    if changed:
        c.db.touch_write(key)
    return out
