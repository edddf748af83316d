"""Argument parsing shared by the command families, with Redis's exact errors."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..errors import CommandError
from ..keyspace import Database, Hash
from ..protocol import string2ll

__all__ = ["parse_int", "parse_nonneg_int", "get_string", "get_hash", "CommandError", "string2ll"]

WRONGTYPE = CommandError(errors.WRONGTYPE)


def parse_int(raw: bytes, error: str = errors.NOT_INTEGER) -> int:
    """A signed 64-bit integer as Redis's string2ll reads it."""
    v = string2ll(raw)
    if v is None:
        raise CommandError(error)
    return v


def parse_nonneg_int(raw: bytes, error: str = errors.NOT_INTEGER) -> int:
    v = parse_int(raw, error)
    if v < 0:
        raise CommandError(error)
    return v


def get_string(db: Database, key: bytes) -> bytes | None:
    """The string at ``key`` (None if absent); WRONGTYPE for other types."""
    value: Any = db.lookup(key)
    if value is None or type(value) is bytes:
        return value
    raise WRONGTYPE


def get_hash(db: Database, key: bytes) -> Hash | None:
    """The hash at ``key`` (None if absent); WRONGTYPE for other types."""
    value: Any = db.lookup(key)
    if value is None or type(value) is Hash:
        return value
    raise WRONGTYPE
