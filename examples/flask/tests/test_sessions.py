"""Flask-Session with SESSION_TYPE="redis": sessions are session:<id> keys that
live 30 minutes on the server's clock."""

from __future__ import annotations

from flask.testing import FlaskClient
from redistill import Server, VirtualClock

LIFETIME = 30 * 60


def login(client: FlaskClient, username: str = "ada") -> str:
    """Log in and return the session's key on the server."""
    assert client.post("/login", json={"username": username}).status_code == 200
    cookie = client.get_cookie("session")
    assert cookie is not None
    return f"session:{cookie.value}"


def test_login_stores_the_session_with_its_lifetime_as_ttl(
    client: FlaskClient, redistill_server: Server
) -> None:
    key = login(client)
    redistill_server.assert_key(key, type="string", ttl=LIFETIME)


def test_the_session_survives_across_requests(client: FlaskClient) -> None:
    login(client)
    assert client.get("/me").json == {"user": "ada"}
    assert client.get("/me").json == {"user": "ada"}


def test_without_login_there_is_no_session(client: FlaskClient, redistill_server: Server) -> None:
    assert client.get("/me").status_code == 401
    redistill_server.assert_keys("session:*", [])


def test_the_session_is_gone_after_its_lifetime_passes_on_the_server_clock(
    client: FlaskClient, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    key = login(client)
    redistill_clock.advance(LIFETIME + 1)
    redistill_server.assert_no_key(key)
    assert client.get("/me").status_code == 401


def test_the_session_is_still_there_just_before_its_lifetime_ends(
    client: FlaskClient, redistill_clock: VirtualClock
) -> None:
    login(client)
    redistill_clock.advance(LIFETIME - 1)
    assert client.get("/me").status_code == 200


def test_each_request_renews_the_lifetime(
    client: FlaskClient, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    key = login(client)
    redistill_clock.advance(1000)
    redistill_server.assert_ttl(key, LIFETIME - 1000)
    client.get("/me")
    redistill_server.assert_ttl(key, LIFETIME)


def test_logout_deletes_the_session(client: FlaskClient, redistill_server: Server) -> None:
    key = login(client)
    assert client.post("/logout").status_code == 204
    redistill_server.assert_no_key(key)
    assert client.get("/me").status_code == 401
