"""The differential harness itself: its comparison rules, and that it catches a difference."""

from __future__ import annotations

from typing import Any

import pytest

from ..conformance.runner import RealRedis
from . import harness
from .commands import Abs, ClockMove, Cmd, Sequence, TimeArg
from .harness import Mismatch, Timing, nodes_match, run_sequence

T = Timing(real_base=1_700_000_000_000, redistill_base=1_700_000_050_000, elapsed_ms=200)


def test_ttls_match_within_the_real_time_that_passed() -> None:
    assert nodes_match("ttl_ms", (":", 99_800), (":", 100_000), T)
    assert not nodes_match("ttl_ms", (":", 99_000), (":", 100_000), T)


def test_ttls_in_seconds_allow_one_second_of_rounding() -> None:
    assert nodes_match("ttl_s", (":", 99), (":", 100), T)
    assert not nodes_match("ttl_s", (":", 97), (":", 100), T)


def test_negative_ttls_must_be_equal() -> None:
    assert nodes_match("ttl_s", (":", -2), (":", -2), T)
    assert not nodes_match("ttl_s", (":", -1), (":", -2), T)
    assert not nodes_match("ttl_ms", (":", -1), (":", 5), T)


def test_absolute_times_are_compared_from_each_servers_base() -> None:
    real = (":", T.real_base + 30_000)
    assert nodes_match("at_ms", real, (":", T.redistill_base + 30_000), T)
    assert not nodes_match("at_ms", real, (":", T.real_base + 30_000), T)
    assert nodes_match(
        "at_s", (":", T.real_base // 1000 + 30), (":", T.redistill_base // 1000 + 30), T
    )


def test_unordered_replies_compare_as_sorted_lists_and_pairs() -> None:
    a = ("*", [("$", b"x"), ("$", b"y")])
    b = ("*", [("$", b"y"), ("$", b"x")])
    assert nodes_match("sorted", a, b, T)
    assert not nodes_match("exact", a, b, T)
    pairs_a = ("*", [("$", b"f"), ("$", b"1"), ("$", b"g"), ("$", b"2")])
    pairs_b = ("*", [("$", b"g"), ("$", b"2"), ("$", b"f"), ("$", b"1")])
    crossed = ("*", [("$", b"f"), ("$", b"2"), ("$", b"g"), ("$", b"1")])
    assert nodes_match("pairs", pairs_a, pairs_b, T)
    assert not nodes_match("pairs", pairs_a, crossed, T)


def test_dbsize_in_exec_may_count_keys_redis_has_not_expired_yet() -> None:
    assert nodes_match("dbsize", (":", 3), (":", 2), T, lingering=1)
    assert not nodes_match("dbsize", (":", 4), (":", 2), T, lingering=1)
    assert not nodes_match("dbsize", (":", 2), (":", 3), T, lingering=1)


def _cmd(*args: Any, **kw: Any) -> Cmd:
    return Cmd(tuple(args), **kw)


@pytest.fixture
def real(diff_redis: RealRedis) -> RealRedis:
    return diff_redis


def test_a_clock_move_expires_and_keeps_keys_alike_on_both_servers(real: RealRedis) -> None:
    run_sequence(
        real,
        Sequence(
            2,
            [
                _cmd(b"SET", b"short", b"1", b"EX", 100, time=TimeArg(4, "s", False)),
                _cmd(
                    b"SET", b"long", b"1", b"PXAT", Abs(500_000, "ms"), time=TimeArg(4, "ms", True)
                ),
                _cmd(b"WATCH", b"short"),
                ClockMove(200),
                _cmd(b"MULTI"),
                _cmd(b"GET", b"short"),
                _cmd(b"EXEC"),
                _cmd(b"EXISTS", b"short", b"long"),
                _cmd(b"PTTL", b"long", reply="ttl_ms"),
                _cmd(b"PEXPIRETIME", b"long", reply="at_ms"),
            ],
        ),
    )


def test_a_different_reply_fails_the_sequence(
    real: RealRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = harness.RedistillBackend.render

    def corrupt(self: harness.RedistillBackend, arg: Any) -> bytes | int:
        return b"other" if arg == b"value" else render(self, arg)

    monkeypatch.setattr(harness.RedistillBackend, "render", corrupt)
    seq = Sequence(2, [_cmd(b"SET", b"k", b"value"), _cmd(b"GET", b"k")])
    with pytest.raises(Mismatch, match=r">> a> GET k"):
        run_sequence(real, seq)
