"""Server commands: INFO, CONFIG, COMMAND, TIME, LASTSAVE, SAVE, BGSAVE, DEBUG.

INFO reports true values where redistill has them: clients, keyspace sizes and
TTLs, commands processed, errors, network bytes, configuration. Counters that
belong to other families are read from ``keyspace.stats``; GET-like commands
bump ``stats.keyspace_hits`` / ``keyspace_misses`` themselves. Times (uptime,
server_time_usec, LASTSAVE, TIME) come from the server's clock, so advancing a
virtual clock advances them too. Fields for machinery redistill does not have
(replication, forks, defrag, io threads) hold Redis's idle values.

Nothing is persisted: SAVE and BGSAVE only record the save time.
"""

from __future__ import annotations

import os
import platform
import resource
import secrets
import selectors
import sys
import time
import weakref
from typing import TYPE_CHECKING, Any, Callable

from .. import errors
from ..config import REDIS_VERSION
from ..connection import Client
from ..errors import CommandError
from ..keyspace import glob_matcher
from ..protocol import OK, Reply, RSet, SimpleString, Verbatim
from ..registry import Command, command, container
from .connection import help_reply, subcommand_syntax_error

if TYPE_CHECKING:
    from ..server import Server


class _ServerState:
    """Per-server facts INFO and LASTSAVE need that the core does not keep."""

    __slots__ = ("run_id", "replid", "lastsave", "rdb_saves", "__weakref__")

    def __init__(self, server: Server) -> None:
        self.run_id = secrets.token_hex(20)
        self.replid = secrets.token_hex(20)
        started = server._started_clock or server.clock.time()
        self.lastsave = int(started)
        self.rdb_saves = 0


_STATES: weakref.WeakKeyDictionary[Server, _ServerState] = weakref.WeakKeyDictionary()


def server_state(server: Server) -> _ServerState:
    """The INFO bookkeeping of ``server`` (run_id, last save ...), created on first use."""
    state = _STATES.get(server)
    if state is None:
        state = _STATES[server] = _ServerState(server)
    return state


# ---------------------------------------------------------------------------
# INFO

_DEFAULT_SECTIONS = (
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "module_list",
    "errorstats",
    "cluster",
    "keyspace",
)

#: memory a fresh server reports before any key exists (close to Redis 7's)
_BASE_MEMORY = 876_176
_KEY_OVERHEAD = 72
_EXPIRE_OVERHEAD = 40
_CLIENT_MEMORY = 20_000


def bytes_to_human(n: int) -> str:
    """Redis's bytesToHuman: 100B, 1.30M, 23.54G."""
    if n < 1024:
        return f"{n}B"
    for i, unit in enumerate("KMGTP", start=1):
        if n < 1024 ** (i + 1):
            return f"{n / 1024**i:.2f}{unit}"
    return f"{n}B"


def _used_memory(server: Server) -> int:
    keys = expires = 0
    for db in server.keyspace.dbs.made():
        keys += len(db.data)
        expires += len(db.expires)
    return (
        _BASE_MEMORY
        + keys * _KEY_OVERHEAD
        + expires * _EXPIRE_OVERHEAD
        + len(server.clients) * _CLIENT_MEMORY
    )


def _multiplexing_api() -> str:
    name = selectors.DefaultSelector.__name__
    return {"EpollSelector": "epoll", "KqueueSelector": "kqueue", "DevpollSelector": "devpoll"}.get(
        name, "select"
    )


def _section_server(c: Client) -> list[str]:
    server = c.server
    state = server_state(server)
    now = server.clock.time()
    uptime = max(0, int(now - (server._started_clock or now)))
    uname = platform.uname()
    hz = server.config.get_int("hz")
    return [
        "# Server",
        f"redis_version:{REDIS_VERSION}",
        "redis_git_sha1:00000000",
        "redis_git_dirty:0",
        "redis_build_id:0",
        "redis_mode:standalone",
        f"os:{uname.system} {uname.release} {uname.machine}",
        "arch_bits:64",
        "monotonic_clock:POSIX clock_gettime",
        f"multiplexing_api:{_multiplexing_api()}",
        "atomicvar_api:c11-builtin",
        "gcc_version:0.0.0",
        f"process_id:{os.getpid()}",
        "process_supervised:no",
        f"run_id:{state.run_id}",
        f"tcp_port:{server.port}",
        f"server_time_usec:{server.clock.time_us()}",
        f"uptime_in_seconds:{uptime}",
        f"uptime_in_days:{uptime // 86400}",
        f"hz:{hz}",
        f"configured_hz:{hz}",
        f"lru_clock:{int(now) & 0xFFFFFF}",
        f"executable:{sys.executable}",
        "config_file:",
        "io_threads_active:0",
        f"listener0:name=tcp,bind={server.host},port={server.port}",
    ]


def _section_clients(c: Client) -> list[str]:
    server = c.server
    biggest_in = max((cl.parser.buffered for cl in server.clients.values()), default=0)
    return [
        "# Clients",
        f"connected_clients:{len(server.clients)}",
        "cluster_connections:0",
        f"maxclients:{server.config.get_int('maxclients')}",
        f"client_recent_max_input_buffer:{biggest_in}",
        "client_recent_max_output_buffer:0",
        "blocked_clients:0",
        "tracking_clients:0",
        "clients_in_timeout_table:0",
        "total_blocking_keys:0",
        "total_blocking_keys_on_nokey:0",
    ]


def _section_memory(c: Client) -> list[str]:
    server = c.server
    used = _used_memory(server)
    clients = len(server.clients) * _CLIENT_MEMORY
    overhead = _BASE_MEMORY + clients
    dataset = max(0, used - overhead)
    dataset_perc = 100.0 * dataset / max(1, used - _BASE_MEMORY) if used > _BASE_MEMORY else 0.0
    rss = used * 4
    system = _total_system_memory()
    maxmemory = int(server.config.get("maxmemory"))
    policy = server.config.get("maxmemory-policy").decode()
    return [
        "# Memory",
        f"used_memory:{used}",
        f"used_memory_human:{bytes_to_human(used)}",
        f"used_memory_rss:{rss}",
        f"used_memory_rss_human:{bytes_to_human(rss)}",
        f"used_memory_peak:{used}",
        f"used_memory_peak_human:{bytes_to_human(used)}",
        "used_memory_peak_perc:100.00%",
        f"used_memory_overhead:{overhead}",
        f"used_memory_startup:{_BASE_MEMORY}",
        f"used_memory_dataset:{dataset}",
        f"used_memory_dataset_perc:{dataset_perc:.2f}%",
        f"allocator_allocated:{used}",
        f"allocator_active:{used}",
        f"allocator_resident:{rss}",
        f"total_system_memory:{system}",
        f"total_system_memory_human:{bytes_to_human(system)}",
        "used_memory_lua:31744",
        "used_memory_vm_eval:31744",
        "used_memory_lua_human:31.00K",
        "used_memory_scripts_eval:0",
        "number_of_cached_scripts:0",
        "number_of_functions:0",
        "number_of_libraries:0",
        "used_memory_vm_functions:32768",
        "used_memory_vm_total:64512",
        "used_memory_vm_total_human:63.00K",
        "used_memory_functions:184",
        "used_memory_scripts:184",
        "used_memory_scripts_human:184B",
        f"maxmemory:{maxmemory}",
        f"maxmemory_human:{bytes_to_human(maxmemory)}",
        f"maxmemory_policy:{policy}",
        "allocator_frag_ratio:1.00",
        "allocator_frag_bytes:0",
        "allocator_rss_ratio:1.00",
        "allocator_rss_bytes:0",
        "rss_overhead_ratio:1.00",
        "rss_overhead_bytes:0",
        f"mem_fragmentation_ratio:{rss / used:.2f}",
        f"mem_fragmentation_bytes:{rss - used}",
        "mem_not_counted_for_evict:0",
        "mem_replication_backlog:0",
        "mem_total_replication_buffers:0",
        "mem_clients_slaves:0",
        f"mem_clients_normal:{clients}",
        "mem_cluster_links:0",
        "mem_aof_buffer:0",
        "mem_allocator:libc",
        "active_defrag_running:0",
        "lazyfree_pending_objects:0",
        "lazyfreed_objects:0",
    ]


def _total_system_memory() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 0


def _section_persistence(c: Client) -> list[str]:
    server = c.server
    state = server_state(server)
    aof = 1 if server.config.get_bool("appendonly") else 0
    return [
        "# Persistence",
        "loading:0",
        "async_loading:0",
        "current_cow_peak:0",
        "current_cow_size:0",
        "current_cow_size_age:0",
        "current_fork_perc:0.00",
        "current_save_keys_processed:0",
        "current_save_keys_total:0",
        "rdb_changes_since_last_save:0",
        "rdb_bgsave_in_progress:0",
        f"rdb_last_save_time:{state.lastsave}",
        "rdb_last_bgsave_status:ok",
        "rdb_last_bgsave_time_sec:-1",
        "rdb_current_bgsave_time_sec:-1",
        f"rdb_saves:{state.rdb_saves}",
        "rdb_last_cow_size:0",
        "rdb_last_load_keys_expired:0",
        "rdb_last_load_keys_loaded:0",
        f"aof_enabled:{aof}",
        "aof_rewrite_in_progress:0",
        "aof_rewrite_scheduled:0",
        "aof_last_rewrite_time_sec:-1",
        "aof_current_rewrite_time_sec:-1",
        "aof_last_bgrewrite_status:ok",
        "aof_rewrites:0",
        "aof_rewrites_consecutive_failures:0",
        "aof_last_write_status:ok",
        "aof_last_cow_size:0",
        "module_fork_in_progress:0",
        "module_fork_last_cow_size:0",
    ]


def _section_stats(c: Client) -> list[str]:
    stats = c.server.keyspace.stats
    # The running command (this INFO) is counted once it finishes, as in Redis.
    commands = max(0, stats.total_commands - 1)
    return [
        "# Stats",
        f"total_connections_received:{stats.total_connections}",
        f"total_commands_processed:{commands}",
        "instantaneous_ops_per_sec:0",
        f"total_net_input_bytes:{stats.net_input_bytes - stats.net_input_reset}",
        f"total_net_output_bytes:{stats.net_output_bytes}",
        "total_net_repl_input_bytes:0",
        "total_net_repl_output_bytes:0",
        "instantaneous_input_kbps:0.00",
        "instantaneous_output_kbps:0.00",
        "instantaneous_input_repl_kbps:0.00",
        "instantaneous_output_repl_kbps:0.00",
        f"rejected_connections:{stats.rejected_connections}",
        "sync_full:0",
        "sync_partial_ok:0",
        "sync_partial_err:0",
        f"expired_keys:{stats.expired_keys}",
        "expired_stale_perc:0.00",
        "expired_time_cap_reached_count:0",
        "expire_cycle_cpu_milliseconds:0",
        "evicted_keys:0",
        "evicted_clients:0",
        "total_eviction_exceeded_time:0",
        "current_eviction_exceeded_time:0",
        f"keyspace_hits:{stats.keyspace_hits}",
        f"keyspace_misses:{stats.keyspace_misses}",
        "pubsub_channels:0",
        "pubsub_patterns:0",
        "pubsubshard_channels:0",
        "latest_fork_usec:0",
        "total_forks:0",
        "migrate_cached_sockets:0",
        "slave_expires_tracked_keys:0",
        "active_defrag_hits:0",
        "active_defrag_misses:0",
        "active_defrag_key_hits:0",
        "active_defrag_key_misses:0",
        "total_active_defrag_time:0",
        "current_active_defrag_time:0",
        "tracking_total_keys:0",
        "tracking_total_items:0",
        "tracking_total_prefixes:0",
        "unexpected_error_replies:0",
        f"total_error_replies:{stats.error_replies}",
        "dump_payload_sanitizations:0",
        f"total_reads_processed:{commands}",
        f"total_writes_processed:{commands}",
        "io_threaded_reads_processed:0",
        "io_threaded_writes_processed:0",
        "reply_buffer_shrinks:0",
        "reply_buffer_expands:0",
        "eventloop_cycles:0",
        "eventloop_duration_sum:0",
        "eventloop_duration_cmd_sum:0",
        "instantaneous_eventloop_cycles_per_sec:0",
        "instantaneous_eventloop_duration_usec:0",
        "acl_access_denied_auth:0",
        "acl_access_denied_cmd:0",
        "acl_access_denied_key:0",
        "acl_access_denied_channel:0",
    ]


def _section_replication(c: Client) -> list[str]:
    server = c.server
    return [
        "# Replication",
        "role:master",
        "connected_slaves:0",
        "master_failover_state:no-failover",
        f"master_replid:{server_state(server).replid}",
        "master_replid2:0000000000000000000000000000000000000000",
        "master_repl_offset:0",
        "second_repl_offset:-1",
        "repl_backlog_active:0",
        f"repl_backlog_size:{server.config.get_int('repl-backlog-size')}",
        "repl_backlog_first_byte_offset:0",
        "repl_backlog_histlen:0",
    ]


def _rusage_line(name: str, seconds: float) -> str:
    us = int(seconds * 1_000_000)
    return f"{name}:{us // 1_000_000}.{us % 1_000_000:06d}"


def _section_cpu(c: Client) -> list[str]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [
        "# CPU",
        _rusage_line("used_cpu_sys", me.ru_stime),
        _rusage_line("used_cpu_user", me.ru_utime),
        _rusage_line("used_cpu_sys_children", kids.ru_stime),
        _rusage_line("used_cpu_user_children", kids.ru_utime),
    ]
    who = getattr(resource, "RUSAGE_THREAD", None)
    if who is not None:
        thread = resource.getrusage(who)
        lines.append(_rusage_line("used_cpu_sys_main_thread", thread.ru_stime))
        lines.append(_rusage_line("used_cpu_user_main_thread", thread.ru_utime))
    return lines


def _section_modules(c: Client) -> list[str]:
    return ["# Modules"]


def _section_commandstats(c: Client) -> list[str]:
    lines = ["# Commandstats"]
    current = c.last_command.decode()
    for name, counts in c.server.keyspace.stats.command_calls.items():
        calls, rejected, failed = counts[0], counts[1], counts[2]
        if name == current:
            calls -= 1  # this INFO is counted once it finishes, as in Redis
        if calls <= 0 and not rejected and not failed:
            continue
        lines.append(
            f"cmdstat_{name}:calls={calls},usec=0,usec_per_call=0.00,"
            f"rejected_calls={rejected},failed_calls={failed}"
        )
    return lines


def _section_errorstats(c: Client) -> list[str]:
    lines = ["# Errorstats"]
    codes = c.server.keyspace.stats.error_codes
    for code in sorted(codes):
        lines.append(f"errorstat_{code}:count={codes[code]}")
    return lines


def _section_latencystats(c: Client) -> list[str]:
    return ["# Latencystats"]


def _section_cluster(c: Client) -> list[str]:
    return ["# Cluster", "cluster_enabled:0"]


def _section_keyspace(c: Client) -> list[str]:
    lines = ["# Keyspace"]
    now = c.server.keyspace.now_ms()
    for db in c.server.keyspace.dbs.made():
        keys = len(db.data)
        expires = db.expires
        if not keys and not expires:
            continue
        ttls = [when - now for when in expires.values() if when > now]
        avg = sum(ttls) // len(ttls) if ttls else 0
        lines.append(f"db{db.index}:keys={keys},expires={len(expires)},avg_ttl={avg}")
    return lines


_SECTIONS: tuple[tuple[tuple[str, ...], Callable[[Client], list[str]]], ...] = (
    (("server",), _section_server),
    (("clients",), _section_clients),
    (("memory",), _section_memory),
    (("persistence",), _section_persistence),
    (("stats",), _section_stats),
    (("replication",), _section_replication),
    (("cpu",), _section_cpu),
    (("module_list", "modules"), _section_modules),
    (("commandstats",), _section_commandstats),
    (("errorstats",), _section_errorstats),
    (("latencystats",), _section_latencystats),
    (("cluster",), _section_cluster),
    (("keyspace",), _section_keyspace),
)


def info_text(c: Client, args: list[bytes]) -> bytes:
    """The INFO reply text for the section arguments ``args`` (Redis's rules)."""
    everything = False
    wanted: set[str] = set()
    if not args:
        wanted.update(_DEFAULT_SECTIONS)
    for raw in args:
        name = raw.decode("latin-1").lower()
        if name == "default":
            wanted.update(_DEFAULT_SECTIONS)
        elif name in ("all", "everything"):
            everything = True
        else:
            wanted.add(name)
    parts: list[str] = []
    for names, build in _SECTIONS:
        if everything or any(n in wanted for n in names):
            parts.append("\r\n".join(build(c)) + "\r\n")
    return "\r\n".join(parts).encode()


@command(
    "info",
    -1,
    "loading stale",
    group="server",
    summary="Returns information and statistics about the server.",
    acl="dangerous",
    tips="nondeterministic_output request_policy:all_shards response_policy:special",
    doc={"history": (("7.0.0", "Added support for taking multiple section arguments."),)},
)
def cmd_info(c: Client, argv: list[bytes]) -> Reply:
    return Verbatim(info_text(c, argv[1:]))


# ---------------------------------------------------------------------------
# TIME LASTSAVE SAVE BGSAVE DEBUG


@command(
    "time",
    1,
    "loading stale fast",
    group="server",
    summary="Returns the server time.",
    since="2.6.0",
    tips="nondeterministic_output",
)
def cmd_time(c: Client, argv: list[bytes]) -> Reply:
    us = c.server.clock.time_us()
    return [b"%d" % (us // 1_000_000), b"%d" % (us % 1_000_000)]


@command(
    "lastsave",
    1,
    "loading stale fast",
    group="server",
    summary="Returns the Unix timestamp of the last successful save to disk.",
    acl="admin dangerous",
    tips="nondeterministic_output",
)
def cmd_lastsave(c: Client, argv: list[bytes]) -> Reply:
    return server_state(c.server).lastsave


def _record_save(c: Client) -> None:
    state = server_state(c.server)
    state.lastsave = int(c.server.clock.time())
    state.rdb_saves += 1


@command(
    "save",
    1,
    "no_async_loading admin noscript no_multi",
    group="server",
    summary="Synchronously saves the database(s) to disk.",
    complexity="O(N) where N is the total number of keys in all databases",
)
def cmd_save(c: Client, argv: list[bytes]) -> Reply:
    _record_save(c)
    return OK


_BGSAVE_STARTED = SimpleString(b"Background saving started")


@command(
    "bgsave",
    -1,
    "no_async_loading admin noscript",
    group="server",
    summary="Asynchronously saves the database(s) to disk.",
    doc={"history": (("3.2.2", "Added the `SCHEDULE` option."),)},
)
def cmd_bgsave(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) > 2 or (len(argv) == 2 and argv[1].lower() != b"schedule"):
        raise CommandError(errors.SYNTAX)
    _record_save(c)
    return _BGSAVE_STARTED


_DEBUG_REFUSED = (
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to "
    '"local", you can run it from a local connection, otherwise you need to set this '
    "option in the configuration file, and then restart the server."
)


@command(
    "debug",
    -2,
    "admin noscript loading stale protected",
    group="server",
    summary="A container for debugging commands.",
    complexity="Depends on subcommand.",
    doc={"doc_flags": ("syscmd",)},
)
def cmd_debug(c: Client, argv: list[bytes]) -> Reply:
    allowed = c.server.config.get("enable-debug-command")
    local = c.addr.startswith(("127.", "[::1]"))
    if allowed == b"no" or (allowed == b"local" and not local):
        raise CommandError(_DEBUG_REFUSED)
    sub = argv[1].lower()
    if sub == b"sleep" and len(argv) == 3:
        try:
            seconds = float(argv[2])
        except ValueError:
            seconds = 0.0
        if seconds > 0:
            # It blocks the whole server, as in Redis, and the other servers
            # of the process, which share its loop thread (loop.py).
            time.sleep(seconds)
        return OK
    raise subcommand_syntax_error(argv)


# ---------------------------------------------------------------------------
# CONFIG

_CONFIG = container(
    "config",
    group="server",
    summary="A container for server configuration commands.",
    since="2.0.0",
)
_CONFIG.complexity = "Depends on subcommand."

_CONFIG_HELP = (
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
)

_ALL_NODES = "request_policy:all_nodes response_policy:all_succeeded"


@command(
    "config|get",
    -3,
    "admin noscript loading stale",
    group="server",
    summary="Returns the effective values of configuration parameters.",
    since="2.0.0",
    complexity="O(N) when N is the number of configuration parameters provided",
    doc={
        "history": (("7.0.0", "Added the ability to pass multiple pattern parameters in one call"),)
    },
)
def cmd_config_get(c: Client, argv: list[bytes]) -> Reply:
    return c.server.config.config_get(argv[2:])


@command(
    "config|set",
    -4,
    "admin noscript loading stale",
    group="server",
    summary="Sets configuration parameters in-flight.",
    since="2.0.0",
    complexity="O(N) when N is the number of configuration parameters provided",
    tips=_ALL_NODES,
    doc={"history": (("7.0.0", "Added the ability to set multiple parameters in one call."),)},
)
def cmd_config_set(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) % 2:
        raise CommandError(errors.SYNTAX)
    pairs = [(argv[i], argv[i + 1]) for i in range(2, len(argv), 2)]
    c.server.config.config_set(pairs)
    return OK


@command(
    "config|resetstat",
    2,
    "admin noscript loading stale",
    group="server",
    summary="Resets the server's statistics.",
    since="2.0.0",
    tips=_ALL_NODES,
)
def cmd_config_resetstat(c: Client, argv: list[bytes]) -> Reply:
    stats = c.server.keyspace.stats
    stats.reset()
    # Redis counts this command after it ran, so the fresh counters include it.
    stats.command_calls["config|resetstat"] = [1, 0, 0]
    return OK


@command(
    "config|rewrite",
    2,
    "admin noscript loading stale",
    group="server",
    summary="Persists the effective configuration to file.",
    since="2.8.0",
    tips=_ALL_NODES,
)
def cmd_config_rewrite(c: Client, argv: list[bytes]) -> Reply:
    raise CommandError("ERR The server is running without a config file")


@command(
    "config|help",
    2,
    "loading stale",
    group="server",
    summary="Returns helpful text about the different subcommands.",
    since="5.0.0",
)
def cmd_config_help(c: Client, argv: list[bytes]) -> Reply:
    return help_reply(argv[0], _CONFIG_HELP)


# ---------------------------------------------------------------------------
# COMMAND

#: command flags in the order COMMAND INFO lists them (hidden ones left out)
_FLAG_ORDER = (
    "write",
    "readonly",
    "denyoom",
    "module",
    "admin",
    "pubsub",
    "noscript",
    "blocking",
    "loading",
    "stale",
    "skip_monitor",
    "skip_slowlog",
    "asking",
    "fast",
    "no_auth",
    "no_mandatory_keys",
    "no_async_loading",
    "no_multi",
    "movablekeys",
    "allow_busy",
)

#: ACL categories in Redis's bit order
ACL_CATEGORIES = (
    "keyspace",
    "read",
    "write",
    "set",
    "sortedset",
    "list",
    "hash",
    "string",
    "bitmap",
    "hyperloglog",
    "geo",
    "stream",
    "pubsub",
    "admin",
    "fast",
    "slow",
    "blocking",
    "dangerous",
    "connection",
    "transaction",
    "scripting",
)

_KEY_FLAG_ORDER = (
    "RO",
    "RW",
    "OW",
    "RM",
    "access",
    "update",
    "insert",
    "delete",
    "not_key",
    "incomplete",
    "variable_flags",
)
_DOC_FLAG_ORDER = ("deprecated", "syscmd")
_ARG_FLAG_ORDER = ("optional", "multiple", "multiple_token")


def _ordered(words: Any, order: tuple[str, ...]) -> RSet:
    have = {str(w) for w in words}
    return RSet([SimpleString(w.encode()) for w in order if w in have])


def command_categories(cmd: Command) -> list[str]:
    """ACL categories as Redis derives them: declared ones plus those implied by flags."""
    cats = set(cmd.acl_categories)
    flags = cmd.flags
    if "write" in flags:
        cats.add("write")
    if "readonly" in flags and "scripting" not in cats:
        cats.add("read")
    if "admin" in flags:
        cats.update(("admin", "dangerous"))
    if "pubsub" in flags:
        cats.add("pubsub")
    if "fast" in flags:
        cats.add("fast")
    if "blocking" in flags:
        cats.add("blocking")
    if "fast" not in cats:
        cats.add("slow")
    return [cat for cat in ACL_CATEGORIES if cat in cats]


def _has_keys(cmd: Command) -> bool:
    return bool(cmd.first_key or cmd.key_specs or "movablekeys" in cmd.flags)


def _derived_key_flags(cmd: Command) -> tuple[str, ...]:
    if "write" in cmd.flags:
        return ("RW", "update")
    return ("RO", "access")


def _key_specs(cmd: Command) -> list[dict[str, Any]]:
    if cmd.key_specs is not None:
        return list(cmd.key_specs)
    if not cmd.first_key:
        return []
    last = cmd.last_key - cmd.first_key if cmd.last_key >= 0 else cmd.last_key
    return [
        {
            "flags": _derived_key_flags(cmd),
            "begin_search": {"type": "index", "spec": {"index": cmd.first_key}},
            "find_keys": {
                "type": "range",
                "spec": {"lastkey": last, "keystep": cmd.step or 1, "limit": 0},
            },
        }
    ]


def _plain(value: Any) -> Reply:
    """Turn a spec written with str/tuple/dict into reply values (bytes, lists, maps)."""
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _render_key_spec(spec: dict[str, Any]) -> dict[bytes, Reply]:
    out: dict[bytes, Reply] = {}
    if spec.get("notes"):
        out[b"notes"] = _plain(spec["notes"])
    out[b"flags"] = _ordered(spec.get("flags", ()), _KEY_FLAG_ORDER)
    out[b"begin_search"] = _plain(spec.get("begin_search", {"type": "unknown", "spec": {}}))
    out[b"find_keys"] = _plain(spec.get("find_keys", {"type": "unknown", "spec": {}}))
    return out


def command_info(cmd: Command | None) -> Reply:
    """One command's COMMAND INFO entry (None for an unknown name)."""
    if cmd is None:
        return None
    subs: Reply = RSet()
    if cmd.subcommands:
        subs = [command_info(sub) for sub in _unique(cmd.subcommands.values())]
    return [
        cmd.name.encode(),
        cmd.arity,
        _ordered(cmd.flags, _FLAG_ORDER),
        cmd.first_key,
        cmd.last_key,
        cmd.step,
        RSet([SimpleString(b"@" + cat.encode()) for cat in command_categories(cmd)]),
        RSet([tip.encode() for tip in cmd.tips]),
        RSet([_render_key_spec(spec) for spec in _key_specs(cmd)]),
        subs,
    ]


def _render_args(args: Any) -> list[Reply]:
    out: list[Reply] = []
    for arg in args:
        entry: dict[bytes, Reply] = {}
        for k, v in arg.items():
            if k == "flags":
                entry[b"flags"] = _ordered(v, _ARG_FLAG_ORDER)
            elif k == "arguments":
                entry[b"arguments"] = _render_args(v)
            else:
                entry[k.encode()] = _plain(v)
        out.append(entry)
    return out


def command_docs(cmd: Command) -> dict[bytes, Reply]:
    """One command's COMMAND DOCS map."""
    doc = cmd.doc
    out: dict[bytes, Reply] = {}
    if cmd.summary:
        out[b"summary"] = cmd.summary.encode()
    if cmd.since:
        out[b"since"] = cmd.since.encode()
    out[b"group"] = cmd.group.replace("_", "-").encode()
    if cmd.complexity:
        out[b"complexity"] = cmd.complexity.encode()
    if doc.get("doc_flags"):
        out[b"doc_flags"] = _ordered(doc["doc_flags"], _DOC_FLAG_ORDER)
    if doc.get("deprecated_since"):
        out[b"deprecated_since"] = doc["deprecated_since"].encode()
    if doc.get("replaced_by"):
        out[b"replaced_by"] = doc["replaced_by"].encode()
    if doc.get("history"):
        out[b"history"] = RSet([[v.encode(), t.encode()] for v, t in doc["history"]])
    if doc.get("arguments"):
        out[b"arguments"] = _render_args(doc["arguments"])
    if cmd.subcommands:
        out[b"subcommands"] = {
            sub.name.encode(): command_docs(sub) for sub in _unique(cmd.subcommands.values())
        }
    return out


def _unique(specs: Any) -> list[Command]:
    seen: set[int] = set()
    out: list[Command] = []
    for spec in specs:
        if id(spec) not in seen:
            seen.add(id(spec))
            out.append(spec)
    return out


def _top_level(c: Client) -> list[Command]:
    return _unique(c.server.commands_table.values())


def lookup_by_fullname(c: Client, name: bytes) -> Command | None:
    """A command by its full name ('get', 'client|list'), any case."""
    parts = name.lower().split(b"|")
    if len(parts) > 2:
        return None
    cmd = c.server.commands_table.get(parts[0])
    if cmd is None or len(parts) == 1:
        return cmd
    return cmd.subcommands.get(parts[1])


def _all_fullnames(c: Client) -> list[Command]:
    out: list[Command] = []
    for cmd in _top_level(c):
        out.append(cmd)
        out.extend(_unique(cmd.subcommands.values()))
    return out


_COMMAND_HELP = (
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
)

_ORDER_TIP = "nondeterministic_output_order"


@command(
    "command",
    -1,
    "loading stale",
    group="server",
    summary="Returns detailed information about all commands.",
    since="2.8.13",
    complexity="O(N) where N is the total number of Redis commands",
    acl="connection",
    tips=_ORDER_TIP,
)
def cmd_command(c: Client, argv: list[bytes]) -> Reply:
    return [command_info(cmd) for cmd in _top_level(c)]


@command(
    "command|count",
    2,
    "loading stale",
    group="server",
    summary="Returns a count of commands.",
    since="2.8.13",
    acl="connection",
)
def cmd_command_count(c: Client, argv: list[bytes]) -> Reply:
    return len(_top_level(c))


@command(
    "command|info",
    -2,
    "loading stale",
    group="server",
    summary="Returns information about one, multiple or all commands.",
    since="2.8.13",
    complexity="O(N) where N is the number of commands to look up",
    acl="connection",
    tips=_ORDER_TIP,
    doc={
        "history": (
            ("7.0.0", "Allowed to be called with no argument to get info on all commands."),
        )
    },
)
def cmd_command_info(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) == 2:
        return [command_info(cmd) for cmd in _top_level(c)]
    return [command_info(lookup_by_fullname(c, name)) for name in argv[2:]]


@command(
    "command|docs",
    -2,
    "loading stale",
    group="server",
    summary="Returns documentary information about one, multiple or all commands.",
    since="7.0.0",
    complexity="O(N) where N is the number of commands to look up",
    acl="connection",
    tips=_ORDER_TIP,
)
def cmd_command_docs(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) == 2:
        return {cmd.name.encode(): command_docs(cmd) for cmd in _top_level(c)}
    out: dict[bytes, Reply] = {}
    for name in argv[2:]:
        cmd = lookup_by_fullname(c, name)
        if cmd is not None:
            out[cmd.name.encode()] = command_docs(cmd)
    return out


def _acl_category_known(name: bytes) -> bool:
    return name.decode("latin-1").lower() in ACL_CATEGORIES


@command(
    "command|list",
    -2,
    "loading stale",
    group="server",
    summary="Returns a list of command names.",
    since="7.0.0",
    complexity="O(N) where N is the total number of Redis commands",
    acl="connection",
    tips=_ORDER_TIP,
)
def cmd_command_list(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    keep: Callable[[Command], bool] | None = None
    i = 2
    while i < n:
        if argv[i].lower() == b"filterby" and n - 1 - i == 2:
            kind = argv[i + 1].lower()
            arg = argv[i + 2]
            if kind == b"module":
                keep = _no_command
            elif kind == b"aclcat":
                cat = arg.decode("latin-1").lower()
                keep = _in_category(cat) if cat in ACL_CATEGORIES else _no_command
            elif kind == b"pattern":
                keep = _name_matches(arg)
            else:
                raise CommandError(errors.SYNTAX)
            i += 3
        else:
            raise CommandError(errors.SYNTAX)
    commands = _all_fullnames(c)
    if keep is not None:
        commands = [cmd for cmd in commands if keep(cmd)]
    return [cmd.name.encode() for cmd in commands]


def _no_command(cmd: Command) -> bool:
    return False


def _in_category(cat: str) -> Callable[[Command], bool]:
    def keep(cmd: Command) -> bool:
        return cat in command_categories(cmd)

    return keep


def _name_matches(pattern: bytes) -> Callable[[Command], bool]:
    match = glob_matcher(pattern.lower())

    def keep(cmd: Command) -> bool:
        return bool(match(cmd.name.encode()))

    return keep


def _getkeys(c: Client, argv: list[bytes]) -> tuple[Command, list[int]]:
    """Resolve COMMAND GETKEYS[ANDFLAGS] <cmd ...>: the spec and its key positions."""
    args = argv[2:]
    cmd = c.server.commands_table.get(args[0].lower())
    if cmd is not None and cmd.subcommands and len(args) > 1:
        cmd = cmd.subcommands.get(args[1].lower())
    if cmd is None:
        raise CommandError("ERR Invalid command specified")
    if not _has_keys(cmd):
        raise CommandError("ERR The command has no key arguments")
    if not cmd.arity_ok(len(args)):
        raise CommandError("ERR Invalid number of arguments specified for command")
    positions = [i for i in cmd.key_indexes(args) if i < len(args)]
    if not positions and "no_mandatory_keys" not in cmd.flags:
        raise CommandError("ERR Invalid arguments specified for command")
    return cmd, positions


@command(
    "command|getkeys",
    -3,
    "loading stale",
    group="server",
    summary="Extracts the key names from an arbitrary command.",
    since="2.8.13",
    complexity="O(N) where N is the number of arguments to the command",
    acl="connection",
)
def cmd_command_getkeys(c: Client, argv: list[bytes]) -> Reply:
    _cmd, positions = _getkeys(c, argv)
    args = argv[2:]
    return [args[i] for i in positions]


@command(
    "command|getkeysandflags",
    -3,
    "loading stale",
    group="server",
    summary="Extracts the key names and access flags for an arbitrary command.",
    since="7.0.0",
    complexity="O(N) where N is the number of arguments to the command",
    acl="connection",
)
def cmd_command_getkeysandflags(c: Client, argv: list[bytes]) -> Reply:
    cmd, positions = _getkeys(c, argv)
    args = argv[2:]
    specs = _key_specs(cmd)
    flags = _ordered(specs[0].get("flags", ()) if specs else (), _KEY_FLAG_ORDER)
    return [[args[i], flags] for i in positions]


@command(
    "command|help",
    2,
    "loading stale",
    group="server",
    summary="Returns helpful text about the different subcommands.",
    since="5.0.0",
    acl="connection",
)
def cmd_command_help(c: Client, argv: list[bytes]) -> Reply:
    return help_reply(argv[0], _COMMAND_HELP)
