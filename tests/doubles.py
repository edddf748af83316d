"""Helpers for the tests of the test-double powers: a raw RESP connection."""

from __future__ import annotations

import socket
from typing import Any

import hiredis

from redistill import Server


def resp(*args: Any) -> bytes:
    """A RESP request from str / bytes / int arguments."""
    out = b"*%d\r\n" % len(args)
    for a in args:
        raw = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%b\r\n" % (len(raw), raw)
    return out


class Conn:
    """One raw connection: send requests, read replies one at a time (hiredis)."""

    def __init__(self, server: Server) -> None:
        self.sock = socket.create_connection((server.host, server.port), timeout=5)
        self.reader = hiredis.Reader()
        host, port = self.sock.getsockname()[:2]
        #: this connection's address as the server shows it (CLIENT LIST, MONITOR)
        self.addr = f"{host}:{port}"

    def send(self, *args: Any) -> None:
        self.sock.sendall(resp(*args))

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def reply(self, timeout: float = 5.0) -> Any:
        """The next reply (errors come back as ``hiredis.ReplyError`` values)."""
        while True:
            got = self.reader.gets()
            if got is not False:
                return got
            self.sock.settimeout(timeout)
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.reader.feed(data)

    def call(self, *args: Any) -> Any:
        self.send(*args)
        return self.reply()

    def silent(self, seconds: float = 0.2) -> bool:
        """True if no reply arrives within ``seconds``."""
        try:
            self.reply(timeout=seconds)
        except socket.timeout:
            return True
        return False

    def closed(self, timeout: float = 5.0) -> bool:
        """True if the server closes the connection (after any replies) in time."""
        self.sock.settimeout(timeout)
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> Conn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def error_text(reply: Any) -> str:
    assert isinstance(reply, hiredis.ReplyError), f"expected an error reply, got {reply!r}"
    return str(reply)
