"""What one test costs with each way of giving it a Redis (not a timed test).

    python bench/pytest_per_test.py              # 1,000 tests per suite
    python bench/pytest_per_test.py -n 200       # quicker
    python bench/pytest_per_test.py --json out.json

It writes six generated suites of N tests each and runs each suite in its own
pytest process:

  empty      - ``def test(): pass``: pytest's own per-test cost (the baseline)
  redistill  - ``redistill_server`` + ``redistill_client``, one SET and one GET
  fakeredis  - an in-process ``fakeredis.FakeRedis()`` per test, SET and GET
               (needs ``pip install fakeredis``; skipped when missing)
  fakeredis-tcp - fakeredis's ``TcpFakeServer`` started in a thread per test, as
               its documentation shows, a ``redis.Redis`` to it, SET and GET,
               then shut down (its ``serve_forever`` notices the shutdown at its
               next poll, every 0.5 s by default): the TCP peer of redistill
               (a tenth of N tests, at most 100: half a second each)
  redis-shared - one real ``redis-server`` for the whole run, a fresh
               ``redis.Redis`` per test (with redistill_client's options), SET
               and GET, FLUSHALL at teardown (pytest-redis's ``redisdb``
               fixture does this): what a test costs with a Redis already
               running, the floor for a fresh client per test (skipped when
               ``redis-server`` is not on PATH)
  spawn      - a real ``redis-server`` process per test on a free port, waited
               for, then SET and GET, then terminated (what pytest-redis does;
               skipped when ``redis-server`` is not on PATH)

The time measured is the whole run-test loop (setup, call and teardown of every
test, as pytest does them) from a conftest hook, so interpreter start-up and
collection are left out. Two clocks: wall time, and CPU time of the pytest
process (its server threads included) plus the redis-servers it spawned and
waited for. On a busy machine the wall time of anything that hands work between
threads or processes balloons; CPU time is the steadier measure there.
Each suite runs ``--rounds`` times (spawn and fakeredis-tcp once), the suites
taking turns round after round, and keeps its best run: a noisy spell of the
machine then falls on every suite alike, not on one suite's block of runs.
Reported: ms/test, ms/test above the empty suite, and how many times cheaper
redistill is than spawning redis-server (comparing the costs above empty).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

CONFTEST = """
import json, os, time
import pytest

_t = {}

def _cpu():
    t = os.times()  # this process (server threads included) and waited-for children
    return t.user + t.system + t.children_user + t.children_system

@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    _t["start"] = time.perf_counter()
    _t["cpu"] = _cpu()

@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    elapsed = time.perf_counter() - _t.get("start", time.perf_counter())
    cpu = _cpu() - _t.get("cpu", _cpu())
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"seconds": elapsed, "cpu": cpu, "tests": session.testscollected,
                   "failed": session.testsfailed}, f)
"""

#: the test of the suites whose fixture ``r`` gives a client
_SET_GET_WITH_R = """
        def make(i):
            def test(r):
                r.set("k", "v")
                assert r.get("k") == b"v"
            return test
"""

#: starting a redis-server process on a free port, and waiting until it answers
#: (for the suites that use one)
_SPAWN_REDIS = """
        import socket, subprocess, time
        import pytest, redis

        def spawn_redis():
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            proc = subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return proc, port

        def wait_until_answering(client):
            deadline = time.monotonic() + 10
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.001)
"""

SUITES = {
    "empty": """
        def make(i):
            def test():
                pass
            return test
    """,
    "redistill": """
        import redis  # as a test module using redis-py would (it is not free: ~0.1 s)

        def make(i):
            def test(redistill_server, redistill_client):
                redistill_client.set("k", "v")
                assert redistill_client.get("k") == b"v"
            return test
    """,
    "fakeredis": """
        import fakeredis
        import pytest

        @pytest.fixture
        def r():
            client = fakeredis.FakeRedis()
            yield client
            client.close()

    """
    + _SET_GET_WITH_R,
    "fakeredis-tcp": """
        import threading
        import pytest, redis
        from fakeredis import TcpFakeServer

        @pytest.fixture
        def r():
            server = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            client = redis.Redis(*server.server_address)
            yield client
            client.close()
            server.shutdown()
            server.server_close()
            thread.join()

    """
    + _SET_GET_WITH_R,
    "redis-shared": _SPAWN_REDIS
    + """
        @pytest.fixture(scope="session")
        def redis_port():
            proc, port = spawn_redis()
            with redis.Redis(port=port, protocol=2) as probe:
                wait_until_answering(probe)
            yield port
            proc.terminate()
            proc.wait()

        # redistill_client's own options (no CLIENT SETINFO, whose version
        # lookup alone costs ~2 ms a client, ...): only the server differs
        from pytest_redistill.plugin import _fixture_client_defaults

        @pytest.fixture
        def r(redis_port):
            client = redis.Redis(port=redis_port, **dict(_fixture_client_defaults()))
            yield client
            client.flushall()
            client.close()

    """
    + _SET_GET_WITH_R,
    "spawn": _SPAWN_REDIS
    + """
        @pytest.fixture
        def r():
            proc, port = spawn_redis()
            client = redis.Redis(port=port, protocol=2)
            wait_until_answering(client)
            yield client
            client.close()
            proc.terminate()
            proc.wait()

    """
    + _SET_GET_WITH_R,
}


#: suites that take minutes per 1,000 tests: run once, whatever --rounds says
SLOW = ("spawn", "fakeredis-tcp")


def tests_in(name: str, n: int) -> int:
    """How many tests the suite ``name`` gets when asked for ``n``: the
    fakeredis-tcp suite, half a second a test, a tenth of them (at most 100)."""
    return max(1, min(n // 10, 100)) if name == "fakeredis-tcp" else n


def write_suite(root: str, name: str, n: int, protocol: int | None) -> str:
    path = os.path.join(root, name)
    os.makedirs(path)
    with open(os.path.join(path, "conftest.py"), "w") as f:
        f.write(CONFTEST)
    body = textwrap.dedent(SUITES[name])
    count = tests_in(name, n)
    body += f"\nfor _i in range({count}):\n    globals()[f'test_{{_i:04d}}'] = make(_i)\n"
    with open(os.path.join(path, f"test_{name}.py"), "w") as f:
        f.write(body)
    ini = "[pytest]\n"
    if protocol is not None:
        ini += f"redistill_protocol = {protocol}\n"
    with open(os.path.join(path, "pytest.ini"), "w") as f:
        f.write(ini)
    return path


def run_suite(path: str) -> dict[str, float]:
    """Run one suite in its own pytest process; its timings from the conftest."""
    out = os.path.join(path, "result.json")
    env = dict(os.environ, BENCH_OUT=out)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    proc = subprocess.run(cmd, cwd=path, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"suite {os.path.basename(path)} failed")
    with open(out) as f:
        result: dict[str, float] = json.load(f)
    return result


def run_rounds(
    paths: dict[str, str], rounds: int, progress: bool = False
) -> dict[str, list[dict[str, float]]]:
    """Run every suite of ``paths`` (name -> directory) ``rounds`` times, the
    suites taking turns round after round, so that a noisy spell of the machine
    falls on all of them rather than on one suite's block of runs. The slow
    suites (SLOW) run in the first round only. Returns each suite's results."""
    results: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
    for i in range(rounds):
        for name, path in paths.items():
            if name not in SLOW or i == 0:
                results[name].append(run_suite(path))
        if progress:
            print(f"  round {i + 1} of {rounds} done", flush=True)
    return results


def best_ms(runs: list[dict[str, float]], clock: str = "seconds") -> float:
    """Milliseconds per test of the best of ``runs`` (``clock``: "seconds" for
    wall time, "cpu" for CPU time)."""
    return min(r[clock] / r["tests"] for r in runs) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="tests per suite (default 1000)")
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs per suite, the best is kept (spawn and fakeredis-tcp: one run)",
    )
    ap.add_argument("--protocol", type=int, default=None, help="RESP version of the clients")
    ap.add_argument("--only", help="comma-separated suites to run (empty is always run)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    if args.rounds < 1 or args.n < 1:
        ap.error("-n and --rounds must be at least 1")

    names = ["empty", "redistill"]
    try:
        import fakeredis  # noqa: F401

        names += ["fakeredis", "fakeredis-tcp"]
    except ImportError:
        print("fakeredis not installed: skipping that suite")
    if shutil.which("redis-server"):
        names += ["redis-shared", "spawn"]
    else:
        print("redis-server not on PATH: skipping the redis-shared and spawn suites")

    if args.only:
        wanted = {"empty", *args.only.split(",")}
        names = [n for n in names if n in wanted]

    ms: dict[str, float] = {}
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="redistill-bench-") as root:
        paths = {name: write_suite(root, name, args.n, args.protocol) for name in names}
        results = run_rounds(paths, args.rounds, progress=True)
    for name, runs in results.items():
        ms[name] = best_ms(runs)
        cpu[name] = best_ms(runs, "cpu")

    print(f"\nper test, {args.n} tests, best of {args.rounds} runs")
    print("(wall: elapsed time; CPU: this process and the redis-servers it waited for)")
    print(
        f"  {'suite':13s} {'wall ms':>8s} {'above empty':>12s} {'CPU ms':>8s} {'above empty':>12s}"
    )
    for name in names:
        print(
            f"  {name:13s} {ms[name]:8.3f} {ms[name] - ms['empty']:12.3f}"
            f" {cpu[name]:8.3f} {cpu[name] - cpu['empty']:12.3f}"
        )
    if "spawn" in ms and "redistill" in ms:
        for label, m in (("wall", ms), ("CPU", cpu)):
            ratio = (m["spawn"] - m["empty"]) / max(m["redistill"] - m["empty"], 1e-9)
            print(f"redistill is {ratio:.1f}x cheaper than spawning redis-server ({label})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n": args.n, "ms_per_test": ms, "cpu_ms_per_test": cpu}, f, indent=2)


if __name__ == "__main__":
    main()
