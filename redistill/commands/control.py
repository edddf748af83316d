"""The REDISTILL namespace: test control over the wire. TEST-ONLY.

A suite in any language (Node, Go, a shell script with ``redis-cli``) moves the
server's clock and wipes its state with ordinary commands::

    REDISTILL CLOCK GET                  -> "1700000000.000"  (unix seconds, ms precision)
    REDISTILL CLOCK ADVANCE <seconds>    -> the new time      (fractions allowed: 0.25)
    REDISTILL CLOCK SET <unix-seconds>   -> the new time
    REDISTILL CLOCK FREEZE               -> the time it froze at
    REDISTILL CLOCK TICK                 -> the time it starts following real time from
    REDISTILL RESET                      -> OK  (every database flushed, clock back to its start)
    REDISTILL HELP                       -> the verbs, one status line each

Every ``CLOCK`` verb replies with the clock's reading after it, as a bulk string
of unix seconds with exactly three decimals. ``GET`` works with any clock; the
verbs that move the clock need the default virtual clock and answer an error
under ``--clock system``.

The namespace exists only while the server's ``control`` is on (the default);
``Server(control=False)`` / ``redistill-server --no-control`` drop it from the
command table, so it is then an unknown command, as on a real Redis. It passes
the NOAUTH gate like any other command.

Other families add verbs (``REDISTILL LOG ...``) by registering
``"redistill|<verb>"`` commands and give ``REDISTILL HELP`` their text with
:func:`describe` (without it, HELP shows the verb and its summary).
Per-test state that ``REDISTILL RESET`` must clear is hooked in with
:func:`on_reset`.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Callable

from .. import errors
from ..clock import VirtualClock
from ..connection import Client
from ..errors import CommandError
from ..protocol import OK, Reply, SimpleString, string2ll
from ..registry import COMMANDS, command, container

if TYPE_CHECKING:
    from ..server import Server

__all__ = ["describe", "format_time", "on_reset", "reset_server"]

_FLAGS = "admin noscript loading stale"

container(
    "redistill",
    group="server",
    summary="Test-only control of a redistill server: its clock and its state",
    since="0.1.0",
)

#: the range the clock may be set to: the epoch up to the end of year 9999
_MAX_US = 253_402_300_799_999_999
_NUMBER = re.compile(rb"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

_RESET_HOOKS: list[Callable[[Server], None]] = []


def on_reset(fn: Callable[[Server], None]) -> Callable[[Server], None]:
    """Register ``fn(server)`` to run on every ``REDISTILL RESET`` (e.g. clear a command log)."""
    _RESET_HOOKS.append(fn)
    return fn


def reset_server(server: Server) -> None:
    """Return ``server`` to a fresh state for the next test, keeping its connections.

    Flushes every database, resets the INFO counters, puts a virtual clock back
    at its start time (frozen) and runs the :func:`on_reset` hooks. Connections,
    their names, selected databases and protocol versions, and the configuration
    are left as they are: a suite's open clients keep working.
    """
    with server.lock:
        server.keyspace.flushall()
        server.keyspace.stats.reset()
        clock = server.clock
        if isinstance(clock, VirtualClock):
            clock.reset()
        for hook in _RESET_HOOKS:
            hook(server)


def format_time(us: int) -> bytes:
    """Unix microseconds as the bulk reply of the CLOCK verbs: seconds with three decimals."""
    seconds, ms = divmod(us // 1000, 1000)
    return b"%d.%03d" % (seconds, ms)


def _parse_us(raw: bytes, error: str) -> int:
    if _NUMBER.fullmatch(raw) is None:
        raise CommandError(error.format(raw[:128].decode("utf-8", "replace")))
    value = float(raw)
    if not math.isfinite(value):  # a literal beyond the float range, such as 1e999
        raise CommandError(error.format(raw[:128].decode("utf-8", "replace")))
    return round(value * 1_000_000)


def _virtual_clock(c: Client, verb: bytes) -> VirtualClock:
    clock = c.server.clock
    if not isinstance(clock, VirtualClock):
        raise CommandError(errors.CONTROL_SYSTEM_CLOCK.format(verb.decode().upper()))
    return clock


def _checked_target(us: int) -> int:
    if not 0 <= us <= _MAX_US:
        raise CommandError(errors.CONTROL_CLOCK_RANGE)
    return us


def _clock_get(c: Client, argv: list[bytes]) -> None:
    pass


def _clock_advance(c: Client, argv: list[bytes]) -> None:
    clock = _virtual_clock(c, argv[2])
    delta = _parse_us(argv[3], errors.CONTROL_INVALID_SECONDS)
    _checked_target(clock.time_us() + delta)
    clock.advance(delta / 1_000_000)


def _clock_set(c: Client, argv: list[bytes]) -> None:
    clock = _virtual_clock(c, argv[2])
    target = _checked_target(_parse_us(argv[3], errors.CONTROL_INVALID_TIME))
    clock.set(target / 1_000_000)


def _clock_freeze(c: Client, argv: list[bytes]) -> None:
    _virtual_clock(c, argv[2]).freeze()


def _clock_tick(c: Client, argv: list[bytes]) -> None:
    _virtual_clock(c, argv[2]).tick()


#: REDISTILL HELP text per verb
_HELP: dict[bytes, list[str]] = {}


def describe(verb: str, *lines: str) -> None:
    """Give ``REDISTILL HELP`` the text of ``verb``: usage lines flush left,
    description lines indented by four spaces."""
    _HELP[verb.lower().encode()] = list(lines)


describe(
    "clock",
    "CLOCK GET",
    '    Return the clock\'s time: unix seconds with three decimals ("1700000000.250").',
    "CLOCK ADVANCE <seconds>",
    "    Move the clock forward (fractions allowed); keys whose TTL ran out are gone",
    "    at once. Returns the new time. This verb, SET, FREEZE and TICK need the",
    "    virtual clock (the default).",
    "CLOCK SET <unix-seconds>",
    "    Jump to a time (fractions allowed). Returns it.",
    "CLOCK FREEZE",
    "    Stop following real time (the default state). Returns the time.",
    "CLOCK TICK",
    "    Follow real time from the current reading on. Returns the time.",
)
describe(
    "reset",
    "RESET",
    "    Start afresh for the next test: flush every database, reset the INFO",
    "    counters and return the clock to its start time, frozen. Connections (with",
    "    their names and selected databases) and CONFIG are kept.",
)

#: CLOCK verbs: handler and the exact argument count (including REDISTILL CLOCK)
_CLOCK_VERBS: dict[bytes, tuple[Callable[[Client, list[bytes]], None], int]] = {
    b"get": (_clock_get, 3),
    b"advance": (_clock_advance, 4),
    b"set": (_clock_set, 4),
    b"freeze": (_clock_freeze, 3),
    b"tick": (_clock_tick, 3),
}


@command(
    "redistill|clock",
    -3,
    _FLAGS + " fast",
    group="server",
    summary="Read or move the server's clock",
    since="0.1.0",
)
def cmd_redistill_clock(c: Client, argv: list[bytes]) -> Reply:
    """REDISTILL CLOCK GET|ADVANCE|SET|FREEZE|TICK (see the HELP text above)."""
    verb = _CLOCK_VERBS.get(argv[2].lower())
    if verb is None:
        raise errors.unknown_subcommand(b"redistill", b"CLOCK " + argv[2])
    handler, argc = verb
    if len(argv) != argc:
        raise errors.wrong_arity("redistill|clock|" + argv[2].lower().decode())
    handler(c, argv)
    return format_time(c.server.clock.time_us())


@command(
    "redistill|reset",
    2,
    _FLAGS,
    group="server",
    summary="Flush every database and reset the clock",
    since="0.1.0",
)
def cmd_redistill_reset(c: Client, argv: list[bytes]) -> Reply:
    """REDISTILL RESET: start afresh for the next test."""
    reset_server(c.server)
    return OK


@command(
    "redistill|help",
    2,
    _FLAGS + " fast",
    group="server",
    summary="Show helpful text about the different subcommands",
    since="0.1.0",
)
def cmd_redistill_help(c: Client, argv: list[bytes]) -> Reply:
    lines = ["REDISTILL <subcommand> [<arg> ...]. Test-only controls. Subcommands are:"]
    subs = COMMANDS["redistill"].subcommands
    for name in sorted(subs):
        if name == b"help":
            continue
        spec = subs[name]
        lines += _HELP.get(name) or [name.decode().upper(), "    " + spec.summary]
    lines += ["HELP", "    Print this help."]
    return [SimpleString(line.encode()) for line in lines]


# ---------------------------------------------------------------------------
# LOG, FAULT, OUTAGE: the command log and fault injection (issue 6; the
# machinery lives in redistill/commandlog.py, faults.py and flow.py)

describe(
    "log",
    "LOG GET [<count>]",
    "    The newest <count> recorded commands (all of them by default or with -1),",
    "    oldest first. Each is a map (a flat field/value array in RESP2): time (unix",
    "    seconds with six decimals, on the server's clock), client-id, client-name,",
    "    db, argv (the command as sent) and error (the error reply's text, or null",
    "    when it succeeded). REDISTILL commands are never recorded.",
    "LOG LEN",
    "    The number of recorded commands.",
    "LOG RESET",
    "    Forget every recorded command.",
)
describe(
    "fault",
    "FAULT ERROR <command> <error> [KEY <glob>] [TIMES <n>]",
    "    Answer <command> with <error> instead of running it. <command> is a name",
    '    such as get, "client kill", client (every CLIENT subcommand) or * (all).',
    "    A bare READONLY, LOADING, BUSY, OOM, MASTERDOWN, NOREPLICAS, NOSCRIPT,",
    "    CLUSTERDOWN or TRYAGAIN stands for Redis's own message; MOVED and ASK get",
    "    the slot of the command's key and this server's address. KEY limits a",
    "    fault to commands with a key matching <glob>; TIMES to the next <n>",
    "    matching commands (default: until cleared). Every adding verb returns the",
    "    new fault's id.",
    "FAULT DELAY <command> <seconds> [KEY <glob>] [TIMES <n>]",
    "    Run the command at once but write its reply <seconds> of real time later;",
    "    that connection's later requests wait behind it.",
    "FAULT CLOSE <command> [KEY <glob>] [TIMES <n>]",
    "    Run the command, then close the connection instead of replying.",
    "FAULT TRUNCATE <command> [KEY <glob>] [TIMES <n>]",
    "    Run the command, write the first half of its reply, then close.",
    "FAULT STALL <command> [KEY <glob>] [TIMES <n>]",
    "    Answer nothing more on that connection until the fault is cleared; then",
    "    the command runs.",
    "FAULT LIST",
    "    The active faults, one map each: id, kind, command, key, times (left, or",
    "    null: until cleared), hits, error, seconds.",
    "FAULT CLEAR [<id> ...]",
    "    Remove the given faults (every fault without ids), releasing what they",
    "    hold. Returns how many were removed.",
)
describe(
    "outage",
    "OUTAGE <seconds>",
    "    Reply OK, then drop every connection (this one too) and reset new ones for",
    "    <seconds> of real time; then serve again, with the data kept.",
)


@on_reset
def _reset_test_double(server: Server) -> None:
    """REDISTILL RESET also empties the command log, clears faults and ends a pause."""
    server.reset_log()
    server.faults.clear()
    server.flow.unpause()


def _log_entry(entry: tuple[int, bytes, int, list[bytes], int, bytes | None]) -> Reply:
    seconds, micros = divmod(entry[4], 1_000_000)
    return {
        b"time": b"%d.%06d" % (seconds, micros),
        b"client-id": entry[0],
        b"client-name": entry[1],
        b"db": entry[2],
        b"argv": list(entry[3]),
        b"error": None if entry[5] is None else bytes(entry[5]),
    }


def _log_get(c: Client, argv: list[bytes]) -> Reply:
    count = -1
    if len(argv) == 4:
        parsed = string2ll(argv[3])
        if parsed is None or parsed < -1:
            raise CommandError(errors.CONTROL_LOG_COUNT)
        count = parsed
    return [_log_entry(e) for e in c.server.log_entries(count)]


def _log_len(c: Client, argv: list[bytes]) -> Reply:
    return len(c.server.log_entries())


def _log_reset(c: Client, argv: list[bytes]) -> Reply:
    c.server.reset_log()
    return OK


#: LOG verbs: handler and the argument counts allowed (including REDISTILL LOG)
_LOG_VERBS: dict[bytes, tuple[Callable[[Client, list[bytes]], Reply], tuple[int, ...]]] = {
    b"get": (_log_get, (3, 4)),
    b"len": (_log_len, (3,)),
    b"reset": (_log_reset, (3,)),
}


@command(
    "redistill|log",
    -3,
    _FLAGS,
    group="server",
    summary="Read or clear the command log",
    since="0.1.0",
)
def cmd_redistill_log(c: Client, argv: list[bytes]) -> Reply:
    """REDISTILL LOG GET|LEN|RESET (see the HELP text above)."""
    verb = _LOG_VERBS.get(argv[2].lower())
    if verb is None:
        raise errors.unknown_subcommand(b"redistill", b"LOG " + argv[2])
    handler, counts = verb
    if len(argv) not in counts:
        raise errors.wrong_arity("redistill|log|" + argv[2].lower().decode())
    return handler(c, argv)


#: FAULT verbs that add a fault: kind and whether a value (error text, seconds) follows
_FAULT_KINDS: dict[bytes, tuple[str, bool]] = {
    b"error": ("error", True),
    b"delay": ("delay", True),
    b"close": ("close", False),
    b"truncate": ("truncate", False),
    b"stall": ("stall", False),
}


def _fault_add(c: Client, argv: list[bytes], kind: str, valued: bool) -> Reply:
    first = 5 if valued else 4
    if len(argv) < first:
        raise errors.wrong_arity("redistill|fault|" + kind)
    name = argv[3].decode("utf-8", "replace")
    key: bytes | None = None
    times: int | None = None
    i = first
    while i < len(argv):
        opt = argv[i].lower()
        if i + 1 >= len(argv) or opt not in (b"key", b"times"):
            raise CommandError(errors.SYNTAX)
        if opt == b"key":
            key = argv[i + 1]
        else:
            n = string2ll(argv[i + 1])
            if n is None or n < 1:
                raise CommandError(errors.CONTROL_FAULT_TIMES)
            times = n
        i += 2
    faults = c.server.faults
    if kind == "error":
        fault = faults.error(name, argv[4], key=key, times=times)
    elif kind == "delay":
        seconds = _parse_us(argv[4], errors.CONTROL_SECONDS_NOT_NEGATIVE)
        if seconds < 0:
            raise CommandError(
                errors.CONTROL_SECONDS_NOT_NEGATIVE.format(argv[4].decode("latin-1"))
            )
        fault = faults.delay(name, seconds / 1_000_000, key=key, times=times)
    else:
        fault = faults.add(kind, name, key=key, times=times)
    return fault.id


def _fault_list(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) != 3:
        raise errors.wrong_arity("redistill|fault|list")
    out: list[Reply] = []
    for fault in c.server.faults:
        out.append(
            {
                b"id": fault.id,
                b"kind": fault.kind.encode(),
                b"command": ",".join(fault.commands).encode(),
                b"key": fault.key,
                b"times": fault.times,
                b"hits": fault.hits,
                b"error": fault.error,
                b"seconds": None if fault.seconds is None else repr(fault.seconds).encode(),
            }
        )
    return out


def _fault_clear(c: Client, argv: list[bytes]) -> Reply:
    faults = c.server.faults
    if len(argv) == 3:
        return faults.clear()
    ids: list[int] = []
    for raw in argv[3:]:
        n = string2ll(raw)
        if n is None or n < 1:
            raise CommandError(errors.CONTROL_FAULT_ID)
        ids.append(n)
    removed = 0
    for fid in dict.fromkeys(ids):
        fault = faults.get(fid)
        if fault is not None:
            fault.clear()
            removed += 1
    return removed


@command(
    "redistill|fault",
    -3,
    _FLAGS,
    group="server",
    summary="Inject faults: errors, delays, dropped connections, stalls",
    since="0.1.0",
)
def cmd_redistill_fault(c: Client, argv: list[bytes]) -> Reply:
    """REDISTILL FAULT ERROR|DELAY|CLOSE|TRUNCATE|STALL|LIST|CLEAR (see the HELP text)."""
    verb = argv[2].lower()
    added = _FAULT_KINDS.get(verb)
    if added is not None:
        return _fault_add(c, argv, *added)
    if verb == b"list":
        return _fault_list(c, argv)
    if verb == b"clear":
        return _fault_clear(c, argv)
    raise errors.unknown_subcommand(b"redistill", b"FAULT " + argv[2])


@command(
    "redistill|outage",
    3,
    _FLAGS,
    group="server",
    summary="Drop every connection and refuse new ones for a while",
    since="0.1.0",
)
def cmd_redistill_outage(c: Client, argv: list[bytes]) -> Reply:
    """REDISTILL OUTAGE <seconds> (see the HELP text above)."""
    us = _parse_us(argv[2], errors.CONTROL_SECONDS_NOT_NEGATIVE)
    if us < 0:
        raise CommandError(errors.CONTROL_SECONDS_NOT_NEGATIVE.format(argv[2].decode("latin-1")))
    server = c.server
    c.closing = True  # this connection goes too, once OK is written
    server.flow.soon(lambda: server.begin_outage(us / 1_000_000))
    return OK
