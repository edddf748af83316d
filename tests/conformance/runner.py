"""The machinery behind the conformance suite: find cases, run them, compare replies.

Used by ``test_conformance.py`` (pytest) and ``record.py`` (writes golden.json).

A case runs once per RESP version it asks for, each time on a fresh connection
to a flushed server: a fresh redistill :class:`~redistill.Server`, and one real
``redis-server`` per test session that is ``FLUSHALL``-ed before every run and
has its configuration restored after every case.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from .case import Case, RawCase, Step
from .resp import CLOSED, Connection, Node, Reply, parse, read_raw, to_bytes

HERE = Path(__file__).resolve().parent
GOLDEN_PATH = HERE / "golden.json"
PACKAGE = __name__.rsplit(".", 1)[0]  # "tests.conformance"

AnyCase = Union[Case, RawCase]
#: what one run of a case produced: a reply per step, or (raw bytes, closed) for a RawCase
StepReplies = list[Reply]
RawResult = tuple[bytes, bool]

#: seconds of silence that end a raw exchange the server keeps open (after a PING probe)
RAW_QUIET = 0.05


# ---------------------------------------------------------------------------
# Cases


@dataclass(frozen=True)
class Entry:
    """One case and the module that defines it."""

    module: str  # "cases_strings"
    case: AnyCase

    @property
    def key(self) -> str:
        return f"{self.module}::{self.case.name}"

    @property
    def raw(self) -> bool:
        return isinstance(self.case, RawCase)


@dataclass
class Discovery:
    entries: list[Entry] = field(default_factory=list)
    #: (module, explanation) for every cases module that could not be used
    errors: list[tuple[str, str]] = field(default_factory=list)


def discover() -> Discovery:
    """Import every ``cases_*.py`` module beside this file and collect its ``CASES``."""
    found = Discovery()
    for path in sorted(HERE.glob("cases_*.py")):
        module = path.stem
        try:
            mod = importlib.import_module(f"{PACKAGE}.{module}")
        except Exception:
            found.errors.append((module, traceback.format_exc()))
            continue
        cases = getattr(mod, "CASES", None)
        if not isinstance(cases, list):
            found.errors.append((module, "the module has no module-level list named CASES"))
            continue
        for i, case in enumerate(cases):
            if not isinstance(case, (Case, RawCase)):
                found.errors.append((module, f"CASES[{i}] is a {type(case).__name__}, not a Case"))
                continue
            found.entries.append(Entry(module, case))
    return found


def as_step(s: tuple[Any, ...] | Step) -> Step:
    return s if isinstance(s, Step) else Step(tuple(s))


def describe(args: tuple[Any, ...]) -> str:
    """A command as a person would type it, long or binary arguments shortened."""
    out = []
    for a in args:
        b = to_bytes(a)
        shown = repr(b[:40])[2:-1] + f"...({len(b)} bytes)" if len(b) > 60 else repr(b)[2:-1]
        if not b or b" " in b or b'"' in b:
            shown = '"' + shown.replace('"', '\\"') + '"'
        out.append(shown)
    return " ".join(out)


def digest(case: AnyCase) -> str:
    """Identifies what was sent, so golden replies recorded for other input are not used."""
    if isinstance(case, RawCase):
        payload: Any = ("raw", case.data, sorted(case.config.items()))
    else:
        steps = [tuple(to_bytes(a) for a in as_step(s).args) for s in case.steps]
        payload = ("case", steps, tuple(case.resp), sorted(case.config.items()))
    return hashlib.sha256(repr(payload).encode()).hexdigest()[:16]


def mentions(case: AnyCase, word: bytes) -> bool:
    if isinstance(case, RawCase):
        return word in case.data.lower()
    return any(word in to_bytes(a).lower() for s in case.steps for a in as_step(s).args)


# ---------------------------------------------------------------------------
# Running a case against a server


def run_steps(host: str, port: int, case: Case, resp: int) -> tuple[Reply | None, StepReplies]:
    """Run ``case``'s steps on a fresh connection; returns (HELLO 3 reply or None, replies)."""
    with Connection(host, port) as conn:
        hello = conn.command("HELLO", "3") if resp == 3 else None
        replies: StepReplies = []
        for s in case.steps:
            replies.append(conn.command(*as_step(s).args) if not conn.closed else CLOSED)
        return hello, replies


def run_raw(host: str, port: int, case: RawCase) -> RawResult:
    return read_raw(host, port, case.data, quiet=RAW_QUIET)


@dataclass
class CaseResult:
    """Everything one server answered to one case."""

    #: RESP version -> replies (Case)
    steps: dict[int, StepReplies] = field(default_factory=dict)
    #: RESP version -> the reply to HELLO 3 when it was not a map (a sign of trouble)
    hello_errors: dict[int, Reply] = field(default_factory=dict)
    #: (bytes, closed) (RawCase)
    raw: RawResult | None = None


# ---------------------------------------------------------------------------
# The real redis-server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SetupError(Exception):
    """The real server refused the case's configuration."""


class RealRedis:
    """One real ``redis-server`` child process on a free port, without persistence."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.host = "127.0.0.1"
        self.port = 0
        self.version: tuple[int, ...] = ()
        self.version_str = ""
        self._proc: subprocess.Popen[bytes] | None = None
        self._dir: str | None = None
        self._admin: Connection | None = None
        self._password: str | None = None
        self._config: dict[bytes, bytes] = {}

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> RealRedis:
        last_log = ""
        for _attempt in range(5):
            self._dir = tempfile.mkdtemp(prefix="redistill-conformance-")
            log_path = os.path.join(self._dir, "redis.log")
            self.port = free_port()
            cmd = [
                self.binary,
                "--port", str(self.port),
                "--bind", self.host,
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", self._dir,
                "--logfile", log_path,
            ]  # fmt: skip
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
            )
            if self._wait_ready():
                info = self.admin().command("INFO", "server").node[1] or b""
                for line in info.splitlines():
                    if line.startswith(b"redis_version:"):
                        self.version_str = line.split(b":", 1)[1].decode()
                self.version = tuple(int(p) for p in self.version_str.split(".")[:3])
                self._config = self._config_all()
                return self
            last_log = _read(log_path)
            self.stop()
        raise RuntimeError(f"redis-server did not start ({self.binary}):\n{last_log}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + 15
        assert self._proc is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False  # exited: port taken, bad flag ...
            try:
                conn = Connection(self.host, self.port, timeout=5)
            except OSError:
                time.sleep(0.02)
                continue
            if conn.command("PING").raw == b"+PONG\r\n":
                self._admin = conn
                return True
            conn.close()
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        proc = self._proc
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self._proc = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> RealRedis:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def supports(self, case: AnyCase) -> bool:
        return self.version[:2] >= tuple(case.min_version)

    # -- administration ----------------------------------------------------------
    def admin(self) -> Connection:
        """A connection for FLUSHALL and CONFIG that outlives the cases (reopened if killed)."""
        conn = self._admin
        if conn is not None and not conn.closed:
            return conn
        conn = Connection(self.host, self.port)
        if self._password:
            conn.command("AUTH", self._password)
        self._admin = conn
        return conn

    def _admin_command(self, *args: Any) -> Reply:
        reply = self.admin().command(*args)
        if reply.closed or reply.timed_out:  # killed by the case: retry on a new connection
            reply = self.admin().command(*args)
        return reply

    def _config_all(self) -> dict[bytes, bytes]:
        node = self._admin_command("CONFIG", "GET", "*").node
        items = node[1] or []
        return {items[i][1]: items[i + 1][1] for i in range(0, len(items) - 1, 2)}

    def flushall(self) -> None:
        reply = self._admin_command("FLUSHALL")
        if reply.raw != b"+OK\r\n":
            raise SetupError(f"FLUSHALL on the real server answered {reply.show()}")

    def configure(self, config: dict[str, str]) -> None:
        for name, value in config.items():
            reply = self._admin_command("CONFIG", "SET", name, value)
            if reply.raw != b"+OK\r\n":
                raise SetupError(
                    f"CONFIG SET {name} {value!r} on the real server answered {reply.show()}"
                )
            if name.lower() == "requirepass":
                self._password = value or None

    def restore(self, case: AnyCase) -> None:
        """Undo what a case may have changed server-wide."""
        if case.config or mentions(case, b"config"):
            now = self._config_all()
            for name, value in self._config.items():
                if now.get(name) != value:
                    self._admin_command("CONFIG", "SET", name, value)
            self._password = self._config.get(b"requirepass", b"").decode() or None
        if mentions(case, b"pause"):
            self._admin_command("CLIENT", "UNPAUSE")
        if mentions(case, b"script") or mentions(case, b"eval"):
            self._admin_command("SCRIPT", "FLUSH")
        if mentions(case, b"function") or mentions(case, b"fcall"):
            self._admin_command("FUNCTION", "FLUSH")
        if mentions(case, b"acl"):
            users = self._admin_command("ACL", "USERS").node[1] or []
            for _kind, name in users:
                if name != b"default":
                    self._admin_command("ACL", "DELUSER", name)
            self._admin_command(
                "ACL", "SETUSER", "default", "reset", "on", "nopass", "~*", "&*", "+@all"
            )

    def run(self, case: AnyCase) -> CaseResult:
        result = CaseResult()
        try:
            self.configure(case.config)
            if isinstance(case, RawCase):
                self.flushall()
                result.raw = run_raw(self.host, self.port, case)
                return result
            for resp in case.resp:
                self.flushall()
                hello, replies = run_steps(self.host, self.port, case, resp)
                if hello is not None and hello.node[0] != "%":
                    result.hello_errors[resp] = hello
                result.steps[resp] = replies
            return result
        finally:
            self.restore(case)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()[-4000:]
    except OSError:
        return ""


def find_redis_server() -> str | None:
    """The redis-server to compare with: $REDISTILL_REDIS_SERVER (a path, or "none"), or PATH."""
    override = os.environ.get("REDISTILL_REDIS_SERVER")
    if override is not None:
        return None if override.strip().lower() in ("", "none", "0", "no") else override
    return shutil.which("redis-server")


# ---------------------------------------------------------------------------
# Running a case against redistill


def server_kwargs(config: dict[str, str]) -> dict[str, Any]:
    cfg: dict[str, Any] = dict(config)
    kwargs: dict[str, Any] = {}
    if "requirepass" in cfg:
        kwargs["requirepass"] = cfg.pop("requirepass") or None
    if "databases" in cfg:
        kwargs["databases"] = int(cfg.pop("databases"))
    kwargs["config"] = cfg
    return kwargs


@contextlib.contextmanager
def thread_errors() -> Iterator[list[str]]:
    """Collect tracebacks of exceptions that escape any thread (a crashed server loop)
    and errors redistill logs (a handler's internal error)."""
    caught: list[str] = []
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread is not None else "?"
        tb = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        caught.append(f"thread {name}:\n{tb}")
        previous(args)

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(f"redistill logged: {self.format(record)}")

    handler = Collect(logging.ERROR)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("redistill")
    threading.excepthook = hook
    logger.addHandler(handler)
    try:
        yield caught
    finally:
        threading.excepthook = previous
        logger.removeHandler(handler)


@dataclass
class RedistillRun:
    result: CaseResult
    #: tracebacks from the server thread, and notes like "the loop stopped"
    crashes: list[str]


def run_redistill(case: AnyCase) -> RedistillRun:
    """Run ``case`` on a fresh redistill server per RESP version (per run)."""
    from redistill import Server

    result = CaseResult()
    crashes: list[str] = []
    kwargs = server_kwargs(case.config)
    runs: tuple[int, ...] = (0,) if isinstance(case, RawCase) else tuple(case.resp)
    for resp in runs:
        with thread_errors() as caught:
            try:
                server = Server(**kwargs)
            except (ValueError, TypeError) as exc:
                crashes.append(f"Server(**{kwargs!r}) refused the case's config: {exc}")
                break
            server.start()
            loop = [t for t in threading.enumerate() if t.name == f"redistill-{server.port}"]
            try:
                if isinstance(case, RawCase):
                    result.raw = run_raw(server.host, server.port, case)
                else:
                    hello, replies = run_steps(server.host, server.port, case, resp)
                    if hello is not None and hello.node[0] != "%":
                        result.hello_errors[resp] = hello
                    result.steps[resp] = replies
                if not server.running:
                    crashes.append("redistill's server loop stopped during the case")
            finally:
                server.stop()
                for t in loop:  # a crashed loop is not joined by stop(): wait for its traceback
                    t.join(5)
        crashes.extend(caught)
    return RedistillRun(result, crashes)


# ---------------------------------------------------------------------------
# Comparing


def _canon(node: Node) -> Any:
    """A node with every array/set/map order removed (for ``unordered``)."""
    kind, value = node
    if kind in ("*", "~", ">") and value is not None:
        return (kind, tuple(sorted((_canon(c) for c in value), key=repr)))
    if kind in ("%", "|"):
        pairs = [(_canon(value[i]), _canon(value[i + 1])) for i in range(0, len(value), 2)]
        return (kind, tuple(sorted(pairs, key=repr)))
    return node


def _pairs(node: Node) -> Any:
    """A flat field/value array or a map as a sorted tuple of pairs (for ``pairs``)."""
    kind, value = node
    if kind in ("*", "%") and value is not None and len(value) % 2 == 0:
        pairs = [(value[i], value[i + 1]) for i in range(0, len(value), 2)]
        return (kind, tuple(sorted(pairs, key=repr)))
    return node


def _number(node: Node) -> float | None:
    kind, value = node
    if kind == ":":
        return float(value)
    if kind == ",":
        try:
            return float(value)
        except ValueError:
            return None
    return None


def replies_match(s: Step, expected: Reply, actual: Reply) -> bool:
    pseudo = ("closed", "timeout", "garbage")
    if expected.node[0] in pseudo or actual.node[0] in pseudo:
        return expected.node[0] == actual.node[0] and expected.raw == actual.raw
    if s.ignore:
        return expected.raw[:1] == actual.raw[:1]
    if s.approx is not None:
        a, b = _number(expected.node), _number(actual.node)
        if a is not None and b is not None and expected.node[0] == actual.node[0]:
            return abs(a - b) <= s.approx
        return expected.raw == actual.raw
    if s.unordered:
        return bool(_canon(expected.node) == _canon(actual.node))
    if s.pairs:
        return bool(_pairs(expected.node) == _pairs(actual.node))
    return expected.raw == actual.raw


def _mode(s: Step) -> str:
    if s.ignore:
        return "type only"
    if s.approx is not None:
        return f"approx ±{s.approx}"
    if s.unordered:
        return "unordered"
    if s.pairs:
        return "pairs"
    return "exact"


def _clip(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


@dataclass
class Comparison:
    steps: int = 0
    problems: list[str] = field(default_factory=list)


def _hello_problem(expected: Reply | None, actual: Reply | None, source: str) -> str | None:
    """HELLO 3 starts every RESP3 run: both sides must switch (None: a map), or both refuse
    with the same error code. Its exact text is for cases that send HELLO as a step (the
    NOAUTH wording changed in Redis 7.2)."""
    if expected is None and actual is None:
        return None
    if (
        expected is not None
        and actual is not None
        and expected.raw.split(b" ", 1)[0] == actual.raw.split(b" ", 1)[0]
    ):
        return None
    switched = "a map (switched to RESP3)"
    return (
        "HELLO 3 (sent before the RESP3 run) answered differently\n"
        f"  {source}: {expected.show() if expected else switched}\n"
        f"  redistill: {actual.show() if actual else switched}"
    )


def compare(entry: Entry, expected: CaseResult, actual: RedistillRun, source: str) -> Comparison:
    """Compare redistill's replies with ``expected``; explain every difference."""
    case = entry.case
    out = Comparison()
    head = f"case {case.name!r} ({entry.module}.py)"
    if isinstance(case, RawCase):
        out.steps = 1
        exp, act = expected.raw, actual.result.raw
        if exp is not None and act is not None and exp != act:
            out.problems.append(
                f"{head}: raw request {_clip(repr(case.data), 300)}\n"
                f"  {source}: {_clip(repr(exp[0]))}, connection "
                f"{'closed' if exp[1] else 'left open'}\n"
                f"  redistill: {_clip(repr(act[0]))}, connection "
                f"{'closed' if act[1] else 'left open'}"
            )
    else:
        for resp in case.resp:
            if resp == 3:
                hello = _hello_problem(
                    expected.hello_errors.get(3), actual.result.hello_errors.get(3), source
                )
                if hello is not None:
                    out.problems.append(f"{head}: {hello}")
            exp_replies = expected.steps.get(resp)
            act_replies = actual.result.steps.get(resp)
            if exp_replies is None or act_replies is None:
                continue
            bad: list[str] = []
            for i, (s_raw, e, a) in enumerate(zip(case.steps, exp_replies, act_replies), 1):
                s = as_step(s_raw)
                out.steps += 1
                if not replies_match(s, e, a):
                    mode = _mode(s)
                    bad.append(
                        f"  step {i}: {_clip(describe(s.args), 300)}"
                        + (f"   [{mode}]" if mode != "exact" else "")
                        + f"\n    {source}: {_clip(e.show())}\n    redistill: {_clip(a.show())}"
                    )
            if bad:
                note = ""
                hello = actual.result.hello_errors.get(resp)
                if hello is not None:
                    note = f"\n  (redistill answered HELLO 3 with {hello.show()})"
                transcript = "\n".join(
                    f"    {i}. {_clip(describe(as_step(s).args), 120)}"
                    for i, s in enumerate(case.steps, 1)
                )
                out.problems.append(
                    f"{head} in RESP{resp}: {len(bad)} of {len(case.steps)} replies differ{note}\n"
                    f"  steps:\n{transcript}\n" + "\n".join(bad)
                )
    for crash in actual.crashes:
        out.problems.append(f"{head}: {crash}")
    return out


def smoke_problems(entry: Entry, actual: RedistillRun) -> list[str]:
    """With nothing to compare: redistill must still answer every step with RESP."""
    head = f"case {entry.case.name!r} ({entry.module}.py)"
    problems = [f"{head}: {crash}" for crash in actual.crashes]
    for resp, replies in actual.result.steps.items():
        for i, r in enumerate(replies, 1):
            if r.timed_out or r.node[0] == "garbage":
                problems.append(f"{head} in RESP{resp}: step {i} got {r.show()}")
    return problems


# ---------------------------------------------------------------------------
# Golden replies


def _reply_to_json(r: Reply) -> str | None:
    if r.closed and not r.raw:
        return None
    if r.closed or r.timed_out or r.node[0] == "garbage":
        raise ValueError(f"cannot record {r.show()}")
    return r.raw.decode("latin-1")


def _reply_from_json(value: str | None) -> Reply:
    if value is None:
        return CLOSED
    raw = value.encode("latin-1")
    return Reply(raw, parse(raw))


def result_to_json(entry: Entry, result: CaseResult, version: str) -> dict[str, Any]:
    data: dict[str, Any] = {"digest": digest(entry.case), "redis_version": version}
    if result.raw is not None:
        data["raw"] = result.raw[0].decode("latin-1")
        data["closed"] = result.raw[1]
    else:
        for resp, replies in sorted(result.steps.items()):
            data[f"resp{resp}"] = [_reply_to_json(r) for r in replies]
        hello = result.hello_errors.get(3)
        if hello is not None:
            data["hello3"] = _reply_to_json(hello)
    return data


def result_from_json(data: dict[str, Any]) -> CaseResult:
    result = CaseResult()
    if "raw" in data:
        result.raw = (data["raw"].encode("latin-1"), bool(data["closed"]))
    for key, replies in data.items():
        if key.startswith("resp"):
            result.steps[int(key[4:])] = [_reply_from_json(v) for v in replies]
    if "hello3" in data:
        result.hello_errors[3] = _reply_from_json(data["hello3"])
    return result


def load_golden(path: Path = GOLDEN_PATH) -> dict[str, dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return {}
    cases: dict[str, dict[str, Any]] = data.get("cases", {})
    return cases


def golden_for(entry: Entry, golden: dict[str, dict[str, Any]]) -> tuple[CaseResult, str] | None:
    """The recorded replies for ``entry`` if they were recorded for exactly this input."""
    data = golden.get(entry.key)
    if data is None or data.get("digest") != digest(entry.case):
        return None
    version = str(data.get("redis_version", "?"))
    recorded = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    if recorded < tuple(entry.case.min_version):
        return None
    return result_from_json(data), version


def save_golden(cases: dict[str, dict[str, Any]], path: Path = GOLDEN_PATH) -> None:
    doc = {
        "about": (
            "Replies of a real redis-server to every conformance case, written by "
            "tests/conformance/record.py; used when no redis-server is installed."
        ),
        "cases": dict(sorted(cases.items())),
    }
    tmp = path.with_suffix(".json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)
