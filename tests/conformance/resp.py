"""A small RESP2/RESP3 reply reader over a raw socket, for byte-exact comparisons.

No client library sits between the conformance runner and a server: requests are
encoded here, and every reply is returned both as the exact bytes the server
sent (``Reply.raw``) and as a small tree (``Reply.node``) for the comparison
modes that need structure (approximate integers, unordered arrays, pairs).

A node is ``(type_byte, value)``:

* ``+ - ( , # = !`` and ``$``: the line or payload as ``bytes`` (``None`` for a
  null bulk string);
* ``:``: an ``int``;
* ``_``: ``None``;
* ``* ~ >``: a list of nodes (``None`` for a null array);
* ``% |``: a flat list ``[k1, v1, k2, v2, ...]`` of nodes.

Three pseudo types describe what is not a reply: ``closed`` (the server closed
the connection), ``timeout`` (no complete reply in time) and ``garbage`` (bytes
that are not RESP).
"""

from __future__ import annotations

import contextlib
import socket
import time
from dataclasses import dataclass
from typing import Any, Union

Arg = Union[str, bytes, int, float]
Node = tuple[str, Any]

CLOSED_NODE: Node = ("closed", None)
TIMEOUT_NODE: Node = ("timeout", None)
GARBAGE_NODE: Node = ("garbage", None)


@dataclass(frozen=True)
class Reply:
    """One reply: the exact bytes received and their parsed form."""

    raw: bytes
    node: Node

    @property
    def closed(self) -> bool:
        return self.node[0] == "closed"

    @property
    def timed_out(self) -> bool:
        return self.node[0] == "timeout"

    def show(self) -> str:
        if self.closed:
            if self.raw:
                return f"<connection closed by the server after a partial reply {self.raw!r}>"
            return "<connection closed by the server>"
        if self.timed_out:
            return f"<no complete reply in time; received {self.raw!r}>"
        if self.node[0] == "garbage":
            return f"<not a RESP reply: {self.raw!r}>"
        return repr(self.raw)


CLOSED = Reply(b"", CLOSED_NODE)


class Closed(Exception):
    """The server closed the connection."""


class Unparseable(Exception):
    """The bytes received are not RESP."""


def to_bytes(arg: Arg) -> bytes:
    if isinstance(arg, bytes):
        return arg
    if isinstance(arg, str):
        return arg.encode()
    if isinstance(arg, bool):
        raise TypeError("booleans are not Redis arguments")
    if isinstance(arg, int):
        return b"%d" % arg
    return repr(arg).encode()


def encode_command(args: tuple[Arg, ...] | list[Arg]) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        b = to_bytes(a)
        parts.append(b"$%d\r\n%b\r\n" % (len(b), b))
    return b"".join(parts)


class Reader:
    """Parses replies out of a byte buffer; subclasses say where more bytes come from."""

    def __init__(self, data: bytes = b"") -> None:
        self.buf = bytearray(data)
        self.pos = 0

    def _fill(self) -> None:
        raise Closed

    def _line(self) -> bytes:
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos : i])
                self.pos = i + 2
                return line
            self._fill()

    def _exact(self, n: int) -> bytes:
        while len(self.buf) - self.pos < n:
            self._fill()
        data = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return data

    @staticmethod
    def _int(line: bytes) -> int:
        try:
            return int(line)
        except ValueError:
            raise Unparseable(line) from None

    def read_node(self) -> Node:
        line = self._line()
        if not line:
            raise Unparseable(b"empty line")
        kind = chr(line[0])
        body = line[1:]
        if kind in "+-(,#":
            return (kind, body)
        if kind == ":":
            return (kind, self._int(body))
        if kind == "_":
            return (kind, None)
        if kind in "$=!":
            n = self._int(body)
            if n < 0:
                return (kind, None)
            data = self._exact(n + 2)
            if data[-2:] != b"\r\n":
                raise Unparseable(data)
            return (kind, data[:-2])
        if kind in "*~>":
            n = self._int(body)
            if n < 0:
                return (kind, None)
            return (kind, [self.read_node() for _ in range(n)])
        if kind in "%|":
            n = self._int(body)
            return (kind, [self.read_node() for _ in range(2 * n)])
        raise Unparseable(line)


class Connection(Reader):
    """A blocking connection that reads one complete reply at a time."""

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        super().__init__()
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.closed = False

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
        self.closed = True

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, data: bytes) -> bool:
        """Send everything; False if the server had already closed the connection."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def command(self, *args: Arg) -> Reply:
        if self.closed:
            return CLOSED
        self.send(encode_command(args))
        return self.read_reply()

    def read_reply(self) -> Reply:
        """Read one complete reply (a pseudo reply for a close or a time-out)."""
        if self.closed:
            return CLOSED
        start = self.pos
        try:
            node = self.read_node()
        except Closed:
            self.closed = True
            return Reply(bytes(self.buf[start:]), CLOSED_NODE)
        except socket.timeout:
            raw = bytes(self.buf[start:])
            self.close()
            return Reply(raw, TIMEOUT_NODE)
        except Unparseable:
            raw = bytes(self.buf[start:])
            self.close()
            return Reply(raw, GARBAGE_NODE)
        raw = bytes(self.buf[start : self.pos])
        del self.buf[: self.pos]
        self.pos = 0
        return Reply(raw, node)

    def _fill(self) -> None:
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        if not data:
            raise Closed
        self.buf += data


def parse(raw: bytes) -> Node:
    """Parse one complete reply held in ``raw``."""
    reader = Reader(raw)
    try:
        node = reader.read_node()
    except Closed:
        raise Unparseable(raw) from None
    if reader.pos != len(raw):
        raise Unparseable(raw)
    return node


def read_raw(
    host: str, port: int, data: bytes, *, quiet: float = 0.05, timeout: float = 10.0
) -> tuple[bytes, bool]:
    """Send ``data`` in one write; return (every byte that came back, whether the server closed).

    A server that keeps the connection open gives no sign that it has said all
    it will, so after the write a second connection makes a few PING round
    trips: a single-threaded event loop that answered them has also read and
    answered everything sent before them (one round per 16 KB read, as Redis
    reads). Then ``quiet`` seconds of silence end the exchange.
    """
    got = bytearray()
    closed = False
    sock = socket.create_connection((host, port), timeout=timeout)
    probe = socket.create_connection((host, port), timeout=timeout)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        probe.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may close before reading everything; read what it sent
        with contextlib.suppress(OSError):
            reader = _SocketReader(probe)
            for _ in range(3 + len(data) // 16384):
                probe.sendall(b"*1\r\n$4\r\nPING\r\n")
                reader.read_node()
        sock.settimeout(quiet)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            except (ConnectionResetError, BrokenPipeError):
                closed = True
                break
            if not chunk:
                closed = True
                break
            got += chunk
    finally:
        probe.close()
        sock.close()
    return bytes(got), closed


class _SocketReader(Reader):
    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self.sock = sock

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise Closed
        self.buf += data
