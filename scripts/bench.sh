#!/usr/bin/env bash
# Installs what is missing, builds the benchmarks (Release, -O3 -march=native) and runs them.
# Extra arguments go to the benchmark binary and override the defaults below, e.g.
#   scripts/bench.sh --benchmark_filter='gelu/exact/fwd/f32' --benchmark_min_time=1
# GELU_BENCH_ARCH_FLAGS='-mavx2 -mfma' scripts/bench.sh   benchmarks another instruction set.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

gelu_install_missing
build="$GELU_ROOT/build/bench"
gelu_build "$build" -DGELU_BUILD_TESTS=OFF -DGELU_BUILD_BENCHMARKS=ON \
  -DGELU_BENCH_ARCH_FLAGS="${GELU_BENCH_ARCH_FLAGS--march=native}"

exec "$build/bench/gelu_bench" --benchmark_min_time=0.2 --benchmark_counters_tabular=true "$@"
