"""``python -m redistill``: the same as the ``redistill-server`` command."""

from .cli import main

raise SystemExit(main())
