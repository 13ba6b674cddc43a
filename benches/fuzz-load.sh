#!/usr/bin/env bash
# Benchmark the over-the-wire fuzzer: installs wrk (Debian) if missing, then runs
# `cargo bench --bench fuzz_wire`, which runs campaigns and wrk on the same embedded mock in the
# same run and prints the ratio, then the memory of a long campaign.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
cargo bench --bench fuzz_wire
