"""Conformance cases: INFO, CONFIG, COMMAND, TIME, LASTSAVE, SAVE, BGSAVE, DEBUG.

INFO is compared exactly only where its text is deterministic (cluster,
modules, keyspace without TTLs, errorstats after CONFIG RESETSTAT); the other
sections are checked for structure by tests/test_server_commands.py. CONFIG
GET with a glob compares pairs without order, as Redis's order is a hash's.
"""

from __future__ import annotations

from .case import Case, RawCase, step

_72 = (7, 2)

CASES: list[Case | RawCase] = [
    # -- INFO --------------------------------------------------------------------------
    Case("INFO of an unknown section is empty", [("INFO", "foo")]),
    Case("INFO cluster", [("INFO", "cluster")]),
    Case("INFO section names are case-insensitive", [("INFO", "CLUSTER")]),
    Case("INFO with a section twice shows it once", [("INFO", "cluster", "cluster")]),
    Case("INFO modules", [("INFO", "modules")]),
    Case("INFO module_list", [("INFO", "module_list")]),
    Case("INFO keyspace of an empty server", [("INFO", "keyspace")]),
    Case(
        "INFO keyspace counts keys per database",
        [
            ("SET", "a", "1"),
            ("SET", "b", "2"),
            ("SELECT", "2"),
            ("HSET", "h", "f", "v"),
            ("INFO", "keyspace"),
        ],
    ),
    Case(
        "INFO keyspace counts keys with a TTL",
        [("SET", "a", "1"), ("SET", "b", "2", "EX", "100"), step("INFO", "keyspace", ignore=True)],
    ),
    Case(
        "INFO sections come in Redis's order whatever the argument order",
        [("INFO", "keyspace", "cluster")],
    ),
    Case(
        "INFO errorstats counts error codes since RESETSTAT",
        [
            ("CONFIG", "RESETSTAT"),
            ("GET",),
            ("SELECT", "abc"),
            ("HELLO", "9"),
            ("SET", "s", "x"),
            ("HGET", "s", "f"),
            ("INFO", "errorstats"),
        ],
    ),
    Case("INFO default is text", [step("INFO", ignore=True)]),
    Case("INFO all is text", [step("INFO", "all", ignore=True)]),
    Case("INFO everything is text", [step("INFO", "everything", ignore=True)]),
    # -- CONFIG GET ------------------------------------------------------------------------
    Case("CONFIG GET one parameter", [("CONFIG", "GET", "maxmemory")]),
    Case("CONFIG GET keeps the name as typed", [("CONFIG", "GET", "MAXMEMORY")]),
    Case("CONFIG GET an unknown parameter", [("CONFIG", "GET", "nosuch")]),
    Case("CONFIG GET an alias by its own name", [("CONFIG", "GET", "hash-max-ziplist-entries")]),
    Case(
        "CONFIG GET a glob",
        [step("CONFIG", "GET", "maxmemory*", pairs=True)],
    ),
    Case(
        "CONFIG GET a glob matches aliases too",
        [step("CONFIG", "GET", "hash-max-*-entries", pairs=True)],
    ),
    Case(
        "CONFIG GET globs without case",
        [step("CONFIG", "GET", "MAXMEMORY-P*", pairs=True)],
    ),
    Case(
        "CONFIG GET several patterns shows each parameter once",
        [step("CONFIG", "GET", "timeout", "databases", "timeout", "data*", pairs=True)],
    ),
    Case(
        "CONFIG GET ? and [] patterns",
        [step("CONFIG", "GET", "h?", "[pqrs]ave", pairs=True)],
    ),
    Case(
        "CONFIG GET defaults of commonly read parameters",
        [
            step("CONFIG", "GET", "maxclients", "timeout", "tcp-keepalive", pairs=True),
            step("CONFIG", "GET", "appendonly", "appendfsync", "save", pairs=True),
            step("CONFIG", "GET", "notify-keyspace-events", "databases", "hz", pairs=True),
            step("CONFIG", "GET", "lua-time-limit", "busy-reply-threshold", pairs=True),
            step("CONFIG", "GET", "client-output-buffer-limit", "bind", pairs=True),
            step("CONFIG", "GET", "list-max-listpack-size", "set-max-intset-entries", pairs=True),
            step("CONFIG", "GET", "zset-max-*", "proto-max-bulk-len", pairs=True),
        ],
    ),
    Case("CONFIG GET without a pattern is an arity error", [("CONFIG", "GET")]),
    # -- CONFIG SET --------------------------------------------------------------------------
    Case(
        "CONFIG SET then GET",
        [
            ("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"),
            step("CONFIG", "GET", "maxmemory*", pairs=True),
        ],
    ),
    Case(
        "CONFIG SET several parameters at once",
        [
            ("CONFIG", "SET", "maxmemory", "1MB", "maxmemory-policy", "ALLKEYS-LRU"),
            ("CONFIG", "GET", "maxmemory"),
            ("CONFIG", "GET", "maxmemory-policy"),
        ],
    ),
    Case(
        "CONFIG SET is all or nothing",
        [
            ("CONFIG", "SET", "maxmemory", "1mb", "maxmemory-policy", "foo"),
            ("CONFIG", "GET", "maxmemory"),
        ],
    ),
    Case("CONFIG SET an unknown parameter", [("CONFIG", "SET", "nosuch", "1")]),
    Case("CONFIG SET without a value", [("CONFIG", "SET", "maxmemory")]),
    Case("CONFIG SET with a dangling name", [("CONFIG", "SET", "maxmemory", "1mb", "foo")]),
    Case("CONFIG SET a parameter twice", [("CONFIG", "SET", "maxmemory", "1mb", "maxmemory", "2")]),
    Case(
        "CONFIG SET a parameter and its alias",
        [
            (
                "CONFIG",
                "SET",
                "hash-max-ziplist-entries",
                "100",
                "hash-max-listpack-entries",
                "200",
            ),
            ("CONFIG", "GET", "hash-max-ziplist-entries"),
        ],
    ),
    Case("CONFIG SET an immutable parameter", [("CONFIG", "SET", "databases", "1")]),
    Case("CONFIG SET names the immutable argument as typed", [("CONFIG", "SET", "DATABASES", "1")]),
    Case("CONFIG SET a protected parameter", [("CONFIG", "SET", "dir", "/tmp")]),
    Case("CONFIG SET dbfilename is protected", [("CONFIG", "SET", "dbfilename", "x.rdb")]),
    Case(
        "CONFIG SET reports unknown names before bad values",
        [("CONFIG", "SET", "maxmemory", "abc", "nosuch", "1")],
    ),
    Case(
        "CONFIG SET reports the first name problem",
        [("CONFIG", "SET", "databases", "1", "nosuch", "1")],
    ),
    Case(
        "CONFIG SET unknown name before an immutable one",
        [("CONFIG", "SET", "nosuch", "1", "databases", "1")],
    ),
    Case("CONFIG SET a memory value with a word", [("CONFIG", "SET", "maxmemory", "abc")]),
    Case("CONFIG SET a negative memory value", [("CONFIG", "SET", "maxmemory", "-1")]),
    Case("CONFIG SET a decimal memory value", [("CONFIG", "SET", "maxmemory", "1.5mb")]),
    Case("CONFIG SET a memory value with a space", [("CONFIG", "SET", "maxmemory", "5 ")]),
    Case(
        "CONFIG SET names a bad value's parameter in lower case",
        [("CONFIG", "SET", "MAXMEMORY", "abc")],
    ),
    Case(
        "CONFIG SET memory units",
        [
            ("CONFIG", "SET", "maxmemory", "1k"),
            ("CONFIG", "GET", "maxmemory"),
            ("CONFIG", "SET", "maxmemory", "1kb"),
            ("CONFIG", "GET", "maxmemory"),
            ("CONFIG", "SET", "maxmemory", "5GB"),
            ("CONFIG", "GET", "maxmemory"),
            ("CONFIG", "SET", "maxmemory", "05"),
            ("CONFIG", "GET", "maxmemory"),
        ],
    ),
    Case("CONFIG SET an integer with a word", [("CONFIG", "SET", "hz", "abc")]),
    Case("CONFIG SET an integer with a plus sign", [("CONFIG", "SET", "hz", "+5")]),
    Case("CONFIG SET an integer with a leading zero", [("CONFIG", "SET", "hz", "05")]),
    Case("CONFIG SET an integer with a space", [("CONFIG", "SET", "hz", " 5")]),
    Case(
        "CONFIG SET hz is clamped to 1..500",
        [
            ("CONFIG", "SET", "hz", "1000"),
            ("CONFIG", "GET", "hz"),
            ("CONFIG", "SET", "hz", "0"),
            ("CONFIG", "GET", "hz"),
        ],
    ),
    Case("CONFIG SET below an int's lower bound", [("CONFIG", "SET", "timeout", "-1")]),
    Case("CONFIG SET maxclients 0", [("CONFIG", "SET", "maxclients", "0")]),
    Case("CONFIG SET beyond an unsigned bound", [("CONFIG", "SET", "maxclients", "4294967296")]),
    Case("CONFIG SET beyond the int range", [("CONFIG", "SET", "tcp-keepalive", "2147483648")]),
    Case("CONFIG SET below -1", [("CONFIG", "SET", "slowlog-log-slower-than", "-2")]),
    Case("CONFIG SET a bad alias value", [("CONFIG", "SET", "lua-time-limit", "x")]),
    Case(
        "CONFIG SET maxmemory-samples above 64",
        [("CONFIG", "SET", "maxmemory-samples", "65"), ("CONFIG", "GET", "maxmemory-samples")],
    ),
    Case("CONFIG SET an enum with a wrong value", [("CONFIG", "SET", "maxmemory-policy", "foo")]),
    Case("CONFIG SET appendfsync lists its values", [("CONFIG", "SET", "appendfsync", "x")]),
    Case(
        "CONFIG SET an enum without case",
        [("CONFIG", "SET", "appendfsync", "ALWAYS"), ("CONFIG", "GET", "appendfsync")],
    ),
    Case("CONFIG SET a bool with a wrong value", [("CONFIG", "SET", "appendonly", "maybe")]),
    Case(
        "CONFIG SET a bool without case",
        [
            ("CONFIG", "SET", "lazyfree-lazy-expire", "YES"),
            ("CONFIG", "GET", "lazyfree-lazy-expire"),
        ],
    ),
    Case(
        "CONFIG SET a percentage",
        [
            ("CONFIG", "SET", "maxmemory-clients", "10%"),
            ("CONFIG", "GET", "maxmemory-clients"),
            ("CONFIG", "SET", "maxmemory-clients", "200%"),
            ("CONFIG", "SET", "maxmemory-clients", "x%"),
        ],
    ),
    Case(
        "CONFIG SET notify-keyspace-events is normalised",
        [
            ("CONFIG", "SET", "notify-keyspace-events", "KEA"),
            ("CONFIG", "GET", "notify-keyspace-events"),
            ("CONFIG", "SET", "notify-keyspace-events", "Ex$"),
            ("CONFIG", "GET", "notify-keyspace-events"),
            ("CONFIG", "SET", "notify-keyspace-events", "Q"),
            ("CONFIG", "SET", "notify-keyspace-events", ""),
            ("CONFIG", "GET", "notify-keyspace-events"),
        ],
    ),
    Case(
        "CONFIG SET save points",
        [
            ("CONFIG", "SET", "save", "100 x"),
            ("CONFIG", "SET", "save", "100"),
            ("CONFIG", "SET", "save", "100 10 200 20"),
            ("CONFIG", "GET", "save"),
            ("CONFIG", "SET", "save", ""),
            ("CONFIG", "GET", "save"),
        ],
    ),
    Case(
        "CONFIG SET client-output-buffer-limit",
        [
            ("CONFIG", "SET", "client-output-buffer-limit", "replica 1kb 2mb 3"),
            ("CONFIG", "GET", "client-output-buffer-limit"),
            ("CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3"),
            ("CONFIG", "SET", "client-output-buffer-limit", "normal 1 2"),
            ("CONFIG", "SET", "client-output-buffer-limit", "normal 1 x 3"),
        ],
    ),
    Case(
        "CONFIG SET oom-score-adj-values",
        [
            ("CONFIG", "SET", "oom-score-adj-values", "1 2"),
            ("CONFIG", "SET", "oom-score-adj-values", "1 2 3000"),
        ],
    ),
    Case(
        "CONFIG SET latency-tracking-info-percentiles",
        [
            ("CONFIG", "SET", "latency-tracking-info-percentiles", "50.0 99.50 99.9"),
            ("CONFIG", "GET", "latency-tracking-info-percentiles"),
            ("CONFIG", "SET", "latency-tracking-info-percentiles", "50 x"),
            ("CONFIG", "SET", "latency-tracking-info-percentiles", "101"),
        ],
    ),
    Case(
        "CONFIG SET an enum synonym reads back as the first name",
        [("CONFIG", "SET", "oom-score-adj", "relative"), ("CONFIG", "GET", "oom-score-adj")],
    ),
    Case(
        "CONFIG SET a negative list size through its alias",
        [
            ("CONFIG", "SET", "list-max-ziplist-size", "-3"),
            step("CONFIG", "GET", "list-max-*", pairs=True),
        ],
    ),
    Case("CONFIG SET replicaof is immutable", [("CONFIG", "SET", "slaveof", "x")]),
    Case(
        "CONFIG SET loglevel nothing", [("CONFIG", "SET", "loglevel", "nothing")], min_version=_72
    ),
    Case(
        "CONFIG SET set-max-listpack-entries",
        [("CONFIG", "SET", "set-max-listpack-entries", "10")],
        min_version=_72,
    ),
    # -- other CONFIG subcommands ------------------------------------------------------
    Case("CONFIG REWRITE without a config file", [("CONFIG", "REWRITE")]),
    Case("CONFIG RESETSTAT", [("CONFIG", "RESETSTAT")]),
    Case("CONFIG RESETSTAT with an argument", [("CONFIG", "RESETSTAT", "x")]),
    Case("CONFIG HELP", [("CONFIG", "HELP")]),
    Case("CONFIG with an unknown subcommand", [("CONFIG", "FOO")]),
    Case("CONFIG without a subcommand", [("CONFIG",)]),
    # -- COMMAND -------------------------------------------------------------------------
    Case(
        "COMMAND INFO of connection commands",
        [("COMMAND", "INFO", "ping", "echo", "select", "quit", "reset", "auth", "hello")],
    ),
    Case(
        "COMMAND INFO of server commands",
        [("COMMAND", "INFO", "info", "time", "lastsave", "save", "bgsave", "debug")],
    ),
    Case(
        "COMMAND INFO of subcommands",
        [
            ("COMMAND", "INFO", "client|id", "client|kill", "client|no-evict", "client|list"),
            ("COMMAND", "INFO", "config|get", "config|set", "config|help", "command|count"),
        ],
    ),
    Case("COMMAND INFO names are case-insensitive", [("COMMAND", "INFO", "CLIENT|ID", "Ping")]),
    Case("COMMAND INFO of GET", [("COMMAND", "INFO", "get")]),
    Case(
        "COMMAND INFO of unknown names",
        [("COMMAND", "INFO", "nosuch", "client|nosuch", "get|x", "a|b|c")],
    ),
    Case(
        "COMMAND INFO of a 7.2 subcommand",
        [("COMMAND", "INFO", "client|setname", "client|setinfo", "client|no-touch")],
        min_version=_72,
    ),
    Case("COMMAND COUNT is an integer", [step("COMMAND", "COUNT", ignore=True)]),
    Case("COMMAND COUNT with an argument", [("COMMAND", "COUNT", "x")]),
    Case("COMMAND DOCS of an unknown command", [("COMMAND", "DOCS", "nosuch")]),
    Case("COMMAND DOCS is a map", [step("COMMAND", "DOCS", "get", ignore=True)]),
    Case("COMMAND GETKEYS of GET", [("COMMAND", "GETKEYS", "get", "a")]),
    Case("COMMAND GETKEYS of SET", [("COMMAND", "GETKEYS", "SET", "a", "b")]),
    Case("COMMAND GETKEYS of a command without keys", [("COMMAND", "GETKEYS", "ping", "a")]),
    Case("COMMAND GETKEYS of an unknown command", [("COMMAND", "GETKEYS", "nosuch", "a")]),
    Case("COMMAND GETKEYS with a wrong arity", [("COMMAND", "GETKEYS", "get", "a", "b")]),
    Case("COMMAND GETKEYS of a container", [("COMMAND", "GETKEYS", "client", "list")]),
    Case("COMMAND GETKEYSANDFLAGS of GET", [("COMMAND", "GETKEYSANDFLAGS", "get", "a")]),
    Case("COMMAND LIST FILTERBY PATTERN", [("COMMAND", "LIST", "FILTERBY", "PATTERN", "ech*")]),
    Case(
        "COMMAND LIST FILTERBY PATTERN without case",
        [("COMMAND", "LIST", "FILTERBY", "pattern", "ECHO")],
    ),
    Case(
        "COMMAND LIST FILTERBY PATTERN finds subcommands",
        [step("COMMAND", "LIST", "FILTERBY", "pattern", "config|*", unordered=True)],
    ),
    Case("COMMAND LIST FILTERBY MODULE", [("COMMAND", "LIST", "FILTERBY", "module", "x")]),
    Case(
        "COMMAND LIST FILTERBY an unknown category",
        [("COMMAND", "LIST", "FILTERBY", "aclcat", "nosuch")],
    ),
    Case("COMMAND LIST FILTERBY an unknown filter", [("COMMAND", "LIST", "FILTERBY", "foo", "x")]),
    Case("COMMAND LIST FILTERBY without a filter", [("COMMAND", "LIST", "FILTERBY")]),
    Case(
        "COMMAND LIST FILTERBY PATTERN without a pattern",
        [("COMMAND", "LIST", "FILTERBY", "pattern")],
    ),
    Case("COMMAND LIST with an unknown option", [("COMMAND", "LIST", "foo")]),
    Case("COMMAND with an unknown subcommand", [("COMMAND", "FOO")]),
    Case("COMMAND HELP", [("COMMAND", "HELP")]),
    # -- TIME / LASTSAVE / SAVE / BGSAVE / DEBUG --------------------------------------
    Case("TIME is seconds and microseconds", [step("TIME", ignore=True)]),
    Case("TIME with an argument", [("TIME", "x")]),
    Case("LASTSAVE is an integer", [step("LASTSAVE", ignore=True)]),
    Case("LASTSAVE with an argument", [("LASTSAVE", "x")]),
    Case("SAVE answers OK", [("SAVE",)]),
    Case("SAVE with an argument", [("SAVE", "x")]),
    Case("SAVE is refused inside MULTI", [("MULTI",), ("SAVE",), ("EXEC",)]),
    Case("BGSAVE with an unknown option", [("BGSAVE", "foo")]),
    Case("BGSAVE with too many arguments", [("BGSAVE", "SCHEDULE", "x")]),
    Case("DEBUG is refused by default", [("DEBUG", "SLEEP", "0")]),
    Case("DEBUG without a subcommand", [("DEBUG",)]),
    # Last, once: a real BGSAVE forks and a second one could still be running.
    Case("BGSAVE starts a background save", [("BGSAVE",)], resp=(2,)),
]
