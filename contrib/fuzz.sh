#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++-16 (ASan + UBSan) and runs each for a short smoke
# time, seeded from fixtures made by the real tools. Fails on any crash, leak or timeout.
# Usage: contrib/fuzz.sh [SECONDS_PER_TARGET] (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

build=build-fuzz
CXX=clang++-16 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPM_FUZZ=ON -DPM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
bash tests/fuzz/make-seeds.sh "$corpus"

status=0
for target in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  mkdir -p "$corpus/$name" "$corpus/$name.artifacts"
  echo "fuzz: $name for ${seconds}s"
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
      -print_final_stats=1 -artifact_prefix="$corpus/$name.artifacts/" "$corpus/$name" \
      >"$corpus/$name.log" 2>&1; then
    echo "fuzz: $name FAILED" >&2
    tail -n 60 "$corpus/$name.log" >&2
    mkdir -p fuzz-artifacts && cp -r "$corpus/$name.artifacts" fuzz-artifacts/ || true
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$corpus/$name.log" | sed "s/^/  $name /"
  fi
done
exit "$status"
