"""Root conftest: lets the suite run from a source checkout.

The plugin is normally activated by the ``pytest11`` entry point of the
installed distribution; when the package is not installed (a bare checkout on
``PYTHONPATH``), load it here so the fixtures exist either way.
"""

from __future__ import annotations

import importlib.metadata

_installed = any(
    ep.value.startswith("pytest_redistill")
    for ep in importlib.metadata.entry_points(group="pytest11")
)
pytest_plugins = [] if _installed else ["pytest_redistill.plugin"]
