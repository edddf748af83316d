"""The conformance runner's own parts: the RESP reader, comparison modes, golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from redistill import Server

from .case import Case, RawCase, step
from .resp import CLOSED, Connection, Reply, Unparseable, encode_command, parse, read_raw
from .runner import (
    CaseResult,
    Entry,
    describe,
    digest,
    golden_for,
    load_golden,
    replies_match,
    result_to_json,
    save_golden,
)


def _r(raw: bytes) -> Reply:
    return Reply(raw, parse(raw))


@pytest.mark.parametrize(
    ("raw", "node"),
    [
        (b"+OK\r\n", ("+", b"OK")),
        (b"-ERR no\r\n", ("-", b"ERR no")),
        (b":-42\r\n", (":", -42)),
        (b"$3\r\na\r\n\r\n", ("$", b"a\r\n")),
        (b"$-1\r\n", ("$", None)),
        (b"*-1\r\n", ("*", None)),
        (b"_\r\n", ("_", None)),
        (b",1.5\r\n", (",", b"1.5")),
        (b"#t\r\n", ("#", b"t")),
        (b"(12345678901234567890\r\n", ("(", b"12345678901234567890")),
        (b"=8\r\ntxt:abcd\r\n", ("=", b"txt:abcd")),
        (b"*2\r\n:1\r\n*1\r\n+x\r\n", ("*", [(":", 1), ("*", [("+", b"x")])])),
        (b"%1\r\n$1\r\nk\r\n:1\r\n", ("%", [("$", b"k"), (":", 1)])),
        (b"~1\r\n$1\r\nm\r\n", ("~", [("$", b"m")])),
        (b">2\r\n$7\r\nmessage\r\n$1\r\nx\r\n", (">", [("$", b"message"), ("$", b"x")])),
    ],
)
def test_parse_every_reply_type(raw: bytes, node: tuple[str, object]) -> None:
    assert parse(raw) == node


@pytest.mark.parametrize("raw", [b"+OK", b"?what\r\n", b"$3\r\nabcde\r\n", b":1\r\n:2\r\n"])
def test_parse_rejects_what_is_not_one_reply(raw: bytes) -> None:
    with pytest.raises(Unparseable):
        parse(raw)


def test_encode_command() -> None:
    assert encode_command(("SET", b"k", 10, 1.5)) == (
        b"*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n10\r\n$3\r\n1.5\r\n"
    )


def test_exact_mode_compares_bytes() -> None:
    s = step("GET", "k")
    assert replies_match(s, _r(b"$1\r\nv\r\n"), _r(b"$1\r\nv\r\n"))
    assert not replies_match(s, _r(b"$1\r\nv\r\n"), _r(b"+v\r\n"))


def test_approx_mode_accepts_close_integers_only() -> None:
    s = step("TTL", "k", approx=1)
    assert replies_match(s, _r(b":100\r\n"), _r(b":99\r\n"))
    assert not replies_match(s, _r(b":100\r\n"), _r(b":97\r\n"))
    assert not replies_match(s, _r(b":100\r\n"), _r(b"$3\r\n100\r\n"))
    assert replies_match(s, _r(b"-ERR x\r\n"), _r(b"-ERR x\r\n"))


def test_unordered_mode_sorts_nested_arrays() -> None:
    s = step("KEYS", "*", unordered=True)
    a = _r(b"*2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n")
    b = _r(b"*2\r\n$1\r\nc\r\n*2\r\n$1\r\nb\r\n$1\r\na\r\n")
    assert replies_match(s, a, b)
    assert not replies_match(s, a, _r(b"*1\r\n$1\r\nc\r\n"))


def test_pairs_mode_ignores_pair_order_but_not_pairing() -> None:
    s = step("HGETALL", "h", pairs=True)
    flat = _r(b"*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n")
    swapped = _r(b"*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n")
    crossed = _r(b"*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n")
    assert replies_match(s, flat, swapped)
    assert not replies_match(s, flat, crossed)
    m1 = _r(b"%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n")
    m2 = _r(b"%2\r\n$1\r\nb\r\n:2\r\n$1\r\na\r\n:1\r\n")
    assert replies_match(s, m1, m2)
    assert not replies_match(s, m1, flat)


def test_ignore_mode_compares_the_type_byte() -> None:
    s = step("CLIENT", "ID", ignore=True)
    assert replies_match(s, _r(b":7\r\n"), _r(b":12\r\n"))
    assert not replies_match(s, _r(b":7\r\n"), _r(b"-ERR\r\n"))


def test_a_closed_connection_matches_only_a_closed_connection() -> None:
    s = step("QUIT")
    assert replies_match(s, CLOSED, CLOSED)
    assert not replies_match(s, CLOSED, _r(b"+OK\r\n"))


def test_describe_quotes_what_needs_it() -> None:
    assert describe(("SET", "k", "a b", "", b"\x00")) == 'SET k "a b" "" \\x00'
    assert describe(("ECHO", "x" * 100)).endswith("...(100 bytes)")


def test_digest_follows_the_input_not_the_name() -> None:
    a = Case("one", [("GET", "k")])
    assert digest(a) == digest(Case("two", [("GET", "k")]))
    assert digest(a) != digest(Case("one", [("GET", "j")]))
    assert digest(a) != digest(Case("one", [("GET", "k")], resp=(2,)))
    assert digest(a) == digest(Case("one", [step("GET", "k", approx=1)]))


def test_golden_round_trip(tmp_path: Path) -> None:
    case = Case("c", [("PING",), ("QUIT",), ("PING",)], resp=(2,))
    raw_case = RawCase("r", b"*x\r\n")
    entries = [Entry("cases_x", case), Entry("cases_x", raw_case)]
    results = [
        CaseResult(steps={2: [_r(b"+PONG\r\n"), _r(b"+OK\r\n"), CLOSED]}),
        CaseResult(raw=(b"-ERR Protocol error: invalid multibulk length\r\n", True)),
    ]
    path = tmp_path / "golden.json"
    save_golden({e.key: result_to_json(e, r, "7.0.15") for e, r in zip(entries, results)}, path)
    golden = load_golden(path)
    for entry, result in zip(entries, results):
        found = golden_for(entry, golden)
        assert found is not None
        assert found[0] == result
        assert found[1] == "7.0.15"


def test_golden_entries_for_changed_input_are_not_used(tmp_path: Path) -> None:
    entry = Entry("cases_x", Case("c", [("PING",)]))
    path = tmp_path / "golden.json"
    save_golden({entry.key: result_to_json(entry, CaseResult(steps={2: []}), "7.0.15")}, path)
    changed = Entry("cases_x", Case("c", [("PING", "x")]))
    assert golden_for(changed, load_golden(path)) is None


def test_golden_entries_recorded_from_an_older_redis_are_not_used(tmp_path: Path) -> None:
    entry = Entry("cases_x", Case("c", [("PING",)], min_version=(7, 2)))
    path = tmp_path / "golden.json"
    save_golden({entry.key: result_to_json(entry, CaseResult(steps={2: []}), "7.0.15")}, path)
    assert golden_for(entry, load_golden(path)) is None


def test_connection_reads_one_reply_at_a_time(server: Server) -> None:
    with Connection(server.host, server.port) as conn:
        conn.send(encode_command(("PING",)) + encode_command(("ECHO", "hi")))
        assert conn.read_reply().raw == b"+PONG\r\n"
        assert conn.read_reply().raw == b"$2\r\nhi\r\n"


def test_read_raw_reports_a_close(server: Server) -> None:
    assert read_raw(server.host, server.port, b"PING\r\n*x\r\n") == (
        b"+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n",
        True,
    )


def test_read_raw_waits_for_everything_a_pipeline_answers(server: Server) -> None:
    data = b"PING\r\n" * 5000
    assert read_raw(server.host, server.port, data) == (b"+PONG\r\n" * 5000, False)
