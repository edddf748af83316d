"""Flow control: what happens between a request and its reply off the plain path.

The plain path (``Server._read``) runs each request as it is parsed and queues
its reply. It stays as lean as it is while nothing here is in use. As soon as
a MONITOR client, a CLIENT PAUSE, an injected fault or a held client exists,
``server._gate`` and ``server._slow`` are set and requests take
:meth:`Flow.run` instead, which can

* **gate** a command before it runs (``Server.execute`` calls :meth:`Flow.gate`
  once the command passed the unknown-command, arity and NOAUTH checks, as
  Redis checks pauses after those): hold it (a pause, a stalled fault), answer
  an injected error, or let it run and act on its reply afterwards (a delay,
  closing the connection, a truncated reply);
* **hold** a client: the held command and everything the client sends after it
  wait, in order, in ``client.extra['pending']``, until :meth:`release`;
* run **timers** on the loop thread (the loop asks :meth:`timeout` how long it
  may sleep and calls :meth:`run_due` after each wake-up);
* **feed MONITOR clients** (``Server.call`` calls :meth:`feed` after each
  command that ran).

All state changes happen with ``server.lock`` held; the work that runs clients
again (releases) is queued as a timer, so it runs on the loop thread between
events, never inside another client's command.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections import deque
from typing import TYPE_CHECKING, Callable

from . import errors
from .clock import monotonic
from .protocol import ErrorReply, ProtocolError, encode

if TYPE_CHECKING:
    from .connection import Client
    from .faults import Fault
    from .registry import Command
    from .server import Server

__all__ = ["PAUSE_ALL", "PAUSE_WRITE", "AfterRun", "Flow", "Hold", "monitor_line"]

log = logging.getLogger("redistill")

PAUSE_WRITE = 1
PAUSE_ALL = 2

#: commands Redis flags "may replicate": held by CLIENT PAUSE WRITE like writes
MAY_REPLICATE = frozenset({"publish", "spublish", "pfcount", "eval", "evalsha", "fcall"})


class Hold:
    """The gate's verdict for a command that must wait (it has not run)."""

    __slots__ = ("fault",)

    def __init__(self, fault: Fault | None = None) -> None:
        #: the stall fault that holds it; None for CLIENT PAUSE
        self.fault = fault

    def __repr__(self) -> str:
        return "<Hold pause>" if self.fault is None else f"<Hold {self.fault!r}>"


#: a command held by CLIENT PAUSE
PAUSED = Hold()


class AfterRun:
    """The gate's verdict for a fault that acts once the command has run."""

    __slots__ = ("fault",)

    def __init__(self, fault: Fault) -> None:
        self.fault = fault


# -- MONITOR lines ---------------------------------------------------------------

_ESCAPED = {0x22: b'\\"', 0x5C: b"\\\\", 0x0A: b"\\n", 0x0D: b"\\r", 0x09: b"\\t"}
_ESCAPED.update({0x07: b"\\a", 0x08: b"\\b"})
_REPR = [_ESCAPED.get(b, bytes([b]) if 0x20 <= b <= 0x7E else b"\\x%02x" % b) for b in range(256)]
_PLAIN = frozenset(range(0x20, 0x7F)) - {0x22, 0x5C}
_REDACTED = b"(redacted)"


def _quote(arg: bytes) -> bytes:
    if _PLAIN.issuperset(arg):
        return b'"' + arg + b'"'
    table = _REPR
    return b'"' + b"".join([table[b] for b in arg]) + b'"'


def _redact(argv: list[bytes]) -> list[bytes]:
    """MONITOR hides passwords: every AUTH argument, HELLO's AUTH user and password."""
    name = argv[0].lower()
    if name == b"auth":
        return argv[:1] + [_REDACTED] * (len(argv) - 1)
    if name == b"hello":
        out = list(argv)
        i = 2
        while i < len(out):
            if out[i].lower() == b"auth" and i + 2 < len(out):
                out[i + 1] = out[i + 2] = _REDACTED
                i += 3
            else:
                i += 1
        return out
    return argv


def monitor_line(us: int, db: int, addr: str, argv: list[bytes]) -> bytes:
    """One MONITOR line: ``+1700000000.123456 [0 127.0.0.1:50000] "SET" "k" "v"``."""
    seconds, micros = divmod(us, 1_000_000)
    head = b"+%d.%06d [%d %s]" % (seconds, micros, db, addr.encode())
    return head + b"".join([b" " + _quote(a) for a in _redact(argv)]) + b"\r\n"


# -- the engine ------------------------------------------------------------------


class Flow:
    """Held clients, timers, CLIENT PAUSE and MONITOR for one server."""

    def __init__(self, server: Server) -> None:
        self.server = server
        #: clients in MONITOR mode, in the order they started
        self.monitors: list[Client] = []
        self._monitor_ids: set[int] = set()
        self._dirty: list[Client] = []
        self._own_lines: list[bytes] = []
        #: held clients (in the order they were held) -> why
        self.held: dict[Client, Hold | AfterRun] = {}
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self.pause_mode = 0
        self.pause_end_us = 0
        #: True while the loop must ask for a timeout and call run_due
        self.active = False

    # -- state ---------------------------------------------------------------------
    def update(self) -> None:
        """Recompute the server's fast-path switches (call with the lock held)."""
        server = self.server
        gated = bool(self.monitors or self.pause_mode or server.faults._rules)
        server._gate = self.gate if gated else None
        server._slow = gated or bool(self.held)
        self.active = bool(self._timers or self.pause_mode)

    def later(self, seconds: float, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the loop thread in ``seconds`` of real time (lock held)."""
        heapq.heappush(self._timers, (monotonic() + seconds, next(self._seq), fn))
        self.active = True
        if not self.server.on_loop_thread():
            self.server._wake()

    def soon(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the loop thread after the events being handled now."""
        self.later(0.0, fn)

    def on_loop(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the loop thread (with the lock) and wait for it to finish."""
        server = self.server
        if not server._running or server.on_loop_thread():
            with server.lock:
                fn()
            return
        done = threading.Event()
        failure: list[BaseException] = []

        def task() -> None:
            try:
                fn()
            except BaseException as exc:  # handed to the caller
                failure.append(exc)
            finally:
                done.set()

        with server.lock:
            self.soon(task)
        while not done.wait(0.05):
            if not server._running:
                with server.lock:
                    if not done.is_set():
                        fn()
                return
        if failure:
            raise failure[0]

    def timeout(self) -> float | None:
        """How long the loop may sleep before :meth:`run_due` has work (None: no limit)."""
        wait: float | None = None
        if self._timers:
            wait = max(0.0, self._timers[0][0] - monotonic())
        if self.pause_mode:
            clock = self.server.clock
            if not getattr(clock, "frozen", False):  # a ticking or system clock
                left = max(0.0, (self.pause_end_us - clock.time_us()) / 1_000_000)
                wait = left if wait is None else min(wait, left)
        return wait

    def run_due(self) -> None:
        """Run the timers whose time has come and end a pause that ran out (loop thread)."""
        if self.pause_mode and self.server.clock.time_us() >= self.pause_end_us:
            self.unpause()
        timers = self._timers
        now = monotonic()
        while timers and timers[0][0] <= now:
            fn = heapq.heappop(timers)[2]
            try:
                fn()
            except Exception:  # a bug here must not take the loop down
                log.exception("redistill: a timer failed")
        self.update()

    def forget(self, client: Client) -> None:
        """Drop every trace of a closed client."""
        if client.id in self._monitor_ids:
            self._remove_monitor(client)
        if client in self._dirty:
            self._dirty.remove(client)
        if self.held.pop(client, None) is not None:
            self.update()

    def reset(self) -> None:
        """Forget pauses and monitors (the server restarts; connections are gone)."""
        self.pause_mode = 0
        self.pause_end_us = 0
        self.monitors.clear()
        self._monitor_ids.clear()
        self._dirty.clear()
        self.held.clear()
        self._timers.clear()
        self.update()

    # -- the gate ------------------------------------------------------------------
    def gate(self, client: Client, cmd: Command, argv: list[bytes]) -> object:
        """None to run ``cmd`` now, else what to do instead (see the module doc)."""
        server = self.server
        if server._gate_bypass:
            return None  # a faulted command running after all (see _after_run)
        control = server._control
        if cmd.parent is control or cmd is control:
            return None  # test control is never paused, faulted or refused
        if self._monitor_ids and client.id in self._monitor_ids:
            if cmd.name == "reset":
                self._remove_monitor(client)
            elif cmd.write or "readonly" in cmd.flags or cmd.name in MAY_REPLICATE:
                reply = ErrorReply(errors.REPLICA_KEYSPACE.encode())
                return server._reject(client, reply, cmd, argv)
            return None  # like a replica, a monitor is never paused
        if self.pause_mode:
            if server.clock.time_us() >= self.pause_end_us:
                self.unpause()
            elif self.pause_mode == PAUSE_ALL or _writes(client, cmd):
                client.last_command = cmd.name.encode()
                return PAUSED
        faults = server.faults
        if faults._rules:
            fault = faults.match(cmd, argv)
            if fault is not None:
                if fault.kind == "error":
                    reply = ErrorReply(fault.reply_text(cmd, argv))
                    return server._reject(client, reply, cmd, argv)
                if fault.kind == "stall":
                    return Hold(fault)
                return AfterRun(fault)
        return None

    # -- running requests ----------------------------------------------------------
    def process(
        self, client: Client, requests: list[list[bytes]], error: ProtocolError | None
    ) -> None:
        """Handle freshly parsed requests of ``client`` off the plain path."""
        pending: deque[list[bytes]] | None = client.extra.get("pending")
        if pending is not None:  # held: everything waits behind the held command
            pending.extend(requests)
            if error is not None and client.extra.get("pending_error") is None:
                client.extra["pending_error"] = error
            return
        self.run(client, deque(requests), error)

    def run(self, client: Client, queue: deque[list[bytes]], error: ProtocolError | None) -> None:
        """Run ``client``'s requests in order until they are done or it is held."""
        server = self.server
        execute = server.execute
        parser = client.parser
        out = client.out
        held = False
        while True:
            while queue and not client.closing:
                argv = queue.popleft()
                if not argv:
                    continue
                reply = execute(client, argv)
                kind = type(reply)
                if kind is Hold:
                    queue.appendleft(argv)
                    self._hold(client, reply, queue, error)
                    held = True
                    break
                if kind is AfterRun:
                    held = self._after_run(client, reply, argv, queue, error)
                    break
                out.append(encode(reply, client.resp3))
                if self._own_lines:  # a monitor sees its own command after its reply
                    if not client.closing:  # (a closing client takes no more output)
                        out.extend(self._own_lines)
                    self._own_lines.clear()
            # An unauthenticated client's requests are read one at a time.
            if held or client.closing or error is not None or not parser.strict_only_pending:
                break
            requests, error = parser.feed(b"")
            if not requests and error is None:
                break
            queue.extend(requests)
        if error is not None and not held and not client.closing:
            out.append(encode(error.reply, client.resp3))
            client.closing = True
        client.last_active = monotonic()
        server._flush(client)
        self.flush_monitors()

    def _after_run(
        self,
        client: Client,
        verdict: AfterRun,
        argv: list[bytes],
        queue: deque[list[bytes]],
        error: ProtocolError | None,
    ) -> bool:
        """Run the command a delay / close / truncate fault caught; True if now held."""
        server = self.server
        server._gate_bypass = True  # the fault already counted this command
        try:
            reply = server.execute(client, argv)
        finally:
            server._gate_bypass = False
        data = encode(reply, client.resp3)
        self._own_lines.clear()
        fault = verdict.fault
        if fault.kind == "delay":
            client.extra["held_reply"] = data
            self._hold(client, verdict, queue, error)
            self.later(fault.seconds or 0.0, lambda: self.release(client))
            return True
        if fault.kind == "truncate":
            client.out.append(data[: len(data) // 2])
        client.closing = True  # "close": the reply is never written
        return False

    def _hold(
        self,
        client: Client,
        why: Hold | AfterRun,
        queue: deque[list[bytes]],
        error: ProtocolError | None,
    ) -> None:
        client.extra["pending"] = queue
        client.extra["pending_error"] = error
        self.held[client] = why
        if why is PAUSED:
            client.flags = client.flags.replace(b"N", b"") + b"b"
        self.update()

    def release(self, client: Client) -> None:
        """Let a held client go on: its held reply, then its waiting requests (loop thread)."""
        why = self.held.pop(client, None)
        if why is None:
            return
        if why is PAUSED:
            client.flags = client.flags.replace(b"b", b"") or b"N"
        extra = client.extra
        queue: deque[list[bytes]] = extra.pop("pending", None) or deque()
        error: ProtocolError | None = extra.pop("pending_error", None)
        data: bytes | None = extra.pop("held_reply", None)
        self.update()
        if client.closed:
            return
        if data is not None:
            client.out.append(data)
        self.run(client, queue, error)

    def release_where(self, test: Callable[[Hold | AfterRun], bool]) -> None:
        """Schedule the release of every held client whose reason passes ``test``."""
        chosen = [c for c, why in self.held.items() if test(why)]

        def release_chosen() -> None:
            for client in chosen:
                self.release(client)

        if chosen:
            self.soon(release_chosen)

    # -- CLIENT PAUSE ---------------------------------------------------------------
    def pause(self, mode: int, timeout_ms: int) -> None:
        """Pause clients until ``timeout_ms`` from now on the server's clock.

        As in Redis, a second pause keeps the stricter mode and the later end.
        """
        end = self.server.clock.time_us() + timeout_ms * 1000
        if not self.pause_mode or end > self.pause_end_us:
            self.pause_end_us = end
        self.pause_mode = max(self.pause_mode, mode)
        self.update()

    def unpause(self) -> None:
        """End the pause; held clients go on, in the order they were held."""
        if not self.pause_mode:
            return
        self.pause_mode = 0
        self.pause_end_us = 0
        self.release_where(lambda why: why is PAUSED)
        self.update()

    # -- MONITOR -------------------------------------------------------------------
    def add_monitor(self, client: Client) -> bool:
        """Put ``client`` in MONITOR mode; False if it already is."""
        if client.id in self._monitor_ids:
            return False
        self.monitors.append(client)
        self._monitor_ids.add(client.id)
        client.flags = client.flags.replace(b"N", b"") + b"O"
        self.update()
        return True

    def is_monitor(self, client: Client) -> bool:
        return client.id in self._monitor_ids

    def _remove_monitor(self, client: Client) -> None:
        self._monitor_ids.discard(client.id)
        if client in self.monitors:
            self.monitors.remove(client)
        client.flags = client.flags.replace(b"O", b"") or b"N"
        self.update()

    def feed(self, client: Client, cmd: Command, argv: list[bytes]) -> None:
        """Show a command that just ran to every MONITOR client (admin ones excepted)."""
        flags = cmd.flags
        if "admin" in flags or "skip_monitor" in flags:
            return
        line = monitor_line(self.server.clock.time_us(), client.db.index, client.addr, argv)
        for mon in self.monitors:
            if mon is client:
                self._own_lines.append(line)
            elif not mon.closing:
                mon.out.append(line)
                if mon not in self._dirty:
                    self._dirty.append(mon)

    def flush_monitors(self) -> None:
        dirty = self._dirty
        while dirty:
            self.server._flush(dirty.pop())


def _writes(client: Client, cmd: Command) -> bool:
    """Whether CLIENT PAUSE WRITE holds ``cmd`` (EXEC: if its queue has a write)."""
    if cmd.write or cmd.name in MAY_REPLICATE:
        return True
    if cmd.name == "exec" and client.multi:
        return any(c.write or c.name in MAY_REPLICATE for c, _ in client.multi)
    return False
