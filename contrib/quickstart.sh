#!/usr/bin/env bash
# README command (1): install dependencies, build, make the example messages and judge them with
# `protocol-milter check` against the shipped rules. Exit 0 when every step worked (the examples
# themselves include rejected messages on purpose).
set -euo pipefail
cd "$(dirname "$0")/.."

bash contrib/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
bash contrib/examples/make-examples.sh >/dev/null
echo
echo "== protocol-milter check over contrib/examples/out/ (shipped rules) =="
echo
status=0
build/protocol-milter check --config rules/gateway.toml contrib/examples/out/*.eml || status=$?
# Exit 1 only means "some message was not accepted", which the examples are made to show.
if [ "$status" -gt 1 ]; then
  echo "quickstart: protocol-milter check failed with status $status" >&2
  exit "$status"
fi
