"""RESP request parsing and reply encoding.

Requests are parsed in two gears:

* the fast gear hands complete multibulk requests to ``hiredis.Reader`` (C speed);
* the strict gear is a small Python parser that follows Redis's own request
  parser rule for rule (``processMultibulkBuffer`` / ``processInlineBuffer``), so
  malformed input gets Redis's exact error text, inline commands work, and a
  client announcing a huge bulk makes us allocate nothing up front.

hiredis is more lenient than Redis (it accepts ``+``, ``=``, ``:``, nested
arrays or ``~`` sets where Redis wants ``*`` and ``$``), so every batch it
returns is verified: each argument must be ``bytes``, and laying the requests
out in strict RESP from their argument lengths must put a ``*`` at every
request start, a ``$`` at every argument and end exactly where hiredis stopped.
Any doubt, any partial request and any non-``*`` request start hands the rest
of the buffer to the strict gear, which returns to hiredis at the next clean
request boundary. A request that arrived in pieces (a large value) and the
first request of a large read take the strict gear, which reads only their
headers, so large values are not scanned or copied more than once.
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


#: ``$<n>\r\n`` for the common bulk lengths
_BULK_HEADERS = [b"$%d\r\n" % n for n in range(1024)]


def _bulk_array(items: list[bytes] | tuple[bytes, ...]) -> bytes:
    """An array of bulk strings, built at C speed (no call per element)."""
    n = len(items)
    lens = list(map(len, items))
    if n and lens.count(lens[0]) == n:  # one length (KEYS, SCAN over keys of one format)
        head = b"$%d\r\n" % lens[0]
        return b"".join((b"*%d\r\n" % n, head, (b"\r\n" + head).join(items), b"\r\n"))
    # [*n, $len, item, CRLF, $len, item, CRLF, ...]: the slots filled by slice
    parts = [b"\r\n"] * (3 * n + 1)
    parts[0] = b"*%d\r\n" % n
    if max(lens, default=0) < 1024:
        parts[1::3] = map(_BULK_HEADERS.__getitem__, lens)
    else:
        parts[1::3] = map(b"$%d\r\n".__mod__, lens)
    parts[2::3] = items
    return b"".join(parts)


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
        if len(reply) >= 16 and set(map(type, reply)) <= _BYTES_ONLY:
            return _bulk_array(reply)  # KEYS, SCAN pages, MGET ...
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
_LIST_ONLY = {list}
#: strict RESP size of a request header ``*<n>\r\n`` by n
_HEADER_SIZE = [3 + len(str(i)) for i in range(100_000)]
#: strict RESP size of ``$<n>\r\n`` + ``\r\n`` around an argument of n bytes
_FRAME_SIZE = [5 + len(str(i)) for i in range(100_000)]
_header_size = _HEADER_SIZE.__getitem__
_frame_size = _FRAME_SIZE.__getitem__
#: reads larger than this start with the strict gear (see RequestParser.feed)
_LARGE_READ = 8 * 1024
#: strict RESP size of an argument of n bytes with its ``$<n>\r\n`` and ``\r\n``,
#: for the arguments of reads :meth:`RequestParser.read` takes as one request
_STEP = [n + _FRAME_SIZE[n] for n in range(_LARGE_READ + 1)]

#: An array header of a million elements or more. hiredis allocates an array's
#: list as soon as it reads the header, so a read holding one (say
#: ``*2147483647``) goes to the strict gear, which allocates per element
#: received. False positives (a '*' and digits inside a value) only cost the
#: strict gear. (A literal first byte keeps the regex search fast.)
_HUGE_ARRAY = re.compile(rb"\*[0-9]{7}")
#: The same for the RESP3 aggregates hiredis also reads as lists: set, push
#: and attribute headers, looked for when their byte is there. (A map is a
#: dict, not allocated up front.)
_HUGE_RESP3 = [(mark, re.compile(re.escape(bytes([mark])) + rb"[0-9]{7}")) for mark in b"~>|"]


def _huge_aggregate(buf: bytes, pos: int, end: int) -> bool:
    """True if ``buf[pos:end]`` may hold a list header of a million elements or more."""
    return _HUGE_ARRAY.search(buf, pos, end) is not None or _huge_resp3(buf, pos, end)


def _huge_resp3(buf: bytes, pos: int, end: int) -> bool:
    """Like :func:`_huge_aggregate`, for the RESP3 lists only (not arrays)."""
    for mark, pattern in _HUGE_RESP3:
        # ('in' looks at all of buf, but costs a tenth of a find between pos and end)
        if mark in buf and pattern.search(buf, pos, end) is not None:
            return True
    return False


def _strict_layout_end(buf: bytes, pos: int, got: list[list[bytes]]) -> int:
    """Where ``got`` ends if laid out in strict RESP from ``pos``, or -1 if a
    request does not start with '*' there or an argument with '$'.

    hiredis has already parsed these bytes (every length it read has canonical
    digits), so if each type byte sits where the strict layout puts it, hiredis
    read exactly the requests Redis would.
    """
    header = _HEADER_SIZE
    start = pos
    try:  # the common case, arguments of up to _LARGE_READ bytes, with fewer checks
        step = _STEP
        for req in got:
            if buf[pos] != 42:  # '*'
                return -1
            pos += header[len(req)]
            for arg in req:
                if buf[pos] != 36:  # '$'
                    return -1
                pos += step[len(arg)]
        return pos
    except IndexError:  # past the end of buf, or a larger argument or array
        pos = start
    frame = _FRAME_SIZE
    end = len(buf)
    for req in got:
        if pos >= end or buf[pos] != 42:
            return -1
        n = len(req)
        pos += header[n] if n < 100_000 else 3 + len(str(n))
        for arg in req:
            if pos >= end or buf[pos] != 36:
                return -1
            n = len(arg)
            pos += n + (frame[n] if n < 100_000 else 5 + len(str(n)))
    return pos


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

    __slots__ = ("_reader", "_chunks", "_chunks_len", "_need", "_max_bulk", "_one_max",
                 "max_multibulk", "strict_only", "strict_only_pending", "missing")  # fmt: skip

    def __init__(self, max_bulk: int = 512 * 1024 * 1024, max_multibulk: int = INT_MAX) -> None:
        self._reader = hiredis.Reader()
        #: bytes of an incomplete request (strict gear), kept as chunks until enough arrived
        self._chunks: list[bytes] = []
        self._chunks_len = 0
        self._need = 0
        #: bytes known to be missing from the request in progress (a large
        #: argument arriving in pieces), so the next read can ask for them all
        self.missing = 0
        self.max_bulk = max_bulk
        self.max_multibulk = max_multibulk
        #: when set (unauthenticated clients), every request takes the strict gear
        self.strict_only = False
        #: True when requests were left buffered for one-at-a-time reading (the
        #: caller then feeds b"" for the next one)
        self.strict_only_pending = False

    @property
    def max_bulk(self) -> int:
        """The longest bulk argument accepted (``proto-max-bulk-len``)."""
        return self._max_bulk

    @max_bulk.setter
    def max_bulk(self, value: int) -> None:
        self._max_bulk = value
        #: the longest read that :meth:`read` tries as one request first
        self._one_max = min(_LARGE_READ, value - 1)

    @property
    def buffered(self) -> int:
        """Bytes received but not yet part of a complete request."""
        return self._chunks_len

    def feed(self, data: bytes) -> tuple[list[list[bytes]], ProtocolError | None]:
        got = self.read(data)
        if isinstance(got, list):
            return [got], None
        return got

    def read(self, data: bytes) -> list[bytes] | tuple[list[list[bytes]], ProtocolError | None]:
        """Like :meth:`feed`, but a read holding exactly one whole request (the
        common case, tried first) gives that request alone, not in a tuple."""
        self.strict_only_pending = False
        if (
            not self._chunks
            and not self.strict_only
            and 3 <= len(data) <= self._one_max
            and data[0] == 42  # '*'
            # A one-digit count and no other '*': likely one request, and no
            # array header of a million elements or more (see _huge_aggregate).
            # Anything else (pipelines, ten arguments or more) takes _feed.
            and data[2] == 13
            and not data.rfind(42)
            # nor a RESP3 list header that large (the regexes only run when a
            # value holds one of the bytes that start one: '~', '>', '|')
            and (
                (126 not in data and 62 not in data and 124 not in data)
                or not _huge_resp3(data, 0, len(data))
            )
        ):
            # hiredis parses the request, and its strict RESP layout is checked
            # (see _strict_layout_end; _fast does the same for several requests).
            reader = self._reader
            reader.feed(data)
            try:
                req = reader.gets()
                if type(req) is list and req:
                    # A '$' where each argument must start: hiredis then read a
                    # bulk string there, of this length, or $-1 (None: len() fails).
                    # (_strict_layout_end does the same for any requests; inline
                    # here, this path's own copy costs 1,700 fewer instructions a
                    # request, under callgrind, than calling it.)
                    at = _HEADER_SIZE[len(req)]
                    step = _STEP
                    for arg in req:
                        if data[at] != 36:  # '$'
                            break
                        at += step[len(arg)]
                    else:
                        if at == len(data):
                            return req
            except Exception:  # (also hiredis's own errors: see _fast)
                req = None
            if type(req) is list and req and reader.has_data():
                # More requests follow: _fast reads on (and verifies all of them).
                end = len(data)
                out: list[list[bytes]] = []
                used = self._fast(data, 0, end, out, req)
                if used == end:
                    return out, None
                if used < 0:  # doubt from the start: the strict gear reads it all
                    return self._feed(data, 0, [], True)
                return self._feed(data, used, out)
            self._reader = hiredis.Reader()  # the general path starts over
        return self._feed(data, 0, [])

    def _feed(
        self, data: bytes, start: int, out: list[list[bytes]], doubt: bool = False
    ) -> tuple[list[list[bytes]], ProtocolError | None]:
        """Parse ``data`` from ``start`` (``out`` holds the requests found before it;
        ``doubt``: the fast gear failed there, the strict gear reads this read)."""
        if self._chunks:
            self._chunks.append(data)
            self._chunks_len += len(data)
            if self._chunks_len < self._need:
                self.missing = self._need - self._chunks_len
                return [], None
            buf = b"".join(self._chunks)
            self._chunks = []
            self._chunks_len = 0
            self.missing = 0
            # The first request arrived in pieces: the strict gear already read
            # its headers, and reads only those again (no scan of a large value).
            first_strict = True
        else:
            buf = data
            first_strict = len(data) > _LARGE_READ
        pos = start
        end = len(buf)
        strict = self.strict_only or doubt
        while pos < end:
            if first_strict:
                first_strict = False
            elif buf[pos] == 42 and not strict:  # '*': try the fast gear
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
                self.missing = self._need - len(tail)
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
                    self.strict_only_pending = True
                    break
        return out, None

    def _fast(
        self, buf: bytes, pos: int, end: int, out: list[list[bytes]], first: Any = None
    ) -> int:
        """Parse complete requests with hiredis into ``out``; return the bytes they used,
        or -1 when the strict gear must read this buffer from ``pos``.

        Requests are accepted only if their strict RESP layout (see
        :func:`_strict_layout_end`) matches what hiredis read; when it does not
        match in full, the longest verified prefix of requests is kept. With
        ``first``, the caller has already fed ``buf[pos:]`` to the reader (and
        checked it for huge arrays) and taken this first reply from it.
        """
        reader = self._reader
        if first is None:
            if _huge_aggregate(buf, pos, end):
                return -1  # hiredis would allocate the announced array up front
            reader.feed(buf, pos)
        try:
            got = [] if first is None else [first]
            got.extend(iter(reader.gets, False))
        except Exception:
            # A protocol error, or a RESP3 map or set hiredis cannot build (a
            # list as a key: TypeError). The strict gear reads it as Redis does.
            self._reader = hiredis.Reader()
            return -1
        fed = end - pos
        if not got or fed >= self.max_bulk:  # (an argument may be over the limit)
            self._reader = hiredis.Reader()
            return 0 if not got else -1
        if len(got) == 1:  # one request: check its layout here
            req = got[0]
            if (
                type(req) is list
                and req
                and set(map(type, req)) <= _BYTES_ONLY
                and _strict_layout_end(buf, pos, got) == end
            ):
                out.append(req)
                return fed
        used = -1
        args: list[bytes] = []
        if set(map(type, got)) <= _LIST_ONLY:
            args = list(_chain(got))
        if args and set(map(type, args)) <= _BYTES_ONLY and [] not in got:
            ok = got
            if (
                len(got) > 2
                and 61 not in buf  # '='
                and 43 not in buf  # '+'
                and 126 not in buf  # '~'
                and 124 not in buf  # '|'
                and 40 not in buf  # '('
            ):
                # With none of those bytes, every list hiredis returns was a '*'
                # array and every bytes element a '$' bulk: only the sizes need
                # adding up, '*<count>\r\n' per request and '$<len>\r\n...\r\n'
                # per argument. ('in' looks at all of buf, bytes before pos too,
                # but costs a tenth of a find between pos and end.)
                try:
                    lens = list(map(len, args))
                    used = sum(lens) + sum(map(_frame_size, lens))
                    used += sum(map(_header_size, map(len, got)))
                except IndexError:  # an argument or array of 100,000 or more
                    used = -1
        else:  # the plain requests up to the first odd one
            n_ok = 0
            for req in got:
                if type(req) is not list or not req or not set(map(type, req)) <= _BYTES_ONLY:
                    break
                n_ok += 1
            ok = got[:n_ok]
        if used < 0:
            used = _strict_layout_end(buf, pos, ok) - pos
        if used == fed and ok is got:
            out.extend(got)  # the common case: whole requests, all verified
            return fed
        # A partial request at the end, or doubt: keep what is verified, and the
        # strict gear reads the rest (a failed layout means from ``pos``).
        self._reader = hiredis.Reader()
        if used < 0 or used > fed:
            return -1
        out.extend(ok)
        return used

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
