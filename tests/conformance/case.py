"""The conformance case format.

A case is a short script of commands. The runner sends it to a fresh redistill
server and to a real ``redis-server`` (both flushed first) over raw sockets and
compares every reply byte for byte (or as the step says).

    Case("incr on a non-integer", [
        ("SET", "k", "abc"),
        ("INCR", "k"),
    ])

A step is a tuple of arguments (str or bytes) or a :class:`Step` for special
comparisons. ``Case(..., resp=(2, 3))`` runs it in RESP2 and, after ``HELLO 3``,
in RESP3. :class:`RawCase` sends raw bytes and compares the raw bytes that come
back, and whether the server closed the connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

Arg = Union[str, bytes, int, float]


@dataclass(frozen=True)
class Step:
    """One command with a comparison mode.

    - ``approx``: the reply is an integer; accept any value within this distance
      (TTLs on a real server tick while the case runs).
    - ``unordered``: the reply is an array whose order is unspecified (KEYS,
      SCAN pages, big HGETALL): compare as sorted multisets, nested arrays too.
    - ``pairs``: the reply is a flat field/value array (HGETALL in RESP2) or a
      map, whose pair order is unspecified.
    - ``ignore``: run it, compare only the reply type byte (for replies that
      differ by nature, like CLIENT ID or TIME).
    """

    args: tuple[Arg, ...]
    approx: int | None = None
    unordered: bool = False
    pairs: bool = False
    ignore: bool = False


def step(*args: Arg, approx: int | None = None, unordered: bool = False,
         pairs: bool = False, ignore: bool = False) -> Step:  # fmt: skip
    return Step(tuple(args), approx=approx, unordered=unordered, pairs=pairs, ignore=ignore)


@dataclass(frozen=True)
class Case:
    name: str
    steps: list[Union[tuple[Arg, ...], Step]]
    resp: tuple[int, ...] = (2, 3)
    #: lowest real Redis version whose behaviour this case pins (skip on older)
    min_version: tuple[int, int] = (7, 0)
    #: server configuration needed (e.g. {"requirepass": "secret"}); default none
    config: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawCase:
    """Send ``data`` as it is; compare the raw response and whether the connection closed."""

    name: str
    data: bytes
    min_version: tuple[int, int] = (7, 0)
    config: dict[str, str] = field(default_factory=dict)
