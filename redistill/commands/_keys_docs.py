"""COMMAND INFO / COMMAND DOCS details of the generic key commands (Redis 7.2).

Tips, key specs, history and argument lists, by command name, as Redis 7.2
reports them; ``commands/keys.py`` passes them to ``@command``.
"""

from __future__ import annotations

from typing import Any

SPECS: dict[str, dict[str, Any]] = {
    "del": {
        "tips": "request_policy:multi_shard response_policy:agg_sum",
        "key_specs": (
            {
                "flags": ("RM", "delete"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": -1, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0, "flags": ("multiple",)},
            )
        },
    },
    "unlink": {
        "tips": "request_policy:multi_shard response_policy:agg_sum",
        "key_specs": (
            {
                "flags": ("RM", "delete"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": -1, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0, "flags": ("multiple",)},
            )
        },
    },
    "exists": {
        "tips": "request_policy:multi_shard response_policy:agg_sum",
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": -1, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("3.0.3", "Accepts multiple `key` arguments."),),
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0, "flags": ("multiple",)},
            ),
        },
    },
    "touch": {
        "tips": "request_policy:multi_shard response_policy:agg_sum",
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": -1, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0, "flags": ("multiple",)},
            )
        },
    },
    "type": {
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "keys": {
        "tips": "request_policy:all_shards nondeterministic_output_order",
        "doc": {"arguments": ({"name": "pattern", "type": "pattern"},)},
    },
    "scan": {
        "tips": "nondeterministic_output request_policy:special response_policy:special",
        "doc": {
            "history": (("6.0.0", "Added the `TYPE` subcommand."),),
            "arguments": (
                {"name": "cursor", "type": "integer"},
                {"name": "pattern", "type": "pattern", "token": "MATCH", "flags": ("optional",)},
                {"name": "count", "type": "integer", "token": "COUNT", "flags": ("optional",)},
                {
                    "name": "type",
                    "type": "string",
                    "token": "TYPE",
                    "since": "6.0.0",
                    "flags": ("optional",),
                },
            ),
        },
    },
    "randomkey": {
        "tips": "request_policy:all_shards response_policy:special nondeterministic_output"
    },
    "dbsize": {"tips": "request_policy:all_shards response_policy:agg_sum"},
    "flushdb": {
        "tips": "request_policy:all_shards response_policy:all_succeeded",
        "doc": {
            "history": (
                ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                ("6.2.0", "Added the `SYNC` flushing mode modifier."),
            ),
            "arguments": (
                {
                    "name": "flush-type",
                    "type": "oneof",
                    "flags": ("optional",),
                    "arguments": (
                        {"name": "async", "type": "pure-token", "token": "ASYNC", "since": "4.0.0"},
                        {"name": "sync", "type": "pure-token", "token": "SYNC", "since": "6.2.0"},
                    ),
                },
            ),
        },
    },
    "flushall": {
        "tips": "request_policy:all_shards response_policy:all_succeeded",
        "doc": {
            "history": (
                ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                ("6.2.0", "Added the `SYNC` flushing mode modifier."),
            ),
            "arguments": (
                {
                    "name": "flush-type",
                    "type": "oneof",
                    "flags": ("optional",),
                    "arguments": (
                        {"name": "async", "type": "pure-token", "token": "ASYNC", "since": "4.0.0"},
                        {"name": "sync", "type": "pure-token", "token": "SYNC", "since": "6.2.0"},
                    ),
                },
            ),
        },
    },
    "expire": {
        "key_specs": (
            {
                "flags": ("RW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "seconds", "type": "integer"},
                {
                    "name": "condition",
                    "type": "oneof",
                    "since": "7.0.0",
                    "flags": ("optional",),
                    "arguments": (
                        {"name": "nx", "type": "pure-token", "token": "NX"},
                        {"name": "xx", "type": "pure-token", "token": "XX"},
                        {"name": "gt", "type": "pure-token", "token": "GT"},
                        {"name": "lt", "type": "pure-token", "token": "LT"},
                    ),
                },
            ),
        },
    },
    "pexpire": {
        "key_specs": (
            {
                "flags": ("RW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "milliseconds", "type": "integer"},
                {
                    "name": "condition",
                    "type": "oneof",
                    "since": "7.0.0",
                    "flags": ("optional",),
                    "arguments": (
                        {"name": "nx", "type": "pure-token", "token": "NX"},
                        {"name": "xx", "type": "pure-token", "token": "XX"},
                        {"name": "gt", "type": "pure-token", "token": "GT"},
                        {"name": "lt", "type": "pure-token", "token": "LT"},
                    ),
                },
            ),
        },
    },
    "expireat": {
        "key_specs": (
            {
                "flags": ("RW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "unix-time-seconds", "type": "unix-time"},
                {
                    "name": "condition",
                    "type": "oneof",
                    "since": "7.0.0",
                    "flags": ("optional",),
                    "arguments": (
                        {"name": "nx", "type": "pure-token", "token": "NX"},
                        {"name": "xx", "type": "pure-token", "token": "XX"},
                        {"name": "gt", "type": "pure-token", "token": "GT"},
                        {"name": "lt", "type": "pure-token", "token": "LT"},
                    ),
                },
            ),
        },
    },
    "pexpireat": {
        "key_specs": (
            {
                "flags": ("RW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),),
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "unix-time-milliseconds", "type": "unix-time"},
                {
                    "name": "condition",
                    "type": "oneof",
                    "since": "7.0.0",
                    "flags": ("optional",),
                    "arguments": (
                        {"name": "nx", "type": "pure-token", "token": "NX"},
                        {"name": "xx", "type": "pure-token", "token": "XX"},
                        {"name": "gt", "type": "pure-token", "token": "GT"},
                        {"name": "lt", "type": "pure-token", "token": "LT"},
                    ),
                },
            ),
        },
    },
    "ttl": {
        "tips": "nondeterministic_output",
        "key_specs": (
            {
                "flags": ("RO", "access"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("2.8.0", "Added the -2 reply."),),
            "arguments": ({"name": "key", "type": "key", "key_spec_index": 0},),
        },
    },
    "pttl": {
        "tips": "nondeterministic_output",
        "key_specs": (
            {
                "flags": ("RO", "access"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (("2.8.0", "Added the -2 reply."),),
            "arguments": ({"name": "key", "type": "key", "key_spec_index": 0},),
        },
    },
    "expiretime": {
        "key_specs": (
            {
                "flags": ("RO", "access"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "pexpiretime": {
        "key_specs": (
            {
                "flags": ("RO", "access"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "persist": {
        "key_specs": (
            {
                "flags": ("RW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "rename": {
        "key_specs": (
            {
                "flags": ("RW", "access", "delete"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
            {
                "flags": ("OW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "newkey", "type": "key", "key_spec_index": 1},
            )
        },
    },
    "renamenx": {
        "key_specs": (
            {
                "flags": ("RW", "access", "delete"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
            {
                "flags": ("OW", "insert"),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "history": (
                (
                    "3.2.0",
                    "The command no longer returns an error when source and "
                    "destination names are the same.",
                ),
            ),
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "newkey", "type": "key", "key_spec_index": 1},
            ),
        },
    },
    "copy": {
        "key_specs": (
            {
                "flags": ("RO", "access"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
            {
                "flags": ("OW", "update"),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "arguments": (
                {"name": "source", "type": "key", "key_spec_index": 0},
                {"name": "destination", "type": "key", "key_spec_index": 1},
                {
                    "name": "destination-db",
                    "type": "integer",
                    "token": "DB",
                    "flags": ("optional",),
                },
                {
                    "name": "replace",
                    "type": "pure-token",
                    "token": "REPLACE",
                    "flags": ("optional",),
                },
            )
        },
    },
    "move": {
        "key_specs": (
            {
                "flags": ("RW", "access", "update"),
                "begin_search": {"type": "index", "spec": {"index": 1}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {
            "arguments": (
                {"name": "key", "type": "key", "key_spec_index": 0},
                {"name": "db", "type": "integer"},
            )
        },
    },
    "swapdb": {
        "doc": {
            "arguments": (
                {"name": "index1", "type": "integer"},
                {"name": "index2", "type": "integer"},
            )
        }
    },
    "object": {},
    "object|help": {},
    "object|encoding": {
        "tips": "nondeterministic_output",
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "object|refcount": {
        "tips": "nondeterministic_output",
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "object|idletime": {
        "tips": "nondeterministic_output",
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "object|freq": {
        "tips": "nondeterministic_output",
        "key_specs": (
            {
                "flags": ("RO",),
                "begin_search": {"type": "index", "spec": {"index": 2}},
                "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}},
            },
        ),
        "doc": {"arguments": ({"name": "key", "type": "key", "key_spec_index": 0},)},
    },
    "wait": {
        "tips": "request_policy:all_shards response_policy:agg_min",
        "doc": {
            "arguments": (
                {"name": "numreplicas", "type": "integer"},
                {"name": "timeout", "type": "integer"},
            )
        },
    },
}
