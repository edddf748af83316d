"""Connection commands: PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH and CLIENT.

Authentication follows Redis's ``requirepass`` model: a single ``default``
user, which needs no password while ``server.requirepass`` is None. The NOAUTH
gate itself lives in the dispatcher (commands flagged ``no_auth`` pass it).

CLIENT PAUSE/UNPAUSE live in pause.py. Not implemented: CLIENT REPLY,
TRACKING and CACHING (they answer as unknown subcommands).
"""

from __future__ import annotations

from .. import errors
from ..config import REDIS_VERSION
from ..connection import Client
from ..errors import CommandError
from ..protocol import OK, PONG, Raw, Reply, RSet, SimpleString, Verbatim, encode, string2ll
from ..registry import command, container
from .transactions import discard_transaction

_INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647"
_I64_MAX = 2**63 - 1

RESET_REPLY = SimpleString(b"RESET")


def help_reply(argv0: bytes, lines: tuple[str, ...]) -> list[SimpleString]:
    """A Redis ``<CMD> HELP`` reply: header, the lines, then the HELP entry."""
    head = argv0.upper() + b" <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    out = [SimpleString(head)]
    out.extend(SimpleString(line.encode()) for line in lines)
    out.append(SimpleString(b"HELP"))
    out.append(SimpleString(b"    Prints this help."))
    return out


def subcommand_syntax_error(argv: list[bytes]) -> CommandError:
    """Redis's reply when a subcommand gets an argument count its handler refuses."""
    return CommandError(
        b"ERR unknown subcommand or wrong number of arguments for '"
        + argv[1][:128]
        + b"'. Try "
        + argv[0].upper()
        + b" HELP."
    )


def check_password(c: Client, user: bytes, password: bytes) -> bool:
    """Whether ``user``/``password`` authenticate (the only user is ``default``)."""
    if user != b"default":
        return False
    required = c.server.requirepass
    return required is None or password == required


def _valid_attr(value: bytes) -> bool:
    """Printable ASCII without spaces ('!' .. '~'), so CLIENT LIST stays parseable."""
    return all(33 <= ch <= 126 for ch in value)


# ---------------------------------------------------------------------------
# PING ECHO SELECT QUIT RESET


@command(
    "ping",
    -1,
    "fast",
    group="connection",
    summary="Returns the server's liveliness response.",
    tips="request_policy:all_shards response_policy:all_succeeded",
)
def cmd_ping(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    if n == 1:
        return PONG
    if n == 2:
        return argv[1]
    raise errors.wrong_arity("ping")


@command("echo", 2, "loading stale fast", group="connection", summary="Returns the given string.")
def cmd_echo(c: Client, argv: list[bytes]) -> Reply:
    return argv[1]


@command(
    "select", 2, "loading stale fast", group="connection", summary="Changes the selected database."
)
def cmd_select(c: Client, argv: list[bytes]) -> Reply:
    index = string2ll(argv[1])
    if index is None:
        raise CommandError(errors.NOT_INTEGER)
    if not -(2**31) <= index < 2**31:
        raise CommandError(_INT_RANGE)
    if not 0 <= index < len(c.server.keyspace.dbs):
        raise CommandError(errors.DB_INDEX_OUT_OF_RANGE)
    c.select(index)
    return OK


@command(
    "quit",
    -1,
    "allow_busy noscript loading stale fast no_auth",
    group="connection",
    summary="Closes the connection.",
    doc={
        "doc_flags": ("deprecated",),
        "deprecated_since": "7.2.0",
        "replaced_by": "just closing the connection",
    },
)
def cmd_quit(c: Client, argv: list[bytes]) -> Reply:
    c.closing = True
    return OK


@command(
    "reset",
    1,
    "noscript loading stale fast no_auth allow_busy",
    group="connection",
    summary="Resets the connection.",
    since="6.2.0",
)
def cmd_reset(c: Client, argv: list[bytes]) -> Reply:
    discard_transaction(c)
    c.select(0)
    c.resp3 = False
    c.user = b"default"
    c.set_authenticated(c.server.requirepass is None)
    c.name = b""
    c.no_evict = False
    c.no_touch = False
    # lib-name and lib-ver stay: they describe the library behind the connection.
    return RESET_REPLY


# ---------------------------------------------------------------------------
# AUTH HELLO

_HELLO_NOAUTH = (
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
    "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
    "select the RESP protocol version at the same time"
)


@command(
    "auth",
    -2,
    "noscript loading stale fast no_auth allow_busy",
    group="connection",
    summary="Authenticates the connection.",
    complexity="O(N) where N is the number of passwords defined for the user",
    doc={"history": (("6.0.0", "Added ACL style (username and password)."),)},
)
def cmd_auth(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) > 3:
        raise CommandError(errors.SYNTAX)
    if len(argv) == 2:
        if c.server.requirepass is None:
            raise CommandError(errors.AUTH_NOT_CONFIGURED)
        user, password = b"default", argv[1]
    else:
        user, password = argv[1], argv[2]
    if not check_password(c, user, password):
        raise CommandError(errors.WRONGPASS)
    c.user = user
    c.set_authenticated(True)
    return OK


@command(
    "hello",
    -1,
    "noscript loading stale fast no_auth allow_busy",
    group="connection",
    summary="Handshakes with the Redis server.",
    since="6.0.0",
    doc={
        "history": (
            (
                "6.2.0",
                "`protover` made optional; when called without arguments the command "
                "reports the current connection's context.",
            ),
        )
    },
)
def cmd_hello(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    version = 0
    if n >= 2:
        v = string2ll(argv[1])
        if v is None:
            raise CommandError("ERR Protocol version is not an integer or out of range")
        if v < 2 or v > 3:
            raise CommandError(errors.PROTOCOL_VERSION)
        version = v
    creds: tuple[bytes, bytes] | None = None
    name: bytes | None = None
    j = 2
    while j < n:
        more = n - 1 - j
        opt = argv[j]
        low = opt.lower()
        if low == b"auth" and more >= 2:
            creds = (argv[j + 1], argv[j + 2])
            j += 3
        elif low == b"setname" and more >= 1:
            name = argv[j + 1]
            if name and not _valid_attr(name):
                raise CommandError(_BAD_NAME)
            j += 2
        else:
            raise CommandError(b"ERR Syntax error in HELLO option '" + opt + b"'")
    if creds is not None:
        if not check_password(c, creds[0], creds[1]):
            raise CommandError(errors.WRONGPASS)
        c.user = creds[0]
        c.set_authenticated(True)
    if not c.authenticated:
        raise CommandError(_HELLO_NOAUTH)
    if name is not None:
        c.name = name
    if version:
        c.resp3 = version == 3
    head, tail = _HELLO_RESP3 if c.resp3 else _HELLO_RESP2
    return Raw(b"%b%d%b" % (head, c.id, tail))


def _hello_parts(resp3: bool) -> tuple[bytes, bytes]:
    """HELLO's reply in ``resp3`` or not, encoded once: the bytes before and
    after the client's id (every new connection of redis-py 8 sends HELLO 3)."""
    fields: dict[bytes, object] = {
        b"server": b"redis",
        b"version": REDIS_VERSION.encode(),
        b"proto": 3 if resp3 else 2,
        b"id": -1,
        b"mode": b"standalone",
        b"role": b"master",
        b"modules": [],
    }
    head, tail = encode(fields, resp3).split(b":-1\r\n")
    return head + b":", b"\r\n" + tail


_HELLO_RESP2 = _hello_parts(False)
_HELLO_RESP3 = _hello_parts(True)


# ---------------------------------------------------------------------------
# CLIENT

_BAD_CHARS = b" cannot contain spaces, newlines or special characters."
_BAD_NAME = b"ERR Client names" + _BAD_CHARS

_CLIENT = container(
    "client",
    group="connection",
    summary="A container for client connection commands.",
    since="2.4.0",
)
_CLIENT.complexity = "Depends on subcommand."

_CLIENT_HELP = (
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "SETINFO <option> <value>",
    "    Set client meta attr. Options are:",
    "    * LIB-NAME: the client lib name.",
    "    * LIB-VER: the client lib version.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "NO-TOUCH (ON|OFF)",
    "    Will not touch LRU/LFU stats when this mode is on.",
)

#: CLIENT LIST / KILL TYPE names; every redistill connection is a normal client
_CLIENT_TYPES = {b"normal": "normal", b"slave": "replica", b"replica": "replica"}
_CLIENT_TYPES.update({b"pubsub": "pubsub", b"master": "master"})


def _client_type(raw: bytes) -> str:
    kind = _CLIENT_TYPES.get(raw.lower())
    if kind is None:
        raise CommandError(b"ERR Unknown client type '" + raw + b"'")
    return kind


def _type_of(client: Client) -> str:
    return "pubsub" if b"P" in client.flags else "normal"


@command(
    "client|help",
    2,
    "loading stale",
    group="connection",
    summary="Returns helpful text about the different subcommands.",
    since="5.0.0",
)
def cmd_client_help(c: Client, argv: list[bytes]) -> Reply:
    return help_reply(argv[0], _CLIENT_HELP)


@command(
    "client|id",
    2,
    "noscript loading stale",
    group="connection",
    summary="Returns the unique client ID of the connection.",
    since="5.0.0",
)
def cmd_client_id(c: Client, argv: list[bytes]) -> Reply:
    return c.id


@command(
    "client|getname",
    2,
    "noscript loading stale",
    group="connection",
    summary="Returns the name of the connection.",
    since="2.6.9",
)
def cmd_client_getname(c: Client, argv: list[bytes]) -> Reply:
    return c.name or None


@command(
    "client|setname",
    3,
    "noscript loading stale",
    group="connection",
    summary="Sets the connection name.",
    since="2.6.9",
    tips="request_policy:all_nodes response_policy:all_succeeded",
)
def cmd_client_setname(c: Client, argv: list[bytes]) -> Reply:
    name = argv[2]
    if not _valid_attr(name):
        raise CommandError(_BAD_NAME)
    c.name = name
    return OK


@command(
    "client|setinfo",
    4,
    "noscript loading stale",
    group="connection",
    summary="Sets information specific to the client or connection.",
    since="7.2.0",
    tips="request_policy:all_nodes response_policy:all_succeeded",
)
def cmd_client_setinfo(c: Client, argv: list[bytes]) -> Reply:
    attr, value = argv[2], argv[3]
    low = attr.lower()
    if low not in (b"lib-name", b"lib-ver"):
        raise CommandError(b"ERR Unrecognized option '" + attr + b"'")
    if not _valid_attr(value):
        raise CommandError(
            b"ERR " + attr + b" cannot contain spaces, newlines or special characters."
        )
    if low == b"lib-name":
        c.lib_name = value
    else:
        c.lib_ver = value
    return OK


@command(
    "client|info",
    2,
    "noscript loading stale",
    group="connection",
    summary="Returns information about the connection.",
    since="6.2.0",
    tips="nondeterministic_output",
)
def cmd_client_info(c: Client, argv: list[bytes]) -> Reply:
    return Verbatim(c.info_line() + b"\n")


@command(
    "client|list",
    -2,
    "admin noscript loading stale",
    group="connection",
    summary="Lists open connections.",
    since="2.4.0",
    complexity="O(N) where N is the number of client connections",
    tips="nondeterministic_output",
)
def cmd_client_list(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    clients = c.server.clients
    if n == 4 and argv[2].lower() == b"type":
        kind = _client_type(argv[3])
        chosen = [cl for cl in clients.values() if _type_of(cl) == kind]
    elif n > 3 and argv[2].lower() == b"id":
        ids: list[int] = []
        for raw in argv[3:]:
            cid = string2ll(raw)
            if cid is None:
                raise CommandError("ERR Invalid client ID")
            ids.append(cid)
        chosen = [clients[cid] for cid in ids if cid in clients]
    elif n != 2:
        raise CommandError(errors.SYNTAX)
    else:
        chosen = list(clients.values())
    return Verbatim(b"".join(cl.info_line() + b"\n" for cl in chosen))


@command(
    "client|kill",
    -3,
    "admin noscript loading stale",
    group="connection",
    summary="Terminates open connections.",
    since="2.4.0",
    complexity="O(N) where N is the number of client connections",
)
def cmd_client_kill(c: Client, argv: list[bytes]) -> Reply:
    n = len(argv)
    addr: bytes | None = None
    laddr: bytes | None = None
    kind: str | None = None
    cid = 0
    user: bytes | None = None
    skipme = True
    if n == 3:
        addr = argv[2]
        skipme = False  # the old form may kill the caller itself
    else:
        i = 2
        while i < n:
            opt = argv[i].lower()
            if i + 1 >= n:
                raise CommandError(errors.SYNTAX)
            val = argv[i + 1]
            if opt == b"id":
                v = string2ll(val)
                if v is None or not 1 <= v <= _I64_MAX:
                    raise CommandError("ERR client-id should be greater than 0")
                cid = v
            elif opt == b"type":
                kind = _client_type(val)
            elif opt == b"addr":
                addr = val
            elif opt == b"laddr":
                laddr = val
            elif opt == b"user":
                if val != b"default":
                    raise CommandError(b"ERR No such user '" + val + b"'")
                user = val
            elif opt == b"skipme":
                low = val.lower()
                if low == b"yes":
                    skipme = True
                elif low == b"no":
                    skipme = False
                else:
                    raise CommandError(errors.SYNTAX)
            else:
                raise CommandError(errors.SYNTAX)
            i += 2
    killed = 0
    server = c.server
    for other in list(server.clients.values()):
        if addr is not None and other.addr.encode() != addr:
            continue
        if laddr is not None and other.laddr.encode() != laddr:
            continue
        if kind is not None and _type_of(other) != kind:
            continue
        if cid and other.id != cid:
            continue
        if user is not None and other.user != user:
            continue
        if other is c:
            if skipme:
                continue
            c.closing = True  # closed once this reply is written
        else:
            server._close(other)
        killed += 1
    if n == 3:
        if not killed:
            raise CommandError("ERR No such client")
        return OK
    return killed


def _on_off(argv: list[bytes]) -> bool:
    low = argv[2].lower()
    if low == b"on":
        return True
    if low == b"off":
        return False
    raise CommandError(errors.SYNTAX)


@command(
    "client|no-evict",
    3,
    "admin noscript loading stale",
    group="connection",
    summary="Sets the client eviction mode of the connection.",
    since="7.0.0",
)
def cmd_client_no_evict(c: Client, argv: list[bytes]) -> Reply:
    c.no_evict = _on_off(argv)
    return OK


@command(
    "client|no-touch",
    3,
    "noscript loading stale",
    group="connection",
    summary="Controls whether commands sent by the client affect the LRU/LFU of accessed keys.",
    since="7.2.0",
)
def cmd_client_no_touch(c: Client, argv: list[bytes]) -> Reply:
    c.no_touch = _on_off(argv)
    return OK


@command(
    "client|getredir",
    2,
    "noscript loading stale",
    group="connection",
    summary=(
        "Returns the client ID to which the connection's tracking notifications are redirected."
    ),
    since="6.0.0",
)
def cmd_client_getredir(c: Client, argv: list[bytes]) -> Reply:
    return -1  # client-side caching (tracking) is not implemented: always off


@command(
    "client|trackinginfo",
    2,
    "noscript loading stale",
    group="connection",
    summary="Returns information about server-assisted client-side caching for the connection.",
    since="6.2.0",
)
def cmd_client_trackinginfo(c: Client, argv: list[bytes]) -> Reply:
    return {b"flags": RSet([b"off"]), b"redirect": -1, b"prefixes": []}


@command(
    "client|unblock",
    -3,
    "admin noscript loading stale",
    group="connection",
    summary="Unblocks a client blocked by a blocking command from a different connection.",
    since="5.0.0",
    complexity="O(log N) where N is the number of client connections",
)
def cmd_client_unblock(c: Client, argv: list[bytes]) -> Reply:
    if len(argv) > 4:
        raise subcommand_syntax_error(argv)
    if len(argv) == 4 and argv[3].lower() not in (b"timeout", b"error"):
        raise CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
    if string2ll(argv[2]) is None:
        raise CommandError(errors.NOT_INTEGER)
    # No command blocks in redistill, so there is never anyone to unblock.
    return 0


__all__ = [
    "check_password",
    "help_reply",
    "subcommand_syntax_error",
]
