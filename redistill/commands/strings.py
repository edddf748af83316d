"""String and counter commands."""

from __future__ import annotations

from ..connection import Client
from ..protocol import OK, Reply
from ..registry import command
from ._args import get_string


@command("get", 2, "readonly fast", (1, 1, 1), group="string", summary="Get the value of a key")
def cmd_get(c: Client, argv: list[bytes]) -> Reply:
    return get_string(c.db, argv[1])


@command("set", -3, "write denyoom", (1, 1, 1), group="string", summary="Set the string value of a key")
def cmd_set(c: Client, argv: list[bytes]) -> Reply:
    # Placeholder for the full option grammar (EX PX EXAT PXAT NX XX KEEPTTL GET).
    c.db.set(argv[1], argv[2])
    return OK
