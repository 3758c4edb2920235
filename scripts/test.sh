#!/usr/bin/env bash
# Build and run the whole test suite twice: an optimised gcc build with warnings as errors, and
# a clang build with AddressSanitizer + UndefinedBehaviorSanitizer (leak checks on); then the
# tests that run library code on several threads (ctest label "threads") under ThreadSanitizer,
# with clang's OpenMP (libomp) and LLVM's Archer tool, so OpenMP's own synchronisation is known
# to TSan (libgomp is not instrumented and gives false reports). About a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

echo "== gcc, Release, -Werror" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc -DVITRUM_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== clang, ASan + UBSan, -Werror" >&2
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DVITRUM_SANITIZE=ON -DVITRUM_WERROR=ON -DVITRUM_BUILD_BENCH=OFF >/dev/null
cmake --build build-sanitize -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure -j "$jobs"

echo "== clang, ThreadSanitizer, threaded tests (ctest -L threads)" >&2
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DVITRUM_TSAN=ON -DVITRUM_WERROR=ON -DVITRUM_BUILD_BENCH=OFF -DVITRUM_MD=OFF >/dev/null
cmake --build build-tsan -j "$jobs" --target test_threads test_stream
ctest --test-dir build-tsan --output-on-failure -L threads -j "$jobs"
