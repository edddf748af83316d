"""The README's examples run, so they cannot rot."""

from __future__ import annotations

import re
import select
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from redistill import Server

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_the_two_fresh_machine_commands() -> None:
    first_sh = _blocks("sh")[0]
    commands = [line.split("#")[0].strip() for line in first_sh.splitlines()]
    assert [c for c in commands if c] == ["scripts/serve", "scripts/test"]
    root = README.parent
    for script in ("scripts/serve", "scripts/test"):
        assert (root / script).is_file()
        assert (root / script).stat().st_mode & 0o111, f"{script} is not executable"


def test_python_quick_start_runs() -> None:
    block = next(b for b in _blocks("python") if "with Server()" in b)
    exec(compile(block, "README.md", "exec"), {})


def test_pytest_quick_start_runs() -> None:
    block = next(b for b in _blocks("python") if "def test_" in b)
    namespace: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    tests = [fn for name, fn in namespace.items() if name.startswith("test_")]
    assert tests
    for fn in tests:
        with Server() as server:
            fn(redistill_client=server.client(), redistill_clock=server.clock)


def test_command_line_quick_start_runs() -> None:
    redis_cli = shutil.which("redis-cli")
    if redis_cli is None:
        pytest.skip("redis-cli is not installed")
    block = next(b for b in _blocks("sh") if "redis-cli" in b)
    lines = [line.split("#")[0].strip() for line in block.splitlines()]
    calls = [shlex.split(line) for line in lines if line.startswith("redis-cli")]
    p = subprocess.Popen(
        [sys.executable, "-m", "redistill", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    assert p.stdout is not None
    try:
        assert select.select([p.stdout], [], [], 15)[0], "no ready line"
        port = re.search(r":(\d+) ", p.stdout.readline())
        assert port
        outputs = []
        for argv in calls:
            argv = [redis_cli, "-p", port.group(1), *argv[3:]]  # drop "redis-cli -p 6379"
            outputs.append(subprocess.run(argv, capture_output=True, text=True, timeout=30))
        assert [o.returncode for o in outputs] == [0] * len(calls)
        assert outputs[0].stdout == "OK\n"
        assert outputs[-1].stdout == "\n"  # nil, as redis-cli prints it to a pipe
    finally:
        p.terminate()
        p.wait(10)
        p.stdout.close()
