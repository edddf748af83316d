"""PING, ECHO, SELECT, QUIT, RESET, HELLO, AUTH and CLIENT, through redis-py and raw RESP."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import redis

from redistill import Server
from redistill.config import REDIS_VERSION
from tests.conformance.resp import Connection, encode_command


@pytest.fixture
def conn(server: Server) -> Iterator[Connection]:
    """A raw RESP connection: replies compared byte for byte."""
    with Connection(server.host, server.port, timeout=5) as c:
        yield c


@pytest.fixture
def locked() -> Iterator[Server]:
    """A server with ``requirepass`` set."""
    with Server(requirepass="secret") as s:
        yield s


def raw(c: Connection, *args: str | bytes) -> bytes:
    return c.command(*args).raw


def connect(server: Server) -> Connection:
    return Connection(server.host, server.port, timeout=5)


def info_fields(line: bytes) -> dict[bytes, bytes]:
    return dict(part.split(b"=", 1) for part in line.strip().split(b" "))


def client_info(c: Connection) -> dict[bytes, bytes]:
    node = c.command("CLIENT", "INFO").node
    payload: bytes = node[1]
    return info_fields(payload[4:] if node[0] == "=" else payload)


NOAUTH = b"-NOAUTH Authentication required.\r\n"
WRONGPASS = b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"


# ---------------------------------------------------------------------------
# PING / ECHO


def test_ping_answers_pong(r: redis.Redis) -> None:
    assert r.ping() is True


def test_ping_with_a_message_answers_it_as_a_bulk_string(conn: Connection) -> None:
    assert raw(conn, "PING", "hello") == b"$5\r\nhello\r\n"


def test_ping_with_two_arguments_is_an_arity_error(conn: Connection) -> None:
    assert raw(conn, "PING", "a", "b") == b"-ERR wrong number of arguments for 'ping' command\r\n"


def test_echo_returns_its_argument_byte_for_byte(r: redis.Redis) -> None:
    assert r.echo(b"\x00\xff\r\n") == b"\x00\xff\r\n"


# ---------------------------------------------------------------------------
# SELECT


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_a_server_on_ipv6_serves_and_names_its_clients_addresses() -> None:
    with Server(host="::1") as server:
        r = server.client(protocol=2, decode_responses=True)
        r.set("k", "v")
        assert r.get("k") == "v"
        (me,) = r.client_list()
        assert me["addr"].startswith("[::1]:")
        assert me["laddr"] == f"[::1]:{server.port}"
        r.close()


def test_select_switches_between_isolated_databases(server: Server) -> None:
    r = server.client(protocol=2)
    r.set("k", "zero")
    r.execute_command("SELECT", 1)
    assert r.get("k") is None
    r.set("k", "one")
    r.execute_command("SELECT", 0)
    assert r.get("k") == b"zero"


def test_select_beyond_the_last_database_is_out_of_range(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^DB index is out of range$"):
        r.execute_command("SELECT", 16)


def test_select_a_negative_index_is_out_of_range(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^DB index is out of range$"):
        r.execute_command("SELECT", -1)


def test_select_text_is_not_an_integer(r: redis.Redis) -> None:
    with pytest.raises(redis.ResponseError, match="^value is not an integer or out of range$"):
        r.execute_command("SELECT", "one")


def test_select_beyond_32_bits_names_the_int_range(conn: Connection) -> None:
    assert raw(conn, "SELECT", "4294967296") == (
        b"-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"
    )


def test_select_follows_the_configured_number_of_databases() -> None:
    with Server(databases=2) as s, connect(s) as c:
        assert raw(c, "SELECT", "1") == b"+OK\r\n"
        assert raw(c, "SELECT", "2") == b"-ERR DB index is out of range\r\n"


# ---------------------------------------------------------------------------
# QUIT


def test_quit_answers_ok_and_closes_before_later_pipelined_commands(conn: Connection) -> None:
    conn.send(b"*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n")
    assert conn.read_reply().raw == b"+OK\r\n"
    assert conn.read_reply().closed


def test_a_resp3_map_in_a_request_stream_is_read_as_redis_reads_it(
    conn: Connection, server: Server
) -> None:
    # hiredis cannot build this map (a list as its key); Redis reads '%1' and
    # the lines after it as inline commands (replies recorded from Redis 7.0).
    ping = encode_command(["PING"])
    conn.send(ping + b"%1\r\n*1\r\n$1\r\na\r\n$1\r\nb\r\n" + ping)
    unknown = b"-ERR unknown command '%s', with args beginning with: \r\n"
    expected = [b"+PONG\r\n", *(unknown % w for w in (b"%1", b"a", b"$1", b"b")), b"+PONG\r\n"]
    assert [conn.read_reply().raw for _ in expected] == expected
    with connect(server) as other:  # the server goes on serving
        assert raw(other, "PING") == b"+PONG\r\n"


def test_quit_works_before_authentication(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "QUIT") == b"+OK\r\n"
        assert c.command("PING").closed


# ---------------------------------------------------------------------------
# RESET


def test_reset_answers_the_reset_status(conn: Connection) -> None:
    assert raw(conn, "RESET") == b"+RESET\r\n"


def test_reset_selects_database_zero(conn: Connection) -> None:
    raw(conn, "SELECT", "3")
    raw(conn, "RESET")
    assert client_info(conn)[b"db"] == b"0"


def test_reset_returns_to_resp2(conn: Connection) -> None:
    conn.command("HELLO", "3")
    raw(conn, "RESET")
    assert raw(conn, "CONFIG", "GET", "timeout") == b"*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n"


def test_reset_clears_the_name_but_keeps_the_library(conn: Connection) -> None:
    raw(conn, "CLIENT", "SETNAME", "worker")
    raw(conn, "CLIENT", "SETINFO", "LIB-NAME", "mylib")
    raw(conn, "RESET")
    fields = client_info(conn)
    assert fields[b"name"] == b""
    assert fields[b"lib-name"] == b"mylib"


def test_reset_leaves_multi_and_drops_the_queue(conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    raw(conn, "RESET")
    assert raw(conn, "EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert raw(conn, "GET", "k") == b"$-1\r\n"


def test_reset_forgets_watched_keys(conn: Connection) -> None:
    raw(conn, "WATCH", "k")
    raw(conn, "SET", "k", "changed")
    raw(conn, "RESET")
    raw(conn, "MULTI")
    raw(conn, "PING")
    assert raw(conn, "EXEC") == b"*1\r\n+PONG\r\n"


def test_reset_clears_no_evict_and_no_touch(conn: Connection) -> None:
    raw(conn, "CLIENT", "NO-EVICT", "on")
    raw(conn, "CLIENT", "NO-TOUCH", "on")
    raw(conn, "RESET")
    assert client_info(conn)[b"flags"] == b"N"


def test_reset_deauthenticates_when_a_password_is_set(locked: Server) -> None:
    with connect(locked) as c:
        raw(c, "AUTH", "secret")
        assert raw(c, "RESET") == b"+RESET\r\n"
        assert raw(c, "PING") == NOAUTH


def test_reset_keeps_a_passwordless_connection_authenticated(conn: Connection) -> None:
    raw(conn, "RESET")
    assert raw(conn, "PING") == b"+PONG\r\n"


# ---------------------------------------------------------------------------
# HELLO


def test_hello_describes_the_server_and_the_connection(conn: Connection) -> None:
    cid = conn.command("CLIENT", "ID").node[1]
    version = REDIS_VERSION.encode()
    assert raw(conn, "HELLO") == (
        b"*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$%d\r\n%b\r\n"
        b"$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:%d\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n"
        b"$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n" % (len(version), version, cid)
    )


def test_hello_3_answers_with_a_resp3_map(conn: Connection) -> None:
    reply = raw(conn, "HELLO", "3")
    assert reply.startswith(b"%7\r\n$6\r\nserver\r\n")
    assert b"$5\r\nproto\r\n:3\r\n" in reply


def test_hello_3_switches_later_replies_to_resp3(conn: Connection) -> None:
    conn.command("HELLO", "3")
    assert raw(conn, "CONFIG", "GET", "timeout") == b"%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n"


def test_hello_2_switches_back_to_resp2(conn: Connection) -> None:
    conn.command("HELLO", "3")
    conn.command("HELLO", "2")
    assert raw(conn, "CONFIG", "GET", "timeout") == b"*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n"


def test_hello_without_a_version_keeps_the_protocol(conn: Connection) -> None:
    conn.command("HELLO", "3")
    assert raw(conn, "HELLO").startswith(b"%7\r\n")


def test_hello_version_matches_info(server: Server) -> None:
    r = server.client(protocol=3)
    assert r.execute_command("HELLO")[b"version"] == REDIS_VERSION.encode()
    assert r.info("server")["redis_version"] == REDIS_VERSION


def test_hello_with_an_unsupported_version(conn: Connection) -> None:
    assert raw(conn, "HELLO", "4") == b"-NOPROTO unsupported protocol version\r\n"


def test_hello_with_a_non_integer_version(conn: Connection) -> None:
    assert raw(conn, "HELLO", "three") == (
        b"-ERR Protocol version is not an integer or out of range\r\n"
    )


def test_hello_with_an_unknown_option(conn: Connection) -> None:
    assert raw(conn, "HELLO", "3", "FOO") == b"-ERR Syntax error in HELLO option 'FOO'\r\n"


def test_hello_setname_names_the_connection(conn: Connection) -> None:
    conn.command("HELLO", "2", "SETNAME", "hi")
    assert raw(conn, "CLIENT", "GETNAME") == b"$2\r\nhi\r\n"


def test_hello_refuses_a_bad_name_before_authenticating(locked: Server) -> None:
    with connect(locked) as c:
        reply = raw(c, "HELLO", "3", "AUTH", "default", "secret", "SETNAME", "a b")
        assert reply == (
            b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
        )
        assert raw(c, "PING") == NOAUTH


def test_hello_auth_authenticates(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "HELLO", "2", "AUTH", "default", "secret").startswith(b"*14\r\n")
        assert raw(c, "PING") == b"+PONG\r\n"


def test_hello_auth_with_a_wrong_password(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "HELLO", "3", "AUTH", "default", "nope") == WRONGPASS
        assert raw(c, "PING") == NOAUTH


def test_hello_without_auth_needs_an_authenticated_connection(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "HELLO", "3") == (
            b"-NOAUTH HELLO must be called with the client already authenticated, otherwise"
            b" the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the"
            b" client and select the RESP protocol version at the same time\r\n"
        )


def test_hello_id_is_the_client_id(conn: Connection) -> None:
    node = conn.command("HELLO", "3").node
    fields = dict(zip(node[1][0::2], node[1][1::2]))
    assert fields[("$", b"id")] == conn.command("CLIENT", "ID").node


# ---------------------------------------------------------------------------
# AUTH


def test_auth_without_a_configured_password(conn: Connection) -> None:
    assert raw(conn, "AUTH", "x") == (
        b"-ERR AUTH <password> called without any password configured for the default user."
        b" Are you sure your configuration is correct?\r\n"
    )


def test_auth_default_with_any_password_works_without_a_configured_one(conn: Connection) -> None:
    assert raw(conn, "AUTH", "default", "whatever") == b"+OK\r\n"


def test_auth_with_three_arguments_is_a_syntax_error(conn: Connection) -> None:
    assert raw(conn, "AUTH", "a", "b", "c") == b"-ERR syntax error\r\n"


def test_commands_need_auth_when_a_password_is_set(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "GET", "k") == NOAUTH
        assert raw(c, "CLIENT", "ID") == NOAUTH


def test_unknown_commands_and_arity_errors_come_before_noauth(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "NOSUCH").startswith(b"-ERR unknown command 'NOSUCH'")
        assert raw(c, "GET") == b"-ERR wrong number of arguments for 'get' command\r\n"


def test_auth_with_the_password_unlocks_the_connection(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "AUTH", "secret") == b"+OK\r\n"
        assert raw(c, "PING") == b"+PONG\r\n"


def test_auth_default_with_the_password_unlocks_the_connection(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "AUTH", "default", "secret") == b"+OK\r\n"
        assert raw(c, "PING") == b"+PONG\r\n"


def test_auth_with_a_wrong_password(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "AUTH", "nope") == WRONGPASS
        assert raw(c, "PING") == NOAUTH


def test_auth_with_an_unknown_user(locked: Server) -> None:
    with connect(locked) as c:
        assert raw(c, "AUTH", "admin", "secret") == WRONGPASS


def test_a_failed_auth_keeps_an_authenticated_connection(locked: Server) -> None:
    with connect(locked) as c:
        raw(c, "AUTH", "secret")
        assert raw(c, "AUTH", "nope") == WRONGPASS
        assert raw(c, "PING") == b"+PONG\r\n"


def test_auth_lifts_the_unauthenticated_request_limits(locked: Server) -> None:
    with connect(locked) as c:
        raw(c, "AUTH", "secret")
        big = "x" * 20000
        assert raw(c, "ECHO", big) == b"$20000\r\n" + big.encode() + b"\r\n"


def test_redis_py_clients_of_a_locked_server_authenticate(locked: Server) -> None:
    assert locked.client().ping() is True


def test_config_set_requirepass_locks_new_connections_only(
    conn: Connection, server: Server
) -> None:
    raw(conn, "CONFIG", "SET", "requirepass", "later")
    assert raw(conn, "PING") == b"+PONG\r\n"
    with connect(server) as fresh:
        assert raw(fresh, "PING") == NOAUTH
        assert raw(fresh, "AUTH", "later") == b"+OK\r\n"


def test_config_set_empty_requirepass_opens_the_server(locked: Server) -> None:
    with connect(locked) as c:
        raw(c, "AUTH", "secret")
        raw(c, "CONFIG", "SET", "requirepass", "")
    with connect(locked) as fresh:
        assert raw(fresh, "PING") == b"+PONG\r\n"


# ---------------------------------------------------------------------------
# CLIENT SETNAME / GETNAME / ID / SETINFO


def test_client_getname_without_a_name_is_null(r: redis.Redis) -> None:
    assert r.client_getname() is None


def test_client_setname_then_getname(r: redis.Redis) -> None:
    r.client_setname("worker-1")
    name = r.client_getname()
    assert name in (b"worker-1", "worker-1")  # redis-py decodes it in RESP2


def test_client_setname_with_an_empty_name_clears_it(r: redis.Redis) -> None:
    r.client_setname("x")
    r.client_setname("")
    assert r.client_getname() is None


@pytest.mark.parametrize("name", [b"a b", b"a\nb", b"a\x7fb", "é".encode()])
def test_client_setname_refuses_spaces_and_special_characters(
    conn: Connection, name: bytes
) -> None:
    assert raw(conn, "CLIENT", "SETNAME", name) == (
        b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
    )


def test_client_id_is_unique_per_connection(server: Server) -> None:
    with connect(server) as a, connect(server) as b:
        ida = a.command("CLIENT", "ID").node[1]
        idb = b.command("CLIENT", "ID").node[1]
    assert idb > ida


def test_client_setinfo_shows_in_client_info(conn: Connection) -> None:
    raw(conn, "CLIENT", "SETINFO", "LIB-NAME", "mylib")
    raw(conn, "CLIENT", "SETINFO", "lib-ver", "1.2.3")
    fields = client_info(conn)
    assert (fields[b"lib-name"], fields[b"lib-ver"]) == (b"mylib", b"1.2.3")


def test_client_setinfo_with_an_unknown_attribute(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "SETINFO", "lib-color", "red") == (
        b"-ERR Unrecognized option 'lib-color'\r\n"
    )


def test_client_setinfo_refuses_spaces(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "SETINFO", "LIB-NAME", "my lib") == (
        b"-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n"
    )


def test_redis_py_announces_its_library(server: Server) -> None:
    r = server.client(protocol=2)
    r.ping()
    assert r.client_info()["lib-name"] == "redis-py"


# ---------------------------------------------------------------------------
# CLIENT INFO / LIST

_FIELDS_72 = (
    b"id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem"
    b" multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp lib-name lib-ver"
).split()


def test_client_info_has_the_redis_7_2_fields_in_order(conn: Connection) -> None:
    assert list(client_info(conn)) == _FIELDS_72


def test_client_info_describes_the_connection(conn: Connection, server: Server) -> None:
    raw(conn, "SELECT", "2")
    raw(conn, "CLIENT", "SETNAME", "me")
    fields = client_info(conn)
    assert fields[b"name"] == b"me"
    assert fields[b"db"] == b"2"
    assert fields[b"cmd"] == b"client|info"
    assert fields[b"user"] == b"default"
    assert fields[b"resp"] == b"2"
    assert fields[b"laddr"] == f"{server.host}:{server.port}".encode()


def test_a_client_is_not_idle_while_its_own_command_runs(conn: Connection, server: Server) -> None:
    # Redis stamps a client's last interaction when it reads a request, so
    # CLIENT INFO / LIST after a quiet spell show idle=0 for the caller.
    raw(conn, "PING")
    with server.lock:
        (client,) = server.clients.values()
        client.last_active -= 30  # as if the connection sat quiet for 30 s
    assert client_info(conn)[b"idle"] == b"0"
    client_list: bytes = conn.command("CLIENT", "LIST").node[1]
    assert info_fields(client_list)[b"idle"] == b"0"


def test_connections_waiting_together_are_all_accepted_before_a_later_request(
    conn: Connection, server: Server
) -> None:
    # Redis accepts every connection waiting on the listener in one go, so a
    # client that connected before another sent CLIENT LIST is in its reply.
    raw(conn, "PING")
    with server.lock:  # (the loop can neither accept nor serve meanwhile)
        waiting = [socket.create_connection((server.host, server.port)) for _ in range(3)]
        conn.send(encode_command(["CLIENT", "LIST"]))
    try:
        listing: bytes = conn.read_reply().node[1]
        assert len(listing.splitlines()) == 4
        assert len(server.clients) == 4
    finally:
        for sock in waiting:
            sock.close()


def test_client_info_is_a_verbatim_string_in_resp3(conn: Connection) -> None:
    conn.command("HELLO", "3")
    reply = raw(conn, "CLIENT", "INFO")
    assert reply.startswith(b"=") and b"\r\ntxt:id=" in reply and reply.endswith(b"\n\r\n")


def test_client_info_flags_follow_the_connection_state(conn: Connection) -> None:
    assert client_info(conn)[b"flags"] == b"N"
    raw(conn, "CLIENT", "NO-EVICT", "on")
    raw(conn, "CLIENT", "NO-TOUCH", "on")
    assert client_info(conn)[b"flags"] == b"eT"


def test_client_list_shows_multi_state(conn: Connection, server: Server) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    with connect(server) as other:
        listing = other.command("CLIENT", "LIST").node[1]
    first = info_fields(listing.splitlines()[0])
    assert (first[b"flags"], first[b"multi"]) == (b"x", b"1")


def test_client_list_lists_every_connection(server: Server, conn: Connection) -> None:
    with connect(server), connect(server):
        listing = conn.command("CLIENT", "LIST").node[1]
    assert len(listing.splitlines()) == 3
    assert listing.endswith(b"\n")


def test_client_list_by_type(server: Server, conn: Connection) -> None:
    with connect(server):
        assert len(conn.command("CLIENT", "LIST", "TYPE", "normal").node[1].splitlines()) == 2
    assert raw(conn, "CLIENT", "LIST", "TYPE", "pubsub") == b"$0\r\n\r\n"
    assert raw(conn, "CLIENT", "LIST", "TYPE", "foo") == b"-ERR Unknown client type 'foo'\r\n"


def test_client_list_by_id(server: Server, conn: Connection) -> None:
    with connect(server) as other:
        oid = other.command("CLIENT", "ID").node[1]
        listing = conn.command("CLIENT", "LIST", "ID", str(oid), "999999").node[1]
    assert [info_fields(line)[b"id"] for line in listing.splitlines()] == [b"%d" % oid]


def test_client_list_with_a_bad_id(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "LIST", "ID", "1", "x") == b"-ERR Invalid client ID\r\n"


def test_client_list_through_redis_py(r: redis.Redis) -> None:
    r.client_setname("listed")
    assert [c["name"] for c in r.client_list()] == ["listed"]


# ---------------------------------------------------------------------------
# CLIENT KILL


def test_client_kill_by_id_closes_the_other_connection(server: Server, conn: Connection) -> None:
    with connect(server) as victim:
        vid = victim.command("CLIENT", "ID").node[1]
        assert raw(conn, "CLIENT", "KILL", "ID", str(vid)) == b":1\r\n"
        assert victim.command("PING").closed
    assert raw(conn, "PING") == b"+PONG\r\n"


def test_client_kill_by_address_old_form(server: Server, conn: Connection) -> None:
    with connect(server) as victim:
        addr = info_fields(victim.command("CLIENT", "INFO").node[1])[b"addr"]
        assert raw(conn, "CLIENT", "KILL", addr) == b"+OK\r\n"
        assert victim.command("PING").closed


def test_client_kill_old_form_without_a_match(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "KILL", "1.2.3.4:5") == b"-ERR No such client\r\n"


def test_client_kill_skips_the_caller_by_default(server: Server, conn: Connection) -> None:
    with connect(server) as victim:
        assert raw(conn, "CLIENT", "KILL", "USER", "default") == b":1\r\n"
        assert victim.command("PING").closed
    assert raw(conn, "PING") == b"+PONG\r\n"


def test_client_kill_skipme_no_closes_the_caller_after_replying(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no") == b":1\r\n"
    assert conn.command("PING").closed


def test_client_kill_by_local_address(server: Server, conn: Connection) -> None:
    laddr = f"{server.host}:{server.port}"
    with connect(server) as victim:
        assert raw(conn, "CLIENT", "KILL", "LADDR", laddr) == b":1\r\n"
        assert victim.command("PING").closed


def test_client_kill_id_must_be_positive(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "KILL", "ID", "0") == b"-ERR client-id should be greater than 0\r\n"


def test_client_kill_unknown_user(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "KILL", "USER", "bob") == b"-ERR No such user 'bob'\r\n"


# ---------------------------------------------------------------------------
# other CLIENT subcommands


def test_client_help_starts_with_the_usage_line(conn: Connection) -> None:
    node = conn.command("CLIENT", "HELP").node
    lines = [item[1] for item in node[1]]
    assert lines[0] == b"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    assert b"SETINFO <option> <value>" in lines
    assert lines[-2:] == [b"HELP", b"    Prints this help."]


def test_client_with_an_unknown_subcommand(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "FOO") == b"-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n"


def test_client_subcommand_arity_errors_name_the_subcommand(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "ID", "x") == (
        b"-ERR wrong number of arguments for 'client|id' command\r\n"
    )


def test_client_no_evict_takes_on_or_off(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "NO-EVICT", "ON") == b"+OK\r\n"
    assert raw(conn, "CLIENT", "NO-EVICT", "maybe") == b"-ERR syntax error\r\n"


def test_client_trackinginfo_reports_tracking_off(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "TRACKINGINFO") == (
        b"*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"
    )


def test_client_getredir_without_tracking(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "GETREDIR") == b":-1\r\n"


def test_client_unblock_finds_nobody_blocked(conn: Connection) -> None:
    assert raw(conn, "CLIENT", "UNBLOCK", "1") == b":0\r\n"
    assert raw(conn, "CLIENT", "UNBLOCK", "1", "later") == (
        b"-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n"
    )
