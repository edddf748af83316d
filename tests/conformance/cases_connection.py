"""Conformance cases: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH and CLIENT.

Replies that differ by nature (HELLO's version and id, CLIENT ID, CLIENT LIST)
are compared by reply type only. Behaviour that changed in Redis 7.2 (HELLO
option checks before AUTH, the NOAUTH text of HELLO, CLIENT SETINFO/NO-TOUCH,
the CLIENT HELP text) is pinned with ``min_version=(7, 2)``.
"""

from __future__ import annotations

from .case import Case, RawCase, step

_AUTH = {"requirepass": "secret"}
_72 = (7, 2)


def _mb(*args: str | bytes) -> bytes:
    out = b"*%d\r\n" % len(args)
    for a in args:
        raw = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%b\r\n" % (len(raw), raw)
    return out


CASES: list[Case | RawCase] = [
    # -- PING / ECHO ---------------------------------------------------------------
    Case("PING without an argument answers PONG", [("PING",)]),
    Case("PING with an argument echoes it as a bulk string", [("PING", "hello")]),
    Case("PING with an empty argument", [("PING", "")]),
    Case("PING with two arguments is an arity error", [("PING", "a", "b")]),
    Case("ECHO returns its argument", [("ECHO", "hello world")]),
    Case("ECHO is binary safe", [("ECHO", b"\x00\xff\r\n")]),
    Case("ECHO without an argument is an arity error", [("ECHO",)]),
    Case("ECHO with two arguments is an arity error", [("ECHO", "a", "b")]),
    # -- SELECT ----------------------------------------------------------------------
    Case(
        "SELECT switches the database keys live in",
        [
            ("SET", "k", "db0"),
            ("SELECT", "1"),
            ("GET", "k"),
            ("SET", "k", "db1"),
            ("SELECT", "0"),
            ("GET", "k"),
        ],
    ),
    Case("SELECT the last database", [("SELECT", "15")]),
    Case("SELECT 16 is out of range", [("SELECT", "16")]),
    Case("SELECT a negative index is out of range", [("SELECT", "-1")]),
    Case("SELECT a word is not an integer", [("SELECT", "abc")]),
    Case("SELECT a decimal is not an integer", [("SELECT", "1.5")]),
    Case("SELECT with a leading space is not an integer", [("SELECT", " 1")]),
    Case("SELECT with a leading zero is not an integer", [("SELECT", "01")]),
    Case("SELECT beyond 32 bits is out of int range", [("SELECT", "4294967296")]),
    Case("SELECT just beyond the int range", [("SELECT", "2147483648")]),
    Case("SELECT without an argument is an arity error", [("SELECT",)]),
    # -- QUIT ------------------------------------------------------------------------
    Case("QUIT answers OK and closes the connection", [("QUIT",), ("PING",)]),
    RawCase("QUIT closes before the next pipelined command", _mb("QUIT") + _mb("PING")),
    RawCase("QUIT accepts and ignores arguments", _mb("QUIT", "now") + _mb("PING")),
    # -- RESET -----------------------------------------------------------------------
    Case("RESET answers RESET", [("RESET",)]),
    Case("RESET with an argument is an arity error", [("RESET", "x")]),
    Case(
        "RESET leaves MULTI and drops the queue",
        [("MULTI",), ("SET", "k", "v"), ("RESET",), ("EXEC",), ("GET", "k")],
    ),
    Case(
        "RESET drops WATCHes so a later transaction runs",
        [("WATCH", "k"), ("SET", "k", "1"), ("RESET",), ("MULTI",), ("PING",), ("EXEC",)],
    ),
    Case(
        "RESET selects database 0",
        [("SELECT", "3"), ("SET", "k", "db3"), ("RESET",), ("GET", "k")],
    ),
    Case(
        "RESET clears the connection name",
        [("CLIENT", "SETNAME", "worker"), ("RESET",), ("CLIENT", "GETNAME")],
    ),
    Case(
        "RESET goes back to RESP2",
        [("RESET",), ("CONFIG", "GET", "maxmemory")],
        resp=(3,),
    ),
    Case(
        "RESET inside MULTI is not queued",
        [("MULTI",), ("RESET",), ("PING",)],
    ),
    # -- HELLO -----------------------------------------------------------------------
    Case("HELLO without arguments reports the connection", [step("HELLO", ignore=True)]),
    Case(
        "HELLO 3 switches to RESP3 and HELLO 2 back",
        [
            step("HELLO", "3", ignore=True),
            ("CONFIG", "GET", "maxmemory"),
            step("HELLO", "2", ignore=True),
            ("CONFIG", "GET", "maxmemory"),
        ],
        resp=(2,),
    ),
    Case("HELLO 4 is an unsupported protocol", [("HELLO", "4")]),
    Case("HELLO 1 is an unsupported protocol", [("HELLO", "1")]),
    Case("HELLO 0 is an unsupported protocol", [("HELLO", "0")]),
    Case("HELLO -1 is an unsupported protocol", [("HELLO", "-1")]),
    Case("HELLO with a word for the version", [("HELLO", "abc")]),
    Case("HELLO with a padded version", [("HELLO", " 3")]),
    Case("HELLO with a leading-zero version", [("HELLO", "03")]),
    Case("HELLO with a decimal version", [("HELLO", "3.0")]),
    Case("HELLO with an unknown option", [("HELLO", "2", "FOO")]),
    Case("HELLO AUTH without a password", [("HELLO", "2", "AUTH", "default")]),
    Case("HELLO SETNAME without a name", [("HELLO", "3", "SETNAME")]),
    Case(
        "HELLO SETNAME with a space in the name",
        [("HELLO", "2", "SETNAME", "a b"), ("CLIENT", "GETNAME")],
    ),
    Case(
        "HELLO SETNAME names the connection",
        [step("HELLO", "2", "SETNAME", "hello-name", ignore=True), ("CLIENT", "GETNAME")],
    ),
    Case(
        "HELLO options are case-insensitive",
        [
            step("HELLO", "2", "setname", "n2", "auth", "default", "pw", ignore=True),
            ("CLIENT", "GETNAME"),
        ],
    ),
    Case(
        "HELLO AUTH default with any password works without requirepass",
        [step("HELLO", "2", "AUTH", "default", "anything", ignore=True), ("PING",)],
    ),
    Case("HELLO AUTH with an unknown user", [("HELLO", "2", "AUTH", "nobody", "pw")]),
    Case("HELLO version error comes before option errors", [("HELLO", "9", "SETNAME", "a b")]),
    Case(
        "HELLO checks all options before AUTH",
        [("HELLO", "3", "AUTH", "a", "b", "SETNAME", "x", "extra")],
        min_version=_72,
    ),
    Case(
        "HELLO checks SETNAME before AUTH",
        [("HELLO", "2", "AUTH", "x", "y", "SETNAME", "a b")],
        min_version=_72,
    ),
    # -- AUTH without requirepass -----------------------------------------------------
    Case("AUTH with only a password and none configured", [("AUTH", "x")]),
    Case("AUTH default with any password and none configured", [("AUTH", "default", "x")]),
    Case("AUTH with an unknown user", [("AUTH", "foo", "x")]),
    Case("AUTH with three arguments is a syntax error", [("AUTH", "a", "b", "c")]),
    Case("AUTH without arguments is an arity error", [("AUTH",)]),
    # -- AUTH with requirepass ------------------------------------------------------------
    Case("an unauthenticated PING gets NOAUTH", [("PING",)], config=_AUTH),
    Case(
        "NOAUTH for data, SELECT and CLIENT commands",
        [("GET", "k"), ("SELECT", "1"), ("CLIENT", "ID"), ("ECHO", "x")],
        config=_AUTH,
    ),
    Case(
        "unknown commands and arity errors come before NOAUTH",
        [("NOSUCH", "a"), ("GET",), ("CLIENT", "NOSUCH")],
        config=_AUTH,
    ),
    Case("AUTH with the wrong password", [("AUTH", "wrong"), ("PING",)], config=_AUTH),
    Case("AUTH with the right password", [("AUTH", "secret"), ("PING",)], config=_AUTH),
    Case(
        "AUTH default with the right password",
        [("AUTH", "default", "secret"), ("PING",)],
        config=_AUTH,
    ),
    Case(
        "AUTH with a wrong user and the right password",
        [("AUTH", "admin", "secret"), ("PING",)],
        config=_AUTH,
    ),
    Case(
        "a failed AUTH keeps an authenticated connection authenticated",
        [("AUTH", "secret"), ("AUTH", "wrong"), ("PING",)],
        config=_AUTH,
    ),
    Case(
        "RESET deauthenticates when a password is set",
        [("AUTH", "secret"), ("RESET",), ("PING",)],
        config=_AUTH,
    ),
    Case(
        "QUIT works before AUTH",
        [("QUIT",), ("PING",)],
        config=_AUTH,
    ),
    Case("RESET works before AUTH", [("RESET",), ("PING",)], config=_AUTH),
    Case(
        "HELLO AUTH with the wrong password",
        [("HELLO", "3", "AUTH", "default", "wrong"), ("PING",)],
        config=_AUTH,
    ),
    Case(
        "HELLO AUTH authenticates and names the connection",
        [
            step("HELLO", "2", "AUTH", "default", "secret", "SETNAME", "me", ignore=True),
            ("CLIENT", "GETNAME"),
        ],
        config=_AUTH,
    ),
    Case(
        "HELLO without AUTH on an unauthenticated connection",
        [("HELLO",), ("HELLO", "3"), ("HELLO", "2", "SETNAME", "x")],
        config=_AUTH,
        min_version=_72,
    ),
    Case(
        "HELLO SETNAME error with the right password leaves the connection unauthenticated",
        [("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "a b"), ("PING",)],
        config=_AUTH,
        min_version=_72,
    ),
    # -- CLIENT SETNAME / GETNAME / ID / INFO / LIST ------------------------------------
    Case("CLIENT GETNAME without a name is null", [("CLIENT", "GETNAME")]),
    Case(
        "CLIENT SETNAME then GETNAME",
        [("CLIENT", "SETNAME", "worker-1"), ("CLIENT", "GETNAME")],
    ),
    Case(
        "CLIENT SETNAME with an empty name clears it",
        [("CLIENT", "SETNAME", "x"), ("CLIENT", "SETNAME", ""), ("CLIENT", "GETNAME")],
    ),
    Case("CLIENT SETNAME accepts punctuation", [("CLIENT", "SETNAME", "~!@#")]),
    Case("CLIENT SETNAME refuses a space", [("CLIENT", "SETNAME", "a b")]),
    Case("CLIENT SETNAME refuses a newline", [("CLIENT", "SETNAME", "a\nb")]),
    Case("CLIENT SETNAME refuses DEL", [("CLIENT", "SETNAME", b"a\x7fb")]),
    Case("CLIENT SETNAME refuses non-ASCII", [("CLIENT", "SETNAME", "é")]),
    Case("CLIENT SETNAME without a name is an arity error", [("CLIENT", "SETNAME")]),
    Case("CLIENT GETNAME with an argument is an arity error", [("CLIENT", "GETNAME", "x")]),
    Case("CLIENT ID is an integer", [step("CLIENT", "ID", ignore=True)]),
    Case("CLIENT ID with an argument is an arity error", [("CLIENT", "ID", "x")]),
    Case("CLIENT INFO is a text line", [step("CLIENT", "INFO", ignore=True)]),
    Case("CLIENT LIST is text", [step("CLIENT", "LIST", ignore=True)]),
    Case("CLIENT LIST TYPE normal", [step("CLIENT", "LIST", "TYPE", "normal", ignore=True)]),
    Case("CLIENT LIST TYPE master is empty", [("CLIENT", "LIST", "TYPE", "master")]),
    Case("CLIENT LIST TYPE replica is empty", [("CLIENT", "LIST", "TYPE", "replica")]),
    Case("CLIENT LIST with an unknown type", [("CLIENT", "LIST", "TYPE", "foo")]),
    Case("CLIENT LIST TYPE with an extra argument", [("CLIENT", "LIST", "TYPE", "normal", "x")]),
    Case("CLIENT LIST ID of nobody is empty", [("CLIENT", "LIST", "ID", "999999")]),
    Case("CLIENT LIST ID with a word", [("CLIENT", "LIST", "ID", "1", "abc")]),
    Case("CLIENT LIST ID without ids", [("CLIENT", "LIST", "ID")]),
    Case("CLIENT LIST with an unknown option", [("CLIENT", "LIST", "FOO")]),
    # -- CLIENT KILL ----------------------------------------------------------------------
    Case("CLIENT KILL old form with no such client", [("CLIENT", "KILL", "1.2.3.4:5")]),
    Case("CLIENT KILL ID of nobody kills none", [("CLIENT", "KILL", "ID", "999999")]),
    Case("CLIENT KILL ID with a word", [("CLIENT", "KILL", "ID", "abc")]),
    Case("CLIENT KILL ID 0", [("CLIENT", "KILL", "ID", "0")]),
    Case("CLIENT KILL ID negative", [("CLIENT", "KILL", "ID", "-5")]),
    Case("CLIENT KILL ADDR of nobody", [("CLIENT", "KILL", "ADDR", "1.2.3.4:5")]),
    Case("CLIENT KILL LADDR of nobody", [("CLIENT", "KILL", "LADDR", "1.2.3.4:5")]),
    Case("CLIENT KILL with an unknown option", [("CLIENT", "KILL", "FOO", "x")]),
    Case("CLIENT KILL with a dangling option", [("CLIENT", "KILL", "ID", "1", "SKIPME")]),
    Case("CLIENT KILL SKIPME maybe", [("CLIENT", "KILL", "SKIPME", "maybe")]),
    # (CLIENT KILL without a narrowing filter would kill the runner's own connections.)
    Case("CLIENT KILL ID alone is the old form", [("CLIENT", "KILL", "ID")]),
    Case("CLIENT KILL USER unknown", [("CLIENT", "KILL", "USER", "nobody")]),
    Case("CLIENT KILL TYPE unknown", [("CLIENT", "KILL", "TYPE", "foo")]),
    Case("CLIENT KILL TYPE master kills none", [("CLIENT", "KILL", "TYPE", "master")]),
    Case(
        "CLIENT KILL combined filters kill none",
        [("CLIENT", "KILL", "ADDR", "x", "LADDR", "y", "ID", "3", "TYPE", "pubsub")],
    ),
    Case("CLIENT KILL without a target is an arity error", [("CLIENT", "KILL")]),
    # -- other CLIENT subcommands -----------------------------------------------------------
    Case("CLIENT without a subcommand is an arity error", [("CLIENT",)]),
    Case("CLIENT with an unknown subcommand", [("CLIENT", "FOO")]),
    Case("CLIENT HELP lists the subcommands", [("CLIENT", "HELP")], min_version=_72),
    Case(
        "CLIENT NO-EVICT on and off",
        [("CLIENT", "NO-EVICT", "on"), ("CLIENT", "NO-EVICT", "OFF")],
    ),
    Case("CLIENT NO-EVICT maybe", [("CLIENT", "NO-EVICT", "maybe")]),
    Case("CLIENT NO-EVICT without a mode", [("CLIENT", "NO-EVICT")]),
    Case(
        "CLIENT NO-TOUCH on and off",
        [("CLIENT", "NO-TOUCH", "on"), ("CLIENT", "NO-TOUCH", "off")],
        min_version=_72,
    ),
    Case("CLIENT NO-TOUCH maybe", [("CLIENT", "NO-TOUCH", "maybe")], min_version=_72),
    Case(
        "CLIENT SETINFO lib-name and lib-ver",
        [("CLIENT", "SETINFO", "LIB-NAME", "mylib"), ("CLIENT", "SETINFO", "lib-ver", "1.2.3")],
        min_version=_72,
    ),
    Case(
        "CLIENT SETINFO with an unknown attribute",
        [("CLIENT", "SETINFO", "lib-color", "red")],
        min_version=_72,
    ),
    Case(
        "CLIENT SETINFO refuses spaces",
        [("CLIENT", "SETINFO", "LIB-NAME", "my lib")],
        min_version=_72,
    ),
    Case(
        "CLIENT SETINFO with a missing value",
        [("CLIENT", "SETINFO", "LIB-NAME")],
        min_version=_72,
    ),
    Case("CLIENT GETREDIR without tracking", [("CLIENT", "GETREDIR")]),
    Case("CLIENT TRACKINGINFO without tracking", [("CLIENT", "TRACKINGINFO")]),
    Case("CLIENT UNBLOCK a client that is not blocked", [("CLIENT", "UNBLOCK", "999999")]),
    Case("CLIENT UNBLOCK with a word", [("CLIENT", "UNBLOCK", "abc")]),
    Case("CLIENT UNBLOCK with a bad reason", [("CLIENT", "UNBLOCK", "1", "foo")]),
    Case(
        "CLIENT UNBLOCK checks the reason before the id",
        [("CLIENT", "UNBLOCK", "abc", "foo")],
    ),
    Case("CLIENT UNBLOCK with too many arguments", [("CLIENT", "UNBLOCK", "1", "2", "3")]),
]
