# Sourced by scripts/serve and scripts/test: make .venv and install redistill into it.
# Idempotent: a stamp records the pyproject.toml that was installed, so a rerun
# with nothing changed installs nothing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
BIN="$VENV/bin"

ensure_venv() {
    if [ ! -x "$BIN/python" ]; then
        echo "==> creating $VENV" >&2
        if ! "${PYTHON:-python3}" -m venv "$VENV"; then
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
                echo "==> installing python3-venv (Debian package)" >&2
                apt-get update -qq
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
                rm -rf "$VENV"
                "${PYTHON:-python3}" -m venv "$VENV"
            else
                echo "error: '${PYTHON:-python3} -m venv' failed; install Python's venv module" >&2
                exit 1
            fi
        fi
    fi
    local stamp="$VENV/.redistill-installed" want
    want="$(sha256sum < "$ROOT/pyproject.toml" | cut -d" " -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "==> installing redistill and its test tools into $VENV" >&2
        "$BIN/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test]" >&2
        echo "$want" > "$stamp"
    fi
}

ensure_redis_server() {
    command -v redis-server >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> installing redis-server (Debian package) for the conformance suite" >&2
        if apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends redis-server >/dev/null; then
            return 0
        fi
    fi
    echo "note: no redis-server; conformance cases compare with tests/conformance/golden.json" >&2
}
