#!/usr/bin/env bash
# Runs the benchmarks (after a build in build/):
# - archive_bench on archives made here by the real 7zz: 100 KiB and 100 MiB of random data;
# - detect_bench on 10 MiB of mixed Dutch mail text, then on a ~5 MiB docx/pdf mix that
#   make_document_mix writes from the corpus texts under build/bench-documents (regenerated on
#   every run, never committed).
# Usage: contrib/bench/run.sh [archive|detect]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

if [[ $what == all || $what == archive ]]; then
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
  build/contrib/bench/archive_bench "$work"
fi

if [[ $what == all || $what == detect ]]; then
  cmake --build build -j"$(nproc)" --target detect_bench make_document_mix >/dev/null
  build/contrib/bench/detect_bench .
  documents=build/bench-documents
  rm -rf "$documents"
  build/contrib/bench/make_document_mix . "$documents" >/dev/null
  echo "document mix: $(find "$documents" -name '*.docx' | wc -l) docx and $(find "$documents" -name '*.pdf' | wc -l)" \
    "PDFs, $(du -sk "$documents" | cut -f1) KiB in $documents"
  # A process of its own, so the peak RSS is that of the documents alone.
  build/contrib/bench/detect_bench --documents-only . "$documents"/*.docx "$documents"/*.pdf
fi
