"""The Server: lifecycle, listener, reading requests and dispatching commands.

Commands run one at a time on the loop thread (loop.py), as in Redis. The loop
holds ``server.lock`` while it runs commands; calls from other threads (a
test's assertions, ``clock.advance``) take the same lock, so they never race a
command.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import logging
import select
import selectors
import signal
import socket
import struct
import threading
from _thread import get_ident
from collections import deque
from collections.abc import Iterator
from time import CLOCK_MONOTONIC, clock_gettime
from typing import TYPE_CHECKING, Any, Callable

from . import errors
from .clock import Clock, SystemClock, VirtualClock, monotonic
from .commandlog import DEFAULT_LOG_BYTES, DEFAULT_LOG_SIZE, CommandLogging, Entry
from .config import Config
from .connection import Client
from .errors import CommandError
from .faults import Faults
from .flow import Flow
from .inspection import Inspection
from .keyspace import Keyspace
from .loop import NEVER_DEFERRED, DeferredWrites, Loop, shared_loop
from .profiles import profile_table
from .protocol import QUEUED, ErrorReply, ProtocolError, Raw, Reply, encode
from .registry import COMMANDS, Command

if TYPE_CHECKING:
    import redis

log = logging.getLogger("redistill")

_READ = selectors.EVENT_READ
_WRITE = selectors.EVENT_WRITE
#: bytes asked of each recv(). Python allocates this much for every call before
#: shrinking it to what arrived, and glibc serves requests of 128 KiB or more
#: with mmap/munmap: a 256 KiB recv cost about 6x a 64 KiB one (page faults).
_RECV_SIZE = 64 * 1024
#: the most one read asks for when a large argument is known to be on its way
_RECV_MAX = 4 * 1024 * 1024
#: bulk replies this large are written from the stored value itself (no copy)
_LARGE_REPLY = 32 * 1024
#: A read holding this many requests or more has its replies written in a few
#: steps, not all at the end: after the first _AHEAD_FIRST commands, then each
#: time the commands run have tripled (8, 24, 72, ...). The client reads the
#: first replies while the server runs the rest (a redis-py pipeline of 100
#: SET+GET took 7-9% less time; bench/README.md). Redis writes once per read,
#: but reads 16 KiB at a time (strace of redis-server 7.0.15: 200 pipelined
#: SETs, 57,600 bytes, came in 4 reads and were answered in 4 writes); here one
#: read takes up to 64 KiB and is parsed whole before the first command runs.
_AHEAD_MIN = 32
_AHEAD_FIRST = 8
#: how often a ticking or system clock gets its expired keys purged (seconds)
_ACTIVE_EXPIRE_PERIOD = 0.1


_EXEC_NAMES = frozenset({"exec", "discard", "multi", "watch", "quit", "reset"})
#: SO_LINGER on, zero seconds: close() sends a reset
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)


class _NeverFrozen:
    """Stands in for a clock with no ``frozen_us`` (see Server._frozen)."""

    frozen_us = None


_NEVER_FROZEN = _NeverFrozen()


def _reset_on_close(sock: socket.socket) -> None:
    """Make ``sock``'s close() a reset (no FIN, no TIME_WAIT): connections
    refused in an outage, and those of a server stopped with
    ``reset_connections=True``."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
    except OSError:
        pass


class Server(Inspection, CommandLogging):
    """A Redis-protocol server on a real TCP port, served by a background thread.

    >>> with Server() as server:
    ...     r = server.client()
    ...     r.set("k", "v", ex=10)
    ...     server.clock.advance(11)
    ...     r.get("k") is None
    True
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | str | None = None,
        requirepass: str | bytes | None = None,
        databases: int = 16,
        *,
        profile: str = "redis",
        control: bool = True,
        config: dict[str, Any] | None = None,
        log_size: int = DEFAULT_LOG_SIZE,
        log_bytes: int = DEFAULT_LOG_BYTES,
    ) -> None:
        if clock is None or clock == "virtual":
            clock = VirtualClock()
        elif clock == "system":
            clock = SystemClock()
        elif isinstance(clock, str):
            raise ValueError(f"unknown clock {clock!r}: use 'virtual', 'system' or a Clock object")
        if databases < 1:
            raise ValueError("databases must be at least 1")
        if isinstance(log_size, bool) or not isinstance(log_size, int) or log_size < 0:
            raise ValueError(f"log_size must be an int >= 0 (0: no command log), got {log_size!r}")
        if isinstance(log_bytes, bool) or not isinstance(log_bytes, int) or log_bytes < 1:
            raise ValueError(f"log_bytes must be an int >= 1, got {log_bytes!r}")
        self.host = host
        self._requested_port = port
        self.port = port
        self.clock: Clock = clock
        self.requirepass: bytes | None = (
            requirepass.encode() if isinstance(requirepass, str) else requirepass
        )
        self.profile = profile
        self.control = control
        self.config = Config(self)
        self.config.set_initial("port", str(port).encode())
        self.config.set_initial("bind", host.encode())
        self.config.set_initial("databases", str(databases).encode())
        if self.requirepass is not None:
            self.config.set_initial("requirepass", self.requirepass)
        for key, value in (config or {}).items():
            self.config.set_initial(key, value if isinstance(value, bytes) else str(value).encode())
        self.keyspace = Keyspace(clock, databases, config=self.config)
        self._stats = self.keyspace.stats  # (the same object for the server's life)
        self.lock = threading.RLock()
        self.clients: dict[int, Client] = {}
        self._table: dict[bytes, Command] = profile_table(profile, control=control)
        self._ids = itertools.count(1)
        #: the loop serving it (loop.py) and that loop's selector, while it runs
        self._loop: Loop | None = None
        self._sel: selectors.BaseSelector | None = None
        #: that loop's replies held back until the end of a pass, and the
        #: clients whose replies this server holds back (see DeferredWrites)
        self._writes: DeferredWrites = NEVER_DEFERRED
        self._deferred: list[Client] = []
        self._listener: socket.socket | None = None
        self._family = socket.AF_INET  # (the listener's, set when it is bound)
        #: poll(0) on the listener alone, where select.poll exists: whether
        #: another connection waits to be accepted (see _accept)
        self._more_waiting: Callable[[int], list[tuple[int, int]]] | None = None
        self._running = False
        self._stop_requested = False
        self._reset_on_end = False  # (stop(reset_connections=True) asked for it)
        #: when a clock that moves by itself next gets its expired keys purged
        #: (a frozen VirtualClock needs no timer: moving it purges)
        self._next_purge = 0.0
        self.started_at = 0.0
        self._started_clock = 0.0
        # Test-double powers (commandlog.py, flow.py, faults.py). While no
        # monitor, pause, fault or held client exists, _gate is None and _slow
        # False, and requests take the plain path in _read.
        self._log: deque[Entry] | None = deque(maxlen=log_size) if log_size else None
        #: the most bytes of arguments the log holds (see _trim_log), and the
        #: received byte count (stats.net_input_bytes) at which to check it next
        self._log_bytes = log_bytes
        self._log_check_at = log_bytes if log_size else 1 << 62
        self._control = COMMANDS.get("redistill")
        self._now_us = clock.time_us
        #: the clock whose ``frozen_us`` the log reads (a reading, or None: call
        #: _now_us). Calling the clock was nearly 40% of the log's instructions
        #: per command (callgrind).
        self._frozen: VirtualClock | _NeverFrozen = (
            clock if isinstance(clock, VirtualClock) else _NEVER_FROZEN
        )
        self.faults = Faults(self)
        self.flow = Flow(self)
        self._monitors = self.flow.monitors
        self._gate: Callable[[Client, Command, list[bytes]], Any] | None = None
        self._gate_bypass = False
        self._slow = False
        self._refusing = False

    # -- lifecycle -------------------------------------------------------------
    def _bind(self, loop: Loop) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        lsock = socket.socket(family, socket.SOCK_STREAM)
        try:
            lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            lsock.bind((self.host, self._requested_port))
            lsock.listen(511)
            lsock.setblocking(False)
        except BaseException:
            lsock.close()
            raise
        self._listener = lsock
        self._family = family
        if hasattr(select, "poll"):
            waiting = select.poll()
            waiting.register(lsock, select.POLLIN)
            self._more_waiting = waiting.poll
        self.port = lsock.getsockname()[1]
        self.config.set_initial("port", str(self.port).encode())
        self._stop_requested = False
        self.started_at = monotonic()
        self._started_clock = self.clock.time()
        self._next_purge = self.started_at + _ACTIVE_EXPIRE_PERIOD
        if isinstance(self.clock, VirtualClock):
            self.clock.add_listener(self._on_clock_moved)
        self._loop = loop
        self._sel = loop.sel
        self._writes = loop.writes
        self._running = True
        loop.add(self, lsock)

    def start(self, *, follow_caller: bool = False) -> Server:
        """Bind and serve from the background; returns once the port accepts.

        Every server started this way is served by one loop thread shared by the
        whole process (see loop.py): a server costs a listening socket, not a
        thread.

        ``follow_caller=True`` is for a server whose client is the calling
        thread itself, as in a test: on Linux, the loop thread is then pinned to
        the CPU this thread runs on, so that each request and reply is handed
        between two threads of one CPU rather than across CPUs (see
        ``Loop.follow_caller``; the pytest fixtures do this). Leave it off when
        the clients are other processes: pinned, the loop thread can no longer
        run beside them on another CPU.
        """
        if self._running:
            return self
        loop = shared_loop()
        if follow_caller:
            loop.follow_caller()
        self._bind(loop)
        return self

    def serve_forever(self, ready: Callable[[], None] | None = None) -> None:
        """Serve in the calling thread until :meth:`stop` is called (the CLI uses this).

        ``ready`` runs once the port accepts connections, before the first event;
        from then on :meth:`stop` (for example from a signal handler) ends the loop.

        In the main thread, signals wake the loop (``signal.set_wakeup_fd``): a
        signal that lands just before the loop blocks in ``epoll_wait`` would
        otherwise run its Python handler only after the next event, which a
        frozen clock and no clients may never bring.
        """
        if self._running:
            raise RuntimeError("server is already running")
        in_main = threading.current_thread() is threading.main_thread()
        loop = Loop(signals=in_main)
        previous_wakeup: int | None = None
        try:
            if in_main and loop.waker.write_fd is not None:
                previous_wakeup = signal.set_wakeup_fd(
                    loop.waker.write_fd, warn_on_full_buffer=False
                )
            self._bind(loop)
            if ready is not None:
                try:
                    ready()
                except BaseException:
                    with self.lock:
                        self._end()
                    raise
            loop.run(until_empty=True)
        finally:
            if previous_wakeup is not None:
                signal.set_wakeup_fd(previous_wakeup)
            loop.close()

    def stop(self, *, reset_connections: bool = False) -> None:
        """Close the listener and every connection. Idempotent. (On the loop's
        own thread it asks the loop to do it at the end of the current pass.)

        With ``reset_connections``, connections are reset rather than closed:
        their clients read what was already sent, then "connection reset"
        instead of the end of the stream, and nothing is left in TIME_WAIT on
        the server's port. Closed, each connection holds that port for a
        minute after the server stops, and
        Linux's choice of a free port for the next server slows down with every
        such port (from about 60 µs to 4 ms per start once some 10,000 are held):
        the fixtures stop their servers this way, when no test can use them.
        """
        loop = self._loop
        if not self._running or loop is None:
            return
        self._reset_on_end = reset_connections
        if loop.on_loop_thread():
            self._stop_requested = True
            loop.wake()  # (a signal handler may run while the loop waits)
            return
        with self.lock:
            self._end()

    def on_loop_thread(self) -> bool:
        """True when called from the thread running this server's loop."""
        loop = self._loop
        return loop is not None and loop.ident == get_ident()

    @property
    def _loop_tid(self) -> int | None:
        """The OS id (/proc/self/task/ID) of the thread serving it, while it runs."""
        loop = self._loop
        return None if loop is None else loop.tid

    def _wake(self) -> None:
        loop = self._loop
        if loop is not None:
            loop.wake()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def restart(self) -> Server:
        """Stop and start again on the same port, keeping the data and the clock.

        Every connection is dropped (clients must reconnect), as are MONITOR
        clients and any CLIENT PAUSE; the command log and injected faults stay.
        """
        if self.on_loop_thread():
            raise RuntimeError("restart() cannot run on the server's own thread")
        self.stop()
        self._requested_port = self.port
        self._refusing = False
        self.flow.reset()
        return self.start()

    @contextlib.contextmanager
    def outage(self) -> Iterator[Server]:
        """Be down while the block runs, then serve again with the data intact.

        On entry every connection is dropped; during the block new connections
        are reset as soon as they are accepted (the port stays reserved, so
        nothing else can take it). Clients see connection errors until it ends.
        """
        self.begin_outage()
        try:
            yield self
        finally:
            self.end_outage()

    def begin_outage(self, seconds: float | None = None) -> None:
        """Start an outage (see :meth:`outage`) until :meth:`end_outage`, or for
        ``seconds`` of real time."""

        def begin() -> None:
            self._refusing = True
            for client in list(self.clients.values()):
                self._close(client)
            if seconds is not None:
                self.flow.later(seconds, self.end_outage)

        self.flow.on_loop(begin)

    def end_outage(self) -> None:
        """Accept connections again."""
        self._refusing = False

    @property
    def running(self) -> bool:
        return self._running

    @property
    def url(self) -> str:
        auth = ""
        if self.requirepass is not None:
            auth = ":" + self.requirepass.decode("utf-8", "replace") + "@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"redis://{auth}{host}:{self.port}/0"

    def client(self, **kwargs: Any) -> redis.Redis:
        """A ``redis.Redis`` bound to this server (keyword arguments pass through).

        Under the ``redistill`` profile it speaks RESP2 unless told otherwise:
        that server has no HELLO, which redis-py 8 sends by default.
        """
        import redis

        kwargs.setdefault("host", self.host)
        kwargs.setdefault("port", self.port)
        if self.profile == "redistill":
            kwargs.setdefault("protocol", 2)
        if self.requirepass is not None:
            kwargs.setdefault("password", self.requirepass.decode("utf-8", "replace"))
        return redis.Redis(**kwargs)

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        return f"<redistill.Server {self.host}:{self.port} {state}>"

    # -- what the loop asks ----------------------------------------------------------
    def _after_events(self) -> float | None:
        """The end of a loop pass: end the server if asked, purge expired keys when
        a clock that moves by itself is due for it, run due flow timers. Returns
        when (monotonic seconds) the loop must come back; None: only for events."""
        if self._stop_requested:
            with self.lock:
                self._end()
            return None
        due: float | None = None
        if not getattr(self.clock, "frozen", False):  # (a custom clock: assume it moves)
            due = self._next_purge
            if monotonic() >= due:
                with self.lock:
                    if not self._running:
                        return None
                    self.keyspace.purge_expired()
                due = self._next_purge = monotonic() + _ACTIVE_EXPIRE_PERIOD
        flow = self.flow
        if flow.active:  # timers, a pause: see flow.py
            with self.lock:
                if not self._running:
                    return None
                flow.run_due()
                wait = flow.timeout()
            if wait is not None:
                wait += monotonic()
                if due is None or wait < due:
                    due = wait
        return due

    def _end(self) -> None:
        """Stop serving (lock held): close every connection and the listener."""
        if not self._running:
            return
        loop = self._loop
        reset = self._reset_on_end
        self._reset_on_end = False
        for client in list(self.clients.values()):
            if reset and client.sock is not None:
                _reset_on_close(client.sock)
            self._close(client)
        listener = self._listener
        if listener is not None:
            self._unregister(listener)
            listener.close()
        self._listener = None
        self._more_waiting = None
        self._sel = None
        self._deferred = []
        self._running = False
        self._stop_requested = False
        if loop is not None:
            loop.remove(self)
        self._loop = None
        if isinstance(self.clock, VirtualClock):
            self.clock.remove_listener(self._on_clock_moved)

    def _accept(self, lsock: socket.socket, mask: int) -> None:
        """Accept the connections waiting (up to 64), as Redis does until EAGAIN
        (up to 1000 per event): a client that connected before another sends
        INFO or CLIENT LIST is counted. (One accept per event, tried for the
        EAGAIN it saves, let an INFO of the same wake-up run before the second
        of two new connections.) A zero-timeout poll of the listener says when
        none is left, rather than the EAGAIN of one more accept: raising and
        catching that error cost about ten times the poll."""
        sel = self._sel
        assert sel is not None
        family = self._family  # (lsock.family makes an enum for every call)
        more_waiting = self._more_waiting
        for _ in range(64):
            try:
                # (socket.accept() converts the family and type to enums for
                # every connection; the listener's own are known)
                fd, peer = lsock._accept()  # type: ignore[attr-defined]
                sock = socket.socket(family, socket.SOCK_STREAM, 0, fd)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    return
                raise
            if self._refusing:  # an outage: reset the connection at once
                _reset_on_close(sock)
                sock.close()
                continue
            sock.setblocking(False)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            maxclients = self.config.get_int("maxclients")
            if len(self.clients) >= maxclients:
                try:
                    sock.send(b"-ERR max number of clients reached\r\n")
                except OSError:
                    pass
                sock.close()
                self.keyspace.stats.rejected_connections += 1
                continue
            client = Client(self, sock, next(self._ids), peer)
            self.clients[client.id] = client
            self.keyspace.stats.total_connections += 1
            sel.register(sock, _READ, (self, functools.partial(self._on_event, client)))
            if more_waiting is not None and not more_waiting(0):
                return

    def _on_event(self, client: Client, _sock: socket.socket, mask: int) -> None:
        """A client's socket is ready: write what waits for it, read and run requests."""
        if mask != _READ:
            if mask & _WRITE:
                self._flush(client)
                if client.closed:
                    return
            if not mask & _READ:
                return
        sock = client.sock
        assert sock is not None
        parser = client.parser
        want = parser.missing  # (a large argument in progress: ask for all of it)
        try:
            data = sock.recv(_RECV_SIZE if want <= _RECV_SIZE else min(want, _RECV_MAX))
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close(client)
            return
        if not data:
            self._close(client)
            return
        if client.closing:
            return
        # Idle time counts from the last read, so a command sees its own
        # client as idle=0, as in Redis.
        client.last_active = clock_gettime(CLOCK_MONOTONIC)  # clock.monotonic(), inlined
        stats = self._stats
        stats.net_input_bytes += len(data)
        if stats.net_input_bytes >= self._log_check_at:
            self._log_check_at = stats.net_input_bytes + self._trim_log()
        got = parser.read(data)
        out = client.out
        if type(got) is list and not out and not self._slow:
            # One request and nothing waiting to be written (the unpipelined
            # case): its reply is written at once, without queueing it, unless
            # other sockets were ready in this pass (then at its end).
            payload = _frame(self.execute(client, got), client)
            if payload is None or client.closing or self._slow:
                if payload is not None:
                    out.append(payload)
                if self._slow:  # that command started a pause, MONITOR or a fault
                    self.flow.run(client, deque(), None)
                else:
                    self._flush(client)
                return
            if self._writes.on:
                out.append(payload)  # written at the end of the pass (DeferredWrites)
                self._defer(client)
                return
            try:
                sent = sock.send(payload)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                self._close(client)
                return
            stats.net_output_bytes += sent
            if sent < len(payload):  # the socket is full: the rest when it is writable
                out.append(memoryview(payload)[sent:])
                client.waiting_write = True
                self._modify(client, _READ | _WRITE)
            return
        requests: list[list[bytes]]
        error: ProtocolError | None
        if isinstance(got, list):
            requests, error = [got], None
        else:
            requests, error = got
        if self._slow:
            self.flow.process(client, requests, error)
            return
        append = out.append
        execute = self.execute
        while True:
            pending = iter(requests)
            # A large batch has its first replies written while the rest run,
            # so the client reads them meanwhile (see _AHEAD_MIN).
            left = len(requests)
            ahead_at = left - _AHEAD_FIRST if left >= _AHEAD_MIN else -1
            for argv in pending:
                left -= 1
                if not argv:
                    continue
                payload = _frame(execute(client, argv), client)
                if payload is not None:
                    append(payload)
                if client.closing:
                    break
                if self._slow:  # that command started a pause, MONITOR or a fault
                    self.flow.run(client, deque(pending), error)
                    return
                if left <= ahead_at:
                    self._flush(client, ahead=True)
                    # the next write when the commands run have tripled: log(n) writes
                    ahead_at = left - 2 * (len(requests) - left)
            # An unauthenticated client's requests are read one at a time.
            if error is None and requests and parser.strict_only_pending and not client.closing:
                requests, error = parser.feed(b"")
                continue
            break
        if error is not None and not client.closing:
            out.append(encode(error.reply, client.resp3))
            client.closing = True
        if self._writes.on and out and not client.closing:
            self._defer(client)  # written at the end of the pass (DeferredWrites)
        else:
            self._flush(client)

    def _defer(self, client: Client) -> None:
        """Have ``client.out`` written at the end of the loop's pass."""
        deferred = self._deferred
        if not deferred:
            self._writes.servers.append(self)
        deferred.append(client)

    def _write_deferred(self) -> None:
        """Write the replies held back in this pass (loop thread, lock held)."""
        clients = self._deferred
        self._deferred = []
        for client in clients:
            self._flush(client)

    def _flush(self, client: Client, ahead: bool = False) -> None:
        """Write ``client.out`` (replies, and what a partial write left) in one call.

        Small replies are joined into one buffer; a few buffers holding a large
        value are handed to sendmsg as they are, so the value is not copied.
        What the socket does not take stays at the front of ``client.out`` (as
        a memoryview, not a copy) until the socket is writable again.

        ``ahead``: a write in the middle of a batch. A failed write then leaves
        the client open, so the batch's remaining commands run, as Redis runs
        every command of a read before it writes; the write at the end of the
        batch fails again and closes the client.
        """
        sock = client.sock
        if sock is None or client.closed:
            return
        out = client.out
        if out:
            n = len(out)
            try:
                if n == 1 or n > 16 or sum(map(len, out)) < _LARGE_REPLY:
                    data = out[0] if n == 1 else b"".join(out)
                    sent = sock.send(data)
                    out.clear()
                    if sent < len(data):
                        out.append(memoryview(data)[sent:])
                else:
                    sent = sock.sendmsg(out)
                    _drop_sent(out, sent)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                if not ahead:
                    self._close(client)
                return
            self.keyspace.stats.net_output_bytes += sent
            if out:  # the socket is full: go on when it is writable
                if not client.waiting_write:
                    client.waiting_write = True
                    self._modify(client, _READ | _WRITE)
                return
            if client.waiting_write:
                client.waiting_write = False
                self._modify(client, _READ)
        if client.closing:
            self._close(client)

    def _modify(self, client: Client, events: int) -> None:
        sel = self._sel
        if sel is None or client.sock is None:
            return
        try:
            key = sel.get_key(client.sock)
            sel.modify(client.sock, events, key.data)
        except (KeyError, ValueError, OSError):
            pass

    def _unregister(self, sock: socket.socket) -> None:
        """Take ``sock`` off the loop's selector (before closing it: a closed fd
        would stay in the selector's map and clash with the next socket given
        that number)."""
        sel = self._sel
        if sel is not None:
            try:
                sel.unregister(sock)
            except (KeyError, ValueError):
                pass

    def _close(self, client: Client) -> None:
        if client.closed:
            return
        client.closed = True
        self.clients.pop(client.id, None)
        sock = client.sock
        if sock is not None:
            self._unregister(sock)
            try:
                sock.close()
            except OSError:
                pass
        if client.watched:
            from .commands.transactions import unwatch_all

            unwatch_all(client)
        on_close = client.extra.pop("on_close", None)
        if on_close is not None:
            on_close(client)
        self.flow.forget(client)

    # -- dispatch --------------------------------------------------------------
    def execute(self, client: Client, argv: list[bytes], checked: Command | None = None) -> Reply:
        """Run one command for ``client`` (the loop thread holds the lock).

        ``checked``: the command ``argv`` runs, already looked up and checked
        (EXEC runs its queue so); it then runs at once, counted and logged.
        """
        if checked is not None:
            cmd = checked
        else:
            table = self._table
            name = argv[0]
            found = table.get(name)
            if found is None:
                found = table.get(name.lower())
                if found is None:
                    return self._reject(client, errors.unknown_command(argv).reply, None, argv)
            cmd = found
            if cmd.subcommands and (len(argv) > 1 or cmd.handler is None):
                # A container with its own handler (COMMAND) also runs bare.
                if len(argv) == 1:
                    return self._reject(client, errors.wrong_arity(cmd.name).reply, cmd, argv)
                sub = cmd.subcommands.get(argv[1].lower())
                if sub is None:
                    reply = errors.unknown_subcommand(argv[0], argv[1]).reply
                    return self._reject(client, reply, cmd, argv)
                cmd = sub
            arity = cmd.arity
            if (len(argv) != arity) if arity > 0 else (len(argv) < -arity):
                return self._reject(client, errors.wrong_arity(cmd.name).reply, cmd, argv)
            if not client.authenticated and not cmd.noauth:
                return self._reject(client, ErrorReply(errors.NOAUTH.encode()), cmd, argv)
            gate = self._gate
            if gate is not None:  # MONITOR, CLIENT PAUSE or faults: see flow.py
                verdict = gate(client, cmd, argv)
                if verdict is not None:
                    return verdict
            if client.multi is not None:
                if "no_multi" in cmd.flags:
                    reply = ErrorReply(errors.NOT_ALLOWED_IN_MULTI.encode())
                    return self._reject(client, reply, cmd, argv)
                if cmd.name not in _EXEC_NAMES:
                    client.multi.append((cmd, argv))
                    return QUEUED
        # Run it, count it and log it. (One method with the checks: a second
        # Python call per command cost 3% of a pipelined SET or GET.)
        client.last_command = cmd.name_bytes
        stats = self._stats
        calls = stats.command_calls.get(cmd.name)
        if calls is None:
            calls = stats.command_calls[cmd.name] = [0, 0, 0]
        calls[0] += 1
        db = client.db
        try:
            reply = cmd.handler(client, argv)  # type: ignore[misc]
        except Exception as exc:
            reply = self._failed(exc, calls, argv)
        ring = self._log
        if ring is not None:
            error = reply if type(reply) is ErrorReply else None
            now = self._frozen.frozen_us
            if now is None:
                now = self._now_us()
            ring.append((client.id, client.name, db.index, argv, now, error))
        if self._monitors:
            self.flow.feed(client, cmd, argv)
        return reply

    def _failed(self, exc: Exception, calls: list[int], argv: list[bytes]) -> ErrorReply:
        """The error reply of a command whose handler raised ``exc`` (counted)."""
        stats = self._stats
        calls[2] += 1
        stats.error_replies += 1
        if isinstance(exc, CommandError):
            # Shared, pre-built errors are raised again and again: drop the
            # traceback so it cannot grow and pin old frames.
            exc.__traceback__ = None
            stats.count_error(exc.reply)
            return exc.reply
        # a bug in a handler must not take the server down
        log.error("internal error running %r", argv[:8], exc_info=exc)
        return ErrorReply(f"ERR internal error in redistill: {exc!r}".encode())

    def _reject(
        self,
        client: Client,
        reply: ErrorReply,
        cmd: Command | None = None,
        argv: list[bytes] | None = None,
    ) -> ErrorReply:
        if client.multi is not None:
            client.multi_error = True
        stats = self.keyspace.stats
        stats.error_replies += 1
        stats.count_error(reply)
        if cmd is not None:  # INFO commandstats: rejected_calls
            calls = stats.command_calls.get(cmd.name)
            if calls is None:
                calls = stats.command_calls[cmd.name] = [0, 0, 0]
            calls[1] += 1
        if cmd is not None and cmd.name == "exec":
            from .commands.transactions import exec_rejected

            reply = exec_rejected(client, reply)
        ring = self._log  # refused commands are in the command log too
        if ring is not None and argv:
            control = self._control
            if cmd is None or (cmd is not control and cmd.parent is not control):
                now = self.clock.time_us()
                ring.append((client.id, client.name, client.db.index, argv, now, reply))
        return reply

    def lookup_command(self, argv: list[bytes]) -> Command | None:
        """The spec that ``argv`` would run (subcommand resolved), or None."""
        cmd = self._table.get(argv[0].lower()) if argv else None
        if cmd is not None and cmd.subcommands and len(argv) > 1:
            return cmd.subcommands.get(argv[1].lower())
        return cmd

    @property
    def commands_table(self) -> dict[bytes, Command]:
        return self._table

    def on_config_change(self, name: str) -> None:
        """React to CONFIG SET of ``name``."""
        if name == "requirepass":
            value = self.config.get("requirepass")
            self.requirepass = value or None
        elif name == "proto-max-bulk-len":
            limit = self.config.get_int(name)
            for client in self.clients.values():
                client.parser.max_bulk = limit
        self.keyspace.config_changed(name)

    # -- clock ------------------------------------------------------------------
    def _on_clock_moved(self) -> None:
        with self.lock:
            self.keyspace.purge_expired()
            if self._running:
                self._wake()  # a ticking clock needs the loop's purge timer


def _frame(reply: Reply, client: Client) -> bytes | None:
    """The bytes of ``reply`` on the wire; None when it is a large bulk string,
    queued on ``client.out`` in parts instead (written from the value itself,
    not copied)."""
    kind = type(reply)
    if kind is Raw:  # OK, QUEUED, small integers: pre-encoded
        raw: bytes = reply
        return raw
    if kind is bytes:
        size = len(reply)
        if size < _LARGE_REPLY:
            return b"$%d\r\n%b\r\n" % (size, reply)
        client.out += (b"$%d\r\n" % size, reply, b"\r\n")
        return None
    return encode(reply, client.resp3)


def _drop_sent(out: list[Any], sent: int) -> None:
    """Remove the first ``sent`` bytes from the buffers in ``out``."""
    i = 0
    while i < len(out) and sent >= len(out[i]):
        sent -= len(out[i])
        i += 1
    del out[:i]
    if sent:
        out[0] = memoryview(out[0])[sent:]
