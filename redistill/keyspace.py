"""Databases, typed values and expiry.

Values are stored as plain Python objects: ``bytes`` for strings, :class:`Hash`
for hashes. Expiry times are absolute unix milliseconds on the server's clock,
kept in ``Database.expires``; a heap per database orders them so that purging
after a clock move costs work proportional to the keys that expired.

Every read goes through :meth:`Database.lookup`, which treats a key whose time
has come as absent (and deletes it), so an expired key is invisible at once
even before the purge runs.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:
    from .clock import Clock

_U64 = (1 << 64) - 1


class Hash(dict):  # type: ignore[type-arg]
    """A Redis hash: field (bytes) -> value (bytes)."""

    __slots__ = ("field_expires",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_expires: dict[bytes, int] | None = None


#: Type names as TYPE and SCAN TYPE spell them, by Python type.
TYPE_NAMES: dict[type, bytes] = {bytes: b"string", Hash: b"hash"}


def type_name(value: object) -> bytes:
    return TYPE_NAMES.get(type(value), b"none")


class Stats:
    """Counters INFO reports."""

    __slots__ = (
        "keyspace_hits",
        "keyspace_misses",
        "expired_keys",
        "total_commands",
        "total_connections",
        "rejected_connections",
        "net_input_bytes",
        "net_output_bytes",
        "command_calls",
        "error_replies",
    )

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.keyspace_hits = 0
        self.keyspace_misses = 0
        self.expired_keys = 0
        self.total_commands = 0
        self.total_connections = 0
        self.rejected_connections = 0
        self.net_input_bytes = 0
        self.net_output_bytes = 0
        self.command_calls: dict[str, list[int]] = {}
        self.error_replies = 0


class Database:
    """One numbered database."""

    __slots__ = ("index", "data", "expires", "_heap", "ks", "version", "_scan_snapshot", "on_write")

    def __init__(self, index: int, ks: Keyspace) -> None:
        self.index = index
        self.ks = ks
        self.data: dict[bytes, Any] = {}
        self.expires: dict[bytes, int] = {}
        self._heap: list[tuple[int, bytes]] = []
        #: bumped when a key is added or removed (SCAN snapshots read it)
        self.version = 0
        self._scan_snapshot: tuple[int, list[int], list[bytes]] | None = None
        #: called with (db, key) after every write to a key (WATCH hooks in here)
        self.on_write: Callable[[Database, bytes], None] | None = None

    # -- reading -----------------------------------------------------------
    def lookup(self, key: bytes) -> Any:
        """The live value at ``key``, or None (expired keys are removed on sight)."""
        value = self.data.get(key)
        if value is not None and self.expires:
            when = self.expires.get(key)
            if when is not None and when <= self.ks.now_ms():
                self._expire_key(key)
                return None
        return value

    def exists(self, key: bytes) -> bool:
        return self.lookup(key) is not None

    def ttl_ms(self, key: bytes) -> int | None:
        """Milliseconds left, -1 for a key without TTL, None when the key is absent."""
        if self.lookup(key) is None:
            return None
        when = self.expires.get(key)
        if when is None:
            return -1
        return when - self.ks.now_ms()

    def expire_at(self, key: bytes) -> int | None:
        """Absolute expiry (unix ms) or None for no TTL; the key must exist."""
        return self.expires.get(key)

    def size(self) -> int:
        return len(self.data)

    def keys(self) -> Iterator[bytes]:
        """Live keys (expired ones are skipped and removed)."""
        if not self.expires:
            yield from list(self.data)
            return
        now = self.ks.now_ms()
        expires = self.expires
        dead = []
        for key in list(self.data):
            when = expires.get(key)
            if when is not None and when <= now:
                dead.append(key)
                continue
            yield key
        for key in dead:
            if key in self.data and self.expires.get(key, now + 1) <= now:
                self._expire_key(key)

    # -- writing -----------------------------------------------------------
    def set(self, key: bytes, value: Any, keep_ttl: bool = False) -> None:
        """Store ``value``; any TTL is dropped unless ``keep_ttl``."""
        data = self.data
        if key not in data:
            self.version += 1
        data[key] = value
        if not keep_ttl and self.expires:
            self.expires.pop(key, None)
        if self.on_write is not None:
            self.on_write(self, key)

    def add(self, key: bytes, value: Any) -> None:
        """Store a value at a key known to be absent."""
        self.data[key] = value
        self.version += 1
        if self.on_write is not None:
            self.on_write(self, key)

    def touch_write(self, key: bytes) -> None:
        """Record an in-place modification of the value at ``key``."""
        if self.on_write is not None:
            self.on_write(self, key)

    def delete(self, key: bytes) -> bool:
        """Remove ``key``; True if it was live."""
        if self.lookup(key) is None:
            return False
        self._remove(key)
        if self.on_write is not None:
            self.on_write(self, key)
        return True

    def _remove(self, key: bytes) -> None:
        del self.data[key]
        self.version += 1
        if self.expires:
            self.expires.pop(key, None)

    def set_expire(self, key: bytes, when_ms: int) -> None:
        """Give an existing key an absolute expiry time (unix ms)."""
        self.expires[key] = when_ms
        heapq.heappush(self._heap, (when_ms, key))
        if len(self._heap) > 2 * len(self.expires) + 1024:
            self._rebuild_heap()
        if self.on_write is not None:
            self.on_write(self, key)

    def persist(self, key: bytes) -> bool:
        """Drop the key's TTL; True if it had one."""
        if self.expires.pop(key, None) is None:
            return False
        if self.on_write is not None:
            self.on_write(self, key)
        return True

    def flush(self) -> None:
        keys = list(self.data) if self.on_write is not None else []
        self.data = {}
        self.expires = {}
        self._heap = []
        self.version += 1
        self._scan_snapshot = None
        if self.on_write is not None:
            for key in keys:
                self.on_write(self, key)

    # -- expiry --------------------------------------------------------------
    def _expire_key(self, key: bytes) -> None:
        self._remove(key)
        self.ks.stats.expired_keys += 1
        if self.on_write is not None:
            self.on_write(self, key)

    def purge_expired(self, now_ms: int) -> int:
        """Delete every key whose time has come; cost follows the number expired."""
        heap = self._heap
        expires = self.expires
        n = 0
        while heap and heap[0][0] <= now_ms:
            when, key = heapq.heappop(heap)
            if expires.get(key) == when:
                self._expire_key(key)
                n += 1
        return n

    def _rebuild_heap(self) -> None:
        self._heap = [(when, key) for key, when in self.expires.items()]
        heapq.heapify(self._heap)

    # -- SCAN ------------------------------------------------------------------
    def scan(self, cursor: int, count: int) -> tuple[int, list[bytes]]:
        """One SCAN step.

        The cursor is a position in a fixed 64-bit hash order of the keys: a key
        present for the whole iteration is returned exactly once, however many
        keys are added or removed between calls.
        """
        snap = self._scan_snapshot
        if snap is None or (cursor == 0 and snap[0] != self.version):
            keys = sorted(self.data, key=_scan_hash)
            snap = (self.version, [_scan_hash(k) for k in keys], keys)
            self._scan_snapshot = snap
        _, hashes, keys = snap
        i = bisect_left(hashes, cursor)
        n = len(keys)
        out: list[bytes] = []
        stop = i + max(count, 1)
        while i < n and (i < stop or hashes[i] == hashes[i - 1]):
            key = keys[i]
            if self.lookup(key) is not None:
                out.append(key)
            i += 1
        next_cursor = 0 if i >= n else hashes[i]
        return next_cursor, out


def _scan_hash(key: bytes) -> int:
    # Never 0, which is the "done" cursor.
    return (hash(key) & _U64) or 1


class Keyspace:
    """All databases of one server, its clock and its counters."""

    def __init__(self, clock: Clock, databases: int = 16) -> None:
        self.clock = clock
        self.stats = Stats()
        self.dbs = [Database(i, self) for i in range(databases)]
        self.now_ms: Callable[[], int] = clock.time_ms

    def purge_expired(self) -> int:
        now = self.clock.time_ms()
        return sum(db.purge_expired(now) for db in self.dbs if db._heap)

    def flushall(self) -> None:
        for db in self.dbs:
            db.flush()


# ---------------------------------------------------------------------------
# Glob matching with Redis's stringmatchlen rules


_glob_cache: dict[bytes, Callable[[bytes], Any]] = {}


def glob_matcher(pattern: bytes) -> Callable[[bytes], bool]:
    """A predicate that matches keys against a Redis glob (``* ? [a-z] [^x] \\x``)."""
    fn = _glob_cache.get(pattern)
    if fn is None:
        if pattern == b"*":
            fn = _match_all
        else:
            fn = re.compile(_glob_to_regex(pattern), re.DOTALL).fullmatch
        if len(_glob_cache) > 1024:
            _glob_cache.clear()
        _glob_cache[pattern] = fn
    return fn  # type: ignore[return-value]


def _match_all(_key: bytes) -> bool:
    return True


def _glob_to_regex(pat: bytes) -> bytes:
    out = bytearray()
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == 42:  # *
            while i + 1 < n and pat[i + 1] == 42:
                i += 1
            out += b".*"
        elif c == 63:  # ?
            out += b"."
        elif c == 91:  # [
            i += 1
            negate = i < n and pat[i] == 94
            if negate:
                i += 1
            items = bytearray()
            while i < n and pat[i] != 93:
                if pat[i] == 92 and i + 1 < n:  # escaped char
                    i += 1
                    items += re.escape(bytes([pat[i]]))
                elif i + 2 < n and pat[i + 1] == 45 and pat[i + 2] != 93:  # range a-z
                    lo, hi = pat[i], pat[i + 2]
                    if lo > hi:
                        lo, hi = hi, lo
                    items += re.escape(bytes([lo])) + b"-" + re.escape(bytes([hi]))
                    i += 2
                else:
                    items += re.escape(bytes([pat[i]]))
                i += 1
            # An unterminated class runs to the end of the pattern, as in Redis.
            if not items:
                out += b"(?!)" if not negate else b"."
            else:
                out += b"[" + (b"^" if negate else b"") + bytes(items) + b"]"
        elif c == 92 and i + 1 < n:  # backslash escape
            i += 1
            out += re.escape(bytes([pat[i]]))
        else:
            out += re.escape(bytes([c]))
        i += 1
    return bytes(out)


__all__ = ["Database", "Hash", "Keyspace", "glob_matcher", "type_name"]
