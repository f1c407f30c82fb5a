// src/dispatch/dispatch.cpp -- the dispatcher of gelu::dispatch, compiled with the project's own
// (baseline) flags: it detects what the CPU runs, reads GELU_ARCH once, and forwards every call
// through the table of the chosen variant (kernels.cpp, compiled once per instruction set).
//
// Detection, x86-64: xsimd::available_architectures() (CPUID; the fields used exist in xsimd 8.1
// and 14), and, with GCC and Clang, __builtin_cpu_supports, which also checks that the operating
// system saves the AVX / AVX-512 registers (XCR0; xsimd 8.1 does not) and reports AVX512VL (xsimd
// 8.1 does not). A variant is used only when every extension its flags enable is there:
//   avx2:   AVX2, FMA (and SSE4.2, POPCNT, which -mavx2 implies);
//   avx512: the above and AVX-512 F, CD, BW, DQ, VL (and F16C, which Clang's -mavx512f implies).
// AArch64: the one variant, neon. The choice (GELU_ARCH: see include/gelu/dispatch.hpp) is made
// on the first call, in a function-local static (thread-safe); each call then costs an atomic
// load and an indirect call.
#include <atomic>
#include <cstdlib>
#include <gelu/dispatch.hpp>
#include <xsimd/xsimd.hpp>

#include "kernel_table.hpp"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#define GELU_DISPATCH_CPU_BUILTINS 1
#else
#define GELU_DISPATCH_CPU_BUILTINS 0
#endif

namespace gelu {
namespace dispatch {
namespace detail {

// The variants built into this library (cmake/gelu-dispatch.cmake defines GELU_DISPATCH_HAS_<isa>
// for each), lowest first.
#if GELU_DISPATCH_HAS_sse2
extern const kernel_table kernels_sse2;
#endif
#if GELU_DISPATCH_HAS_avx2
extern const kernel_table kernels_avx2;
#endif
#if GELU_DISPATCH_HAS_avx512
extern const kernel_table kernels_avx512;
#endif
#if GELU_DISPATCH_HAS_neon
extern const kernel_table kernels_neon;
#endif
#if GELU_DISPATCH_HAS_default
extern const kernel_table kernels_default;
#endif

namespace {

struct variant {
  const kernel_table* table;
  bool cpu_runs;
};

#if GELU_DISPATCH_HAS_avx2 || GELU_DISPATCH_HAS_avx512
bool cpu_runs_avx2() noexcept {
  const auto cpu = xsimd::available_architectures();
  bool ok = cpu.avx2 && cpu.fma3_avx2;
#if GELU_DISPATCH_CPU_BUILTINS
  __builtin_cpu_init();
  ok = ok && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
       __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt");
#endif
  return ok;
}
#endif

#if GELU_DISPATCH_HAS_avx512
bool cpu_runs_avx512() noexcept {
  const auto cpu = xsimd::available_architectures();
  bool ok = cpu_runs_avx2() && cpu.avx512f && cpu.avx512cd && cpu.avx512bw && cpu.avx512dq;
#if GELU_DISPATCH_CPU_BUILTINS
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_F16C) != 0;
  ok = ok && f16c && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
       __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
       __builtin_cpu_supports("avx512vl");
#else
  ok = false;  // AVX512VL and the operating system's support cannot be checked here
#endif
  return ok;
}
#endif

/// The variants of this library, lowest first, and whether this CPU runs each.
struct cpu_variants {
  variant list[3] = {};
  int count = 0;

  cpu_variants() noexcept {
#if GELU_DISPATCH_HAS_sse2
    add(&kernels_sse2, true);  // every x86-64 CPU
#endif
#if GELU_DISPATCH_HAS_avx2
    add(&kernels_avx2, cpu_runs_avx2());
#endif
#if GELU_DISPATCH_HAS_avx512
    add(&kernels_avx512, cpu_runs_avx512());
#endif
#if GELU_DISPATCH_HAS_neon
    add(&kernels_neon, xsimd::available_architectures().neon64 != 0);
#endif
#if GELU_DISPATCH_HAS_default
    add(&kernels_default, true);
#endif
  }
  void add(const kernel_table* t, bool runs) noexcept {
    if (count < 3) list[count++] = {t, runs};
  }
};

const cpu_variants& variants() noexcept {
  static const cpu_variants v;  // thread-safe, once
  return v;
}

bool same_name(const char* a, const char* b) noexcept {  // ASCII, case-insensitive
  for (; *a && *b; ++a, ++b) {
    char ca = (*a >= 'A' && *a <= 'Z') ? static_cast<char>(*a - 'A' + 'a') : *a;
    char cb = (*b >= 'A' && *b <= 'Z') ? static_cast<char>(*b - 'A' + 'a') : *b;
    if (ca != cb) return false;
  }
  return *a == *b;
}

/// The widest variant the CPU runs, no wider than `cap` when cap names one of the variants
/// (nullptr, "" or any other value: no cap).
const kernel_table* choose(const char* cap) noexcept {
  const cpu_variants& v = variants();
  int limit = v.count - 1;
  if (cap != nullptr) {
    for (int i = 0; i < v.count; ++i)
      if (same_name(cap, v.list[i].table->isa)) limit = i;
  }
  for (int i = limit; i >= 0; --i)
    if (v.list[i].cpu_runs) return v.list[i].table;
  return v.list[0].table;  // not reached: the lowest variant always runs
}

std::atomic<const kernel_table*> chosen{nullptr};

const kernel_table& first_choice() noexcept {
  static const kernel_table* const t = [] {
    const kernel_table* c = choose(std::getenv("GELU_ARCH"));
    chosen.store(c, std::memory_order_release);
    return c;
  }();
  return *t;
}

inline const kernel_table& active() noexcept {
  const kernel_table* t = chosen.load(std::memory_order_acquire);
  return t != nullptr ? *t : first_choice();
}

}  // namespace

const char* select(const char* cap) noexcept {
  first_choice();  // the one-time choice is made (and will not overwrite this one)
  const kernel_table* t = choose(cap);
  chosen.store(t, std::memory_order_release);
  return t->isa;
}

const char* active_isa_namespace() noexcept { return active().isa_namespace; }

}  // namespace detail

const char* active_isa() noexcept { return detail::active().isa; }

// The public overloads of each element type (dispatch.hpp), forwarded to the active variant.
#define GELU_DISPATCH_FORWARDERS(T)                                                             \
  void forward(const T* x, T* y, std::size_t n, approximate a, accuracy p) noexcept {           \
    detail::active().of<T>().forward(x, y, n, a, p);                                            \
  }                                                                                             \
  void backward(const T* dy, const T* x, T* dx, std::size_t n, approximate a,                   \
                accuracy p) noexcept {                                                          \
    detail::active().of<T>().backward(dy, x, dx, n, a, p);                                      \
  }                                                                                             \
  void forward_and_derivative(const T* x, T* y, T* dydx, std::size_t n, approximate a,          \
                              accuracy p) noexcept {                                            \
    detail::active().of<T>().forward_and_derivative(x, y, dydx, n, a, p);                       \
  }                                                                                             \
  void geglu_forward(const T* gate, const T* up, T* y, std::size_t n, approximate a,            \
                     accuracy p) noexcept {                                                     \
    detail::active().of<T>().geglu_forward(gate, up, y, n, a, p);                               \
  }                                                                                             \
  void geglu_backward(const T* dy, const T* gate, const T* up, T* dgate, T* dup, std::size_t n, \
                      approximate a, accuracy p) noexcept {                                     \
    detail::active().of<T>().geglu_backward(dy, gate, up, dgate, dup, n, a, p);                 \
  }
GELU_DISPATCH_FORWARDERS(float)
GELU_DISPATCH_FORWARDERS(double)
GELU_DISPATCH_FORWARDERS(bfloat16)
GELU_DISPATCH_FORWARDERS(float16)
#undef GELU_DISPATCH_FORWARDERS

}  // namespace dispatch
}  // namespace gelu
