#!/usr/bin/env bash
# Seeds for the fuzz targets, made by the real tools: OUT/fuzz_<target>/ per target.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# MIME: the example messages (real 7z archives and documents inside).
mkdir -p "$out/fuzz_mime"
bash "$here/../../contrib/examples/make-examples.sh" "$out/fuzz_mime" >/dev/null

# Archives: small files with every option the readers distinguish.
printf 'Verwijzing gezin Janssens\n' >"$work/a.txt"
printf 'tweede bestand\n' >"$work/b.txt"
mkdir -p "$out/fuzz_seven_zip" "$out/fuzz_zip"
(
  cd "$work"
  7zz a -t7z -mhe=on -p'pw1234' s1.7z a.txt >/dev/null
  7zz a -t7z -mhe=off -p'pw1234' s2.7z a.txt b.txt >/dev/null
  7zz a -t7z s3.7z a.txt b.txt >/dev/null
  7zz a -t7z -m0=lzma s4.7z a.txt >/dev/null
  7zz a -t7z -m0=copy s5.7z a.txt >/dev/null
  cp s3.7z s6.7z && 7zz a -t7z s6.7z b.txt >/dev/null
  zip -q z1.zip a.txt b.txt
  zip -q -P pw1234 z2.zip a.txt
  7zz a -tzip -mem=AES256 -p'pw1234' z3.zip a.txt >/dev/null
  7zz a -tzip -mem=AES128 -p'pw1234' z4.zip a.txt >/dev/null
  zip -q -0 z5.zip a.txt
)
cp "$work"/*.7z "$out/fuzz_seven_zip/"
cp "$work"/*.zip "$out/fuzz_zip/"
