"""Generic key commands and expiry.

DEL UNLINK EXISTS TOUCH TYPE KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL
EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST
RENAME RENAMENX COPY MOVE SWAPDB OBJECT WAIT, as Redis 7.2 answers them.

Times are unix milliseconds on the server's clock. Which lookups count as an
access (OBJECT IDLETIME / FREQ) follows Redis: EXISTS, TYPE, TTL & co, SCAN and
OBJECT only peek; TOUCH, EXPIRE, PERSIST, RENAME, COPY and MOVE touch.
"""

from __future__ import annotations

from typing import Any, Callable

from .. import errors
from ..connection import Client
from ..errors import CommandError
from ..keyspace import Database, Hash, duplicate, glob_matcher, type_name
from ..protocol import OK, Reply, SimpleString, integer, string2ll
from ..registry import command, container
from ._keys_docs import SPECS
from .transactions import touch_swapdb

_I64_MAX = 2**63 - 1
_I32_MIN = -(2**31)
_I32_MAX = 2**31 - 1
#: bounds of a seconds value that can be turned into milliseconds (C's
#: LLONG_MAX / 1000 and LLONG_MIN / 1000, which truncate toward zero)
_SECONDS_MAX = _I64_MAX // 1000
_SECONDS_MIN = -_SECONDS_MAX

_ZERO = integer(0)
_ONE = integer(1)
_MINUS_ONE = integer(-1)
_MINUS_TWO = integer(-2)

_SYNTAX = CommandError(errors.SYNTAX)
_NOT_INTEGER = CommandError(errors.NOT_INTEGER)
_NO_SUCH_KEY = CommandError(errors.NO_SUCH_KEY)
_SAME_OBJECT = CommandError(errors.SAME_OBJECT)
_DB_OUT_OF_RANGE = CommandError(errors.DB_INDEX_OUT_OF_RANGE)

#: Redis's OBJ_SHARED_REFCOUNT: what OBJECT REFCOUNT shows for shared integers
_SHARED_REFCOUNT = 2**31 - 1
#: strings holding 0 .. 9999 are shared objects in Redis
_SHARED_INTEGERS = 10000
#: the longest string Redis stores as 'embstr'
_EMBSTR_MAX = 44

_TYPE_REPLIES: dict[bytes, SimpleString] = {}


def _int32(raw: bytes, error: CommandError | None = None) -> int:
    """Redis's getIntFromObjectOrReply: a 64-bit integer, then the int range."""
    v = string2ll(raw)
    if v is None:
        raise error or _NOT_INTEGER
    if not _I32_MIN <= v <= _I32_MAX:
        raise error or CommandError(errors.INT_OUT_OF_RANGE)
    return v


def _db_by_index(c: Client, raw: bytes) -> Database:
    """The database a DB argument names (COPY ... DB n, MOVE)."""
    index = _int32(raw)
    dbs = c.server.keyspace.dbs
    if not 0 <= index < len(dbs):
        raise _DB_OUT_OF_RANGE
    return dbs[index]


def _count_reads(c: Client, hits: int, misses: int) -> None:
    """Count reads in INFO's keyspace_hits / keyspace_misses, as Redis's read lookups do."""
    stats = c.server.keyspace.stats
    stats.keyspace_hits += hits
    stats.keyspace_misses += misses


def _peek(c: Client, key: bytes) -> Any:
    """A read that is no access (TYPE, TTL, OBJECT ...) but counts as a hit or a miss."""
    value = c.db.peek(key)
    stats = c.server.keyspace.stats
    if value is None:
        stats.keyspace_misses += 1
    else:
        stats.keyspace_hits += 1
    return value


# ---------------------------------------------------------------------------
# Existence and deletion


def _delete(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    n = 0
    for key in argv[1:]:
        if db.delete(key):
            n += 1
    return integer(n)


@command(
    "del",
    -2,
    "write",
    (1, -1, 1),
    summary="Deletes one or more keys.",
    complexity=(
        "O(N) where N is the number of keys that will be removed. When a key to remove holds "
        "a value other than a string, the individual complexity for this key is O(M) where M "
        "is the number of elements in the list, set, sorted set or hash. Removing a single "
        "key that holds a string value is O(1)."
    ),
    acl="keyspace write slow",
    **SPECS["del"],
)
def cmd_del(c: Client, argv: list[bytes]) -> Reply:
    return _delete(c, argv)


@command(
    "unlink",
    -2,
    "write fast",
    (1, -1, 1),
    summary="Asynchronously deletes one or more keys.",
    since="4.0.0",
    complexity=(
        "O(1) for each key removed regardless of its size. Then the command does O(N) work "
        "in a different thread in order to reclaim memory, where N is the number of "
        "allocations the deleted objects where composed of."
    ),
    acl="keyspace write fast",
    **SPECS["unlink"],
)
def cmd_unlink(c: Client, argv: list[bytes]) -> Reply:
    return _delete(c, argv)


@command(
    "exists",
    -2,
    "readonly fast",
    (1, -1, 1),
    summary="Determines whether one or more keys exist.",
    complexity="O(N) where N is the number of keys to check.",
    acl="keyspace read fast",
    **SPECS["exists"],
)
def cmd_exists(c: Client, argv: list[bytes]) -> Reply:
    peek = c.db.peek
    found = sum(1 for key in argv[1:] if peek(key) is not None)
    _count_reads(c, found, len(argv) - 1 - found)
    return integer(found)


@command(
    "touch",
    -2,
    "readonly fast",
    (1, -1, 1),
    summary=(
        "Returns the number of existing keys out of those specified after updating the time "
        "they were last accessed."
    ),
    since="3.2.1",
    complexity="O(N) where N is the number of keys that will be touched.",
    acl="keyspace read fast",
    **SPECS["touch"],
)
def cmd_touch(c: Client, argv: list[bytes]) -> Reply:
    lookup = c.db.lookup
    found = sum(1 for key in argv[1:] if lookup(key) is not None)
    _count_reads(c, found, len(argv) - 1 - found)
    return integer(found)


@command(
    "type",
    2,
    "readonly fast",
    (1, 1, 1),
    summary="Determines the type of value stored at a key.",
    acl="keyspace read fast",
    **SPECS["type"],
)
def cmd_type(c: Client, argv: list[bytes]) -> Reply:
    name = type_name(_peek(c, argv[1]))
    reply = _TYPE_REPLIES.get(name)
    if reply is None:
        reply = _TYPE_REPLIES[name] = SimpleString(name)
    return reply


# ---------------------------------------------------------------------------
# Iterating the keyspace


@command(
    "keys",
    2,
    "readonly",
    summary="Returns all key names that match a pattern.",
    complexity=(
        "O(N) with N being the number of keys in the database, under the assumption that the "
        "key names in the database and the given pattern have limited length."
    ),
    acl="keyspace read slow dangerous",
    **SPECS["keys"],
)
def cmd_keys(c: Client, argv: list[bytes]) -> Reply:
    pattern = argv[1]
    keys = c.db.keys()
    if pattern == b"*":
        return list(keys)
    match = glob_matcher(pattern)
    return [key for key in keys if match(key)]


def parse_cursor(raw: bytes) -> int:
    """A SCAN cursor as C's strtoul reads it: an optional sign ('-n' wraps around),
    decimal digits, nothing after them; '' is 0; more than 64 bits is an error."""
    if b"\0" in raw:
        raw = raw.split(b"\0", 1)[0]  # the C string ends there
    if not raw:
        return 0
    body = raw[1:] if raw[0] in b"+-" else raw
    if not body or not body.isdigit() or not body.isascii():
        raise CommandError(errors.INVALID_CURSOR)
    value = int(body)
    if value > 0xFFFFFFFFFFFFFFFF:
        raise CommandError(errors.INVALID_CURSOR)
    if raw[0] == 45:  # '-'
        value = -value & 0xFFFFFFFFFFFFFFFF
    return value


@command(
    "scan",
    -2,
    "readonly touches_arbitrary_keys",
    summary="Iterates over the key names in the database.",
    since="2.8.0",
    complexity=(
        "O(1) for every call. O(N) for a complete iteration, including enough command calls "
        "for the cursor to return back to 0. N is the number of elements inside the "
        "collection."
    ),
    acl="keyspace read slow",
    **SPECS["scan"],
)
def cmd_scan(c: Client, argv: list[bytes]) -> Reply:
    cursor = parse_cursor(argv[1])
    count = 10
    pattern: bytes | None = None
    wanted: bytes | None = None
    i = 2
    argc = len(argv)
    while i < argc:
        opt = argv[i].lower()
        if i + 1 >= argc:
            raise _SYNTAX
        if opt == b"count":
            count = string2ll(argv[i + 1])  # type: ignore[assignment]
            if count is None:
                raise _NOT_INTEGER
            if count < 1:
                raise _SYNTAX
        elif opt == b"match":
            pattern = argv[i + 1]
        elif opt == b"type":
            wanted = argv[i + 1].lower()
        else:
            raise _SYNTAX
        i += 2
    db = c.db
    cursor, keys = db.scan(cursor, count)
    if pattern is not None and pattern != b"*":
        match = glob_matcher(pattern)
        keys = [key for key in keys if match(key)]
    if wanted is not None:
        _count_reads(c, len(keys), 0)  # Redis reads each one to learn its type
        peek = db.peek
        keys = [key for key in keys if type_name(peek(key)) == wanted]
    return [b"%d" % cursor, keys]


@command(
    "randomkey",
    1,
    "readonly touches_arbitrary_keys",
    summary="Returns a random key name from the database.",
    acl="keyspace read slow",
    **SPECS["randomkey"],
)
def cmd_randomkey(c: Client, argv: list[bytes]) -> Reply:
    return c.db.random_key()


@command(
    "dbsize",
    1,
    "readonly fast",
    group="server",
    summary="Returns the number of keys in the database.",
    acl="keyspace read fast",
    **SPECS["dbsize"],
)
def cmd_dbsize(c: Client, argv: list[bytes]) -> Reply:
    return integer(c.db.size())


def _check_flush_mode(argv: list[bytes]) -> None:
    """FLUSHDB / FLUSHALL take nothing, ASYNC or SYNC (both flush at once here)."""
    if len(argv) == 1:
        return
    if len(argv) > 2 or argv[1].lower() not in (b"sync", b"async"):
        raise _SYNTAX


@command(
    "flushdb",
    -1,
    "write",
    group="server",
    summary="Remove all keys from the current database.",
    complexity="O(N) where N is the number of keys in the selected database",
    acl="keyspace write slow dangerous",
    **SPECS["flushdb"],
)
def cmd_flushdb(c: Client, argv: list[bytes]) -> Reply:
    _check_flush_mode(argv)
    c.db.flush()
    return OK


@command(
    "flushall",
    -1,
    "write",
    group="server",
    summary="Removes all keys from all databases.",
    complexity="O(N) where N is the total number of keys in all databases",
    acl="keyspace write slow dangerous",
    **SPECS["flushall"],
)
def cmd_flushall(c: Client, argv: list[bytes]) -> Reply:
    _check_flush_mode(argv)
    c.server.keyspace.flushall()
    return OK


# ---------------------------------------------------------------------------
# Expiry

_NX, _XX, _GT, _LT = 1, 2, 4, 8
_EXPIRE_FLAGS = {b"nx": _NX, b"xx": _XX, b"gt": _GT, b"lt": _LT}


def _expire_flags(argv: list[bytes]) -> int:
    flags = 0
    for opt in argv[3:]:
        flag = _EXPIRE_FLAGS.get(opt.lower())
        if flag is None:
            shown = opt.split(b"\0", 1)[0]  # Redis formats it as a C string
            raise CommandError(errors.UNSUPPORTED_OPTION.encode().replace(b"{}", shown))
        flags |= flag
    if flags & _NX and flags & (_XX | _GT | _LT):
        raise CommandError(errors.NX_XX_GT_LT)
    if flags & _GT and flags & _LT:
        raise CommandError(errors.GT_LT)
    return flags


def _expire(c: Client, argv: list[bytes], name: str, seconds: bool, absolute: bool) -> Reply:
    flags = _expire_flags(argv) if len(argv) > 3 else 0
    when = string2ll(argv[2])
    if when is None:
        raise _NOT_INTEGER
    if seconds:
        if when > _SECONDS_MAX or when < _SECONDS_MIN:
            raise errors.invalid_expire(name)
        when *= 1000
    now = c.server.keyspace.now_ms()
    if not absolute:
        if when > _I64_MAX - now:
            raise errors.invalid_expire(name)
        when += now
    db = c.db
    key = argv[1]
    if db.lookup(key) is None:
        return _ZERO
    if flags:
        current = db.expires.get(key)  # None: no TTL, which counts as infinite
        if flags & _NX and current is not None:
            return _ZERO
        if flags & _XX and current is None:
            return _ZERO
        if flags & _GT and (current is None or when <= current):
            return _ZERO
        if flags & _LT and current is not None and when >= current:
            return _ZERO
    if when <= now:
        db.delete(key)
    else:
        db.set_expire(key, when)
    return _ONE


@command(
    "expire",
    -3,
    "write fast",
    (1, 1, 1),
    summary="Sets the expiration time of a key in seconds.",
    acl="keyspace write fast",
    **SPECS["expire"],
)
def cmd_expire(c: Client, argv: list[bytes]) -> Reply:
    return _expire(c, argv, "expire", True, False)


@command(
    "pexpire",
    -3,
    "write fast",
    (1, 1, 1),
    summary="Sets the expiration time of a key in milliseconds.",
    since="2.6.0",
    acl="keyspace write fast",
    **SPECS["pexpire"],
)
def cmd_pexpire(c: Client, argv: list[bytes]) -> Reply:
    return _expire(c, argv, "pexpire", False, False)


@command(
    "expireat",
    -3,
    "write fast",
    (1, 1, 1),
    summary="Sets the expiration time of a key to a Unix timestamp.",
    since="1.2.0",
    acl="keyspace write fast",
    **SPECS["expireat"],
)
def cmd_expireat(c: Client, argv: list[bytes]) -> Reply:
    return _expire(c, argv, "expireat", True, True)


@command(
    "pexpireat",
    -3,
    "write fast",
    (1, 1, 1),
    summary="Sets the expiration time of a key to a Unix milliseconds timestamp.",
    since="2.6.0",
    acl="keyspace write fast",
    **SPECS["pexpireat"],
)
def cmd_pexpireat(c: Client, argv: list[bytes]) -> Reply:
    return _expire(c, argv, "pexpireat", False, True)


def _ttl(c: Client, key: bytes, ms: bool, absolute: bool) -> Reply:
    db = c.db
    if _peek(c, key) is None:
        return _MINUS_TWO
    when = db.expires.get(key)
    if when is None:
        return _MINUS_ONE
    t = when if absolute else when - c.server.keyspace.now_ms()
    if t < 0:
        t = 0
    return integer(t if ms else (t + 500) // 1000)


@command(
    "ttl",
    2,
    "readonly fast",
    (1, 1, 1),
    summary="Returns the expiration time in seconds of a key.",
    acl="keyspace read fast",
    **SPECS["ttl"],
)
def cmd_ttl(c: Client, argv: list[bytes]) -> Reply:
    return _ttl(c, argv[1], False, False)


@command(
    "pttl",
    2,
    "readonly fast",
    (1, 1, 1),
    summary="Returns the expiration time in milliseconds of a key.",
    since="2.6.0",
    acl="keyspace read fast",
    **SPECS["pttl"],
)
def cmd_pttl(c: Client, argv: list[bytes]) -> Reply:
    return _ttl(c, argv[1], True, False)


@command(
    "expiretime",
    2,
    "readonly fast",
    (1, 1, 1),
    summary="Returns the expiration time of a key as a Unix timestamp.",
    since="7.0.0",
    acl="keyspace read fast",
    **SPECS["expiretime"],
)
def cmd_expiretime(c: Client, argv: list[bytes]) -> Reply:
    return _ttl(c, argv[1], False, True)


@command(
    "pexpiretime",
    2,
    "readonly fast",
    (1, 1, 1),
    summary="Returns the expiration time of a key as a Unix milliseconds timestamp.",
    since="7.0.0",
    acl="keyspace read fast",
    **SPECS["pexpiretime"],
)
def cmd_pexpiretime(c: Client, argv: list[bytes]) -> Reply:
    return _ttl(c, argv[1], True, True)


@command(
    "persist",
    2,
    "write fast",
    (1, 1, 1),
    summary="Removes the expiration time of a key.",
    since="2.2.0",
    acl="keyspace write fast",
    **SPECS["persist"],
)
def cmd_persist(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key = argv[1]
    if db.lookup(key) is None:
        return _ZERO
    return _ONE if db.persist(key) else _ZERO


# ---------------------------------------------------------------------------
# Renaming, copying, moving


def _place(db: Database, key: bytes, value: Any, when: int | None, raw: bool) -> None:
    """Store ``value`` at the absent ``key`` with its TTL and string encoding."""
    db.add(key, value)
    if when is not None:
        db.set_expire(key, when)
    if raw:
        db.mark_raw(key)


def _rename(c: Client, argv: list[bytes], nx: bool) -> Reply:
    db = c.db
    src, dst = argv[1], argv[2]
    value = db.lookup(src)
    if value is None:
        raise _NO_SUCH_KEY
    if src == dst:
        return _ZERO if nx else OK
    when = db.expires.get(src)
    raw = src in db.raw_strings
    if db.lookup(dst) is not None:
        if nx:
            return _ZERO
        db.delete(dst)
    _place(db, dst, value, when, raw)
    db.delete(src)
    return _ONE if nx else OK


@command(
    "rename",
    3,
    "write",
    (1, 2, 1),
    summary="Renames a key and overwrites the destination.",
    acl="keyspace write slow",
    **SPECS["rename"],
)
def cmd_rename(c: Client, argv: list[bytes]) -> Reply:
    return _rename(c, argv, False)


@command(
    "renamenx",
    3,
    "write fast",
    (1, 2, 1),
    summary="Renames a key only when the target key name doesn't exist.",
    acl="keyspace write fast",
    **SPECS["renamenx"],
)
def cmd_renamenx(c: Client, argv: list[bytes]) -> Reply:
    return _rename(c, argv, True)


@command(
    "copy",
    -3,
    "write denyoom",
    (1, 2, 1),
    summary="Copies the value of a key to a new key.",
    since="6.2.0",
    complexity=(
        "O(N) worst case for collections, where N is the number of nested items. O(1) for "
        "string values."
    ),
    acl="keyspace write slow",
    **SPECS["copy"],
)
def cmd_copy(c: Client, argv: list[bytes]) -> Reply:
    src_db = dst_db = c.db
    replace = False
    j = 3
    argc = len(argv)
    while j < argc:
        opt = argv[j].lower()
        if opt == b"replace":
            replace = True
        elif opt == b"db" and j + 1 < argc:
            dst_db = _db_by_index(c, argv[j + 1])
            j += 1
        else:
            raise _SYNTAX
        j += 1
    src, dst = argv[1], argv[2]
    if src_db is dst_db and src == dst:
        raise _SAME_OBJECT
    value = src_db.lookup(src)
    _count_reads(c, value is not None, value is None)
    if value is None:
        return _ZERO
    when = src_db.expires.get(src)
    if dst_db.lookup(dst) is not None:
        if not replace:
            return _ZERO
        dst_db.delete(dst)
    _place(dst_db, dst, duplicate(value), when, src in src_db.raw_strings)
    return _ONE


@command(
    "move",
    3,
    "write fast",
    (1, 1, 1),
    summary="Moves a key to another database.",
    acl="keyspace write fast",
    **SPECS["move"],
)
def cmd_move(c: Client, argv: list[bytes]) -> Reply:
    src_db = c.db
    dst_db = _db_by_index(c, argv[2])
    if dst_db is src_db:
        raise _SAME_OBJECT
    key = argv[1]
    value = src_db.lookup(key)
    if value is None:
        return _ZERO
    if dst_db.lookup(key) is not None:
        return _ZERO
    _place(dst_db, key, value, src_db.expires.get(key), key in src_db.raw_strings)
    src_db.delete(key)
    return _ONE


@command(
    "swapdb",
    3,
    "write fast",
    group="server",
    summary="Swaps two Redis databases.",
    since="4.0.0",
    complexity=(
        "O(N) where N is the count of clients watching or blocking on keys from both databases."
    ),
    acl="keyspace write fast dangerous",
    **SPECS["swapdb"],
)
def cmd_swapdb(c: Client, argv: list[bytes]) -> Reply:
    first = _int32(argv[1], CommandError(errors.INVALID_FIRST_DB))
    second = _int32(argv[2], CommandError(errors.INVALID_SECOND_DB))
    dbs = c.server.keyspace.dbs
    if not (0 <= first < len(dbs) and 0 <= second < len(dbs)):
        raise _DB_OUT_OF_RANGE
    if first != second:
        db1, db2 = dbs[first], dbs[second]
        touch_swapdb(db1, db2)
        db1.swap_contents(db2)
    return OK


# ---------------------------------------------------------------------------
# OBJECT

container(
    "object",
    group="generic",
    summary="A container for object introspection commands.",
    since="2.2.3",
).complexity = "Depends on subcommand."

_OBJECT_HELP = [
    SimpleString(line)
    for line in (
        b"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        b"ENCODING <key>",
        b"    Return the kind of internal representation used in order to store the value",
        b"    associated with a <key>.",
        b"FREQ <key>",
        b"    Return the access frequency index of the <key>. The returned integer is",
        b"    proportional to the logarithm of the recent access frequency of the key.",
        b"IDLETIME <key>",
        b"    Return the idle time of the <key>, that is the approximated number of",
        b"    seconds elapsed since the last access to the key.",
        b"REFCOUNT <key>",
        b"    Return the number of references of the value associated with the specified",
        b"    <key>.",
        b"HELP",
        b"    Prints this help.",
    )
]


def _string_encoding(db: Database, key: bytes, value: bytes) -> bytes:
    if key in db.raw_strings:
        return b"raw"
    if len(value) <= 20 and string2ll(value) is not None:
        return b"int"
    return b"embstr" if len(value) <= _EMBSTR_MAX else b"raw"


def _hash_encoding(db: Database, key: bytes, value: Hash) -> bytes:
    return b"hashtable" if value.hashtable else b"listpack"


#: OBJECT ENCODING by value type: (db, key, value) -> encoding name. Other
#: families register their types here.
OBJECT_ENCODINGS: dict[type, Callable[[Database, bytes, Any], bytes]] = {
    bytes: _string_encoding,
    Hash: _hash_encoding,
}


@command(
    "object|help",
    2,
    "loading stale",
    summary="Returns helpful text about the different subcommands.",
    since="6.2.0",
    acl="keyspace slow",
    **SPECS["object|help"],
)
def cmd_object_help(c: Client, argv: list[bytes]) -> Reply:
    return _OBJECT_HELP


@command(
    "object|encoding",
    3,
    "readonly",
    (2, 2, 1),
    summary="Returns the internal encoding of a Redis object.",
    since="2.2.3",
    acl="keyspace read slow",
    **SPECS["object|encoding"],
)
def cmd_object_encoding(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key = argv[2]
    value = _peek(c, key)
    if value is None:
        return None
    encoder = OBJECT_ENCODINGS.get(type(value))
    return encoder(db, key, value) if encoder is not None else b"unknown"


@command(
    "object|refcount",
    3,
    "readonly",
    (2, 2, 1),
    summary="Returns the reference count of a value of a key.",
    since="2.2.3",
    acl="keyspace read slow",
    **SPECS["object|refcount"],
)
def cmd_object_refcount(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key = argv[2]
    value = _peek(c, key)
    if value is None:
        return None
    if (
        type(value) is bytes
        and c.server.keyspace.shared_integers
        and key not in db.raw_strings
        and len(value) <= 4
    ):
        n = string2ll(value)
        if n is not None and 0 <= n < _SHARED_INTEGERS:
            return _SHARED_REFCOUNT
    return _ONE


@command(
    "object|idletime",
    3,
    "readonly",
    (2, 2, 1),
    summary="Returns the time since the last access to a Redis object.",
    since="2.2.3",
    acl="keyspace read slow",
    **SPECS["object|idletime"],
)
def cmd_object_idletime(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key = argv[2]
    if _peek(c, key) is None:
        return None
    if c.server.keyspace.lfu:
        raise CommandError(errors.LFU_SELECTED)
    return integer(db.idle_ms(key) // 1000)


@command(
    "object|freq",
    3,
    "readonly",
    (2, 2, 1),
    summary="Returns the logarithmic access frequency counter of a Redis object.",
    since="4.0.0",
    acl="keyspace read slow",
    **SPECS["object|freq"],
)
def cmd_object_freq(c: Client, argv: list[bytes]) -> Reply:
    db = c.db
    key = argv[2]
    if _peek(c, key) is None:
        return None
    if not c.server.keyspace.lfu:
        raise CommandError(errors.LFU_NOT_SELECTED)
    return integer(db.lfu_counter(key))


# ---------------------------------------------------------------------------
# WAIT


@command(
    "wait",
    3,
    "",
    summary=(
        "Blocks until the asynchronous replication of all preceding write commands sent by "
        "the connection is completed."
    ),
    since="3.0.0",
    acl="slow connection",
    **SPECS["wait"],
)
def cmd_wait(c: Client, argv: list[bytes]) -> Reply:
    """WAIT numreplicas timeout: a server without replicas acknowledges 0 at once.

    Real Redis blocks for ``timeout`` ms (forever for 0) when asked for one or
    more replicas, then answers 0 as well; redistill answers without waiting.
    """
    if string2ll(argv[1]) is None:
        raise _NOT_INTEGER
    timeout = string2ll(argv[2])
    if timeout is None:
        raise CommandError(errors.TIMEOUT_NOT_INTEGER)
    if timeout < 0:
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    if timeout > 0 and timeout > _I64_MAX - c.server.keyspace.now_ms():
        raise CommandError(errors.TIMEOUT_OUT_OF_RANGE)
    return _ZERO


__all__ = ["OBJECT_ENCODINGS", "parse_cursor"]
