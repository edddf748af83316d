"""CLIENT PAUSE and CLIENT UNPAUSE, timed by the server's clock.

``CLIENT PAUSE <timeout-ms> [WRITE|ALL]`` holds clients' commands (they are
not refused: each client's commands wait, in order, and run once the pause
ends). ``ALL`` (the default) holds every command, CLIENT UNPAUSE included, as
in Redis 7.0; ``WRITE`` holds commands that write (and PUBLISH, PFCOUNT,
EVAL ...; EXEC when its queue writes), reads go on. The caller is paused like
everyone else. A second pause keeps the stricter mode and the later end.

The timeout runs on the server's clock: under the default frozen virtual
clock a pause lasts until ``clock.advance`` (or ``REDISTILL CLOCK ADVANCE``)
moves past its end, or until CLIENT UNPAUSE. ``REDISTILL`` commands and MONITOR
connections are never paused. Unknown commands, wrong argument counts and
NOAUTH are answered at once, as Redis checks them before the pause. Unlike
Redis, key expiry is not suspended during a pause.
"""

from __future__ import annotations

from .. import errors
from ..connection import Client
from ..errors import CommandError
from ..flow import PAUSE_ALL, PAUSE_WRITE
from ..protocol import OK, Reply, string2ll
from ..registry import command
from .connection import subcommand_syntax_error

_MODES = {b"all": PAUSE_ALL, b"write": PAUSE_WRITE}


@command(
    "client|pause",
    -3,
    "admin noscript loading stale",
    group="connection",
    summary="Suspends commands processing.",
    since="3.0.0",
    doc={"history": (("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."),)},
)
def cmd_client_pause(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) > 4:
        raise subcommand_syntax_error(argv)
    timeout = string2ll(argv[2])
    if timeout is None:
        raise CommandError(errors.TIMEOUT_NOT_INTEGER)
    if timeout < 0:
        raise CommandError(errors.TIMEOUT_NEGATIVE)
    mode = PAUSE_ALL
    if len(argv) == 4:
        chosen = _MODES.get(argv[3].lower())
        if chosen is None:
            raise CommandError(errors.PAUSE_MODE)
        mode = chosen
    c.server.flow.pause(mode, timeout)
    return OK


@command(
    "client|unpause",
    2,
    "admin noscript loading stale",
    group="connection",
    summary="Resumes processing commands from paused clients.",
    since="6.2.0",
    complexity="O(N) Where N is the number of paused clients",
)
def cmd_client_unpause(c: Client, argv: list[bytes]) -> Reply:
    c.server.flow.unpause()
    return OK
