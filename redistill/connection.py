"""Per-client state: database, auth, protocol version, name, MULTI queue."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

from .clock import monotonic
from .protocol import RequestParser

if TYPE_CHECKING:
    from .keyspace import Database
    from .registry import Command
    from .server import Server


class Client:
    """One connection, as commands see it (the ``ctx`` argument of every handler)."""

    __slots__ = (
        "id",
        "server",
        "sock",
        "fd",
        "_peer",
        "_addr",
        "_laddr",
        "db",
        "resp3",
        "name",
        "lib_name",
        "lib_ver",
        "user",
        "authenticated",
        "parser",
        "out",
        "waiting_write",
        "closing",
        "closed",
        "multi",
        "multi_error",
        "watched",
        "watch_dirty",
        "created",
        "last_active",
        "last_command",
        "flags",
        "no_evict",
        "no_touch",
        "extra",
    )

    def __init__(
        self, server: Server, sock: socket.socket | None, cid: int, peer: Any = None
    ) -> None:
        self.id = cid
        self.server = server
        self.sock = sock
        self.fd = sock.fileno() if sock is not None else -1
        #: the peer's address as accept() gave it; both addresses are formatted
        #: when first asked for (CLIENT LIST, MONITOR), not for every connection
        self._peer = peer
        self._addr: str | None = None
        self._laddr: str | None = None
        self.db: Database = server.keyspace.dbs[0]
        self.resp3 = False
        self.name = b""
        self.lib_name = b""
        self.lib_ver = b""
        self.user = b"default"
        self.authenticated = server.requirepass is None
        self.parser = RequestParser(
            max_bulk=server.config.get_int("proto-max-bulk-len"),
        )
        self.parser.strict_only = not self.authenticated
        #: replies not yet written (bytes, or a memoryview of a partly written one)
        self.out: list[bytes | memoryview] = []
        #: True while the selector watches the socket for writability
        self.waiting_write = False
        self.closing = False
        self.closed = False
        #: queued (command, argv) pairs while in MULTI, else None
        self.multi: list[tuple[Command, list[bytes]]] | None = None
        self.multi_error = False
        self.watched: dict[tuple[int, bytes], Any] = {}
        self.watch_dirty = False
        self.created = monotonic()
        self.last_active = self.created
        self.last_command = b"NULL"
        self.flags = b"N"
        self.no_evict = False
        self.no_touch = False
        self.extra: dict[str, Any] = {}

    @property
    def addr(self) -> str:
        """The peer's address, ``host:port`` (``[host]:port`` for IPv6)."""
        addr = self._addr
        if addr is None:
            peer = self._peer
            addr = self._addr = (
                _fmt_host_port(peer) if peer is not None else _fmt_addr(self.sock, peer=True)
            )
        return addr

    @property
    def laddr(self) -> str:
        """The local address of the connection."""
        laddr = self._laddr
        if laddr is None:
            laddr = self._laddr = _fmt_addr(self.sock, peer=False)
        return laddr

    def set_authenticated(self, value: bool) -> None:
        self.authenticated = value
        self.parser.strict_only = not value

    def select(self, index: int) -> None:
        self.db = self.server.keyspace.dbs[index]

    def info_line(self) -> bytes:
        """This client's CLIENT LIST / CLIENT INFO line (Redis 7.2 fields, in order).

        ``flags`` holds extra flag letters another family sets (``P`` for a
        subscriber); the state-derived ones (x d c e T) are added here, and all
        are shown in Redis's order, ``N`` when there are none.
        """
        now = monotonic()
        age = int(now - self.created)
        idle = int(now - self.last_active)
        multi = -1 if self.multi is None else len(self.multi)
        letters = set(self.flags.decode("latin-1")) - {"N"}
        if self.multi is not None:
            letters.add("x")
        if self.watch_dirty:
            letters.add("d")
        if self.closing:
            letters.add("c")
        if self.no_evict:
            letters.add("e")
        if self.no_touch:
            letters.add("T")
        flags = "".join(ch for ch in _FLAG_ORDER if ch in letters) or "N"
        return (
            b"id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d"
            b" sub=0 psub=0 ssub=0 multi=%d qbuf=%d qbuf-free=0 argv-mem=0 multi-mem=0"
            b" rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1024 events=r cmd=%s user=%s"
            b" redir=-1 resp=%d lib-name=%s lib-ver=%s"
        ) % (
            self.id,
            self.addr.encode(),
            self.laddr.encode(),
            self.fd,
            self.name,
            age,
            idle,
            flags.encode(),
            self.db.index,
            multi,
            self.parser.buffered,
            self.last_command,
            self.user,
            3 if self.resp3 else 2,
            self.lib_name,
            self.lib_ver,
        )


#: CLIENT LIST flag letters in the order Redis prints them
_FLAG_ORDER = "OSMPxbtRBdcuAUreT"


def _fmt_addr(sock: socket.socket | None, peer: bool) -> str:
    if sock is None:
        return ""
    try:
        return _fmt_host_port(sock.getpeername() if peer else sock.getsockname())
    except OSError:
        return ""


def _fmt_host_port(address: Any) -> str:
    host, port = address[:2]
    if ":" in host:
        return f"[{host}]:{port}"
    return f"{host}:{port}"
