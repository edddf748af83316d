"""The command table: the single truth about every command.

A handler is a plain function ``handler(ctx, argv) -> reply``; the decorator
records its name, arity, flags and key positions. Arity and unknown-command
errors, the NOAUTH gate, MULTI queueing, ``COMMAND`` replies and profiles all
read this table; handlers only implement their command's semantics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from .connection import Client

Handler = Callable[["Client", "list[bytes]"], Any]


@dataclass(eq=False)
class Command:
    """One command (or one subcommand of a container such as CLIENT)."""

    name: str  # lower case; 'client|setname' for a subcommand
    handler: Handler | None
    arity: int
    flags: frozenset[str]
    first_key: int = 0
    last_key: int = 0
    step: int = 0
    group: str = "generic"
    summary: str = ""
    since: str = "1.0.0"
    complexity: str = ""
    acl_categories: tuple[str, ...] = ()
    subcommands: dict[bytes, Command] = field(default_factory=dict)
    parent: Command | None = None
    #: COMMAND INFO tips, e.g. ('nondeterministic_output',)
    tips: tuple[str, ...] = ()
    #: explicit COMMAND INFO key specs (maps as Redis shows them); None: derived
    key_specs: tuple[dict[str, Any], ...] | None = None
    #: extra COMMAND DOCS fields: doc_flags, deprecated_since, replaced_by, history, arguments
    doc: dict[str, Any] = field(default_factory=dict)

    # Frequently read flags, precomputed for the dispatcher.
    noauth: bool = False
    write: bool = False
    allowed_in_multi: bool = True  # queued inside MULTI (false: run at once)
    #: the name as bytes (CLIENT LIST's cmd=), made once
    name_bytes: bytes = b""

    def __post_init__(self) -> None:
        self.noauth = "no_auth" in self.flags
        self.write = "write" in self.flags
        self.name_bytes = self.name.encode()

    @property
    def fullname(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """Name as COMMAND replies show it: 'get', 'client|setname'."""
        return self.name

    def arity_ok(self, argc: int) -> bool:
        a = self.arity
        return argc == a if a > 0 else argc >= -a

    def key_indexes(self, argv: list[bytes]) -> list[int]:
        """Positions of the key arguments in ``argv``."""
        if not self.first_key:
            return []
        last = self.last_key if self.last_key >= 0 else len(argv) + self.last_key
        return list(range(self.first_key, last + 1, self.step or 1))


#: Top-level commands by lower-case name.
COMMANDS: dict[str, Command] = {}

_DEFAULT_CATEGORIES = {
    "string": ("string",),
    "generic": ("keyspace",),
    "hash": ("hash",),
    "connection": ("connection",),
    "server": (),
    "transactions": ("transaction",),
}


def command(
    name: str,
    arity: int,
    flags: str = "",
    keys: tuple[int, int, int] = (0, 0, 0),
    *,
    group: str = "generic",
    summary: str = "",
    since: str = "1.0.0",
    complexity: str = "O(1)",
    acl: str = "",
    tips: str = "",
    key_specs: tuple[dict[str, Any], ...] | None = None,
    doc: dict[str, Any] | None = None,
) -> Callable[[Handler], Handler]:
    """Register ``name`` (``'client|setname'`` for a subcommand) with its spec."""

    def register(fn: Handler) -> Handler:
        flag_set = frozenset(flags.split())
        cats = tuple(acl.split()) if acl else _derive_categories(flag_set, group)
        spec = Command(
            name=name,
            handler=fn,
            arity=arity,
            flags=flag_set,
            first_key=keys[0],
            last_key=keys[1],
            step=keys[2],
            group=group,
            summary=summary or (fn.__doc__ or "").strip().split("\n")[0],
            since=since,
            complexity=complexity,
            acl_categories=cats,
            tips=tuple(tips.split()),
            key_specs=key_specs,
            doc=doc or {},
        )
        if "|" in name:
            parent_name, sub = name.split("|", 1)
            parent = COMMANDS.get(parent_name)
            if parent is None:
                parent = container(parent_name, group=group)
            spec.parent = parent
            parent.subcommands[sub.encode()] = spec
        else:
            existing = COMMANDS.get(name)
            if existing is not None and existing.handler is not None:
                raise ValueError(f"command {name!r} registered twice")
            if existing is not None:  # a container made early by a subcommand
                spec.subcommands = existing.subcommands
                for sub_spec in spec.subcommands.values():
                    sub_spec.parent = spec
            COMMANDS[name] = spec
        return fn

    return register


def container(
    name: str, *, group: str = "server", summary: str = "", since: str = "1.0.0"
) -> Command:
    """Declare a container command (CLIENT, CONFIG, COMMAND ...) whose verbs are subcommands."""
    spec = COMMANDS.get(name)
    if spec is None:
        spec = Command(
            name=name,
            handler=None,
            arity=-2,
            flags=frozenset(),
            group=group,
            summary=summary,
            since=since,
        )
        COMMANDS[name] = spec
    else:
        spec.summary = summary or spec.summary
        spec.since = since
    return spec


def _derive_categories(flags: frozenset[str], group: str) -> tuple[str, ...]:
    cats = list(_DEFAULT_CATEGORIES.get(group, ()))
    if "write" in flags:
        cats.append("write")
    if "readonly" in flags:
        cats.append("read")
    if "admin" in flags:
        cats += ["admin", "dangerous"]
    if "fast" in flags:
        cats.append("fast")
    else:
        cats.append("slow")
    return tuple(cats)


def build_table(names: Iterable[str] | None = None) -> dict[bytes, Command]:
    """The dispatch table for a server: lower- and upper-case byte names to specs.

    ``names`` limits it to a profile's commands (all registered ones by default).
    """
    _load_commands()
    wanted = set(COMMANDS) if names is None else set(names)
    table: dict[bytes, Command] = {}
    for name, spec in COMMANDS.items():
        if name in wanted:
            raw = name.encode()
            table[raw] = spec
            table[raw.upper()] = spec
    return table


_loaded = False


def _load_commands() -> None:
    """Import every command family (each registers its commands), once. (Run
    again, the import statement still cost 1-2 µs, and every new server ran it.)"""
    global _loaded
    if not _loaded:
        from . import commands  # noqa: F401

        _loaded = True
