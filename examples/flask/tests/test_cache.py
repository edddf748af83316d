"""cache_response(ttl=300): MISS, then HIT, then MISS again once 300 s pass on the server clock."""

from __future__ import annotations

import json

import redis
from flask.testing import FlaskClient
from redistill import Server, VirtualClock


def add_user(server: Server, user_id: str = "42", **fields: str) -> None:
    server.load({f"user:{user_id}": {"name": "Ada", "email": "ada@example.com", **fields}})


def test_first_request_is_a_miss_and_the_second_a_hit(
    client: FlaskClient, redistill_server: Server
) -> None:
    add_user(redistill_server)
    first = client.get("/api/users/42")
    second = client.get("/api/users/42")
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert first.json == second.json == {"id": "42", "name": "Ada", "email": "ada@example.com"}


def test_the_response_is_stored_as_json_for_exactly_300_seconds(
    client: FlaskClient, redistill_server: Server
) -> None:
    add_user(redistill_server)
    client.get("/api/users/42")
    redistill_server.assert_key("api:get_user:42", type="string", ttl=300)
    cached = json.loads(redistill_server.get("api:get_user:42"))
    assert cached == {"id": "42", "name": "Ada", "email": "ada@example.com"}


def test_the_cache_expires_after_300_seconds_on_the_server_clock(
    client: FlaskClient, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    add_user(redistill_server)
    assert client.get("/api/users/42").headers["X-Cache"] == "MISS"
    assert client.get("/api/users/42").headers["X-Cache"] == "HIT"
    redistill_clock.advance(301)
    redistill_server.assert_no_key("api:get_user:42")
    assert client.get("/api/users/42").headers["X-Cache"] == "MISS"


def test_the_cache_still_hits_one_millisecond_before_expiry(
    client: FlaskClient, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    add_user(redistill_server)
    client.get("/api/users/42")
    redistill_clock.advance(299.999)
    redistill_server.assert_ttl("api:get_user:42", 0.001)
    assert client.get("/api/users/42").headers["X-Cache"] == "HIT"


def test_a_hit_serves_the_cached_copy_even_if_the_hash_changed(
    client: FlaskClient, redistill_server: Server, redistill_client: redis.Redis
) -> None:
    add_user(redistill_server)
    client.get("/api/users/42")
    redistill_client.hset("user:42", "name", "Grace")
    assert client.get("/api/users/42").json["name"] == "Ada"


def test_updating_a_profile_drops_its_cached_copy(
    client: FlaskClient, redistill_server: Server
) -> None:
    add_user(redistill_server)
    client.get("/api/users/42")
    client.put("/api/users/42", json={"name": "Grace"})
    redistill_server.assert_no_key("api:get_user:42")
    response = client.get("/api/users/42")
    assert response.headers["X-Cache"] == "MISS"
    assert response.json["name"] == "Grace"


def test_a_missing_user_is_not_cached(client: FlaskClient, redistill_server: Server) -> None:
    assert client.get("/api/users/404").status_code == 404
    redistill_server.assert_no_key("api:get_user:404")


def test_each_argument_gets_its_own_key(client: FlaskClient, redistill_server: Server) -> None:
    add_user(redistill_server, "1")
    add_user(redistill_server, "2")
    client.get("/api/users/1")
    client.get("/api/users/2")
    redistill_server.assert_keys("api:*", ["api:get_user:1", "api:get_user:2"])
