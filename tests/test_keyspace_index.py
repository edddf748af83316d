"""The keyspace's bookkeeping behind expiry and OBJECT IDLETIME: the per-second
expiry index against a brute-force model, access times that cost nothing
while the clock stands still, and the access log (compacted, folded) against a
model of every key's last access."""

from __future__ import annotations

import random

import pytest
import redis

from redistill import Server, keyspace
from redistill.clock import VirtualClock
from redistill.keyspace import Database, Keyspace
from tests.util import call

T0 = 1_700_000_000


@pytest.mark.parametrize("seed", range(8))
def test_the_expiry_index_purges_exactly_the_keys_a_model_says_expired(seed: int) -> None:
    rnd = random.Random(seed)
    clock = VirtualClock(T0 + rnd.random())
    ks = Keyspace(clock, databases=1)
    db = ks.dbs[0]
    model: dict[bytes, int | None] = {}  # key -> expiry (unix ms) or None
    expired = 0
    for _step in range(3000):
        now = clock.time_ms()
        key = b"k%d" % rnd.randrange(60)
        op = rnd.random()
        if op < 0.3:
            db.set(key, b"v")
            model[key] = None
        elif op < 0.65:
            if db.lookup(key) is not None:
                when = now + rnd.choice([rnd.randrange(-5, 40), rnd.randrange(0, 4000)])
                db.set_expire(key, when)
                model[key] = when
        elif op < 0.72:
            if db.persist(key):
                model[key] = None
        elif op < 0.77:
            if db.delete(key):
                del model[key]
        else:
            step = rnd.choice([0.001, 0.002, 0.05, 0.3, 0.999, 1.0, 1.7, 3.0, -0.4])
            clock.advance(step)
            ks.purge_expired()
            now = clock.time_ms()
            gone = {k for k, w in model.items() if w is not None and w < now}
            expired += len(gone)
            for k in gone:
                del model[k]
            assert set(db.data) == set(model)
            assert db.expires == {k: w for k, w in model.items() if w is not None}
            assert ks.stats.expired_keys == expired
            assert db.expiry_index_size() <= 2 * len(db.expires) + 1024


def test_a_purge_inside_a_second_keeps_the_rest_of_that_second() -> None:
    clock = VirtualClock(T0)
    ks = Keyspace(clock, databases=1)
    db = ks.dbs[0]
    for ms in range(1000):
        db.set(b"k%d" % ms, b"v")
        db.set_expire(b"k%d" % ms, T0 * 1000 + 5000 + ms)
    before = db.expiry_pops
    for done in range(1, 1001):  # one millisecond at a time through that second
        clock.advance(0.001 if done > 1 else 5.001)
        ks.purge_expired()
        assert len(db.data) == 1000 - done
    assert db.expiry_pops - before == 1000  # each entry examined once


def test_a_ttl_moved_later_survives_the_purge_of_its_old_second() -> None:
    clock = VirtualClock(T0)
    ks = Keyspace(clock, databases=1)
    db = ks.dbs[0]
    db.set(b"k", b"v")
    db.set_expire(b"k", T0 * 1000 + 1000)
    db.set_expire(b"k", T0 * 1000 + 9000)
    clock.advance(5)
    ks.purge_expired()
    assert db.ttl_ms(b"k") == 4000
    clock.advance(4.001)
    ks.purge_expired()
    assert b"k" not in db.data


def test_equal_expiry_times_share_one_int() -> None:
    ks = Keyspace(VirtualClock(T0), databases=1)
    db = ks.dbs[0]
    for i in range(3):
        db.set(b"k%d" % i, b"v")
        db.set_expire(b"k%d" % i, int("1700000060000"))  # distinct int objects
    assert len({id(w) for w in db.expires.values()}) == 1


# -- access times (OBJECT IDLETIME) ---------------------------------------------


def test_access_times_cost_nothing_while_the_clock_stands_still(
    server: Server, r2: redis.Redis
) -> None:
    server.load({f"k{i}": "v" for i in range(1000)})
    for i in range(1000):
        call(r2, "GET", f"k{i}")
    db = server.keyspace.dbs[0]
    assert db.access_entries() == 0
    server.clock.advance(2)
    for i in range(10):
        call(r2, "GET", f"k{i}")
    assert db.access_entries() == 10  # only accesses in another second
    assert len(db.atime) == 0  # logged as list slots, not as dict entries


def test_idle_time_is_exact_after_the_clock_returns_to_the_base_second(
    server: Server, r2: redis.Redis
) -> None:
    server.clock.set(T0)
    call(r2, "FLUSHALL")  # the base second is now T0
    call(r2, "SET", "k", "v")
    server.clock.advance(10)
    call(r2, "GET", "k")
    server.clock.set(T0)  # back to the base second: the read there is recorded too
    call(r2, "GET", "k")
    server.clock.advance(3)
    assert call(r2, "OBJECT", "IDLETIME", "k") == 3


def test_swapdb_carries_idle_times_with_the_data(server: Server, r2: redis.Redis) -> None:
    call(r2, "SET", "a", "v")  # db 0, created in db 0's base second
    server.clock.advance(10)
    call(r2, "SELECT", "1")
    call(r2, "FLUSHDB")  # db 1's base second is now 10 s later
    call(r2, "SET", "b", "v")
    server.clock.advance(5)
    call(r2, "SWAPDB", "0", "1")
    assert call(r2, "OBJECT", "IDLETIME", "a") == 15  # now in db 1
    call(r2, "SELECT", "0")
    assert call(r2, "OBJECT", "IDLETIME", "b") == 5


def test_idle_times_restart_when_the_policy_leaves_lfu(server: Server, r2: redis.Redis) -> None:
    call(r2, "SET", "k", "v")
    call(r2, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
    server.clock.advance(20)
    call(r2, "GET", "k")
    call(r2, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
    server.clock.advance(4)
    assert call(r2, "OBJECT", "IDLETIME", "k") == 4


@pytest.mark.parametrize("seed", range(8))
def test_idle_times_match_a_model_through_log_compaction_and_folding(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if seed % 2:  # fold the log into the dict often, so that both take part
        monkeypatch.setattr(keyspace, "_FOLD_AFTER", 20)
    rnd = random.Random(seed)
    clock = VirtualClock(T0)
    ks = Keyspace(clock, databases=2)
    models: list[dict[bytes, int]] = [{}, {}]  # key -> second of its last access
    keys = rnd.choice([8, 300, 3000])
    checked = 0
    for _step in range(30000):
        n = 0 if rnd.random() < 0.9 else 1
        db, model = ks.dbs[n], models[n]
        key = b"k%d" % rnd.randrange(keys)
        op = rnd.random()
        if op < 0.3:
            db.set(key, b"v")
            model[key] = db.clock_s
        elif op < 0.35:
            if key not in db.data:
                db.add(key, b"v")
                model[key] = db.clock_s
        elif op < 0.6:
            assert (db.lookup(key) is not None) == (key in model)
            if key in model:
                model[key] = db.clock_s
        elif op < 0.68:
            assert db.delete(key) == (model.pop(key, None) is not None)
        elif op < 0.72:
            assert (db.peek(key) is not None) == (key in model)  # not an access
        elif op < 0.76:
            move = rnd.random()
            if move < 0.7:
                clock.advance(rnd.choice([0.2, 0.7, 1, 3]))
            else:  # back, possibly to a database's base second
                clock.set(T0 + rnd.randrange(-2, 3))
            ks.tick()
        elif op < 0.761:
            db.flush()
            model.clear()
        elif op < 0.763:
            ks.dbs[0].swap_contents(ks.dbs[1])
            models.reverse()
        else:
            for k in rnd.sample(sorted(model), min(3, len(model))):
                assert db.idle_ms(k) == max(0, db.clock_s - model[k]) * 1000, k
                checked += 1
        # repeated and stale entries are bounded by twice the keys (+1024)
        assert db.access_entries() - len(db.atime) <= 2 * len(db.data) + 1024 + 1
    for db, model in zip(ks.dbs, models):
        assert set(db.data) == set(model)
        for k in model:
            assert db.idle_ms(k) == max(0, db.clock_s - model[k]) * 1000, k
    assert checked > 1000


def test_repeated_reads_in_one_second_keep_the_log_small() -> None:
    clock = VirtualClock(T0)
    ks = Keyspace(clock, databases=1)
    db = ks.dbs[0]
    for i in range(10):
        db.set(b"k%d" % i, b"v")
    clock.advance(5)
    ks.tick()
    for _ in range(20000):
        for i in range(10):
            db.lookup(b"k%d" % i)
    assert db.access_entries() <= 2 * 10 + 1024 + 1
    clock.advance(7)
    ks.tick()
    assert [db.idle_ms(b"k%d" % i) for i in range(10)] == [7000] * 10


def _one_second_in() -> tuple[VirtualClock, Keyspace, Database]:
    """A one-database keyspace whose clock has left the base second (accesses are logged)."""
    clock = VirtualClock(T0)
    ks = Keyspace(clock, databases=1)
    db = ks.dbs[0]  # (made before the clock moves: its base second is T0)
    clock.advance(1)
    ks.tick()
    return clock, ks, db


def test_asking_many_idle_times_folds_a_long_log_once() -> None:
    clock, ks, db = _one_second_in()
    for i in range(10000):
        db.set(b"k%d" % i, b"v")
    clock.advance(1)
    ks.tick()
    for i in range(5000):
        db.lookup(b"k%d" % i)
    clock.advance(3)
    ks.tick()
    assert db.idle_ms(b"k0") == 3000  # found in the newest segment: no fold
    assert len(db.atime) == 0
    assert db.idle_ms(b"k9999") == 4000  # behind 5000 newer entries: folded
    assert len(db.atime) == 10000
    assert db.access_entries() == 10000
    assert [db.idle_ms(b"k%d" % i) // 1000 for i in (1, 4999, 5000, 9998)] == [3, 3, 4, 4]
    db.lookup(b"k9999")  # a read after the fold is logged again, and wins
    clock.advance(2)
    ks.tick()
    assert db.idle_ms(b"k9999") == 2000
    assert db.idle_ms(b"k5000") == 6000


def test_the_log_entries_of_expired_keys_go_with_them() -> None:
    clock, ks, db = _one_second_in()
    for i in range(5000):
        db.set(b"k%d" % i, b"v")
        db.set_expire(b"k%d" % i, (T0 + 10) * 1000)
    db.set(b"stays", b"v")
    assert db.access_entries() == 5001
    clock.advance(20)
    assert ks.purge_expired() == 5000
    assert db.access_entries() == 1
    assert db.idle_ms(b"stays") == 20000


def test_the_log_entries_of_deleted_keys_go_with_them() -> None:
    clock, ks, db = _one_second_in()
    for i in range(5000):
        db.set(b"k%d" % i, b"v")
    clock.advance(1)
    ks.tick()
    for i in range(4990):
        assert db.delete(b"k%d" % i)
    assert db.access_entries() <= 2 * 10 + 1024 + 1
    clock.advance(1)
    ks.tick()
    assert {db.idle_ms(b"k%d" % i) for i in range(4990, 5000)} == {2000}


# -- SCAN ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_scan_returns_every_key_present_throughout_exactly_once(seed: int) -> None:
    rnd = random.Random(seed)
    db = Keyspace(VirtualClock(T0), databases=1).dbs[0]
    for i in range(rnd.randrange(0, 3000)):
        db.set(b"k%d" % i, b"v")
    start = set(db.data)
    removed: set[bytes] = set()
    seen: list[bytes] = []
    cursor = 0
    other = 0  # a second scanner, whose fresh starts rebuild the snapshot
    first = True
    while first or cursor != 0:
        first = False
        cursor, page = db.scan(cursor, rnd.choice([1, 3, 10, 100, 1000]))
        seen += page
        burst = 3000 if rnd.random() < 0.05 else 40  # (bursts change the table size)
        for _ in range(rnd.randrange(0, burst)):  # the keyspace changes between calls
            if rnd.random() < 0.5:
                db.set(b"new%d" % rnd.randrange(10**6), b"v")
            elif db.data:
                key = rnd.choice(list(db.data))
                db.delete(key)
                removed.add(key)
        if rnd.random() < 0.3:
            other, _ = db.scan(0 if rnd.random() < 0.5 else other, rnd.choice([5, 50]))
    throughout = start - removed
    assert throughout <= set(seen)
    assert len(seen) == len(set(seen))  # nothing twice
    assert not (set(seen) - start - {k for k in seen if k.startswith(b"new")})


def test_scan_pages_hold_count_keys() -> None:
    db = Keyspace(VirtualClock(T0), databases=1).dbs[0]
    for i in range(1000):
        db.set(b"k%d" % i, b"v")
    cursor, sizes = 0, []
    while True:
        cursor, page = db.scan(cursor, 64)
        sizes.append(len(page))
        if cursor == 0:
            break
    assert sizes == [64] * 15 + [40]
