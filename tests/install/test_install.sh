#!/usr/bin/env bash
# Install the build into a fresh prefix and build a program against it with pkg-config only:
# the installed vitrum.pc must find its own prefix (it is relocatable), the headers must stand
# alone, and the program must run against the installed shared library.
#
#   usage: test_install.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$1
SRC=$2
prefix=$(mktemp -d "${TMPDIR:-/tmp}/vitrum-prefix.XXXXXX") || exit 2
trap 'rm -rf "$prefix"' EXIT
fail() {
  echo "FAIL install: $*"
  echo "0 passed, 1 failed"
  exit 1
}
cmake --install "$BUILD" --prefix "$prefix/usr" >/dev/null || fail "cmake --install failed"
pc=$(find "$prefix" -name vitrum.pc | head -n 1)
[ -n "$pc" ] || fail "no vitrum.pc installed"
export PKG_CONFIG_PATH=${pc%/*}
got=$(cd "$(pkg-config --variable=prefix vitrum)" 2>/dev/null && pwd -P)
[ "$got" = "$(cd "$prefix/usr" && pwd -P)" ] || fail "vitrum.pc names prefix '$got', installed in $prefix/usr"
flags=$(pkg-config --cflags --libs vitrum) || fail "pkg-config --cflags --libs vitrum failed"
cc -std=c11 -Wall -Werror "$SRC/tests/install/consumer.c" $flags -o "$prefix/consumer" ||
  fail "the consumer does not build with: $flags"
LD_LIBRARY_PATH=$(pkg-config --variable=libdir vitrum) "$prefix/consumer" || fail "the consumer failed"
# The paper presets install next to the data (share/vitrum/presets; vitrum @paper002 finds them
# there, or in the source tree).
for p in "$SRC"/presets/*.opts; do
  [ -f "$prefix/usr/share/vitrum/presets/${p##*/}" ] || fail "preset ${p##*/} not installed"
done
echo "1 passed, 0 failed"
