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
DECREMENT_OVERFLOW = "ERR decrement would overflow"
NAN_OR_INF = "ERR increment would produce NaN or Infinity"
HASH_NOT_INTEGER = "ERR hash value is not an integer"
HASH_NOT_FLOAT = "ERR hash value is not a float"
VALUE_NAN_OR_INF = "ERR value is NaN or Infinity"
VALUE_OUT_OF_RANGE = "ERR value is out of range"
LONG_OUT_OF_RANGE = (
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
)
# hash field expiry (Redis 7.4)
FIELDS_MISSING = "ERR Mandatory argument FIELDS is missing or not at the right position"
NUMFIELDS_NOT_POSITIVE = "ERR Number of fields must be a positive integer"
NUMFIELDS_NOT_GREATER = "ERR Parameter `numFields` should be greater than 0"  # HEXPIRE & co
NUMFIELDS_MISMATCH = "ERR The `numfields` parameter must match the number of arguments"
FIELD_EXPIRE_NEGATIVE = "ERR invalid expire time, must be >= 0"
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
# generic key commands
INT_OUT_OF_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647"
UNSUPPORTED_OPTION = "ERR Unsupported option {}"
SAME_OBJECT = "ERR source and destination objects are the same"
INVALID_FIRST_DB = "ERR invalid first DB index"
INVALID_SECOND_DB = "ERR invalid second DB index"
LFU_NOT_SELECTED = (
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note"
    " that when switching between policies at runtime LRU and LFU data will take some time"
    " to adjust."
)
LFU_SELECTED = (
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when"
    " switching between policies at runtime LRU and LFU data will take some time to adjust."
)
TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range"
TIMEOUT_NEGATIVE = "ERR timeout is negative"
TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range"
PROTOCOL_VERSION = "NOPROTO unsupported protocol version"
UNKNOWN_SUBCOMMAND = "ERR unknown subcommand '{}'. Try {}."
UNKNOWN_COMMAND = "ERR unknown command '{}', with args beginning with: {}"
WRONG_ARITY = "ERR wrong number of arguments for '{}' command"
NESTED_MULTI = "ERR MULTI calls can not be nested"
EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI"
DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI"
WATCH_INSIDE_MULTI = "ERR WATCH inside MULTI is not allowed"
EXECABORT = "EXECABORT Transaction discarded because of previous errors."
EXECABORT_BECAUSE = "EXECABORT Transaction discarded because of: {}"
NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction"

# REDISTILL (test control; our own texts, not Redis's)
CONTROL_INVALID_SECONDS = "ERR invalid number of seconds '{}': use a number such as 301 or 0.25"
CONTROL_INVALID_TIME = (
    "ERR invalid unix time '{}': use seconds since the epoch such as 1700000000 or 1700000000.25"
)
CONTROL_CLOCK_RANGE = "ERR the clock can only be set between 1970-01-01 and 9999-12-31 (UTC)"
CONTROL_SYSTEM_CLOCK = (
    "ERR REDISTILL CLOCK {} needs the virtual clock, but this server runs on the system clock"
    " (started with clock='system' or --clock system)"
)
CONTROL_LOG_COUNT = "ERR count should be greater than or equal to -1"
CONTROL_FAULT_TIMES = "ERR TIMES must be a positive integer"
CONTROL_FAULT_ID = "ERR fault id must be a positive integer"
CONTROL_SECONDS_NOT_NEGATIVE = (
    "ERR invalid number of seconds '{}': use a number >= 0 such as 2 or 0.5"
)

# MONITOR, CLIENT PAUSE (Redis 7)
REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace"
MONITOR_IN_MULTI = "ERR MONITOR isn't allowed for DENY BLOCKING client"
PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL"

# what a real Redis answers in states redistill only simulates (fault injection)
READONLY = "READONLY You can't write against a read only replica."
LOADING = "LOADING Redis is loading the dataset in memory"
BUSY = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
OOM = "OOM command not allowed when used memory > 'maxmemory'."
MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."
NOREPLICAS = "NOREPLICAS Not enough good replicas to write."
NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL."
CLUSTERDOWN = "CLUSTERDOWN The cluster is down"
TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot"


def wrong_arity(name: str) -> CommandError:
    return CommandError(WRONG_ARITY.format(name))


def invalid_expire(name: str) -> CommandError:
    return CommandError(INVALID_EXPIRE.format(name))


def _c_string(b: bytes) -> bytes:
    """What C's ``%s`` prints of ``b``: everything before the first NUL byte."""
    nul = b.find(b"\0")
    return b if nul < 0 else b[:nul]


def unknown_command(argv: list[bytes]) -> CommandError:
    """``ERR unknown command 'x', with args beginning with: 'a' 'b' `` (Redis's 128-byte cuts)."""
    args = b""
    for a in argv[1:]:
        if len(args) >= 128:
            break
        args += b"'" + _c_string(a)[: 128 - len(args)] + b"' "
    name = _c_string(argv[0])[:128]
    text = b"ERR unknown command '" + name + b"', with args beginning with: " + args
    return CommandError(text)


def unknown_subcommand(container: bytes, sub: bytes) -> CommandError:
    sub = _c_string(sub)[:128]
    text = b"ERR unknown subcommand '" + sub + b"'. Try " + container.upper() + b" HELP."
    return CommandError(text)
