"""Command families; importing this package registers every command."""

from . import connection, control, hashes, keys, monitor, pause, server, strings, transactions  # noqa: F401
