"""Generic key commands and expiry."""

from __future__ import annotations
