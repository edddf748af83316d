"""Every error reply, worded exactly as Redis 7 words it.

Handlers raise :class:`CommandError`; the dispatcher turns it into an error
reply. Keep texts here so the conformance suite has one place to check.
"""

from __future__ import annotations

from .protocol import ErrorReply


class CommandError(Exception):
    """Raised by a handler to answer with an error reply (text without the leading '-')."""

    def __init__(self, text: str | bytes) -> None:
        if isinstance(text, str):
            text = text.encode()
        super().__init__(text)
        self.reply = ErrorReply(text.replace(b"\r", b" ").replace(b"\n", b" "))


SYNTAX = "ERR syntax error"
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INTEGER = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
OVERFLOW = "ERR increment or decrement would overflow"
NAN_OR_INF = "ERR increment would produce NaN or Infinity"
HASH_NOT_INTEGER = "ERR hash value is not an integer"
HASH_NOT_FLOAT = "ERR hash value is not a float"
NO_SUCH_KEY = "ERR no such key"
DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range"
INVALID_DB_INDEX = "ERR invalid DB index"
NOAUTH = "NOAUTH Authentication required."
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."
AUTH_NOT_CONFIGURED = (
    "ERR AUTH <password> called without any password configured for the default user. "
    "Are you sure your configuration is correct?"
)
INVALID_EXPIRE = "ERR invalid expire time in '{}' command"
NX_XX_GT_LT = "ERR NX and XX, GT or LT options at the same time are not compatible"
GT_LT = "ERR GT and LT options at the same time are not compatible"
STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
OFFSET_OUT_OF_RANGE = "ERR offset is out of range"
INVALID_CURSOR = "ERR invalid cursor"
PROTOCOL_VERSION = "NOPROTO unsupported protocol version"
UNKNOWN_SUBCOMMAND = "ERR unknown subcommand '{}'. Try {}."
UNKNOWN_COMMAND = "ERR unknown command '{}', with args beginning with: {}"
WRONG_ARITY = "ERR wrong number of arguments for '{}' command"
NESTED_MULTI = "ERR MULTI calls can not be nested"
EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI"
DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI"
WATCH_INSIDE_MULTI = "ERR WATCH inside MULTI is not allowed"
EXECABORT = "EXECABORT Transaction discarded because of previous errors."


def wrong_arity(name: str) -> CommandError:
    return CommandError(WRONG_ARITY.format(name))


def invalid_expire(name: str) -> CommandError:
    return CommandError(INVALID_EXPIRE.format(name))


def unknown_command(argv: list[bytes]) -> CommandError:
    """``ERR unknown command 'x', with args beginning with: 'a' 'b' `` (Redis's 128-byte cuts)."""
    args = b""
    for a in argv[1:]:
        if len(args) >= 128:
            break
        args += b"'" + a[: 128 - len(args)] + b"' "
    text = b"ERR unknown command '" + argv[0][:128] + b"', with args beginning with: " + args
    return CommandError(text)


def unknown_subcommand(container: bytes, sub: bytes) -> CommandError:
    text = (
        b"ERR unknown subcommand '"
        + sub[:128]
        + b"'. Try "
        + container.upper()
        + b" HELP."
    )
    return CommandError(text)
