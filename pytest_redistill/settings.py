"""How a test's servers and clients are configured.

Four layers, each overriding the one before: built-in defaults, ini options
(``redistill_clock = system``), command-line options (``--redistill-clock
system``) and ``@pytest.mark.redistill(...)`` markers from the module down to
the test (the closest marker wins, argument by argument).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Union

from redistill import Server
from redistill.clock import Clock, SystemClock, VirtualClock
from redistill.profiles import PROFILES

__all__ = ["MARKER_ARGUMENTS", "SUITE_OPTIONS", "Settings", "SettingsError"]

When = Union[datetime, int, float, None]


class SettingsError(ValueError):
    """A configuration value that cannot be used (the message says why)."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the fixtures need to build a test's server and clients."""

    #: ``"virtual"`` (frozen unless moved), ``"system"`` (real time), or a Clock
    clock: str | Clock = "virtual"
    #: where a virtual clock starts (datetime or unix seconds; None: now)
    start: When = None
    #: a virtual clock that follows real time from its start
    tick: bool = False
    requirepass: str | None = None
    databases: int = 16
    profile: str = "redis"
    #: extra server config parameters (``{"maxclients": 10}``)
    config: Mapping[str, Any] | None = None
    #: keys to load before the test (``{key: value}``)
    data: Mapping[Any, Any] | None = None
    #: TTL for the loaded keys: seconds for all, or ``{key: seconds}``
    ttl: Any = None
    #: RESP version of the client fixtures (None: redis-py's default)
    protocol: int | None = None
    decode_responses: bool = False

    def make_clock(self) -> Clock:
        if not isinstance(self.clock, str):
            return self.clock
        if self.clock == "system":
            return SystemClock()
        return VirtualClock(self.start, tick=self.tick)

    def server_kwargs(self) -> dict[str, Any]:
        return {
            "clock": self.make_clock(),
            "requirepass": self.requirepass,
            "databases": self.databases,
            "profile": self.profile,
            "config": dict(self.config) if self.config else None,
        }

    def make_server(self) -> Server:
        """A server built from these settings (not started, nothing loaded)."""
        return Server(**self.server_kwargs())

    def client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"decode_responses": self.decode_responses}
        if self.protocol is not None:
            kwargs["protocol"] = self.protocol
        return kwargs

    def merged(self, values: Mapping[str, Any]) -> Settings:
        """These settings with ``values`` (already checked) on top, re-checked as a whole."""
        new = dataclasses.replace(self, **values) if values else self
        new.check()
        return new

    def check(self) -> None:
        """Reject combinations that make no sense."""
        if self.clock != "virtual":
            given = [n for n in ("start", "tick") if getattr(self, n) not in (None, False)]
            if given:
                names = " and ".join(given)
                raise SettingsError(
                    f"{names} only apply to the virtual clock, but clock={self.clock!r}"
                )
        if self.ttl is not None and self.data is None:
            raise SettingsError("ttl= gives TTLs to the keys of data=, but no data= was given")


# ---------------------------------------------------------------------------
# value parsers: each takes what a user wrote (marker value, or ini / command
# line text) and returns the setting, or raises SettingsError


def _clock(value: Any) -> Any:
    if isinstance(value, str):
        if value not in ("virtual", "system"):
            raise SettingsError(f"clock must be 'virtual' or 'system', got {value!r}")
        return value
    if all(hasattr(value, m) for m in ("time", "time_ms", "time_us")):
        return value
    raise SettingsError(f"clock must be 'virtual', 'system' or a Clock, got {value!r}")


def _start(value: Any) -> Any:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return float(text)
        except ValueError:
            pass
        try:
            when = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            raise SettingsError(
                f"start must be a datetime, unix seconds or an ISO 8601 time, got {value!r}"
            ) from None
        # A time without a zone is read as UTC, so a suite means the same everywhere.
        return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
    raise SettingsError(
        f"start must be a datetime, unix seconds or an ISO 8601 time, got {value!r}"
    )


def _bool(name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUTH:
            return _TRUTH[value.strip().lower()]
        raise SettingsError(f"{name} must be True or False, got {value!r}")

    return parse


_TRUTH = {"1": True, "true": True, "yes": True, "on": True}
_TRUTH.update({"0": False, "false": False, "no": False, "off": False})


def _requirepass(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, str):
        return value
    raise SettingsError(f"requirepass must be a string, got {value!r}")


def _databases(value: Any) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if isinstance(value, (bool, float)) or n < 1:
        raise SettingsError(f"databases must be a whole number of at least 1, got {value!r}")
    return n


def _profile(value: Any) -> str:
    if value not in PROFILES:
        raise SettingsError(
            f"profile must be one of {', '.join(map(repr, PROFILES))}, got {value!r}"
        )
    return str(value)


def _protocol(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if value in (2, 3, "2", "3") and not isinstance(value, bool):
        return int(value)
    raise SettingsError(f"protocol must be 2 or 3, got {value!r}")


def _mapping(name: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        if value is None or isinstance(value, Mapping):
            return value
        raise SettingsError(f"{name} must be a mapping, got {type(value).__name__}")

    return parse


def _ttl(value: Any) -> Any:
    if value is None or isinstance(value, (Mapping, timedelta)):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return value
    raise SettingsError(
        f"ttl must be seconds for every key of data= or a mapping {{key: seconds}}, got {value!r}"
    )


#: every marker argument and how its value is read
MARKER_ARGUMENTS: dict[str, Callable[[Any], Any]] = {
    "clock": _clock,
    "start": _start,
    "tick": _bool("tick"),
    "requirepass": _requirepass,
    "databases": _databases,
    "profile": _profile,
    "config": _mapping("config"),
    "data": _mapping("data"),
    "ttl": _ttl,
    "protocol": _protocol,
    "decode_responses": _bool("decode_responses"),
}

#: the settings a suite can default with ini and command-line options: help text
SUITE_OPTIONS: dict[str, str] = {
    "clock": "clock of redistill servers: virtual (frozen unless moved; default) or system",
    "start": "virtual clock start: ISO 8601 time (UTC unless a zone is given) or unix seconds",
    "tick": "let the virtual clock follow real time from its start (true/false)",
    "requirepass": "password of redistill servers",
    "databases": "number of databases of redistill servers (default 16)",
    "profile": "command profile of redistill servers: redis (default) or redistill",
    "protocol": "RESP version of the redistill client fixtures: 2 or 3 (default: redis-py's)",
    "decode_responses": "client fixtures return str instead of bytes (true/false)",
}


def parse_marker_kwargs(kwargs: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check one marker's arguments; SettingsError names the bad one and the good ones."""
    values = {}
    for name, raw in kwargs.items():
        parse = MARKER_ARGUMENTS.get(name)
        if parse is None:
            close = difflib.get_close_matches(name, MARKER_ARGUMENTS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SettingsError(
                f"{where}: unknown argument {name!r}{hint}; "
                f"known arguments: {', '.join(MARKER_ARGUMENTS)}"
            )
        try:
            values[name] = parse(raw)
        except SettingsError as exc:
            raise SettingsError(f"{where}: {exc}") from None
    return values


def parse_suite_option(name: str, text: Any) -> Any:
    return MARKER_ARGUMENTS[name](text)
