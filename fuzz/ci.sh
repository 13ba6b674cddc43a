#!/usr/bin/env bash
# Fuzzing in CI, on the stable toolchain only: installs cargo-fuzz if it is missing (pinned),
# builds every target with the ClusterFuzzLite build script without a sanitizer (`-s none`) into a
# temporary $OUT, then runs each target for a bounded time on its committed seeds and regression
# inputs. A crash fails the run and leaves its input in fuzz/artifacts/<target>/ (see
# fuzz/README.md for turning it into a regression). Every loop here is bounded.
#
#   bash fuzz/ci.sh                     # 20 s per target
#   FUZZ_SECONDS=60 bash fuzz/ci.sh     # longer
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION="0.13.2"
seconds="${FUZZ_SECONDS:-20}"

if ! cargo fuzz --version 2>/dev/null | grep -qF "$CARGO_FUZZ_VERSION"; then
    echo "==> installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "==> building the fuzz targets (stable, no sanitizer)"
FUZZ_SANITIZER=none OUT="$out" bash .clusterfuzzlite/build.sh

failed=()
for binary in "$out"/*; do
    [[ -f "$binary" && -x "$binary" ]] || continue
    target="$(basename "$binary")"
    echo "==> fuzzing $target for ${seconds}s"
    corpus="$out/corpus-$target"
    artifacts="fuzz/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    # The first directory receives new inputs; the committed ones are only read.
    if ! "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "fuzz/seeds/$target" "fuzz/regressions/$target"; then
        failed+=("$target")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzzing found crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzzing: every target ran ${seconds}s without a crash"
