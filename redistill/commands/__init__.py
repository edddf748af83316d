"""Command families; importing this package registers every command."""

from . import connection, hashes, keys, server, strings  # noqa: F401
