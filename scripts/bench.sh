#!/usr/bin/env bash
# The benchmark command (docs/performance.md: method and results). Installs what is missing (the
# peers' Debian packages too, on a best-effort basis: a peer that cannot be installed is skipped),
# builds gelu_bench and gelu_bench_accuracy (Release, -O3, GELU_BENCH_ARCH_FLAGS or
# -march=native), runs gelu and every peer in one process on two input sets (wide: normal(0, 3)
# with tails; n01: N(0, 1)), measures everyone's accuracy (on inputs of its own, the same for
# all), then prints the comparison tables and writes the plots. About 2.5 minutes once built
# (2 cores); --long for a slower, steadier run.
#
#   scripts/bench.sh                                   # the default run
#   scripts/bench.sh --long                            # 5 repetitions (median), denser accuracy
#   scripts/bench.sh --docs                            # also copy table and plots to docs/bench/
#   scripts/bench.sh --benchmark_filter='/f32/4096$'   # other arguments go to gelu_bench
#   scripts/bench.sh --benchmark_filter='/n01/'        # one input set only
#   GELU_BENCH_ARCH_FLAGS='-mavx2 -mfma' scripts/bench.sh   # another instruction set
#   GELU_BENCH_ARCH_FLAGS='' scripts/bench.sh               # the compiler's default (SSE2)
#   GELU_BENCH_PEERS='eigen;onednn' scripts/bench.sh        # only these optional peers
# Build: $GELU_BENCH_BUILD_DIR (default build/bench, or build/bench-<flags> for other flags).
# Results: <build>/results/ (bench.json, accuracy.txt, ulp.csv, report.md, *.png; GeGLU:
# geglu.json, geglu.txt).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

long=0
docs=0
args=()
for a in "$@"; do
  case "$a" in
    --long) long=1 ;;
    --docs) docs=1 ;;
    *) args+=("$a") ;;
  esac
done

gelu_install_missing
# Peers: each optional. All at once first; if that fails, one by one, so that a package that
# cannot be installed skips only its peer.
# A peer is one group of packages: Debian's oneDNN CMake package needs the OpenCL development
# files (its config runs find_package(OpenCL REQUIRED)), so they come with it.
peers=("libeigen3-dev" "libsleef-dev" "libdnnl-dev ocl-icd-opencl-dev opencl-headers" "libtorch-dev"
       "python3-matplotlib")
read -r -a GELU_PACKAGES <<<"${peers[*]}"
if ! gelu_install_missing; then
  for p in "${peers[@]}"; do
    read -r -a GELU_PACKAGES <<<"$p"
    gelu_install_missing || echo "gelu: could not install $p; that peer is skipped" >&2
  done
fi

arch_flags=${GELU_BENCH_ARCH_FLAGS--march=native}
if [[ -n "${GELU_BENCH_BUILD_DIR:-}" ]]; then
  build=$GELU_BENCH_BUILD_DIR
elif [[ "$arch_flags" == "-march=native" ]]; then
  build="$GELU_ROOT/build/bench"
else  # one build directory per instruction set: switching does not rebuild the others
  build="$GELU_ROOT/build/bench-$(tr -c 'A-Za-z0-9_=.\n-' '_' <<<"${arch_flags:-default}")"
fi
out="$build/results"
gelu_build "$build" -DGELU_BUILD_TESTS=OFF -DGELU_BUILD_BENCHMARKS=ON \
  -DGELU_BENCH_ARCH_FLAGS="$arch_flags" \
  -DGELU_BENCH_PEERS="${GELU_BENCH_PEERS-eigen;sleef;onednn;torch}"
mkdir -p "$out"

# One thread for the peers that have a thread pool (oneDNN, libtorch).
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# 2 types x ~40 kernels x (4 K and 16 M on both input sets, 256 K on wide only): about 400
# benchmarks. Each warms up (first-touch, caches, oneDNN's primitives are made in prepare())
# before it is timed.
if ((long)); then
  timing=(--benchmark_min_time=0.5 --benchmark_min_warmup_time=0.1 --benchmark_repetitions=5
    --benchmark_report_aggregates_only=true)
  accuracy=(--long)
else
  timing=(--benchmark_min_time=0.1 --benchmark_min_warmup_time=0.02)
  accuracy=()
fi
rev=$(git -C "$GELU_ROOT" describe --always --dirty 2>/dev/null || echo unknown)
rm -f "$out/bench.json"
"$build/bench/gelu_bench" "${timing[@]}" --benchmark_counters_tabular=true \
  --benchmark_context=gelu_commit="$rev" \
  --benchmark_out="$out/bench.json" --benchmark_out_format=json "${args[@]}"
if [[ ! -s "$out/bench.json" ]]; then  # a filter that matched nothing: no report to make
  echo "gelu: no benchmark ran; names are <impl>/<form>/<fwd|bwd|fused>/<type>/<set>/<n>" \
    "($build/bench/gelu_bench --benchmark_list_tests)" >&2
  exit 1
fi
if [[ -x "$build/bench/gelu_bench_accuracy" ]]; then
  "$build/bench/gelu_bench_accuracy" "${accuracy[@]}" --csv "$out/ulp.csv" >"$out/accuracy.txt"
fi
# GeGLU: fused against the two-pass composition and libtorch (docs/performance.md, Fused GeGLU).
"$build/bench/gelu_bench_geglu" "${timing[@]}" --benchmark_context=gelu_commit="$rev" \
  --benchmark_out="$out/geglu.json" --benchmark_out_format=json >"$out/geglu.txt"

# Debian's python3 (with python3-matplotlib), not a python3 that happens to come first in PATH.
python=python3
[[ -x /usr/bin/python3 ]] && python=/usr/bin/python3
report=("$GELU_ROOT/tools/bench_report.py" "$out/bench.json" --plots "$out")
[[ -f "$out/accuracy.txt" ]] && report+=(--accuracy "$out/accuracy.txt" --csv "$out/ulp.csv")
"$python" "${report[@]}" | tee "$out/report.md"

if ((docs)); then  # the copy docs/performance.md and the README show
  mkdir -p "$GELU_ROOT/docs/bench"
  cp "$out/report.md" "$out"/*.png "$GELU_ROOT/docs/bench/"
  echo "copied report.md and the plots to docs/bench/"
fi
