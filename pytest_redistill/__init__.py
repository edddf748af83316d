"""pytest plugin for redistill: fresh Redis-protocol servers, time travel, assertions.

Installing the distribution activates the plugin through its ``pytest11`` entry
point (``pytest_redistill.plugin``). The fixtures are ``redistill_server``,
``redistill_client``, ``redistill_async_client``, ``redistill_clock``,
``redistill_url`` and ``redistill_server_factory``; ``@pytest.mark.redistill(...)``
configures them per test, class or module. See docs/pytest.md.
"""

import pytest

# Before anything imports it: pytest rewrites the asserts of the helper module
# so that their failures are explained like a test's own.
pytest.register_assert_rewrite("pytest_redistill.assertions")

from .settings import MARKER_ARGUMENTS, Settings  # noqa: E402

__all__ = ["MARKER_ARGUMENTS", "Settings"]
