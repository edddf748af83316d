"""/admin/sessions lists the live session:* keys with SCAN MATCH ... COUNT 100."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from redistill import Server, VirtualClock


def logged_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", json={"username": username}).status_code == 200
    return client


def test_admin_sees_every_live_session(app: Flask, redistill_server: Server) -> None:
    admin = logged_in(app, "admin")
    logged_in(app, "ada")
    logged_in(app, "grace")
    listing = admin.get("/admin/sessions").json
    assert listing["count"] == 3
    assert listing["sessions"] == redistill_server.keys("session:*")


def test_other_keys_are_not_listed(app: Flask, redistill_server: Server) -> None:
    redistill_server.load({"user:1": {"name": "Ada"}, "sessions": "not a session", "x": "1"})
    admin = logged_in(app, "admin")
    assert admin.get("/admin/sessions").json["count"] == 1


def test_scan_finds_every_session_across_many_pages(app: Flask, redistill_server: Server) -> None:
    redistill_server.load({f"session:{i:04d}": b"\x81\xa4user\xa3bot" for i in range(1, 251)})
    admin = logged_in(app, "admin")
    listing = admin.get("/admin/sessions").json
    assert listing["count"] == 251
    assert listing["sessions"] == redistill_server.keys("session:*")


def test_expired_sessions_are_not_listed(
    app: Flask, redistill_server: Server, redistill_clock: VirtualClock
) -> None:
    logged_in(app, "ada")
    redistill_clock.advance(30 * 60 + 1)  # past ada's session lifetime
    admin = logged_in(app, "admin")
    assert admin.get("/admin/sessions").json["count"] == 1


def test_only_admin_may_list_sessions(app: Flask) -> None:
    assert logged_in(app, "ada").get("/admin/sessions").status_code == 403
    assert app.test_client().get("/admin/sessions").status_code == 403
