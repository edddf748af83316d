"""Every snippet of docs/ci-service.md, run the way a CI job runs it.

Each fenced block in the document is preceded by a marker comment:

    <!-- snippet: python file tests/test_expiry.py -->   written into the Python project
    <!-- snippet: node file test/expiry.test.js -->      written into the Node project
    <!-- snippet: python run -->                         run in the Python project
    <!-- snippet: node run -->                           run in the Node project
    <!-- snippet: ready-line -->                         the server's ready line, as printed

The Python project is an empty folder plus the document's ``file`` blocks; the
Node project is a copy of examples/express (its ``node_modules`` linked, so run
``npm ci`` there first: examples/run-examples.sh does) plus the document's
``file`` blocks. A ``run`` block is a shell script (``sh``) or a CI
configuration (``yaml``), whose ``run:`` steps (GitHub Actions) or ``script:``
lines (GitLab CI) are run in order, with its ``env:`` / ``variables:`` set.

What a CI machine does before the job (checkout, ``actions/setup-*``, package
installs) is already done here: ``uses:`` steps are skipped and install lines
(``pip install``, ``npm ci``) are replaced by a no-op, since the packages are in
this Python and in examples/express/node_modules.

Each script runs with bash in its own network namespace when the machine allows
one, so the document's port 6379 is free whatever else runs here, and with a
time limit. A script that leaves a process running (a server it did not shut
down) fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ci-service.md"
EXPRESS = ROOT / "examples" / "express"
PORT = 6379
TIMEOUT = 180

_MARKER = re.compile(r"<!--\s*snippet:\s*(?:(python|node)\s+(run|file\s+(\S+))|(ready-line))\s*-->")
_FENCE = re.compile(r"^```(\w*)\s*$")
_INSTALL = re.compile(r"^\s*(?:(?:python3?|py) -m )?(?:pip3? install|npm ci|npm install)\b")


@dataclass
class Block:
    line: int
    lang: str
    text: str
    project: str | None = None
    action: str | None = None  # "run" or "file"
    path: str | None = None

    @property
    def id(self) -> str:
        what = self.path if self.action == "file" else f"{self.lang} run"
        return f"{self.project}:{what}:line{self.line}"


def read_blocks() -> list[Block]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    marker: re.Match[str] | None = None
    i = 0
    while i < len(lines):
        m = _MARKER.search(lines[i])
        if m:
            marker = m
            i += 1
            continue
        fence = _FENCE.match(lines[i])
        if fence:
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            block = Block(start + 1, fence.group(1), "\n".join(body) + "\n")
            if marker is not None and marker.group(4):
                block.action = "ready-line"
            elif marker is not None:
                block.project = marker.group(1)
                block.action = "run" if marker.group(2) == "run" else "file"
                block.path = marker.group(3)
            blocks.append(block)
            marker = None
        elif lines[i].strip():
            marker = None  # a marker belongs to the block right below it
        i += 1
    return blocks


BLOCKS = read_blocks()
RUNS = [b for b in BLOCKS if b.action == "run"]


# -- turning a block into a bash script -------------------------------------------


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def yaml_script(text: str) -> tuple[str, dict[str, str]]:
    """The shell lines of a GitHub Actions or GitLab CI job, and its environment.

    Only the plain forms the document uses are read: ``run: cmd``, ``run: |``
    blocks, ``script:`` lists of ``- cmd`` items and ``env:`` / ``variables:``
    maps of ``KEY: value``.
    """
    lines = text.splitlines()
    script: list[str] = []
    env: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        key_indent = _indent(line) + (2 if stripped.startswith("- ") else 0)
        item = stripped[2:] if stripped.startswith("- ") else stripped
        if item in ("env:", "variables:"):
            i += 1
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > key_indent):
                if lines[i].strip():
                    name, _, value = lines[i].strip().partition(":")
                    env[name.strip()] = _unquote(value)
                i += 1
            continue
        if item in ("run: |", "run: |-"):
            i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > key_indent):
                body.append(lines[i])
                i += 1
            script.append(textwrap.dedent("\n".join(body)).strip("\n"))
            continue
        if item.startswith("run: "):
            script.append(_unquote(item[5:]))
        elif item in ("script:", "before_script:"):
            i += 1
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > key_indent):
                entry = lines[i].strip()
                if entry.startswith("- "):
                    script.append(_unquote(entry[2:]))
                i += 1
            continue
        i += 1
    return "\n".join(script) + "\n", env


def shell_script(block: Block) -> tuple[str, dict[str, str]]:
    if block.lang == "yaml":
        script, env = yaml_script(block.text)
    elif block.lang in ("sh", "bash", "shell"):
        script, env = block.text, {}
    else:
        raise AssertionError(f"line {block.line}: cannot run a {block.lang!r} block")
    out = []
    for line in script.splitlines():
        if _INSTALL.match(line):
            line = f": installed before the job: {line.strip()}"
        out.append(line)
    return "\n".join(out) + "\n", env


# -- projects -------------------------------------------------------------------------


def make_project(kind: str, where: Path) -> Path:
    project = where / f"{kind}-project"
    if kind == "node":
        modules = EXPRESS / "node_modules"
        if not modules.is_dir():
            pytest.fail("examples/express/node_modules is missing: run `npm ci` there first")
        shutil.copytree(EXPRESS, project, ignore=shutil.ignore_patterns("node_modules", "*.log"))
        (project / "node_modules").symlink_to(modules, target_is_directory=True)
    else:
        project.mkdir()
    for block in BLOCKS:
        if block.project == kind and block.action == "file":
            assert block.path is not None
            target = project / block.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
    return project


def _netns_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30, check=False)
    return probe.returncode == 0


NETNS = _netns_available()


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def run_script(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    (cwd / "ci-job.sh").write_text(script, encoding="utf-8")
    full_env = dict(os.environ)
    full_env.pop("REDIS_URL", None)
    full_env.update(env)
    bindir = str(Path(sys.executable).parent)
    full_env["PATH"] = bindir + os.pathsep + full_env.get("PATH", "")
    full_env["REDISTILL_PYTHON"] = sys.executable
    job = ["bash", "-eo", "pipefail", "ci-job.sh"]
    if NETNS:
        job = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *job]
    elif not _port_free(PORT):
        pytest.skip(f"port {PORT} is taken and this machine allows no network namespace")
    proc = subprocess.Popen(
        job,
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        pytest.fail(f"the job did not finish in {TIMEOUT} s; output:\n{out}")
    leftover = _group_alive(proc.pid)
    if leftover:
        with contextlib.suppress(ProcessLookupError):  # it may exit just now
            os.killpg(proc.pid, signal.SIGKILL)
    result = subprocess.CompletedProcess(job, proc.returncode, out, "")
    assert not leftover, f"the job left a process running (a server not shut down):\n{out}"
    return result


def _group_alive(pgid: int) -> bool:
    """Whether the job's process group outlives a generous grace period.

    A server stopped with SIGTERM exits within milliseconds; the grace only
    absorbs a loaded machine's scheduling delays.
    """
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.05)
    return True


# -- the tests ---------------------------------------------------------------------------


def test_every_block_is_marked() -> None:
    unmarked = [f"line {b.line} ({b.lang or 'no language'})" for b in BLOCKS if b.action is None]
    assert not unmarked, "blocks without a <!-- snippet: ... --> marker: " + ", ".join(unmarked)


def test_both_projects_and_both_ci_systems_are_covered() -> None:
    kinds = {(b.project, b.lang) for b in RUNS}
    assert {("python", "sh"), ("node", "sh"), ("python", "yaml"), ("node", "yaml")} <= kinds
    texts = "\n".join(b.text for b in RUNS if b.lang == "yaml")
    assert "runs-on:" in texts  # GitHub Actions
    assert "script:" in texts  # GitLab CI


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.action == "ready-line"])
def test_the_ready_line_is_what_the_server_prints(block: Block) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "redistill", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().rstrip("\n")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0, "SIGTERM stops the server with exit status 0"
    shown = re.sub(r"(ready on [^ ]*):\d+ ", rf"\1:{PORT} ", line)
    assert shown == block.text.strip()


@pytest.mark.parametrize("block", RUNS, ids=[b.id for b in RUNS])
def test_snippet_runs(block: Block, tmp_path: Path) -> None:
    assert block.project is not None
    project = make_project(block.project, tmp_path)
    script, env = shell_script(block)
    assert "redistill-server" in script, "a job snippet starts redistill-server"
    if "redis-cli" in script and shutil.which("redis-cli") is None:
        pytest.fail("this snippet needs redis-cli: apt-get install redis-tools")
    result = run_script(script, env, project)
    assert result.returncode == 0, f"exit {result.returncode}; output:\n{result.stdout}"
    ran = re.search(r"\b[1-9]\d* passed\b|^# pass [1-9]", result.stdout, re.MULTILINE)
    assert ran, f"the job ran no test; output:\n{result.stdout}"
