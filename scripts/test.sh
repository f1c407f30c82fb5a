#!/usr/bin/env bash
# The test command: installs what is missing, builds the tests (Release) and runs them with ctest
# (CONTRIBUTING.md lists the tests).
# Extra arguments go to ctest, e.g. `scripts/test.sh -R forward`.
# The float sweeps run every 15th float input by default; GELU_EXHAUSTIVE_STRIDE=1 scripts/test.sh
# runs them over all 2^32 (about 35 minutes on 2 cores), GELU_EXHAUSTIVE_STRIDE=0 skips them.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

gelu_install_missing
build="$GELU_ROOT/build/test"
gelu_build "$build" -DGELU_BUILD_TESTS=ON -DGELU_BUILD_BENCHMARKS=OFF \
  -DGELU_EXHAUSTIVE_STRIDE="${GELU_EXHAUSTIVE_STRIDE:-15}"

ctest_args=(--output-on-failure -j"$GELU_JOBS")
# Once the test suite exists, an empty test list is a failure, not a pass.
if [[ -f "$GELU_ROOT/tests/CMakeLists.txt" ]]; then ctest_args+=(--no-tests=error); fi
cd "$build"
ctest "${ctest_args[@]}" "$@"
