"""Record a real redis-server's replies to every conformance case into golden.json.

    python tests/conformance/record.py                  # redis-server from PATH
    python tests/conformance/record.py --redis-server /opt/redis-7.4/bin/redis-server

The conformance suite compares redistill with golden.json when no redis-server
is installed, so rerun this after adding or changing cases. Entries of cases
the server is too old for (``min_version``) are kept from the previous file if
their input is unchanged; entries of cases that no longer exist are dropped.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tests.conformance`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.conformance.runner import (  # noqa: E402
    GOLDEN_PATH,
    RealRedis,
    digest,
    discover,
    load_golden,
    result_to_json,
    save_golden,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-server", default=shutil.which("redis-server"))
    parser.add_argument("--output", type=Path, default=GOLDEN_PATH)
    args = parser.parse_args(argv)
    if not args.redis_server:
        parser.error("redis-server not found; pass --redis-server PATH")

    found = discover()
    for module, why in found.errors:
        print(f"warning: {module}.py not loaded:\n{why}", file=sys.stderr)
    old = load_golden(args.output)
    new: dict[str, dict[str, object]] = {}
    recorded = kept = missing = 0
    with RealRedis(args.redis_server) as real:
        for entry in found.entries:
            if real.supports(entry.case):
                result = real.run(entry.case)
                new[entry.key] = result_to_json(entry, result, real.version_str)
                recorded += 1
                continue
            previous = old.get(entry.key)
            if previous is not None and previous.get("digest") == digest(entry.case):
                new[entry.key] = previous
                kept += 1
            else:
                missing += 1
        version = real.version_str
    save_golden(new, args.output)
    print(
        f"{args.output}: {recorded} cases recorded from redis {version}, {kept} kept from "
        f"newer servers, {missing} need a newer redis-server (min_version)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
