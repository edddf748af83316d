"""Assertion helpers for tests that use redistill (rewritten by pytest).

The assertions about stored data are methods of :class:`redistill.Server`
(``server.assert_key(...)``), so they work in any test runner. What lives here
is pytest-specific: explaining comparisons that fail in ways typical of Redis
tests, such as ``r.get("k") == "v"`` when the client returns ``b"v"``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["explain_comparison"]

_HINT = (
    "bytes and str never compare equal: redis-py returns bytes unless the client "
    "has decode_responses=True (for redistill_client: "
    "@pytest.mark.redistill(decode_responses=True)), or compare with b'...'; "
    "some replies are str either way (redis-py parses CONFIG GET, INFO and "
    "CLIENT INFO to str)"
)


def explain_comparison(op: str, left: Any, right: Any) -> list[str] | None:
    """Lines for pytest's ``assert left == right`` report, or None to keep pytest's own.

    Speaks up only when the two sides would be equal if their bytes were text.
    """
    if op != "==" or not (_has_bytes(left) or _has_bytes(right)):
        return None
    try:
        same_as_text = _as_text(left) == _as_text(right)
    except Exception:
        return None
    if not same_as_text:
        return None
    return [f"{_short(left)} == {_short(right)}", _HINT]


def _has_bytes(obj: Any, depth: int = 0) -> bool:
    if isinstance(obj, (bytes, bytearray)):
        return True
    if depth > 3:
        return False
    if isinstance(obj, dict):
        return any(_has_bytes(k, depth + 1) or _has_bytes(v, depth + 1) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return any(_has_bytes(v, depth + 1) for v in obj)
    return False


def _as_text(obj: Any) -> Any:
    if isinstance(obj, (bytes, bytearray)):
        return bytes(obj).decode("utf-8")
    if isinstance(obj, dict):
        return {_as_text(k): _as_text(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_as_text(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return {_as_text(v) for v in obj}
    return obj


def _short(obj: Any) -> str:
    text = repr(obj)
    return text if len(text) <= 60 else text[:57] + "..."
