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

/// Runs op over n elements: body_part for every element; general_part for the others, gathered
/// block by block. Op: uses_dy; evaluate<Part>(x, dy) -> value_and_derivative of batches (Part:
/// body or general); put(r, i, count): the first count lanes of r to elements i..; patch(m, v, d,
/// i): the lanes m of the batch at element i replaced by v[0..], d[0..] (expand).
template <class Op>
GELU_FORCE_INLINE void compacting_loop(const Op& op, std::size_t n) noexcept {
  using batch = xsimd::batch<float>;
  using mask = xsimd::batch_bool<float>;
  using arch = typename batch::arch_type;
  constexpr std::size_t w = batch::size;
  constexpr std::size_t block = 16;  // batches per block
  // a block's gathered inputs and their general-path results, one spare batch for the stores
  alignas(64) float gx[(block + 1) * w];
  alignas(64) float gd[(block + 1) * w];
  alignas(64) float rv[(block + 1) * w];
  alignas(64) float rd[(block + 1) * w];
  mask outside[block];
  std::size_t count[block];  // how many of each batch's elements were gathered (if any)

  std::size_t i = 0;
  while (i + w <= n) {
    const std::size_t batches = (n - i) / w < block ? (n - i) / w : block;
    std::size_t gathered = 0;
    unsigned with_outside = 0;                   // bit b: batch b has gathered elements
    for (std::size_t b = 0; b < batches; ++b) {  // the body path; the others' inputs gathered
      const std::size_t at = i + b * w;
      const batch x = op.load_x(at);
      const batch dy = op.load_dy(at);
      const mask out = !fast::in_body(x);
      if (xsimd::any(out)) {
        outside[b] = out;
        count[b] = isa::compress_store(x, out, gx + gathered, arch{});
        if constexpr (Op::uses_dy) isa::compress_store(dy, out, gd + gathered, arch{});
        gathered += count[b];
        with_outside |= 1u << b;
      }
      op.put(op.template evaluate<Op::body>(x, dy), at, w);  // after its inputs are read
    }
    if (gathered > 0) {
      batch(0.0f).store_unaligned(gx + gathered);  // the last general batch's spare lanes
      if constexpr (Op::uses_dy) batch(0.0f).store_unaligned(gd + gathered);
      for (std::size_t k = 0; k < gathered; k += w) {
        const batch dy = Op::uses_dy ? batch::load_aligned(gd + k) : batch(0.0f);
        const value_and_derivative<batch> r =
            op.template evaluate<Op::general>(batch::load_aligned(gx + k), dy);
        r.value.store_aligned(rv + k);
        r.derivative.store_aligned(rd + k);
      }
      for (std::size_t used = 0; with_outside != 0; with_outside &= with_outside - 1) {
        const auto b = static_cast<std::size_t>(__builtin_ctz(with_outside));
        op.patch(outside[b], rv + used, rd + used, i + b * w);
        used += count[b];
      }
    }
    i += batches * w;
  }
  if (i < n) {  // the tail as one zero-padded batch, both paths as in assemble()
    alignas(64) float bx[w] = {};
    alignas(64) float bd[w] = {};
    op.copy_tail(i, n - i, bx, bd);
    const batch x = batch::load_aligned(bx);
    const batch dy = batch::load_aligned(bd);
    value_and_derivative<batch> r = op.template evaluate<Op::body>(x, dy);
    const mask out = !fast::in_body(x);
    if (xsimd::any(out)) {
      const value_and_derivative<batch> g = op.template evaluate<Op::general>(x, dy);
      r = {xsimd::select(out, g.value, r.value), xsimd::select(out, g.derivative, r.derivative)};
    }
    op.put(r, i, n - i);
  }
}

/// The three array operations over float arrays, as compacting_loop's Op.
template <approximate A, want W>
struct compacting_op {
  static constexpr bool uses_dy = W == want::derivative;  // backward: dx = dy * f'(x)
  enum part { body, general };
  using batch = xsimd::batch<float>;
  const float* x;
  const float* dy;  // backward only
  float* y;         // forward: y; backward: dx; forward_and_derivative: y
  float* d;         // forward_and_derivative: dydx

  template <part P>
  GELU_FORCE_INLINE value_and_derivative<batch> evaluate(const batch& v,
                                                         const batch& dyv) const noexcept {
    value_and_slope<batch> r = P == body ? fast::body_part<A, W>(v) : fast::general_part<A, W>(v);
    if constexpr (W == want::derivative) r.derivative = dyv * r.derivative;  // as map_array_scaled
    return {r.value, r.derivative};
  }
  GELU_FORCE_INLINE batch load_x(std::size_t i) const noexcept {
    return batch::load_unaligned(x + i);
  }
  GELU_FORCE_INLINE batch load_dy(std::size_t i) const noexcept {
    if constexpr (uses_dy) return batch::load_unaligned(dy + i);
    return batch(0.0f);
  }
  GELU_FORCE_INLINE void copy_tail(std::size_t i, std::size_t count, float* bx,
                                   float* bd) const noexcept {
    for (std::size_t j = 0; j < count; ++j) {
      bx[j] = x[i + j];
      if constexpr (uses_dy) bd[j] = dy[i + j];
    }
  }
  GELU_FORCE_INLINE void put(const value_and_derivative<batch>& r, std::size_t i,
                             std::size_t count) const noexcept {
    if (count == batch::size) {
      if constexpr (W != want::derivative) r.value.store_unaligned(y + i);
      if constexpr (W == want::derivative) r.derivative.store_unaligned(y + i);
      if constexpr (W == want::both) r.derivative.store_unaligned(d + i);
      return;
    }
    alignas(64) float value[batch::size];
    alignas(64) float derivative[batch::size];
    r.value.store_aligned(value);
    r.derivative.store_aligned(derivative);
    for (std::size_t j = 0; j < count; ++j) put_one(i + j, value[j], derivative[j]);
  }
  GELU_FORCE_INLINE void patch(const xsimd::batch_bool<float>& m, const float* value,
                               const float* derivative, std::size_t i) const noexcept {
    using arch = batch::arch_type;
    if constexpr (W != want::derivative)
      isa::expand(batch::load_unaligned(y + i), m, value, arch{}).store_unaligned(y + i);
    if constexpr (W == want::derivative)
      isa::expand(batch::load_unaligned(y + i), m, derivative, arch{}).store_unaligned(y + i);
    if constexpr (W == want::both)
      isa::expand(batch::load_unaligned(d + i), m, derivative, arch{}).store_unaligned(d + i);
  }
  GELU_FORCE_INLINE void put_one(std::size_t i, float value, float derivative) const noexcept {
    if constexpr (W != want::derivative) y[i] = value;
    if constexpr (W == want::derivative) y[i] = derivative;
    if constexpr (W == want::both) d[i] = derivative;
  }
};

template <approximate A>
inline void compacting_forward(const float* x, float* y, std::size_t n) noexcept {
  compacting_loop(compacting_op<A, want::value>{x, nullptr, y, nullptr}, n);
}
template <approximate A>
inline void compacting_backward(const float* dy, const float* x, float* dx,
                                std::size_t n) noexcept {
  compacting_loop(compacting_op<A, want::derivative>{x, dy, dx, nullptr}, n);
}
template <approximate A>
inline void compacting_forward_and_derivative(const float* x, float* y, float* d,
                                              std::size_t n) noexcept {
  compacting_loop(compacting_op<A, want::both>{x, nullptr, y, d}, n);
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
