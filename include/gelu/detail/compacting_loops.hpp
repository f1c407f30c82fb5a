// gelu/detail/compacting_loops.hpp -- the array loops that kernel_choice.hpp names `compacting`:
// the fast float kernels with a table path (AVX2 and AVX-512 builds), for the element types
// computed in float (float, bfloat16, float16).
// Block by block (16 batches), every element first takes the body path (fast_kernels.hpp's
// in_body: tables, no exp) and is stored; the elements outside the body are gathered into dense
// batches (a register compress -- vcompressps, or vpermps with the lane order looked up by the
// mask on AVX2 -- and one store per batch that has any), the general path runs once per batch of
// gathered elements, and its results are expanded back into their batches. Why: evaluated per
// batch, one lane outside the body makes the whole batch pay for the general path (with exp);
// gathered, the general path costs in proportion to the elements that take it.
//
// Same bits as the other loops: each element's result is body_part(x) or general_part(x), as
// in assemble() (fast_kernels.hpp), both element-wise, so its value depends on its x (and dy)
// alone, whatever the array's length, alignment, position or the other elements. A batch's
// inputs are read (and gathered) before its outputs are written, so the aliasing rules of the
// array functions (arrays.hpp, geglu.hpp) hold.
//
// The Kernels are those of the per-batch loop (batch_loop.hpp), on the evaluator of one path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "batch_loop.hpp"
#include "fast_kernels.hpp"
#include "isa.hpp"
#include "kernel_choice.hpp"
#include "kernel_common.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

#if defined(__AVX512F__) || defined(__AVX2__)

/// Which path an on_path evaluator takes.
enum class path { body, general };

/// The evaluator of one path of the fast tier (fast_kernels.hpp's body_part / general_part).
template <path Q, approximate A>
struct on_path {
  static constexpr accuracy tier = accuracy::fast;
  template <want W, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> at(const B& x) noexcept {
    if constexpr (Q == path::body)
      return fast::body_part<A, W>(x);
    else
      return fast::general_part<A, W>(x);
  }
  template <class B>
  static GELU_FORCE_INLINE B derivative_times(const B& x, const B& dy) noexcept {
    return dy * at<want::derivative>(x).derivative;
  }
};

/// The lanes m of the batch at element i of op's outputs replaced, in lane order, by r0[0..] in
/// out0 and r1[0..] in out1 (each rounded once to the storage type; the other lanes, read back
/// from it, are stored unchanged).
template <class Op>
GELU_FORCE_INLINE void patch(const Op& op, const xsimd::batch_bool<float>& m, const float* r0,
                             const float* r1, std::size_t i) noexcept {
  using io = typename Op::io;
  using arch = typename Op::batch::arch_type;
  if constexpr (Op::writes0)
    io::store(isa::expand(io::load(op.out0 + i), m, r0, arch{}), op.out0 + i);
  if constexpr (Op::writes1)
    io::store(isa::expand(io::load(op.out1 + i), m, r1, arch{}), op.out1 + i);
}

/// Runs Kernel<E> (batch_loop.hpp) over the n elements of op (computed in float: float, bfloat16,
/// float16): the body path for every element; the general path for the others, gathered block
/// by block; the tail by batch_loop, through the whole kernel (the same select of the two paths,
/// per element).
template <template <class> class Kernel, approximate A, class Op>
GELU_FORCE_INLINE void compacting_loop(const Op& op, std::size_t n) noexcept {
  static_assert(kernel_choice<A, accuracy::fast, float>::loop == array_loop::compacting,
                "gelu: the compacting loop runs only what kernel_choice gives it");
  using batch = xsimd::batch<float>;
  using mask = xsimd::batch_bool<float>;
  using arch = typename batch::arch_type;
  using body = Kernel<on_path<path::body, A>>;
  using general = Kernel<on_path<path::general, A>>;
  constexpr std::size_t w = batch::size;
  constexpr std::size_t block = 16;  // batches per block
  // a block's gathered inputs and their general-path results, one spare batch for the stores
  alignas(64) float gx[(block + 1) * w];
  alignas(64) float ga[(block + 1) * w];
  alignas(64) float gb[(block + 1) * w];
  alignas(64) float r0[(block + 1) * w];
  alignas(64) float r1[(block + 1) * w];
  mask outside[block];
  std::size_t count[block];  // how many of each batch's elements were gathered (if any)
  const batch zero(0.0f);

  std::size_t i = 0;
  while (i + w <= n) {
    const std::size_t batches = (n - i) / w < block ? (n - i) / w : block;
    std::size_t gathered = 0;
    unsigned with_outside = 0;                   // bit k: batch k has gathered elements
    for (std::size_t k = 0; k < batches; ++k) {  // the body path; the others' inputs gathered
      const std::size_t at = i + k * w;
      const batch x = op.load(op.x, at);
      const batch a = Op::uses_a ? op.load(op.a, at) : zero;
      const batch b = Op::uses_b ? op.load(op.b, at) : zero;
      const mask out = !fast::in_body(x);
      if (xsimd::any(out)) {
        outside[k] = out;
        count[k] = isa::compress_store(x, out, gx + gathered, arch{});
        if constexpr (Op::uses_a) isa::compress_store(a, out, ga + gathered, arch{});
        if constexpr (Op::uses_b) isa::compress_store(b, out, gb + gathered, arch{});
        gathered += count[k];
        with_outside |= 1u << k;
      }
      op.put(body::evaluate(x, a, b), at, w);  // after its inputs are read
    }
    if (gathered > 0) {
      zero.store_unaligned(gx + gathered);  // the last general batch's spare lanes
      if constexpr (Op::uses_a) zero.store_unaligned(ga + gathered);
      if constexpr (Op::uses_b) zero.store_unaligned(gb + gathered);
      for (std::size_t k = 0; k < gathered; k += w) {
        const batch a = Op::uses_a ? batch::load_aligned(ga + k) : zero;
        const batch b = Op::uses_b ? batch::load_aligned(gb + k) : zero;
        const outputs<batch> r = general::evaluate(batch::load_aligned(gx + k), a, b);
        // only the outputs patch() reads: GCC made the unused one's stores of zeros a memset
        // call, after which it reloaded the body path's tables, once per block
        if constexpr (Op::writes0) r.out0.store_aligned(r0 + k);
        if constexpr (Op::writes1) r.out1.store_aligned(r1 + k);
      }
      for (std::size_t used = 0; with_outside != 0; with_outside &= with_outside - 1) {
        const auto k = static_cast<std::size_t>(__builtin_ctz(with_outside));
        patch(op, outside[k], r0 + used, r1 + used, i + k * w);
        used += count[k];
      }
    }
    i += batches * w;
  }
  batch_loop<Kernel<whole<A, accuracy::fast>>>(op, n, i);  // the tail (fewer than w elements)
}
#else
// No table path without AVX2 (kernel_choice.hpp). Declared for arrays.hpp's discarded
// `if constexpr` branch; never defined nor called here.
template <template <class> class Kernel, approximate A, class Op>
void compacting_loop(const Op& op, std::size_t n) noexcept;
#endif

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
