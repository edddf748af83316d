"""Differences from Redis 7.0 that the differential suite knows about and lets pass.

Each rule recognises one difference by the command and the two replies, names
where it lives, and is counted in the session summary. A rule is removed when
its difference is fixed; the matching conformance case in
``tests/conformance/cases_differential.py`` keeps it fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

from ..conformance.resp import Node

#: rule name -> times it let a difference pass (for the session summary)
TOLERATED: dict[str, int] = {}


def _name(argv: Sequence[Any]) -> bytes:
    return argv[0].upper() if argv and isinstance(argv[0], bytes) else b""


def _object(argv: Sequence[Any], sub: bytes) -> bool:
    return (
        _name(argv) == b"OBJECT"
        and len(argv) > 1
        and isinstance(argv[1], bytes)
        and argv[1].upper() == sub
    )


def _embstr_integer(argv: Sequence[Any], real: Node, dist: Node) -> bool:
    """INCRBYFLOAT stores its result as an 'embstr' string even when it reads as an
    integer (Redis builds it from the formatted number and never tries the int
    encoding); COPY and RENAME keep that. redistill derives a string's encoding
    from its value, so it says 'int'. Needs a per-key "not int" mark set by
    INCRBYFLOAT and carried by COPY/RENAME/MOVE (keyspace.py, keys.py).
    """
    return _object(argv, b"ENCODING") and real == ("$", b"embstr") and dist == ("$", b"int")


def _unshared_integer(argv: Sequence[Any], real: Node, dist: Node) -> bool:
    """A small integer (0..9999) that Redis does not share has REFCOUNT 1: the
    result of INCRBYFLOAT (an embstr, above) and the destination of COPY (Redis
    duplicates the value into a new object). redistill reports the shared
    refcount 2147483647 for every small integer outside its raw strings (keys.py).
    """
    return _object(argv, b"REFCOUNT") and real == (":", 1) and dist == (":", 2147483647)


def _refcount_in_exec(argv: Sequence[Any], real: Node, dist: Node) -> bool:
    """Inside EXEC, a value stored by a command queued earlier in the same
    transaction is still referenced by that command's arguments in Redis's
    queue, so OBJECT REFCOUNT says 2 until EXEC ends. An artefact of Redis's
    memory management that redistill does not imitate (it says 1). Knowingly
    different; not to be fixed. Only consulted for replies inside EXEC.
    """
    return _object(argv, b"REFCOUNT") and real == (":", 2) and dist == (":", 1)


RULES: dict[str, Callable[[Sequence[Any], Node, Node], bool]] = {
    "OBJECT ENCODING of an integer-looking INCRBYFLOAT result": _embstr_integer,
    "OBJECT REFCOUNT of an unshared small integer (INCRBYFLOAT, COPY)": _unshared_integer,
}
#: rules for replies inside EXEC only
EXEC_RULES: dict[str, Callable[[Sequence[Any], Node, Node], bool]] = {
    "OBJECT REFCOUNT inside EXEC of a value the transaction stored": _refcount_in_exec,
}


def known(argv: Sequence[Any], real: Node, dist: Node, *, in_exec: bool = False) -> str | None:
    """The name of the known difference that explains these replies, if any."""
    rules = {**RULES, **EXEC_RULES} if in_exec else RULES
    for name, rule in rules.items():
        if rule(argv, real, dist):
            TOLERATED[name] = TOLERATED.get(name, 0) + 1
            return name
    return None
