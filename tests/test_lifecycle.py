"""Server lifecycle and robustness: start, stop, isolation, hostile or vanishing clients."""

from __future__ import annotations

import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest

from redistill import Server
from redistill.loop import shared_loop
from tests.doubles import resp
from tests.util import CPUS, needs_two_cpus, time_wait_count


def _connect(server: Server) -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _ping(server: Server) -> bytes:
    with _connect(server) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(100)


def _wait_until(predicate: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def _os_threads() -> set[str]:
    return set(os.listdir("/proc/self/task"))


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def fresh() -> Iterator[Server]:
    s = Server()
    yield s
    s.stop()


# ---------------------------------------------------------------------------
# start and stop


def test_start_then_immediate_connect_works() -> None:
    for _ in range(20):
        with Server() as s:
            assert _ping(s) == b"+PONG\r\n"


def test_start_returns_the_server(fresh: Server) -> None:
    assert fresh.start() is fresh
    assert fresh.running


def test_port_is_known_after_start(fresh: Server) -> None:
    fresh.start()
    assert fresh.port > 0
    assert fresh.url == f"redis://127.0.0.1:{fresh.port}/0"


def test_stop_is_idempotent(fresh: Server) -> None:
    fresh.start()
    fresh.stop()
    fresh.stop()
    assert not fresh.running


def test_stop_before_start_does_nothing(fresh: Server) -> None:
    fresh.stop()
    assert not fresh.running


def test_stop_is_fast_with_idle_clients(fresh: Server) -> None:
    fresh.start()
    socks = [_connect(fresh) for _ in range(50)]
    assert _wait_until(lambda: len(fresh.clients) == 50)
    started = time.monotonic()
    fresh.stop()
    assert time.monotonic() - started < 1.0
    for s in socks:
        s.close()


def test_stop_closes_client_connections(fresh: Server) -> None:
    fresh.start()
    sock = _connect(fresh)
    sock.sendall(b"PING\r\n")
    assert sock.recv(100) == b"+PONG\r\n"
    fresh.stop()
    assert sock.recv(100) == b""
    sock.close()


@pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="reads Linux's /proc/net/tcp")
@pytest.mark.parametrize("reset", [False, True])
def test_stop_with_reset_connections_resets_them_and_leaves_no_time_wait(
    fresh: Server, reset: bool
) -> None:
    fresh.start()
    port = fresh.port
    sock = _connect(fresh)
    peer_port = sock.getsockname()[1]
    sock.sendall(b"PING\r\n")
    assert sock.recv(100) == b"+PONG\r\n"
    fresh.stop(reset_connections=reset)
    if reset:
        with pytest.raises(ConnectionResetError):
            sock.recv(100)
    else:
        assert sock.recv(100) == b""
    sock.close()
    if reset:
        assert time_wait_count(port, peer_port) == 0
    else:  # closed first by the server, its end waits out TIME_WAIT
        assert _wait_until(lambda: time_wait_count(port, peer_port) == 1)


def test_every_server_is_served_by_one_loop_thread() -> None:
    with Server():  # the process's loop thread exists from the first start on
        pass
    threads = _os_threads()
    servers = [Server().start() for _ in range(5)]
    try:
        tids = {s._loop_tid for s in servers}
        assert len(tids) == 1
        assert f"{tids.pop()}" in threads  # the thread that was already there
        assert _os_threads() == threads  # and no other
        assert all(_ping(s) == b"+PONG\r\n" for s in servers)
    finally:
        for s in servers:
            s.stop()
    assert _os_threads() == threads


def _start_on(cpu: int) -> tuple[set[int], set[int]]:
    """Start and stop a server from a thread pinned to ``cpu``: the affinity of
    the loop thread while the server ran, and that of the starting thread."""
    found: list[tuple[set[int], set[int]]] = []

    def starter() -> None:
        os.sched_setaffinity(0, {cpu})  # (0: this helper thread only)
        server = Server().start(follow_caller=True)
        try:
            assert _ping(server) == b"+PONG\r\n"
            found.append((os.sched_getaffinity(server._loop_tid or -1), os.sched_getaffinity(0)))
        finally:
            server.stop()

    thread = threading.Thread(target=starter)
    thread.start()
    thread.join()
    assert found, "the starting thread failed"
    return found[0]


@needs_two_cpus
def test_the_loop_thread_moves_to_the_cpu_of_the_thread_that_starts_a_server() -> None:
    mine = os.sched_getaffinity(0)
    for cpu in (CPUS[0], CPUS[1], CPUS[0]):
        loop_cpus, starter_cpus = _start_on(cpu)
        assert loop_cpus == {cpu}
        assert starter_cpus == {cpu}  # (the caller's own pinning, left alone)
    assert os.sched_getaffinity(0) == mine  # no other thread was touched
    # freed by someone else, it is pinned again by the next start from that CPU
    tid = shared_loop().tid
    assert tid is not None
    os.sched_setaffinity(tid, CPUS)
    assert _start_on(CPUS[0])[0] == {CPUS[0]}


@needs_two_cpus
def test_the_loop_thread_stays_free_without_follow_caller_or_when_switched_off() -> None:
    code = (
        "import os, sys, threading\n"
        "from redistill import Server\n"
        "Server().start().stop()  # the loop thread, made by this unpinned thread\n"
        "out = []\n"
        "def starter():\n"
        f"    os.sched_setaffinity(0, {{{CPUS[1]}}})\n"
        "    s = Server().start(follow_caller=sys.argv[1] == 'follow')\n"
        "    out.append(sorted(os.sched_getaffinity(s._loop_tid)))\n"
        "    s.stop()\n"
        "t = threading.Thread(target=starter); t.start(); t.join()\n"
        "print(out[0])\n"
    )
    cases = [("follow", "1", [CPUS[1]]), ("follow", "0", CPUS), ("plain", "1", CPUS)]
    for how, setting, expected in cases:
        env = dict(os.environ, REDISTILL_LOOP_FOLLOWS_CALLER=setting)
        run = subprocess.run(
            [sys.executable, "-c", code, how], env=env, capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == str(expected), (how, setting)


def test_a_forked_child_gets_a_loop_thread_of_its_own() -> None:
    with Server() as parent:  # the parent's loop thread exists
        assert _ping(parent) == b"+PONG\r\n"
        pid = os.fork()
        if pid == 0:  # the child: that thread did not come along
            code = 1
            try:
                with Server() as child:
                    code = 0 if _ping(child) == b"+PONG\r\n" else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert _ping(parent) == b"+PONG\r\n"


def test_stop_leaves_no_socket_behind(fresh: Server) -> None:
    with Server():  # the loop thread's own descriptors (epoll, eventfd) exist once
        pass
    before = _fds()
    fresh.start()
    socks = [_connect(fresh) for _ in range(3)]
    assert _wait_until(lambda: len(fresh.clients) == 3)
    assert _fds() == before + 3 + 3 + 1  # both ends of each connection, the listener
    fresh.stop()
    assert fresh._loop_tid is None
    for sock in socks:
        sock.close()
    assert _fds() == before


def test_stop_on_the_loop_thread_ends_the_server_after_the_current_pass(fresh: Server) -> None:
    # (what a command or a flow timer that stops its own server does)
    fresh.start()
    fresh.flow.on_loop(fresh.stop)
    assert _wait_until(lambda: not fresh.running)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", fresh.port), timeout=5)


def test_a_server_that_fails_ends_alone() -> None:
    with Server() as a, Server() as b:

        def broken(*_args: object) -> None:
            raise RuntimeError("a bug")

        key = a._sel.get_key(a._listener)  # type: ignore[union-attr]
        a._sel.modify(a._listener, key.events, (a, broken))  # type: ignore[union-attr]
        with pytest.raises(OSError):
            _ping(a)  # the bug ends it: its listener closes
        assert _wait_until(lambda: not a.running)
        assert _ping(b) == b"+PONG\r\n"  # the loop and the other server carry on
        with Server() as c:
            assert _ping(c) == b"+PONG\r\n"


def test_stop_releases_the_port(fresh: Server) -> None:
    fresh.start()
    port = fresh.port
    fresh.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)
    with Server(port=port) as again:
        assert _ping(again) == b"+PONG\r\n"


def test_context_manager_starts_and_stops() -> None:
    with Server() as s:
        assert s.running
        port = s.port
    assert not s.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5)


# ---------------------------------------------------------------------------
# isolation


def test_two_servers_share_no_keys() -> None:
    with Server() as a, Server() as b:
        a.client(protocol=2).set("k", "in a")
        assert b.client(protocol=2).get("k") is None
        assert a.port != b.port


def test_two_servers_share_no_clock() -> None:
    with Server() as a, Server() as b:
        a_before, b_before = a.clock.time(), b.clock.time()
        a.clock.advance(3600)
        assert a.clock.time() == pytest.approx(a_before + 3600)
        assert b.clock.time() == b_before


def test_two_servers_share_no_expiry() -> None:
    with Server() as a, Server() as b:
        for s in (a, b):
            s.client(protocol=2).set("session", "x", ex=10)
        a.clock.advance(11)
        assert a.client(protocol=2).get("session") is None
        assert b.client(protocol=2).get("session") == b"x"


def test_two_servers_share_no_config() -> None:
    with Server() as a, Server() as b:
        a.client(protocol=2).config_set("maxmemory-policy", "allkeys-lru")
        assert b.client(protocol=2).config_get("maxmemory-policy") == {
            "maxmemory-policy": "noeviction"
        }


def test_two_servers_share_no_clients() -> None:
    with Server() as a, Server() as b:
        socks = [_connect(a) for _ in range(3)]
        assert _wait_until(lambda: len(a.clients) == 3)
        assert len(b.clients) == 0
        for s in socks:
            s.close()


# ---------------------------------------------------------------------------
# hostile and vanishing clients


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _server_side(server: Server, sock: socket.socket) -> object:
    """The server's Client object for our end of ``sock``."""
    host, port = sock.getsockname()[:2]
    addr = f"{host}:{port}"
    with server.lock:
        for c in server.clients.values():
            if c.addr == addr:
                return c
    raise AssertionError(f"no server-side client for {addr}")


def test_a_huge_announced_bulk_is_not_allocated(server: Server) -> None:
    rss_before = _rss_bytes()
    hog = _connect(server)
    payload = b"x" * 100_000
    hog.sendall(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n" + payload)
    assert _ping(server) == b"+PONG\r\n"  # the loop has read what the hog sent
    client = _server_side(server, hog)
    assert client.parser.buffered <= len(payload) + 1024  # type: ignore[attr-defined]
    rss_after = _rss_bytes()
    if rss_before is not None and rss_after is not None:
        assert rss_after - rss_before < 64 * 1024 * 1024
    hog.close()


def test_other_connections_keep_working_while_a_huge_bulk_trickles_in(server: Server) -> None:
    hog = _connect(server)
    hog.sendall(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n")
    r = server.client(protocol=2)
    for i in range(20):
        hog.sendall(b"y" * 10_000)
        assert r.incr("counter") == i + 1
    assert r.get("k") is None
    hog.close()


def test_a_huge_announced_argument_count_does_not_stall_the_server(server: Server) -> None:
    hog = _connect(server)
    hog.sendall(b"*2147483647\r\n")
    started = time.monotonic()
    assert _ping(server) == b"+PONG\r\n"
    assert time.monotonic() - started < 1.0
    hog.close()


def test_abrupt_disconnect_mid_request_disturbs_no_one(server: Server) -> None:
    r = server.client(protocol=2)
    r.set("stable", "yes")
    quitter = _connect(server)
    quitter.sendall(b"*3\r\n$3\r\nSET\r\n$6\r\nstable\r\n$10\r\nhal")
    assert _ping(server) == b"+PONG\r\n"
    quitter.close()
    assert _wait_until(lambda: len(server.clients) == 1)  # r's connection only
    assert r.get("stable") == b"yes"


def test_connection_reset_mid_request_disturbs_no_one(server: Server) -> None:
    r = server.client(protocol=2)
    resetter = _connect(server)
    resetter.sendall(b"*2\r\n$4\r\nECHO\r\n$100\r\nabc")
    assert _ping(server) == b"+PONG\r\n"
    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    resetter.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    resetter.close()
    assert r.ping() is True
    assert _wait_until(lambda: len(server.clients) == 1)


def test_client_that_never_reads_its_replies_disturbs_no_one(server: Server) -> None:
    r = server.client(protocol=2)
    r.set("big", b"v" * 1_000_000)
    greedy = _connect(server)
    greedy.sendall(b"*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n" * 50)  # 50 MB of replies, never read
    for i in range(20):
        assert r.incr("n") == i + 1
    greedy.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    greedy.close()
    assert r.ping() is True
    assert _wait_until(lambda: len(server.clients) == 1)


def test_half_closed_client_gets_no_reply_and_is_dropped(server: Server) -> None:
    sock = _connect(server)
    sock.shutdown(socket.SHUT_WR)
    assert sock.recv(100) == b""
    sock.close()
    assert _wait_until(lambda: len(server.clients) == 0)


# ---------------------------------------------------------------------------
# a large batch of pipelined requests: replies written while the rest run


class _WatchedSocket:
    """Stands in for a server-side socket: records each write with the value of
    key ``n`` at that moment, and can fail every write."""

    def __init__(self, sock: socket.socket, server: Server, fail: bool = False) -> None:
        self._sock = sock
        self._server = server
        self._fail = fail
        self.writes: list[tuple[bytes, bytes | None]] = []

    def send(self, data: bytes) -> int:
        if self._fail:
            raise BrokenPipeError(32, "Broken pipe")
        self.writes.append((bytes(data), self._server.keyspace.dbs[0].peek(b"n")))
        return self._sock.send(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._sock, name)


W = TypeVar("W")


def _wrapped(
    server: Server, wrap: Callable[[socket.socket], W], send: bytes = b""
) -> tuple[socket.socket, W]:
    """A connection whose server-side socket is replaced by ``wrap(that socket)``,
    and ``send`` sent on it while the loop waits for the lock, so it reads all
    of it at once."""
    sock = _connect(server)
    sock.sendall(b"PING\r\n")
    assert sock.recv(100) == b"+PONG\r\n"  # the server has made its side of sock
    with server.lock:
        client = _server_side(server, sock)
        wrapper = wrap(client.sock)  # type: ignore[attr-defined]
        client.sock = wrapper  # type: ignore[attr-defined]
        if send:
            sock.sendall(send)
    return sock, wrapper


def _send_batch(
    server: Server, batch: bytes, fail: bool = False
) -> tuple[socket.socket, _WatchedSocket]:
    """A connection whose server-side socket is a _WatchedSocket, and ``batch``
    read by the server all at once."""
    return _wrapped(server, lambda sock: _WatchedSocket(sock, server, fail), batch)


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        assert chunk, f"connection closed after {len(data)} of {size} bytes"
        data += chunk
    return data


def test_a_large_batch_has_its_first_replies_written_while_the_rest_run(server: Server) -> None:
    replies = b"".join(b":%d\r\n" % i for i in range(1, 101))
    sock, watched = _send_batch(server, resp("INCR", "n") * 100)
    assert _recv_exactly(sock, len(replies)) == replies
    # Written after 8 commands, then each time the commands run have tripled
    # (24, 72), and the rest at the end: each write before the next INCR ran.
    assert [(data.count(b"\r\n"), n) for data, n in watched.writes] == [
        (8, b"8"),
        (16, b"24"),
        (48, b"72"),
        (28, b"100"),
    ]
    sock.close()


def test_a_batch_of_31_requests_is_written_in_one_go(server: Server) -> None:
    replies = b"".join(b":%d\r\n" % i for i in range(1, 32))
    sock, watched = _send_batch(server, resp("INCR", "n") * 31)
    assert _recv_exactly(sock, len(replies)) == replies
    assert watched.writes == [(replies, b"31")]
    sock.close()


def test_a_write_failing_in_the_middle_of_a_batch_closes_the_client_after_it(
    server: Server,
) -> None:
    # Redis runs every command of a read before it writes a reply: a client
    # that vanishes meanwhile still has them all run, and is closed after them,
    # so what the last of them set up (here a WATCH) is undone with the rest.
    r = server.client(protocol=2)
    sock, _ = _send_batch(server, resp("INCR", "n") * 99 + resp("WATCH", "w"), fail=True)
    assert sock.recv(100) == b""  # closed by the server, with no reply written
    assert r.get("n") == b"99"
    assert _wait_until(lambda: len(server.clients) == 1)  # r's connection only
    with server.lock:
        assert server.keyspace.dbs[0].on_write is None  # no watch left behind
    sock.close()


class _GatedSocket:
    """Stands in for a server-side socket whose next recv() holds the loop thread
    (``entered`` is set) until ``go`` is set."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.entered = threading.Event()
        self.go = threading.Event()

    def recv(self, size: int) -> bytes:
        self.entered.set()
        assert self.go.wait(10), "the test never let the loop go on"
        return self._sock.recv(size)

    def __getattr__(self, name: str) -> object:
        return getattr(self._sock, name)


def _two_in_one_pass(
    server: Server, req_a: bytes, req_b: bytes
) -> tuple[socket.socket, socket.socket, _WatchedSocket, _WatchedSocket]:
    """Two connections whose requests the loop finds ready in the same pass, and
    their server-side sockets as _WatchedSockets.

    The loop is held in a recv() of a third connection while both requests
    arrive; the next pass then has both sockets readable.
    """
    hold, gate = _wrapped(server, _GatedSocket)
    a, wa = _wrapped(server, lambda sock: _WatchedSocket(sock, server))
    b, wb = _wrapped(server, lambda sock: _WatchedSocket(sock, server))
    hold.sendall(b"PING\r\n")
    assert gate.entered.wait(10)  # the loop thread is in that recv, in a pass of its own
    a.sendall(req_a)
    b.sendall(req_b)
    ends = [wa._sock, wb._sock]  # (the server's ends: both requests have arrived)
    assert _wait_until(lambda: len(select.select(ends, [], [], 0)[0]) == 2)
    gate.go.set()
    assert hold.recv(100) == b"+PONG\r\n"
    hold.close()
    return a, b, wa, wb


def test_replies_to_requests_read_in_one_pass_are_written_at_its_end(server: Server) -> None:
    # When the loop finds several sockets readable at once, their replies are
    # written after all of them ran, as Redis writes its replies just before
    # it waits again (see loop.DeferredWrites).
    a, b, wa, wb = _two_in_one_pass(server, resp("INCR", "n"), resp("INCR", "n"))
    got = [a.recv(100), b.recv(100)]
    assert sorted(got) == [b":1\r\n", b":2\r\n"]
    # each reply written once, after both INCRs had run
    assert [wa.writes, wb.writes] == [[(got[0], b"2")], [(got[1], b"2")]]
    a.close()
    b.close()


def test_a_pipeline_read_in_a_pass_with_others_is_written_at_its_end(server: Server) -> None:
    # The same for reads of several requests (the path pipelines take).
    a, b, wa, wb = _two_in_one_pass(server, resp("INCR", "n") * 3, resp("INCR", "n") * 3)
    got = [_recv_exactly(a, 12), _recv_exactly(b, 12)]
    assert sorted(got) == [b":1\r\n:2\r\n:3\r\n", b":4\r\n:5\r\n:6\r\n"]
    assert [wa.writes, wb.writes] == [[(got[0], b"6")], [(got[1], b"6")]]
    a.close()
    b.close()


# ---------------------------------------------------------------------------
# a fresh server is cheap: databases are made when first used


def test_databases_are_made_when_first_used(server: Server) -> None:
    dbs = server.keyspace.dbs
    r = server.client(protocol=2)
    r.set("k", "v")
    assert [db.index for db in dbs.made()] == [0]
    assert len(dbs) == 16
    r.execute_command("SELECT", 9)
    r.set("k9", "v")
    r.execute_command("SWAPDB", 3, 12)  # two empty databases swap: both exist after
    assert [db.index for db in dbs.made()] == [0, 3, 9, 12]
    assert list(r.info("keyspace")) == ["db0", "db9"]  # in order, the empty ones left out
    assert dbs[-1] is dbs[15] and dbs[15].index == 15
    assert [db.index for db in dbs[14:]] == [14, 15]
    with pytest.raises(IndexError, match="database index 16 out of range"):
        dbs[16]
    r.execute_command("FLUSHALL")
    assert server.keys("*") == [] and server.keys("*", db=9) == []
