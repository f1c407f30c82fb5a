#!/usr/bin/env bash
# Installs what is missing, builds the tests (Release) and runs them with ctest.
# Extra arguments go to ctest, e.g. `scripts/test.sh -R forward`.
# GELU_EXHAUSTIVE_TESTS=ON scripts/test.sh also builds and runs the exhaustive float32 sweep.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

gelu_install_missing
build="$GELU_ROOT/build/test"
gelu_build "$build" -DGELU_BUILD_TESTS=ON -DGELU_BUILD_BENCHMARKS=OFF \
  -DGELU_EXHAUSTIVE_TESTS="${GELU_EXHAUSTIVE_TESTS:-OFF}"

ctest_args=(--output-on-failure -j"$GELU_JOBS")
# Once the test suite exists, an empty test list is a failure, not a pass.
if [[ -f "$GELU_ROOT/tests/CMakeLists.txt" ]]; then ctest_args+=(--no-tests=error); fi
cd "$build"
ctest "${ctest_args[@]}" "$@"
