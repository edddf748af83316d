"""Command profiles: which commands a server accepts.

``redis`` (the default) accepts every command redistill implements.
``redistill`` accepts exactly the command set of the Redistill cache server and
answers anything else as an unknown command, so a test learns what would fail
in production.
"""

from __future__ import annotations

REDISTILL_COMMANDS = frozenset(
    {
        "set", "get", "del", "exists", "mset", "mget", "keys", "scan", "dbsize",
        "flushdb", "flushall", "incr", "decr", "incrby", "decrby", "hset", "hget",
        "hgetall", "hdel", "expire", "ttl", "pttl", "persist", "type", "ping", "auth",
        "info", "config", "command",
    }
)  # fmt: skip

#: commands that exist only for tests (the REDISTILL namespace)
CONTROL_COMMANDS = frozenset({"redistill"})

PROFILES = ("redis", "redistill")


def profile_commands(profile: str, *, control: bool = True) -> list[str] | None:
    """Names a profile accepts (None: all registered commands)."""
    from .registry import COMMANDS, _load_commands

    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
    _load_commands()
    names = set(COMMANDS) if profile == "redis" else set(REDISTILL_COMMANDS)
    if control:
        names |= CONTROL_COMMANDS
    else:
        names -= CONTROL_COMMANDS
    return sorted(n for n in names if n in COMMANDS)
