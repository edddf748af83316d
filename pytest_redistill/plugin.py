"""The pytest plugin: fixtures, the ``redistill`` marker and suite-wide options.

Every test that asks for ``redistill_server`` (directly or through another
fixture) gets a fresh :class:`redistill.Server` on an ephemeral port of
127.0.0.1, stopped when the test ends; nothing is shared between tests, so the
plugin runs unchanged under pytest-xdist.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from redistill import Server
from redistill.clock import Clock

from .assertions import explain_comparison
from .settings import (
    MARKER_ARGUMENTS,
    SUITE_OPTIONS,
    Settings,
    SettingsError,
    parse_marker_kwargs,
    parse_suite_option,
)

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = ["ServerFactory", "settings_for"]

_SUITE_SETTINGS = pytest.StashKey[Settings]()
_NODE_SETTINGS = pytest.StashKey[Settings]()
_ASYNC_CLIENTS = pytest.StashKey[list["redis.asyncio.Redis"]]()
#: the server redistill_server made for a test, and the clients of
#: redistill_client it closes right after stopping that server
_CLOSE_AFTER_STOP = pytest.StashKey[tuple[Server, list["redis.Redis"]]]()

_MARKER_HELP = (
    "redistill(**settings): configure the redistill fixtures of a test, class or module. "
    "Settings: " + ", ".join(MARKER_ARGUMENTS) + " (see docs/pytest.md)"
)


# ---------------------------------------------------------------------------
# options, marker, settings


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("redistill", "redistill (Redis-protocol test server)")
    for name, text in SUITE_OPTIONS.items():
        group.addoption(
            "--redistill-" + name.replace("_", "-"),
            dest="redistill_" + name,
            default=None,
            metavar=name.upper(),
            help=text,
        )
        parser.addini("redistill_" + name, help=text, default=None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER_HELP)
    values = {}
    for name in SUITE_OPTIONS:
        raw = config.getoption("redistill_" + name)
        source = "--redistill-" + name.replace("_", "-")
        if raw is None:
            raw = config.getini("redistill_" + name)
            source = "ini option redistill_" + name
        if raw is None or raw == "":
            continue
        try:
            values[name] = parse_suite_option(name, raw)
        except SettingsError as exc:
            raise pytest.UsageError(f"{source}: {exc}") from None
    try:
        config.stash[_SUITE_SETTINGS] = Settings().merged(values)
    except SettingsError as exc:
        raise pytest.UsageError(f"redistill options: {exc}") from None


def settings_for(node: pytest.Item) -> Settings:
    """The settings of ``node``: suite defaults, then its markers from far to near.

    Raises :class:`SettingsError` when a marker is wrong.
    """
    cached = node.stash.get(_NODE_SETTINGS, None)
    if cached is not None:
        return cached
    base = node.config.stash.get(_SUITE_SETTINGS, None) or Settings()
    values: dict[str, Any] = {}
    for mark in reversed(list(node.iter_markers("redistill"))):
        where = f"@pytest.mark.redistill on {node.nodeid}"
        if mark.args:
            raise SettingsError(
                f"{where}: takes keyword arguments only (such as clock='system'), got {mark.args!r}"
            )
        values.update(parse_marker_kwargs(mark.kwargs, where))
    try:
        settings = base.merged(values)
    except SettingsError as exc:
        raise SettingsError(f"@pytest.mark.redistill on {node.nodeid}: {exc}") from None
    node.stash[_NODE_SETTINGS] = settings
    return settings


#: the tests being run, innermost last (more than one only under pytester's
#: in-process runs). The fixtures find their test here rather than through a
#: ``request`` argument: pytest builds a fixture definition for every
#: ``request`` it hands out, about 50 us a time, twice per test.
_RUNNING: list[pytest.Item] = []


def _settings() -> Settings:
    if not _RUNNING:  # not reached from a function-scoped fixture of a running test
        pytest.fail("redistill's fixtures work inside a running test only", pytrace=False)
    try:
        return settings_for(_RUNNING[-1])
    except SettingsError as exc:
        problem = str(exc)
    pytest.fail(problem, pytrace=False)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _RUNNING.append(item)
    # A wrong marker fails its test up front, whichever fixtures it uses.
    if item.get_closest_marker("redistill") is None:
        return
    try:
        settings_for(item)
        return
    except SettingsError as exc:
        problem = str(exc)
    pytest.fail(problem, pytrace=False)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    if _RUNNING and _RUNNING[-1] is item:
        _RUNNING.pop()


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> Any:
    return explain_comparison(op, left, right)


# ---------------------------------------------------------------------------
# clients


@functools.cache
def _fixture_client_defaults(for_asyncio: bool = False) -> tuple[tuple[str, Any], ...]:
    # What the fixture clients change of redis-py's defaults, all for what a
    # fresh client per test costs; server.client() keeps redis-py's defaults.
    #
    # Two parts of the connection handshake a test server has no use for, each
    # a round trip on every new connection (a typical test opens one and sends
    # two commands):
    # - CLIENT SETINFO lib-name / lib-ver (two round trips; it also spares
    #   redis-py 7+ reading its version from the package metadata for every
    #   client, about 2 ms);
    # - CLIENT MAINT_NOTIFICATIONS (redis-py 8, RESP3): maintenance
    #   notifications of managed Redis services, which Redis 7 refuses anyway.
    # No TCP keepalive probes (four setsockopt calls per connection): the
    # connection lives for one test on the loopback interface.
    # And redis-py's default retry policy, unchanged, but copied cheaply:
    # redis-py deep-copies it for every client and every connection.
    defaults: list[tuple[str, Any]] = [("socket_keepalive", False)]
    retry = _cheaply_copied_default_retry(for_asyncio)
    if retry is not None:
        defaults.append(("retry", retry))
    try:
        from redis.driver_info import DriverInfo  # noqa: F401
    except ImportError:  # redis-py < 7
        defaults += [("lib_name", None), ("lib_version", None)]
    else:
        defaults.append(("driver_info", None))
    try:
        from redis.maint_notifications import MaintNotificationsConfig
    except ImportError:  # redis-py < 7
        return tuple(defaults)
    defaults.append(("maint_notifications_config", MaintNotificationsConfig(enabled=False)))
    return tuple(defaults)


def _cheaply_copied_default_retry(for_asyncio: bool) -> Any:
    """The default ``retry`` of ``redis.Redis`` (or ``redis.asyncio.Redis``), as
    an object of a subclass of its type whose deep copy is a shallow copy with a
    shallow copy of the backoff: what ``copy.deepcopy`` makes of it, at about a
    sixth of the cost. None (redis-py's own deep copies then) unless the policy
    and its backoff hold only numbers, strings and tuples of exception classes."""
    import inspect

    if for_asyncio:
        import redis.asyncio

        init: Any = redis.asyncio.Redis.__init__
    else:
        import redis

        init = redis.Redis.__init__
    default = inspect.signature(init).parameters["retry"].default
    backoff = getattr(default, "_backoff", None)
    if not (_copies_shallowly(default, but="_backoff") and _copies_shallowly(backoff)):
        return None

    def _deepcopy(self: Any, memo: dict[int, Any]) -> Any:
        new = _plain_copy(self)
        new._backoff = _plain_copy(self._backoff)
        return new

    cls = type(type(default).__name__, (type(default),), {"__deepcopy__": _deepcopy})
    cls.__module__ = __name__
    retry: Any = object.__new__(cls)
    retry.__dict__.update(vars(default))
    retry._backoff = _plain_copy(backoff)
    return retry


_ATOMS = (int, float, str, bytes, type(None))


def _copies_shallowly(obj: Any, but: str = "") -> bool:
    """True when ``copy.deepcopy(obj)`` is a shallow copy: a plain object (a
    ``__dict__``, no copy hooks) whose attributes, but ``but``, are numbers,
    strings, None, or tuples of those and of classes."""
    cls: Any = type(obj)
    if (
        not hasattr(obj, "__dict__")
        or cls.__reduce_ex__ is not object.__reduce_ex__
        or hasattr(cls, "__copy__")
        or hasattr(cls, "__deepcopy__")
    ):
        return False
    return all(
        name == but
        or isinstance(value, _ATOMS)
        or (type(value) is tuple and all(isinstance(v, (*_ATOMS, type)) for v in value))
        for name, value in vars(obj).items()
    )


def _plain_copy(obj: Any) -> Any:
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _client_kwargs(server: Server, settings: Settings, for_asyncio: bool = False) -> dict[str, Any]:
    kwargs = settings.client_kwargs()
    kwargs.update(_fixture_client_defaults(for_asyncio))
    if server.profile == "redistill":  # that server has no HELLO, as server.client() knows
        kwargs.setdefault("protocol", 2)
    kwargs["host"] = server.host
    kwargs["port"] = server.port
    if server.requirepass is not None:
        kwargs["password"] = server.requirepass.decode("utf-8", "replace")
    return kwargs


def _new_async_client(server: Server, settings: Settings) -> redis.asyncio.Redis:
    import redis.asyncio

    return redis.asyncio.Redis(**_client_kwargs(server, settings, for_asyncio=True))


async def _close_async_client(client: redis.asyncio.Redis) -> None:
    close = getattr(client, "aclose", None) or client.close
    await close()


# ---------------------------------------------------------------------------
# fixtures


@pytest.fixture
def redistill_server() -> Iterator[Server]:
    """A fresh, started :class:`redistill.Server` for this test (stopped afterwards).

    Configured by ``@pytest.mark.redistill(...)`` and the suite's options.
    """
    settings = _settings()
    item = _RUNNING[-1]
    server = settings.make_server().start(follow_caller=True)
    clients: list[redis.Redis] = []
    item.stash[_CLOSE_AFTER_STOP] = (server, clients)
    try:
        if settings.data is not None:
            server.load(settings.data, ttl=settings.ttl)
        yield server
    finally:
        # (out of the stash: pytest keeps every test item to the end of the run)
        del item.stash[_CLOSE_AFTER_STOP]
        try:
            server.stop(reset_connections=True)
        finally:
            # redistill_client's clients, closed once the server has closed its
            # ends: closed first, each would wake the server's thread to read
            # the end of its connection just before the server stops anyway.
            for client in clients:
                client.close()


@pytest.fixture
def redistill_client(redistill_server: Server) -> Iterator[redis.Redis]:
    """A ``redis.Redis`` connected to ``redistill_server`` (closed when the test
    ends, right after the server stops)."""
    import redis

    client = redis.Redis(**_client_kwargs(redistill_server, _settings()))
    made = _RUNNING[-1].stash.get(_CLOSE_AFTER_STOP, None)
    if made is not None and made[0] is redistill_server:
        made[1].append(client)  # closed by redistill_server's teardown
        yield client
        return
    try:  # a redistill_server fixture of the suite's own: close it here
        yield client
    finally:
        client.close()


@pytest.fixture
def redistill_async_client(
    request: pytest.FixtureRequest, redistill_server: Server
) -> Iterator[redis.asyncio.Redis]:
    """A ``redis.asyncio.Redis`` connected to ``redistill_server``, for async tests.

    It is closed in the test's own event loop when the test coroutine returns,
    whichever plugin runs it (pytest-asyncio, anyio's asyncio backend ...).
    """
    if "anyio_backend" in request.fixturenames:
        backend = request.getfixturevalue("anyio_backend")
        name = backend if isinstance(backend, str) else backend[0]
        if name != "asyncio":
            pytest.fail(
                f"redistill_async_client is a redis.asyncio client, which runs on asyncio "
                f"only; this test runs on anyio's {name!r} backend. Make the anyio_backend "
                f"fixture return 'asyncio'.",
                pytrace=False,
            )
    client = _new_async_client(redistill_server, _settings())
    clients = request.node.stash.setdefault(_ASYNC_CLIENTS, [])
    clients.append(client)
    yield client
    clients.remove(client)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    # Async clients must be closed in the loop that opened their connections,
    # which exists only while the test runs: wrap the test coroutine so that it
    # closes them as it ends. This works the same under any async plugin, even
    # when pytest-asyncio and anyio both claim a test.
    clients = item.stash.get(_ASYNC_CLIENTS, None)
    test = getattr(item, "obj", None)
    if not clients or not isinstance(item, pytest.Function) or not _is_coroutine(test):
        yield
        return

    @functools.wraps(test)  # type: ignore[arg-type]
    async def test_then_close_clients(*args: Any, **kwargs: Any) -> Any:
        try:
            return await test(*args, **kwargs)  # type: ignore[misc]
        finally:
            for client in list(clients):
                try:
                    await _close_async_client(client)
                except Exception:  # e.g. the test broke the connection on purpose
                    pass

    item.obj = test_then_close_clients
    try:
        yield
    finally:
        item.obj = test


def _is_coroutine(obj: object) -> bool:
    return inspect.iscoroutinefunction(obj)


@pytest.fixture
def redistill_clock(redistill_server: Server) -> Clock:
    """The clock of ``redistill_server`` (a ``VirtualClock`` unless clock='system')."""
    return redistill_server.clock


@pytest.fixture
def redistill_url(redistill_server: Server) -> str:
    """``redis://127.0.0.1:PORT/0`` for ``redistill_server`` (with the password, if any)."""
    return redistill_server.url


class ServerFactory:
    """Makes extra started servers for a test; stops them all when it ends.

    ``factory(**settings)`` takes the marker's server settings (``clock``,
    ``start``, ``tick``, ``requirepass``, ``databases``, ``profile``, ``config``,
    ``data``, ``ttl``) plus ``host``, ``port`` and ``control``. Settings not
    given are the test's own (marker and suite options), except ``data`` and
    ``ttl``. Pass ``clock=redistill_clock`` to share the test server's clock.
    """

    _SERVER_ONLY = ("host", "port", "control")
    _CLIENT_ONLY = ("protocol", "decode_responses")

    def __init__(self, settings: Settings) -> None:
        self._base = dataclasses.replace(settings, data=None, ttl=None)
        self.servers: list[Server] = []

    def __call__(self, **kwargs: Any) -> Server:
        """Start and return a new server."""
        extra = {k: kwargs.pop(k) for k in self._SERVER_ONLY if k in kwargs}
        for name in self._CLIENT_ONLY:
            if name in kwargs:
                raise TypeError(f"redistill_server_factory makes servers; {name}= is for clients")
        try:
            values = parse_marker_kwargs(kwargs, "redistill_server_factory()")
            base = self._base
            if "clock" in values:  # a new kind of clock starts from scratch
                base = dataclasses.replace(base, start=None, tick=False)
            settings = base.merged(values)
        except SettingsError as exc:
            raise TypeError(str(exc)) from None
        server = Server(**settings.server_kwargs(), **extra)
        server.start(follow_caller=True)
        self.servers.append(server)
        if settings.data is not None:
            server.load(settings.data, ttl=settings.ttl)
        return server

    def stop_all(self) -> None:
        """Stop every server this factory made (the fixture does it at teardown)."""
        while self.servers:
            self.servers.pop().stop(reset_connections=True)


@pytest.fixture
def redistill_server_factory() -> Iterator[ServerFactory]:
    """A callable that starts extra servers (``factory(requirepass="s3cret")``);
    all are stopped when the test ends."""
    factory = ServerFactory(_settings())
    try:
        yield factory
    finally:
        factory.stop_all()
