"""Runs one generated sequence on a real redis-server and on redistill, and compares.

Both servers start each sequence empty: the real one is FLUSHALL-ed and gets
fresh connections, redistill is a fresh :class:`~redistill.Server` whose
virtual clock is set to the wall-clock time read when the sequence starts
(``n0``), which is also the real server's time then.

How time is made comparable (no sleeping)
-----------------------------------------
redistill's clock is frozen; the real server's clock flows. Three rules keep
the two in step:

1. **Nothing happens near "now".** Every generated expiry, relative or
   absolute, is at least ``MARGIN_MS`` in the past or the future, so the few
   milliseconds (at most a second or two under load) that pass on the real
   server while a sequence runs never decide whether a key is alive. The
   harness checks that a sequence really stays within half the margin.
2. **Absolute times are relative to each server's own now.** A generated
   absolute time is ``Abs(delta)``: the real server gets ``n0 + delta`` (its
   now never moves in the model), redistill gets ``clock + delta``.
   Replies that are absolute times (EXPIRETIME, PEXPIRETIME) are mapped back
   the same way before they are compared. TTL, PTTL and those mapped times
   are compared within the time that has really passed since ``n0`` (plus a
   second where the reply is in seconds); negative replies (-1, -2) exactly.
3. **A clock move is mirrored, not waited for.** ``ClockMove(s)`` advances
   redistill's clock by ``s`` seconds; on the real server, a control
   connection reads every key's PEXPIRETIME and rewrites it ``s`` seconds
   earlier with PEXPIREAT, so keys whose time has come are deleted (as the
   past time deletes them) and the others keep exactly the remaining time they
   have on redistill. Before moving, ``s`` is pushed past any key whose
   remaining time is within the margin of it, and no two expiries that a GT
   or LT option compares are ever closer than the margin (the new one is
   pushed further out), since a tie on redistill's frozen clock is not a tie
   on a clock that flows.

4. **Expired keys that Redis 7.0 still counts.** A SET with an EXAT/PXAT in
   the past stores the key on Redis 7.0 and leaves it to expiry (DBSIZE counts
   it for up to ~100 ms, until active expiry runs); redistill never stores it,
   as Redis 8 does. After such a SET the control connection runs a full SCAN of
   every database on the real server, which deletes expired keys it meets; a
   DBSIZE inside EXEC after such a queued SET may exceed redistill's by at most
   the number of those SETs.

Two situations where the mirror would not be faithful are avoided rather than
papered over: a clock move inside MULTI (the real server could not be moved
atomically with the queue) and a clock move while a watched key has a TTL it
would survive (rewriting its expiry on the real server is a write, which makes
EXEC fail there but not on redistill). Such moves are skipped on both servers.
Scans inside MULTI are skipped the same way.

Replies are compared byte for byte except where the order is unspecified
(KEYS, HKEYS, HVALS: as sorted lists; HGETALL: as pairs; SCAN/HSCAN: the
union of a full iteration) and for the time readings above; EXEC's reply is
compared element by element with each queued command's own rule. Differences
already reported but not fixed yet are let pass by the rules in ``known.py``
(counted in the session summary).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from redistill import Server
from redistill.clock import VirtualClock

from ..conformance.resp import Connection, Node, Reply
from ..conformance.runner import RealRedis, describe, thread_errors
from .commands import MARGIN_MS, Abs, ClockMove, Cmd, Scan, Sequence, TimeArg
from .known import known

#: how many SCAN calls one full iteration may take before it counts as a bug
MAX_SCAN_CALLS = 1000

#: totals for the session summary (read by conftest.py)
STATS: dict[str, int] = {
    "sequences": 0,
    "commands": 0,
    "transactions": 0,
    "clock_moves": 0,
    "skipped_moves": 0,
    "scans": 0,
    "failed_sequences": 0,
}


class Mismatch(AssertionError):
    """The two servers answered differently."""


def now_ms() -> int:
    return int(time.time() * 1000)


# ---------------------------------------------------------------------------
# The two servers


class Backend:
    """One server with the two client connections a sequence uses."""

    label = "?"
    a: Connection
    b: Connection

    def base_ms(self) -> int:
        """The instant that ``Abs`` placeholders are relative to."""
        raise NotImplementedError

    def advance(self, ms: int) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.a.close()
        self.b.close()

    def render(self, arg: Any) -> bytes | int:
        if isinstance(arg, Abs):
            base = self.base_ms()
            if arg.unit == "s":
                return base // 1000 + arg.delta_ms // 1000
            return base + arg.delta_ms
        assert isinstance(arg, (bytes, int))
        return arg

    def hello(self, resp: int) -> None:
        if resp == 3:
            for conn in (self.a, self.b):
                reply = conn.command("HELLO", "3")
                if reply.node[0] != "%":
                    raise RuntimeError(f"{self.label} refused HELLO 3: {reply.show()}")


class RealBackend(Backend):
    label = "redis"

    def __init__(self, real: RealRedis, n0: int, resp: int) -> None:
        self.n0 = n0
        real.flushall()
        self.a = Connection(real.host, real.port)
        self.b = Connection(real.host, real.port)
        self.ctl = Connection(real.host, real.port)
        self.hello(resp)

    def base_ms(self) -> int:
        return self.n0

    def advance(self, ms: int) -> None:
        """Move every expiry ``ms`` earlier: what ``ms`` of passing time does to a key."""
        ctl = self.ctl
        info = ctl.command("INFO", "keyspace").node[1] or b""
        for line in info.splitlines():
            if not line.startswith(b"db") or b"expires=0," in line:
                continue
            ctl.command("SELECT", line[2 : line.index(b":")])
            found = ctl.command("KEYS", "*").node[1] or []
            names = [k for _, k in found]
            for k in names:
                ctl.send(_encode("PEXPIRETIME", k))
            whens = [ctl.read_reply().node[1] for _ in names]
            moved = [(k, w) for k, w in zip(names, whens) if isinstance(w, int) and w > 0]
            for k, w in moved:
                ctl.send(_encode("PEXPIREAT", k, w - ms))
            for _ in moved:
                ctl.read_reply()
        ctl.command("SELECT", "0")

    def expunge(self) -> None:
        """Delete keys whose time has come but that are still counted by DBSIZE.

        Redis 7.0 stores a SET with an already-past EXAT/PXAT and leaves the key
        to expiry (active expiry deletes it within ~100 ms; Redis 8 no longer
        stores it). redistill removes it at once. A full SCAN deletes every
        expired key it meets, so after this both servers hold the same keys.
        """
        ctl = self.ctl
        info = ctl.command("INFO", "keyspace").node[1] or b""
        for line in info.splitlines():
            if not line.startswith(b"db") or b"expires=0," in line:
                continue
            ctl.command("SELECT", line[2 : line.index(b":")])
            cursor = b"0"
            while True:
                cursor = ctl.command("SCAN", cursor, "COUNT", "1000").node[1][0][1]
                if cursor == b"0":
                    break
        ctl.command("SELECT", "0")

    def close(self) -> None:
        super().close()
        self.ctl.close()


class RedistillBackend(Backend):
    label = "redistill"

    def __init__(self, n0: int, resp: int) -> None:
        self.clock = VirtualClock(start=n0 / 1000)
        assert self.clock.time_ms() == n0
        self.server = Server(clock=self.clock)
        self.server.start()
        self.a = Connection(self.server.host, self.server.port)
        self.b = Connection(self.server.host, self.server.port)
        self.hello(resp)

    def base_ms(self) -> int:
        return self.clock.time_ms()

    def advance(self, ms: int) -> None:
        self.clock.advance(ms / 1000)

    def expiries(self) -> list[tuple[int, bytes, int]]:
        """(db, key, unix ms) of every live key with a TTL, read without touching anything."""
        now = self.clock.time_ms()
        with self.server.lock:
            return [
                (db.index, key, when)
                for db in self.server.keyspace.dbs.made()
                for key, when in db.expires.items()
                if when > now and key in db.data
            ]

    def close(self) -> None:
        super().close()
        self.server.stop()


def _encode(*args: Any) -> bytes:
    from ..conformance.resp import encode_command

    return encode_command(args)


# ---------------------------------------------------------------------------
# Comparing replies


def _is_int(node: Node) -> bool:
    return node[0] == ":"


def _canon(node: Node) -> Any:
    kind, value = node
    if kind in ("*", "~", ">") and value is not None:
        return (kind, tuple(sorted((_canon(c) for c in value), key=repr)))
    if kind in ("%", "|"):
        pairs = [(_canon(value[i]), _canon(value[i + 1])) for i in range(0, len(value), 2)]
        return (kind, tuple(sorted(pairs, key=repr)))
    return node


@dataclass
class Timing:
    """What the time comparisons need to know about the moment of a reply."""

    real_base: int
    redistill_base: int
    elapsed_ms: int

    def tolerance(self, unit: str) -> int:
        ms = self.elapsed_ms + 5
        return ms if unit == "ms" else ms // 1000 + 1


def nodes_match(mode: str, real: Node, dist: Node, timing: Timing, lingering: int = 0) -> bool:
    if mode == "dbsize" and _is_int(real) and _is_int(dist):
        return bool(dist[1] <= real[1] <= dist[1] + lingering)
    if mode in ("ttl_s", "ttl_ms", "at_s", "at_ms"):
        if not (_is_int(real) and _is_int(dist)) or real[1] < 0 or dist[1] < 0:
            return real == dist
        unit = mode[mode.index("_") + 1 :]
        e, a = real[1], dist[1]
        if mode.startswith("at"):
            div = 1000 if unit == "s" else 1
            e -= timing.real_base // div
            a -= timing.redistill_base // div
        return bool(abs(e - a) <= timing.tolerance(unit))
    if mode == "sorted":
        return bool(_canon(real) == _canon(dist))
    if mode == "pairs":
        kind, value = real
        if kind in ("*", "%") and value is not None:
            return kind == dist[0] and _canon(("%", value)) == _canon(("%", dist[1] or []))
        return real == dist
    return real == dist


def _may_linger(argv: tuple[bytes | int, ...]) -> bool:
    """A SET with an absolute time, which may leave an expired key for DBSIZE to count."""
    if not isinstance(argv[0], bytes) or argv[0].upper() != b"SET":
        return False
    return any(isinstance(a, bytes) and a.upper() in (b"EXAT", b"PXAT") for a in argv[3:])


# ---------------------------------------------------------------------------
# The sequence runner


@dataclass
class Line:
    """One transcript entry."""

    text: str
    real: str = ""
    dist: str = ""
    bad: bool = False
    #: the known difference (known.py) that explains the replies differing
    known: str | None = None


@dataclass
class State:
    """What the runner tracks about connection ``a`` (from the real server's replies)."""

    db: int = 0
    in_multi: bool = False
    #: (reply mode, argv) of each command queued in the current transaction
    queued: list[tuple[str, tuple[bytes | int, ...]]] = field(default_factory=list)
    #: expiries (redistill's unix ms) that queued commands will set
    pending: list[int] = field(default_factory=list)
    watched: set[tuple[int, bytes]] = field(default_factory=set)
    #: queued SETs with a past expiry: keys the real server may still count in DBSIZE
    lingering: int = 0


class Runner:
    def __init__(self, real: RealBackend, dist: RedistillBackend) -> None:
        self.real = real
        self.dist = dist
        self.state = State()
        self.lines: list[Line] = []
        self.commands = 0

    # -- helpers ---------------------------------------------------------------
    def timing(self) -> Timing:
        elapsed = now_ms() - self.real.n0
        if elapsed > MARGIN_MS // 2:
            raise RuntimeError(
                f"the sequence took {elapsed} ms of real time, more than half the margin "
                f"({MARGIN_MS} ms) that keeps expiries comparable; the machine is too slow"
            )
        return Timing(self.real.base_ms(), self.dist.base_ms(), elapsed)

    def fail(self, why: str) -> None:
        shown = self.lines[-80:]
        out = [f"redis-server and redistill differ: {why}", ""]
        if len(self.lines) > len(shown):
            out.append(f"  ... {len(self.lines) - len(shown)} earlier steps")
        for ln in shown:
            mark = ">>" if ln.bad else "  "
            out.append(f"{mark} {ln.text}")
            if ln.known:
                out.append(f"       (a known difference: {ln.known})")
            if ln.real or ln.dist:
                if ln.real == ln.dist:
                    out.append(f"       both:      {ln.real}")
                else:
                    out.append(f"       redis:     {ln.real}")
                    out.append(f"       redistill: {ln.dist}")
        raise Mismatch("\n".join(out))

    def _expiry_of(self, t: TimeArg, value: Any) -> int | None:
        """The unix ms (on redistill's clock) that argument ``value`` stands for."""
        scale = 1000 if t.unit == "s" else 1
        if isinstance(value, Abs):
            return int(self.dist.render(value)) * scale
        if isinstance(value, int):
            return value * scale + (0 if t.absolute else self.dist.base_ms())
        return None

    def _nudged(self, cmd: Cmd) -> Cmd:
        """``cmd`` with its GT/LT expiry moved MARGIN_MS away from every other expiry."""
        t = cmd.time
        if t is None or not cmd.nudge:
            return cmd
        others = [w for _, _, w in self.dist.expiries()] + self.state.pending
        args = list(cmd.args)
        step_ms = 2 * MARGIN_MS
        for _ in range(100):
            when = self._expiry_of(t, args[t.index])
            if when is None or all(abs(when - w) >= MARGIN_MS for w in others):
                break
            value = args[t.index]
            scale = 1000 if t.unit == "s" else 1
            if isinstance(value, Abs):
                args[t.index] = Abs(value.delta_ms + step_ms, value.unit)
            elif isinstance(value, int):
                args[t.index] = value + step_ms // scale
        return Cmd(tuple(args), cmd.reply, cmd.time, cmd.nudge, cmd.conn)

    # -- operations -------------------------------------------------------------
    def run(self, seq: Sequence) -> None:
        for op in seq.ops:
            if isinstance(op, Cmd):
                self.command(op)
            elif isinstance(op, Scan):
                self.scan(op)
            else:
                self.clock_move(op)

    def command(self, op: Cmd) -> None:
        st = self.state
        cmd = self._nudged(op)
        real_argv = tuple(self.real.render(a) for a in cmd.args)
        dist_argv = tuple(self.dist.render(a) for a in cmd.args)
        real_conn = self.real.a if cmd.conn == "a" else self.real.b
        dist_conn = self.dist.a if cmd.conn == "a" else self.dist.b
        e = real_conn.command(*real_argv)
        a = dist_conn.command(*dist_argv)
        self.commands += 1
        timing = self.timing()
        shown = f"{cmd.conn}> {describe(real_argv)}"
        if real_argv != dist_argv:
            shown += f"   (redistill got: {describe(dist_argv)})"
        line = Line(shown, e.show(), a.show())
        self.lines.append(line)

        name = cmd.args[0].upper() if isinstance(cmd.args[0], bytes) else b""
        in_multi = cmd.conn == "a" and st.in_multi
        if name == b"EXEC" and cmd.conn == "a" and st.in_multi:
            ok = self._exec_match(e, a, timing, line)
        else:
            ok = e.raw == a.raw if cmd.reply == "exact" else self._match(cmd.reply, e, a, timing)
            if not ok:
                line.known = known(real_argv, e.node, a.node)
                ok = line.known is not None
        if not ok:
            line.bad = True
            self.fail(f"step {len(self.lines)} ({describe(real_argv)[:200]})")
        if not in_multi and _may_linger(real_argv):
            self.real.expunge()
        if cmd.conn != "a":
            return

        # -- track connection a's state (from the real server's reply) --
        if in_multi and name not in (b"EXEC", b"DISCARD", b"MULTI", b"WATCH"):
            if e.raw == b"+QUEUED\r\n":
                mode = "dbsize" if name == b"DBSIZE" else cmd.reply
                st.queued.append((mode, real_argv))
                if cmd.time is not None:
                    when = self._expiry_of(cmd.time, cmd.args[cmd.time.index])
                    if when is not None:
                        st.pending.append(when)
                if _may_linger(real_argv):
                    st.lingering += 1
            return
        if name == b"MULTI" and e.raw == b"+OK\r\n":
            st.in_multi = True
        elif name == b"EXEC" or name == b"DISCARD":
            if name == b"EXEC" and st.in_multi:
                STATS["transactions"] += 1
                self._after_exec(e)
            if name == b"EXEC" and st.lingering:
                self.real.expunge()
            st.in_multi = False
            st.queued.clear()
            st.pending.clear()
            st.watched.clear()
            st.lingering = 0
        elif name == b"UNWATCH":
            st.watched.clear()
        elif name == b"WATCH" and e.raw == b"+OK\r\n":
            st.watched.update((st.db, k) for k in real_argv[1:] if isinstance(k, bytes))
        elif name == b"SELECT" and e.raw == b"+OK\r\n":
            st.db = int(real_argv[1])

    def _match(self, mode: str, e: Reply, a: Reply, timing: Timing) -> bool:
        if e.node[0] in ("closed", "timeout", "garbage") or a.node[0] in (
            "closed",
            "timeout",
            "garbage",
        ):
            return e.raw == a.raw and e.node[0] == a.node[0]
        return nodes_match(mode, e.node, a.node, timing)

    def _exec_match(self, e: Reply, a: Reply, timing: Timing, line: Line) -> bool:
        """EXEC's replies, each compared by the rule of the command it answers."""
        if e.raw == a.raw:
            return True
        queued = self.state.queued
        (ek, ev), (ak, av) = e.node, a.node
        if ek != "*" or ak != "*" or ev is None or av is None:
            return False
        if len(ev) != len(queued) or len(av) != len(queued):
            return False
        for (mode, argv), x, y in zip(queued, ev, av):
            if nodes_match(mode, x, y, timing, self.state.lingering):
                continue
            line.known = known(argv, x, y, in_exec=True)
            if line.known is None:
                return False
        return True

    def _after_exec(self, e: Reply) -> None:
        kind, items = e.node
        if kind != "*" or items is None:
            return
        for (_mode, argv), reply in zip(self.state.queued, items):
            name = argv[0].upper() if isinstance(argv[0], bytes) else b""
            if name == b"SELECT" and reply == ("+", b"OK"):
                self.state.db = int(argv[1])

    def scan(self, op: Scan) -> None:
        if self.state.in_multi:
            return
        STATS["scans"] += 1
        args: list[bytes] = [b"HSCAN", op.key] if op.key is not None else [b"SCAN"]
        opts: list[bytes] = []
        if op.match is not None:
            opts += [b"MATCH", op.match]
        if op.count is not None:
            opts += [b"COUNT", op.count]
        if op.type is not None:
            opts += [b"TYPE", op.type]
        real_found, real_text = self._iterate(self.real.a, args, opts)
        dist_found, dist_text = self._iterate(self.dist.a, args, opts)
        shown = f"a> {describe(tuple(args + [b'<cursor>'] + opts))}  (a full iteration)"
        line = Line(shown, real_text, dist_text)
        self.lines.append(line)
        if real_found != dist_found:
            line.bad = True
            self.fail(f"step {len(self.lines)} (a full {args[0].decode()} iteration)")

    def _iterate(self, conn: Connection, args: list[bytes], opts: list[bytes]) -> tuple[Any, str]:
        """(what a full iteration found, how to show it): a sorted list, or an error reply."""
        cursor = b"0"
        seen: set[Any] = set()
        for _ in range(MAX_SCAN_CALLS):
            reply = conn.command(*args, cursor, *opts)
            self.commands += 1
            kind, value = reply.node
            if kind != "*" or value is None or len(value) != 2:
                return ("reply", reply.raw), reply.show()
            cursor = value[0][1]
            items = [item[1] for item in value[1][1]]
            if args[0] == b"HSCAN":
                seen.update(zip(items[::2], items[1::2]))
            else:
                seen.update(items)
            if cursor == b"0":
                found = sorted(seen)
                return ("found", found), repr(found)
        return ("unfinished", None), f"<no cursor 0 after {MAX_SCAN_CALLS} calls>"

    def clock_move(self, op: ClockMove) -> None:
        st = self.state
        if st.in_multi:
            return
        ms = op.seconds * 1000
        now = self.dist.base_ms()
        live = self.dist.expiries()
        for left in sorted(when - now for _, _, when in live):
            if abs(left - ms) < MARGIN_MS:
                ms = -(-(left + MARGIN_MS) // 1000) * 1000
        if st.watched and any((db, k) in st.watched and when - now > ms for db, k, when in live):
            STATS["skipped_moves"] += 1
            self.lines.append(Line(f"-- clock move by {ms} ms skipped: a watched key survives it"))
            return
        STATS["clock_moves"] += 1
        self.real.advance(ms)
        self.dist.advance(ms)
        self.lines.append(Line(f"-- clock moves {ms} ms forward (redistill: advance; redis: "
                               "every expiry rewritten that much earlier)"))  # fmt: skip


@contextlib.contextmanager
def backends(real: RealRedis, resp: int) -> Iterator[tuple[RealBackend, RedistillBackend]]:
    n0 = now_ms()
    rb = RealBackend(real, n0, resp)
    try:
        db = RedistillBackend(n0, resp)
        try:
            yield rb, db
        finally:
            db.close()
    finally:
        rb.close()


def run_sequence(real: RealRedis, seq: Sequence) -> None:
    """Run ``seq`` on both servers; raise :class:`Mismatch` at the first difference."""
    STATS["sequences"] += 1
    runner: Runner | None = None
    try:
        with thread_errors() as crashes, backends(real, seq.resp) as (rb, db):
            runner = Runner(rb, db)
            runner.run(seq)
            if not db.server.running:
                runner.fail("redistill's server loop stopped")
        if crashes:
            raise Mismatch("redistill's server thread raised:\n" + "\n".join(crashes))
    except Mismatch:
        STATS["failed_sequences"] += 1
        raise
    finally:
        if runner is not None:
            STATS["commands"] += runner.commands
