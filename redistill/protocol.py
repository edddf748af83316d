"""RESP request parsing and reply encoding.

Requests are parsed in two gears:

* the fast gear hands complete multibulk requests to ``hiredis.Reader`` (C speed);
* the strict gear is a small Python parser that follows Redis's own request
  parser rule for rule (``processMultibulkBuffer`` / ``processInlineBuffer``), so
  malformed input gets Redis's exact error text, inline commands work, and a
  client announcing a huge bulk makes us allocate nothing up front.

hiredis is more lenient than Redis (it accepts ``+``, ``:`` or nested arrays as
request elements), so every batch it returns is verified: each argument must be
``bytes`` and the batch's strict RESP length must equal the bytes it consumed.
Any doubt, any partial request and any non-``*`` request start hands the rest
of the buffer to the strict gear, which returns to hiredis at the next clean
request boundary.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any, Union

import hiredis

# ---------------------------------------------------------------------------
# Reply types

Reply = Any


class Raw(bytes):
    """Pre-encoded reply bytes, written as they are in every protocol."""

    __slots__ = ()


class SimpleString(bytes):
    """A status reply (``+OK``)."""

    __slots__ = ()


class Verbatim(bytes):
    """RESP3 verbatim text (``=``); a bulk string in RESP2."""

    __slots__ = ()


class ErrorReply(bytes):
    """An error reply; the text includes its code (``ERR ...``, ``WRONGTYPE ...``)."""

    __slots__ = ()


class RSet(list):  # type: ignore[type-arg]
    """A RESP3 set (``~``); an array in RESP2."""

    __slots__ = ()


class Push(list):  # type: ignore[type-arg]
    """A RESP3 push (``>``); an array in RESP2."""

    __slots__ = ()


class _NullArray:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NULL_ARRAY"


#: The null array (``*-1`` in RESP2, ``_`` in RESP3).
NULL_ARRAY = _NullArray()

OK = Raw(b"+OK\r\n")
PONG = Raw(b"+PONG\r\n")
QUEUED = Raw(b"+QUEUED\r\n")
_SMALL_INTS = [Raw(b":%d\r\n" % i) for i in range(-1, 1025)]


def integer(n: int) -> Reply:
    """An integer reply, pre-encoded for the small ones."""
    if -1 <= n <= 1023:
        return _SMALL_INTS[n + 1]
    return n


def format_double(value: float) -> bytes:
    """Format a double the way Redis does for RESP2 bulk replies (``%.17g``)."""
    if math.isinf(value):
        return b"inf" if value > 0 else b"-inf"
    if value == int(value) and abs(value) < 1e17:
        return b"%d" % int(value)
    return (b"%.17g" % value).replace(b"e+", b"e+")


def encode(reply: Reply, resp3: bool) -> bytes:
    """Encode one reply."""
    t = type(reply)
    if t is Raw:
        return reply  # type: ignore[no-any-return]
    if t is bytes:
        return b"$%d\r\n%b\r\n" % (len(reply), reply)
    if t is int:
        return b":%d\r\n" % reply
    if reply is None:
        return b"_\r\n" if resp3 else b"$-1\r\n"
    if t is SimpleString:
        return b"+%b\r\n" % reply
    if t is ErrorReply:
        return b"-%b\r\n" % reply
    if t is list or t is tuple:
        return b"*%d\r\n%b" % (len(reply), b"".join([encode(r, resp3) for r in reply]))
    if t is dict:
        head = b"%%%d\r\n" % len(reply) if resp3 else b"*%d\r\n" % (2 * len(reply))
        parts = [head]
        for k, v in reply.items():
            parts.append(encode(k, resp3))
            parts.append(encode(v, resp3))
        return b"".join(parts)
    if t is RSet:
        mark = b"~" if resp3 else b"*"
        return mark + b"%d\r\n%b" % (len(reply), b"".join([encode(r, resp3) for r in reply]))
    if t is Push:
        mark = b">" if resp3 else b"*"
        return mark + b"%d\r\n%b" % (len(reply), b"".join([encode(r, resp3) for r in reply]))
    if t is Verbatim:
        if resp3:
            return b"=%d\r\ntxt:%b\r\n" % (len(reply) + 4, reply)
        return b"$%d\r\n%b\r\n" % (len(reply), reply)
    if t is bool:
        if resp3:
            return b"#t\r\n" if reply else b"#f\r\n"
        return b":1\r\n" if reply else b":0\r\n"
    if t is float:
        if resp3:
            if math.isinf(reply):
                return b",inf\r\n" if reply > 0 else b",-inf\r\n"
            return b",%b\r\n" % format_double(reply)
        body = format_double(reply)
        return b"$%d\r\n%b\r\n" % (len(body), body)
    if reply is NULL_ARRAY:
        return b"_\r\n" if resp3 else b"*-1\r\n"
    if isinstance(reply, bytes):  # other bytes subclasses behave as bulk strings
        return b"$%d\r\n%b\r\n" % (len(reply), bytes(reply))
    raise TypeError(f"cannot encode reply of type {t.__name__}")


# ---------------------------------------------------------------------------
# Request parsing


class ProtocolError(Exception):
    """Malformed request: reply ``ERR Protocol error: <msg>`` and close the connection."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg

    @property
    def reply(self) -> ErrorReply:
        return ErrorReply(b"ERR Protocol error: " + self.msg.encode())


#: Redis's PROTO_INLINE_MAX_SIZE: the longest header line or inline request.
INLINE_MAX = 64 * 1024
INT_MAX = 2**31 - 1


def string2ll(s: bytes) -> int | None:
    """Redis's strict integer parse: no spaces, no '+', no leading zeros."""
    n = len(s)
    if n == 0 or n > 20:
        return None
    if s == b"0":
        return 0
    neg = s[0] == 45  # '-'
    digits = s[1:] if neg else s
    if not digits or not (49 <= digits[0] <= 57):
        return None
    if not digits.isdigit() or not digits.isascii():
        return None
    v = int(digits)
    if neg:
        v = -v
        if v < -(2**63):
            return None
    elif v > 2**63 - 1:
        return None
    return v


_ESCAPES = {
    ord("n"): 10,
    ord("r"): 13,
    ord("t"): 9,
    ord("b"): 8,
    ord("a"): 7,
}
_HEX = b"0123456789abcdefABCDEF"


def split_args(line: bytes) -> list[bytes] | None:
    """Split an inline request like Redis's ``sdssplitargs``; None on unbalanced quotes."""
    out: list[bytes] = []
    i = 0
    n = len(line)
    while True:
        while i < n and line[i] in b" \n\r\t\v\f":
            i += 1
        if i >= n:
            return out
        cur = bytearray()
        inq = False  # inside "double quotes"
        insq = False  # inside 'single quotes'
        done = False
        while not done:
            c = line[i] if i < n else None
            if inq:
                if c is None:
                    return None
                if (
                    c == 92  # backslash
                    and i + 3 < n
                    and line[i + 1] == 120  # x
                    and line[i + 2] in _HEX
                    and line[i + 3] in _HEX
                ):
                    cur.append(int(line[i + 2 : i + 4], 16))
                    i += 3
                elif c == 92 and i + 1 < n:
                    i += 1
                    cur.append(_ESCAPES.get(line[i], line[i]))
                elif c == 34:  # closing "
                    if i + 1 < n and line[i + 1] not in b" \n\r\t\v\f":
                        return None
                    done = True
                else:
                    cur.append(c)
            elif insq:
                if c is None:
                    return None
                if c == 92 and i + 1 < n and line[i + 1] == 39:
                    i += 1
                    cur.append(39)
                elif c == 39:
                    if i + 1 < n and line[i + 1] not in b" \n\r\t\v\f":
                        return None
                    done = True
                else:
                    cur.append(c)
            else:
                if c is None or c in b" \n\r\t\v\f\0":
                    done = True
                elif c == 34:
                    inq = True
                elif c == 39:
                    insq = True
                else:
                    cur.append(c)
            if i < n:
                i += 1
        out.append(bytes(cur))


_chain = itertools.chain.from_iterable
_BYTES_ONLY = {bytes}
_DIGITS = [len(str(i)) for i in range(100_000)]
_digits = _DIGITS.__getitem__


_HUGE_ARRAY = re.compile(rb"\*[0-9]{7}")


def _announces_huge_array(buf: bytes, pos: int, end: int) -> bool:
    """True if the bytes may hold an array header of a million elements or more.

    hiredis allocates an array's list as soon as it reads the header, so such a
    header (say ``*2147483647``) goes to the strict gear, which allocates per
    element received. False positives (a '*' and digits inside a value) only
    cost the strict gear.
    """
    stars = buf.count(b"*", pos, end)
    if stars <= 16:
        i = buf.find(b"*", pos, end)
        while i >= 0:
            if buf[i + 1 : i + 8].isdigit():
                return True
            i = buf.find(b"*", i + 1, end)
        return False
    return _HUGE_ARRAY.search(buf, pos, end) is not None


def _find_line_end(buf: bytes, char: bytes, pos: int) -> int:
    """Where ``char`` ends the line at ``pos``, as C's strchr sees it: -1 if absent.

    Redis searches its query buffer with strchr, which stops at a NUL byte, so a
    NUL before the line end means "no line end yet" (the request never completes).
    """
    i = buf.find(char, pos)
    if i > pos and buf.find(b"\0", pos, i) >= 0:
        return -1
    return i


class RequestParser:
    """Turns a byte stream into requests (lists of ``bytes``), Redis-exact on bad input.

    ``feed(data)`` returns ``(requests, error)``: the complete requests found, in
    order, and a :class:`ProtocolError` if the stream turned malformed after them
    (the caller replies to the requests, then the error, then closes).
    """

    __slots__ = ("_reader", "_chunks", "_chunks_len", "_need", "max_bulk", "max_multibulk",
                 "strict_only")  # fmt: skip

    def __init__(self, max_bulk: int = 512 * 1024 * 1024, max_multibulk: int = INT_MAX) -> None:
        self._reader = hiredis.Reader()
        #: bytes of an incomplete request (strict gear), kept as chunks until enough arrived
        self._chunks: list[bytes] = []
        self._chunks_len = 0
        self._need = 0
        self.max_bulk = max_bulk
        self.max_multibulk = max_multibulk
        #: when set (unauthenticated clients), every request takes the strict gear
        self.strict_only = False

    @property
    def strict_only_pending(self) -> bool:
        """True when requests were left buffered for one-at-a-time reading."""
        return bool(self._chunks) and self._need == 0

    @property
    def buffered(self) -> int:
        """Bytes received but not yet part of a complete request."""
        return self._chunks_len

    def feed(self, data: bytes) -> tuple[list[list[bytes]], ProtocolError | None]:
        if self._chunks:
            self._chunks.append(data)
            self._chunks_len += len(data)
            if self._chunks_len < self._need:
                return [], None
            buf = b"".join(self._chunks)
            self._chunks = []
            self._chunks_len = 0
        else:
            buf = data
        out: list[list[bytes]] = []
        pos = 0
        end = len(buf)
        strict = self.strict_only
        while pos < end:
            if buf[pos] == 42 and not strict:  # '*': try the fast gear
                consumed = self._fast(buf, pos, end, out)
                if consumed < 0:
                    strict = True  # doubt: the rest of this read takes the strict gear
                else:
                    pos += consumed
                    if pos >= end:
                        break
            try:
                req, newpos = self._strict_one(buf, pos, end, self.strict_only)
            except ProtocolError as exc:
                return out, exc
            if newpos < 0:  # incomplete: -newpos bytes are needed from pos
                tail = buf[pos:] if pos else buf
                self._chunks = [tail]
                self._chunks_len = len(tail)
                self._need = -newpos
                break
            pos = newpos
            if req:
                out.append(req)
                if strict and self.strict_only and pos < end:
                    # Unauthenticated: stop after one request, since an AUTH in it
                    # changes how the rest must be read. The caller feeds b"" next.
                    tail = buf[pos:]
                    self._chunks = [tail]
                    self._chunks_len = len(tail)
                    self._need = 0
                    break
        return out, None

    def _fast(self, buf: bytes, pos: int, end: int, out: list[list[bytes]]) -> int:
        """Parse complete requests with hiredis into ``out``; return the bytes they used.

        A request is accepted only if its strict RESP encoding has exactly the
        length hiredis consumed for it (checked per batch when the batch is
        whole); anything else is left to the strict gear.
        """
        if _announces_huge_array(buf, pos, end):
            return -1  # hiredis would allocate the announced array up front
        reader = self._reader
        reader.feed(buf, pos)
        got: list[list[bytes]] = []
        failed = False  # hiredis found an error (the strict gear will name it)
        try:
            while True:
                req = reader.gets()
                if req is False:
                    break
                got.append(req)
        except hiredis.ProtocolError:
            failed = True
        fed = end - pos
        if fed >= self.max_bulk:
            got = []  # an element may be over the limit: let the strict gear judge
        total = 0
        n_ok = 0
        digits = _digits
        try:
            for req in got:
                if type(req) is not list or not req:
                    break
                lens = list(map(len, req))
                total += (
                    3 + digits(len(lens)) + sum(lens) + 5 * len(lens) + sum(map(digits, lens))
                )
                n_ok += 1
        except (TypeError, IndexError):
            pass
        if n_ok and not set(map(type, _chain(got[:n_ok]))) <= _BYTES_ONLY:
            # Nested arrays or other element types: the strict gear reads this batch.
            self._reader = hiredis.Reader()
            return -1
        if total == fed and n_ok == len(got) and not failed:
            out.extend(got)  # the common case: whole requests, all verified
            return fed
        self._reader = hiredis.Reader()
        if total > fed:
            # hiredis took something Redis would not (e.g. '+' elements).
            return -1
        # The verified prefix's length is exact; the strict gear reads the rest.
        out.extend(got[:n_ok])
        return total

    def _strict_one(
        self, buf: bytes, pos: int, end: int, unauth: bool
    ) -> tuple[list[bytes] | None, int]:
        """Parse one request at ``pos``: (request or None for an empty one, new pos).

        When more data is needed, returns ``(None, -n)``: at least ``n`` bytes from
        ``pos`` must be buffered before trying again.
        """
        more = pos - end - 1  # "one byte more than we have"
        if buf[pos] != 42:
            nl = _find_line_end(buf, b"\n", pos)
            if nl < 0:
                if end - pos > INLINE_MAX:
                    raise ProtocolError("too big inline request")
                return None, more
            line_end = nl - 1 if nl > pos and buf[nl - 1] == 13 else nl
            inline = split_args(buf[pos:line_end])
            if inline is None:
                raise ProtocolError("unbalanced quotes in request")
            return inline, nl + 1
        cr = _find_line_end(buf, b"\r", pos)
        if cr < 0:
            if end - pos > INLINE_MAX:
                raise ProtocolError("too big mbulk count string")
            return None, more
        if cr > end - 2:
            return None, more
        count = string2ll(buf[pos + 1 : cr])
        if count is None or count > self.max_multibulk:
            raise ProtocolError("invalid multibulk length")
        if unauth and count > 10:
            raise ProtocolError("unauthenticated multibulk length")
        p = cr + 2
        if count <= 0:
            return None, p
        args: list[bytes] = []
        limit = self.max_bulk
        for _ in range(count):
            cr = _find_line_end(buf, b"\r", p)
            if cr < 0:
                if end - p > INLINE_MAX:
                    raise ProtocolError("too big bulk count string")
                return None, more
            if cr > end - 2:
                return None, more
            if buf[p] != 36:
                raise ProtocolError(f"expected '$', got '{chr(buf[p])}'")
            n = string2ll(buf[p + 1 : cr])
            if n is None or n < 0 or n > limit:
                raise ProtocolError("invalid bulk length")
            if unauth and n > 16384:
                raise ProtocolError("unauthenticated bulk length")
            start = cr + 2
            if end - start < n + 2:
                return None, pos - (start + n + 2)
            args.append(buf[start : start + n])
            p = start + n + 2
        return args, p


ReplyLike = Union[bytes, int, None, list, dict]  # type: ignore[type-arg]
