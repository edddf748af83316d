"""The CONFIG parameter table: names, types, defaults, bounds and mutability.

Values are kept as the bytes CONFIG GET returns; typed getters parse them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import CommandError

if TYPE_CHECKING:
    from .server import Server

_MEM_UNITS = {
    b"": 1,
    b"b": 1,
    b"k": 1000,
    b"kb": 1024,
    b"m": 1000**2,
    b"mb": 1024**2,
    b"g": 1000**3,
    b"gb": 1024**3,
}


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # 'int' | 'memory' | 'bool' | 'enum' | 'string' | 'special'
    default: bytes
    lo: int = 0
    hi: int = 2**63 - 1
    choices: tuple[str, ...] = ()
    mutable: bool = True
    alias: str | None = None


_I64 = 2**63 - 1
_U32 = 2**32 - 1
_POLICIES = (
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "noeviction",
)

PARAMS: tuple[Param, ...] = (
    Param("port", "int", b"6379", 0, 65535, mutable=False),
    Param("bind", "string", b"127.0.0.1", mutable=False),
    Param("databases", "int", b"16", 1, 2**31 - 1, mutable=False),
    Param("requirepass", "string", b""),
    Param("maxclients", "int", b"10000", 1, _U32),
    Param("maxmemory", "memory", b"0", 0, _I64),
    Param("maxmemory-policy", "enum", b"noeviction", choices=_POLICIES),
    Param("maxmemory-samples", "int", b"5", 1, 64),
    Param("proto-max-bulk-len", "memory", b"536870912", 1024 * 1024, _I64),
    Param("client-query-buffer-limit", "memory", b"1073741824", 1024 * 1024, _I64),
    Param("timeout", "int", b"0", 0, 2**31 - 1),
    Param("tcp-keepalive", "int", b"300", 0, 2**31 - 1),
    Param("tcp-backlog", "int", b"511", 0, 2**31 - 1, mutable=False),
    Param("hz", "int", b"10", 0, 2**31 - 1),
    Param("dynamic-hz", "bool", b"yes"),
    Param("loglevel", "enum", b"notice", choices=("debug", "verbose", "notice", "warning")),
    Param("logfile", "string", b"", mutable=False),
    Param("daemonize", "bool", b"no", mutable=False),
    Param("protected-mode", "bool", b"yes"),
    Param("appendonly", "bool", b"no"),
    Param("appendfsync", "enum", b"everysec", choices=("always", "everysec", "no")),
    Param("appendfilename", "string", b"appendonly.aof", mutable=False),
    Param("dbfilename", "string", b"dump.rdb"),
    Param("dir", "string", b""),
    Param("save", "string", b""),
    Param("lazyfree-lazy-eviction", "bool", b"no"),
    Param("lazyfree-lazy-expire", "bool", b"no"),
    Param("lazyfree-lazy-server-del", "bool", b"no"),
    Param("lazyfree-lazy-user-del", "bool", b"no"),
    Param("lazyfree-lazy-user-flush", "bool", b"no"),
    Param("notify-keyspace-events", "string", b""),
    Param("hash-max-listpack-entries", "int", b"512", 0, _I64),
    Param("hash-max-listpack-value", "int", b"64", 0, _I64),
    Param("hash-max-ziplist-entries", "int", b"512", 0, _I64, alias="hash-max-listpack-entries"),
    Param("hash-max-ziplist-value", "int", b"64", 0, _I64, alias="hash-max-listpack-value"),
    Param("list-max-listpack-size", "int", b"-2", -(2**31), 2**31 - 1),
    Param("set-max-intset-entries", "int", b"512", 0, _I64),
    Param("zset-max-listpack-entries", "int", b"128", 0, _I64),
    Param("zset-max-listpack-value", "int", b"64", 0, _I64),
    Param("slowlog-log-slower-than", "int", b"10000", -1, _I64),
    Param("slowlog-max-len", "int", b"128", 0, _I64),
    Param("latency-monitor-threshold", "int", b"0", 0, _I64),
    Param("active-expire-effort", "int", b"1", 1, 10),
    Param("lfu-log-factor", "int", b"10", 0, 2**31 - 1),
    Param("lfu-decay-time", "int", b"1", 0, 2**31 - 1),
    Param("replica-read-only", "bool", b"yes"),
    Param("cluster-enabled", "bool", b"no", mutable=False),
    Param("io-threads", "int", b"1", 1, 128, mutable=False),
    Param("enable-debug-command", "enum", b"no", choices=("no", "yes", "local"), mutable=False),
)

_BY_NAME = {p.name: p for p in PARAMS}


def parse_memory(raw: bytes) -> int | None:
    """Parse '100', '1mb', '5gb' (Redis's memtoull); None if invalid."""
    s = raw.lower()
    i = len(s)
    while i > 0 and s[i - 1 : i].isalpha():
        i -= 1
    num, unit = s[:i], s[i:]
    mul = _MEM_UNITS.get(unit)
    if mul is None or not num or not num.isdigit():
        return None
    return int(num) * mul


class Config:
    """A server's live configuration."""

    def __init__(self, server: Server | None = None) -> None:
        self.server = server
        self._values: dict[str, bytes] = {p.name: p.default for p in PARAMS if p.alias is None}
        self._ints: dict[str, int] = {}

    def _canonical(self, name: str) -> Param | None:
        p = _BY_NAME.get(name)
        if p is not None and p.alias is not None:
            return _BY_NAME[p.alias]
        return p

    def set_initial(self, name: str, value: bytes) -> None:
        """Set at start-up (immutable parameters too); raises ValueError if invalid."""
        p = self._canonical(name)
        if p is None:
            raise ValueError(f"unknown config parameter {name!r}")
        err = self._validate(p, value)
        if err is not None:
            raise ValueError(f"invalid value for {name!r}: {err}")
        self._store(p, value)

    def _store(self, p: Param, value: bytes) -> None:
        if p.kind == "bool":
            value = value.lower()
        elif p.kind == "enum":
            value = value.lower()
        elif p.kind == "memory":
            value = b"%d" % parse_memory(value)  # type: ignore[str-format]
        self._values[p.name] = value
        self._ints.pop(p.name, None)

    def _validate(self, p: Param, value: bytes) -> str | None:
        if p.kind == "int":
            try:
                n = int(value)
            except ValueError:
                return "argument couldn't be parsed into an integer"
            if not p.lo <= n <= p.hi:
                return f"argument must be between {p.lo} and {p.hi} inclusive"
        elif p.kind == "memory":
            n2 = parse_memory(value)
            if n2 is None:
                return "argument must be a memory value"
            if not p.lo <= n2 <= p.hi:
                return f"argument must be between {p.lo} and {p.hi} inclusive"
        elif p.kind == "bool":
            if value.lower() not in (b"yes", b"no"):
                return "argument must be 'yes' or 'no'"
        elif p.kind == "enum" and value.lower().decode("latin-1") not in p.choices:
            return "argument(s) must be one of the following: " + ", ".join(p.choices)
        return None

    def get(self, name: str) -> bytes:
        p = self._canonical(name)
        if p is None:
            raise KeyError(name)
        return self._values[p.name]

    def get_int(self, name: str) -> int:
        v = self._ints.get(name)
        if v is None:
            v = int(self.get(name))
            self._ints[name] = v
        return v

    def get_bool(self, name: str) -> bool:
        return self.get(name) == b"yes"

    def items(self) -> list[tuple[str, bytes]]:
        """Every parameter name (aliases included) with its value."""
        return [(p.name, self.get(p.name)) for p in PARAMS]

    def config_set(self, pairs: list[tuple[bytes, bytes]]) -> None:
        """CONFIG SET semantics: all-or-nothing, Redis's error texts."""
        seen: set[str] = set()
        resolved: list[tuple[Param, bytes]] = []
        for raw_name, value in pairs:
            name = raw_name.decode("latin-1").lower()
            p = self._canonical(name)
            if p is None:
                raise CommandError(
                    "ERR Unknown option or number of arguments for CONFIG SET - '"
                    + raw_name.decode("latin-1")
                    + "'"
                )
            if p.name in seen:
                raise _set_failed(raw_name, "duplicate parameter")
            seen.add(p.name)
            if not p.mutable:
                raise _set_failed(raw_name, "can't set immutable config")
            err = self._validate(p, value)
            if err is not None:
                raise _set_failed(raw_name, err)
            resolved.append((p, value))
        for p, value in resolved:
            self._store(p, value)
            if self.server is not None:
                self.server.on_config_change(p.name)


def _set_failed(name: bytes, why: str) -> CommandError:
    return CommandError(
        "ERR CONFIG SET failed (possibly related to argument '"
        + name.decode("latin-1")
        + "') - "
        + why
    )
