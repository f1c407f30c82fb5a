#!/usr/bin/env bash
# Builds and runs the consumer projects of cmake/consumer-test/ against this checkout:
# install + find_package, pkg-config (CMake module and plain command line), add_subdirectory,
# FetchContent (from this repository's committed HEAD; set GELU_GIT_TAG to fetch another
# revision), and a plain include path. Everything goes under build/consumers/.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GELU_PACKAGES+=(git)  # for FetchContent
gelu_install_missing
out="$GELU_ROOT/build/consumers"
src="$GELU_ROOT/cmake/consumer-test"
rm -rf "$out"

# Install to a prefix other than the configured one, so relocation is exercised too.
cmake -S "$GELU_ROOT" -B "$out/gelu" -DGELU_INSTALL=ON -DGELU_BUILD_TESTS=OFF -DGELU_BUILD_BENCHMARKS=OFF
cmake --install "$out/gelu" --prefix "$out/prefix"

consumer() {
  local name=$1
  shift
  echo "== consumer: $name"
  cmake -S "$src/$name" -B "$out/$name" "$@"
  cmake --build "$out/$name" --parallel "$GELU_JOBS"
  "$out/$name/consumer"
}
consumer find_package -DCMAKE_PREFIX_PATH="$out/prefix"
consumer pkg_config -DCMAKE_PREFIX_PATH="$out/prefix"
consumer add_subdirectory
consumer fetch_content -DGELU_GIT_TAG="${GELU_GIT_TAG:-$(git -C "$GELU_ROOT" rev-parse HEAD)}"

echo "== consumer: pkg-config --cflags gelu"
mapfile -t -d ' ' cflags < <(PKG_CONFIG_PATH="$out/prefix/share/pkgconfig" pkg-config --cflags gelu | tr -d '\n')
c++ -std=c++17 "${cflags[@]}" "$src/src/main.cpp" "$src/src/other.cpp" -o "$out/pkg_config_plain"
"$out/pkg_config_plain"

echo "== consumer: plain include path"
c++ -std=c++17 -I"$GELU_ROOT/include" "$src/src/main.cpp" "$src/src/other.cpp" -o "$out/plain"
"$out/plain"
echo "all consumers built and ran"
