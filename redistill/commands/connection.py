"""Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH, CLIENT."""

from __future__ import annotations

from ..connection import Client
from ..errors import CommandError, wrong_arity
from ..protocol import PONG, Reply, SimpleString
from ..registry import command


@command("ping", -1, "fast", group="connection", summary="Ping the server")
def cmd_ping(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) == 1:
        return PONG
    if len(argv) == 2:
        return argv[1]
    raise wrong_arity("ping")


@command("echo", 2, "fast", group="connection", summary="Echo the given string")
def cmd_echo(c: Client, argv: list[bytes]) -> Reply:
    return argv[1]


__all__ = ["CommandError", "SimpleString"]
