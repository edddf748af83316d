"""Conformance cases: MONITOR, CLIENT PAUSE, CLIENT UNPAUSE.

Only what a one-connection script can pin: argument errors, zero-length pauses,
both commands inside MULTI, and their COMMAND INFO / DOCS. The streaming of
MONITOR lines and the holding of paused clients need several connections and
are tested in tests/test_monitor.py and tests/test_pause.py against the
behaviour checked on redis-server 7.0.15.
"""

from __future__ import annotations

from .case import Case

CASES: list[Case] = [
    # -- CLIENT PAUSE arguments ------------------------------------------------
    Case("client pause without a timeout", [("CLIENT", "PAUSE")]),
    Case("client pause with a non-integer timeout", [("CLIENT", "PAUSE", "abc")]),
    Case("client pause with a fractional timeout", [("CLIENT", "PAUSE", "1.5")]),
    Case("client pause with a negative timeout", [("CLIENT", "PAUSE", "-1")]),
    Case("client pause with an unknown mode", [("CLIENT", "PAUSE", "10", "foo")]),
    Case("client pause with too many arguments", [("CLIENT", "PAUSE", "10", "WRITE", "x")]),
    Case("client pause with an empty timeout", [("CLIENT", "PAUSE", "")]),
    Case(
        "client pause with a timeout beyond 64 bits",
        [("CLIENT", "PAUSE", "99999999999999999999")],
    ),
    Case("client pause 0 ends at once", [("CLIENT", "PAUSE", "0"), ("PING",)]),
    Case(
        "client pause 0 in each mode, any case",
        [
            ("CLIENT", "PAUSE", "0", "WRITE"),
            ("SET", "k", "v"),
            ("client", "pause", "0", "all"),
            ("GET", "k"),
            ("CLIENT", "PAUSE", "0", "Write"),
        ],
    ),
    Case(
        "client pause then unpause lets writes through",
        [("CLIENT", "PAUSE", "100000", "WRITE"), ("GET", "k"), ("CLIENT", "UNPAUSE")],
    ),
    Case("client unpause without a pause", [("CLIENT", "UNPAUSE")]),
    Case("client unpause with an argument", [("CLIENT", "UNPAUSE", "now")]),
    Case(
        "client pause inside multi runs at exec",
        [("MULTI",), ("CLIENT", "PAUSE", "0", "WRITE"), ("CLIENT", "UNPAUSE"), ("EXEC",)],
    ),
    Case("command info of client pause", [("COMMAND", "INFO", "client|pause")]),
    Case("command info of client unpause", [("COMMAND", "INFO", "client|unpause")]),
    Case(
        "command docs of client pause and unpause",
        [("COMMAND", "DOCS", "client|unpause")],
        min_version=(7, 2),
    ),
    # -- MONITOR ---------------------------------------------------------------
    Case("monitor with an argument", [("MONITOR", "now")]),
    Case("monitor inside multi fails at exec", [("MULTI",), ("MONITOR",), ("EXEC",)]),
    Case("command info of monitor", [("COMMAND", "INFO", "monitor")]),
    Case("command docs of monitor", [("COMMAND", "DOCS", "monitor")], min_version=(7, 2)),
]
