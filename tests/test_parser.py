"""The request parser: the hiredis fast gear and the strict gear agree with Redis.

The strict gear mirrors Redis's request parser; the fast gear must give the
same requests and errors however the stream is split into reads.
"""

from __future__ import annotations

import hiredis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redistill.protocol import ProtocolError, RequestParser, _huge_aggregate, encode, split_args


def feed_all(chunks: list[bytes], **kw: int) -> tuple[list[list[bytes]], str | None]:
    parser = RequestParser(**kw)
    out: list[list[bytes]] = []
    for chunk in chunks:
        reqs, err = parser.feed(chunk)
        out.extend(r for r in reqs if r)
        if err is not None:
            return out, err.msg
    return out, None


def enc(*args: bytes) -> bytes:
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%b\r\n" % (len(a), a) for a in args)


def test_pipelined_requests_parse_in_order() -> None:
    data = enc(b"SET", b"k", b"v") + enc(b"GET", b"k")
    assert feed_all([data]) == ([[b"SET", b"k", b"v"], [b"GET", b"k"]], None)


def test_requests_split_at_every_byte_give_the_same_result() -> None:
    data = enc(b"SET", b"key", b"x" * 300) + b"PING\r\n" + enc(b"GET", b"key")
    whole = feed_all([data])
    for cut in range(1, len(data)):
        assert feed_all([data[:cut], data[cut:]]) == whole, cut


def test_inline_command_between_multibulk_requests() -> None:
    data = enc(b"PING") + b"ECHO hello\r\n" + enc(b"PING")
    assert feed_all([data]) == ([[b"PING"], [b"ECHO", b"hello"], [b"PING"]], None)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"*1\r\n+PING\r\n", "expected '$', got '+'"),
        (b"*1\r\n:5\r\n", "expected '$', got ':'"),
        (b"*2\r\n$3\r\nGET\r\n*1\r\n$1\r\nk\r\n", "expected '$', got '*'"),
        (b"*01\r\n$4\r\nPING\r\n", "invalid multibulk length"),
        (b"*3000000000\r\n", "invalid multibulk length"),
        (b"*1\r\n$-1\r\n", "invalid bulk length"),
        (b"*1\r\n$600000000\r\n", "invalid bulk length"),
        (b"*1\r\n$abc\r\n", "invalid bulk length"),
        (b"*1\r\nfoo\r\n", "expected '$', got 'f'"),
        (b'SET "a\r\n', "unbalanced quotes in request"),
        (b"SET 'a'b\r\n", "unbalanced quotes in request"),
    ],
)
def test_malformed_input_gets_redis_error_text(data: bytes, error: str) -> None:
    assert feed_all([data])[1] == error


def test_valid_requests_before_a_protocol_error_are_kept() -> None:
    data = enc(b"PING") + enc(b"PING") + b"*1\r\n+PING\r\n"
    reqs, err = feed_all([data])
    assert reqs == [[b"PING"], [b"PING"]]
    assert err == "expected '$', got '+'"


def test_huge_announced_bulk_is_not_buffered_up_front() -> None:
    parser = RequestParser()
    reqs, err = parser.feed(b"*2\r\n$3\r\nSET\r\n$536870912\r\nabc")
    assert (reqs, err) == ([], None)
    assert parser.buffered < 100


def test_bulk_over_configured_limit_is_refused_at_its_header() -> None:
    parser = RequestParser(max_bulk=1024 * 1024)
    _, err = parser.feed(b"*2\r\n$3\r\nSET\r\n$1048577\r\n")
    assert isinstance(err, ProtocolError)
    assert err.msg == "invalid bulk length"


def test_too_big_inline_request() -> None:
    assert feed_all([b"x" * (64 * 1024 + 1)])[1] == "too big inline request"


def test_too_big_multibulk_count_string() -> None:
    assert feed_all([b"*" + b"1" * (64 * 1024 + 1)])[1] == "too big mbulk count string"


def test_too_big_bulk_count_string() -> None:
    assert feed_all([b"*1\r\n$" + b"1" * (64 * 1024 + 1)])[1] == "too big bulk count string"


def test_empty_lines_and_empty_multibulk_are_skipped() -> None:
    assert feed_all([b"\r\n\r\n*0\r\n*-1\r\nPING\r\n"]) == ([[b"PING"]], None)


def test_strict_only_mode_applies_unauthenticated_limits() -> None:
    parser = RequestParser()
    parser.strict_only = True
    _, err = parser.feed(b"*11\r\n")
    assert err is not None and err.msg == "unauthenticated multibulk length"


@pytest.mark.parametrize(
    ("line", "args"),
    [
        (b"set a b", [b"set", b"a", b"b"]),
        (b'set "a b" c', [b"set", b"a b", b"c"]),
        (b'"\\x41\\n\\t"', [b"A\n\t"]),
        (b"'it\\'s'", [b"it's"]),
        (b"  spaced   out  ", [b"spaced", b"out"]),
        (b'""', [b""]),
    ],
)
def test_inline_quoting_rules(line: bytes, args: list[bytes]) -> None:
    assert split_args(line) == args


requests = st.lists(
    st.lists(st.binary(max_size=40), min_size=1, max_size=5), min_size=1, max_size=8
)


@settings(max_examples=200, deadline=None)
@given(requests, st.data())
def test_any_split_of_valid_requests_parses_identically(
    reqs: list[list[bytes]], data: st.DataObject
) -> None:
    stream = b"".join(enc(*r) for r in reqs)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)])]
    assert feed_all(chunks) == (reqs, None)


def test_huge_announced_array_is_not_allocated_up_front() -> None:
    parser = RequestParser()
    reqs, err = parser.feed(b"*2147483647\r\n$4\r\nPING\r\n")
    assert (reqs, err) == ([], None)
    assert parser.buffered < 100


def test_huge_array_after_valid_requests_in_one_read() -> None:
    parser = RequestParser()
    reqs, err = parser.feed(enc(b"PING") + b"*2147483647\r\n$4\r\nPING\r\n")
    assert (reqs, err) == ([[b"PING"]], None)


def test_a_request_typed_as_a_set_is_read_as_inline_commands() -> None:
    # hiredis reads '~1' as a one-element set, the same length as '*1'; Redis
    # reads each of these lines as an inline command.
    data = enc(b"PING") + b"~1\r\n$4\r\nPING\r\n"
    assert feed_all([data]) == ([[b"PING"], [b"~1"], [b"$4"], [b"PING"]], None)


def test_odd_argument_types_whose_sizes_add_up_are_still_refused() -> None:
    # Four '+a' are 12 bytes shorter than '$1' bulks, three verbatims 12 longer.
    data = enc(b"PING") + b"*7\r\n" + b"+a\r\n" * 4 + b"=5\r\ntxt:a\r\n" * 3
    assert feed_all([data]) == ([[b"PING"]], "expected '$', got '+'")


def strict_reference(stream: bytes) -> tuple[list[list[bytes]], str | None]:
    """The strict gear alone, request after request (Redis's own rules)."""
    parser = RequestParser()
    out: list[list[bytes]] = []
    pos = 0
    while pos < len(stream):
        try:
            req, pos = parser._strict_one(stream, pos, len(stream), False)
        except ProtocolError as exc:
            return out, exc.msg
        if pos < 0:
            break
        if req:
            out.append(req)
    return out, None


def odd_encoding(arg: bytes, kind: int) -> bytes:
    """``arg`` as a bulk, in a RESP3 type hiredis also returns as bytes, or as a
    null bulk, an integer or a nested array (hiredis: None, int, list)."""
    if kind == 1 and b"\r" not in arg and b"\n" not in arg:
        return b"+%b\r\n" % arg
    if kind == 2:
        return b"=%d\r\ntxt:%b\r\n" % (len(arg) + 4, arg)
    if kind == 3 and arg.isdigit() and arg.isascii():
        return b"(%b\r\n" % arg  # a big number
    if kind == 4:
        return b"$-1\r\n"
    if kind == 5:
        return b":%d\r\n" % len(arg)
    if kind == 6:
        return b"*1\r\n$%d\r\n%b\r\n" % (len(arg), arg)
    return b"$%d\r\n%b\r\n" % (len(arg), arg)


mixed_requests = st.lists(
    st.tuples(
        st.sampled_from([b"*", b"*", b"*", b"~", b"|"]),
        st.lists(
            st.tuples(
                st.one_of(st.binary(max_size=12), st.from_regex(rb"\A[0-9]{1,8}\Z")),
                st.sampled_from([0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6]),
            ),
            min_size=1,
            max_size=4,
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(mixed_requests, st.data())
def test_streams_with_odd_types_parse_as_the_strict_gear_alone_would(
    reqs: list[tuple[bytes, list[tuple[bytes, int]]]], data: st.DataObject
) -> None:
    stream = b"".join(
        mark + b"%d\r\n" % len(args) + b"".join(odd_encoding(a, k) for a, k in args)
        for mark, args in reqs
    )
    expected = strict_reference(stream)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=4)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)])]
    assert feed_all(chunks) == expected


def test_a_read_of_exactly_one_request_gives_the_request_itself() -> None:
    parser = RequestParser()
    assert parser.read(enc(b"SET", b"k", b"v" * 300)) == [b"SET", b"k", b"v" * 300]
    assert parser.read(enc(b"GET", b"k") + enc(b"GET", b"j")) == (
        [[b"GET", b"k"], [b"GET", b"j"]],
        None,
    )
    assert parser.feed(enc(b"GET", b"k")) == ([[b"GET", b"k"]], None)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        # hiredis reads a null bulk as None, an integer as int, a nested array
        # as a list; alone in a read, each goes to the strict gear all the same
        (b"*2\r\n$3\r\nGET\r\n$-1\r\n", "invalid bulk length"),
        (b"*2\r\n$3\r\nGET\r\n:1\r\n", "expected '$', got ':'"),
        (b"*2\r\n$3\r\nGET\r\n*1\r\n$1\r\nk\r\n", "expected '$', got '*'"),
        (b"*2\r\n$3\r\nGET\r\n(12\r\n", "expected '$', got '('"),
        (b"*2\r\n$3\r\nGET\r\n=5\r\ntxt:k\r\n", "expected '$', got '='"),
        # a huge nested array header is not handed to hiredis (it would
        # allocate the list at once)
        (b"*2\r\n$3\r\nGET\r\n*2147483647\r\n", "expected '$', got '*'"),
    ],
)
def test_odd_arguments_alone_in_a_read_get_redis_error_text(data: bytes, error: str) -> None:
    reqs, err = RequestParser().feed(data)
    assert reqs == []
    assert err is not None and err.msg == error


@pytest.mark.parametrize(
    "args",
    [
        [b"MSET"] + [b"k%d" % i for i in range(12)],  # (a two-digit count)
        [b"SET", b"a*b", b"x~y>z|"],  # (bytes that may start a list, in values)
    ],
)
def test_one_request_off_the_one_request_path_parses_the_same(args: list[bytes]) -> None:
    assert RequestParser().feed(enc(*args)) == ([args], None)


def test_one_request_over_a_small_bulk_limit_is_refused() -> None:
    parser = RequestParser(max_bulk=8)
    reqs, err = parser.feed(enc(b"SET", b"k", b"x" * 20))
    assert reqs == []
    assert err is not None and err.msg == "invalid bulk length"


class _RecordingReader(hiredis.Reader):
    """A hiredis reader that remembers what it was given."""

    fed: list[bytes] = []

    def feed(self, data: bytes, *args: int) -> None:  # type: ignore[override]
        _RecordingReader.fed.append(bytes(data[args[0] if args else 0 :]))
        super().feed(data, *args)


@pytest.mark.parametrize("mark", [b"*", b"~", b">", b"|"])
@pytest.mark.parametrize("head", [b"", b"*2\r\n$3\r\nGET\r\n", enc(b"PING")])
def test_huge_aggregate_headers_never_reach_hiredis(
    mark: bytes, head: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hiredis allocates an array, set, push or attribute list when it reads the
    # header (a calloc of 16 GiB for 2147483647 elements; a map is a dict).
    monkeypatch.setattr(hiredis, "Reader", _RecordingReader)
    monkeypatch.setattr(_RecordingReader, "fed", [])
    data = head + mark + b"9999999\r\n"
    assert feed_all([data]) == strict_reference(data)
    assert not any(mark + b"9999999" in fed for fed in _RecordingReader.fed)


def test_a_map_hiredis_cannot_build_is_read_as_redis_reads_it() -> None:
    # hiredis fails with TypeError on a map keyed by a list: the strict gear
    # reads those lines as inline commands, as Redis does.
    data = enc(b"PING") + b"%1\r\n*1\r\n$1\r\na\r\n$1\r\nb\r\n" + enc(b"PING")
    assert feed_all([data]) == strict_reference(data)
    assert feed_all([data])[0][:2] == [[b"PING"], [b"%1"]]


@pytest.mark.parametrize(
    ("data", "huge"),
    [
        (b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$9\r\n*12345678\r\n", True),  # (in a value: harmless)
        (b"$3\r\nabc~1234567\r\n", True),
        (b"*1\r\n$1\r\na\r\n>9999999\r\n", True),
        (b"*1\r\n$1\r\na\r\n|1000000", True),
        (b"*1\r\n$1\r\na\r\n*999999\r\n", False),  # (six digits)
        (b"*1\r\n$1\r\na\r\n%1234567\r\n", False),  # (a map: a dict, no list)
        (b"*1\r\n$1\r\na\r\n*123456", False),  # (a count cut by the end of the read)
        (b"*2\r\n$3\r\nGET\r\n$3\r\n*~>\r\n", False),
    ],
)
def test_which_reads_may_hold_a_huge_aggregate_header(data: bytes, huge: bool) -> None:
    assert _huge_aggregate(data, 0, len(data)) is huge


def test_a_pipeline_with_an_argument_over_8_kib_is_checked_all_the_same() -> None:
    # (hiredis reads the requests after the first of a large read; '=' in a
    # value makes their layout be walked argument by argument, and an argument
    # over _LARGE_READ takes the walk's general branch)
    reqs = [[b"GET", b"k"], [b"SET", b"k", b"=" * 9000], [b"GET", b"k"]]
    stream = b"".join(enc(*r) for r in reqs)
    assert RequestParser().feed(stream) == (reqs, None)
    bad = stream + b"*1\r\n+PING\r\n"
    assert feed_all([bad]) == (reqs, "expected '$', got '+'")


# -- encoding arrays of bulk strings ------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.binary(max_size=40), min_size=16, max_size=200),
        # one length for all (KEYS and SCAN over keys of one format take a shortcut)
        st.integers(0, 30).flatmap(
            lambda n: st.lists(st.binary(min_size=n, max_size=n), min_size=16, max_size=200)
        ),
        st.lists(st.binary(min_size=1000, max_size=1100), min_size=16, max_size=20),
    )
)
def test_arrays_of_bulk_strings_encode_as_redis_frames_them(items: list[bytes]) -> None:
    wire = encode(items, False)
    framed = b"*%d\r\n" % len(items) + b"".join(b"$%d\r\n%b\r\n" % (len(i), i) for i in items)
    assert wire == framed
    reader = hiredis.Reader()
    reader.feed(wire)
    assert reader.gets() == items
    assert reader.gets() is False  # nothing left over


def test_a_large_argument_in_pieces_says_how_many_bytes_are_missing() -> None:
    value = b"v" * 100_000
    data = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n" + value + b"\r\n"
    p = RequestParser()
    assert p.missing == 0
    assert p.feed(data[:20_000]) == ([], None)
    assert p.missing == len(data) - 20_000  # the next read can ask for all of it
    assert p.feed(data[20_000:50_000]) == ([], None)
    assert p.missing == len(data) - 50_000
    assert p.feed(data[50_000:]) == ([[b"SET", b"k", value]], None)
    assert p.missing == 0
