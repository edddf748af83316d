"""User profiles live in hashes: HSET with a mapping, HGET one field, HGETALL the lot."""

from __future__ import annotations

import random

import pytest
from flask.testing import FlaskClient
from redistill import Server

SIZES = {"256 B": 256, "10 KB": 10 * 1024, "200 KB": 200 * 1024}


def test_saving_a_profile_stores_a_hash_without_ttl(
    client: FlaskClient, redistill_server: Server
) -> None:
    response = client.put("/api/users/7", json={"name": "Ada", "email": "ada@example.com"})
    assert response.status_code == 200
    redistill_server.assert_hash("user:7", {"name": "Ada", "email": "ada@example.com"})
    redistill_server.assert_persistent("user:7")


def test_saving_again_updates_only_the_fields_sent(
    client: FlaskClient, redistill_server: Server
) -> None:
    client.put("/api/users/7", json={"name": "Ada", "email": "ada@example.com"})
    client.put("/api/users/7", json={"email": "ada@lovelace.org"})
    redistill_server.assert_hash("user:7", {"name": "Ada", "email": "ada@lovelace.org"})


def test_a_profile_needs_at_least_one_known_field(
    client: FlaskClient, redistill_server: Server
) -> None:
    assert client.put("/api/users/7", json={"age": 36}).status_code == 400
    redistill_server.assert_no_key("user:7")


def test_one_field_is_read_with_hget(client: FlaskClient, redistill_server: Server) -> None:
    redistill_server.load({"user:7": {"name": "Ada", "email": "ada@example.com"}})
    assert client.get("/api/users/7/email").json == {"email": "ada@example.com"}


def test_the_whole_profile_is_read_with_hgetall(
    client: FlaskClient, redistill_server: Server
) -> None:
    redistill_server.load({"user:7": {"name": "Ada", "email": "ada@example.com", "bio": "x"}})
    assert client.get("/api/users/7").json == {
        "id": "7",
        "name": "Ada",
        "email": "ada@example.com",
        "bio": "x",
    }


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_text_fields_round_trip_exactly(
    client: FlaskClient, redistill_server: Server, size: int
) -> None:
    rng = random.Random(size)
    bio = "".join(rng.choice('abcdefghijklmnopqrstuvwxyz ÄÖÜß€\n"\\') for _ in range(size))
    client.put("/api/users/7", json={"name": "Ada", "bio": bio})
    redistill_server.assert_hash("user:7", {"name": "Ada", "bio": bio})
    assert client.get("/api/users/7").json["bio"] == bio  # a MISS, read from the hash
    assert client.get("/api/users/7").json["bio"] == bio  # a HIT, read from the cached JSON


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_binary_values_round_trip_byte_exact(
    client: FlaskClient, redistill_server: Server, size: int
) -> None:
    avatar = random.Random(size).randbytes(size)
    assert client.put("/api/users/7/avatar", data=avatar).status_code == 204
    assert redistill_server.get("user:7")["avatar"] == avatar
    response = client.get("/api/users/7/avatar")
    assert response.status_code == 200
    assert response.data == avatar
