"""Every conformance case, run against redistill and compared with real Redis.

The expected replies come from a real ``redis-server`` started for the session
when one is installed (always in CI), else from ``golden.json`` (recorded by
``record.py``), so redistill is checked either way. Cases that pin a newer Redis
than the one installed, and cases without a recorded reply, still run on
redistill to prove it answers every step without crashing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from .case import Case, RawCase, Step
from .runner import (
    CaseResult,
    Entry,
    RealRedis,
    compare,
    discover,
    golden_for,
    run_redistill,
    smoke_problems,
)

DISCOVERY = discover()
ENTRIES = DISCOVERY.entries


def _expected(
    entry: Entry, real: RealRedis | None, golden: dict[str, dict[str, Any]]
) -> tuple[CaseResult | None, str, str]:
    """(expected replies or None, row label, description of the source or why none)."""
    if real is not None and real.supports(entry.case):
        return real.run(entry.case), "redis", f"redis-server {real.version_str}"
    recorded = golden_for(entry, golden)
    if recorded is not None:
        result, version = recorded
        return result, "golden", f"golden.json (redis {version})"
    wanted = ".".join(map(str, entry.case.min_version))
    if real is not None:
        why = f"min_version {wanted} is above the installed redis-server {real.version_str}"
    else:
        why = "no redis-server installed"
    return None, "", why + " and golden.json has no reply recorded for this exact case"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.key for e in ENTRIES])
def test_case(
    entry: Entry,
    real_redis: RealRedis | None,
    golden: dict[str, dict[str, Any]],
    request: pytest.FixtureRequest,
) -> None:
    expected, label, source = _expected(entry, real_redis, golden)
    actual = run_redistill(entry.case)
    props = request.node.user_properties
    if expected is None:
        props.append(("conformance", {"source": None, "steps": 0}))
        problems = smoke_problems(entry, actual)
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)
        pytest.skip(f"not compared ({source}); redistill answered every step")
    result = compare(entry, expected, actual, label)
    stale = label == "redis" and golden_for(entry, golden) is None
    props.append(("conformance", {"source": source, "steps": result.steps, "stale": stale}))
    if result.problems:
        pytest.fail(
            f"redistill differs from {source}:\n\n" + "\n\n".join(result.problems),
            pytrace=False,
        )


def test_every_cases_module_loads() -> None:
    problems = [f"{module}.py: {why}" for module, why in DISCOVERY.errors]
    assert not problems, "\n\n".join(problems)


def test_case_names_are_unique_per_module() -> None:
    counts = Counter(e.key for e in ENTRIES)
    assert [k for k, n in counts.items() if n > 1] == []


def test_cases_are_well_formed() -> None:
    problems = []
    for e in ENTRIES:
        c = e.case
        if not isinstance(c.min_version, tuple) or len(c.min_version) != 2:
            problems.append(f"{e.key}: min_version must be (major, minor)")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in c.config.items()):
            problems.append(f"{e.key}: config must map str to str")
        if isinstance(c, RawCase):
            if not isinstance(c.data, bytes) or not c.data:
                problems.append(f"{e.key}: data must be non-empty bytes")
            continue
        assert isinstance(c, Case)
        if not c.steps:
            problems.append(f"{e.key}: no steps")
        if not c.resp or not set(c.resp) <= {2, 3}:
            problems.append(f"{e.key}: resp must be a non-empty subset of (2, 3)")
        for i, s in enumerate(c.steps, 1):
            args = s.args if isinstance(s, Step) else s
            if not isinstance(args, tuple) or not args:
                problems.append(f"{e.key}: step {i} must be a non-empty tuple of arguments")
            elif not all(isinstance(a, (str, bytes, int, float)) for a in args):
                problems.append(
                    f"{e.key}: step {i} has an argument that is not str/bytes/int/float"
                )
    assert problems == []
