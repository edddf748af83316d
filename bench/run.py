"""redistill benchmarks: ratios against a real redis-server measured in the same run.

    python bench/run.py            # full run (minutes)
    python bench/run.py --smoke    # tiny sizes, a few seconds (CI runs this)

Every throughput figure is measured for each server in turn, several rounds
interleaved (redis-server, redistill, fakeredis, redis-server, ...), and the
median of the rounds is reported with its ratio to redis-server. The machine is
shared and noisy: absolute numbers mean little, ratios from one run mean more.

Servers:
  redis      - Debian's redis-server, a separate process
  redistill  - `python -m redistill`, a separate process (how CI services run it)
  in-proc    - redistill.Server in a thread of the benchmark process itself, as
               the pytest fixtures run it (client and server share one GIL)
  fakeredis  - fakeredis's TcpFakeServer in a separate process (a peer to beat;
               needs `pip install fakeredis`, skipped when missing)
Start/stop cost and the clock.advance purge use redistill.Server directly; the
per-test cost runs bench/pytest_per_test.py's generated suites (1,000 tests).
There fakeredis's column is a TcpFakeServer started per test (a tenth of the
tests, at most 100), and a
row of its own compares the in-process fakeredis.FakeRedis() per test, and
another a redis-server shared by the whole suite with a client per test (the
floor of a fresh client per test: pytest-redis's redisdb fixture).
The last two columns say whether the target is met and whether redistill is
ahead of fakeredis.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redistill import Server  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                if s.recv(64).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"server on port {port} did not become ready")


@dataclass
class Proc:
    name: str
    port: int
    popen: subprocess.Popen[bytes] | None = None
    server: Server | None = None  # the in-process kind

    def rss_bytes(self) -> int:
        assert self.popen is not None, "RSS is measured for server processes only"
        with open(f"/proc/{self.popen.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            return
        assert self.popen is not None
        self.popen.terminate()
        try:
            self.popen.wait(5)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


# TcpFakeServer listens with socketserver's default backlog of 5. When
# redis-benchmark's 50 clients connect at once, the connections that overflow
# it wait for a SYN retransmit (a 3 s stall in the figure) or are reset (a
# failed round). It gets the backlog redis-server and redistill use, 511.
FAKEREDIS_MAIN = (
    "import sys; from fakeredis import TcpFakeServer; "
    "TcpFakeServer.request_queue_size = 511; "
    "s = TcpFakeServer(('127.0.0.1', int(sys.argv[1])), server_type='redis'); "
    "s.daemon_threads = True; s.serve_forever()"
)


def have_fakeredis() -> bool:
    try:
        import fakeredis  # noqa: F401
    except ImportError:
        return False
    return True


def spawn(name: str) -> Proc:
    if name == "in-proc":
        server = Server().start()
        return Proc(name, server.port, server=server)
    port = free_port()
    if name == "redis":
        cmd = [
            "redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
            "--bind", "127.0.0.1", "--daemonize", "no", "--loglevel", "warning",
        ]  # fmt: skip
    elif name == "redistill":
        cmd = [sys.executable, "-m", "redistill", "--port", str(port)]
    elif name == "fakeredis":
        cmd = [sys.executable, "-c", FAKEREDIS_MAIN, str(port)]
    else:
        raise ValueError(name)
    popen = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT)
    )
    proc = Proc(name, port, popen=popen)
    wait_ready(port)
    return proc


# ---------------------------------------------------------------------------
# Workloads: each takes a port and returns a figure (higher is better unless noted)


def ops_unpipelined(port: int, n: int, size: int = 256) -> float:
    r = redis.Redis(port=port, protocol=2)
    value = b"x" * size
    t = time.perf_counter()
    for i in range(n):
        r.set(b"key:%d" % (i % 1000), value)
        r.get(b"key:%d" % (i % 1000))
    dt = time.perf_counter() - t
    r.close()
    return 2 * n / dt


def _worker(args: tuple[int, int]) -> float:
    return ops_unpipelined(*args)


def ops_unpipelined_4proc(port: int, n: int) -> float:
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(4) as pool:
        t = time.perf_counter()
        pool.map(_worker, [(port, n // 4)] * 4)
        dt = time.perf_counter() - t
    return 2 * n / dt


def ops_pipelined(port: int, n: int, depth: int = 100) -> float:
    r = redis.Redis(port=port, protocol=2)
    value = b"x" * 256
    t = time.perf_counter()
    done = 0
    while done < n:
        p = r.pipeline(transaction=False)
        for i in range(depth // 2):
            p.set(b"key:%d" % i, value)
            p.get(b"key:%d" % i)
        p.execute()
        done += depth
    dt = time.perf_counter() - t
    r.close()
    return done / dt


def mb_per_s(port: int, n: int, size: int) -> float:
    r = redis.Redis(port=port, protocol=2)
    value = os.urandom(size)
    t = time.perf_counter()
    for i in range(n):
        r.set(b"big:%d" % (i % 8), value)
        assert r.get(b"big:%d" % (i % 8)) == value
    dt = time.perf_counter() - t
    r.close()
    return 2 * n * size / dt / 1e6


def load_keys(port: int, n: int, batch: int = 1000) -> float:
    r = redis.Redis(port=port, protocol=2)
    r.flushall()
    value = b"v" * 100
    t = time.perf_counter()
    for start in range(0, n, batch):
        p = r.pipeline(transaction=False)
        for i in range(start, min(n, start + batch)):
            p.set(b"key:%08d" % i, value)
        p.execute()
    dt = time.perf_counter() - t
    r.close()
    return n / dt


def scan_seconds(port: int) -> float:
    """Seconds for a full SCAN COUNT 1000 (lower is better); keys loaded before."""
    r = redis.Redis(port=port, protocol=2)
    t = time.perf_counter()
    seen = sum(1 for _ in r.scan_iter(count=1000))
    dt = time.perf_counter() - t
    assert seen >= r.dbsize()
    r.close()
    return dt


def keys_seconds(port: int) -> float:
    r = redis.Redis(port=port, protocol=2)
    t = time.perf_counter()
    n = len(r.keys("*"))
    dt = time.perf_counter() - t
    assert n == r.dbsize()
    r.close()
    return dt


def redis_benchmark(port: int, n: int, pipeline: int) -> float:
    """Requests/s for redis-benchmark -t set,get -d 256 -c 50 (mean of SET and GET)."""
    proc = subprocess.run(
        [
            "redis-benchmark",
            "-p",
            str(port),
            "-t",
            "set,get",
            "-d",
            "256",
            "-c",
            "50",
            "-n",
            str(n),
            "-P",
            str(pipeline),
            "--csv",
            "-q",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"redis-benchmark against port {port} exited with {proc.returncode}:\n"
            f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )
    out = proc.stdout
    rates = []
    for line in out.splitlines():
        parts = [p.strip('"') for p in line.split(",")]
        if parts and parts[0] in ("SET", "GET"):
            rates.append(float(parts[1]))
    if len(rates) != 2:
        raise RuntimeError(f"unexpected redis-benchmark output: {out!r}")
    return sum(rates) / 2


def memory_per_key(proc: Proc, n: int, ttl: bool) -> float:
    r = redis.Redis(port=proc.port, protocol=2)
    r.flushall()
    time.sleep(0.2)
    before = proc.rss_bytes()
    value = b"v" * 100
    for start in range(0, n, 1000):
        p = r.pipeline(transaction=False)
        for i in range(start, min(n, start + 1000)):
            if ttl:
                p.set(b"key:%010d" % i, value, ex=3600)
            else:
                p.set(b"key:%010d" % i, value)
        p.execute()
    assert r.dbsize() == n
    after = proc.rss_bytes()
    r.flushall()
    r.close()
    return (after - before) / n


# ---------------------------------------------------------------------------
# In-process figures


def start_stop_results(iterations: dict[str, int], rounds: int) -> list[Result]:
    """Median and p90 of start -> PING -> stop, each server's iterations spread
    over ``rounds`` in which the servers take turns: 200 iterations of redistill
    in one block last under half a second, and one noisy spell of the machine
    then decided the figure (1.77 ms in a full run, 0.40-0.56 ms just after)."""
    times: dict[str, list[float]] = {name: [] for name in iterations}
    for i in range(rounds):
        for name, n in iterations.items():
            share = n // rounds + (1 if i < n % rounds else 0)
            times[name] += start_stop_ms(name, share)
    res = Result("start+PING+stop (median)", "ms", False, target="<= 1 ms")
    res90 = Result("start+PING+stop (p90)", "ms", False)
    for name, t in times.items():
        t.sort()
        res.figures[name] = statistics.median(t)
        res90.figures[name] = t[int(len(t) * 0.9) - 1]
    return [res, res90]


def start_stop_ms(kind: str, iterations: int) -> list[float]:
    """start -> first PING answered -> stop, per iteration (ms)."""
    times = []
    for _ in range(iterations):
        t = time.perf_counter()
        if kind == "redistill":
            server = Server()
            server.start()
            with socket.create_connection(("127.0.0.1", server.port)) as s:
                s.sendall(b"PING\r\n")
                s.recv(16)
            server.stop()
        elif kind == "redis":
            proc = spawn("redis")
            proc.stop()
        elif kind == "fakeredis":
            import threading

            from fakeredis import TcpFakeServer

            fs = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
            fs.daemon_threads = True
            th = threading.Thread(target=fs.serve_forever, daemon=True)
            th.start()
            with socket.create_connection(fs.server_address) as s:
                s.sendall(b"PING\r\n")
                s.recv(16)
            fs.shutdown()
            fs.server_close()
            th.join()
        times.append((time.perf_counter() - t) * 1000)
    return times


def purge_seconds(n: int, expiring: int | None = None) -> tuple[float, int]:
    """clock.advance past the TTL of ``expiring`` (default: all) of n keys with
    TTLs: seconds for the advance, and how many keys are left after it."""
    expiring = n if expiring is None else expiring
    with Server() as server:
        db = server.keyspace.dbs[0]
        now = server.clock.time_ms()
        value = b"v" * 100
        with server.lock:
            for i in range(n):
                key = b"key:%010d" % i
                db.add(key, value)
                # the first `expiring` keys end within 1-2 s, the others in an hour
                db.set_expire(key, now + 1000 + i % 1000 if i < expiring else now + 3_600_000)
        t = time.perf_counter()
        server.clock.advance(3)
        dt = time.perf_counter() - t
        left = db.size()
    return dt, left


def per_test_ms(n: int, rounds: int) -> dict[str, float]:
    """ms per test of bench/pytest_per_test.py's generated suites (best of rounds)."""
    import tempfile

    sys.path.insert(0, str(ROOT / "bench"))
    import pytest_per_test as pt

    names = ["empty", "redistill"]
    if have_fakeredis():
        names += ["fakeredis", "fakeredis-tcp"]
    names += ["redis-shared", "spawn"]
    with tempfile.TemporaryDirectory(prefix="redistill-bench-") as root:
        paths = {name: pt.write_suite(root, name, n, None) for name in names}
        results = pt.run_rounds(paths, rounds)
    return {name: pt.best_ms(runs) for name, runs in results.items()}


# ---------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    unit: str
    higher_is_better: bool
    figures: dict[str, float] = field(default_factory=dict)
    target: str = ""

    def ratio(self, server: str) -> float | None:
        base = self.figures.get("redis")
        value = self.figures.get(server)
        if not base or value is None:
            return None
        return value / base

    def met(self) -> bool | None:
        """Whether redistill meets every clause of the target (None: no target).

        Clauses are separated by ';': ``>= 0.8x`` compares the ratio to
        redis-server, ``<= 1 ms`` (any unit word) redistill's own figure.
        """
        verdict = None
        for clause in filter(None, (c.strip() for c in self.target.split(";"))):
            op, number = clause.split()[:2]
            if number.endswith("x"):
                value, bound = self.ratio("redistill"), float(number[:-1])
            else:
                value, bound = self.figures.get("redistill"), float(number)
            if value is None:
                continue
            ok = value >= bound if op == ">=" else value <= bound
            verdict = ok if verdict is None else verdict and ok
        return verdict

    def ahead_of_fakeredis(self) -> bool | None:
        ours, theirs = self.figures.get("redistill"), self.figures.get("fakeredis")
        if ours is None or theirs is None:
            return None
        return ours > theirs if self.higher_is_better else ours < theirs


def interleaved(
    servers: dict[str, Proc], fn: Callable[[int], float], rounds: int
) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in servers}
    for _ in range(rounds):
        for name, proc in servers.items():
            try:
                samples[name].append(fn(proc.port))
            except RuntimeError as exc:
                if name != "fakeredis":
                    raise
                # (a round fakeredis cannot finish is left out, not a failure:
                # see FAKEREDIS_MAIN for the one cause seen, now avoided)
                print(f"(fakeredis failed a round, left out: {exc})", file=sys.stderr)
    return {name: statistics.median(v) for name, v in samples.items() if v}


@contextmanager
def running(names: list[str]) -> Iterator[dict[str, Proc]]:
    procs: dict[str, Proc] = {}
    try:
        for name in names:
            procs[name] = spawn(name)
        yield procs
    finally:
        for p in procs.values():
            p.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes (seconds), for CI")
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "latest.json"))
    ap.add_argument("--no-fakeredis", action="store_true")
    ap.add_argument(
        "--rounds",
        type=int,
        default=9,
        help="interleaved rounds of each throughput figure (the median is kept), and "
        "runs of each pytest suite, taking turns (the best is kept); default 9 (smoke: 1)",
    )
    args = ap.parse_args(argv)
    if not shutil.which("redis-server"):
        print("redis-server is not installed: ratios need it", file=sys.stderr)
        return 2
    smoke = args.smoke
    s = lambda full, small: small if smoke else full  # noqa: E731
    rounds = s(max(1, args.rounds), 1)
    names = ["redis", "redistill"]
    if not args.no_fakeredis and have_fakeredis():
        names.append("fakeredis")
    results: list[Result] = []

    # What one test costs (the generated 1,000-test suites; smoke: 50 tests).
    n_tests = s(1000, 50)
    per_test = per_test_ms(n_tests, rounds)
    empty = per_test.pop("empty")
    suite = Result(
        f"pytest suite, {n_tests} tests: ms/test above empty ({empty:.2f} ms)",
        "ms",
        False,
        {"redis": per_test["spawn"] - empty, "redistill": per_test["redistill"] - empty},
        target="<= 1.5 ms; <= 0.1x",
    )
    # fakeredis's column is its TcpFakeServer, a server per test as redistill's
    # is; its in-process FakeRedis (no socket, no thread) gets a row of its own.
    if "fakeredis-tcp" in per_test:
        suite.figures["fakeredis"] = per_test["fakeredis-tcp"] - empty
    results.append(suite)

    def suite_row(name: str, **columns: str) -> Result:
        """A row of suites' ms per test above empty: column -> suite."""
        figures = {column: per_test[suite] - empty for column, suite in columns.items()}
        return Result(name, "ms", False, figures)

    if "fakeredis" in per_test:
        results.append(
            suite_row(
                "pytest suite, in-process fakeredis.FakeRedis() per test",
                redistill="redistill",
                fakeredis="fakeredis",
            )
        )
    # The floor of a fresh client per test over TCP: one redis-server for the
    # whole run (pytest-redis's redisdb fixture), a new redis.Redis per test.
    results.append(
        suite_row(
            "pytest suite, one shared redis-server, a client per test",
            redis="redis-shared",
            redistill="redistill",
        )
    )

    # Start/stop cost (in-process for redistill and fakeredis; a process for redis).
    # >= 100 iterations of redistill; the peers take 0.1-0.5 s each, so fewer.
    # (in-proc starts the same Server: measured once)
    iterations = {name: s(200, 20) if name == "redistill" else s(30, 3) for name in names}
    results += start_stop_results(iterations, rounds)

    with running([*names[:2], "in-proc", *names[2:]]) as servers:
        tput = [
            ("redis-py SET+GET unpipelined, 256 B, 1 client", "ops/s",
             lambda p: ops_unpipelined(p, s(7000, 300)), ">= 0.8x"),
            ("redis-py SET+GET unpipelined, 256 B, 4 processes", "ops/s",
             lambda p: ops_unpipelined_4proc(p, s(16000, 400)), ""),
            ("redis-py pipelines of 100", "ops/s",
             lambda p: ops_pipelined(p, s(35000, 500)), ">= 0.8x"),
            ("SET+GET 10 KB values", "MB/s", lambda p: mb_per_s(p, s(1700, 50), 10_000), ""),
            ("SET+GET 200 KB values", "MB/s",
             lambda p: mb_per_s(p, s(350, 10), 200_000), ">= 0.7x"),
            ("redis-benchmark -P 1 -c 50 -d 256", "req/s",
             lambda p: redis_benchmark(p, s(35000, 1000), 1), ">= 0.5x"),
            ("redis-benchmark -P 16 -c 50 -d 256", "req/s",
             lambda p: redis_benchmark(p, s(140000, 800), 16), ">= 0.25x"),
        ]  # fmt: skip
        for title, unit, fn, target in tput:
            if "redis-benchmark" in title and not shutil.which("redis-benchmark"):
                continue
            results.append(Result(title, unit, True, interleaved(servers, fn, rounds), target))
        n_keys = s(100_000, 2_000)
        load = Result(f"load {n_keys} keys, pipelines of 1000", "keys/s", True, target=">= 0.7x")
        scan = Result(f"full SCAN COUNT 1000 over {n_keys} keys", "s", False, target="<= 1.5x")
        keys = Result(f"KEYS * over {n_keys} keys", "s", False, target="<= 2x")
        samples: dict[str, dict[str, list[float]]] = {"load": {}, "scan": {}, "keys": {}}
        for _ in range(rounds):
            for name, proc in servers.items():
                samples["load"].setdefault(name, []).append(load_keys(proc.port, n_keys))
                samples["scan"].setdefault(name, []).append(scan_seconds(proc.port))
                samples["keys"].setdefault(name, []).append(keys_seconds(proc.port))
        for res_, key in ((load, "load"), (scan, "scan"), (keys, "keys")):
            res_.figures = {k: statistics.median(v) for k, v in samples[key].items()}
            results.append(res_)
        n_mem = s(1_000_000, 5_000)
        for ttl in (False, True):
            mem = Result(
                f"RSS per key, {n_mem} keys, 100 B values" + (", with TTL" if ttl else ""),
                "B/key",
                False,
                target="<= 1.55x" if ttl else "<= 1.4x",
            )
            for name, proc in servers.items():
                if proc.popen is not None:  # (RSS of a process: not for in-proc)
                    mem.figures[name] = memory_per_key(proc, n_mem, ttl)
            results.append(mem)

    n_purge = s(1_000_000, 20_000)
    dt, left = purge_seconds(n_purge)
    assert left == 0, f"{left} keys left after the purge"
    results.append(
        Result(f"clock.advance expiring {n_purge} keys", "s", False, {"redistill": dt}, "<= 2 s")
    )
    # the cost follows the keys that expire, not the keys that exist
    few = n_purge // 1000
    dt_few, left = purge_seconds(n_purge, few)
    assert left == n_purge - few, f"{left} keys left, expected {n_purge - few}"
    results.append(
        Result(
            f"clock.advance expiring {few} of {n_purge} keys",
            "s",
            False,
            {"redistill": dt_few},
            # proportional: 10x the full purge's time per key, plus 1 ms for the call
            f"<= {dt * few / n_purge * 10 + 0.001:.2g} s",
        )
    )

    if smoke:
        print("smoke run: tiny sizes, one round, so the figures and verdicts say only that")
        print("every measurement still runs (RSS per key of a few thousand keys means nothing)\n")
    report(results)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload: list[dict[str, Any]] = [
        {
            "name": r.name,
            "unit": r.unit,
            "higher_is_better": r.higher_is_better,
            "figures": r.figures,
            "ratios": {k: r.ratio(k) for k in r.figures if k != "redis"},
            "target": r.target,
            "met": r.met(),
            "ahead_of_fakeredis": r.ahead_of_fakeredis(),
        }
        for r in results
    ]
    path.write_text(json.dumps({"smoke": smoke, "results": payload}, indent=2))
    print(f"\nJSON written to {path}")
    return 0


def _yes_no(flag: bool | None) -> str:
    return "-" if flag is None else "yes" if flag else "NO"


def report(results: list[Result]) -> None:
    servers = ["redis", "redistill", "in-proc", "fakeredis"]
    head = f"{'measurement':<62} {'unit':>6} " + " ".join(f"{s:>10}" for s in servers)
    head += f" {'redistill/redis':>15} {'target':>18} {'met':>4} {'>fake':>5}"
    print(head)
    print("-" * len(head))
    for r in results:
        cells = []
        for s in servers:
            v = r.figures.get(s)
            cells.append(f"{v:>10.4g}" if v is not None else f"{'-':>10}")
        ratio = r.ratio("redistill")
        rtxt = f"{ratio:>14.3g}x" if ratio is not None else f"{'-':>15}"
        print(
            f"{r.name:<62} {r.unit:>6} " + " ".join(cells) + f" {rtxt} {r.target:>18}"
            f" {_yes_no(r.met()):>4} {_yes_no(r.ahead_of_fakeredis()):>5}"
        )


if __name__ == "__main__":
    sys.exit(main())
