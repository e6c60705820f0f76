#!/usr/bin/env bash
# Runs the benchmarks on archives made here by the real 7zz: 100 KiB and 100 MiB of random data.
# Usage: contrib/bench/run.sh   (after a build in build/)
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build -j"$(nproc)" --target archive_bench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 102400 /dev/urandom >"$work/small.bin"
head -c 104857600 /dev/urandom >"$work/large.bin"
(
  cd "$work"
  7zz a -t7z -mx=0 -mhe=on -p'Bench-Pass-2026' small.7z small.bin >/dev/null
  7zz a -t7z -mx=0 -mhe=off -p'Bench-Pass-2026' small-names.7z small.bin >/dev/null
  7zz a -t7z -mx=0 -mhe=on -p'Bench-Pass-2026' large.7z large.bin >/dev/null
  7zz a -t7z -mx=0 small-plain.7z small.bin >/dev/null
  7zz a -t7z -mx=0 large-plain.7z large.bin >/dev/null
  7zz a -tzip -mx=0 -mem=AES256 -p'Bench-Pass-2026' small.zip small.bin >/dev/null
  7zz a -tzip -mx=0 -mem=AES256 -p'Bench-Pass-2026' large.zip large.bin >/dev/null
)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
build/contrib/bench/archive_bench "$work"
