"""Fault injection: make the server misbehave on cue (``server.faults``).

Each fault is scoped by command name (``"get"``, ``"client kill"``, ``"client"``
for every CLIENT subcommand, ``"*"`` for all) and optionally by a key glob, and
hits the next ``times`` matching commands, or every one until cleared::

    server.faults.error("set", "READONLY")              # Redis's READONLY text
    server.faults.error("get", "ERR boom", key="user:*", times=1)
    server.faults.delay("get", 2.5)                     # real seconds
    server.faults.close("hgetall")                      # runs, then hangs up
    server.faults.truncate("get")                       # half a reply, then hangs up
    with server.faults.stall("incr"):                   # no reply until cleared
        ...
    server.faults.clear()

What each kind does to a command it hits:

``error``
    The command does not run; the reply is the error. Inside MULTI it is
    refused at queueing time, so EXEC then answers EXECABORT, as with Redis's
    own READONLY or OOM. A bare code (``"READONLY"``, ``"LOADING"``, ``"BUSY"``,
    ``"OOM"``, ``"MASTERDOWN"``, ``"NOREPLICAS"``, ``"NOSCRIPT"``,
    ``"CLUSTERDOWN"``, ``"TRYAGAIN"``) stands for Redis's full message;
    ``"MOVED"`` and ``"ASK"`` become ``MOVED <slot of the first key>
    <this server's host:port>``. Any other text is sent as it is.
``delay``
    The command runs at once; its reply is written ``seconds`` of real time
    later. The connection's later requests wait behind it, in order; other
    connections are served meanwhile.
``close``
    The command runs; the connection is closed instead of replying (replies to
    earlier requests are written first).
``truncate``
    The command runs; the first half of its reply is written, then the
    connection is closed.
``stall``
    The command does not run, and nothing more is answered on that connection,
    until the fault is cleared (then the command runs and the connection goes
    on) or the server stops. Clearing a spent stall fault releases it too.

Faults look at commands as they arrive, after the unknown-command, arity and
NOAUTH checks: commands queued by MULTI are seen when queued (EXEC is one
command). ``REDISTILL`` commands are never faulted, so test control always
works. Over the wire: ``REDISTILL FAULT ...`` (see ``REDISTILL HELP``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Union

from . import errors
from .keyspace import glob_matcher

if TYPE_CHECKING:
    from .registry import Command
    from .server import Server

__all__ = ["KINDS", "PRESETS", "Fault", "Faults", "keyslot"]

KINDS = ("error", "delay", "close", "truncate", "stall")

#: error codes that stand for Redis's full message
PRESETS: dict[str, str] = {
    "READONLY": errors.READONLY,
    "LOADING": errors.LOADING,
    "BUSY": errors.BUSY,
    "OOM": errors.OOM,
    "MASTERDOWN": errors.MASTERDOWN,
    "NOREPLICAS": errors.NOREPLICAS,
    "NOSCRIPT": errors.NOSCRIPT,
    "CLUSTERDOWN": errors.CLUSTERDOWN,
    "TRYAGAIN": errors.TRYAGAIN,
}
_REDIRECTS = frozenset({b"MOVED", b"ASK"})

CommandSpec = Union[str, Iterable[str]]


def _crc16_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return table


_CRC16 = _crc16_table()


def keyslot(key: bytes) -> int:
    """The Redis Cluster hash slot of ``key`` (CRC16 of its {hash tag}, mod 16384)."""
    start = key.find(b"{")
    if start >= 0:
        end = key.find(b"}", start + 1)
        if end > start + 1:
            key = key[start + 1 : end]
    crc = 0
    for b in key:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC16[((crc >> 8) ^ b) & 0xFF]
    return crc % 16384


def _names(command: CommandSpec) -> frozenset[str] | None:
    words = [command] if isinstance(command, str) else list(command)
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise TypeError(f"command must be a name such as 'get' (or several), got {command!r}")
    names = {" ".join(w.lower().replace("|", " ").split()).replace(" ", "|") for w in words}
    if "*" in names:
        return None
    return frozenset(names)


def _error_text(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else bytes(text)
    raw = raw.lstrip(b"-").replace(b"\r", b" ").replace(b"\n", b" ").strip()
    if not raw:
        raise ValueError("an injected error needs a text, such as 'READONLY' or 'ERR boom'")
    preset = PRESETS.get(raw.decode("latin-1"))
    return preset.encode() if preset is not None else raw


class Fault:
    """One injected fault. ``with`` it to clear it when the block ends."""

    def __init__(
        self,
        faults: Faults,
        fid: int,
        kind: str,
        names: frozenset[str] | None,
        key: bytes | None,
        times: int | None,
        error: bytes | None = None,
        seconds: float | None = None,
    ) -> None:
        self._faults = faults
        self.id = fid
        self.kind = kind
        self._names = names
        self.key = key
        self._match_key = None if key is None else glob_matcher(key)
        #: matching commands it will still hit (None: until cleared)
        self.times = times
        #: commands it has hit so far
        self.hits = 0
        #: the error text of an ``error`` fault
        self.error = error
        #: the delay of a ``delay`` fault, in real seconds
        self.seconds = seconds

    @property
    def commands(self) -> tuple[str, ...]:
        """The command names it applies to (``('*',)``: all)."""
        return ("*",) if self._names is None else tuple(sorted(self._names))

    @property
    def active(self) -> bool:
        """True until it is cleared or has hit its ``times`` commands."""
        return self in self._faults._rules

    def matches(self, cmd: Command, argv: list[bytes]) -> bool:
        names = self._names
        if names is not None and cmd.name not in names:
            parent = cmd.parent
            if parent is None or parent.name not in names:
                return False
        match_key = self._match_key
        if match_key is not None:
            n = len(argv)
            return any(match_key(argv[i]) for i in cmd.key_indexes(argv) if i < n)
        return True

    def reply_text(self, cmd: Command, argv: list[bytes]) -> bytes:
        """The error an ``error`` fault answers ``argv`` with."""
        text = self.error or b"ERR injected fault"
        if text in _REDIRECTS:
            keys = cmd.key_indexes(argv)
            slot = keyslot(argv[keys[0]]) if keys and keys[0] < len(argv) else 0
            server = self._faults._server
            host = f"[{server.host}]" if ":" in server.host else server.host
            return b"%s %d %s:%d" % (text, slot, host.encode(), server.port)
        return text

    def clear(self) -> None:
        """Remove this fault; a client it stalls goes on."""
        self._faults.remove(self)

    def __enter__(self) -> Fault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()

    def describe(self) -> str:
        parts = [self.kind, "/".join(self.commands)]
        if self.kind == "error" and self.error is not None:
            parts.append(repr(self.error.decode("utf-8", "replace")))
        if self.kind == "delay":
            parts.append(f"{self.seconds}s")
        if self.key is not None:
            parts.append(f"key={self.key.decode('utf-8', 'replace')!r}")
        parts.append("until cleared" if self.times is None else f"{self.times} left")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"<Fault #{self.id} {self.describe()}, {self.hits} hit>"


class Faults:
    """The faults of one server (``server.faults``), in the order they were added.

    When several match a command, the oldest one hits it.
    """

    def __init__(self, server: Server) -> None:
        self._server = server
        #: the active faults; the dispatcher reads this list directly
        self._rules: list[Fault] = []
        self._ids = itertools.count(1)

    # -- adding ------------------------------------------------------------------
    def error(
        self,
        command: CommandSpec = "*",
        text: str | bytes = "ERR injected fault",
        *,
        key: str | bytes | None = None,
        times: int | None = None,
    ) -> Fault:
        """Answer matching commands with an error instead of running them."""
        return self._add("error", command, key, times, error=_error_text(text))

    def delay(
        self,
        command: CommandSpec,
        seconds: float,
        *,
        key: str | bytes | None = None,
        times: int | None = None,
    ) -> Fault:
        """Hold back the replies of matching commands for ``seconds`` of real time."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"seconds must be a number, got {seconds!r}")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")
        return self._add("delay", command, key, times, seconds=float(seconds))

    def close(
        self,
        command: CommandSpec = "*",
        *,
        key: str | bytes | None = None,
        times: int | None = None,
    ) -> Fault:
        """Run matching commands, then close the connection instead of replying."""
        return self._add("close", command, key, times)

    def truncate(
        self,
        command: CommandSpec = "*",
        *,
        key: str | bytes | None = None,
        times: int | None = None,
    ) -> Fault:
        """Run matching commands, write half of the reply, then close the connection."""
        return self._add("truncate", command, key, times)

    def stall(
        self,
        command: CommandSpec = "*",
        *,
        key: str | bytes | None = None,
        times: int | None = None,
    ) -> Fault:
        """Answer nothing more on the connection until the fault is cleared."""
        return self._add("stall", command, key, times)

    def add(
        self,
        kind: str,
        command: CommandSpec = "*",
        *,
        key: str | bytes | None = None,
        times: int | None = None,
        error: str | bytes | None = None,
        seconds: float | None = None,
    ) -> Fault:
        """Add a fault of any kind by name (what ``REDISTILL FAULT`` uses)."""
        if kind == "error":
            return self.error(command, error or "ERR injected fault", key=key, times=times)
        if kind == "delay":
            return self.delay(command, 0.0 if seconds is None else seconds, key=key, times=times)
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}: one of {', '.join(KINDS)}")
        return self._add(kind, command, key, times)

    def _add(
        self,
        kind: str,
        command: CommandSpec,
        key: str | bytes | None,
        times: int | None,
        *,
        error: bytes | None = None,
        seconds: float | None = None,
    ) -> Fault:
        names = _names(command)
        if times is not None and (
            isinstance(times, bool) or not isinstance(times, int) or times < 1
        ):
            raise ValueError(f"times must be a positive int or None, got {times!r}")
        if key is not None and not isinstance(key, (str, bytes)):
            raise TypeError(f"key must be a glob as str or bytes, got {key!r}")
        key_b = key.encode() if isinstance(key, str) else key
        server = self._server
        with server.lock:
            fault = Fault(self, next(self._ids), kind, names, key_b, times, error, seconds)
            self._rules.append(fault)
            server.flow.update()
        return fault

    # -- matching (loop thread, lock held) -----------------------------------------
    def match(self, cmd: Command, argv: list[bytes]) -> Fault | None:
        """The fault that hits this command, counted as hit; None if none does."""
        for fault in self._rules:
            if fault.matches(cmd, argv):
                fault.hits += 1
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._rules.remove(fault)
                        self._server.flow.update()
                return fault
        return None

    # -- removing ----------------------------------------------------------------
    def remove(self, fault: Fault) -> None:
        """Remove ``fault`` (if still there) and release the clients it stalls."""
        server = self._server
        with server.lock:
            if fault in self._rules:
                self._rules.remove(fault)
            server.flow.release_where(lambda why: getattr(why, "fault", None) is fault)
            server.flow.update()

    def clear(self) -> int:
        """Remove every fault and release every stalled client; returns how many were active."""
        server = self._server
        with server.lock:
            n = len(self._rules)
            self._rules.clear()
            server.flow.release_where(lambda why: getattr(why, "fault", None) is not None)
            server.flow.update()
        return n

    def get(self, fid: int) -> Fault | None:
        """The active fault with id ``fid``."""
        for fault in self._rules:
            if fault.id == fid:
                return fault
        return None

    # -- reading -----------------------------------------------------------------
    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._rules))

    def __len__(self) -> int:
        return len(self._rules)

    def __bool__(self) -> bool:
        return bool(self._rules)

    def __repr__(self) -> str:
        inner = "; ".join(f"#{f.id} {f.describe()}" for f in self._rules)
        return f"<Faults [{inner}]>"
