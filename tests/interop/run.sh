#!/usr/bin/env bash
# Run the interop suite: the official Python SDK and tccli against `tcconform mock`.
#
#   tests/interop/run.sh [extra pytest args...]
#
# Env: TCCONFORM_BIN       mock binary (default target/debug/tcconform, relative to the repo root)
#      INTEROP_TEST_TIMEOUT per-test timeout in seconds (default 120)
#      INTEROP_RUN_TIMEOUT  bound on the whole pytest run in seconds (default 1200)
#
# Exits non-zero on any failure, and also when pytest collects no test (its exit 5).
# The binary is not built here; build it first (cargo build).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

bash "$here/setup-venv.sh"
venv="${INTEROP_VENV:-$repo/.venv-interop}"

bin="${TCCONFORM_BIN:-target/debug/tcconform}"
[[ "$bin" = /* ]] || bin="$repo/$bin"
export TCCONFORM_BIN="$bin"
if [[ ! -x "$bin" ]]; then
  printf 'run.sh: mock binary %s not found or not executable (build it first, or set TCCONFORM_BIN)\n' "$bin" >&2
  exit 1
fi

# No bytecode or cache files in the work tree.
export PYTHONDONTWRITEBYTECODE=1
# Everything stays on loopback.
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

status=0
timeout --kill-after=30 "${INTEROP_RUN_TIMEOUT:-1200}" \
  "$venv/bin/python" -m pytest "$here" -q \
    -p no:cacheprovider \
    --timeout "${INTEROP_TEST_TIMEOUT:-120}" --timeout-method signal \
    "$@" || status=$?

case "$status" in
  0) ;;
  5) printf 'run.sh: pytest collected no tests; treating that as a failure\n' >&2; status=1 ;;
  124|137) printf 'run.sh: the pytest run exceeded %ss and was stopped\n' "${INTEROP_RUN_TIMEOUT:-1200}" >&2 ;;
esac
exit "$status"
