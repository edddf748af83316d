"""Command profiles: which commands a server accepts, and with which arguments.

``redis`` (the default) accepts every command redistill implements.
``redistill`` accepts exactly the command set of the Redistill cache server and
answers anything else as an unknown command, so a test learns what would fail
in production: no MULTI/EXEC (so no redis-py ``pipeline()`` transactions), no
SETEX, no HELLO or CLIENT (so redis-py 8 must connect with ``protocol=2``).

A profile is two things, both applied when a server builds its command table
(:func:`profile_table`), so the dispatcher, ``COMMAND`` and ``COMMAND COUNT``
see the same set and no handler knows profiles exist:

* the names it accepts (:data:`REDISTILL_COMMANDS`);
* argument rules (:data:`ARGUMENT_RULES`): a check run before a command's own
  handler that refuses what the profile's server does not understand, such as
  ``SET ... KEEPTTL`` under ``redistill``. A rule only refuses; what it lets
  through is parsed and answered by the ordinary handler.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable

from . import errors
from .errors import CommandError
from .registry import COMMANDS, _load_commands

if TYPE_CHECKING:
    from .connection import Client
    from .registry import Command, Handler

REDISTILL_COMMANDS = frozenset(
    {
        "set", "get", "del", "exists", "mset", "mget", "keys", "scan", "dbsize",
        "flushdb", "flushall", "incr", "decr", "incrby", "decrby", "hset", "hget",
        "hgetall", "hdel", "expire", "ttl", "pttl", "persist", "type", "ping", "auth",
        "info", "config", "command",
        # persistence: part of the profile as soon as redistill implements them
        "save", "bgsave", "lastsave",
    }
)  # fmt: skip

#: commands that exist only for tests (the REDISTILL namespace)
CONTROL_COMMANDS = frozenset({"redistill"})

PROFILES = ("redis", "redistill")

#: A rule sees a command's arguments and raises CommandError to refuse them.
ArgumentRule = Callable[[list[bytes]], None]

_SYNTAX = CommandError(errors.SYNTAX)
_SET_WITH_VALUE = frozenset({b"EX", b"PX"})
_SET_REFUSED = frozenset({b"EXAT", b"PXAT", b"KEEPTTL"})


def set_ex_px_nx_xx_get_only(argv: list[bytes]) -> None:
    """SET accepts EX, PX, NX, XX and GET; EXAT, PXAT and KEEPTTL are a syntax error."""
    i = 3
    n = len(argv)
    while i < n:
        word = argv[i].upper()
        if word in _SET_WITH_VALUE and i + 1 < n:
            i += 2  # the value may be any text, even "KEEPTTL"; SET judges it
            continue
        if word in _SET_REFUSED:
            raise _SYNTAX
        i += 1


#: profile -> command name -> rule
ARGUMENT_RULES: dict[str, dict[str, ArgumentRule]] = {
    "redis": {},
    "redistill": {"set": set_ex_px_nx_xx_get_only},
}


def profile_commands(profile: str, *, control: bool = True) -> list[str] | None:
    """Names a profile accepts (None: all registered commands)."""
    _check(profile)
    _load_commands()
    names = set(COMMANDS) if profile == "redis" else set(REDISTILL_COMMANDS)
    if control:
        names |= CONTROL_COMMANDS
    else:
        names -= CONTROL_COMMANDS
    return sorted(n for n in names if n in COMMANDS)


#: (profile, control, number of registered commands) -> table; servers share
#: their profile's table read-only, so a new server costs no table building
_TABLES: dict[tuple[str, bool, int], dict[bytes, Command]] = {}


def profile_table(profile: str, *, control: bool = True) -> dict[bytes, Command]:
    """The dispatch table of a server running ``profile`` (shared: do not mutate).

    Commands with an argument rule get a copy of their spec whose handler runs
    the rule first; the shared spec in the registry stays as it is.
    """
    _load_commands()
    key = (profile, control, len(COMMANDS))
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = _build_profile_table(profile, control)
    return table


def _build_profile_table(profile: str, control: bool) -> dict[bytes, Command]:
    from .registry import build_table

    table = build_table(profile_commands(profile, control=control))
    for name, rule in ARGUMENT_RULES[profile].items():
        spec = table.get(name.encode())
        if spec is None or spec.handler is None:
            continue
        limited = dataclasses.replace(spec, handler=_guarded(rule, spec.handler))
        table[name.encode()] = table[name.upper().encode()] = limited
    return table


def _guarded(rule: ArgumentRule, handler: Handler) -> Handler:
    def guarded(c: Client, argv: list[bytes]) -> Any:
        rule(argv)
        return handler(c, argv)

    guarded.__doc__ = handler.__doc__
    return guarded


def _check(profile: str) -> None:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
