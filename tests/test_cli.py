"""The ``redistill-server`` command (``python -m redistill``), run as a real process."""

from __future__ import annotations

import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from redistill import cli

READY = re.compile(r"^redistill-server ready on (\S+):(\d+) \(clock: (virtual|system)\)$")


@dataclass
class Proc:
    popen: subprocess.Popen[str]
    ready_line: str
    port: int

    def client(self, **kwargs: object) -> redis.Redis:
        return redis.Redis(
            port=self.port, protocol=2, socket_timeout=5, retry=Retry(NoBackoff(), 0), **kwargs
        )  # type: ignore[arg-type]


def _read_ready(p: subprocess.Popen[str], timeout: float = 15.0) -> str:
    assert p.stdout is not None
    ready, _, _ = select.select([p.stdout], [], [], timeout)
    if not ready:
        p.kill()
        raise AssertionError(f"no ready line within {timeout}s")
    return p.stdout.readline().rstrip("\n")


@contextmanager
def running(*args: str) -> Iterator[Proc]:
    """A redistill-server process on a free port (unless args say otherwise)."""
    if "--port" not in args:
        args = ("--port", "0", *args)
    p = subprocess.Popen(
        [sys.executable, "-m", "redistill", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = _read_ready(p)
        m = READY.match(line)
        assert m, f"unexpected first line {line!r}; stderr: {p.stderr.read() if p.poll() else ''}"
        yield Proc(p, line, int(m.group(2)))
    finally:
        if p.poll() is None:
            p.terminate()
        p.wait(10)
        for stream in (p.stdout, p.stderr):
            if stream is not None:
                stream.close()


def test_port_zero_prints_the_real_port() -> None:
    with running() as proc:
        assert proc.port > 0
        assert proc.client().ping() is True


def test_ready_line_names_address_and_clock() -> None:
    with running("--clock", "system") as proc:
        assert proc.ready_line == f"redistill-server ready on 127.0.0.1:{proc.port} (clock: system)"


def test_virtual_clock_is_the_default() -> None:
    with running() as proc:
        assert proc.ready_line.endswith("(clock: virtual)")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_the_server_with_status_zero(sig: signal.Signals) -> None:
    with running() as proc:
        started = time.monotonic()
        proc.popen.send_signal(sig)
        assert proc.popen.wait(10) == 0
        assert time.monotonic() - started < 5


# The main thread blocks SIGTERM, so the kernel delivers it to a helper thread:
# the main thread, asleep in epoll_wait, is not interrupted, and only the
# signal's wakeup fd can tell the loop that a Python handler is waiting. (This
# is the window of a signal landing just before the loop blocks, held open.)
_SIGNAL_ELSEWHERE = """
import signal, sys, threading, time
from redistill import cli
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
def helper():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    time.sleep(3600)
threading.Thread(target=helper, daemon=True).start()
sys.exit(cli.main(["--port", "0"]))
"""


def test_a_signal_the_loop_does_not_see_arrive_still_stops_the_server() -> None:
    p = subprocess.Popen(
        [sys.executable, "-c", _SIGNAL_ELSEWHERE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert READY.match(_read_ready(p))
        p.send_signal(signal.SIGTERM)
        assert p.wait(10) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        for stream in (p.stdout, p.stderr):
            if stream is not None:
                stream.close()


def test_sigterm_closes_connected_clients() -> None:
    with running() as proc:
        sock = socket.create_connection(("127.0.0.1", proc.port), timeout=5)
        sock.sendall(b"PING\r\n")
        assert sock.recv(100) == b"+PONG\r\n"
        proc.popen.send_signal(signal.SIGTERM)
        assert proc.popen.wait(10) == 0
        assert sock.recv(100) == b""
        sock.close()


def test_server_keeps_serving_until_signalled() -> None:
    with running() as proc:
        r = proc.client()
        for i in range(50):
            assert r.set(f"k{i}", i) is True
        assert r.get("k49") == b"49"
        assert proc.popen.poll() is None


def test_requirepass_requires_auth() -> None:
    with running("--requirepass", "s3cret") as proc:
        with pytest.raises(redis.AuthenticationError):
            proc.client().ping()
        assert proc.client(password="s3cret").ping() is True


def test_databases_sets_the_number_of_databases() -> None:
    with running("--databases", "2") as proc:
        r = proc.client()
        assert r.execute_command("SELECT", 1) in (True, b"OK")
        with pytest.raises(redis.ResponseError, match="DB index is out of range"):
            r.execute_command("SELECT", 2)


def test_control_commands_are_on_by_default() -> None:
    with running() as proc:
        r = proc.client()
        r.set("session", "x", ex=10)
        r.execute_command("REDISTILL", "CLOCK", "ADVANCE", "11")
        assert r.get("session") is None


def test_no_control_removes_the_control_commands() -> None:
    with running("--no-control") as proc, pytest.raises(redis.ResponseError, match="'REDISTILL'"):
        proc.client().execute_command("REDISTILL", "CLOCK", "GET")


def test_profile_redistill_refuses_commands_outside_its_set() -> None:
    with running("--profile", "redistill") as proc:
        r = proc.client()
        assert r.ping() is True
        with pytest.raises(redis.ResponseError, match="unknown command 'ECHO'"):
            r.echo("hi")


def test_port_in_use_exits_with_status_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "redistill", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


@pytest.mark.parametrize(
    "args",
    [["--port", "70000"], ["--port", "x"], ["--databases", "0"], ["--clock", "wall"],
     ["--profile", "nope"]],
)  # fmt: skip
def test_invalid_arguments_exit_with_status_two(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    assert exc.value.code == 2


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("redistill-server ")


def test_defaults() -> None:
    args = cli.build_parser().parse_args([])
    assert (args.port, args.bind, args.clock, args.profile) == (
        6379,
        "127.0.0.1",
        "virtual",
        "redis",
    )
    assert (args.requirepass, args.databases, args.no_control) == (None, 16, False)


@pytest.mark.parametrize("flags", [(), ("--log-bytes", "2000")], ids=["default", "2000"])
def test_log_bytes_flag_bounds_the_arguments_the_command_log_holds(flags: tuple[str, ...]) -> None:
    with running(*flags) as proc:
        client = proc.client()
        for i in range(20):
            client.set(f"page:{i}", "x" * 400)
        logged = client.execute_command("REDISTILL", "LOG", "LEN")
    if flags:  # 8,000 bytes of values through a 2,000-byte budget
        assert logged < 10
    else:
        assert logged >= 20


def test_log_size_flag_sizes_the_command_log() -> None:
    from redistill.cli import build_parser

    assert build_parser().parse_args(["--log-size", "5"]).log_size == 5
    assert build_parser().parse_args([]).log_size == 10_000
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--log-size", "-1"])
    assert build_parser().parse_args([]).log_bytes == 32 * 1024 * 1024
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--log-bytes", "0"])
