#!/usr/bin/env bash
# Builds and runs the consumer projects of cmake/consumer-test/ against this checkout, as the
# CTest fixtures that `scripts/test.sh` also runs (label `consumer`): install + find_package,
# pkg-config (CMake module and plain command line), add_subdirectory, FetchContent (from a git
# snapshot of this work tree) and a plain include path. Only these: the test suite is not built.
# Everything goes under build/consumers/. Extra arguments go to ctest.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

gelu_install_missing
build="$GELU_ROOT/build/consumers"
gelu_build "$build" -DGELU_BUILD_TESTS=OFF -DGELU_BUILD_BENCHMARKS=OFF -DGELU_CONSUMER_TESTS=ON
cd "$build"
ctest --output-on-failure -j"$GELU_JOBS" --no-tests=error -L consumer "$@"
