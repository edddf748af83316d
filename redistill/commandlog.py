"""The command log: every command a server ran or refused, and assertions on it.

:class:`CommandLogging` is a mixin of :class:`redistill.Server`::

    server.assert_called("SETEX", "user:1")            # at least once
    server.assert_called("GET", "user:1", times=2)      # exactly twice
    server.assert_not_called("DEL", key="session:*")
    server.assert_call_order(["GET user:1", "SETEX user:1"])
    server.calls("HSET", key="cart:*")                  # the matching entries
    server.commands[-1].argv                            # (b'GET', b'user:1')
    server.reset_log()

What is recorded
----------------
One entry per command, appended when it finishes: the client's id and name,
the database it ran in, its arguments, the time on the server's clock and, if
it failed, the error it got. Commands the dispatcher refuses (unknown command,
wrong number of arguments, NOAUTH, an injected error) are recorded with their
error too. Commands queued by MULTI are recorded when EXEC runs them, before
the EXEC entry, as MONITOR shows them; a transaction that is discarded never
ran, so its queued commands are not in the log. ``REDISTILL`` commands (test
control) are never recorded.

The log is a ring of ``log_size`` entries (``Server(log_size=...)``, 10,000 by
default; 0 turns it off) holding at most ``log_bytes`` bytes of arguments (32 MiB
by default): a workload of large values drops the oldest entries sooner rather
than keep every value it ever sent alive. Recording appends one tuple per
command; the :class:`LoggedCommand` objects are built only when the log is read.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Optional, Union, overload

from .keyspace import glob_matcher

if TYPE_CHECKING:
    from .registry import Command

__all__ = [
    "DEFAULT_LOG_BYTES",
    "DEFAULT_LOG_SIZE",
    "CommandList",
    "CommandLogging",
    "LoggedCommand",
    "format_entry",
]

#: entries a server keeps unless told otherwise
DEFAULT_LOG_SIZE = 10_000
#: bytes of arguments the entries may hold unless told otherwise
DEFAULT_LOG_BYTES = 32 * 1024 * 1024

#: (client id, client name, db index, argv, clock microseconds, error reply or None)
Entry = tuple[int, bytes, int, list[bytes], int, Optional[bytes]]

Arg = Union[str, bytes, int, float]
CallSpec = Union[str, Sequence[Arg]]

#: failure messages list at most this many of the newest commands
_SHOW_LAST = 40


def _text(b: bytes) -> str | bytes:
    try:
        return b.decode()
    except UnicodeDecodeError:
        return b


def _arg_bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, bool):
        raise TypeError("command arguments are str, bytes or numbers, not bool")
    if isinstance(value, (int, float)):
        return repr(value).encode()
    raise TypeError(f"command arguments are str, bytes or numbers, not {type(value).__name__}")


def _show_arg(arg: bytes) -> str:
    """An argument as redis-cli would let you type it: bare when plain, else quoted."""
    if arg and all(0x21 <= b <= 0x7E and b not in b"\"'\\" for b in arg):
        return arg.decode()
    out = []
    for b in arg:
        if b == 0x22 or b == 0x5C:
            out.append("\\" + chr(b))
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x0D:
            out.append("\\r")
        elif b == 0x09:
            out.append("\\t")
        elif 0x20 <= b <= 0x7E:
            out.append(chr(b))
        else:
            out.append(f"\\x{b:02x}")
    return '"' + "".join(out) + '"'


def _show_argv(argv: Sequence[bytes], limit: int = 12) -> str:
    words = [argv[0].decode("utf-8", "replace").upper()] + [_show_arg(a) for a in argv[1:limit]]
    if len(argv) > limit:
        words.append(f"... ({len(argv) - limit} more)")
    return " ".join(words)


class LoggedCommand:
    """One command in the log, as tests read it.

    ``name`` is the command's name in lower case (``"set"``; ``"client"`` for
    ``CLIENT SETNAME``); ``args`` the arguments after it, ``str`` where they
    are valid UTF-8 and ``bytes`` otherwise; ``argv`` everything as sent, as
    bytes. ``time`` is unix seconds on the server's clock when the command
    finished; ``error`` the error reply's text (``"ERR unknown command ..."``)
    or None when it succeeded.
    """

    __slots__ = ("client_id", "client_name", "db", "argv", "time_us", "_error")

    def __init__(self, entry: Entry) -> None:
        self.client_id = entry[0]
        #: the connection's CLIENT SETNAME when the command ran ("" if none)
        self.client_name: str = entry[1].decode("utf-8", "replace")
        self.db = entry[2]
        self.argv: tuple[bytes, ...] = tuple(entry[3])
        #: unix microseconds on the server's clock
        self.time_us = entry[4]
        self._error = entry[5]

    @property
    def name(self) -> str:
        return self.argv[0].decode("utf-8", "replace").lower()

    @property
    def args(self) -> tuple[str | bytes, ...]:
        return tuple(_text(a) for a in self.argv[1:])

    @property
    def time(self) -> float:
        return self.time_us / 1_000_000

    @property
    def error(self) -> str | None:
        return None if self._error is None else self._error.decode("utf-8", "replace")

    @property
    def ok(self) -> bool:
        return self._error is None

    def __str__(self) -> str:
        return _show_argv(self.argv)

    def __repr__(self) -> str:
        where = f"client {self.client_id}"
        if self.client_name:
            where += f" {self.client_name!r}"
        outcome = "" if self._error is None else f" -> {self.error}"
        return f"<LoggedCommand {_show_argv(self.argv)} ({where}, db {self.db}){outcome}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoggedCommand):
            return NotImplemented
        return (
            self.client_id == other.client_id
            and self.db == other.db
            and self.argv == other.argv
            and self.time_us == other.time_us
            and self._error == other._error
        )

    __hash__ = None  # type: ignore[assignment]


class CommandList(Sequence[LoggedCommand]):
    """A snapshot of the log, oldest first (``server.commands[-1]`` is the newest).

    Entries become :class:`LoggedCommand` objects only when read.
    """

    __slots__ = ("_entries",)

    def __init__(self, entries: list[Entry]) -> None:
        self._entries = entries

    @overload
    def __getitem__(self, index: int) -> LoggedCommand: ...

    @overload
    def __getitem__(self, index: slice) -> CommandList: ...

    def __getitem__(self, index: int | slice) -> LoggedCommand | CommandList:
        if isinstance(index, slice):
            return CommandList(self._entries[index])
        return LoggedCommand(self._entries[index])

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LoggedCommand]:
        return map(LoggedCommand, self._entries)

    @property
    def names(self) -> list[str]:
        """Each command's lower-case name, oldest first: ``['get', 'setex']``."""
        return [e[3][0].decode("utf-8", "replace").lower() for e in self._entries]

    def __repr__(self) -> str:
        return f"<CommandList of {len(self)}: {', '.join(map(str, self[-5:]))}>"

    def __str__(self) -> str:
        return format_log(self._entries)


def format_entry(index: int, entry: Entry) -> str:
    """One line of a failure message: ``  3. GET user:1  [client 7 'web', db 0]``."""
    where = f"client {entry[0]}"
    if entry[1]:
        where += " " + repr(entry[1].decode("utf-8", "replace"))
    line = f"{index:>5}. {_show_argv(entry[3])}  [{where}, db {entry[2]}]"
    if entry[5] is not None:
        line += " -> " + entry[5].decode("utf-8", "replace")
    return line


def format_log(entries: Sequence[Entry], limit: int = _SHOW_LAST) -> str:
    """The commands a failure message shows: the newest ``limit``, numbered from 1."""
    if not entries:
        return "no commands were recorded"
    first = max(0, len(entries) - limit)
    lines = [f"commands seen ({len(entries)}, oldest first):"]
    if first:
        lines.append(f"  ... {first} older ones not shown")
    lines += [format_entry(i + 1, entries[i]) for i in range(first, len(entries))]
    return "\n".join(lines)


class _Matcher:
    """Which log entries a call spec (name, argument prefix, key glob) selects."""

    def __init__(self, name: str, args: Iterable[Arg], key: str | bytes | None) -> None:
        if not isinstance(name, str) or not name.strip():
            raise TypeError(f"the command name must be a non-empty str, got {name!r}")
        words = name.replace("|", " ").split()
        self.name = words[0].lower().encode()
        self.sub = words[1].lower().encode() if len(words) > 1 else None
        if len(words) > 2:
            raise ValueError(f"give arguments separately, not in the name: {name!r}")
        self.args = [_arg_bytes(a) for a in args]
        self.key = None if key is None else glob_matcher(_arg_bytes(key))
        self.key_text = key
        self.label = " ".join(
            [name.upper().replace("|", " ")] + [_show_arg(a) for a in self.args]
        ) + ("" if key is None else f" (key matching {key!r})")

    def __call__(self, entry: Entry, lookup: Any) -> bool:
        argv = entry[3]
        if argv[0].lower() != self.name:
            return False
        args = argv[1:]
        if self.sub is not None:
            if not args or args[0].lower() != self.sub:
                return False
            args = args[1:]
        if len(args) < len(self.args):
            return False
        for want, got in zip(self.args, args):
            if want != got:
                return False
        if self.key is not None:
            cmd: Command | None = lookup(argv)
            if cmd is None:
                return False
            return any(self.key(argv[i]) for i in cmd.key_indexes(argv) if i < len(argv))
        return True


def _spec_matcher(spec: CallSpec) -> _Matcher:
    if isinstance(spec, str):
        words = spec.split()
        if not words:
            raise ValueError("an empty call spec")
        return _Matcher(words[0], words[1:], None)
    if isinstance(spec, (bytes, bytearray)) or not isinstance(spec, Sequence) or not spec:
        raise TypeError(f"a call spec is a str such as 'GET user:1' or a tuple, got {spec!r}")
    name = spec[0]
    if not isinstance(name, str):
        raise TypeError(f"a call spec starts with the command name as str, got {name!r}")
    return _Matcher(name, spec[1:], None)


_ARGV = itemgetter(3)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


class CommandLogging:
    """Reading and asserting on the command log (mixed into ``Server``)."""

    if TYPE_CHECKING:
        lock: threading.RLock
        control: bool
        _log: deque[Entry] | None
        _log_bytes: int

        def lookup_command(self, argv: list[bytes]) -> Command | None: ...

    def _entries(self) -> list[Entry]:
        """The recorded entries, oldest first, without test control (REDISTILL ...).

        The dispatcher appends REDISTILL commands like any other (one check
        fewer per command); they are left out here, when the log is read.
        """
        log = self._log
        if log is None:
            return []
        with self.lock:
            entries = list(log)
        if self.control:
            entries = [e for e in entries if e[3][0].lower() != b"redistill"]
        return entries

    @property
    def commands(self) -> CommandList:
        """Every recorded command, oldest first (a snapshot)."""
        return CommandList(self._entries())

    def log_entries(self, count: int = -1) -> list[Entry]:
        """The newest ``count`` raw entries (all with -1), oldest first (REDISTILL LOG GET)."""
        entries = self._entries()
        return entries if count < 0 else entries[max(0, len(entries) - count) :]

    def _trim_log(self) -> int:
        """Keep the log's arguments within ``log_bytes`` (lock held); returns how
        many more bytes of arguments may be logged before the next check.

        The arguments logged are at most the bytes received, so the server calls
        this once it has received that many since the last call (a count that
        CONFIG RESETSTAT leaves alone): the scan of every entry's lengths comes
        at most once per quarter of the budget.
        """
        log = self._log
        budget = self._log_bytes
        if log is None:
            return budget
        held = sum(map(len, chain.from_iterable(map(_ARGV, log))))
        if held > budget * 3 // 4:
            goal = budget // 2
            popleft = log.popleft
            while held > goal and log:
                held -= sum(map(len, popleft()[3]))
        return budget - held

    def reset_log(self) -> None:
        """Forget every recorded command."""
        log = self._log
        if log is not None:
            with self.lock:
                log.clear()

    def calls(self, name: str, *args: Arg, key: str | bytes | None = None) -> list[LoggedCommand]:
        """The recorded commands called ``name`` whose arguments start with ``args``.

        ``name`` is case-insensitive; ``"CLIENT SETNAME"`` (or ``"client|setname"``)
        selects a subcommand. ``key`` keeps only commands with a key matching that
        Redis glob (``"session:*"``).
        """
        match = _Matcher(name, args, key)
        lookup = self.lookup_command
        return [LoggedCommand(e) for e in self._entries() if match(e, lookup)]

    def assert_called(
        self,
        name: str,
        *args: Arg,
        times: int | None = None,
        key: str | bytes | None = None,
    ) -> list[LoggedCommand]:
        """Fail unless such a command was recorded (exactly ``times`` times, if given).

        Returns the matching commands.
        """
        self._require_log()
        match = _Matcher(name, args, key)
        entries = self._entries()
        lookup = self.lookup_command
        found = [e for e in entries if match(e, lookup)]
        if times is None and found:
            return [LoggedCommand(e) for e in found]
        if times is not None and len(found) == times:
            return [LoggedCommand(e) for e in found]
        wanted = "at least once" if times is None else _times(times)
        seen = "never" if not found else _times(len(found))
        raise AssertionError(
            f"expected {match.label} to be called {wanted}, but it was called {seen}\n"
            + format_log(entries)
        )

    def assert_not_called(self, name: str, *args: Arg, key: str | bytes | None = None) -> None:
        """Fail if such a command was recorded."""
        self._require_log()
        match = _Matcher(name, args, key)
        entries = self._entries()
        lookup = self.lookup_command
        hits = [i + 1 for i, e in enumerate(entries) if match(e, lookup)]
        if hits:
            where = ", ".join(f"#{i}" for i in hits[:10]) + (" ..." if len(hits) > 10 else "")
            raise AssertionError(
                f"expected {match.label} not to be called, but it was called "
                f"{_times(len(hits))} ({where})\n" + format_log(entries)
            )

    def assert_call_order(self, specs: Iterable[CallSpec]) -> None:
        """Fail unless commands matching ``specs`` were recorded in this order.

        Each spec is a str (``"GET user:1"``: the name, then an argument prefix
        split on whitespace) or a tuple (``("SET", "k", "a b")``). Other commands
        may come between them.
        """
        self._require_log()
        matchers = [_spec_matcher(s) for s in specs]
        entries = self._entries()
        lookup = self.lookup_command
        pos = 0
        found: list[int] = []
        for m in matchers:
            while pos < len(entries) and not m(entries[pos], lookup):
                pos += 1
            if pos == len(entries):
                lines = [f"expected these calls in order, but #{len(found) + 1} is missing:"]
                for n, (mm, at) in enumerate(zip(matchers, found + [0] * len(matchers)), 1):
                    if n <= len(found):
                        lines.append(f"  {n}. {mm.label}  (command #{at})")
                    elif n == len(found) + 1:
                        after = f" after command #{found[-1]}" if found else ""
                        lines.append(f"  {n}. {mm.label}  <- not seen{after}")
                    else:
                        lines.append(f"  {n}. {mm.label}")
                raise AssertionError("\n".join(lines) + "\n" + format_log(entries))
            found.append(pos + 1)
            pos += 1

    def _require_log(self) -> None:
        if self._log is None:
            raise RuntimeError("this server keeps no command log (it was made with log_size=0)")
