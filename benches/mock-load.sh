#!/usr/bin/env bash
# Benchmark the mock: installs wrk (Debian) if missing, then runs `cargo bench --bench mock`,
# which loads the mock and a bare server on 127.0.0.1 in the same run and prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
cargo bench --bench mock
