#!/usr/bin/env bash
# README command (2), and what CI runs: install dependencies, build with warnings as errors, a
# short libFuzzer smoke run of every parser (ASan + UBSan; any crash, leak or timeout fails;
# PM_FUZZ_SECONDS sets the seconds per target, default 60), then the whole test suite through
# CTest, whose summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."

bash contrib/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPM_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
bash contrib/fuzz.sh "${PM_FUZZ_SECONDS:-60}"
ctest --test-dir build --output-on-failure -j"$(nproc)"
