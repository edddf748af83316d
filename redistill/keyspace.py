"""Databases, typed values and expiry.

Values are stored as plain Python objects: ``bytes`` for strings, :class:`Hash`
for hashes. Expiry times are absolute unix milliseconds on the server's clock,
kept in ``Database.expires``. An index files every key with a TTL under the
second its time falls in (a list of keys per second, plus a heap of those
seconds), so that purging after a clock move costs work proportional to the
keys that expired, at about one list slot per key (see ``purge_expired``).

Every read goes through :meth:`Database.lookup`, which treats a key whose time
has come as absent (and deletes it), so an expired key is invisible at once
even before the purge runs.

Each database also remembers when every key was last accessed (OBJECT
IDLETIME) or, under an LFU ``maxmemory-policy``, its logarithmic access counter
(OBJECT FREQ). Accesses are stamped in whole seconds of a cached clock reading,
refreshed when the clock moves and by the server's periodic purge, as Redis's
own LRU clock is refreshed by its cron. A key accessed last in the database's
*base second* (when it was created or flushed) has no entry at all: with a
frozen clock, the common case in tests, access times cost no memory and a read
pays one test. Accesses in any other second are appended to an *access log*,
a list of keys per second in the order they came (about one list slot, 8
bytes, per access instead of a dict entry per key); a key's last access is the
newest log entry naming it. Repeated and stale entries are dropped once the
log holds over twice as many entries as there are keys (plus 1024), and OBJECT
IDLETIME folds a long log into a dict (``atime``) so that asking many keys
stays cheap (see ``idle_ms``).
"""

from __future__ import annotations

import bisect
import copy as _copy
import heapq
import random
import re
from collections import deque
from itertools import islice, repeat
from types import FunctionType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, overload

if TYPE_CHECKING:
    from .clock import Clock
    from .config import Config

#: runs an iterator to its end at C speed (bulk deletes)
_consume: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend


class Hash(dict):  # type: ignore[type-arg]
    """A Redis hash: field (bytes) -> value (bytes).

    ``field_expires`` maps fields with a TTL (HEXPIRE ...) to absolute unix ms;
    it is None while no field has one, so plain hashes pay one attribute test.
    Set it only through :meth:`Database.set_field_expire` (which indexes it for
    purging). ``hashtable`` is the encoding Redis would use: False while it is
    a listpack; once True it stays so, as in Redis.
    """

    __slots__ = ("field_expires", "hashtable")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_expires: dict[bytes, int] | None = None
        self.hashtable = False

    def copy(self) -> Hash:
        """A copy with the same field TTLs and encoding (for COPY and friends)."""
        h = Hash(self)
        if self.field_expires:
            h.field_expires = dict(self.field_expires)
        h.hashtable = self.hashtable
        return h

    def drop_field_expire(self, field: bytes) -> None:
        """Forget ``field``'s TTL (the field is being overwritten or removed)."""
        fe = self.field_expires
        if fe is not None and fe.pop(field, None) is not None and not fe:
            self.field_expires = None


#: Type names as TYPE and SCAN TYPE spell them, by Python type.
TYPE_NAMES: dict[type, bytes] = {bytes: b"string", Hash: b"hash"}


def type_name(value: object) -> bytes:
    return TYPE_NAMES.get(type(value), b"none")


def duplicate(value: Any) -> Any:
    """An independent copy of a stored value (COPY): strings are shared, other
    types use their own ``copy()`` method when they define one (Hash does),
    else a deep copy."""
    if type(value) is bytes:
        return value
    method = getattr(type(value), "copy", None)
    if isinstance(method, FunctionType):
        return method(value)
    return _copy.deepcopy(value)


class Stats:
    """Counters INFO reports."""

    __slots__ = (
        "keyspace_hits",
        "keyspace_misses",
        "expired_keys",
        "total_connections",
        "rejected_connections",
        "net_input_bytes",
        "net_input_reset",
        "net_output_bytes",
        "command_calls",
        "error_replies",
        "error_codes",
    )

    def __init__(self) -> None:
        #: bytes received over the server's life (CONFIG RESETSTAT leaves it: the
        #: command log's byte budget is checked against it)
        self.net_input_bytes = 0
        self.reset()

    def reset(self) -> None:
        self.keyspace_hits = 0
        self.keyspace_misses = 0
        self.expired_keys = 0
        self.total_connections = 0
        self.rejected_connections = 0
        #: net_input_bytes at the last reset (INFO reports the bytes since)
        self.net_input_reset = self.net_input_bytes
        self.net_output_bytes = 0
        #: INFO commandstats: command name -> [calls, rejected calls, failed calls]
        self.command_calls: dict[str, list[int]] = {}
        self.error_replies = 0
        #: INFO errorstats: error code (the reply's first word) -> count
        self.error_codes: dict[str, int] = {}

    @property
    def total_commands(self) -> int:
        """Commands run (INFO total_commands_processed): the calls of every command."""
        return sum(calls[0] for calls in self.command_calls.values())

    def count_error(self, reply: bytes) -> None:
        """Count an error reply under its code (``ERR``, ``WRONGTYPE`` ...)."""
        code = reply.split(b" ", 1)[0].decode("latin-1")
        self.error_codes[code] = self.error_codes.get(code, 0) + 1


class Database:
    """One numbered database."""

    __slots__ = (
        "index",
        "data",
        "expires",
        "_buckets",
        "_bucket_heap",
        "_near",
        "_index_len",
        "_whens",
        "ks",
        "version",
        "_scan_snapshot",
        "on_write",
        "field_heap",
        "_field_heap_limit",
        "atime",
        "base_s",
        "_log",
        "_cur",
        "_cap",
        "_older",
        "clock_ms",
        "clock_s",
        "raw_strings",
        "expiry_pops",
    )

    def __init__(self, index: int, ks: Keyspace) -> None:
        self.index = index
        self.ks = ks
        self.data: dict[bytes, Any] = {}
        self.expires: dict[bytes, int] = {}
        #: the expiry index: second (when_ms // 1000) -> keys whose TTL ends in it
        #: (stale entries, from a TTL changed or dropped since, are skipped when
        #: read), a heap of those seconds, and (when_ms, key) entries of the
        #: second that has begun, which a purge reached before it ended
        self._buckets: dict[int, list[bytes]] = {}
        self._bucket_heap: list[int] = []
        self._near: list[tuple[int, bytes]] = []
        self._index_len = 0
        #: equal expiry times share one int object (a cache, cleared when large)
        self._whens: dict[int, int] = {}
        #: bumped when a key is added or removed (SCAN snapshots read it)
        self.version = 0
        self._scan_snapshot: tuple[int, int, list[list[bytes]]] | None = None
        #: called with (db, key) after every write to a key (WATCH hooks in here)
        self.on_write: Callable[[Database, bytes], None] | None = None
        #: (when_ms, key, field) of hash field TTLs, checked against the hash on pop
        self.field_heap: list[tuple[int, bytes, bytes]] = []
        self._field_heap_limit = 1024
        #: the access log: (second, keys accessed in it), oldest first; a key's
        #: last access is the newest entry naming it (entries of keys removed
        #: since are stale, and skipped)
        self._log: list[tuple[int, list[bytes]]] = []
        #: key -> second of its last access, for keys whose log entries were
        #: folded (see ``idle_ms``): older than any log entry. Under an LFU
        #: policy an _LfuCounters holding every key, whose entries pack Redis's
        #: (minutes << 8 | counter) instead, and the log stays empty.
        self.atime: dict[bytes, int] = ks.new_access_map()
        #: the last-access second of every key with neither (None under an LFU
        #: policy: every access is recorded)
        self.base_s: int | None = None if ks.lfu else ks.clock_ms // 1000
        #: the cached clock reading accesses are stamped with (see Keyspace.tick)
        self.clock_ms = ks.clock_ms
        self.clock_s = ks.clock_ms // 1000
        #: what an access is recorded with: ``append(key)`` of the log's newest
        #: segment (whose second is ``clock_s``), or of the LFU counters; None
        #: while nothing needs recording (the clock is in the base second and
        #: the log and ``atime`` are empty)
        self._cur: list[bytes] | _LfuCounters | None = None
        if isinstance(self.atime, _LfuCounters):
            self._cur = self.atime
        #: ``_log_full`` runs once ``_cur`` is longer than this
        self._cap = _NO_CAP if ks.lfu else 0
        #: entries in the log's segments before ``_cur``
        self._older = 0
        #: string keys Redis would store with the 'raw' encoding even though
        #: they are short (APPEND, SETRANGE, SETBIT ... modified them in place)
        self.raw_strings: set[bytes] = set()
        #: expiry-index entries examined by purges so far (tests read it)
        self.expiry_pops = 0

    # -- reading -----------------------------------------------------------
    def lookup(self, key: bytes) -> Any:
        """The live value at ``key``, or None (expired keys are removed on sight).

        Counts as an access (OBJECT IDLETIME / FREQ); see :meth:`peek` for reads
        that must not, like TYPE, EXISTS and TTL.
        """
        value = self.data.get(key)
        if value is None:
            return None
        if self.expires:
            when = self.expires.get(key)
            if when is not None and when < self.ks.now_ms():
                self._expire_key(key)
                return None
        cur = self._cur
        if cur is not None:
            cur.append(key)
            if len(cur) > self._cap:
                self._log_full()
        return value

    def peek(self, key: bytes) -> Any:
        """Like :meth:`lookup`, without counting as an access."""
        value = self.data.get(key)
        if value is not None and self.expires:
            when = self.expires.get(key)
            if when is not None and when < self.ks.now_ms():
                self._expire_key(key)
                return None
        return value

    def exists(self, key: bytes) -> bool:
        return self.peek(key) is not None

    def ttl_ms(self, key: bytes) -> int | None:
        """Milliseconds left, -1 for a key without TTL, None when the key is absent."""
        if self.peek(key) is None:
            return None
        when = self.expires.get(key)
        if when is None:
            return -1
        return when - self.ks.now_ms()

    def expire_at(self, key: bytes) -> int | None:
        """Absolute expiry (unix ms) or None for no TTL; the key must exist."""
        return self.expires.get(key)

    def size(self) -> int:
        """The number of live keys (keys whose time has come are purged first)."""
        if self._bucket_heap or self._near or self.field_heap:
            now = self.ks.now_ms()
            if self._purge_due(now):
                self.purge_expired(now)
        return len(self.data)

    def _purge_due(self, now_ms: int) -> bool:
        """True if the expiry index may hold a key or field expired at ``now_ms``."""
        seconds = self._bucket_heap
        near = self._near
        fields = self.field_heap
        return bool(
            (seconds and seconds[0] * 1000 < now_ms)
            or (near and near[0][0] < now_ms)
            or (fields and fields[0][0] < now_ms)
        )

    def keys(self) -> Iterator[bytes]:
        """Live keys (keys whose time has come are purged first)."""
        self.size()
        return iter(list(self.data))

    def random_key(self) -> bytes | None:
        """A live key chosen at random, or None when the database is empty."""
        n = self.size()
        if not n:
            return None
        return next(islice(iter(self.data), self.ks.random.randrange(n), None))

    def idle_ms(self, key: bytes) -> int:
        """Milliseconds since ``key`` (which must exist) was last accessed, in
        whole seconds of the cached clock as Redis's LRU clock counts them.

        The log is searched from its newest segment back; a search that had to
        go through more than ``_FOLD_AFTER`` entries folds the log into
        ``atime`` (one dict entry per key) first, so that asking the idle times
        of many keys costs one search, not one per key.
        """
        base = self.base_s
        if base is None:
            return 0
        log = self._log
        if log:
            seen = 0
            for second, keys in reversed(log):
                if key in keys:
                    if seen <= _FOLD_AFTER:
                        return max(0, self.clock_s - second) * 1000
                    break
                seen += len(keys)
            if seen > _FOLD_AFTER:
                self._fold_log()
                return self.idle_ms(key)
        return max(0, self.clock_s - self.atime.get(key, base)) * 1000

    def lfu_counter(self, key: bytes) -> int:
        """The key's LFU counter as OBJECT FREQ reports it (decayed, not stored)."""
        counters = self.atime
        packed = counters.get(key)
        if packed is None or not isinstance(counters, _LfuCounters):
            return LFU_INIT_VAL
        return _lfu_decayed(packed, self.ks.now_ms(), self.ks.lfu_decay_time)

    # -- access log (OBJECT IDLETIME) ------------------------------------------
    def _restart_access_times(self) -> None:
        """Forget every recorded access: under LRU each key now counts as last
        accessed in the current second (the new base second); under LFU each
        key's counter starts afresh."""
        self._log = []
        self._older = 0
        self.atime = fresh = self.ks.new_access_map()
        if isinstance(fresh, _LfuCounters):
            self.base_s = None
            for key in self.data:
                fresh[key] = self.clock_s
            self._cur = fresh
            self._cap = _NO_CAP
        else:
            self.base_s = self.clock_s
            self._cur = None
            self._cap = 0

    def _new_second(self) -> None:
        """``clock_s`` has changed: later accesses go to a segment of their own."""
        cur = self._cur
        if self.base_s is None:
            return  # LFU: counters stamp the time themselves
        if cur is not None:  # it is the log's newest segment
            if cur:
                self._older += len(cur)
            else:
                self._log.pop()  # nothing was accessed in the second that ended
        self._open_segment()

    def _open_segment(self) -> None:
        """Point ``_cur`` at a new segment for ``clock_s`` or, when nothing needs
        recording, at None."""
        if self._log or self.atime or self.clock_s != self.base_s:
            cur: list[bytes] = []
            self._log.append((self.clock_s, cur))
            self._cur = cur
            self._cap = 2 * len(self.data) + 1024 - self._older
        else:
            self._cur = None

    def _resume_log(self) -> None:
        """Derive ``_cur``, ``_older`` and ``_cap`` from the log afresh (after
        it was rebuilt, or swapped in by SWAPDB)."""
        atime = self.atime
        if isinstance(atime, _LfuCounters):
            self._cur = atime
            self._cap = _NO_CAP
            return
        log = self._log
        self._older = sum(len(keys) for _second, keys in log)
        if log and log[-1][0] == self.clock_s:
            cur = self._cur = log[-1][1]
            self._older -= len(cur)
            self._cap = 2 * len(self.data) + 1024 - self._older
        else:
            self._open_segment()

    def _log_full(self) -> None:
        """The newest segment outgrew ``_cap``, or keys were removed: when the
        log holds more than twice as many entries as there are keys (plus
        1024), most are repeated or stale, and it is compacted; else it may
        grow as far as that."""
        cur = self._cur
        assert isinstance(cur, list)
        limit = 2 * len(self.data) + 1024
        if self._older + len(cur) > limit:
            self._compact_log()
        else:
            self._cap = limit - self._older

    def _compact_log(self) -> None:
        """Keep only the newest log entry of each live key."""
        data = self.data
        seen: set[bytes] = set()
        kept: list[tuple[int, list[bytes]]] = []
        for second, keys in reversed(self._log):
            live = data.keys() & keys  # (at C speed: keys that are live, once each)
            live -= seen
            if live:
                seen |= live
                kept.append((second, list(live)))
        kept.reverse()
        self._log = kept
        self._resume_log()

    def _fold_log(self) -> None:
        """Move the log into ``atime``: one dict entry per key it names."""
        atime = self.atime
        data = self.data
        for second, keys in self._log:  # oldest first: newer entries overwrite
            atime.update([(key, second) for key in keys if key in data])
        self._log = []
        self._resume_log()

    def access_entries(self) -> int:
        """Recorded accesses: log entries (stale ones included) plus ``atime``
        entries (tests read it)."""
        return sum(len(keys) for _second, keys in self._log) + len(self.atime)

    # -- writing -----------------------------------------------------------
    def set(self, key: bytes, value: Any, keep_ttl: bool = False) -> None:
        """Store ``value``; any TTL is dropped unless ``keep_ttl``."""
        data = self.data
        if key not in data:
            self.version += 1
        data[key] = value
        cur = self._cur
        if cur is not None:
            cur.append(key)
            if len(cur) > self._cap:
                self._log_full()
        if not keep_ttl and self.expires:
            self.expires.pop(key, None)
        if self.raw_strings:
            self.raw_strings.discard(key)
        if type(value) is Hash and value.field_expires:
            self._index_fields(key, value)
        if self.on_write is not None:
            self.on_write(self, key)

    def add(self, key: bytes, value: Any) -> None:
        """Store a value at a key known to be absent."""
        self.data[key] = value
        cur = self._cur
        if cur is not None:
            cur.append(key)
            if len(cur) > self._cap:
                self._log_full()
        self.version += 1
        if type(value) is Hash and value.field_expires:
            self._index_fields(key, value)
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
        if self.atime:
            self.atime.pop(key, None)
        if self.expires:
            self.expires.pop(key, None)
        if self.raw_strings:
            self.raw_strings.discard(key)
        log = self._log
        if log:  # the log's limit (twice the keys, plus 1024) fell by 2
            self._cap -= 2
            if len(log[-1][1]) > self._cap:
                self._log_full()

    def mark_raw(self, key: bytes) -> None:
        """Note that the string at ``key`` was modified in place (APPEND, SETRANGE,
        SETBIT ...), so OBJECT ENCODING reports 'raw' until it is next replaced."""
        self.raw_strings.add(key)

    def set_expire(self, key: bytes, when_ms: int) -> None:
        """Give an existing key an absolute expiry time (unix ms).

        The index gets one entry per call; stale entries (from a TTL that was
        reset) are skipped when read, and the index is rebuilt once they
        outnumber the live ones, so resetting one key's TTL over and over (a
        rate limiter's INCR + EXPIRE) keeps it small.
        """
        expires = self.expires
        if expires.get(key) != when_ms:
            whens = self._whens
            when = whens.get(when_ms)
            if when is None:
                if len(whens) >= 4096:
                    whens.clear()
                when = whens[when_ms] = when_ms
            expires[key] = when
            second = when // 1000
            keys = self._buckets.get(second)
            if keys is None:
                self._buckets[second] = [key]
                heapq.heappush(self._bucket_heap, second)
            else:
                keys.append(key)
            self._index_len += 1
            if self._index_len > 2 * len(expires) + 1024:
                self._rebuild_index()
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
        old = self.data
        self.data = {}
        self.expires = {}
        self._clear_index()
        self.field_heap = []
        self._restart_access_times()
        self.raw_strings = set()
        self.version += 1
        self._scan_snapshot = None
        hook = self.on_write  # read once: a hook may uninstall itself while called
        if hook is not None:
            for key in old:
                hook(self, key)

    # -- expiry --------------------------------------------------------------
    def _expire_key(self, key: bytes) -> None:
        self._remove(key)
        self.ks.stats.expired_keys += 1
        if self.on_write is not None:
            self.on_write(self, key)

    def purge_expired(self, now_ms: int) -> int:
        """Delete every key whose time has come; cost follows the number expired.

        A key has expired when its time is strictly before ``now_ms``. Seconds
        that ended before ``now_ms`` are emptied whole, checking each key's
        current time (an entry is stale if the key's TTL changed since); a
        second that has begun but not ended moves its keys to a small heap of
        (time, key), read as far as ``now_ms``. Every index entry is examined
        once (``expiry_pops`` counts them), so advancing past nothing costs
        nothing, and a purge costs what expired (plus stale entries).
        """
        seconds = self._bucket_heap
        near = self._near
        expires = self.expires
        pop = expires.pop
        gone: list[bytes] = []  # expired keys, already out of ``expires``
        pops = 0
        while seconds and seconds[0] * 1000 < now_ms:
            second = heapq.heappop(seconds)
            keys = self._buckets.pop(second)
            self._index_len -= len(keys)
            pops += len(keys)
            if second * 1000 + 999 < now_ms:  # the whole second is past
                # Take each key's time out; the rare one found to end later (its
                # TTL was pushed out since) is put back.
                later: list[tuple[bytes, int]] = []
                put_back: Callable[[tuple[bytes, int]], object] = later.append  # -> None
                gone += [
                    key
                    for key in keys
                    if (when := pop(key, None)) is not None
                    and (when < now_ms or put_back((key, when)))
                ]
                for key, when in later:
                    expires[key] = when
                continue
            for key in keys:  # the second that has begun
                when = expires.get(key)
                if when is None:
                    continue  # stale: the key is gone or persisted
                if when < now_ms:
                    del expires[key]
                    gone.append(key)
                elif when // 1000 == second:
                    heapq.heappush(near, (when, key))  # examined again when popped
                    self._index_len += 1
                    pops -= 1
        while near and near[0][0] < now_ms:
            _when, key = heapq.heappop(near)
            self._index_len -= 1
            pops += 1
            when = expires.get(key)
            if when is not None and when < now_ms:
                del expires[key]
                gone.append(key)
        self.expiry_pops += pops
        n = self._drop_expired(gone) if gone else 0
        if self.field_heap and self.field_heap[0][0] < now_ms:
            self.purge_fields(now_ms)
        return n

    def _drop_expired(self, keys: list[bytes]) -> int:
        """Remove expired ``keys``, whose ``expires`` entries are already gone."""
        _consume(map(self.data.__delitem__, keys))
        if self.atime:
            _consume(map(self.atime.pop, keys, repeat(None)))
        if self.raw_strings:
            _consume(map(self.raw_strings.discard, keys))
        log = self._log
        if log:  # the log's limit (twice the keys, plus 1024) fell
            self._cap -= 2 * len(keys)
            if len(log[-1][1]) > self._cap:
                self._log_full()
        n = len(keys)
        self.version += n
        self.ks.stats.expired_keys += n
        for key in keys:
            hook = self.on_write  # read each time: a hook may uninstall itself
            if hook is None:
                break
            hook(self, key)
        return n

    # -- hash field expiry (Redis 7.4 HEXPIRE ...) ---------------------------
    def set_field_expire(self, key: bytes, h: Hash, field: bytes, when_ms: int) -> None:
        """Give ``field`` of the hash ``h`` stored at ``key`` an absolute expiry (unix ms)."""
        fe = h.field_expires
        if fe is None:
            fe = h.field_expires = {}
        fe[field] = when_ms
        heap = self.field_heap
        heapq.heappush(heap, (when_ms, key, field))
        if len(heap) > self._field_heap_limit:
            self._compact_field_heap()

    def purge_fields(self, now_ms: int) -> None:
        """Remove every hash field whose time has come; a hash left empty is deleted."""
        heap = self.field_heap
        data = self.data
        while heap and heap[0][0] < now_ms:
            when, key, field = heapq.heappop(heap)
            h = data.get(key)
            if type(h) is not Hash:
                continue
            fe = h.field_expires
            if fe is None or fe.get(field) != when:
                continue
            del fe[field]
            del h[field]
            if not fe:
                h.field_expires = None
            if not h:
                self._remove(key)
                if self.on_write is not None:
                    self.on_write(self, key)

    def _index_fields(self, key: bytes, h: Hash) -> None:
        for field, when in (h.field_expires or {}).items():
            heapq.heappush(self.field_heap, (when, key, field))
        if len(self.field_heap) > self._field_heap_limit:
            self._compact_field_heap()

    def _compact_field_heap(self) -> None:
        data = self.data
        live = []
        for entry in set(self.field_heap):
            h = data.get(entry[1])
            if type(h) is Hash and h.field_expires and h.field_expires.get(entry[2]) == entry[0]:
                live.append(entry)
        heapq.heapify(live)
        self.field_heap = live
        self._field_heap_limit = 2 * len(live) + 1024

    def expiry_index_size(self) -> int:
        """Entries in the expiry index, stale ones included (at most about twice
        the keys with a TTL, plus 1024)."""
        return self._index_len

    def _clear_index(self) -> None:
        self._buckets = {}
        self._bucket_heap = []
        self._near = []
        self._index_len = 0
        self._whens = {}

    def _rebuild_index(self) -> None:
        """File every key with a TTL afresh, dropping stale entries."""
        self._clear_index()
        buckets = self._buckets
        for key, when in self.expires.items():
            keys = buckets.get(when // 1000)
            if keys is None:
                buckets[when // 1000] = [key]
            else:
                keys.append(key)
        self._bucket_heap = list(buckets)
        heapq.heapify(self._bucket_heap)
        self._index_len = len(self.expires)

    # -- SCAN ------------------------------------------------------------------
    def scan(self, cursor: int, count: int) -> tuple[int, list[bytes]]:
        """One SCAN step: at least ``count`` keys from ``cursor`` on (fewer at the
        end), and the next cursor.

        A cursor is a position in the fixed order of the keys' 64-bit hashes
        (the hash shifted to be unsigned): the step returns the live keys whose
        position is at or after it, a bucket of hash space at a time, and the
        cursor of the bucket after the last. Since the order never changes, a
        key present for the whole iteration is returned exactly once, however
        many keys are added or removed between calls, and by however many
        clients scanning at once; keys that share a hash are never split.

        The keys are filed by hash bucket (32 to 64 to a bucket: a table that
        stays in the CPU's caches while it is filled) when an iteration starts
        (cursor 0) after the key set changed: one pass, no sort. A bucket is
        sorted by hash, in place, only when a page starts or ends inside it.
        Keys added later may or may not be seen, as SCAN allows; keys removed
        since are skipped, and expired keys are not returned.
        """
        snap = self._scan_snapshot
        if snap is None or (cursor == 0 and snap[0] != self.version):
            self.size()  # purge what has expired, so the snapshot holds live keys
            bits = max(1, (len(self.data) >> _SCAN_BUCKET_BITS).bit_length())
            shift = 64 - bits
            table: list[list[bytes]] = [[] for _ in range(1 << bits)]
            for key in self.data:
                # hash >> shift is the bucket counted from the middle of the
                # table: negative indexes wrap, so table[b - half] is bucket b.
                table[hash(key) >> shift].append(key)
            snap = (self.version, shift, table)
            self._scan_snapshot = snap
        version, shift, table = snap
        n_buckets = len(table)
        half = n_buckets >> 1
        want = max(count, 1)
        bucket = cursor >> shift
        first = table[bucket - half]
        if cursor & ((1 << shift) - 1):  # the cursor is inside this bucket
            first.sort(key=hash)
            first = first[bisect.bisect_left(list(map(hash, first)), cursor - _HASH_SHIFT) :]
        keys: list[bytes] = []
        batch = first
        while True:
            if len(keys) + len(batch) > want:  # the page ends inside this bucket
                after = 0 if bucket + 1 >= n_buckets else (bucket + 1) << shift
                return self._cut(keys, batch, want - len(keys), after, version)
            keys += batch
            bucket += 1
            if bucket >= n_buckets or len(keys) == want:
                break
            batch = table[bucket - half]
        next_cursor = 0 if bucket >= n_buckets else bucket << shift
        return next_cursor, self._live(keys, version)

    def _cut(
        self, keys: list[bytes], batch: list[bytes], take: int, after: int, version: int
    ) -> tuple[int, list[bytes]]:
        """End a SCAN page after the first ``take`` keys of ``batch`` (one bucket,
        or the end of one) in hash order, and any that share the last one's hash;
        ``after`` is the cursor of the next bucket, for when that takes it all."""
        batch.sort(key=hash)  # (in place: the snapshot's bucket stays sorted)
        last = hash(batch[take - 1])  # (take >= 1: a page holds at least one key)
        while take < len(batch) and hash(batch[take]) == last:
            take += 1
        keys += batch[:take]
        next_cursor = after if take >= len(batch) else hash(batch[take]) + _HASH_SHIFT
        return next_cursor, self._live(keys, version)

    def _live(self, keys: list[bytes], version: int) -> list[bytes]:
        """``keys`` from a SCAN snapshot without those removed or expired since."""
        if self.expires:
            peek = self.peek
            keys = [key for key in keys if peek(key) is not None]
        elif version != self.version:  # keys removed since the snapshot are skipped
            data = self.data
            keys = [key for key in keys if key in data]
        return keys

    # -- SWAPDB ------------------------------------------------------------------
    def swap_contents(self, other: Database) -> None:
        """Exchange everything stored in two databases (SWAPDB).

        Index, ``on_write`` hooks (WATCH) and the cached clock stay with the
        database number, as in Redis; notifying watchers is the caller's job.
        """
        for name in (
            "data",
            "expires",
            "_buckets",
            "_bucket_heap",
            "_near",
            "_index_len",
            "_whens",
            "field_heap",
            "_field_heap_limit",
            "atime",
            "base_s",
            "_log",
            "raw_strings",
        ):
            mine = getattr(self, name)
            setattr(self, name, getattr(other, name))
            setattr(other, name, mine)
        self._resume_log()
        other._resume_log()
        version = max(self.version, other.version) + 1
        self.version = other.version = version
        self._scan_snapshot = other._scan_snapshot = None


#: SCAN files keys in 2**bits buckets of 32 to 64 keys each (``len >> 6`` sets bits)
_SCAN_BUCKET_BITS = 6

#: SCAN cursors are key hashes (signed 64-bit) plus this: unsigned, same order
_HASH_SHIFT = 1 << 63

#: ``Database._cap`` when the log is not used (LFU)
_NO_CAP = 1 << 62

#: an OBJECT IDLETIME that searched more log entries than this folds the log
_FOLD_AFTER = 4096


# ---------------------------------------------------------------------------
# LFU access counters (OBJECT FREQ under an allkeys-lfu / volatile-lfu policy)

#: the counter a new key starts with
LFU_INIT_VAL = 5


def _lfu_decayed(packed: int, now_ms: int, decay_minutes: int) -> int:
    """The counter in ``packed`` (minutes << 8 | counter) after decaying one step
    per ``decay_minutes`` elapsed, on a 16-bit minute clock that may wrap once."""
    counter = packed & 255
    if not decay_minutes:
        return counter
    then = packed >> 8
    now = (now_ms // 60000) & 0xFFFF
    elapsed = now - then if now >= then else 65535 - then + now
    periods = elapsed // decay_minutes
    return counter - periods if periods < counter else 0


class _LfuCounters(dict):  # type: ignore[type-arg]
    """key -> (minutes << 8 | counter); storing a time (unix s) counts an access.

    A key seen for the first time starts at LFU_INIT_VAL; later accesses decay
    the counter for the time that passed, then raise it by one with probability
    1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1), saturating at 255.
    """

    __slots__ = ("ks",)

    def __init__(self, ks: Keyspace) -> None:
        super().__init__()
        self.ks = ks

    def __setitem__(self, key: bytes, now_s: int) -> None:
        ks = self.ks
        old = self.get(key)
        if old is None:
            counter = LFU_INIT_VAL
        else:
            counter = _lfu_decayed(old, now_s * 1000, ks.lfu_decay_time)
            if counter < 255:
                base = counter - LFU_INIT_VAL if counter > LFU_INIT_VAL else 0
                if ks.random.random() < 1.0 / (base * ks.lfu_log_factor + 1):
                    counter += 1
        dict.__setitem__(self, key, (((now_s // 60) & 0xFFFF) << 8) | counter)

    def append(self, key: bytes) -> None:
        """Count an access to ``key`` at the cached clock reading (the access
        log's interface, so that Database records accesses the same way)."""
        self[key] = self.ks.clock_ms // 1000


class Databases(Sequence[Database]):
    """The numbered databases of a keyspace, each made when it is first used.

    A server has 16 databases and most tests touch one: making the other 15
    on demand keeps a fresh server cheap. Indexing makes a database; iterating
    goes over every one of them (making them all): code that only needs the
    databases holding something iterates :meth:`made` instead, since one never
    made is empty.
    """

    __slots__ = ("_ks", "_count", "_made")

    def __init__(self, ks: Keyspace, count: int) -> None:
        self._ks = ks
        self._count = count
        self._made: dict[int, Database] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Database: ...

    @overload
    def __getitem__(self, index: slice) -> list[Database]: ...

    def __getitem__(self, index: int | slice) -> Database | list[Database]:
        if isinstance(index, slice):
            return [self[i] for i in range(self._count)[index]]
        db = self._made.get(index)
        if db is None:
            n = self._count
            if not -n <= index < n:
                raise IndexError(f"database index {index} out of range (0 to {n - 1})")
            index %= n
            db = self._made.get(index)
            if db is None:
                db = self._made[index] = Database(index, self._ks)
        return db

    def __iter__(self) -> Iterator[Database]:
        return (self[i] for i in range(self._count))

    def made(self) -> list[Database]:
        """The databases made so far, in index order (the others are empty)."""
        made = self._made
        return [made[i] for i in sorted(made)]


class Keyspace:
    """All databases of one server, its clock and its counters."""

    #: configuration parameters that :meth:`configure` reads
    CONFIG_PARAMS = frozenset({"maxmemory", "maxmemory-policy", "lfu-log-factor", "lfu-decay-time"})

    def __init__(self, clock: Clock, databases: int = 16, config: Config | None = None) -> None:
        self.clock = clock
        self.stats = Stats()
        self.now_ms: Callable[[], int] = clock.time_ms
        #: cached clock reading for access stamps (see :meth:`tick`)
        self.clock_ms = clock.time_ms()
        self._random: random.Random | None = None
        #: True under an allkeys-lfu / volatile-lfu maxmemory-policy
        self.lfu = False
        #: True when OBJECT REFCOUNT shows shared small integers (Redis shares
        #: 0..9999 unless maxmemory is set with an LRU/LFU policy)
        self.shared_integers = True
        self.lfu_log_factor = 10
        self.lfu_decay_time = 1
        self.dbs = Databases(self, databases)
        self._config = config
        if config is not None:
            self.configure(config)

    @property
    def random(self) -> random.Random:
        """The keyspace's random generator (RANDOMKEY, HRANDFIELD, LFU counters),
        made on first use: seeding one costs more than the rest of a fresh server."""
        rnd = self._random
        if rnd is None:
            rnd = self._random = random.Random()
        return rnd

    def configure(self, config: Config) -> None:
        """Read the eviction settings that OBJECT FREQ / IDLETIME / REFCOUNT depend on."""
        policy = config.get("maxmemory-policy")
        self.lfu_log_factor = config.get_int("lfu-log-factor")
        self.lfu_decay_time = config.get_int("lfu-decay-time")
        lfu = policy.endswith(b"-lfu")
        self.shared_integers = config.get_int("maxmemory") == 0 or not (
            lfu or policy.endswith(b"-lru")
        )
        if lfu != self.lfu:
            self.lfu = lfu
            for db in self.dbs.made():
                # Redis reads the old LRU bits as LFU data (or back) when the policy
                # changes at runtime; redistill starts every key afresh instead.
                db._restart_access_times()

    def config_changed(self, name: str) -> None:
        """Called by the server after CONFIG SET ``name``."""
        if name in self.CONFIG_PARAMS and self._config is not None:
            self.configure(self._config)

    def new_access_map(self) -> dict[bytes, int]:
        return _LfuCounters(self) if self.lfu else {}

    def tick(self) -> int:
        """Refresh the cached clock reading that access stamps use; returns it."""
        now = self.clock_ms = self.clock.time_ms()
        now_s = now // 1000
        for db in self.dbs.made():
            db.clock_ms = now
            if db.clock_s != now_s:
                db.clock_s = now_s
                db._new_second()
        return now

    def purge_expired(self) -> int:
        now = self.tick()
        return sum(db.purge_expired(now) for db in self.dbs.made() if db._purge_due(now))

    def flushall(self) -> None:
        for db in self.dbs.made():
            db.flush()


# ---------------------------------------------------------------------------
# Glob matching with Redis's stringmatchlen rules
#
# Redis's matcher accepts:
#
# * ``*`` any run of bytes, ``?`` one byte, ``\x`` the byte x (a trailing ``\``
#   is itself);
# * ``[...]`` one byte from a class: ``^`` first negates, ``\x`` is x, ``a-z`` a
#   range (ends in either order, compared as C's signed chars, so bytes >= 0x80
#   sort below 0); a range's end may be ``]``, which then does not close the
#   class; ``[]`` matches nothing and ``[^]`` any byte; a class left open runs
#   to the end of the pattern;
# * the empty key matches only the empty pattern (callers treat the pattern
#   ``*`` as "everything", the empty key included, as KEYS and SCAN do);
# * it gives up (no match) when star groups nest more than 1000 deep.
#
# A pattern is compiled once. Between its stars it is a run of fixed-width
# one-byte atoms, so with at most one star a single anchored regular expression
# does the job in linear time; with more, each run between stars is placed at
# its leftmost fit in turn (which is optimal, and what keeps Redis's own matcher
# from exponential backtracking), so no pattern can make a match slow.

_glob_cache: dict[bytes, Callable[[bytes], Any]] = {}
_GLOB_MAX_NESTING = 1000


def glob_matcher(pattern: bytes) -> Callable[[bytes], bool]:
    """A predicate that matches keys against a Redis glob (``* ? [a-z] [^x] \\x``)."""
    fn = _glob_cache.get(pattern)
    if fn is None:
        fn = _compile_glob(pattern)
        if len(_glob_cache) > 1024:
            _glob_cache.clear()
        _glob_cache[pattern] = fn
    return fn


def _compile_glob(pattern: bytes) -> Callable[[bytes], Any]:
    if pattern == b"*":
        return _match_all
    if not pattern:
        return _match_empty
    atoms = _parse_glob(pattern)
    runs: list[bytes] = [b""]  # regex of each run of atoms between stars
    widths = [0]
    for atom in atoms:
        if atom is None:
            runs.append(b"")
            widths.append(0)
        else:
            runs[-1] += atom
            widths[-1] += 1
    stars = len(runs) - 1
    if stars - (widths[-1] == 0) > _GLOB_MAX_NESTING:
        return _match_none
    if stars <= 1:
        return re.compile(b"(?=.)" + b".*".join(runs), re.DOTALL).fullmatch
    return _RunMatcher(runs, widths)


def _match_all(_key: bytes) -> bool:
    return True


def _match_none(_key: bytes) -> bool:
    return False


def _match_empty(key: bytes) -> bool:
    return not key


class _RunMatcher:
    """Matches ``run0 * run1 * ... * runN`` (each run fixed-width): run0 at the
    start, runN at the end, and every middle run at its leftmost fit between."""

    __slots__ = ("first", "last", "middle", "first_width", "last_width", "min_len")

    def __init__(self, runs: list[bytes], widths: list[int]) -> None:
        def compiled(run: bytes) -> Any:
            return re.compile(run, re.DOTALL)

        self.first = compiled(runs[0]).match if widths[0] else None
        self.last = compiled(runs[-1]).match if widths[-1] else None
        self.first_width = widths[0]
        self.last_width = widths[-1]
        self.middle = [compiled(r).search for r, w in zip(runs[1:-1], widths[1:-1]) if w]
        self.min_len = max(1, sum(widths))

    def __call__(self, key: bytes) -> bool:
        n = len(key)
        if n < self.min_len:
            return False
        if self.first is not None and self.first(key) is None:
            return False
        end = n - self.last_width
        if self.last is not None and self.last(key, end) is None:
            return False
        pos = self.first_width
        for search in self.middle:
            m = search(key, pos, end)
            if m is None:
                return False
            pos = m.end()
        return True


def _signed(c: int) -> int:
    return c - 256 if c >= 128 else c


def _byte_class(members: set[int]) -> bytes:
    """A regex for one byte out of ``members``."""
    if not members:
        return b"(?!)"
    if len(members) == 256:
        return b"."
    out = bytearray(b"[")
    values = sorted(members)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        out += b"\\x%02x" % values[i]
        if j > i:
            out += b"-\\x%02x" % values[j]
        i = j + 1
    return bytes(out + b"]")


def _parse_glob(pat: bytes) -> list[bytes | None]:
    """The pattern as atoms: None for a run of stars, else a one-byte regex."""
    atoms: list[bytes | None] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == 42:  # '*' (a run counts once)
            while i + 1 < n and pat[i + 1] == 42:
                i += 1
            atoms.append(None)
        elif c == 63:  # '?'
            atoms.append(b".")
        elif c == 91:  # '['
            i += 1
            negate = i < n and pat[i] == 94  # '^'
            if negate:
                i += 1
            members: set[int] = set()
            while i < n:  # never closed: the class ends with the pattern
                d = pat[i]
                if d == 92 and n - i >= 2:  # '\' escapes the next byte
                    i += 1
                    members.add(pat[i])
                elif d == 93:  # ']'
                    break
                elif n - i >= 3 and pat[i + 1] == 45:  # 'a-z'
                    lo, hi = _signed(d), _signed(pat[i + 2])
                    if lo > hi:
                        lo, hi = hi, lo
                    members.update(b for b in range(256) if lo <= _signed(b) <= hi)
                    i += 2
                else:
                    members.add(d)
                i += 1
            if negate:
                members = set(range(256)) - members
            atoms.append(_byte_class(members))
        elif c == 92 and i + 1 < n:  # '\x'
            i += 1
            atoms.append(b"\\x%02x" % pat[i])
        else:
            atoms.append(b"\\x%02x" % c)
        i += 1
    return atoms


__all__ = ["Database", "Hash", "Keyspace", "duplicate", "glob_matcher", "type_name"]
