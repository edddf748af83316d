"""The CONFIG parameter table: names, types, defaults, bounds and mutability.

The table follows Redis 7.2's own (names, aliases, defaults, bounds, which
parameters are immutable or protected), so ``CONFIG GET *`` lists what a real
server lists and ``CONFIG SET`` refuses what it refuses, with the same words.

Values are kept as the bytes CONFIG GET returns; typed getters parse them.
A few parameters differ on purpose because redistill is a test double:
``port`` and ``bind`` cannot be changed at run time (the server would have to
re-listen), ``save`` defaults to empty (nothing is ever written to disk) and
``dir`` is the working directory of the process.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import CommandError
from .keyspace import glob_matcher
from .protocol import string2ll

if TYPE_CHECKING:
    from .server import Server

#: The Redis version redistill answers as (HELLO, INFO, LOLWUT ...).
REDIS_VERSION = "7.2.4"

_I32 = 2**31 - 1
_U32 = 2**32 - 1
_I64 = 2**63 - 1
_U64 = 2**64 - 1

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
    """One parameter (or one alias of a parameter, when ``alias`` is set).

    ``kind`` is ``'bool'``, ``'string'``, ``'enum'``, ``'int'``, ``'memory'``
    (an int that also takes 1kb/5mb/2gb units) or ``'special'`` (own parser).
    For an alias entry ``alias`` names the parameter whose value it shares.
    """

    name: str
    kind: str
    default: bytes
    lo: int = 0
    hi: int = _I64
    choices: tuple[str, ...] = ()
    mutable: bool = True
    alias: str | None = None
    protected: bool = False
    #: values may also be given as a percentage ("10%"), kept negative inside
    percent: bool = False
    #: written and read in octal (unixsocketperm)
    octal: bool = False
    #: a C unsigned type: negative input wraps around before the bounds check
    unsigned: bool = False
    #: left out of CONFIG GET patterns (an exact name still finds it)
    hidden: bool = False


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
_PROTECTED = ("no", "yes", "local")
_SHUTDOWN = ("default", "save", "nosave", "now", "force")

#: enum values that are synonyms of an earlier name (CONFIG GET shows the first)
_ENUM_SYNONYMS = {("oom-score-adj", "relative"): "yes"}


def _entries(
    name: str,
    kind: str,
    default: bytes,
    alias: str | None,
    **kw: object,
) -> list[Param]:
    out = [Param(name, kind, default, **kw)]  # type: ignore[arg-type]
    if alias is not None:
        out.append(Param(alias, kind, default, alias=name, **kw))  # type: ignore[arg-type]
    return out


def _bool(
    name: str, default: bool, alias: str | None = None, mutable: bool = True, hidden: bool = False
) -> list[Param]:
    value = b"yes" if default else b"no"
    return _entries(name, "bool", value, alias, mutable=mutable, hidden=hidden)


def _str(
    name: str,
    default: str,
    alias: str | None = None,
    mutable: bool = True,
    protected: bool = False,
) -> list[Param]:
    return _entries(name, "string", default.encode(), alias, mutable=mutable, protected=protected)


def _enum(
    name: str,
    choices: tuple[str, ...],
    default: str,
    alias: str | None = None,
    mutable: bool = True,
) -> list[Param]:
    return _entries(name, "enum", default.encode(), alias, choices=choices, mutable=mutable)


def _num(
    name: str,
    lo: int,
    hi: int,
    default: int,
    memory: bool = False,
    percent: bool = False,
    octal: bool = False,
    unsigned: bool = False,
    alias: str | None = None,
    mutable: bool = True,
    hidden: bool = False,
) -> list[Param]:
    value = (b"%o" % default) if octal else (b"%d" % default)
    return _entries(
        name,
        "memory" if memory else "int",
        value,
        alias,
        lo=lo,
        hi=hi,
        percent=percent,
        octal=octal,
        unsigned=unsigned,
        mutable=mutable,
        hidden=hidden,
    )


def _special(
    name: str,
    default: bytes,
    alias: str | None = None,
    mutable: bool = True,
    protected: bool = False,
) -> list[Param]:
    return _entries(name, "special", default, alias, mutable=mutable, protected=protected)


_TABLE: list[list[Param]] = [
    _bool("rdbchecksum", True, mutable=False),
    _bool("daemonize", False, mutable=False),
    _bool("io-threads-do-reads", False, mutable=False),
    _bool("always-show-logo", False, mutable=False),
    _bool("protected-mode", True),
    _bool("rdbcompression", True),
    _bool("rdb-del-sync-files", False),
    _bool("activerehashing", True),
    _bool("stop-writes-on-bgsave-error", True),
    _bool("set-proc-title", True, mutable=False),
    _bool("dynamic-hz", True),
    _bool("lazyfree-lazy-eviction", False),
    _bool("lazyfree-lazy-expire", False),
    _bool("lazyfree-lazy-server-del", False),
    _bool("lazyfree-lazy-user-del", False),
    _bool("lazyfree-lazy-user-flush", False),
    _bool("repl-disable-tcp-nodelay", False),
    _bool("repl-diskless-sync", True),
    _bool("aof-rewrite-incremental-fsync", True),
    _bool("no-appendfsync-on-rewrite", False),
    _bool("cluster-require-full-coverage", True),
    _bool("rdb-save-incremental-fsync", True),
    _bool("aof-load-truncated", True),
    _bool("aof-use-rdb-preamble", True),
    _bool("aof-timestamp-enabled", False),
    _bool("cluster-replica-no-failover", False, alias="cluster-slave-no-failover"),
    _bool("replica-lazy-flush", False, alias="slave-lazy-flush"),
    _bool("replica-serve-stale-data", True, alias="slave-serve-stale-data"),
    _bool("replica-read-only", True, alias="slave-read-only"),
    _bool("replica-ignore-maxmemory", True, alias="slave-ignore-maxmemory"),
    _bool("jemalloc-bg-thread", True),
    _bool("activedefrag", False),
    _bool("syslog-enabled", False, mutable=False),
    _bool("cluster-enabled", False, mutable=False),
    _bool("appendonly", False),
    _bool("cluster-allow-reads-when-down", False),
    _bool("cluster-allow-pubsubshard-when-down", True),
    _bool("crash-log-enabled", True),
    _bool("crash-memcheck-enabled", True),
    _bool("disable-thp", True, mutable=False),
    _bool("cluster-allow-replica-migration", True),
    _bool("replica-announced", True),
    _bool("latency-tracking", True),
    _bool("replica-ignore-disk-write-errors", False),
    _bool("use-exit-on-panic", False, hidden=True),
    _bool("aof-disable-auto-gc", False, hidden=True),
    _str("aclfile", "", mutable=False),
    _str("unixsocket", "", mutable=False),
    _str("pidfile", "", mutable=False),
    _str("replica-announce-ip", "", alias="slave-announce-ip"),
    _str("masteruser", ""),
    _str("cluster-announce-ip", ""),
    _str("cluster-config-file", "nodes.conf", mutable=False),
    _str("cluster-announce-hostname", ""),
    _str("cluster-announce-human-nodename", ""),
    _str("syslog-ident", "redis", mutable=False),
    _str("dbfilename", "dump.rdb", protected=True),
    _str("appendfilename", "appendonly.aof", mutable=False),
    _str("appenddirname", "appendonlydir", mutable=False),
    _str("server_cpulist", "", mutable=False),
    _str("bio_cpulist", "", mutable=False),
    _str("aof_rewrite_cpulist", "", mutable=False),
    _str("bgsave_cpulist", "", mutable=False),
    _str("ignore-warnings", ""),
    _str("proc-title-template", "{title} {listen-addr} {server-mode}"),
    _str("bind-source-addr", ""),
    _str("logfile", "", mutable=False),
    _str("locale-collate", ""),
    _str("masterauth", ""),
    _str("requirepass", ""),
    _enum("supervised", ("upstart", "systemd", "auto", "no"), "no", mutable=False),
    _enum(
        "syslog-facility",
        ("user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"),
        "local0",
        mutable=False,
    ),
    _enum("repl-diskless-load", ("disabled", "on-empty-db", "swapdb"), "disabled"),
    _enum("loglevel", ("debug", "verbose", "notice", "warning", "nothing"), "notice"),
    _enum("maxmemory-policy", _POLICIES, "noeviction"),
    _enum("appendfsync", ("everysec", "always", "no"), "everysec"),
    _enum("oom-score-adj", ("no", "yes", "relative", "absolute"), "no"),
    _enum("acl-pubsub-default", ("allchannels", "resetchannels"), "resetchannels"),
    _enum("sanitize-dump-payload", ("no", "yes", "clients"), "no"),
    _enum("enable-protected-configs", _PROTECTED, "no", mutable=False),
    _enum("enable-debug-command", _PROTECTED, "no", mutable=False),
    _enum("enable-module-command", _PROTECTED, "no", mutable=False),
    _enum("cluster-preferred-endpoint-type", ("ip", "hostname", "unknown-endpoint"), "ip"),
    _enum("propagation-error-behavior", ("ignore", "panic", "panic-on-replicas"), "ignore"),
    _enum("shutdown-on-sigint", _SHUTDOWN, "default"),
    _enum("shutdown-on-sigterm", _SHUTDOWN, "default"),
    _num("databases", 1, _I32, 16, mutable=False),
    # Redis can re-listen on CONFIG SET port; a test double cannot do so safely.
    _num("port", 0, 65535, 6379, mutable=False),
    _num("io-threads", 1, 128, 1, mutable=False),
    _num("auto-aof-rewrite-percentage", 0, _I32, 100),
    _num("cluster-replica-validity-factor", 0, _I32, 10, alias="cluster-slave-validity-factor"),
    _num("list-max-listpack-size", -_I32 - 1, _I32, -2, alias="list-max-ziplist-size"),
    _num("tcp-keepalive", 0, _I32, 300),
    _num("cluster-migration-barrier", 0, _I32, 1),
    _num("active-defrag-cycle-min", 1, 99, 1),
    _num("active-defrag-cycle-max", 1, 99, 25),
    _num("active-defrag-threshold-lower", 0, 1000, 10),
    _num("active-defrag-threshold-upper", 0, 1000, 100),
    _num("lfu-log-factor", 0, _I32, 10),
    _num("lfu-decay-time", 0, _I32, 1),
    _num("replica-priority", 0, _I32, 100, alias="slave-priority"),
    _num("repl-diskless-sync-delay", 0, _I32, 5),
    _num("maxmemory-samples", 1, _I32, 5),
    _num("maxmemory-eviction-tenacity", 0, 100, 10),
    _num("timeout", 0, _I32, 0),
    _num("replica-announce-port", 0, 65535, 0, alias="slave-announce-port"),
    _num("tcp-backlog", 0, _I32, 511, mutable=False),
    _num("cluster-port", 0, 65535, 0, mutable=False),
    _num("cluster-announce-bus-port", 0, 65535, 0),
    _num("cluster-announce-port", 0, 65535, 0),
    _num("cluster-announce-tls-port", 0, 65535, 0),
    _num("repl-timeout", 1, _I32, 60),
    _num("repl-ping-replica-period", 1, _I32, 10, alias="repl-ping-slave-period"),
    _num("list-compress-depth", 0, _I32, 0),
    _num("active-expire-effort", 1, 10, 1),
    _num("hz", 0, _I32, 10),
    _num("min-replicas-to-write", 0, _I32, 0, alias="min-slaves-to-write"),
    _num("min-replicas-max-lag", 0, _I32, 10, alias="min-slaves-max-lag"),
    _num("rdb-key-save-delay", -_I32 - 1, _I32, 0, hidden=True),
    _num("key-load-delay", -_I32 - 1, _I32, 0, hidden=True),
    _num("watchdog-period", 0, _I32, 0, hidden=True),
    _num("shutdown-timeout", 0, _I32, 10),
    _num("repl-diskless-sync-max-replicas", 0, _I32, 0),
    _num("maxclients", 1, _U32, 10000, unsigned=True),
    _num("unixsocketperm", 0, 0o777, 0, octal=True, unsigned=True, mutable=False),
    _num("socket-mark-id", 0, _U32, 0, unsigned=True, mutable=False),
    _num("active-defrag-max-scan-fields", 1, _I64, 1000),
    _num("slowlog-max-len", 0, _I64, 128),
    _num("acllog-max-len", 0, _I64, 128),
    _num("busy-reply-threshold", 0, _I64, 5000, alias="lua-time-limit"),
    _num("cluster-node-timeout", 0, _I64, 15000),
    _num("cluster-ping-interval", 0, _I64, 0, hidden=True),
    _num("slowlog-log-slower-than", -1, _I64, 10000),
    _num("latency-monitor-threshold", 0, _I64, 0),
    _num("proto-max-bulk-len", 1024 * 1024, _I64, 536870912, memory=True),
    _num("stream-node-max-entries", 0, _I64, 100),
    _num("repl-backlog-size", 1, _I64, 1048576, memory=True),
    _num("maxmemory", 0, _U64, 0, memory=True, unsigned=True),
    _num("cluster-link-sendbuf-limit", 0, _U64, 0, memory=True, unsigned=True),
    _num(
        "hash-max-listpack-entries", 0, _I64, 512, unsigned=True, alias="hash-max-ziplist-entries"
    ),
    _num("set-max-intset-entries", 0, _I64, 512, unsigned=True),
    _num("set-max-listpack-entries", 0, _I64, 128, unsigned=True),
    _num("set-max-listpack-value", 0, _I64, 64, unsigned=True),
    _num(
        "zset-max-listpack-entries", 0, _I64, 128, unsigned=True, alias="zset-max-ziplist-entries"
    ),
    _num("active-defrag-ignore-bytes", 1, _I64, 104857600, memory=True, unsigned=True),
    _num(
        "hash-max-listpack-value",
        0,
        _I64,
        64,
        memory=True,
        unsigned=True,
        alias="hash-max-ziplist-value",
    ),
    _num("stream-node-max-bytes", 0, _I64, 4096, memory=True, unsigned=True),
    _num(
        "zset-max-listpack-value",
        0,
        _I64,
        64,
        memory=True,
        unsigned=True,
        alias="zset-max-ziplist-value",
    ),
    _num("hll-sparse-max-bytes", 0, _I64, 3000, memory=True, unsigned=True),
    _num("tracking-table-max-keys", 0, _I64, 1000000, unsigned=True),
    _num("client-query-buffer-limit", 1024 * 1024, _I64, 1073741824, memory=True, unsigned=True),
    _num("maxmemory-clients", -100, _I64, 0, memory=True, percent=True),
    _num("repl-backlog-ttl", 0, _I64, 3600),
    _num("auto-aof-rewrite-min-size", 0, _I64, 67108864, memory=True),
    _num("loading-process-events-interval-bytes", 1024, _I32, 2097152, hidden=True),
    _num("tls-port", 0, 65535, 0),
    _num("tls-session-cache-size", 0, _I32, 20480),
    _num("tls-session-cache-timeout", 0, _I32, 300),
    _bool("tls-cluster", False),
    _bool("tls-replication", False),
    _enum("tls-auth-clients", ("no", "yes", "optional"), "yes"),
    _bool("tls-prefer-server-ciphers", False),
    _bool("tls-session-caching", True),
    _str("tls-cert-file", ""),
    _str("tls-key-file", ""),
    _str("tls-key-file-pass", ""),
    _str("tls-client-cert-file", ""),
    _str("tls-client-key-file", ""),
    _str("tls-client-key-file-pass", ""),
    _str("tls-dh-params-file", ""),
    _str("tls-ca-cert-file", ""),
    _str("tls-ca-cert-dir", ""),
    _str("tls-protocols", ""),
    _str("tls-ciphers", ""),
    _str("tls-ciphersuites", ""),
    _special("dir", b"", protected=True),
    # Nothing is ever saved, so the save points default to none.
    _special("save", b""),
    _special(
        "client-output-buffer-limit",
        b"normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    ),
    _special("oom-score-adj-values", b"0 200 800"),
    _special("notify-keyspace-events", b""),
    # Redis re-binds on CONFIG SET bind; a test double cannot do so safely.
    _special("bind", b"127.0.0.1", mutable=False),
    _special("replicaof", b"", alias="slaveof", mutable=False),
    _special("latency-tracking-info-percentiles", b"50 99 99.9"),
]

PARAMS: tuple[Param, ...] = tuple(p for group in _TABLE for p in group)

_BY_NAME: dict[str, Param] = {p.name: p for p in PARAMS}

#: parameters whose value is split on spaces before parsing (Redis's MULTI_ARG_CONFIG)
_MULTI_ARG = frozenset(
    {
        "save",
        "client-output-buffer-limit",
        "oom-score-adj-values",
        "bind",
        "replicaof",
        "latency-tracking-info-percentiles",
        "shutdown-on-sigint",
        "shutdown-on-sigterm",
    }
)

_HZ_MIN = 1
_HZ_MAX = 500


def lookup(name: str) -> Param | None:
    """The table entry for ``name`` (any case; aliases are entries of their own)."""
    return _BY_NAME.get(name.lower())


def parse_memory(raw: bytes) -> int | None:
    """Parse '100', '1mb', '5gb' as Redis's ``memtoull`` does; None if invalid.

    Digits then an optional unit (b, k, kb, m, mb, g, gb, any case). Results
    wrap at 64 bits as in C; a number too big for 64 bits saturates first.
    """
    if raw[:1] == b"-":
        return None
    i = 0
    n = len(raw)
    while i < n and 48 <= raw[i] <= 57:
        i += 1
    mul = _MEM_UNITS.get(raw[i:].lower())
    if mul is None:
        return None
    digits = raw[:i]
    val = min(int(digits), _U64) if digits else 0
    return (val * mul) & _U64


def _to_signed(v: int) -> int:
    v &= _U64
    return v - 2**64 if v > _I64 else v


def _format_percentile(v: float) -> bytes:
    text = b"%f" % v
    if b"." in text:
        text = text.rstrip(b"0").rstrip(b".")
    return text


_NOTIFY_CLASSES = "g$lshzxetdn"
_NOTIFY_ALL = frozenset("g$lshzxetd")


def _notify_flags(raw: bytes) -> set[str] | None:
    flags: set[str] = set()
    for ch in raw.decode("latin-1"):
        if ch == "A":
            flags |= _NOTIFY_ALL
        elif ch in _NOTIFY_CLASSES or ch in "KEm":
            flags.add(ch)
        else:
            return None
    return flags


def _notify_string(flags: set[str]) -> bytes:
    # With every class set Redis prints 'A' alone: no 'n' even when it is set.
    out = "A" if flags >= _NOTIFY_ALL else "".join(ch for ch in _NOTIFY_CLASSES if ch in flags)
    out += "".join(ch for ch in "KEm" if ch in flags)
    return out.encode("latin-1")


def notify_keyspace_flags(value: bytes) -> frozenset[str]:
    """The event classes of a ``notify-keyspace-events`` value ('A' expanded)."""
    return frozenset(_notify_flags(value) or ())


_OBUF_CLASSES = {
    b"normal": b"normal",
    b"slave": b"slave",
    b"replica": b"slave",
    b"pubsub": b"pubsub",
}


def _c_strtoll_full(raw: bytes) -> int | None:
    """``strtoll(s, &end, 10)`` accepted only when it consumed the whole string."""
    s = raw.lstrip(b" \t\n\r\v\f")
    sign = 1
    if s[:1] in (b"+", b"-"):
        sign = -1 if s[:1] == b"-" else 1
        s = s[1:]
    if not s:
        return 0 if raw == b"" else None
    if not s.isdigit():
        return None
    return max(-(2**63), min(_I64, sign * int(s)))


#: every parameter's default value (a server's configuration holds only the
#: values that differ from these: a copy of all 200 was made for every server)
_DEFAULTS: dict[str, bytes] = {p.name: p.default for p in PARAMS if p.alias is None}
#: every name (aliases too, in lower case) -> the entry of the parameter it names
_CANONICAL: dict[str, Param] = {p.name: _BY_NAME[p.alias] if p.alias else p for p in PARAMS}


class Config:
    """A server's live configuration."""

    def __init__(self, server: Server | None = None) -> None:
        self.server = server
        #: canonical name -> value, for the parameters not at their default
        self._values: dict[str, bytes] = {"dir": os.getcwd().encode()}
        self._ints: dict[str, int] = {}

    @staticmethod
    def _canonical(name: str) -> Param | None:
        p = _CANONICAL.get(name)  # (names come in lower case: lower() only when not)
        return _CANONICAL.get(name.lower()) if p is None else p

    # -- reading ---------------------------------------------------------------
    def get(self, name: str) -> bytes:
        p = self._canonical(name)
        if p is None:
            raise KeyError(name)
        value = self._values.get(p.name)
        return _DEFAULTS[p.name] if value is None else value

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

    def config_get(self, patterns: list[bytes]) -> dict[bytes, bytes]:
        """CONFIG GET semantics: exact names as typed, globs matched without case."""
        out: dict[bytes, bytes] = {}
        seen: set[str] = set()
        for pattern in patterns:
            text = pattern.decode("latin-1")
            if not any(ch in text for ch in "[*?"):
                key = text.lower()
                if key in seen:
                    continue
                p = _BY_NAME.get(key)
                if p is not None:
                    seen.add(key)
                    out[pattern] = self.get(p.name)
                continue
            match = glob_matcher(pattern.lower())
            for p in PARAMS:
                if p.hidden or p.name in seen:
                    continue
                if match(p.name.encode()):
                    seen.add(p.name)
                    out[p.name.encode()] = self.get(p.name)
        return out

    # -- writing -----------------------------------------------------------------
    def set_initial(self, name: str, value: bytes) -> None:
        """Set at start-up (immutable parameters too); raises ValueError if invalid."""
        p = self._canonical(name)
        if p is None:
            raise ValueError(f"unknown config parameter {name!r}")
        try:
            stored = self._parse(p, value)
        except _Invalid as exc:
            raise ValueError(f"invalid value for {name!r}: {exc.why}") from None
        self._values[p.name] = stored
        self._ints.clear()

    def config_set(self, pairs: list[tuple[bytes, bytes]]) -> None:
        """CONFIG SET semantics: all-or-nothing, Redis's checks in Redis's order.

        Names are checked first (unknown, immutable or protected, given twice),
        then values in order; the first problem is the reply and nothing changes.
        """
        entries: list[Param] = []
        first_error: CommandError | None = None
        for raw_name, _value in pairs:
            p = _BY_NAME.get(raw_name.decode("latin-1").lower())
            if p is None:
                if first_error is None:
                    first_error = CommandError(
                        b"ERR Unknown option or number of arguments for CONFIG SET - '"
                        + raw_name
                        + b"'"
                    )
                continue
            if first_error is not None:
                continue
            if not p.mutable or p.protected:
                why = (
                    "can't set immutable config" if not p.mutable else "can't set protected config"
                )
                first_error = _set_failed(raw_name, why)
                continue
            if any(e is p for e in entries):
                first_error = _set_failed(raw_name, "duplicate parameter")
            entries.append(p)
        if first_error is not None:
            raise first_error
        staged: list[tuple[Param, bytes]] = []
        for p, (_name, value) in zip(entries, pairs):
            canonical = _CANONICAL[p.name]
            try:
                staged.append((canonical, self._parse(canonical, value)))
            except _Invalid as exc:
                raise _set_failed(p.name.encode(), exc.why) from None
        for canonical, stored in staged:
            self._values[canonical.name] = stored
            self._ints.clear()  # cached under any spelling, aliases too
        if self.server is not None:
            for name in dict.fromkeys(c.name for c, _ in staged):
                self.server.on_config_change(name)

    # -- parsing -------------------------------------------------------------------
    def _parse(self, p: Param, value: bytes) -> bytes:
        """The stored form of ``value`` for ``p``; raises _Invalid with Redis's words."""
        kind = p.kind
        if kind == "bool":
            low = value.lower()
            if low not in (b"yes", b"no"):
                raise _Invalid("argument must be 'yes' or 'no'")
            return low
        if kind == "string":
            return value
        if kind == "enum":
            return self._parse_enum(p, value)
        if kind in ("int", "memory"):
            return self._parse_number(p, value)
        return self._parse_special(p, value)

    @staticmethod
    def _parse_enum(p: Param, value: bytes) -> bytes:
        words = _split(value) if p.name in _MULTI_ARG else [value]
        names: list[str] = []
        for word in words:
            low = word.decode("latin-1").lower()
            if low not in p.choices:
                raise _Invalid("argument(s) must be one of the following: " + ", ".join(p.choices))
            names.append(_ENUM_SYNONYMS.get((p.name, low), low))
        if not names:
            raise _Invalid("argument(s) must be one of the following: " + ", ".join(p.choices))
        return " ".join(dict.fromkeys(names)).encode()

    @staticmethod
    def _parse_number(p: Param, value: bytes) -> bytes:
        n: int | None = None
        if p.kind == "memory":
            m = parse_memory(value)
            if m is not None:
                n = m if p.unsigned else _to_signed(m)
        if n is None and p.percent and len(value) > 1 and value.endswith(b"%"):
            pct = string2ll(value[:-1])
            if pct is not None and pct >= 0:
                if -pct < p.lo:
                    raise _Invalid(f"percentage argument must be less or equal to {-p.lo}")
                return b"%d%%" % pct if pct else b"0"
        if n is None and p.octal:
            try:
                n = int(value, 8)
            except ValueError:
                raise _Invalid("argument couldn't be parsed as an octal number") from None
        if n is None and p.kind == "int" and not p.octal:
            n = string2ll(value)
        if n is None:
            if p.kind == "memory" and p.percent:
                raise _Invalid("argument must be a memory or percent value")
            if p.kind == "memory":
                raise _Invalid("argument must be a memory value")
            raise _Invalid("argument couldn't be parsed into an integer")
        check = n & _U64 if p.unsigned else n
        if not p.lo <= check <= p.hi:
            raise _Invalid(f"argument must be between {p.lo} and {p.hi} inclusive")
        if p.name == "hz":
            check = max(_HZ_MIN, min(_HZ_MAX, check))
        if p.octal:
            return b"%o" % check
        return b"%d" % check

    def _parse_special(self, p: Param, value: bytes) -> bytes:
        name = p.name
        if name == "notify-keyspace-events":
            flags = _notify_flags(value)
            if flags is None:
                raise _Invalid("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
            return _notify_string(flags)
        words = _split(value)
        if name == "save":
            if len(words) == 1 and words[0] == b"":
                words = []
            if len(words) % 2:
                raise _Invalid("Invalid save parameters")
            nums: list[int] = []
            for i, word in enumerate(words):
                v = _c_strtoll_full(word)
                if v is None or (i % 2 == 0 and v < 1) or (i % 2 == 1 and v < 0):
                    raise _Invalid("Invalid save parameters")
                nums.append(v)
            return b" ".join(b"%d" % v for v in nums)
        if name == "client-output-buffer-limit":
            return _parse_obuf(words, self.get(name))
        if name == "oom-score-adj-values":
            if len(words) != 3:
                raise _Invalid("wrong number of arguments")
            vals = [_c_strtoll_full(w) for w in words]
            if any(v is None or not -2000 <= v <= 2000 for v in vals):
                raise _Invalid(
                    "Invalid oom-score-adj-values, elements must be between -2000 and 2000."
                )
            return b" ".join(b"%d" % v for v in vals if v is not None)
        if name == "latency-tracking-info-percentiles":
            if len(words) == 1 and words[0] == b"":
                return b""
            out: list[bytes] = []
            for word in words:
                try:
                    f = float(word)
                except ValueError:
                    f = math.nan
                if math.isnan(f) or word != word.strip() or not word:
                    raise _Invalid("Invalid latency-tracking-info-percentiles parameters")
                if not 0.0 <= f <= 100.0:
                    raise _Invalid(_PERCENTILE_RANGE)
                out.append(_format_percentile(f))
            return b" ".join(out)
        # dir, bind, replicaof: stored as given (not settable at run time).
        return value


_PERCENTILE_RANGE = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"


def _split(value: bytes) -> list[bytes]:
    """Split a multi-argument value on single spaces, as Redis's sdssplitlen does."""
    return value.split(b" ") if value else []


_OBUF_ORDER = (b"normal", b"slave", b"pubsub")


def _parse_obuf(words: list[bytes], old: bytes) -> bytes:
    if len(words) % 4:
        raise _Invalid("Wrong number of arguments in buffer limit configuration.")
    parts = old.split()
    current = {
        parts[i]: (int(parts[i + 1]), int(parts[i + 2]), int(parts[i + 3]))
        for i in range(0, len(parts), 4)
    }
    for i in range(0, len(words), 4):
        cls = _OBUF_CLASSES.get(words[i].lower())
        if cls is None:
            raise _Invalid("Invalid client class specified in buffer limit configuration.")
        hard = parse_memory(words[i + 1])
        soft = parse_memory(words[i + 2])
        secs = _c_strtoll_full(words[i + 3])
        if hard is None or soft is None or secs is None or secs < 0:
            raise _Invalid(
                "Error in hard, soft or soft_seconds setting in buffer limit configuration."
            )
        current[cls] = (hard, soft, secs)
    return b" ".join(b"%s %d %d %d" % ((cls,) + current[cls]) for cls in _OBUF_ORDER)


class _Invalid(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _set_failed(name: bytes, why: str) -> CommandError:
    return CommandError(
        b"ERR CONFIG SET failed (possibly related to argument '" + name + b"') - " + why.encode()
    )
