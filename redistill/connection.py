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
        "addr",
        "laddr",
        "db",
        "resp3",
        "name",
        "lib_name",
        "lib_ver",
        "user",
        "authenticated",
        "parser",
        "out",
        "wbuf",
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

    def __init__(self, server: Server, sock: socket.socket | None, cid: int) -> None:
        self.id = cid
        self.server = server
        self.sock = sock
        self.fd = sock.fileno() if sock is not None else -1
        self.addr = _fmt_addr(sock, peer=True)
        self.laddr = _fmt_addr(sock, peer=False)
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
        self.out: list[bytes] = []
        self.wbuf = b""
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

    def set_authenticated(self, value: bool) -> None:
        self.authenticated = value
        self.parser.strict_only = not value

    def select(self, index: int) -> None:
        self.db = self.server.keyspace.dbs[index]

    def info_line(self) -> bytes:
        """This client's CLIENT LIST / CLIENT INFO line."""
        now = monotonic()
        age = int(now - self.created)
        idle = int(now - self.last_active)
        multi = -1 if self.multi is None else len(self.multi)
        flags = b"x" if self.multi is not None else self.flags
        fields = [
            (b"id", b"%d" % self.id),
            (b"addr", self.addr.encode()),
            (b"laddr", self.laddr.encode()),
            (b"fd", b"%d" % self.fd),
            (b"name", self.name),
            (b"age", b"%d" % age),
            (b"idle", b"%d" % idle),
            (b"flags", flags),
            (b"db", b"%d" % self.db.index),
            (b"sub", b"0"),
            (b"psub", b"0"),
            (b"ssub", b"0"),
            (b"multi", b"%d" % multi),
            (b"qbuf", b"%d" % self.parser.buffered),
            (b"qbuf-free", b"0"),
            (b"argv-mem", b"0"),
            (b"multi-mem", b"0"),
            (b"rbs", b"1024"),
            (b"rbp", b"0"),
            (b"obl", b"0"),
            (b"oll", b"0"),
            (b"omem", b"0"),
            (b"tot-mem", b"1024"),
            (b"events", b"r"),
            (b"cmd", self.last_command),
            (b"user", self.user),
            (b"redir", b"-1"),
            (b"resp", b"3" if self.resp3 else b"2"),
            (b"lib-name", self.lib_name),
            (b"lib-ver", self.lib_ver),
        ]
        return b" ".join(k + b"=" + v for k, v in fields)


def _fmt_addr(sock: socket.socket | None, peer: bool) -> str:
    if sock is None:
        return ""
    try:
        host, port = (sock.getpeername() if peer else sock.getsockname())[:2]
    except OSError:
        return ""
    if ":" in host:
        return f"[{host}]:{port}"
    return f"{host}:{port}"
