"""Clocks: the only source of time for data (TTLs, TIME, idle times).

``VirtualClock`` starts at the wall-clock time when it is created and stays
frozen until a test moves it; ``SystemClock`` reads ``time.time()`` on every call,
so freezegun and time-machine patches reach it.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol, Union

# The loop's own timers use the raw monotonic clock through clock_gettime, which
# freezegun does not patch, so a frozen test cannot stall the server thread.
_CLOCK_MONOTONIC = time.CLOCK_MONOTONIC
_clock_gettime = time.clock_gettime


def monotonic() -> float:
    """Real monotonic seconds, immune to time-freezing libraries."""
    return _clock_gettime(_CLOCK_MONOTONIC)


Seconds = Union[int, float, timedelta]
When = Union[int, float, datetime]


class Clock(Protocol):
    """What the server needs from a clock."""

    def time(self) -> float:
        """Unix time in seconds."""
        ...

    def time_ms(self) -> int:
        """Unix time in milliseconds."""
        ...

    def time_us(self) -> int:
        """Unix time in microseconds."""
        ...


def _seconds(value: Seconds) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected seconds as a number or timedelta, got {type(value).__name__}")
    return float(value)


def _epoch_us(when: When) -> int:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            # Naive datetimes are local time, as datetime.timestamp() reads them.
            return round(when.timestamp() * 1_000_000)
        delta = when - datetime(1970, 1, 1, tzinfo=timezone.utc)
        return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    if isinstance(when, bool) or not isinstance(when, (int, float)):
        raise TypeError(f"expected a datetime or unix seconds, got {type(when).__name__}")
    return round(when * 1_000_000)


class SystemClock:
    """The real time, read from ``time.time()`` on every call."""

    #: it moves by itself (servers purge expired keys on a timer)
    frozen = False

    def time(self) -> float:
        return time.time()

    def time_ms(self) -> int:
        return int(time.time() * 1000)

    def time_us(self) -> int:
        return int(time.time() * 1_000_000)

    def __repr__(self) -> str:
        return "SystemClock()"


class VirtualClock:
    """A clock that tests control.

    It starts at ``start`` (default: the wall-clock time now) and is frozen
    until moved with :meth:`advance` or :meth:`set`, or until :meth:`tick`
    lets it follow real time from its current reading.
    """

    def __init__(self, start: When | None = None, *, tick: bool = False) -> None:
        self._lock = threading.Lock()
        self._us = _epoch_us(start) if start is not None else int(time.time() * 1_000_000)
        self._start_us = self._us
        self._ticking_since: float | None = monotonic() if tick else None
        #: False while it follows real time (after :meth:`tick`): servers then
        #: purge expired keys on a timer. A plain attribute, as the event loop
        #: reads it on every pass.
        self.frozen = not tick
        #: the reading while frozen, None while ticking (what the reading methods
        #: return when frozen, and what a caller in a hot path, the command log,
        #: reads instead of calling one)
        self.frozen_us: int | None = None if tick else self._us
        self._listeners: list[Callable[[], None]] = []

    # -- reading -----------------------------------------------------------
    def time_us(self) -> int:
        us = self.frozen_us
        if us is not None:
            return us
        since = self._ticking_since
        if since is None:  # (frozen by another thread between the two reads)
            return self._us
        return self._us + int((monotonic() - since) * 1_000_000)

    def time_ms(self) -> int:
        us = self.frozen_us  # (frozen: no second call; keyspaces read it on every TTL check)
        return (self.time_us() if us is None else us) // 1000

    def time(self) -> float:
        return self.time_us() / 1_000_000

    def now(self) -> datetime:
        """The clock's time as an aware UTC datetime."""
        return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=self.time_us())

    @property
    def start_time(self) -> float:
        """Unix seconds at which the clock started (what ``reset`` returns to)."""
        return self._start_us / 1_000_000

    # -- moving ------------------------------------------------------------
    def advance(self, seconds: Seconds) -> None:
        """Move the clock forward (or back, with a negative amount)."""
        delta = round(_seconds(seconds) * 1_000_000)
        with self._lock:
            self._us += delta
            if self._ticking_since is None:
                self.frozen_us = self._us
        self._moved()

    def set(self, when: When) -> None:
        """Jump to ``when`` (a datetime or unix seconds)."""
        target = _epoch_us(when)
        with self._lock:
            self._us = target
            if self._ticking_since is not None:
                self._ticking_since = monotonic()
            else:
                self.frozen_us = target
        self._moved()

    def freeze(self) -> None:
        """Stop following real time; the clock keeps its current reading."""
        with self._lock:
            self._us = self.frozen_us = self.time_us()
            self._ticking_since = None
            self.frozen = True

    def tick(self) -> None:
        """Follow real time from the current reading on."""
        with self._lock:
            self._us = self.time_us()
            self._ticking_since = monotonic()
            self.frozen = False
            self.frozen_us = None
        self._moved()

    def reset(self) -> None:
        """Return to the start time, frozen."""
        with self._lock:
            self._us = self.frozen_us = self._start_us
            self._ticking_since = None
            self.frozen = True
        self._moved()

    # -- listeners (servers purge expired keys when the clock moves) --------
    def add_listener(self, fn: Callable[[], None]) -> None:
        self._listeners.append(fn)

    def remove_listener(self, fn: Callable[[], None]) -> None:
        try:
            self._listeners.remove(fn)
        except ValueError:
            pass

    def _moved(self) -> None:
        for fn in list(self._listeners):
            fn()

    def __repr__(self) -> str:
        state = "frozen" if self.frozen else "ticking"
        return f"VirtualClock({self.now().isoformat()}, {state})"
