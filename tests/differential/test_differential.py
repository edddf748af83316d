"""Random command sequences, run on a real redis-server and on redistill, every reply compared.

Hypothesis draws sequences of commands over strings, counters, generic keys,
expiry (with clock moves), hashes and transactions, plus wrong types, wrong
arity and unknown commands (see ``commands.py``); ``harness.py`` runs each on
both servers and explains how time is kept comparable without sleeping.

Budget, chosen with ``REDISTILL_DIFF_PROFILE``:

* ``ci`` (the default): 1500 sequences of up to 40 steps (about 42,000
  commands) drawn from a fixed seed (``derandomize``), so CI is reproducible;
  under a minute on two cores;
* ``long``: 5000 sequences of up to 80 steps (about 180,000 commands, about 5
  minutes) from a random seed, with hypothesis's example database so a failure
  found once is replayed first next time;
* ``REDISTILL_DIFF_EXAMPLES=N`` overrides the number of sequences of either.

Without redis-server the tests are skipped, except under ``CI=true``, where a
missing server is an error. The session ends with a "differential summary"
line: sequences and commands compared, and any known difference let pass.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from ..conformance.runner import RealRedis
from .commands import Sequence, sequences
from .harness import run_sequence

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
#: no "explain" phase: its line tracing makes every shrinking step slow
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

settings.register_profile(
    "redistill-diff-ci",
    max_examples=1500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_QUIET,
    phases=_PHASES,
    print_blob=True,
)
settings.register_profile(
    "redistill-diff-long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=_QUIET,
    phases=_PHASES,
    print_blob=True,
)

PROFILE = os.environ.get("REDISTILL_DIFF_PROFILE", "ci").strip().lower() or "ci"
if PROFILE not in ("ci", "long"):
    raise ValueError(f"REDISTILL_DIFF_PROFILE must be 'ci' or 'long', not {PROFILE!r}")
_base = settings.get_profile(f"redistill-diff-{PROFILE}")
_examples = os.environ.get("REDISTILL_DIFF_EXAMPLES")
BUDGET = settings(_base, max_examples=int(_examples)) if _examples else _base
MAX_OPS = 80 if PROFILE == "long" else 40


@pytest.mark.usefixtures("diff_stats")
@BUDGET
@given(seq=sequences(max_ops=MAX_OPS))
def test_random_sequences_answer_like_redis(diff_redis: RealRedis, seq: Sequence) -> None:
    run_sequence(diff_redis, seq)
