"""INFO, CONFIG, COMMAND, TIME, LASTSAVE, SAVE, BGSAVE and DEBUG."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
import redis

from redistill import Server
from redistill.config import REDIS_VERSION, Config, parse_memory
from redistill.registry import COMMANDS
from tests.conformance.resp import Connection


@pytest.fixture
def conn(server: Server) -> Iterator[Connection]:
    """A raw RESP connection: replies compared byte for byte."""
    with Connection(server.host, server.port, timeout=5) as c:
        yield c


def raw(c: Connection, *args: str | bytes) -> bytes:
    return c.command(*args).raw


def info(c: Connection, *sections: str) -> str:
    node = c.command("INFO", *sections).node
    payload: bytes = node[1]
    return (payload[4:] if node[0] == "=" else payload).decode()


def info_fields(c: Connection, *sections: str) -> dict[str, str]:
    out = {}
    for line in info(c, *sections).split("\r\n"):
        if line and not line.startswith("#"):
            key, value = line.split(":", 1)
            out[key] = value
    return out


def plain(server: Server, protocol: int = 2) -> redis.Redis:
    """A redis-py client that hands COMMAND replies back unparsed."""
    client = server.client(protocol=protocol, decode_responses=protocol == 3)
    client.set_response_callback("COMMAND", lambda response, **options: response)
    return client


def headers(text: str) -> list[str]:
    return [line for line in text.split("\r\n") if line.startswith("# ")]


# ---------------------------------------------------------------------------
# INFO: structure

_DEFAULT = [
    "# Server",
    "# Clients",
    "# Memory",
    "# Persistence",
    "# Stats",
    "# Replication",
    "# CPU",
    "# Modules",
    "# Errorstats",
    "# Cluster",
    "# Keyspace",
]


def test_info_without_arguments_shows_the_default_sections_in_order(conn: Connection) -> None:
    assert headers(info(conn)) == _DEFAULT


def test_info_default_is_the_same_as_no_argument(conn: Connection) -> None:
    assert headers(info(conn, "default")) == _DEFAULT


def test_info_all_adds_commandstats_and_latencystats(conn: Connection) -> None:
    assert headers(info(conn, "all")) == [
        *_DEFAULT[:8],
        "# Commandstats",
        "# Errorstats",
        "# Latencystats",
        "# Cluster",
        "# Keyspace",
    ]


def test_info_sections_keep_redis_order_whatever_the_argument_order(conn: Connection) -> None:
    assert headers(info(conn, "keyspace", "SERVER", "clients")) == [
        "# Server",
        "# Clients",
        "# Keyspace",
    ]


def test_info_of_an_unknown_section_is_empty(conn: Connection) -> None:
    assert raw(conn, "INFO", "nosuch") == b"$0\r\n\r\n"


def test_info_sections_are_separated_by_a_blank_line(conn: Connection) -> None:
    assert info(conn, "cluster", "keyspace") == (
        "# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n"
    )


def test_info_is_a_verbatim_string_in_resp3(conn: Connection) -> None:
    conn.command("HELLO", "3")
    assert raw(conn, "INFO", "cluster") == b"=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n"


def test_info_parses_with_redis_py(r: redis.Redis) -> None:
    parsed = r.info()
    assert parsed["redis_version"] == REDIS_VERSION
    assert parsed["connected_clients"] == 1


# ---------------------------------------------------------------------------
# INFO: true values


def test_info_server_reports_version_port_and_mode(server: Server, conn: Connection) -> None:
    fields = info_fields(conn, "server")
    assert fields["redis_version"] == REDIS_VERSION
    assert fields["tcp_port"] == str(server.port)
    assert fields["redis_mode"] == "standalone"
    assert fields["listener0"] == f"name=tcp,bind={server.host},port={server.port}"


def test_info_run_id_is_stable_per_server_and_differs_between_servers(conn: Connection) -> None:
    run_id = info_fields(conn, "server")["run_id"]
    assert re.fullmatch("[0-9a-f]{40}", run_id)
    assert info_fields(conn, "server")["run_id"] == run_id
    with Server() as other, Connection(other.host, other.port) as c2:
        assert info_fields(c2, "server")["run_id"] != run_id


def test_info_uptime_follows_the_virtual_clock(server: Server, conn: Connection) -> None:
    assert info_fields(conn, "server")["uptime_in_seconds"] == "0"
    server.clock.advance(2 * 86400 + 5)
    fields = info_fields(conn, "server")
    assert (fields["uptime_in_seconds"], fields["uptime_in_days"]) == ("172805", "2")


def test_info_server_time_is_the_clock_time(server: Server, conn: Connection) -> None:
    assert info_fields(conn, "server")["server_time_usec"] == str(server.clock.time_us())


def test_info_counts_connected_clients(server: Server, conn: Connection) -> None:
    with Connection(server.host, server.port), Connection(server.host, server.port):
        assert info_fields(conn, "clients")["connected_clients"] == "3"
    assert info_fields(conn, "clients")["maxclients"] == "10000"


def test_info_keyspace_lists_databases_with_keys(server: Server, conn: Connection) -> None:
    raw(conn, "SET", "a", "1")
    raw(conn, "SET", "b", "2")
    raw(conn, "SELECT", "3")
    raw(conn, "SET", "c", "3")
    assert info(conn, "keyspace") == (
        "# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n"
    )


def test_info_keyspace_avg_ttl_is_the_mean_time_left(server: Server, conn: Connection) -> None:
    raw(conn, "SET", "a", "1", "EX", "100")
    raw(conn, "SET", "b", "2", "EX", "300")
    raw(conn, "SET", "c", "3")
    assert "db0:keys=3,expires=2,avg_ttl=200000" in info(conn, "keyspace")
    server.clock.advance(50)
    assert "db0:keys=3,expires=2,avg_ttl=150000" in info(conn, "keyspace")


def test_info_counts_keys_expired_by_the_clock(server: Server, conn: Connection) -> None:
    raw(conn, "SET", "a", "1", "EX", "10")
    server.clock.advance(11)
    assert info_fields(conn, "stats")["expired_keys"] == "1"
    assert info(conn, "keyspace") == "# Keyspace\r\n"


def test_info_total_commands_processed_excludes_the_running_info(conn: Connection) -> None:
    raw(conn, "CONFIG", "RESETSTAT")
    raw(conn, "PING")
    raw(conn, "PING")
    assert info_fields(conn, "stats")["total_commands_processed"] == "3"


def test_info_counts_connections_received(server: Server, conn: Connection) -> None:
    with Connection(server.host, server.port):
        pass
    assert info_fields(conn, "stats")["total_connections_received"] == "2"


def test_info_exposes_keyspace_hits_and_misses(server: Server, conn: Connection) -> None:
    server.keyspace.stats.keyspace_hits = 7
    server.keyspace.stats.keyspace_misses = 3
    fields = info_fields(conn, "stats")
    assert (fields["keyspace_hits"], fields["keyspace_misses"]) == ("7", "3")


def test_info_commandstats_counts_calls_failures_and_rejections(conn: Connection) -> None:
    raw(conn, "CONFIG", "RESETSTAT")
    raw(conn, "SELECT", "1")
    raw(conn, "SELECT", "x")
    raw(conn, "SELECT")
    raw(conn, "CLIENT", "ID", "extra")
    text = info(conn, "commandstats")
    assert "cmdstat_select:calls=2,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=1" in (
        text
    )
    assert (
        "cmdstat_client|id:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0"
        in (text)
    )
    assert "cmdstat_info:" not in text


def test_info_errorstats_counts_error_codes(conn: Connection) -> None:
    raw(conn, "CONFIG", "RESETSTAT")
    raw(conn, "GET")
    raw(conn, "SELECT", "x")
    raw(conn, "HELLO", "9")
    assert info(conn, "errorstats") == (
        "# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n"
    )
    assert info_fields(conn, "stats")["total_error_replies"] == "3"


def test_info_memory_grows_with_the_dataset(conn: Connection) -> None:
    before = int(info_fields(conn, "memory")["used_memory"])
    for i in range(100):
        raw(conn, "SET", f"k{i}", "v")
    after = info_fields(conn, "memory")
    assert int(after["used_memory"]) > before
    assert after["maxmemory_policy"] == "noeviction"


def test_info_memory_reports_maxmemory_from_config(conn: Connection) -> None:
    raw(conn, "CONFIG", "SET", "maxmemory", "2mb")
    fields = info_fields(conn, "memory")
    assert (fields["maxmemory"], fields["maxmemory_human"]) == ("2097152", "2.00M")


def test_info_persistence_reports_the_last_save(server: Server, conn: Connection) -> None:
    server.clock.advance(100)
    raw(conn, "SAVE")
    fields = info_fields(conn, "persistence")
    assert fields["rdb_last_save_time"] == str(int(server.clock.time()))
    assert fields["rdb_saves"] == "1"


def test_config_resetstat_zeroes_the_counters(conn: Connection) -> None:
    raw(conn, "GET")
    assert raw(conn, "CONFIG", "RESETSTAT") == b"+OK\r\n"
    fields = info_fields(conn, "stats")
    assert fields["total_error_replies"] == "0"
    assert fields["total_connections_received"] == "0"
    assert fields["total_commands_processed"] == "1"


# ---------------------------------------------------------------------------
# CONFIG GET


def test_config_get_one_parameter(r: redis.Redis) -> None:
    assert r.config_get("maxmemory") in ({b"maxmemory": b"0"}, {"maxmemory": "0"})


def test_config_get_keeps_the_name_as_typed(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "GET", "MaxMemory") == b"*2\r\n$9\r\nMaxMemory\r\n$1\r\n0\r\n"


def test_config_get_a_glob_matches_without_case(server: Server) -> None:
    got = server.client(protocol=3, decode_responses=True).config_get("MAXMEMORY-P*")
    assert got == {"maxmemory-policy": "noeviction"}


def test_config_get_globs_include_aliases(server: Server) -> None:
    got = server.client(protocol=3, decode_responses=True).config_get("hash-max-*-entries")
    assert got == {"hash-max-listpack-entries": "512", "hash-max-ziplist-entries": "512"}


def test_config_get_several_patterns_lists_each_parameter_once(server: Server) -> None:
    r = server.client(protocol=3, decode_responses=True)
    got = r.execute_command("CONFIG", "GET", "timeout", "time*", "timeout")
    assert got == {"timeout": "0"}


def test_config_get_an_unknown_parameter_is_empty(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "GET", "nosuch") == b"*0\r\n"


def test_config_get_is_a_map_in_resp3(conn: Connection) -> None:
    conn.command("HELLO", "3")
    assert raw(conn, "CONFIG", "GET", "timeout") == b"%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n"


def test_config_get_port_is_the_listening_port(server: Server) -> None:
    r = server.client(protocol=3, decode_responses=True)
    assert r.config_get("port") == {"port": str(server.port)}


def test_config_get_star_lists_every_parameter(server: Server) -> None:
    r = server.client(protocol=3, decode_responses=True)
    everything = r.config_get("*")
    assert len(everything) > 190
    assert everything["save"] == ""
    assert everything["appendonly"] == "no"


# ---------------------------------------------------------------------------
# CONFIG SET


def test_config_set_then_get(server: Server) -> None:
    r = server.client(protocol=3, decode_responses=True)
    assert r.config_set("maxmemory-policy", "allkeys-lru") is True
    assert r.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}


def test_a_servers_config_changes_stay_its_own() -> None:
    first, second = Config(), Config()
    first.set_initial("maxmemory-policy", b"allkeys-lru")
    first.config_set([(b"hash-max-ziplist-entries", b"7"), (b"maxmemory", b"1mb")])
    assert first.get("maxmemory-policy") == b"allkeys-lru"
    assert first.get("HASH-MAX-LISTPACK-ENTRIES") == b"7"  # (any case, and the alias)
    assert first.get_int("maxmemory") == 1048576
    assert second.get("maxmemory-policy") == b"noeviction"
    assert second.get("hash-max-ziplist-entries") == b"512"
    assert Config().get_int("maxmemory") == 0
    with pytest.raises(KeyError):
        first.get("no-such-parameter")


def test_config_set_several_parameters_at_once(server: Server) -> None:
    r = server.client(protocol=3, decode_responses=True)
    r.execute_command("CONFIG", "SET", "maxmemory", "1mb", "maxmemory-policy", "ALLKEYS-LFU")
    assert r.config_get("maxmemory") == {"maxmemory": "1048576"}
    assert r.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lfu"}


def test_config_set_is_all_or_nothing(server: Server, conn: Connection) -> None:
    reply = raw(conn, "CONFIG", "SET", "maxmemory", "1mb", "maxmemory-policy", "nope")
    assert reply.startswith(b"-ERR CONFIG SET failed (possibly related to argument ")
    assert server.config.get("maxmemory") == b"0"


def test_config_set_an_unknown_parameter(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "SET", "nosuch", "1") == (
        b"-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n"
    )


def test_config_set_with_a_dangling_name_is_a_syntax_error(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "SET", "maxmemory", "1", "hz") == b"-ERR syntax error\r\n"


def test_config_set_the_same_parameter_twice(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "SET", "hz", "5", "HZ", "6") == (
        b"-ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter\r\n"
    )


def test_config_set_a_parameter_and_its_alias_together(server: Server, conn: Connection) -> None:
    reply = raw(
        conn, "CONFIG", "SET", "hash-max-ziplist-entries", "100", "hash-max-listpack-entries", "7"
    )
    assert reply == b"+OK\r\n"
    assert server.config.get("hash-max-ziplist-entries") == b"7"


def test_config_set_an_immutable_parameter(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "SET", "databases", "2") == (
        b"-ERR CONFIG SET failed (possibly related to argument 'databases')"
        b" - can't set immutable config\r\n"
    )


def test_config_set_a_protected_parameter(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "SET", "dir", "/tmp") == (
        b"-ERR CONFIG SET failed (possibly related to argument 'dir')"
        b" - can't set protected config\r\n"
    )


def test_config_set_names_are_checked_before_values(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "SET", "maxmemory", "bad", "nosuch", "1") == (
        b"-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n"
    )


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("maxmemory", "1.5mb", "argument must be a memory value"),
        ("maxmemory", "-1", "argument must be a memory value"),
        ("hz", "+5", "argument couldn't be parsed into an integer"),
        ("hz", "05", "argument couldn't be parsed into an integer"),
        ("timeout", "-1", "argument must be between 0 and 2147483647 inclusive"),
        ("maxclients", "0", "argument must be between 1 and 4294967295 inclusive"),
        ("appendonly", "maybe", "argument must be 'yes' or 'no'"),
        (
            "appendfsync",
            "sometimes",
            "argument(s) must be one of the following: everysec, always, no",
        ),
        ("maxmemory-clients", "200%", "percentage argument must be less or equal to 100"),
        ("save", "100", "Invalid save parameters"),
        ("notify-keyspace-events", "Q", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
    ],
)
def test_config_set_refuses_bad_values_with_redis_words(
    conn: Connection, name: str, value: str, why: str
) -> None:
    expected = f"-ERR CONFIG SET failed (possibly related to argument '{name}') - {why}\r\n"
    assert raw(conn, "CONFIG", "SET", name, value) == expected.encode()


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("maxmemory", "1k", "1000"),
        ("maxmemory", "1KB", "1024"),
        ("maxmemory", "5gb", "5368709120"),
        ("hz", "1000", "500"),
        ("hz", "0", "1"),
        ("appendonly", "YES", "yes"),
        ("maxmemory-policy", "VOLATILE-TTL", "volatile-ttl"),
        ("maxmemory-clients", "10%", "10%"),
        ("notify-keyspace-events", "KEA", "AKE"),
        ("notify-keyspace-events", "Ex$", "$xE"),
        ("save", "100 10 200 20", "100 10 200 20"),
        ("list-max-ziplist-size", "-3", "-3"),
        ("oom-score-adj", "relative", "yes"),
        ("latency-tracking-info-percentiles", "50.0 99.50", "50 99.5"),
        (
            "client-output-buffer-limit",
            "replica 1kb 2mb 3",
            "normal 0 0 0 slave 1024 2097152 3 pubsub 33554432 8388608 60",
        ),
    ],
)
def test_config_set_stores_values_as_redis_shows_them(
    server: Server, name: str, value: str, stored: str
) -> None:
    r = server.client(protocol=3, decode_responses=True)
    r.config_set(name, value)
    assert r.config_get(name) == {name: stored}


def test_config_set_maxclients_limits_new_connections(server: Server, conn: Connection) -> None:
    raw(conn, "CONFIG", "SET", "maxclients", "1")
    with Connection(server.host, server.port) as extra:
        assert extra.command("PING").raw == b"-ERR max number of clients reached\r\n"


def test_config_rewrite_needs_a_config_file(conn: Connection) -> None:
    assert raw(conn, "CONFIG", "REWRITE") == b"-ERR The server is running without a config file\r\n"


def test_config_help_lists_the_subcommands(conn: Connection) -> None:
    lines = [item[1] for item in conn.command("CONFIG", "HELP").node[1]]
    assert lines[0] == b"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    assert lines[1:9:2] == [b"GET <pattern>", b"SET <directive> <value>", b"RESETSTAT", b"REWRITE"]


def test_server_config_is_validated_at_start() -> None:
    with pytest.raises(ValueError, match="maxmemory"):
        Server(config={"maxmemory": "lots"})


def test_server_config_sets_initial_values() -> None:
    with Server(config={"maxmemory": "1mb", "notify-keyspace-events": "Ex"}) as s:
        assert s.config.get("maxmemory") == b"1048576"
        assert s.config.get("notify-keyspace-events") == b"xE"


def test_parse_memory_follows_redis_units() -> None:
    assert [parse_memory(v) for v in (b"10", b"1k", b"1kb", b"1m", b"1MB", b"1g", b"1gb")] == [
        10,
        1000,
        1024,
        10**6,
        2**20,
        10**9,
        2**30,
    ]
    assert parse_memory(b"1.5k") is None
    assert parse_memory(b"-1") is None


def test_every_table_alias_points_at_a_parameter() -> None:
    config = Config()
    for name, value in config.items():
        assert value == config.get(name)


# ---------------------------------------------------------------------------
# COMMAND


def test_command_info_of_get_has_the_redis_7_layout(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "INFO", "get") == (
        b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
        b"*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n"
        b"*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n"
        b"$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n"
        b"$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n"
        b"$5\r\nlimit\r\n:0\r\n*0\r\n"
    )


def test_command_info_uses_sets_and_maps_in_resp3(conn: Connection) -> None:
    conn.command("HELLO", "3")
    assert raw(conn, "COMMAND", "INFO", "ping") == (
        b"*1\r\n*10\r\n$4\r\nping\r\n:-1\r\n~1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n"
        b"~2\r\n+@fast\r\n+@connection\r\n~2\r\n$25\r\nrequest_policy:all_shards\r\n"
        b"$29\r\nresponse_policy:all_succeeded\r\n~0\r\n~0\r\n"
    )


def test_command_info_of_an_unknown_command_is_null(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "INFO", "nosuch", "client|nosuch") == b"*2\r\n$-1\r\n$-1\r\n"


def test_command_info_of_a_subcommand_by_full_name(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "INFO", "CLIENT|ID") == (
        b"*1\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n"
        b":0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n"
    )


def test_command_info_of_a_container_lists_its_subcommands(conn: Connection) -> None:
    entry = conn.command("COMMAND", "INFO", "config").node[1][0][1]
    assert entry[0] == ("$", b"config")
    assert entry[6] == ("*", [("+", b"@slow")])
    names = sorted(sub[1][0][1] for sub in entry[9][1])
    assert names == [
        b"config|get",
        b"config|help",
        b"config|resetstat",
        b"config|rewrite",
        b"config|set",
    ]


def test_command_without_arguments_describes_every_command(server: Server) -> None:
    r = plain(server)
    described = r.execute_command("COMMAND")
    count = r.execute_command("COMMAND", "COUNT")
    assert len(described) == count == len({id(c) for c in server.commands_table.values()})


def test_command_count_with_an_argument(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "COUNT", "x") == (
        b"-ERR wrong number of arguments for 'command|count' command\r\n"
    )


def test_command_docs_of_quit_show_its_deprecation(server: Server) -> None:
    docs = plain(server, 3).execute_command("COMMAND", "DOCS", "quit")["quit"]
    assert list(docs["doc_flags"]) == ["deprecated"]
    del docs["doc_flags"]
    assert docs == {
        "summary": "Closes the connection.",
        "since": "1.0.0",
        "group": "connection",
        "complexity": "O(1)",
        "deprecated_since": "7.2.0",
        "replaced_by": "just closing the connection",
    }


def test_command_docs_of_a_container_has_subcommand_docs(server: Server) -> None:
    docs = plain(server, 3).execute_command("COMMAND", "DOCS", "config")["config"]
    assert docs["summary"] == "A container for server configuration commands."
    assert docs["subcommands"]["config|get"]["summary"] == (
        "Returns the effective values of configuration parameters."
    )


def test_command_docs_skips_unknown_commands(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "DOCS", "nosuch") == b"*0\r\n"


def test_command_list_includes_subcommands(server: Server) -> None:
    names = plain(server).execute_command("COMMAND", "LIST")
    assert b"ping" in names and b"client|list" in names and b"command" in names


def test_command_list_filtered_by_pattern(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "LIST", "FILTERBY", "PATTERN", "ECH*") == b"*1\r\n$4\r\necho\r\n"


def test_command_list_filtered_by_category(server: Server) -> None:
    names = plain(server).execute_command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection")
    assert {b"ping", b"auth", b"client|list", b"command|info"} <= set(names)
    assert b"info" not in names


def test_command_list_filter_errors(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "LIST", "FILTERBY", "color", "red") == b"-ERR syntax error\r\n"
    assert raw(conn, "COMMAND", "LIST", "FILTERBY", "pattern") == b"-ERR syntax error\r\n"
    assert raw(conn, "COMMAND", "LIST", "FILTERBY", "module", "json") == b"*0\r\n"


def test_command_getkeys_finds_the_keys(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "GETKEYS", "GET", "user:1") == b"*1\r\n$6\r\nuser:1\r\n"


def test_command_getkeysandflags_adds_the_access_flags(conn: Connection) -> None:
    assert raw(conn, "COMMAND", "GETKEYSANDFLAGS", "get", "k") == (
        b"*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"
    )


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("nosuch", "a"), b"Invalid command specified"),
        (("ping", "a"), b"The command has no key arguments"),
        (("get", "a", "b"), b"Invalid number of arguments specified for command"),
        (("client", "list"), b"The command has no key arguments"),
    ],
)
def test_command_getkeys_errors(conn: Connection, args: tuple[str, ...], error: bytes) -> None:
    assert raw(conn, "COMMAND", "GETKEYS", *args) == b"-ERR " + error + b"\r\n"


def test_command_help_lists_the_subcommands(conn: Connection) -> None:
    lines = [item[1] for item in conn.command("COMMAND", "HELP").node[1]]
    assert lines[0] == b"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    assert b"GETKEYSANDFLAGS <full-command>" in lines


def test_every_registered_command_renders_in_command_info(server: Server) -> None:
    r = plain(server, 3)
    assert len(r.execute_command("COMMAND", "INFO", *COMMANDS)) == len(COMMANDS)
    assert r.execute_command("COMMAND", "DOCS")


# ---------------------------------------------------------------------------
# TIME / LASTSAVE / SAVE / BGSAVE / DEBUG


def test_time_reads_the_server_clock(server: Server, conn: Connection) -> None:
    server.clock.set(1_700_000_000.25)
    assert raw(conn, "TIME") == b"*2\r\n$10\r\n1700000000\r\n$6\r\n250000\r\n"


def test_time_moves_with_the_clock(server: Server, r: redis.Redis) -> None:
    before = r.time()
    server.clock.advance(90)
    assert r.time()[0] == before[0] + 90


def test_lastsave_starts_at_server_start(server: Server, r: redis.Redis) -> None:
    started = int(server.clock.time())
    server.clock.advance(500)
    assert r.lastsave().timestamp() == started


def test_save_records_the_save_time(server: Server, conn: Connection) -> None:
    server.clock.advance(500)
    assert raw(conn, "SAVE") == b"+OK\r\n"
    assert conn.command("LASTSAVE").node == (":", int(server.clock.time()))


def test_bgsave_answers_background_saving_started(server: Server, conn: Connection) -> None:
    server.clock.advance(60)
    assert raw(conn, "BGSAVE") == b"+Background saving started\r\n"
    assert raw(conn, "BGSAVE", "SCHEDULE") == b"+Background saving started\r\n"
    assert conn.command("LASTSAVE").node == (":", int(server.clock.time()))


def test_bgsave_with_an_unknown_option(conn: Connection) -> None:
    assert raw(conn, "BGSAVE", "NOW") == b"-ERR syntax error\r\n"


def test_save_is_refused_inside_multi(conn: Connection) -> None:
    raw(conn, "MULTI")
    assert raw(conn, "SAVE") == b"-ERR Command not allowed inside a transaction\r\n"


def test_debug_is_refused_by_default(conn: Connection) -> None:
    assert raw(conn, "DEBUG", "SLEEP", "0").startswith(b"-ERR DEBUG command not allowed.")


def test_debug_sleep_when_enabled() -> None:
    with Server(config={"enable-debug-command": "yes"}) as s, Connection(s.host, s.port) as c:
        assert raw(c, "DEBUG", "SLEEP", "0") == b"+OK\r\n"
        assert raw(c, "DEBUG", "NOSUCH") == (
            b"-ERR unknown subcommand or wrong number of arguments for 'NOSUCH'."
            b" Try DEBUG HELP.\r\n"
        )


def test_a_handler_bug_answers_an_error_and_the_server_goes_on(
    server: Server, conn: Connection, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(c: object, argv: list[bytes]) -> bytes:
        raise RuntimeError("boom")

    # The command table is shared by servers of a profile: this one gets a copy.
    table = dict(server.commands_table)
    table[b"get"] = table[b"GET"] = dataclasses.replace(table[b"get"], handler=broken)
    server._table = table
    raw(conn, "CONFIG", "RESETSTAT")
    expected = b"-ERR internal error in redistill: RuntimeError('boom')\r\n"
    assert raw(conn, "GET", "k") == expected
    raw(conn, "MULTI")
    raw(conn, "GET", "k")
    assert raw(conn, "EXEC") == b"*1\r\n" + expected  # (EXEC runs it through call())
    assert raw(conn, "PING") == b"+PONG\r\n"
    assert "cmdstat_get:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=2" in (
        info(conn, "commandstats")
    )
    assert info_fields(conn, "stats")["total_error_replies"] == "2"
    assert [r.getMessage() for r in caplog.records].count(
        "internal error running [b'GET', b'k']"
    ) == 2
    error = "ERR internal error in redistill: RuntimeError('boom')"
    assert [c.error for c in server.calls("GET")] == [error, error]  # in the command log
