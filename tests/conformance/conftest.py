"""Fixtures and the end-of-session report of the conformance suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from .runner import RealRedis, find_redis_server, load_golden

_stats: dict[str, Any] = {
    "compared": 0,
    "differ": 0,
    "steps": 0,
    "smoke": 0,
    "stale": 0,
    "sources": set(),
}


@pytest.fixture(scope="session")
def real_redis() -> Iterator[RealRedis | None]:
    """One real redis-server for the whole session, or None when none is installed.

    With CI=true a missing redis-server is an error, not a reason to skip:
    CI must compare against the real thing.
    """
    binary = find_redis_server()
    if binary is None:
        disabled = os.environ.get("REDISTILL_REDIS_SERVER", "").strip().lower() == "none"
        if os.environ.get("CI", "").lower() == "true" and not disabled:
            pytest.fail(
                "CI=true but redis-server is not installed (or not on PATH): the conformance "
                "suite must compare against a real Redis in CI. Install it (Debian: "
                "apt-get install redis-server) or point REDISTILL_REDIS_SERVER at one.",
                pytrace=False,
            )
        yield None
        return
    with RealRedis(binary) as real:
        yield real


@pytest.fixture(scope="session")
def golden() -> dict[str, dict[str, Any]]:
    """The recorded replies of golden.json, by case key."""
    return load_golden()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name != "conformance":
            continue
        if value["source"] is None:
            _stats["smoke"] += 1
            continue
        _stats["compared"] += 1
        _stats["stale"] += bool(value.get("stale"))
        _stats["steps"] += value["steps"]
        _stats["sources"].add(value["source"])
        if report.failed:
            _stats["differ"] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not (_stats["compared"] or _stats["smoke"]):
        return
    sources = ", ".join(sorted(_stats["sources"])) or "nothing"
    line = (
        f"conformance: {_stats['compared']} cases ({_stats['steps']} replies) compared with "
        f"{sources}; {_stats['differ']} cases differ"
    )
    if _stats["smoke"]:
        line += f"; {_stats['smoke']} cases only smoke-run on redistill (no reply to compare with)"
    terminalreporter.write_sep("-", "conformance summary")
    terminalreporter.write_line(line)
    if _stats["stale"]:
        terminalreporter.write_line(
            f"golden.json has no current reply for {_stats['stale']} of these cases: "
            "run tests/conformance/record.py so machines without redis-server check them too"
        )
