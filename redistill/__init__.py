"""redistill: a Redis-protocol test double with a controllable virtual clock."""

from .clock import Clock, SystemClock, VirtualClock
from .server import Server

__all__ = ["Clock", "Server", "SystemClock", "VirtualClock"]
__version__ = "0.1.0"
