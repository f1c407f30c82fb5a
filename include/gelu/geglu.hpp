// gelu/geglu.hpp -- fused GeGLU, the gated MLP of T5 v1.1 (exact GELU) and Gemma (tanh form):
// y = gelu(gate) * up and its backward pass, each in one pass over the arrays, for float,
// double, bfloat16 and float16. Included by gelu/gelu.hpp (either header may be included first).
//
// What is computed, in this order (the tests check it bit for bit; detail/geglu.hpp):
//   g, g' = gelu<A, P>(gate), gelu_derivative<A, P>(gate), from one kernel call;
//   y = g * up and dup = dy * g, each rounded once;
//   dgate = (dy * up) * g', two rounded products in T; for float in the precise tier in double
//     instead (dy * up exact there), rounded to float once at the end.
//
// Bounds, for finite inputs and a finite output o with true value r. b: gelu's bound in the tier
// (fast 4 ULP; precise 0.51 ULP float, 0.75 ULP double); G: the true gelu (y, dup) or gelu'
// (dgate) of gate; c: the other factor, exact (up, dy, dy * up); ulp as in gelu.hpp.
//   y, dup:                |o - r| <= 1/2 ulp(o) + b |c| ulp(G)
//   dgate, precise float:  |o - r| <= 1/2 ulp(o) + b |c| ulp(G) + 2^-53 |r|
//   dgate, otherwise:      |o - r| <= 1/2 ulp(o) + b |c| ulp(G) + 1/2 ulp(dy * up) |g'|
//                          (dy * up finite)
// While G is normal that is 2b + 1 ULP of r for y, dup and precise float dgate (fast 9, precise
// float 2.02, precise double 2.5) and 2b + 2 for the other dgates (fast 10, precise double 3.5).
// Where G is subnormal (gate far in the negative tail) the absolute term b |c| 2^-149 (float) or
// 2^-1074 (double) remains. Derivation and measured maxima: docs/accuracy.md.
// bfloat16 and float16 (S): the float arrays' bits on the widened inputs, each output rounded
// once to S: |o - r| <= 1/2 ulp_S(o) + the float bound, so <= 0.5 + 2^-9 ULP of S while G is
// normal in float; where it is subnormal, b |c| 2^-149 remains (below float16's smallest
// subnormal; for bfloat16 it counts only for huge |c|, as for gelu::backward of bfloat16).
//
// Special values: IEEE products of gelu's special values (gelu.hpp). NaN in any input gives NaN;
// gate = -inf gives y = -0 * up (-0 for up > 0, +0 for up < 0, NaN for up = +-inf) and
// dgate = (dy * up) * 0; gate = +inf gives y = +inf * up (NaN for up = 0); gate = +-0 gives
// y = +-0 * up.
//
// Aliasing: each output may be the same array as any input (same start; no partial overlap):
// y may be gate or up; dgate and dup may each be dy, gate or up, but not both the same array.
#pragma once

#include <cstddef>

#include "detail/geglu.hpp"
#include "gelu.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {

/// GeGLU forward: y[i] = gelu(gate[i]) * up[i] for i < n. Finite inputs: within 2b + 1 ULP (b:
/// gelu's bound in the tier; fast 9, precise float 2.02, double 2.5) while gelu(gate) is normal,
/// an absolute term in the far negative tail (top of this file). y may be gate or up.
inline void geglu_forward(const float* gate, const float* up, float* y, std::size_t n,
                          approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::geglu_forward_array(gate, up, y, n, a, p);
}
/// As the float overload, for double.
inline void geglu_forward(const double* gate, const double* up, double* y, std::size_t n,
                          approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::geglu_forward_array(gate, up, y, n, a, p);
}

/// As the float overload, for bfloat16 arrays: computed in float (the float overload's bits on
/// the widened inputs), y rounded once to bfloat16: <= 0.5 + 2^-9 ULP of bfloat16 while
/// gelu(gate) is normal in float (top of this file).
inline void geglu_forward(const bfloat16* gate, const bfloat16* up, bfloat16* y, std::size_t n,
                          approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::geglu_forward_array(gate, up, y, n, a, p);
}
/// As the bfloat16 overload, for float16 (<= 0.5 + 2^-9 ULP of float16).
inline void geglu_forward(const float16* gate, const float16* up, float16* y, std::size_t n,
                          approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::geglu_forward_array(gate, up, y, n, a, p);
}

/// GeGLU backward, one pass: dgate[i] = dy[i] * up[i] * gelu'(gate[i]) and
/// dup[i] = dy[i] * gelu(gate[i]) (gelu and gelu' from one kernel call, in the order at the top
/// of this file). Finite inputs, finite dy * up: dup within 2b + 1 ULP, dgate 2b + 2 (precise
/// float 2b + 1) while gelu(gate), gelu'(gate) are normal (top of this file). dgate and dup may
/// each be dy, gate or up, but not the same array.
inline void geglu_backward(const float* dy, const float* gate, const float* up, float* dgate,
                           float* dup, std::size_t n, approximate a = approximate::none,
                           accuracy p = accuracy::fast) noexcept {
  detail::geglu_backward_array(dy, gate, up, dgate, dup, n, a, p);
}
/// As the float overload, for double.
inline void geglu_backward(const double* dy, const double* gate, const double* up, double* dgate,
                           double* dup, std::size_t n, approximate a = approximate::none,
                           accuracy p = accuracy::fast) noexcept {
  detail::geglu_backward_array(dy, gate, up, dgate, dup, n, a, p);
}

/// As the float overload, for bfloat16 arrays: computed in float (the float overload's bits on
/// the widened inputs), dgate and dup each rounded once to bfloat16: <= 0.5 + 2^-9 ULP of
/// bfloat16 while gelu(gate), gelu'(gate) are normal in float (top of this file).
inline void geglu_backward(const bfloat16* dy, const bfloat16* gate, const bfloat16* up,
                           bfloat16* dgate, bfloat16* dup, std::size_t n,
                           approximate a = approximate::none,
                           accuracy p = accuracy::fast) noexcept {
  detail::geglu_backward_array(dy, gate, up, dgate, dup, n, a, p);
}
/// As the bfloat16 overload, for float16 (<= 0.5 + 2^-9 ULP of float16).
inline void geglu_backward(const float16* dy, const float16* gate, const float16* up,
                           float16* dgate, float16* dup, std::size_t n,
                           approximate a = approximate::none,
                           accuracy p = accuracy::fast) noexcept {
  detail::geglu_backward_array(dy, gate, up, dgate, dup, n, a, p);
}

#if GELU_HAS_SPAN
/// Span overloads (C++20) of geglu_forward and geglu_backward for each element type: the pointer
/// functions above over gate.size() (dy.size()) elements, same bounds and aliasing; throw
/// std::invalid_argument naming the value when `a` or `p` is not an enumerator, and naming both
/// sizes when two spans' sizes differ (detail/span_overloads.hpp).
GELU_DETAIL_FOR_EACH_ELEMENT(GELU_DETAIL_SPAN_GEGLU_FUNCTIONS, ::gelu, "gelu::")
#endif

}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
