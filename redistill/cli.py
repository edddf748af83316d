"""``redistill-server``: run a redistill server in the foreground.

For test suites in any language (or a CI service) that need a Redis-protocol
server with a controllable clock::

    redistill-server --port 6379
    python -m redistill --port 0          # any free port; the ready line tells which

Once the port accepts connections, one line goes to stdout (flushed), for
scripts to wait on::

    redistill-server ready on 127.0.0.1:6379 (clock: virtual)

SIGTERM and SIGINT stop the server cleanly (exit status 0).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from . import __version__
from .commandlog import DEFAULT_LOG_BYTES, DEFAULT_LOG_SIZE
from .profiles import PROFILES
from .server import Server

PROG = "redistill-server"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is not between 0 and 65535")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A Redis-protocol test server with a controllable virtual clock.",
    )
    parser.add_argument(
        "--port", type=_port, default=6379, help="TCP port (0: any free port; default 6379)"
    )
    parser.add_argument(
        "--bind",
        default="127.0.0.1",
        metavar="HOST",
        help="address to listen on (default 127.0.0.1)",
    )
    parser.add_argument("--requirepass", metavar="PASSWORD", help="require AUTH with this password")
    parser.add_argument(
        "--databases", type=_positive, default=16, metavar="N", help="number of databases (16)"
    )
    parser.add_argument(
        "--clock",
        choices=("virtual", "system"),
        default="virtual",
        help="virtual: frozen at start until a client moves it (default); system: real time",
    )
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="redis",
        help="redis: every command redistill knows (default); "
        "redistill: only the Redistill server's command set",
    )
    parser.add_argument(
        "--no-control",
        action="store_true",
        help="disable the REDISTILL test-control commands (clock, inspection)",
    )
    parser.add_argument(
        "--log-size",
        type=_non_negative,
        default=DEFAULT_LOG_SIZE,
        metavar="N",
        help=f"commands kept in the command log (0: none; default {DEFAULT_LOG_SIZE})",
    )
    parser.add_argument(
        "--log-bytes",
        type=_positive,
        default=DEFAULT_LOG_BYTES,
        metavar="N",
        help="bytes of command arguments the command log may hold; the oldest "
        f"entries go first (default {DEFAULT_LOG_BYTES})",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until SIGTERM or SIGINT; the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        server = Server(
            host=args.bind,
            port=args.port,
            clock=args.clock,
            requirepass=args.requirepass,
            databases=args.databases,
            profile=args.profile,
            control=not args.no_control,
            log_size=args.log_size,
            log_bytes=args.log_bytes,
        )
    except ValueError as exc:
        parser.error(str(exc))

    stop_requested = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stop_requested
        stop_requested = True
        server.stop()  # on the loop's own thread: sets the flag and wakes the loop

    def ready() -> None:
        try:
            print(
                f"{PROG} ready on {_address(args.bind, server.port)} (clock: {args.clock})",
                flush=True,
            )
        except OSError:
            pass  # nobody reads stdout; keep serving
        if stop_requested:  # a signal arrived before the loop could take it
            server.stop()

    handled = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.signal(sig, on_signal) for sig in handled}
    try:
        server.serve_forever(ready=ready)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(
            f"{PROG}: cannot listen on {_address(args.bind, args.port)}: {reason}", file=sys.stderr
        )
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
