"""pytest fixtures for redistill (filled in by the pytest-plugin issue)."""

from __future__ import annotations
