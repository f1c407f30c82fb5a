// Skips (exit 77, ctest SKIP_RETURN_CODE) a test binary built for an ISA this CPU lacks, before
// main runs any of its code.
#include <cstdio>
#include <cstdlib>

namespace {
bool cpu_has_build_isa() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
#if defined(__AVX512F__)
  if (!__builtin_cpu_supports("avx512f")) return false;
#endif
#if defined(__AVX2__)
  if (!__builtin_cpu_supports("avx2")) return false;
#endif
#if defined(__FMA__)
  if (!__builtin_cpu_supports("fma")) return false;
#endif
#endif
  return true;
}
const bool checked = [] {
  if (!cpu_has_build_isa()) {
    std::puts("this CPU lacks the instruction set this test was built for: skipped");
    std::exit(77);
  }
  return true;
}();
}  // namespace
