#!/usr/bin/env bash
# Builds every cargo-fuzz target of fuzz/ (`cargo fuzz list`) with `cargo fuzz build -O` and puts
# the binaries in $OUT, each with its seed corpus as $OUT/<target>_seed_corpus.zip (the committed
# seeds and regression inputs).
#
# ClusterFuzzLite runs it in its container, with $SRC, $OUT and the sanitizer flags set.
# Outside a container (CI, a laptop) it needs only stable Rust and cargo-fuzz:
#   FUZZ_SANITIZER=none OUT=/tmp/fuzz-out bash .clusterfuzzlite/build.sh
# FUZZ_SANITIZER=none builds with `-s none` (no sanitizer, stable toolchain); any other value is
# passed to `cargo fuzz build -s`; unset leaves cargo-fuzz's default (the container's choice).
set -euo pipefail

# The checkout: the working directory when it holds fuzz/ (the container's WORKDIR), else the
# directory above this script.
if [[ -f "$PWD/fuzz/Cargo.toml" ]]; then
    project="$PWD"
else
    project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
SRC="${SRC:-$(dirname "$project")}"
OUT="${OUT:-$project/fuzz/out}"
mkdir -p "$OUT"

sanitizer_args=()
if [[ -n "${FUZZ_SANITIZER:-}" ]]; then
    sanitizer_args=(-s "$FUZZ_SANITIZER")
fi

cd "$project/fuzz"
triple="$(rustc -vV | sed -n 's/^host: //p')"
cargo fuzz build -O "${sanitizer_args[@]}"

zip_dir_contents() { # zip_dir_contents ZIP FILE...: the files, flat, without README.md
    local zip_path="$1"
    shift
    local files=()
    for file in "$@"; do
        [[ -f "$file" && "$(basename "$file")" != README.md ]] && files+=("$file")
    done
    rm -f "$zip_path"
    [[ ${#files[@]} -eq 0 ]] && return 0
    if command -v zip >/dev/null 2>&1; then
        zip -q -j "$zip_path" "${files[@]}"
    else
        python3 -m zipfile -c "$zip_path" "${files[@]}"
    fi
}

for target in $(cargo fuzz list); do
    cp "target/$triple/release/$target" "$OUT/"
    zip_dir_contents "$OUT/${target}_seed_corpus.zip" seeds/"$target"/* regressions/"$target"/*
    echo "built $OUT/$target"
done
