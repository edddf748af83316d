"""MULTI / EXEC / DISCARD / WATCH / UNWATCH, over raw RESP and through redis-py."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import redis

from redistill import Server
from redistill.protocol import OK
from redistill.registry import Command
from tests.conformance.resp import Connection


@pytest.fixture
def conn(server: Server) -> Iterator[Connection]:
    """A raw RESP connection: replies compared byte for byte."""
    with Connection(server.host, server.port, timeout=5) as c:
        yield c


@pytest.fixture
def other(server: Server) -> Iterator[redis.Redis]:
    """A second client, for writes that come from somewhere else."""
    client = server.client(protocol=2)
    yield client
    client.close()


def raw(c: Connection, *args: str) -> bytes:
    return c.command(*args).raw


def aborted_by_watch(c: Connection) -> bool:
    """Run an empty MULTI/EXEC on ``c``: True if EXEC answered the null array."""
    assert raw(c, "MULTI") == b"+OK\r\n"
    assert raw(c, "PING") == b"+QUEUED\r\n"
    reply = raw(c, "EXEC")
    assert reply in (b"*-1\r\n", b"*1\r\n+PONG\r\n"), reply
    return reply == b"*-1\r\n"


# -- MULTI / EXEC / DISCARD ---------------------------------------------------------


def test_multi_answers_ok_and_commands_answer_queued(conn: Connection) -> None:
    assert raw(conn, "MULTI") == b"+OK\r\n"
    assert raw(conn, "SET", "k", "v") == b"+QUEUED\r\n"
    assert raw(conn, "GET", "k") == b"+QUEUED\r\n"


def test_exec_answers_each_queued_command_in_order(conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    raw(conn, "GET", "k")
    raw(conn, "GET", "missing")
    assert raw(conn, "EXEC") == b"*3\r\n+OK\r\n$1\r\nv\r\n$-1\r\n"


def test_queued_commands_do_not_run_before_exec(server: Server, conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    server.assert_no_key("k")
    raw(conn, "EXEC")
    server.assert_key("k", "v")


def test_exec_of_an_empty_transaction_is_an_empty_array(conn: Connection) -> None:
    raw(conn, "MULTI")
    assert raw(conn, "EXEC") == b"*0\r\n"


def test_exec_without_multi_is_an_error(conn: Connection) -> None:
    assert raw(conn, "EXEC") == b"-ERR EXEC without MULTI\r\n"


def test_discard_without_multi_is_an_error(conn: Connection) -> None:
    assert raw(conn, "DISCARD") == b"-ERR DISCARD without MULTI\r\n"


def test_discard_drops_the_queue_and_leaves_multi(server: Server, conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    assert raw(conn, "DISCARD") == b"+OK\r\n"
    assert raw(conn, "EXEC") == b"-ERR EXEC without MULTI\r\n"
    server.assert_no_key("k")


def test_nested_multi_is_an_error_that_keeps_the_transaction(conn: Connection) -> None:
    raw(conn, "MULTI")
    assert raw(conn, "MULTI") == b"-ERR MULTI calls can not be nested\r\n"
    raw(conn, "SET", "k", "v")
    assert raw(conn, "EXEC") == b"*1\r\n+OK\r\n"


def test_watch_inside_multi_is_an_error_that_keeps_the_transaction(conn: Connection) -> None:
    raw(conn, "MULTI")
    assert raw(conn, "WATCH", "k") == b"-ERR WATCH inside MULTI is not allowed\r\n"
    raw(conn, "SET", "k", "v")
    assert raw(conn, "EXEC") == b"*1\r\n+OK\r\n"


EXECABORT = b"-EXECABORT Transaction discarded because of previous errors.\r\n"


def test_unknown_command_while_queueing_aborts_exec(server: Server, conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    assert raw(conn, "NOSUCH", "a") == (
        b"-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n"
    )
    assert raw(conn, "EXEC") == EXECABORT
    server.assert_no_key("k")


def test_wrong_arity_while_queueing_aborts_exec(server: Server, conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    assert raw(conn, "GET", "k", "x") == b"-ERR wrong number of arguments for 'get' command\r\n"
    assert raw(conn, "EXEC") == EXECABORT
    server.assert_no_key("k")


def test_execabort_ends_the_transaction(conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "NOSUCH")
    raw(conn, "EXEC")
    assert raw(conn, "EXEC") == b"-ERR EXEC without MULTI\r\n"


def test_discard_after_a_queueing_error_starts_clean(conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "NOSUCH")
    raw(conn, "DISCARD")
    raw(conn, "MULTI")
    raw(conn, "PING")
    assert raw(conn, "EXEC") == b"*1\r\n+PONG\r\n"


def test_runtime_error_inside_exec_is_one_reply_and_the_rest_run(conn: Connection) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "a", "x")
    raw(conn, "INCR", "a")
    raw(conn, "SET", "b", "y")
    assert raw(conn, "EXEC") == (
        b"*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n+OK\r\n"
    )


def test_exec_with_an_argument_discards_and_names_the_reason(
    server: Server, conn: Connection
) -> None:
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "v")
    assert raw(conn, "EXEC", "x") == (
        b"-EXECABORT Transaction discarded because of: "
        b"wrong number of arguments for 'exec' command\r\n"
    )
    assert raw(conn, "EXEC") == b"-ERR EXEC without MULTI\r\n"
    server.assert_no_key("k")


def test_exec_before_auth_names_noauth_as_the_reason() -> None:
    with Server(requirepass="pw") as server, Connection(server.host, server.port) as c:
        assert raw(c, "EXEC") == (
            b"-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n"
        )


def test_command_flagged_no_multi_is_refused_inside_multi(server: Server) -> None:
    # SAVE, SHUTDOWN, SYNC and PSYNC carry this flag in Redis; the rule is the
    # dispatcher's, so a stand-in command on this one server shows it.
    spec = Command("nomulti", lambda c, argv: OK, 1, frozenset({"no_multi"}))
    server.commands_table[b"nomulti"] = server.commands_table[b"NOMULTI"] = spec
    with Connection(server.host, server.port) as c:
        assert raw(c, "NOMULTI") == b"+OK\r\n"
        raw(c, "MULTI")
        assert raw(c, "NOMULTI") == b"-ERR Command not allowed inside a transaction\r\n"
        assert raw(c, "EXEC") == EXECABORT


def test_select_inside_multi_applies_to_the_commands_after_it(
    server: Server, conn: Connection
) -> None:
    raw(conn, "MULTI")
    raw(conn, "SELECT", "1")
    raw(conn, "SET", "k", "v")
    assert raw(conn, "EXEC") == b"*2\r\n+OK\r\n+OK\r\n"
    server.assert_key("k", "v", db=1)
    server.assert_no_key("k", db=0)


def test_hello_inside_multi_switches_protocol_for_the_replies_after_it(
    conn: Connection,
) -> None:
    raw(conn, "MULTI")
    raw(conn, "GET", "missing")
    raw(conn, "HELLO", "3")
    raw(conn, "GET", "missing")
    reply = raw(conn, "EXEC")
    assert reply.startswith(b"*3\r\n$-1\r\n%")
    assert reply.endswith(b"_\r\n")


def test_reset_leaves_multi_and_forgets_watches(server: Server, conn: Connection) -> None:
    raw(conn, "WATCH", "k")
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "queued")
    assert raw(conn, "RESET") == b"+RESET\r\n"
    assert raw(conn, "EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert server.keyspace.dbs[0].on_write is None


# -- WATCH ---------------------------------------------------------------------------


def test_write_from_another_client_aborts_exec_with_a_null_array(
    conn: Connection, other: redis.Redis
) -> None:
    raw(conn, "WATCH", "k")
    other.set("k", "changed")
    assert aborted_by_watch(conn)


def test_exec_aborted_by_watch_is_the_resp3_null_under_resp3(
    conn: Connection, other: redis.Redis
) -> None:
    conn.command("HELLO", "3")
    raw(conn, "WATCH", "k")
    other.set("k", "changed")
    raw(conn, "MULTI")
    assert raw(conn, "EXEC") == b"_\r\n"


def test_exec_under_resp3_keeps_each_reply_type(conn: Connection) -> None:
    conn.command("HELLO", "3")
    raw(conn, "MULTI")
    raw(conn, "HSET", "h", "f", "v")
    raw(conn, "HGETALL", "h")
    raw(conn, "GET", "missing")
    assert raw(conn, "EXEC") == b"*3\r\n:1\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n_\r\n"


def test_aborted_exec_runs_nothing(server: Server, conn: Connection, other: redis.Redis) -> None:
    raw(conn, "WATCH", "k")
    other.set("k", "theirs")
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "mine")
    assert raw(conn, "EXEC") == b"*-1\r\n"
    server.assert_key("k", "theirs")


def test_unchanged_watched_key_lets_exec_run(conn: Connection, other: redis.Redis) -> None:
    other.set("k", "1")
    raw(conn, "WATCH", "k")
    other.get("k")
    assert not aborted_by_watch(conn)


def test_write_to_another_key_lets_exec_run(conn: Connection, other: redis.Redis) -> None:
    raw(conn, "WATCH", "k")
    other.set("other", "1")
    assert not aborted_by_watch(conn)


def test_write_to_the_same_key_in_another_database_lets_exec_run(
    server: Server, conn: Connection
) -> None:
    raw(conn, "WATCH", "k")
    with server.client(db=1, protocol=2) as db1:
        db1.set("k", "1")
    assert not aborted_by_watch(conn)


def test_every_watcher_of_a_key_is_aborted(server: Server, other: redis.Redis) -> None:
    with Connection(server.host, server.port) as a, Connection(server.host, server.port) as b:
        raw(a, "WATCH", "k")
        raw(b, "WATCH", "k", "j")
        other.set("k", "1")
        assert aborted_by_watch(a)
        assert aborted_by_watch(b)


def test_exec_of_another_client_counts_as_a_write(server: Server, conn: Connection) -> None:
    raw(conn, "WATCH", "k")
    with Connection(server.host, server.port) as writer:
        raw(writer, "MULTI")
        raw(writer, "SET", "k", "1")
        raw(writer, "EXEC")
    assert aborted_by_watch(conn)


def test_delete_from_another_client_aborts_exec(conn: Connection, other: redis.Redis) -> None:
    other.set("k", "1")
    raw(conn, "WATCH", "k")
    other.delete("k")
    assert aborted_by_watch(conn)


def test_hash_write_aborts_exec(conn: Connection, other: redis.Redis) -> None:
    other.hset("h", "a", "1")
    raw(conn, "WATCH", "h")
    other.hset("h", "b", "2")
    assert aborted_by_watch(conn)


def test_expire_from_another_client_aborts_exec(conn: Connection, other: redis.Redis) -> None:
    other.set("k", "1")
    raw(conn, "WATCH", "k")
    other.expire("k", 100)
    assert aborted_by_watch(conn)


def test_flushall_aborts_exec_when_the_watched_key_existed(
    conn: Connection, other: redis.Redis
) -> None:
    other.set("k", "1")
    raw(conn, "WATCH", "k")
    other.flushall()
    assert aborted_by_watch(conn)


def test_flushall_lets_exec_run_when_the_watched_key_did_not_exist(
    conn: Connection, other: redis.Redis
) -> None:
    other.set("unrelated", "1")
    raw(conn, "WATCH", "k")
    other.flushall()
    assert not aborted_by_watch(conn)


def test_flushdb_aborts_exec_when_the_watched_key_existed(
    conn: Connection, other: redis.Redis
) -> None:
    other.set("k", "1")
    raw(conn, "WATCH", "k")
    other.flushdb()
    assert aborted_by_watch(conn)


def test_swapdb_aborts_exec_when_the_watched_key_comes_from_the_other_database(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    with server.client(db=1, protocol=2) as db1:
        db1.set("k", "1")
    raw(conn, "WATCH", "k")
    other.swapdb(0, 1)
    assert aborted_by_watch(conn)


def test_swapdb_counts_a_key_in_its_last_millisecond_as_present(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    with server.client(db=1, protocol=2) as db1:
        db1.set("k", "1", px=1000)
    raw(conn, "WATCH", "k")
    server.clock.advance(1)  # exactly its expiry time: not expired yet
    other.swapdb(0, 1)
    assert aborted_by_watch(conn)


def test_swapdb_lets_exec_run_when_the_watched_key_is_in_neither_database(
    conn: Connection, other: redis.Redis
) -> None:
    raw(conn, "WATCH", "k")
    other.swapdb(0, 1)
    assert not aborted_by_watch(conn)


def test_key_expiring_through_clock_advance_aborts_exec(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    other.set("k", "1", px=1500)
    raw(conn, "WATCH", "k")
    server.clock.advance(2)
    assert aborted_by_watch(conn)


def test_clock_advance_short_of_the_ttl_lets_exec_run(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    other.set("k", "1", ex=10)
    raw(conn, "WATCH", "k")
    server.clock.advance(9)
    assert not aborted_by_watch(conn)


def test_watched_key_whose_time_came_but_not_yet_purged_aborts_exec(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    # A ticking or system clock lets a key's time pass before any purge runs.
    other.set("k", "1", ex=100)
    raw(conn, "WATCH", "k")
    db = server.keyspace.dbs[0]
    with server.lock:
        db.expires[b"k"] = server.keyspace.now_ms() - 1  # due, nobody has looked
    assert aborted_by_watch(conn)


def test_watching_a_key_already_past_its_time_is_watching_a_missing_key(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    other.set("k", "1", ex=100)
    db = server.keyspace.dbs[0]
    with server.lock:
        db.expires[b"k"] = server.keyspace.now_ms() - 1  # due, nobody has looked
    raw(conn, "WATCH", "k")
    server.clock.advance(1)  # purges whatever is due: no change for this client
    assert not aborted_by_watch(conn)


def test_watch_is_no_access_to_the_key(server: Server, conn: Connection) -> None:
    raw(conn, "SET", "k", "v")
    server.clock.advance(10)
    raw(conn, "WATCH", "k")
    assert raw(conn, "OBJECT", "IDLETIME", "k") == b":10\r\n"


def test_own_write_before_multi_aborts_exec(conn: Connection) -> None:
    raw(conn, "WATCH", "k")
    raw(conn, "SET", "k", "1")
    assert aborted_by_watch(conn)


def test_write_inside_the_transaction_does_not_abort_it(conn: Connection) -> None:
    raw(conn, "WATCH", "k")
    raw(conn, "MULTI")
    raw(conn, "SET", "k", "1")
    assert raw(conn, "EXEC") == b"*1\r\n+OK\r\n"


def test_unwatch_forgets_the_keys(conn: Connection, other: redis.Redis) -> None:
    raw(conn, "WATCH", "k")
    assert raw(conn, "UNWATCH") == b"+OK\r\n"
    other.set("k", "1")
    assert not aborted_by_watch(conn)


def test_unwatch_after_a_change_clears_the_abort(conn: Connection, other: redis.Redis) -> None:
    raw(conn, "WATCH", "k")
    other.set("k", "1")
    raw(conn, "UNWATCH")
    assert not aborted_by_watch(conn)


def test_exec_unwatches_the_keys(conn: Connection, other: redis.Redis) -> None:
    raw(conn, "WATCH", "k")
    assert not aborted_by_watch(conn)
    other.set("k", "1")
    assert not aborted_by_watch(conn)


def test_discard_unwatches_the_keys(conn: Connection, other: redis.Redis) -> None:
    raw(conn, "WATCH", "k")
    raw(conn, "MULTI")
    raw(conn, "DISCARD")
    other.set("k", "1")
    assert not aborted_by_watch(conn)


def test_no_watch_left_behind_after_exec(server: Server, conn: Connection) -> None:
    raw(conn, "WATCH", "a", "b")
    assert server.keyspace.dbs[0].on_write is not None
    aborted_by_watch(conn)
    assert server.keyspace.dbs[0].on_write is None


def test_no_watch_left_behind_after_a_watched_write(
    server: Server, conn: Connection, other: redis.Redis
) -> None:
    raw(conn, "WATCH", "a", "b")
    other.set("a", "1")
    assert server.keyspace.dbs[0].on_write is None
    assert aborted_by_watch(conn)


def test_disconnect_drops_the_client_watches(server: Server) -> None:
    c = Connection(server.host, server.port)
    raw(c, "WATCH", "k")
    c.close()
    # The server notices the close on its loop; PING from another client syncs with it.
    with server.client(protocol=2) as r:
        for _ in range(100):
            r.ping()
            if server.keyspace.dbs[0].on_write is None:
                break
    assert server.keyspace.dbs[0].on_write is None


# -- redis-py --------------------------------------------------------------------------


def test_pipeline_is_a_transaction(server: Server, r: redis.Redis) -> None:
    with r.pipeline() as p:
        p.set("k", "1")
        p.incr("k")
        p.get("k")
        assert p.execute() == [True, 2, b"2"]


def test_pipeline_runtime_error_is_raised_after_the_rest_ran(
    server: Server, r: redis.Redis
) -> None:
    with r.pipeline() as p:
        p.set("k", "text")
        p.incr("k")
        p.set("after", "1")
        with pytest.raises(redis.ResponseError, match="not an integer"):
            p.execute()
    server.assert_key("after", "1")


def test_pipeline_runtime_error_can_be_returned(r: redis.Redis) -> None:
    with r.pipeline() as p:
        p.set("k", "text")
        p.incr("k")
        result = p.execute(raise_on_error=False)
    assert result[0] is True
    assert isinstance(result[1], redis.ResponseError)


def test_pipeline_with_an_unknown_command_runs_nothing(server: Server, r: redis.Redis) -> None:
    with r.pipeline() as p:
        p.set("k", "1")
        p.execute_command("NOSUCHCOMMAND")
        with pytest.raises(redis.ResponseError):
            p.execute()
    server.assert_no_key("k")


def test_pipeline_hgetall_in_a_transaction(r: redis.Redis) -> None:
    with r.pipeline() as p:
        p.hset("h", mapping={"a": "1"})
        p.hgetall("h")
        assert p.execute() == [1, {b"a": b"1"}]


def test_pipeline_watch_raises_watch_error_after_a_concurrent_write(
    r: redis.Redis, other: redis.Redis
) -> None:
    with r.pipeline() as p:
        p.watch("k")
        other.set("k", "theirs")
        p.multi()
        p.set("k", "mine")
        with pytest.raises(redis.WatchError):
            p.execute()


def test_transaction_retries_after_a_concurrent_write(
    server: Server, r: redis.Redis, other: redis.Redis
) -> None:
    other.set("counter", "10")
    attempts: list[int] = []

    def double(pipe: redis.client.Pipeline) -> None:
        value = int(pipe.get("counter"))
        if not attempts:
            other.set("counter", "20")  # someone else gets in between
        attempts.append(value)
        pipe.multi()
        pipe.set("counter", value * 2)

    r.transaction(double, "counter")
    assert attempts == [10, 20]
    server.assert_key("counter", "40")


def test_transaction_under_contention_loses_no_update(server: Server) -> None:
    server.client(protocol=2).set("n", "0")

    def worker() -> None:
        client = server.client(protocol=2)

        def incr(pipe: redis.client.Pipeline) -> None:
            value = int(pipe.get("n"))
            pipe.multi()
            pipe.set("n", value + 1)

        for _ in range(25):
            client.transaction(incr, "n")
        client.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.assert_key("n", "100")
