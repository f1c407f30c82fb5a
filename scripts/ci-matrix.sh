#!/usr/bin/env bash
# The configurations CI runs after scripts/test.sh (g++ 12, C++17, Release): each compiler and
# C++ standard, and the test suite under AddressSanitizer + UndefinedBehaviorSanitizer. Every
# configuration builds the test suite (the ISAs and fixtures that `config` says, strict warnings
# as errors on the test targets; the float sweep only runs in scripts/test.sh) in its own build
# directory and runs it with ctest; installs the missing Debian packages first.
#
#   scripts/ci-matrix.sh                 the default configurations (`order`), then a summary
#   scripts/ci-matrix.sh clang16-cxx17   only the named ones (scripts/ci-matrix.sh --list)
#
# GELU_CI_BUILD_DIR=<dir> puts the build directories there (default: build/ci).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# name: preset, compiler, C++ standard, then extra CMake options. The standards are strict ISO
# (CMAKE_CXX_EXTENSIONS=OFF). Each configuration checks what no other one does, within CI's hour
# on 2 cores:
# - scripts/test.sh already builds g++'s sse2, avx2 and native tests and the consumer fixtures, so
#   g++'s C++20 build and clang 14 build the native tests only (what differs there is the
#   compiler and the standard); clang 16 builds the three ISAs and the consumer fixtures.
# - clang 16 also builds the same-bits tests in the flag builds (AVX2 and AVX-512F without FMA,
#   SSE4.2, default flags), where its -mavx512f, unlike g++'s, implies FMA and F16C.
# - The sanitizers run with clang 16 on the three ISAs (not the flag builds: their loops are
#   the same code). g++'s sanitizer instrumentation of the
#   array kernels compiles over 20 times slower than clang's (src/dispatch/kernels.cpp, sse2, the
#   asan preset's flags: g++ over 6 minutes, clang 16 15 s; plain -O2 9 s): the g++ ASan build
#   alone outlasted CI's 90 minutes, so it runs only when named. The consumer fixtures test packaging, not memory errors: not under ASan.
declare -A config=(
  [gcc12-cxx20]="release g++ 20 -DGELU_TEST_ISAS=native -DGELU_CONSUMER_TESTS=OFF"
  [clang14-cxx17]="release clang++-14 17 -DGELU_TEST_ISAS=native"
  [clang14-cxx20]="release clang++-14 20"
  [clang16-cxx17]="release clang++-16 17"
  [clang16-cxx20]="release clang++-16 20"
  [asan-clang16-cxx20]="asan clang++-16 20 -DGELU_TEST_ISAS=sse2;avx2;native -DGELU_CONSUMER_TESTS=OFF"
  [asan-gcc12-cxx17]="asan g++ 17 -DGELU_TEST_ISAS=native -DGELU_CONSUMER_TESTS=OFF"
)
# What runs by default: every compiler, each standard with more than one compiler, each ISA's
# tests with g++ and clang and under the sanitizers. clang14-cxx20, clang16-cxx17 and
# asan-gcc12-cxx17 run when named.
order=(format gcc12-cxx20 clang14-cxx17 clang16-cxx20 asan-clang16-cxx20 aarch64-gcc12)
all_configs=(format gcc12-cxx20 clang14-cxx17 clang14-cxx20 clang16-cxx17 clang16-cxx20
             asan-gcc12-cxx17 asan-clang16-cxx20 aarch64-gcc12)

if [[ "${1-}" == "--list" ]]; then
  printf '%s\n' "${all_configs[@]}"
  exit 0
fi
selected=("$@")
((${#selected[@]} > 0)) || selected=("${order[@]}")
for name in "${selected[@]}"; do
  [[ "$name" == format || "$name" == aarch64-gcc12 || -n "${config[$name]+x}" ]] ||
    { echo "unknown configuration: $name" >&2; exit 2; }
done

# Debian 12: clang 14 and 16 with their sanitizer runtimes, clang-format (14) for the check.
GELU_PACKAGES+=(clang-14 libclang-rt-14-dev clang-16 libclang-rt-16-dev clang-format)
gelu_install_missing
root="${GELU_CI_BUILD_DIR:-$GELU_ROOT/build/ci}"

# The files kept in .clang-format's style: all C++ sources but the generated headers
# (tools/gen_coefficients.py writes those).
format_check() {
  cd "$GELU_ROOT"
  git ls-files 'include/*.hpp' 'src/*.cpp' 'src/*.hpp' 'bench/*.cpp' 'bench/*.hpp' 'tests/*.cpp' \
    'tests/*.hpp' 'cmake/consumer-test/*.cpp' 'tools/*.cpp' 'tools/*.hpp' | grep -v -e 'coefficients\.hpp$' -e 'constants\.hpp$' |
    xargs clang-format --dry-run --Werror
}

# AArch64 (NEON): the test suite cross-built with Debian's g++-aarch64-linux-gnu (C++17,
# Release, statically linked against the arm64 MPFR and GMP of Debian's multiarch) and run under
# qemu-aarch64, the accuracy test on its reduced sample (GELU_TEST_REDUCED, see
# tests/test_accuracy.cpp). No consumer tests (they build host projects) and no float sweep.
aarch64_config() {
  local dir="$root/aarch64-gcc12"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    local as_root=()
    ((EUID == 0)) || as_root=(sudo)
    "${as_root[@]}" dpkg --add-architecture arm64
  fi
  GELU_PACKAGES=(g++-aarch64-linux-gnu qemu-user libmpfr-dev:arm64 libgmp-dev:arm64)
  gelu_install_missing
  rm -rf "$dir"
  cmake -S "$GELU_ROOT" -B "$dir" --toolchain "$GELU_ROOT/cmake/toolchains/aarch64-linux-gnu.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DGELU_CONSUMER_TESTS=OFF -DGELU_BUILD_BENCHMARKS=OFF \
    -DGELU_EXHAUSTIVE_STRIDE=0
  cmake --build "$dir" --parallel "$GELU_JOBS"
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$GELU_JOBS"
}

run_config() {
  local name=$1 preset cxx std options
  read -r preset cxx std options <<<"${config[$name]}"
  local dir="$root/$name"
  local extra=()
  read -ra extra <<<"$options"
  rm -rf "$dir"
  cmake --preset "$preset" -S "$GELU_ROOT" -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_STANDARD="$std" -DCMAKE_CXX_EXTENSIONS=OFF -DGELU_EXHAUSTIVE_STRIDE=0 \
    "${extra[@]}"
  cmake --build "$dir" --parallel "$GELU_JOBS"
  if [[ "$preset" == asan ]]; then  # as the asan test preset sets them
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    # The sanitizers look for memory and UB errors, not for worse bounds (the Release builds
    # assert those on the full sample): the accuracy tests take the reduced sample, as under
    # qemu (the g++ ASan configuration took 22 of CI's 54 minutes with the full sample).
    export GELU_TEST_REDUCED=1
  fi
  # mixed_isa builds its own objects (C++17, no sanitizer flags): it depends on the compiler only,
  # so it runs once per compiler: g++ in scripts/test.sh, each clang in its Release
  # configurations; not under the sanitizers, and not again in g++'s C++20 one.
  local skip=()
  [[ "$preset" != asan && "$cxx" != g++ ]] || skip=(-E '^mixed_isa')
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$GELU_JOBS" "${skip[@]}"
}

passed=() failed=() summary=()
for name in "${selected[@]}"; do
  echo "=== ci-matrix: $name"
  start=$SECONDS
  case $name in
    format) cmd=(format_check) ;;
    aarch64-gcc12) cmd=(aarch64_config) ;;
    *) cmd=(run_config "$name") ;;
  esac
  set +e
  (
    set -e  # a subshell, not an `if` condition: errexit holds inside
    "${cmd[@]}"
  )
  rc=$?
  set -e
  if ((rc == 0)); then
    passed+=("$name")
    summary+=("$(printf '%-22s passed  %4d s' "$name" $((SECONDS - start)))")
  else
    failed+=("$name")
    summary+=("$(printf '%-22s FAILED  %4d s' "$name" $((SECONDS - start)))")
  fi
done

echo "=== ci-matrix summary"
printf '%s\n' "${summary[@]}"
echo "ci-matrix: total ${SECONDS} s"
echo "ci-matrix: ${#passed[@]} passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
