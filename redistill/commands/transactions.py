"""Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.

Queueing happens in the dispatcher (``Server.execute``): while ``c.multi`` is a
list, every command except EXEC, DISCARD, MULTI, WATCH, QUIT and RESET is
checked (unknown command, arity, NOAUTH, ``no_multi``) and appended, and a
failed check sets ``c.multi_error`` so that EXEC answers EXECABORT. EXEC then
runs the queue through ``Server.call``; a runtime error is one reply among the
others and does not stop the rest.

WATCH bookkeeping
-----------------
Each database that has watched keys carries a :class:`WatchedKeys` registry
(key -> clients watching it) installed as its ``on_write`` hook, which every
write, deletion, expiry and flush calls. While nobody watches anything in a
database its hook is None, so writes there pay a single ``is not None`` test.
The first write to a watched key marks its watchers dirty (``c.watch_dirty``)
and drops all their watches at once, as Redis 7 does: a dirty client cannot
become clean again before EXEC, DISCARD, UNWATCH or RESET, so there is no
point in paying for further notifications.

A client's own watches are listed in ``c.watched``: (db index, key) -> the
Database. They are dropped on EXEC (whatever its outcome), DISCARD, UNWATCH,
RESET (:func:`discard_transaction`) and disconnect (:func:`unwatch_all`).

Expiry counts as a write: a watched key that expires between WATCH and EXEC
makes EXEC fail (Redis 7.0+), whether it is purged (``clock.advance``, active
expiry, a lookup by any client) or is still waiting for its purge at EXEC
time (checked there). A key already expired when WATCH runs is deleted on the
spot, so its later disappearance is no change, as in Redis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import errors
from ..connection import Client
from ..errors import CommandError
from ..protocol import NULL_ARRAY, OK, ErrorReply, Raw, Reply, encode
from ..registry import command

if TYPE_CHECKING:
    from ..keyspace import Database

__all__ = ["WatchedKeys", "discard_transaction", "exec_rejected", "touch_swapdb", "unwatch_all"]


class WatchedKeys(dict):  # type: ignore[type-arg]
    """One database's WATCH registry: key -> the clients watching it.

    Installed as ``Database.on_write`` while the dict is not empty; calling it
    with (db, key) is the notification that ``key`` changed. It uninstalls
    itself when its last watch goes, so code that notifies several keys in a
    loop must read ``on_write`` once, before the loop (as ``Database.flush``).
    """

    __slots__ = ()

    def __call__(self, db: Database, key: bytes) -> None:
        clients: set[Client] | None = self.get(key)
        if clients:
            for client in list(clients):
                client.watch_dirty = True
                _unwatch(client)


def _registry(db: Database) -> WatchedKeys | None:
    hook = db.on_write
    return hook if isinstance(hook, WatchedKeys) else None


def _unwatch(c: Client) -> None:
    watched = c.watched
    for (_, key), db in watched.items():
        reg = _registry(db)
        if reg is None:
            continue
        clients = reg.get(key)
        if clients is not None:
            clients.discard(c)
            if not clients:
                del reg[key]
                if not reg:
                    db.on_write = None  # nobody watches here: writes are free again
    watched.clear()


def unwatch_all(c: Client) -> None:
    """Forget every key ``c`` watches (the dirty flag stays as it is)."""
    if c.watched:
        _unwatch(c)


def discard_transaction(c: Client) -> None:
    """Leave MULTI (if in it), drop the queue, the error and dirty flags and all watches.

    EXEC, DISCARD and RESET end a transaction this way.
    """
    c.multi = None
    c.multi_error = False
    c.watch_dirty = False
    if c.watched:
        _unwatch(c)


def touch_swapdb(db1: Database, db2: Database) -> None:
    """Call before SWAPDB exchanges the contents of two databases.

    Every client watching, in either database, a key that lives in either of
    them is marked dirty. Watches stay with the database *number*, as in
    Redis: swap ``data``/``expires`` and the like, never ``on_write``.
    """
    if db1 is db2:
        return  # SWAPDB 0 0 changes nothing
    now = db1.ks.now_ms()
    for db in (db1, db2):
        reg = _registry(db)
        if not reg:
            continue
        for key in list(reg):
            if _live(db1, key, now) or _live(db2, key, now):
                reg(db, key)


def _live(db: Database, key: bytes, now: int) -> bool:
    if key not in db.data:
        return False
    when = db.expires.get(key)
    return when is None or when >= now  # alive through its last millisecond


def _watched_key_expired(c: Client) -> bool:
    """True if a watched key's time has come but nobody has purged it yet."""
    for (_, key), db in c.watched.items():
        when = db.expires.get(key)
        if when is not None and when < db.ks.now_ms():
            return True
    return False


_FLAGS = "noscript loading stale fast allow_busy"


@command(
    "multi",
    1,
    _FLAGS,
    group="transactions",
    summary="Mark the start of a transaction block",
    since="1.2.0",
    acl="fast transaction",
)
def cmd_multi(c: Client, argv: list[bytes]) -> Reply:
    if c.multi is not None:
        raise CommandError(errors.NESTED_MULTI)
    c.multi = []
    return OK


@command(
    "exec",
    1,
    "noscript loading stale skip_slowlog",
    group="transactions",
    summary="Execute all commands issued after MULTI",
    since="1.2.0",
    complexity="Depends on commands in the transaction",
    acl="slow transaction",
)
def cmd_exec(c: Client, argv: list[bytes]) -> Reply:
    queue = c.multi
    if queue is None:
        raise CommandError(errors.EXEC_WITHOUT_MULTI)
    if c.multi_error:
        discard_transaction(c)
        raise CommandError(errors.EXECABORT)
    if c.watch_dirty or (c.watched and _watched_key_expired(c)):
        discard_transaction(c)
        return NULL_ARRAY
    discard_transaction(c)  # leave MULTI and unwatch before running anything
    execute = c.server.execute
    replies: list[Reply] = []
    c.extra["in_exec"] = True  # commands that refuse to run inside EXEC read it
    try:
        for cmd, args in queue:
            reply = execute(c, args, cmd)
            # Encoded now, so a HELLO inside the transaction switches the protocol
            # for the replies after it only, as in Redis.
            replies.append(Raw(encode(reply, c.resp3)))
    finally:
        del c.extra["in_exec"]
    return replies


@command(
    "discard",
    1,
    _FLAGS,
    group="transactions",
    summary="Discard all commands issued after MULTI",
    since="2.0.0",
    complexity="O(N), when N is the number of queued commands",
    acl="fast transaction",
)
def cmd_discard(c: Client, argv: list[bytes]) -> Reply:
    if c.multi is None:
        raise CommandError(errors.DISCARD_WITHOUT_MULTI)
    discard_transaction(c)
    return OK


@command(
    "watch",
    -2,
    _FLAGS,
    (1, -1, 1),
    group="transactions",
    summary="Watch the given keys to determine execution of the MULTI/EXEC block",
    since="2.2.0",
    complexity="O(1) for every key.",
    acl="fast transaction",
)
def cmd_watch(c: Client, argv: list[bytes]) -> Reply:
    if c.multi is not None:
        raise CommandError(errors.WATCH_INSIDE_MULTI)
    if c.watch_dirty:
        return OK  # EXEC will fail anyway; watching more changes nothing
    db = c.db
    index = db.index
    watched = c.watched
    for key in argv[1:]:
        if (index, key) in watched:
            continue
        # A key whose time has already come is removed now (notifying its
        # other watchers), so its disappearance later is no change for us.
        # peek, not lookup: WATCH is no access (OBJECT IDLETIME goes on).
        db.peek(key)
        reg = _registry(db)
        if reg is None:
            reg = WatchedKeys()
            db.on_write = reg
        clients = reg.get(key)
        if clients is None:
            reg[key] = clients = set()
        clients.add(c)
        watched[index, key] = db
    return OK


@command(
    "unwatch",
    1,
    _FLAGS,
    group="transactions",
    summary="Forget about all watched keys",
    since="2.2.0",
    acl="fast transaction",
)
def cmd_unwatch(c: Client, argv: list[bytes]) -> Reply:
    unwatch_all(c)
    c.watch_dirty = False
    return OK


def exec_rejected(c: Client, reply: ErrorReply) -> ErrorReply:
    """The reply to an EXEC the dispatcher refused (arity, NOAUTH).

    Redis discards the transaction (and the watches) even then, and names the
    reason: ``EXECABORT Transaction discarded because of: <error>``, without
    the ``ERR`` code of a plain error but with any other code (``NOAUTH ...``).
    """
    discard_transaction(c)
    text = reply[4:] if reply.startswith(b"ERR ") else bytes(reply)
    return ErrorReply(errors.EXECABORT_BECAUSE.format(text.decode("latin-1")).encode("latin-1"))
