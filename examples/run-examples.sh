#!/usr/bin/env bash
# Run the example suites from a clean clone:
#   1. examples/flask   - pytest with the redistill plugin (in-process servers)
#   2. examples/express - npm ci, then node --test against a redistill-server process
#   3. docs/ci-service.md - every snippet, run as a CI job would run it
#
# Usage: examples/run-examples.sh
#   PYTHON   the Python that has redistill installed (default: python3)
#   The Flask example's requirements are installed into that Python first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"
python="$(command -v "$python")"

echo "== examples/flask: installing requirements.txt"
"$python" -m pip install --quiet --disable-pip-version-check -r "$here/flask/requirements.txt"

echo "== examples/flask: pytest"
(cd "$here/flask" && "$python" -m pytest -q)

echo "== examples/express: npm ci"
(cd "$here/express" && npm ci --no-audit --no-fund --loglevel=error)

echo "== examples/express: npm test (the suite starts its own redistill-server)"
(cd "$here/express" && env -u REDIS_URL REDISTILL_PYTHON="$python" npm test)

echo "== docs/ci-service.md: snippets"
(cd "$root" && "$python" -m pytest -q -p no:cacheprovider "$here/test_ci_service_docs.py")
