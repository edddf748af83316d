"""Server commands: INFO, CONFIG, COMMAND, TIME, DBSIZE-like introspection."""

from __future__ import annotations
