#!/usr/bin/env bash
# README command (2), and what CI runs: install dependencies, build with warnings as errors, and
# run the whole test suite through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash contrib/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPM_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
