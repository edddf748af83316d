"""The event loop that serves servers: one thread and one epoll for many servers.

Every :class:`~redistill.server.Server` started with ``start()`` in a process is
served by one shared loop thread, started with the first of them and kept for
the life of the process (a daemon thread, asleep in ``epoll_wait`` while no
server runs). A fresh server per test then costs a listening socket, not a
thread: starting and joining a thread per server was a third of what a server
cost a test. ``Server.serve_forever()`` (the ``redistill-server`` command) runs
a private loop in the calling thread instead.

A server started with ``start(follow_caller=True)`` (the pytest fixtures do
this) also moves the loop thread onto the CPU the starting thread is running on,
where the platform allows it (Linux): that thread is then the server's client
(a test sending a command and waiting for the reply). Every request and reply
hands the GIL from one thread to the other; on two CPUs, each hand-off wakes a
thread on the other CPU, which costs far more than a switch on one CPU, above
all in a virtual machine. Only the loop thread is pinned, never the caller or
its children, and it moves again with the next such start.
``REDISTILL_LOOP_FOLLOWS_CALLER=0`` in the environment turns this off. Servers
whose clients are other processes are better left unpinned: pinned, the loop
thread can no longer run beside them on another CPU (redis-benchmark against a
pinned in-process server answered 12-25% fewer requests per second).

Each selector key's data is ``(server, callback)``; the loop runs a callback
holding that server's lock, so commands of one server still run one at a time,
and a test's assertions (which take the same lock) never race them. Servers
are added and removed from any thread: registering and unregistering a socket
is safe while the loop waits in ``epoll_wait``, and an event that arrives for a
socket closed meanwhile finds no key, a stopped server, or a socket that
answers ``EAGAIN``, all of which the loop and the callbacks ignore.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import select
import selectors
import socket
import threading
from _thread import allocate_lock, get_ident, start_new_thread
from typing import TYPE_CHECKING, Any, Callable

from .clock import monotonic

if TYPE_CHECKING:
    from .server import Server

log = logging.getLogger("redistill")

_READ = selectors.EVENT_READ
_WRITE = selectors.EVENT_WRITE
_EPOLLIN = select.EPOLLIN
_EPOLLOUT = select.EPOLLOUT


class DeferredWrites:
    """The replies a loop pass holds back until its events are all handled.

    When ``epoll_wait`` reports more than one ready socket, a server queues the
    replies of the requests it reads instead of writing each at once, and the
    loop writes them all at the end of the pass, as Redis writes its replies
    just before it waits again. The clients' processes then find their replies
    in a burst: each write to a client asleep in ``epoll_wait`` wakes it, which
    costs the writer far more than the write itself (above all in a virtual
    machine, where it is a wake-up of another virtual CPU), and a client woken by
    the first write of a burst is often still awake for the next. A pass with one
    ready socket writes at once: nothing else would share its wake-up.
    """

    __slots__ = ("on", "servers")

    def __init__(self) -> None:
        #: True while a pass with more than one event runs its callbacks
        self.on = False
        #: the servers holding replies back in this pass (each once)
        self.servers: list[Server] = []


#: what a server that no loop serves sees: never deferring
NEVER_DEFERRED = DeferredWrites()


class Waker:
    """Wakes a loop blocked in ``select()`` from another thread: an eventfd where
    the platform has one (one descriptor), else a socket pair. With ``pair``,
    always a socket pair: its writing end can be ``signal.set_wakeup_fd()``'s,
    which writes single bytes (an eventfd takes eight)."""

    __slots__ = ("_fd", "_pair", "_lock")

    def __init__(self, pair: bool = False) -> None:
        self._lock = allocate_lock()  # so a late wake() never writes to a reused fd
        self._pair: tuple[socket.socket, socket.socket] | None = None
        if hasattr(os, "eventfd") and not pair:
            self._fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        else:
            r, w = socket.socketpair()
            r.setblocking(False)
            w.setblocking(False)
            self._pair = (r, w)
            self._fd = r.fileno()

    def fileno(self) -> int:
        return self._fd

    @property
    def write_fd(self) -> int | None:
        """The socket pair's writing end (None for an eventfd)."""
        return None if self._pair is None else self._pair[1].fileno()

    def wake(self) -> None:
        with self._lock:
            if self._fd < 0:
                return
            try:
                if self._pair is None:
                    os.eventfd_write(self._fd, 1)
                else:
                    self._pair[1].send(b"x")
            except OSError:  # full: the loop has wake-ups pending anyway
                pass

    def drain(self, _fileobj: object, _mask: int) -> None:
        try:
            if self._pair is None:
                os.eventfd_read(self._fd)
            else:
                self._pair[0].recv(4096)
        except OSError:
            pass

    def close(self) -> None:
        with self._lock:
            if self._fd < 0:
                return
            if self._pair is None:
                os.close(self._fd)
            else:
                for sock in self._pair:
                    sock.close()
            self._fd = -1


_OFF = frozenset({"0", "false", "no", "off"})


@functools.cache
def _cpu_reader() -> Callable[[], int] | None:
    """libc's ``sched_getcpu`` (the CPU the calling thread runs on), or None where
    it or ``os.sched_setaffinity`` is missing or it is switched off. (Resolved on
    first use: ctypes is not imported with redistill.)"""
    if os.environ.get("REDISTILL_LOOP_FOLLOWS_CALLER", "1").strip().lower() in _OFF:
        return None
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        import ctypes

        getcpu = ctypes.CDLL(None, use_errno=True).sched_getcpu
    except (OSError, AttributeError, ImportError):
        return None
    getcpu.restype = ctypes.c_int
    getcpu.argtypes = ()
    return getcpu if getcpu() >= 0 else None


class Loop:
    """An event loop for any number of servers (see the module's docstring)."""

    def __init__(self, signals: bool = False) -> None:
        self.sel: selectors.BaseSelector = selectors.DefaultSelector()
        self.writes = DeferredWrites()
        #: (with ``signals``, a waker that signal.set_wakeup_fd() can write to)
        self.waker = Waker(pair=signals)
        self.sel.register(self.waker, _READ, (None, self.waker.drain))
        #: the servers it serves, in the order they were added (a tuple, replaced
        #: as a whole, so the loop can walk it while other threads add or remove)
        self.servers: tuple[Server, ...] = ()
        self._guard = allocate_lock()
        #: the identity (threading.get_ident()) of the thread running it
        self.ident: int | None = None
        #: that thread's id in the OS (/proc/self/task/ID)
        self.tid: int | None = None
        self._closed = False

    # -- servers ---------------------------------------------------------------------
    def add(self, server: Server, listener: socket.socket) -> None:
        """Serve ``server``, whose listening socket is ``listener``."""
        with self._guard:
            self.servers = (*self.servers, server)
        self.sel.register(listener, _READ, (server, server._accept))
        if not getattr(server.clock, "frozen", False):  # its purge timer shortens the wait
            self.wake()

    def remove(self, server: Server) -> None:
        """Stop serving ``server`` (its sockets are unregistered by the server)."""
        with self._guard:
            self.servers = tuple(s for s in self.servers if s is not server)

    def on_loop_thread(self) -> bool:
        return self.ident == get_ident()

    def wake(self) -> None:
        self.waker.wake()

    def follow_caller(self) -> None:
        """Pin the loop thread to the CPU the calling thread runs on (see the
        module's docstring); nothing where that cannot be done. (Pinning it
        again to the CPU it is already pinned to costs about 2 µs: no cache
        of the last CPU, which anything else changing the affinity would
        leave stale.)"""
        getcpu = _cpu_reader()
        tid = self.tid
        if getcpu is None or tid is None or tid == threading.get_native_id():
            return
        cpu = getcpu()
        if cpu < 0:
            return
        try:
            os.sched_setaffinity(tid, (cpu,))
        except OSError:  # (a cpuset that changed under us, a thread that ended)
            pass

    # -- running -------------------------------------------------------------------
    def start_thread(self) -> None:
        """Run the loop in a new daemon thread, for as long as the process lives."""
        started = allocate_lock()
        started.acquire()
        start_new_thread(self._thread_main, (started,))
        started.acquire()  # until ident is set, so on_loop_thread() is right at once

    def _thread_main(self, started: Any) -> None:
        self.ident = get_ident()
        self.tid = threading.get_native_id()
        started.release()
        try:
            self.run(until_empty=False)
        except BaseException:  # the loop's own machinery failed: a new one next time
            log.exception("redistill's loop thread failed")
            _forget(self)
            self.close()

    def run(self, until_empty: bool) -> None:
        """Serve until the process ends or, with ``until_empty``, no server is left
        (the caller then closes the loop)."""
        if self.ident is None:
            self.ident = get_ident()
            self.tid = threading.get_native_id()
        sel = self.sel
        # On Linux the selector's epoll object is polled directly, and events
        # are dispatched from its fd -> key map: EpollSelector.select() would
        # build a list of (key, events) pairs in Python for every wake-up.
        epoll = getattr(sel, "_selector", None) if type(sel) is selectors.EpollSelector else None
        fd_map = getattr(sel, "_fd_to_key", None)
        fd_to_key: dict[int, selectors.SelectorKey] = fd_map if isinstance(fd_map, dict) else {}
        poll = epoll.poll if isinstance(epoll, select.epoll) and isinstance(fd_map, dict) else None
        # Each pass ends with every server's _after_events(), which says when it
        # needs the next one; anything that changes that from another thread
        # (a new server, a timer, a clock that starts ticking) wakes the loop.
        timeout: float | None = 0.0
        writes = self.writes
        try:
            while not (until_empty and not self.servers):
                if poll is not None:
                    try:
                        ready = poll(-1 if timeout is None else math.ceil(timeout * 1e3) * 1e-3)
                    except InterruptedError:
                        ready = []
                    writes.on = len(ready) > 1
                    for fd, ev in ready:
                        key = fd_to_key.get(fd)  # None: closed by an earlier callback
                        if key is None:
                            continue
                        if ev == _EPOLLIN:
                            mask = _READ
                        else:  # as EpollSelector maps them
                            mask = (_READ if ev & ~_EPOLLOUT else 0) | (
                                _WRITE if ev & ~_EPOLLIN else 0
                            )
                            mask &= key.events
                        self._dispatch(key, mask)
                else:
                    events = sel.select(timeout)
                    writes.on = len(events) > 1
                    for key, mask in events:
                        self._dispatch(key, mask)
                if writes.on:
                    writes.on = False
                    self._write_deferred()
                due: float | None = None
                for server in self.servers:
                    if not (
                        server._stop_requested
                        or server.flow.active
                        or not getattr(server.clock, "frozen", False)
                    ):
                        continue  # (no purge timer, flow timer or stop: nothing to do)
                    when = server._after_events()
                    if when is not None and (due is None or when < due):
                        due = when
                timeout = None if due is None else max(0.0, due - monotonic())
        finally:
            for server in self.servers:
                with server.lock:
                    server._end()

    def _dispatch(self, key: selectors.SelectorKey, mask: int) -> None:
        server, callback = key.data
        if server is None:  # the waker
            callback(key.fileobj, mask)
            return
        lock = server.lock
        # (acquire/release: a with-block looks up __enter__ and __exit__ and
        # makes two bound methods on every event)
        lock.acquire()
        try:
            if server._running and not server._stop_requested:
                callback(key.fileobj, mask)
        except Exception:  # a bug: it ends that server, not the others
            log.exception("redistill server on port %s failed", server.port)
            server._stop_requested = True
        finally:
            lock.release()

    def _write_deferred(self) -> None:
        """Write the replies the pass held back (see :class:`DeferredWrites`)."""
        writes = self.writes
        servers = writes.servers
        if not servers:
            return
        writes.servers = []
        for server in servers:
            lock = server.lock
            lock.acquire()
            try:
                server._write_deferred()
            except Exception:  # a bug: it ends that server, not the others
                log.exception("redistill server on port %s failed", server.port)
                server._stop_requested = True
            finally:
                lock.release()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.sel.close()
        self.waker.close()


_shared: Loop | None = None
_shared_guard = threading.Lock()


def shared_loop() -> Loop:
    """The process's loop thread (started on first use; again in a forked child)."""
    global _shared
    loop = _shared
    if loop is not None:
        return loop
    with _shared_guard:
        if _shared is None:
            _shared = Loop()
            _shared.start_thread()
        return _shared


def _forget(loop: Loop) -> None:
    global _shared
    with _shared_guard:
        if _shared is loop:
            _shared = None


def _after_fork_in_child() -> None:
    global _shared, _shared_guard
    _shared = None  # its thread did not survive the fork
    _shared_guard = threading.Lock()  # (another thread may have held it)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

__all__ = ["Loop", "Waker", "shared_loop"]
