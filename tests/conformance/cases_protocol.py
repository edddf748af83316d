"""Conformance cases for the request protocol: malformed RESP, inline commands, pipelining.

Most cases are raw byte streams (:class:`RawCase`): the runner sends them in one
write and compares every byte that comes back and whether the server closed the
connection. Inputs that end in a protocol error are kept below 16 KB unless the
error needs more (the "too big" ones), and then end exactly where Redis stops
reading, so no unread bytes turn the server's close into a reset.
"""

from __future__ import annotations

from .case import Case, RawCase, step


def _mb(*args: str | bytes) -> bytes:
    """One multibulk request."""
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        parts.append(b"$%d\r\n%b\r\n" % (len(b), b))
    return b"".join(parts)


_AUTH = {"requirepass": "secret"}

_PIPELINE = b"".join(
    _mb("SET", f"key:{i}", f"value:{i}")
    + _mb("GET", f"key:{i}")
    + _mb("ECHO", str(i))
    + b"PING\r\n"
    for i in range(250)
)

CASES: list[Case | RawCase] = [
    # -- multibulk length ---------------------------------------------------------
    RawCase("invalid multibulk length: letters", b"*abc\r\n"),
    RawCase("invalid multibulk length: empty count", b"*\r\n"),
    RawCase("invalid multibulk length: leading zero", b"*01\r\n"),
    RawCase("invalid multibulk length: plus sign", b"*+1\r\n"),
    RawCase("invalid multibulk length: trailing space", b"*1 \r\n"),
    RawCase("invalid multibulk length: above INT_MAX", b"*2147483648\r\n"),
    RawCase("multibulk length of INT_MAX waits for its arguments", b"*2147483647\r\n"),
    RawCase("negative multibulk count is an empty request", b"*-1\r\nPING\r\n"),
    RawCase("large negative multibulk count is an empty request", b"*-5\r\n" + _mb("PING")),
    RawCase("zero multibulk count is an empty request", b"*0\r\nPING\r\n"),
    RawCase("multibulk count without its CR waits", b"*11"),
    RawCase("multibulk with LF-only line endings waits for a CR", b"*1\n$4\nPING\n"),
    RawCase("too big mbulk count string", b"*" + b"1" * 65537),
    RawCase("mbulk count string just under the limit waits", b"*" + b"1" * 65535),
    # -- bulk length ----------------------------------------------------------------
    RawCase("invalid bulk length: letters", b"*1\r\n$x\r\n"),
    RawCase("invalid bulk length: minus one", b"*1\r\n$-1\r\n"),
    RawCase("invalid bulk length: negative", b"*1\r\n$-5\r\n"),
    RawCase("invalid bulk length: leading zero", b"*1\r\n$04\r\nPING\r\n"),
    RawCase("invalid bulk length: above proto-max-bulk-len", b"*1\r\n$536870913\r\n"),
    RawCase("bulk length of proto-max-bulk-len waits for the payload", b"*1\r\n$536870912\r\n"),
    RawCase("too big bulk count string", b"*1\r\n$" + b"1" * 65537),
    RawCase("bulk count string just under the limit waits", b"*1\r\n$" + b"1" * 65535),
    RawCase("bulk length header without its CR waits", b"*1\r\n$"),
    RawCase("expected '$', got 'x'", b"*1\r\nx3\r\n"),
    RawCase("expected '$', got ':' for an integer argument", b"*1\r\n:4\r\n"),
    RawCase("expected '$', got '*' for a nested array", b"*1\r\n*1\r\n$4\r\nPING\r\n"),
    RawCase("expected '$', got '+' for the second argument", b"*2\r\n$4\r\nECHO\r\n+hi\r\n"),
    RawCase("bulk payload may contain CRLF", _mb("ECHO", b"\r\n\r\n")),
    RawCase("bulk payload may contain NUL and high bytes", _mb("ECHO", b"\x00\xff\x80\r")),
    RawCase("empty bulk argument", _mb("ECHO", b"")),
    RawCase("empty command name is an unknown command", _mb(b"")),
    RawCase(
        "the two bytes after a bulk payload are skipped unchecked",
        b"*1\r\n$4\r\nPINGxxPING\r\n",
    ),
    RawCase("a bulk length shorter than the payload cuts the argument", b"*1\r\n$3\r\nPING\r\n"),
    RawCase("incomplete multibulk waits for its arguments", b"*2\r\n$4\r\nECHO\r\n"),
    RawCase("incomplete bulk payload waits", b"*2\r\n$4\r\nECHO\r\n$5\r\nhel"),
    # -- empty lines and inline requests ------------------------------------------
    RawCase("empty CRLF lines are ignored", b"\r\n\r\nPING\r\n"),
    RawCase("bare LF lines are ignored", b"\n\nPING\n"),
    RawCase("a whitespace-only line is ignored", b"   \t \r\nPING\r\n"),
    RawCase("too big inline request", b"a" * 65537),
    RawCase("inline request of exactly 64 KB waits for its newline", b"a" * 65536),
    RawCase("inline request ending with LF only", b"ECHO hi\n"),
    RawCase("inline command names are case-insensitive", b"pInG\r\n"),
    RawCase("inline unknown command lists its arguments", b"NOSUCH a b\r\n"),
    RawCase("inline wrong number of arguments", b"GET\r\n"),
    RawCase("inline runs of spaces and tabs separate arguments", b"  SET \t  a   b  \r\nGET a\r\n"),
    RawCase("inline CR inside a line separates arguments", b"PI\rNG\r\n"),
    RawCase("a request starting with '$' is an inline command", b"$4\r\nPING\r\n"),
    RawCase("a request starting with '+' is an inline command", b"+PING\r\n"),
    RawCase("an inline request with a NUL byte never completes", b"ECHO a\x00b\r\n"),
    RawCase(
        "inline, multibulk and inline requests in one write",
        b"PING\r\n" + _mb("ECHO", "hi") + b"ECHO there\r\n",
    ),
    # -- inline quoting ---------------------------------------------------------------
    RawCase("inline double quotes: hex and newline escapes", b'ECHO "\\x41\\x42\\n"\r\n'),
    RawCase("inline double quotes: hex escapes in a key", b'SET "a\\x41\\n" b\r\nGET "aA\\n"\r\n'),
    RawCase("inline double quotes: hex digits in either case", b'ECHO "\\x4a\\x4A"\r\n'),
    RawCase("inline double quotes: hex escape of NUL", b'ECHO "a\\x00b"\r\n'),
    RawCase(
        'inline double quotes: \\t \\r \\b \\a \\\\ and \\" escapes',
        b'ECHO "t\\tr\\rb\\ba\\a\\\\q\\""\r\n',
    ),
    RawCase("inline double quotes: unknown escape keeps the character", b'ECHO "a\\qb"\r\n'),
    RawCase("inline double quotes: incomplete hex escape", b'ECHO "\\x4"\r\n'),
    RawCase("inline double quotes: non-hex escape", b'ECHO "\\xZZ"\r\n'),
    RawCase("inline double quotes: escaped backslash before x", b'ECHO "\\\\x41"\r\n'),
    RawCase("inline double quotes keep spaces", b'ECHO "hello world"\r\n'),
    RawCase("inline quoted argument among plain ones", b'ECHO  "a b"  c\r\n'),
    RawCase("inline empty double-quoted argument", b'ECHO ""\r\n'),
    RawCase("inline empty single-quoted argument", b"ECHO ''\r\n"),
    RawCase("inline single quotes keep backslashes", b"ECHO 'a\\\"b\\n'\r\n"),
    RawCase("inline single quotes: escaped single quote", b"ECHO 'it\\'s'\r\n"),
    RawCase("unbalanced double quote", b'ECHO "abc\r\n'),
    RawCase("unbalanced single quote", b"ECHO 'abc\r\n"),
    RawCase("unbalanced quotes: escaped closing quote", b'ECHO "abc\\"\r\n'),
    RawCase("unbalanced quotes: hex escape cut by the line end", b'ECHO "\\x4\r\n'),
    RawCase("unbalanced quotes: closing quote followed by a character", b'ECHO "abc"def\r\n'),
    RawCase("unbalanced quotes: two quoted strings without a space", b'ECHO "a""b"\r\n'),
    RawCase("unbalanced quotes: closing single quote followed by a character", b"ECHO 'a'b\r\n"),
    RawCase("unbalanced quotes: quote inside a plain word", b'ECHO a"b"c\r\n'),
    RawCase("unbalanced quotes: lone single quote inside a word", b"ECHO a'b\r\n"),
    # -- pipelining ---------------------------------------------------------------------
    RawCase("a thousand pipelined commands in one write", _PIPELINE),
    RawCase("pipelined inline commands in one write", b"PING\r\n" * 300 + b"ECHO done\r\n"),
    RawCase(
        "protocol error after valid pipelined commands",
        b"PING\r\n" + _mb("PING") + _mb("ECHO", "hi") + b"*x\r\n",
    ),
    RawCase(
        "nothing after a protocol error runs",
        b"SET k v\r\n*1\r\n$x\r\nGET k\r\n",
    ),
    RawCase(
        "unbalanced quotes after valid pipelined commands",
        b'PING\r\nECHO "a\r\nPING\r\n',
    ),
    RawCase(
        "protocol error after two hundred valid commands in one write",
        _mb("PING") * 200 + b"*abc\r\n",
    ),
    # -- limits for unauthenticated clients ------------------------------------------
    RawCase("unauthenticated multibulk length", b"*11\r\n", config=_AUTH),
    RawCase("unauthenticated multibulk of ten arguments waits", b"*10\r\n", config=_AUTH),
    RawCase("unauthenticated bulk length", b"*1\r\n$16385\r\n", config=_AUTH),
    RawCase("unauthenticated bulk of 16384 bytes waits", b"*1\r\n$16384\r\n", config=_AUTH),
    RawCase("unauthenticated limits apply after an empty request", b"*-1\r\n*11\r\n", config=_AUTH),
    RawCase("unauthenticated inline command gets NOAUTH", b"PING\r\n", config=_AUTH),
    RawCase("unauthenticated multibulk command gets NOAUTH", _mb("PING"), config=_AUTH),
    RawCase(
        "a failed AUTH keeps the unauthenticated limits",
        b"AUTH wrong\r\n*11\r\n",
        config=_AUTH,
    ),
    RawCase(
        "AUTH lifts the multibulk limit",
        _mb("AUTH", "secret") + b"*11\r\n",
        config=_AUTH,
    ),
    RawCase(
        "AUTH lifts the bulk limit",
        _mb("AUTH", "secret") + b"*1\r\n$16385\r\n",
        config=_AUTH,
    ),
    # -- requests through the normal framing (RESP2 and RESP3) ---------------------
    Case("command names are case-insensitive", [("EcHo", "x"), ("pInG",)]),
    Case("binary-safe arguments round-trip", [("ECHO", b"\x00\r\n\xff bin\tary")]),
    Case("an empty argument round-trips", [("ECHO", "")]),
    Case("a 3000-byte argument round-trips", [("ECHO", "x" * 3000)]),
    Case(
        "unknown command with many arguments shows the first ones",
        [("NOSUCHCOMMAND", *[f"argument-{i:03d}" for i in range(40)])],
    ),
    Case(
        "unknown command with a long argument cuts it",
        [("NOSUCHCOMMAND", "y" * 300, "z")],
    ),
    Case("unknown command with a long name", [("N" * 200, "a")]),
    Case("unknown command with no arguments", [("NOSUCHCOMMAND",)]),
    Case("unknown command named with spaces", [("NO SUCH", "a b")]),
    Case("wrong number of arguments names the command in lower case", [("GeT",), ("ECHO",)]),
    Case("PING with an argument", [("PING", "hello"), step("PING", "")]),
    Case("PING with too many arguments", [("PING", "a", "b")]),
]
