#!/usr/bin/env bash
# Run the command-line test suites with every vitrum invocation under valgrind memcheck: any
# memory error or definite/indirect leak makes that invocation exit 99, which fails its case.
# Usage: scripts/valgrind-cli.sh [BUILD_DIR]   (default build; needs a Debug or Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -x "$build/vitrum" ] || { echo "no $build/vitrum: build first (cmake --build $build)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
vg=$(command -v valgrind)
# Absolute paths: one case runs vitrum with an empty PATH (no gnuplot to be found).
cat >"$wrap/vitrum" <<WRAP
#!/bin/bash
exec $vg -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --show-leak-kinds=definite,indirect "$PWD/$build/vitrum" "\$@"
WRAP
chmod +x "$wrap/vitrum"
status=0
for suite in tests/cli/run_cli_tests.sh tests/cli/test_*.sh; do
  echo "== $suite under valgrind" >&2
  bash "$suite" "$wrap/vitrum" "$PWD" | tail -n 1 || status=1
done
exit $status
