"""A small Flask API that uses Redis the usual ways, through redis-py.

Nothing here knows about redistill: the app reads ``REDIS_URL`` and talks to
whatever Redis-protocol server is there. The tests point it at a redistill
server and move that server's clock.

- ``cache_response(ttl=300)``: JSON responses cached under ``api:<func>:<args>``
  with SETEX, marked ``X-Cache: HIT`` or ``MISS``;
- user profiles in hashes (``HSET key mapping``, ``HGET``, ``HGETALL``);
- server-side sessions with Flask-Session (``SESSION_TYPE="redis"``, keys
  ``session:<id>``, 30 minutes);
- a rate limiter: ``INCR`` + ``EXPIRE ... NX`` in a pipeline, 100 requests per
  hour per client address, then ``429 Too Many Requests``;
- ``/admin/sessions``: the live sessions, listed with ``SCAN MATCH session:* COUNT 100``.

Run it: ``REDIS_URL=redis://127.0.0.1:6379/0 flask --app app run``.
"""

from __future__ import annotations

import functools
import json
import os
from datetime import timedelta
from typing import Any, Callable

import redis
from flask import Flask, Response, abort, current_app, jsonify, request, session
from flask_session import Session

SESSION_LIFETIME = timedelta(minutes=30)
RATE_LIMIT = 100
RATE_WINDOW = 3600  # seconds
PROFILE_FIELDS = ("name", "email", "bio")


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]  # type: ignore[no-any-return]


def cache_response(ttl: int = 300) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """Cache a view's JSON result in Redis for ``ttl`` seconds."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Response]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            parts = [str(a) for a in args] + [str(v) for v in kwargs.values()]
            key = f"api:{func.__name__}:{':'.join(parts)}"
            r = get_redis()
            cached = r.get(key)
            if cached is not None:
                response = jsonify(json.loads(cached))
                response.headers["X-Cache"] = "HIT"
                return response
            data = func(*args, **kwargs)
            r.setex(key, ttl, json.dumps(data))
            response = jsonify(data)
            response.headers["X-Cache"] = "MISS"
            return response

        return wrapper

    return decorator


def rate_limit(limit: int = RATE_LIMIT, per: int = RATE_WINDOW) -> Callable[..., Any]:
    """Allow ``limit`` requests per ``per`` seconds for each client address."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = f"ratelimit:{request.remote_addr}"
            pipe = get_redis().pipeline()
            pipe.incr(key)
            pipe.expire(key, per, nx=True)  # the window starts with the first request
            count, _ = pipe.execute()
            if count > limit:
                retry_after = get_redis().ttl(key)
                response = jsonify(error="rate limit exceeded", retry_after=retry_after)
                response.status_code = 429
                response.headers["Retry-After"] = str(retry_after)
                return response
            return func(*args, **kwargs)

        return wrapper

    return decorator


def create_app(redis_url: str | None = None) -> Flask:
    app = Flask(__name__)
    url = redis_url or os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    r = redis.Redis.from_url(url)
    app.extensions["redis"] = r
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only-secret"),
        SESSION_TYPE="redis",
        SESSION_REDIS=r,
        SESSION_KEY_PREFIX="session:",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    Session(app)

    @app.put("/api/users/<user_id>")
    def save_user(user_id: str) -> tuple[Response, int]:
        body = request.get_json(silent=True) or {}
        profile = {f: str(body[f]) for f in PROFILE_FIELDS if f in body}
        if not profile:
            abort(400, description=f"send at least one of {', '.join(PROFILE_FIELDS)}")
        r.hset(f"user:{user_id}", mapping=profile)
        r.delete(f"api:get_user:{user_id}")  # the cached copy is stale now
        return jsonify(id=user_id, **profile), 200

    @app.get("/api/users/<user_id>")
    @rate_limit()
    @cache_response(ttl=300)
    def get_user(user_id: str) -> dict[str, str]:
        profile = r.hgetall(f"user:{user_id}")
        if not profile:
            abort(404, description=f"no user {user_id}")
        fields = {k.decode(): v.decode() for k, v in profile.items() if k != b"avatar"}
        return {"id": user_id, **fields}

    @app.get("/api/users/<user_id>/email")
    def get_email(user_id: str) -> Response:
        email = r.hget(f"user:{user_id}", "email")
        if email is None:
            abort(404)
        return jsonify(email=email.decode())

    @app.put("/api/users/<user_id>/avatar")
    def put_avatar(user_id: str) -> tuple[str, int]:
        r.hset(f"user:{user_id}", "avatar", request.get_data())
        return "", 204

    @app.get("/api/users/<user_id>/avatar")
    def get_avatar(user_id: str) -> Response:
        data = r.hget(f"user:{user_id}", "avatar")
        if data is None:
            abort(404)
        return Response(data, mimetype="application/octet-stream")

    @app.post("/login")
    def login() -> Response:
        body = request.get_json(silent=True) or {}
        username = body.get("username")
        if not username:
            abort(400, description="username required")
        session["user"] = username
        return jsonify(user=username)

    @app.get("/me")
    def me() -> Response:
        user = session.get("user")
        if user is None:
            abort(401)
        return jsonify(user=user)

    @app.post("/logout")
    def logout() -> tuple[str, int]:
        session.clear()
        return "", 204

    @app.get("/admin/sessions")
    def admin_sessions() -> Response:
        if session.get("user") != "admin":
            abort(403)
        keys = sorted(k.decode() for k in r.scan_iter(match="session:*", count=100))
        return jsonify(count=len(keys), sessions=keys)

    return app
