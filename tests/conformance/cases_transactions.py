"""Conformance cases: MULTI, EXEC, DISCARD, WATCH, UNWATCH.

Each case runs on one connection, so WATCH is invalidated here by the same
client's own writes (which count, as in Redis); tests/test_transactions.py
covers writes from other clients and keys expiring through the clock.
"""

from __future__ import annotations

from .case import Case, RawCase, step

CASES: list[Case | RawCase] = [
    # -- MULTI / EXEC basics -------------------------------------------------
    Case("exec of an empty transaction is an empty array", [("MULTI",), ("EXEC",)]),
    Case(
        "queued commands answer QUEUED and EXEC answers them in order",
        [
            ("MULTI",),
            ("SET", "k", "v"),
            ("GET", "k"),
            ("INCR", "n"),
            ("GET", "missing"),
            ("EXEC",),
        ],
    ),
    Case(
        "nothing queued runs before EXEC",
        [("MULTI",), ("SET", "k", "v"), ("DISCARD",), ("GET", "k")],
    ),
    Case(
        "command names are case-insensitive in a transaction",
        [("multi",), ("Set", "k", "v"), ("get", "k"), ("exec",)],
    ),
    Case(
        "hash replies inside EXEC keep their RESP3 map type",
        [("MULTI",), ("HSET", "h", "f", "v"), ("HGETALL", "h"), ("EXEC",)],
    ),
    Case(
        "a null reply inside EXEC keeps its protocol's null",
        [("MULTI",), ("GET", "missing"), ("HGET", "missing", "f"), ("EXEC",)],
    ),
    Case(
        "PING with an argument inside a transaction",
        [("MULTI",), ("PING",), ("PING", "hello"), ("EXEC",)],
    ),
    Case(
        "SELECT inside a transaction applies to the commands after it",
        [
            ("MULTI",),
            ("SELECT", "1"),
            ("SET", "k", "in-db1"),
            ("EXEC",),
            ("GET", "k"),
            ("SELECT", "0"),
            ("GET", "k"),
        ],
    ),
    Case(
        "EXEC ends the transaction: a second EXEC has no MULTI",
        [("MULTI",), ("PING",), ("EXEC",), ("EXEC",)],
    ),
    Case(
        "MULTI again after EXEC starts a fresh transaction",
        [("MULTI",), ("SET", "a", "1"), ("EXEC",), ("MULTI",), ("GET", "a"), ("EXEC",)],
    ),
    # -- errors outside and inside MULTI ----------------------------------
    Case("EXEC without MULTI", [("EXEC",)]),
    Case("DISCARD without MULTI", [("DISCARD",)]),
    Case("DISCARD ends the transaction", [("MULTI",), ("DISCARD",), ("EXEC",)]),
    Case(
        "nested MULTI is an error that does not abort the transaction",
        [("MULTI",), ("MULTI",), ("SET", "k", "v"), ("EXEC",)],
    ),
    Case(
        "WATCH inside MULTI is an error that does not abort the transaction",
        [("MULTI",), ("WATCH", "k"), ("SET", "k", "v"), ("EXEC",)],
    ),
    Case("MULTI with an argument is an arity error", [("MULTI", "x")]),
    Case("DISCARD with an argument is an arity error", [("DISCARD", "x")]),
    Case("UNWATCH with an argument is an arity error", [("UNWATCH", "x")]),
    Case("WATCH without a key is an arity error", [("WATCH",)]),
    Case(
        "EXEC with an argument outside MULTI aborts with the reason",
        [("EXEC", "x")],
    ),
    Case(
        "EXEC with an argument inside MULTI discards the transaction",
        [("MULTI",), ("SET", "k", "v"), ("EXEC", "x"), ("EXEC",), ("GET", "k")],
    ),
    Case(
        "an unknown command while queueing aborts EXEC",
        [("MULTI",), ("SET", "k", "v"), ("NOSUCHCOMMAND", "a"), ("EXEC",), ("GET", "k")],
    ),
    Case(
        "a wrong number of arguments while queueing aborts EXEC",
        [("MULTI",), ("SET", "k", "v"), ("GET", "k", "extra"), ("EXEC",), ("GET", "k")],
    ),
    Case(
        "an unknown subcommand while queueing aborts EXEC",
        [("MULTI",), ("CONFIG", "NOSUCH"), ("EXEC",)],
    ),
    Case(
        "MULTI with an argument inside MULTI aborts EXEC",
        [("MULTI",), ("MULTI", "x"), ("EXEC",)],
    ),
    Case(
        "WATCH without a key inside MULTI aborts EXEC",
        [("MULTI",), ("WATCH",), ("EXEC",)],
    ),
    Case(
        "DISCARD with an argument inside MULTI aborts EXEC",
        [("MULTI",), ("DISCARD", "x"), ("EXEC",)],
    ),
    Case(
        "EXECABORT ends the transaction",
        [("MULTI",), ("NOSUCHCOMMAND",), ("EXEC",), ("EXEC",)],
    ),
    Case(
        "DISCARD after a queueing error ends the transaction cleanly",
        [("MULTI",), ("NOSUCHCOMMAND",), ("DISCARD",), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "a runtime error inside EXEC is one reply and the rest still run",
        [
            ("MULTI",),
            ("SET", "a", "not-a-number"),
            ("INCR", "a"),
            ("SET", "b", "y"),
            ("GET", "b"),
            ("EXEC",),
        ],
    ),
    Case(
        "WRONGTYPE inside EXEC does not stop the transaction",
        [("MULTI",), ("HSET", "h", "f", "v"), ("GET", "h"), ("HGET", "h", "f"), ("EXEC",)],
    ),
    Case(
        "a syntax error is found when EXEC runs the command, not when queueing",
        [("MULTI",), ("SET", "k", "v", "NX", "XX"), ("SET", "j", "w"), ("EXEC",), ("GET", "j")],
    ),
    Case(
        "SELECT out of range inside EXEC fails alone",
        [("MULTI",), ("SELECT", "99"), ("SET", "k", "v"), ("EXEC",), ("GET", "k")],
    ),
    # -- WATCH -------------------------------------------------------------
    Case(
        "WATCH then EXEC with no change runs the transaction",
        [("SET", "k", "1"), ("WATCH", "k"), ("MULTI",), ("INCR", "k"), ("EXEC",)],
    ),
    Case(
        "own write to a watched key before MULTI aborts EXEC with a null array",
        [("WATCH", "k"), ("SET", "k", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "writing the same value still counts as a change",
        [("SET", "k", "1"), ("WATCH", "k"), ("SET", "k", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "deleting a watched key aborts EXEC",
        [("SET", "k", "1"), ("WATCH", "k"), ("DEL", "k"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "deleting a watched key that does not exist is no change",
        [("WATCH", "k"), ("DEL", "k"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "a failed write to a watched key is no change",
        [("HSET", "k", "f", "v"), ("WATCH", "k"), ("INCR", "k"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "EXPIRE on a watched key aborts EXEC",
        [
            ("SET", "k", "1"),
            ("WATCH", "k"),
            ("EXPIRE", "k", "100"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "EXPIRE on a missing watched key is no change",
        [("WATCH", "k"), ("EXPIRE", "k", "100"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "PERSIST on a watched key aborts EXEC",
        [
            ("SET", "k", "1", "EX", "100"),
            ("WATCH", "k"),
            ("PERSIST", "k"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "HSET on a watched hash aborts EXEC",
        [("HSET", "h", "a", "1"), ("WATCH", "h"), ("HSET", "h", "b", "2"), ("MULTI",), ("EXEC",)],
    ),
    Case(
        "a write to an unwatched key leaves the transaction alone",
        [("WATCH", "k"), ("SET", "other", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "reading a watched key is no change",
        [("SET", "k", "1"), ("WATCH", "k"), ("GET", "k"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "a change to any one of several watched keys aborts EXEC",
        [("WATCH", "a", "b", "c"), ("SET", "b", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "watching a key twice is harmless",
        [("WATCH", "k", "k"), ("WATCH", "k"), ("SET", "k", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "a write inside the transaction itself does not abort it",
        [("WATCH", "k"), ("MULTI",), ("SET", "k", "1"), ("EXEC",), ("GET", "k")],
    ),
    Case(
        "UNWATCH forgets the watched keys",
        [("WATCH", "k"), ("UNWATCH",), ("SET", "k", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "UNWATCH after a change clears the abort",
        [("WATCH", "k"), ("SET", "k", "1"), ("UNWATCH",), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "UNWATCH inside MULTI is queued and too late to save EXEC",
        [("WATCH", "k"), ("SET", "k", "1"), ("MULTI",), ("UNWATCH",), ("EXEC",)],
    ),
    Case(
        "DISCARD unwatches",
        [
            ("WATCH", "k"),
            ("MULTI",),
            ("DISCARD",),
            ("SET", "k", "1"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "EXEC unwatches",
        [
            ("WATCH", "k"),
            ("MULTI",),
            ("EXEC",),
            ("SET", "k", "1"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "an aborted EXEC unwatches too",
        [
            ("WATCH", "k"),
            ("SET", "k", "1"),
            ("MULTI",),
            ("EXEC",),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "EXEC with an argument unwatches",
        [("WATCH", "k"), ("EXEC", "x"), ("SET", "k", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "a queueing error wins over a changed watched key",
        [("WATCH", "k"), ("SET", "k", "1"), ("MULTI",), ("NOSUCHCOMMAND",), ("EXEC",)],
    ),
    Case(
        "a watched key belongs to the database it was watched in",
        [
            ("WATCH", "k"),
            ("SELECT", "1"),
            ("SET", "k", "1"),
            ("SELECT", "0"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "changing the database after WATCH still watches the first one",
        [
            ("WATCH", "k"),
            ("SET", "k", "1"),
            ("SELECT", "1"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "FLUSHALL aborts EXEC when a watched key existed",
        [("SET", "k", "1"), ("WATCH", "k"), ("FLUSHALL",), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "FLUSHALL is no change to a watched key that did not exist",
        [("WATCH", "k"), ("FLUSHALL",), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "FLUSHDB aborts EXEC when a watched key existed",
        [("SET", "k", "1"), ("WATCH", "k"), ("FLUSHDB",), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "FLUSHDB of another database is no change",
        [
            ("SET", "k", "1"),
            ("WATCH", "k"),
            ("SELECT", "1"),
            ("FLUSHDB",),
            ("SELECT", "0"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "SWAPDB aborts EXEC when the watched key exists in the other database",
        [
            ("SELECT", "1"),
            ("SET", "k", "1"),
            ("SELECT", "0"),
            ("WATCH", "k"),
            ("SWAPDB", "0", "1"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "SWAPDB aborts EXEC when the watched key exists in its own database",
        [("SET", "k", "1"), ("WATCH", "k"), ("SWAPDB", "0", "1"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "SWAPDB is no change when the watched key exists in neither database",
        [
            ("SELECT", "1"),
            ("SET", "j", "1"),
            ("SELECT", "0"),
            ("WATCH", "k"),
            ("SWAPDB", "0", "1"),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    Case(
        "SWAPDB of two other databases is no change",
        [("SET", "k", "1"), ("WATCH", "k"), ("SWAPDB", "2", "3"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "SWAPDB of a database with itself is no change",
        [("SET", "k", "1"), ("WATCH", "k"), ("SWAPDB", "0", "0"), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "a watched key with a TTL that has not run out is no change",
        [
            ("SET", "k", "1", "EX", "100"),
            ("WATCH", "k"),
            step("TTL", "k", approx=1),
            ("MULTI",),
            ("PING",),
            ("EXEC",),
        ],
    ),
    # -- RESET and QUIT ---------------------------------------------------------
    Case(
        "RESET leaves MULTI and forgets the watched keys",
        [
            ("WATCH", "k"),
            ("MULTI",),
            ("SET", "k", "1"),
            ("RESET",),
            ("EXEC",),
            ("SET", "k", "2"),
            ("MULTI",),
            ("GET", "k"),
            ("EXEC",),
        ],
        resp=(2,),
    ),
    RawCase(
        "QUIT inside MULTI answers OK and closes without running the queue",
        b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nQUIT\r\n",
    ),
    RawCase(
        "a pipelined transaction in one write",
        b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
        b"*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nEXEC\r\n",
    ),
    RawCase(
        "inline commands inside a transaction",
        b"MULTI\r\nSET k v\r\nGET k\r\nEXEC\r\n",
    ),
]
