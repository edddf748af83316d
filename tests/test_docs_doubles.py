"""docs/faults.md and docs/command-log.md: every ```python block runs."""

from __future__ import annotations

import importlib.metadata
import re
import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("faults.md", "command-log.md")

_INSTALLED = any(
    ep.value.startswith("pytest_redistill")
    for ep in importlib.metadata.entry_points(group="pytest11")
)


def blocks(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [textwrap.dedent(b) for b in re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_python_examples(page: str) -> None:
    assert len(blocks(page)) >= 4


@pytest.mark.parametrize("page", PAGES)
def test_the_python_examples_run(pytester: pytest.Pytester, page: str) -> None:
    files: dict[str, str] = {}
    for i, block in enumerate(blocks(page)):
        if re.search(r"^(async )?def test_", block, re.M):
            files[f"test_doc_{i:02d}"] = block
        else:  # a plain script: run it as one test
            files[f"test_doc_{i:02d}"] = "def test_block():\n" + textwrap.indent(block, "    ")
    pytester.makeini("[pytest]\nasyncio_mode = auto\n")
    pytester.makepyfile(**files)
    args = ["-p", "no:cacheprovider", "-p", "no:randomly"]
    args += ["-o", "asyncio_default_fixture_loop_scope=function"]
    if not _INSTALLED:
        args += ["-p", "pytest_redistill.plugin"]
    result = pytester.runpytest(*args)
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes.get("errors", 0) == 0, result.stdout.str()
    assert outcomes.get("passed", 0) == len(files)
