"""MONITOR: stream every command the server runs to the connection.

Each command shows up after it ran, as Redis 7 shows it::

    +1700000000.123456 [0 127.0.0.1:50312] "SET" "k" "v"

The time is the server's clock (unix seconds, six decimals), then the database
the client is in once the command ran, its address, and the arguments quoted
and escaped (``\\"``, ``\\\\``, ``\\n``, ``\\r``, ``\\t``, ``\\a``, ``\\b``,
``\\xNN`` for other bytes outside printable ASCII). Admin commands (CONFIG,
CLIENT LIST, MONITOR ...) are not shown, refused ones neither, and passwords
(AUTH, HELLO ... AUTH) read ``(redacted)``. Commands queued by MULTI show up
when EXEC runs them, before EXEC itself.

A monitoring connection is treated like a replica, as in Redis: commands that
read or write keys get ``ERR Replica can't interact with the keyspace``,
CLIENT PAUSE does not hold it, a second MONITOR gets no reply at all, and
RESET ends the mode. The lines are formatted in :mod:`redistill.flow`.
"""

from __future__ import annotations

from .. import errors
from ..connection import Client
from ..errors import CommandError
from ..protocol import OK, Raw, Reply
from ..registry import command

_NO_REPLY = Raw(b"")


@command(
    "monitor",
    1,
    "admin noscript loading stale",
    group="server",
    summary="Listens for all requests received by the server in real-time.",
    since="1.0.0",
    complexity="",
)
def cmd_monitor(c: Client, argv: list[bytes]) -> Reply:
    if c.extra.get("in_exec"):
        raise CommandError(errors.MONITOR_IN_MULTI)
    if not c.server.flow.add_monitor(c):
        return _NO_REPLY  # already monitoring: Redis ignores it silently
    return OK
