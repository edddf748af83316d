"""Each test gets its own redistill server (the plugin's ``redistill_server``)
and an app pointed at it through ``REDIS_URL``, as in production."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app


@pytest.fixture
def app(redistill_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("REDIS_URL", redistill_url)
    app = create_app()
    app.config["TESTING"] = True
    yield app
    app.extensions["redis"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
