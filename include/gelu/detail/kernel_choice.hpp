// gelu/detail/kernel_choice.hpp -- the one table that decides which kernel computes a function.
//
// For (form A, tier P, element type E, what the build has), kernel_choice says which kernel
// family runs, whether the fast float kernels take their exp-free table path, and which array
// loop runs them. Every entry point asks it and nothing else: the scalar and batch functions
// (evaluate.hpp), the array loops (arrays.hpp: per batch or compacting), 16-bit storage (computed
// as E = float), GeGLU (geglu.hpp) and each gelu::dispatch variant (gelu.hpp compiled for that
// instruction set). So in one build a result never depends on the path that computed it.
#pragma once

#include <type_traits>

#include "../types.hpp"
#include "isa_namespace.hpp"

/// GELU_HAS_FMA: the build targets a fused multiply-add instruction for scalars and for every
/// batch width the kernels use: FMA3 (-mfma), AVX-512F (which has its own; GCC's -mavx512f does
/// not define __FMA__), AArch64, 32-bit Arm with VFPv4. The kernels then fuse in the scalar and
/// the batch paths alike; without it both round the product first.
#if defined(__FMA__) || defined(__AVX512F__) || defined(__aarch64__) || defined(_M_ARM64) || \
    defined(__ARM_FEATURE_FMA)
#define GELU_HAS_FMA 1
#else
#define GELU_HAS_FMA 0
#endif

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// The exp-free table path of the fast float kernels (fast_kernels.hpp), by the register permute
/// the instruction set has: AVX-512's vpermt2ps reads a coefficient from 32 entries (rows32:
/// -3.125 <= x < 4.875), AVX2's vpermps from 8 (mirror8: |x| < 3.75); SSE2 and NEON have no such
/// permute in xsimd, and a table there costs more than the exp it saves (none).
enum class table_path { none, rows32, mirror8 };

/// The loop of an array function: every element through the whole kernel, batch by batch
/// (batch_loop.hpp), or the table path first and the rest gathered (compacting_loops.hpp).
enum class array_loop { per_batch, compacting };

/// What a build offers the kernels: hardware FMA, and its instruction set's table path.
template <bool Fma, table_path Tables>
struct build_traits {
  static constexpr bool fma = Fma;
  static constexpr table_path tables = Tables;
};

/// This translation unit's build.
using this_build = build_traits<GELU_HAS_FMA != 0,
#if defined(__AVX512F__)
                                table_path::rows32
#elif defined(__AVX2__)
                                table_path::mirror8
#else
                                table_path::none
#endif
                                >;

/// Whether a (p) is one of the enumerators of approximate (accuracy).
constexpr bool is_enumerator(approximate a) noexcept {
  return a == approximate::none || a == approximate::tanh || a == approximate::sigmoid;
}
constexpr bool is_enumerator(accuracy p) noexcept {
  return p == accuracy::fast || p == accuracy::precise;
}

/// Whether A and P are enumerators of approximate and accuracy.
template <approximate A, accuracy P>
inline constexpr bool is_choice = is_enumerator(A) && is_enumerator(P);

/// The table. E: the type the kernel computes in (float for float, bfloat16 and float16; double).
///   kernels: the family that computes tier P. Without hardware FMA the fast float kernels of
///     the tanh and sigmoid forms pay for their error-free products with Dekker splits and are
///     slower than the precise ones, which also meet the fast tier's bound: those run instead.
///   tables: the fast float kernels' table path (none for double and for the precise kernels).
///   loop: compacting wherever there is a table path, else per batch.
template <approximate A, accuracy P, class E, class Build = this_build>
struct kernel_choice {
  static_assert(is_choice<A, P>, "gelu: not an enumerator of gelu::approximate / gelu::accuracy");
  static_assert(std::is_same<E, float>::value || std::is_same<E, double>::value,
                "gelu: kernels compute in float or double");
  static constexpr bool is_float = std::is_same<E, float>::value;
  static constexpr accuracy kernels =
      (P == accuracy::fast && is_float && A != approximate::none && !Build::fma) ? accuracy::precise
                                                                                 : P;
  static constexpr table_path tables =
      (kernels == accuracy::fast && is_float) ? Build::tables : table_path::none;
  static constexpr array_loop loop =
      tables != table_path::none ? array_loop::compacting : array_loop::per_batch;
};

template <approximate A>
using form = std::integral_constant<approximate, A>;
template <accuracy P>
using tier = std::integral_constant<accuracy, P>;

/// Calls f(form<a>{}, tier<p>{}) for a run-time `a` and `p`; false (f not called) when either is
/// not an enumerator.
template <class F>
inline bool with_choice(approximate a, accuracy p, F&& f) noexcept {
  auto with_tier = [&](auto form_a) {
    switch (p) {
      case accuracy::fast:
        f(form_a, tier<accuracy::fast>{});
        return true;
      case accuracy::precise:
        f(form_a, tier<accuracy::precise>{});
        return true;
    }
    return false;
  };
  switch (a) {
    case approximate::none:
      return with_tier(form<approximate::none>{});
    case approximate::tanh:
      return with_tier(form<approximate::tanh>{});
    case approximate::sigmoid:
      return with_tier(form<approximate::sigmoid>{});
  }
  return false;
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
