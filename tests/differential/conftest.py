"""The real redis-server the differential suite compares with, and its session summary."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any, cast

import pytest

from ..conformance.runner import RealRedis, find_redis_server
from .harness import STATS
from .known import TOLERATED

#: totals over the session, gathered from test reports (so they add up under xdist too)
_totals: Counter[str] = Counter()


@pytest.fixture(scope="session")
def diff_redis() -> Iterator[RealRedis]:
    """A real redis-server for the session; skipped without one, an error with CI=true."""
    binary = find_redis_server()
    if binary is None:
        disabled = os.environ.get("REDISTILL_REDIS_SERVER", "").strip().lower() == "none"
        if os.environ.get("CI", "").lower() == "true" and not disabled:
            pytest.fail(
                "CI=true but redis-server is not installed (or not on PATH): the differential "
                "suite must run against a real Redis in CI. Install it (Debian: apt-get install "
                "redis-server) or point REDISTILL_REDIS_SERVER at one.",
                pytrace=False,
            )
        pytest.skip("no redis-server installed: the differential suite needs one")
    with RealRedis(binary) as real:
        yield real


@pytest.fixture
def diff_stats(request: pytest.FixtureRequest) -> Iterator[None]:
    """Attach what the test ran to its report, for the session summary."""
    before = dict(STATS)
    tolerated = dict(TOLERATED)
    yield
    ran = {k: v - before[k] for k, v in STATS.items()}
    ran.update({f"known:{k}": v - tolerated.get(k, 0) for k, v in TOLERATED.items()})
    request.node.user_properties.append(("differential", ran))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":
        return
    for name, value in report.user_properties:
        if name == "differential":
            _totals.update(cast("dict[str, int]", value))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    t = _totals
    if not t["sequences"]:
        return
    terminalreporter.write_sep("-", "differential summary")
    terminalreporter.write_line(
        f"differential: {t['sequences']} sequences, {t['commands']} commands compared with "
        f"redis-server ({t['transactions']} transactions, {t['scans']} full scans, "
        f"{t['clock_moves']} clock moves, {t['skipped_moves']} skipped); "
        f"{t['failed_sequences']} sequences differed (counting hypothesis's shrinking runs)"
    )
    for key, n in sorted(t.items()):
        if key.startswith("known:") and n:
            terminalreporter.write_line(f"  known difference let pass {n} times: {key[6:]}")
