"""100 requests per hour per address (INCR + EXPIRE NX in a pipeline); the 101st gets 429."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from redistill import Server, VirtualClock

KEY = "ratelimit:127.0.0.1"


@pytest.fixture(autouse=True)
def user(redistill_server: Server) -> None:
    redistill_server.load({"user:1": {"name": "Ada"}})


def spend(client: FlaskClient, n: int) -> list[int]:
    return [client.get("/api/users/1").status_code for _ in range(n)]


def test_the_first_100_requests_in_an_hour_are_served(client: FlaskClient) -> None:
    assert spend(client, 100) == [200] * 100


def test_request_101_is_refused_with_429_and_retry_after(
    client: FlaskClient, redistill_server: Server
) -> None:
    spend(client, 100)
    response = client.get("/api/users/1")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    assert response.json == {"error": "rate limit exceeded", "retry_after": 3600}
    redistill_server.assert_key(KEY, value="101", ttl=3600)


def test_the_window_starts_at_the_first_request_and_does_not_slide(
    client: FlaskClient, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    spend(client, 1)
    redistill_clock.advance(1800)
    spend(client, 1)
    redistill_server.assert_key(KEY, value="2", ttl=1800)


def test_requests_are_allowed_again_once_the_hour_passes(
    client: FlaskClient, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    spend(client, 101)
    redistill_clock.advance(3601)  # past the window (Redis keeps a key through its last ms)
    redistill_server.assert_no_key(KEY)
    assert client.get("/api/users/1").status_code == 200
    redistill_server.assert_key(KEY, value="1", ttl=3600)


def test_still_refused_one_second_before_the_hour_ends(
    client: FlaskClient, redistill_clock: VirtualClock
) -> None:
    spend(client, 100)
    redistill_clock.advance(3599)
    response = client.get("/api/users/1")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"


def test_each_address_has_its_own_budget(client: FlaskClient, redistill_server: Server) -> None:
    spend(client, 101)
    other = client.get("/api/users/1", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200
    redistill_server.assert_key("ratelimit:10.0.0.2", value="1", ttl=3600)
