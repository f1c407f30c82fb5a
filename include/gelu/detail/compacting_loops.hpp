// gelu/detail/compacting_loops.hpp -- the float array loops of the fast tier in AVX-512 builds.
// Block by block (16 batches), every element first takes the body path (|x| <= 3.875: tables,
// no exp) and is stored; the elements outside the body are gathered into dense batches (a
// register compress and one store per batch that has any), the general path runs once per 16
// gathered elements, and its results are expanded back into their batches. A batch with one
// tail lane thus no longer pays for the general path on all 16: on normal(0, 3) inputs, where
// about 20 % of the elements and nearly every batch have one, this is 1.5-2x faster than
// evaluating both paths per batch, and level with it on N(0, 1) inputs (README, Speed).
//
// Same bits as the other loops: each element's result is body_part(x) or general_part(x), as
// in assemble() (fast_kernels.hpp), both element-wise, so its value depends on its x (and dy)
// alone, whatever the array's length, alignment, position or the other elements. A batch's
// inputs are read (and gathered) before its outputs are written, so the aliasing rules of
// arrays.hpp hold: y may be x; dx may be dy or x; y or dydx may be x.
#pragma once

#include <cstddef>
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "fast_kernels.hpp"
#include "isa.hpp"
#include "kernel_common.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

#if defined(__AVX512F__)
inline constexpr bool compacting_loops = true;

/// Which path a Kernel evaluates (compacting_arrays below).
enum class path { body, general };

/// The arrays of one operation: x, up to two more inputs a and b read alongside, and one or
/// two outputs (slot 0 and slot 1 of a Kernel's value_and_derivative: compacting_loop below).
template <bool UsesA, bool UsesB, bool Out0, bool Out1>
struct compacting_arrays {
  using batch = xsimd::batch<float>;
  static constexpr bool uses_a = UsesA, uses_b = UsesB;
  const float* x;
  const float* a;
  const float* b;
  float* out0;
  float* out1;

  GELU_FORCE_INLINE batch load(const float* p, std::size_t i) const noexcept {
    return batch::load_unaligned(p + i);
  }
  /// The first count lanes of r (count <= the batch size) to elements i...
  GELU_FORCE_INLINE void put(const value_and_derivative<batch>& r, std::size_t i,
                             std::size_t count) const noexcept {
    if (count == batch::size) {
      if constexpr (Out0) r.value.store_unaligned(out0 + i);
      if constexpr (Out1) r.derivative.store_unaligned(out1 + i);
      return;
    }
    alignas(64) float slot0[batch::size];
    alignas(64) float slot1[batch::size];
    r.value.store_aligned(slot0);
    r.derivative.store_aligned(slot1);
    for (std::size_t j = 0; j < count; ++j) {
      if constexpr (Out0) out0[i + j] = slot0[j];
      if constexpr (Out1) out1[i + j] = slot1[j];
    }
  }
  /// The lanes m of the batch at element i replaced, in lane order, by slot0[0..], slot1[0..].
  GELU_FORCE_INLINE void patch(const xsimd::batch_bool<float>& m, const float* slot0,
                               const float* slot1, std::size_t i) const noexcept {
    using arch = batch::arch_type;
    if constexpr (Out0)
      isa::expand(batch::load_unaligned(out0 + i), m, slot0, arch{}).store_unaligned(out0 + i);
    if constexpr (Out1)
      isa::expand(batch::load_unaligned(out1 + i), m, slot1, arch{}).store_unaligned(out1 + i);
  }
};

/// Runs op (a compacting_arrays) over n elements: the body path for every element; the general
/// path for the others, gathered block by block. Kernel::evaluate<path>(x, a, b) computes both
/// output slots on batches (the unused inputs are zero batches).
template <class Kernel, class Op>
GELU_FORCE_INLINE void compacting_loop(const Op& op, std::size_t n) noexcept {
  using batch = xsimd::batch<float>;
  using mask = xsimd::batch_bool<float>;
  using arch = typename batch::arch_type;
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
      op.put(Kernel::template evaluate<path::body>(x, a, b), at, w);  // after its inputs are read
    }
    if (gathered > 0) {
      zero.store_unaligned(gx + gathered);  // the last general batch's spare lanes
      if constexpr (Op::uses_a) zero.store_unaligned(ga + gathered);
      if constexpr (Op::uses_b) zero.store_unaligned(gb + gathered);
      for (std::size_t k = 0; k < gathered; k += w) {
        const batch a = Op::uses_a ? batch::load_aligned(ga + k) : zero;
        const batch b = Op::uses_b ? batch::load_aligned(gb + k) : zero;
        const value_and_derivative<batch> r =
            Kernel::template evaluate<path::general>(batch::load_aligned(gx + k), a, b);
        r.value.store_aligned(r0 + k);
        r.derivative.store_aligned(r1 + k);
      }
      for (std::size_t used = 0; with_outside != 0; with_outside &= with_outside - 1) {
        const auto k = static_cast<std::size_t>(__builtin_ctz(with_outside));
        op.patch(outside[k], r0 + used, r1 + used, i + k * w);
        used += count[k];
      }
    }
    i += batches * w;
  }
  if (i < n) {  // the tail as one zero-padded batch, both paths as in assemble()
    alignas(64) float bx[w] = {};
    alignas(64) float ba[w] = {};
    alignas(64) float bb[w] = {};
    for (std::size_t j = 0; i + j < n; ++j) {
      bx[j] = op.x[i + j];
      if constexpr (Op::uses_a) ba[j] = op.a[i + j];
      if constexpr (Op::uses_b) bb[j] = op.b[i + j];
    }
    const batch x = batch::load_aligned(bx);
    const batch a = batch::load_aligned(ba);
    const batch b = batch::load_aligned(bb);
    value_and_derivative<batch> r = Kernel::template evaluate<path::body>(x, a, b);
    const mask out = !fast::in_body(x);
    if (xsimd::any(out)) {
      const value_and_derivative<batch> g = Kernel::template evaluate<path::general>(x, a, b);
      r = {xsimd::select(out, g.value, r.value), xsimd::select(out, g.derivative, r.derivative)};
    }
    op.put(r, i, n - i);
  }
}

/// gelu<A> and/or its derivative by one path (W: want::value, want::derivative, want::both).
template <path P, approximate A, want W>
GELU_FORCE_INLINE value_and_slope<xsimd::batch<float>> fast_path(
    const xsimd::batch<float>& x) noexcept {
  if constexpr (P == path::body) return fast::body_part<A, W>(x);
  return fast::general_part<A, W>(x);
}

/// The Kernels of the three array functions (arrays.hpp).
template <approximate A>
struct forward_kernel {  // slot 0: gelu(x)
  template <path P, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& x, const B&,
                                                            const B&) noexcept {
    return {fast_path<P, A, want::value>(x).value, B(0.0f)};
  }
};
template <approximate A>
struct backward_kernel {  // slot 0: dy * gelu'(x), a = dy (the product as map_array_scaled)
  template <path P, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& x, const B& dy,
                                                            const B&) noexcept {
    return {dy * fast_path<P, A, want::derivative>(x).derivative, B(0.0f)};
  }
};
template <approximate A>
struct value_and_derivative_kernel {  // slots 0 and 1: gelu(x), gelu'(x)
  template <path P, class B>
  static GELU_FORCE_INLINE value_and_derivative<B> evaluate(const B& x, const B&,
                                                            const B&) noexcept {
    const value_and_slope<B> r = fast_path<P, A, want::both>(x);
    return {r.value, r.derivative};
  }
};

template <approximate A>
inline void compacting_forward(const float* x, float* y, std::size_t n) noexcept {
  using op = compacting_arrays<false, false, true, false>;
  compacting_loop<forward_kernel<A>>(op{x, nullptr, nullptr, y, nullptr}, n);
}
template <approximate A>
inline void compacting_backward(const float* dy, const float* x, float* dx,
                                std::size_t n) noexcept {
  using op = compacting_arrays<true, false, true, false>;
  compacting_loop<backward_kernel<A>>(op{x, dy, nullptr, dx, nullptr}, n);
}
template <approximate A>
inline void compacting_forward_and_derivative(const float* x, float* y, float* d,
                                              std::size_t n) noexcept {
  using op = compacting_arrays<false, false, true, true>;
  compacting_loop<value_and_derivative_kernel<A>>(op{x, nullptr, nullptr, y, d}, n);
}
#else
inline constexpr bool compacting_loops = false;  // no body path without AVX-512
// Declared for arrays.hpp's discarded `if constexpr` branches; never defined nor called here.
template <approximate A>
void compacting_forward(const float* x, float* y, std::size_t n) noexcept;
template <approximate A>
void compacting_backward(const float* dy, const float* x, float* dx, std::size_t n) noexcept;
template <approximate A>
void compacting_forward_and_derivative(const float* x, float* y, float* d, std::size_t n) noexcept;
#endif

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
