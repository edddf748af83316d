"""Reading and asserting on a server's data directly, without a client.

:class:`Inspection` is a mixin of :class:`redistill.Server`: every method here
is a method of the server, usable in any test runner (or none)::

    server.assert_key("session:1", value="alice", ttl=300)
    server.assert_no_key("session:2")
    server.keys("api:*")               # ['api:users:1', 'api:users:2']
    server.dump()                      # {'data': {...}, 'ttl': {...}}

Keys and values are accepted as ``str`` (UTF-8) or ``bytes``; what comes back
is ``str`` when the stored bytes are valid UTF-8 and ``bytes`` otherwise.

Every method takes the server's lock, so it sees the keyspace between two
commands, never in the middle of one, and reads keys as commands do (through
:meth:`Database.peek`, the expiry-checking read of :meth:`Database.lookup`
that does not count as an access for OBJECT IDLETIME), so a key whose TTL has
run out on the server's clock is gone here too (as in Redis, a key lives
through the millisecond its TTL ends in). Failures raise ``AssertionError``
with what was expected, what was found (value, type and the TTL left on the
server's clock) and, for a missing key, the closest existing keys.
"""

from __future__ import annotations

import builtins
import difflib
import enum
import threading
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, Union

from .keyspace import Database, Hash, glob_matcher, type_name

if TYPE_CHECKING:
    from .clock import Clock
    from .keyspace import Keyspace

__all__ = ["MISSING", "Inspection", "Key", "Value"]

Key = Union[str, bytes]
Value = Union[str, bytes, int, float, Mapping[Any, Any]]
Seconds = Union[int, float, timedelta]
TTLSpec = Union[None, int, float, timedelta, Mapping[Any, Any]]


class _Missing(enum.Enum):
    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


#: "Not given": lets ``None`` mean something (``ttl=None``: no TTL).
MISSING: Final = _Missing.MISSING

#: values longer than this are shortened in failure messages
_SHOW_LIMIT = 200
#: at most this many keys are searched for "did you mean"
_SUGGEST_LIMIT = 50_000


class Inspection:
    """Direct reads, loads and assertions on the keyspace (mixed into ``Server``)."""

    if TYPE_CHECKING:
        lock: threading.RLock
        keyspace: Keyspace
        clock: Clock

    # -- reading -----------------------------------------------------------------
    def keys(self, pattern: Key = "*", *, db: int = 0) -> list[Any]:
        """Live keys matching a Redis glob ``pattern``, sorted."""
        match = glob_matcher(_bytes(pattern, "pattern"))
        with self.lock:
            found = sorted(filter(match, self._db(db).keys()))
        return [_text(k) for k in found]

    def get(self, key: Key, *, db: int = 0) -> Any:
        """The value at ``key`` as plain Python (``str``/``bytes``, ``dict`` for a
        hash), or None when there is no such key."""
        k = _bytes(key, "key")
        with self.lock:
            value = self._db(db).peek(k)
            return None if value is None else _plain(value)

    def ttl(self, key: Key, *, db: int = 0) -> float | None:
        """Seconds left before ``key`` expires on the server's clock (millisecond
        precision), or None when it has no TTL. ``KeyError`` if there is no key."""
        k = _bytes(key, "key")
        with self.lock:
            database = self._db(db)
            left = database.ttl_ms(k)
            if left is None:
                raise KeyError(_missing_text(self, database, k, None))
        return None if left < 0 else left / 1000

    def type(self, key: Key, *, db: int = 0) -> str:
        """The key's type as ``TYPE`` names it (``'string'``, ``'hash'`` ...; ``'none'``)."""
        k = _bytes(key, "key")
        with self.lock:
            value = self._db(db).peek(k)
        return "none" if value is None else type_name(value).decode()

    def dump(self, *, db: int = 0) -> dict[str, dict[Any, Any]]:
        """The whole database as plain Python: ``{"data": {key: value}, "ttl":
        {key: seconds left}}`` (keys without a TTL are absent from ``"ttl"``).

        ``other.load(**server.dump())`` copies a database to another server.
        """
        with self.lock:
            database = self._db(db)
            now = self.keyspace.now_ms()
            data: dict[Any, Any] = {}
            ttls: dict[Any, Any] = {}
            for k in sorted(database.keys()):
                name = _text(k)
                data[name] = _plain(database.data[k])
                when = database.expires.get(k)
                if when is not None:
                    ttls[name] = (when - now) / 1000
        return {"data": data, "ttl": ttls}

    # -- writing -------------------------------------------------------------------
    def load(self, data: Mapping[Any, Any], ttl: TTLSpec = None, *, db: int = 0) -> None:
        """Store ``data`` (``{key: value}``): ``str``/``bytes``/numbers become
        strings and mappings become hashes; existing keys are replaced.

        ``ttl`` gives every loaded key the same TTL in seconds (or a
        ``timedelta``), or, as a mapping, a TTL per key (None: no TTL).
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"load() needs a mapping of key -> value, got {_tname(data)}")
        items = [(_bytes(k, "key"), _stored(v, k)) for k, v in data.items()]
        if isinstance(ttl, Mapping):
            loaded = {k for k, _ in items}
            per_key = {}
            for k, seconds in ttl.items():
                kb = _bytes(k, "key")
                if kb not in loaded:
                    raise ValueError(f"ttl given for {_show(kb)}, which is not in data")
                per_key[kb] = _ttl_ms(seconds)
        else:
            every = _ttl_ms(ttl)
            per_key = {k: every for k, _ in items}
        with self.lock:
            database = self._db(db)
            now = self.keyspace.now_ms()
            for k, value in items:
                database.set(k, value)
                left = per_key.get(k)
                if left is not None:
                    database.set_expire(k, now + left)

    # -- assertions ------------------------------------------------------------------
    def assert_key(
        self,
        key: Key,
        value: Any = MISSING,
        type: Any = MISSING,  # noqa: A002 - the word Redis uses
        ttl: Any = MISSING,
        *,
        tolerance: Seconds = 0,
        db: int = 0,
    ) -> None:
        """Assert that ``key`` exists and, for each argument given, that it has
        this ``value`` (a mapping for a hash), this ``type`` (``'string'``,
        ``'hash'`` ...) and this ``ttl`` in seconds (within ``tolerance``; None:
        no TTL)."""
        __tracebackhide__ = True
        k = _bytes(key, "key")
        want_value = MISSING if value is MISSING else _stored(value, key)
        if type is not MISSING and not isinstance(type, str):
            raise TypeError(f"type must be a type name such as 'string', got {_tname(type)}")
        with self.lock:
            database = self._db(db)
            found = database.peek(k)
            if found is None:
                raise AssertionError(_missing_text(self, database, k, _wanted(value, type)))
            left = database.ttl_ms(k)
            if type is not MISSING and type_name(found).decode() != type:
                raise AssertionError(
                    f"key {_show(k)} has the wrong type{_in_db(db)}\n"
                    f"  expected: {type}\n"
                    f"  found:    {_describe(found, left)}"
                )
            if want_value is not MISSING and not _same(found, want_value):
                raise AssertionError(
                    f"key {_show(k)} has the wrong value{_in_db(db)}\n"
                    f"  expected: {_show(want_value)} ({type_name(want_value).decode()})\n"
                    f"  found:    {_describe(found, left)}" + _hash_diff(found, want_value)
                )
            if ttl is not MISSING:
                _check_ttl(k, db, found, left, ttl, tolerance)

    def assert_no_key(self, key: Key, *, db: int = 0) -> None:
        """Assert that ``key`` does not exist (an expired key does not)."""
        __tracebackhide__ = True
        k = _bytes(key, "key")
        with self.lock:
            database = self._db(db)
            found = database.peek(k)
            if found is not None:
                raise AssertionError(
                    f"expected no key {_show(k)}{_in_db(db)}, but it exists\n"
                    f"  found:    {_describe(found, database.ttl_ms(k))}"
                )

    def assert_ttl(
        self, key: Key, seconds: Seconds, tolerance: Seconds = 0, *, db: int = 0
    ) -> None:
        """Assert that ``key`` expires in ``seconds`` on the server's clock, give or
        take ``tolerance`` (exact under the default frozen virtual clock)."""
        __tracebackhide__ = True
        if seconds is None:
            raise TypeError("assert_ttl needs a number of seconds; use assert_persistent()")
        self.assert_key(key, ttl=seconds, tolerance=tolerance, db=db)

    def assert_persistent(self, key: Key, *, db: int = 0) -> None:
        """Assert that ``key`` exists and has no TTL."""
        __tracebackhide__ = True
        self.assert_key(key, ttl=None, db=db)

    def assert_hash(self, key: Key, mapping: Mapping[Any, Any], *, db: int = 0) -> None:
        """Assert that ``key`` holds a hash with exactly these fields and values."""
        __tracebackhide__ = True
        if not isinstance(mapping, Mapping):
            raise TypeError(f"assert_hash needs a mapping of field -> value, got {_tname(mapping)}")
        self.assert_key(key, value=mapping, type="hash", db=db)

    def assert_keys(self, pattern: Key, expected: Iterable[Key], *, db: int = 0) -> None:
        """Assert that the keys matching ``pattern`` are exactly ``expected`` (any order)."""
        __tracebackhide__ = True
        if isinstance(expected, (str, bytes)):
            raise TypeError("assert_keys needs a collection of keys, not a single key")
        want = {_bytes(k, "key") for k in expected}
        p = _bytes(pattern, "pattern")
        match = glob_matcher(p)
        with self.lock:
            have = set(filter(match, self._db(db).keys()))
        if have != want:
            lines = [f"keys matching {_show(p)}{_in_db(db)} differ"]
            lines.append(f"  expected: {_show_keys(want)}")
            lines.append(f"  found:    {_show_keys(have)}")
            if want - have:
                lines.append(f"  missing:    {_show_keys(want - have)}")
            if have - want:
                lines.append(f"  unexpected: {_show_keys(have - want)}")
            raise AssertionError("\n".join(lines))

    # -- helpers ---------------------------------------------------------------------
    def _db(self, index: int) -> Database:
        dbs = self.keyspace.dbs
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(dbs):
            raise ValueError(f"db must be an index from 0 to {len(dbs) - 1}, got {index!r}")
        return dbs[index]


# ---------------------------------------------------------------------------
# conversions


def _tname(obj: object) -> str:
    return builtins.type(obj).__name__


def _bytes(obj: object, what: str) -> bytes:
    if isinstance(obj, str):
        return obj.encode()
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return bytes(obj)
    raise TypeError(f"{what} must be str or bytes, got {_tname(obj)}")


def _scalar(obj: object, key: object) -> bytes:
    """A value as Redis would store it (redis-py's encoding of numbers)."""
    if isinstance(obj, str):
        return obj.encode()
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return bytes(obj)
    if isinstance(obj, bool) or not isinstance(obj, (int, float)):
        raise TypeError(f"value for {key!r} must be str, bytes or a number, got {_tname(obj)}")
    return repr(obj).encode()


def _stored(obj: object, key: object) -> Any:
    """The stored form of a value given as plain Python: bytes or a Hash."""
    if isinstance(obj, Mapping):
        if not obj:
            raise ValueError(f"value for {key!r} is an empty mapping; Redis has no empty hashes")
        return Hash((_bytes(f, "hash field"), _scalar(v, key)) for f, v in obj.items())
    return _scalar(obj, key)


def _text(b: bytes) -> Any:
    try:
        return b.decode()
    except UnicodeDecodeError:
        return b


def _plain(value: Any) -> Any:
    """The plain-Python view of a stored value."""
    if isinstance(value, bytes):
        return _text(value)
    if isinstance(value, dict):
        return {_plain(f): _plain(v) for f, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return {_plain(v) for v in value}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _ttl_ms(seconds: object, *, zero: bool = False) -> int | None:
    """Seconds (or a timedelta) as whole milliseconds; positive, or ``zero`` too."""
    if seconds is None:
        return None
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"a TTL must be seconds (a number or timedelta), got {_tname(seconds)}")
    ms = round(seconds * 1000)
    if ms < 0 or (ms == 0 and not zero):
        raise ValueError(f"a TTL must be positive, got {seconds!r}")
    return ms


def _same(found: Any, want: Any) -> bool:
    return builtins.type(found) is builtins.type(want) and bool(found == want)


# ---------------------------------------------------------------------------
# messages


def _show(obj: Any) -> str:
    """A short, readable repr: text for UTF-8 bytes, reprs for the rest."""
    if isinstance(obj, bytes):
        text = repr(_text(obj))
    elif isinstance(obj, dict):
        text = repr(_plain(obj))
    else:
        text = repr(obj)
    if len(text) > _SHOW_LIMIT:
        text = text[:_SHOW_LIMIT] + "..."
    return text


def _show_keys(keys: Iterable[bytes]) -> str:
    return "[" + ", ".join(_show(k) for k in sorted(keys)) + "]"


def _seconds_text(ms: int) -> str:
    return f"{ms / 1000:g}s"


def _ttl_text(left: int | None) -> str:
    return "no TTL" if left is None or left < 0 else f"TTL {_seconds_text(left)}"


def _describe(value: Any, left: int | None) -> str:
    return f"{_show(value)} ({type_name(value).decode()}, {_ttl_text(left)})"


def _in_db(db: int) -> str:
    return "" if db == 0 else f" in db {db}"


def _wanted(value: Any, type_: Any) -> str:
    parts = []
    if value is not MISSING:
        parts.append(f"value {_show(_stored(value, '?'))}")
    if type_ is not MISSING:
        parts.append(f"type {type_}")
    return ", ".join(parts)


def _missing_text(
    server: Inspection, database: Database, key: bytes, wanted: str | None = ""
) -> str:
    """Why ``key`` is not there (``wanted``: what an assertion expected of it),
    with the closest keys that are."""
    candidates = list(database.keys())
    count = f"{len(candidates)} key{'' if len(candidates) == 1 else 's'}"
    if wanted is None:
        text = f"no key {_show(key)} in db {database.index} ({count})"
    else:
        text = f"expected key {_show(key)}{' with ' + wanted if wanted else ''}"
        text += f", but db {database.index} has no such key ({count})"
    close = difflib.get_close_matches(key, candidates[:_SUGGEST_LIMIT], n=3, cutoff=0.6)
    if close:
        text += "; did you mean " + " or ".join(_show(c) for c in close) + "?"
    elsewhere = [d.index for d in server.keyspace.dbs.made() if d is not database and d.exists(key)]
    if elsewhere:
        text += f" (db {', '.join(map(str, elsewhere))} has it)"
    return text


def _hash_diff(found: Any, want: Any) -> str:
    if not (isinstance(found, dict) and isinstance(want, dict)):
        return ""
    lines = []
    missing = sorted(set(want) - set(found))
    extra = sorted(set(found) - set(want))
    differ = sorted(f for f in set(want) & set(found) if want[f] != found[f])
    if missing:
        lines.append("  missing fields:    " + ", ".join(_show(f) for f in missing))
    if extra:
        lines.append(
            "  unexpected fields: " + ", ".join(f"{_show(f)}={_show(found[f])}" for f in extra)
        )
    for f in differ:
        lines.append(f"  field {_show(f)}: expected {_show(want[f])}, found {_show(found[f])}")
    return "\n" + "\n".join(lines) if lines else ""


def _check_ttl(
    key: bytes, db: int, found: Any, left: int | None, ttl: Any, tolerance: Seconds
) -> None:
    __tracebackhide__ = True
    if ttl is None:
        if left is not None and left >= 0:
            raise AssertionError(
                f"key {_show(key)} has a TTL{_in_db(db)}\n"
                f"  expected: no TTL\n"
                f"  found:    {_describe(found, left)}"
            )
        return
    want_ms = _ttl_ms(ttl, zero=True)  # 0: in its last millisecond, as PTTL says
    assert want_ms is not None
    tol = tolerance.total_seconds() if isinstance(tolerance, timedelta) else tolerance
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
        raise TypeError(f"tolerance must be a non-negative number of seconds, got {tolerance!r}")
    tol_ms = round(tol * 1000)
    around = f" ± {tol:g}s" if tol_ms else ""
    if left is None or left < 0:
        raise AssertionError(
            f"key {_show(key)} has no TTL{_in_db(db)}\n"
            f"  expected: TTL {_seconds_text(want_ms)}{around}\n"
            f"  found:    {_describe(found, left)}"
        )
    if abs(left - want_ms) > tol_ms:
        raise AssertionError(
            f"key {_show(key)} has the wrong TTL{_in_db(db)}\n"
            f"  expected: TTL {_seconds_text(want_ms)}{around}\n"
            f"  found:    TTL {_seconds_text(left)} left on the server's clock"
            f" ({_show(found)}, {type_name(found).decode()})"
        )
