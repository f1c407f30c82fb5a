// gelu/geglu.hpp -- fused GeGLU, the gated MLP of T5 v1.1 (exact GELU) and Gemma (tanh form):
// y = gelu(gate) * up and its backward pass, each in one pass over the arrays, for float,
// double, bfloat16 and float16. Included by gelu/gelu.hpp (either header may be included first).
//
// What is computed (the order the tests check bit for bit; detail/geglu.hpp):
//   g = gelu<A, P>(gate), g' = gelu_derivative<A, P>(gate), both from one kernel call;
//   y = g * up, dup = dy * g, each rounded once;
//   dgate = (dy * up) * g': two rounded products, in this order, in T; except for float in the
//     precise tier, which forms it in double (dy * up exact there) and rounds to float once at
//     the end (a double product is cheap next to the precise kernel, not next to the fast one).
//
// Error bounds. b is gelu's bound in the tier (fast: 4 ULP; precise: 0.51 ULP float, 0.75 ULP
// double); for each output o with true value r, G is the true gelu (y, dup) or gelu' (dgate) of
// gate and c the other factor, exact (up for y, dy for dup, dy * up for dgate). For finite
// inputs, a finite o and, for dgate in T, a finite dy * up (ulp as in gelu.hpp: of a subnormal,
// the smallest subnormal):
//   y, dup:                 |o - r| <= 1/2 ulp(o) + b |c| ulp(G)
//   dgate, precise float:   |o - r| <= 1/2 ulp(o) + b |c| ulp(G) + 2^-53 |r|   (through double)
//   dgate, otherwise:       |o - r| <= 1/2 ulp(o) + b |c| ulp(G) + 1/2 ulp(dy * up) |g'|
// In ULPs of r, while G is normal (then |c| ulp(G) < 2 ulp(r): b ULPs of g may be b 2^(1-p)
// relative, which is up to 2b ULPs of g * c when g's mantissa is near 1 and c's near 2):
// y, dup and precise float dgate 2b + 1 ULP (fast 9, precise float 2.02, precise double 2.5);
// the other dgates 2b + 2 (fast 10, precise double 3.5). Relative error: (b + 1/2) 2^(1-p),
// resp. (b + 1) 2^(1-p), p = 24 / 53.
// When G is subnormal (gate below about -13.15 / -37.6 for the exact form, -10.10 / -21.18 for
// tanh, -53.65 / -419.8 for sigmoid, float / double; gelu' alike) g's relative error is unbounded
// and a large |c| magnifies it: the absolute term b |c| 2^-149 (float) or 2^-1074 (double)
// remains. Measured maxima (MPFR, tests/test_geglu.cpp): README.
//
// bfloat16 and float16 arrays (S): the inputs are widened to float, computed exactly as the float
// arrays compute them (the float tier's kernels, the order above; precise dgate through double),
// and each output f rounded once to S: the bits of S(f), f the float composition of the widened
// inputs. For finite inputs, a finite o and, outside precise dgate, a finite float dy * up:
//   |o - r| <= 1/2 ulp_S(o) + E_f,   E_f the float bound above of |f - r| (in float ulps).
// While G is normal in float, E_f is at most 10 float ULPs of r, 10 2^-16 resp. 10 2^-13 ULPs of
// S: <= 0.5 + 2^-9 ULP of S (so <= 1 ULP); measured 0.50001 (bfloat16), 0.50013 (float16).
// Where G is subnormal in float the absolute term b |c| 2^-149 remains; for float16
// (|c| <= 65504, |dy * up| < 2^32) it is far below float16's smallest subnormal 2^-24; for
// bfloat16 a huge |c| can make it count, as for gelu::backward of bfloat16 (README).
//
// Special values follow IEEE products of gelu's special values (gelu.hpp): NaN in any input
// gives NaN; gelu(-inf) = -0, so gate = -inf gives y = -0 * up (-0 for up > 0, +0 for up < 0,
// NaN for up = +-inf); gate = +inf gives y = +inf * up (NaN for up = 0); gate = +-0 gives
// y = +-0 * up (signed as IEEE multiplies). dgate at gate = -inf is (dy * up) * 0: +-0, NaN when
// dy or up is infinite (and, except for precise float, when dy * up overflows).
//
// Aliasing: each output may be the same array as any input (same start; no partial overlap):
// y may be gate or up; dgate and dup may each be dy, gate or up, but not both the same array.
#pragma once

#include <cstddef>

#include "detail/geglu.hpp"
#include "gelu.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {

/// GeGLU forward: y[i] = gelu(gate[i]) * up[i] for i < n (bounds: top of this file). y may be
/// gate or up.
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
/// the widened inputs), y rounded once to bfloat16 (bounds: top of this file).
inline void geglu_forward(const bfloat16* gate, const bfloat16* up, bfloat16* y, std::size_t n,
                          approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::geglu_forward_array(gate, up, y, n, a, p);
}
/// As the bfloat16 overload, for float16.
inline void geglu_forward(const float16* gate, const float16* up, float16* y, std::size_t n,
                          approximate a = approximate::none, accuracy p = accuracy::fast) noexcept {
  detail::geglu_forward_array(gate, up, y, n, a, p);
}

/// GeGLU backward, one pass: dgate[i] = dy[i] * up[i] * gelu'(gate[i]) and
/// dup[i] = dy[i] * gelu(gate[i]) (gelu and gelu' from one kernel call; order and bounds: top of
/// this file). dgate and dup may each be dy, gate or up, but not the same array.
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
/// the widened inputs), dgate and dup each rounded once to bfloat16 (bounds: top of this file).
inline void geglu_backward(const bfloat16* dy, const bfloat16* gate, const bfloat16* up,
                           bfloat16* dgate, bfloat16* dup, std::size_t n,
                           approximate a = approximate::none,
                           accuracy p = accuracy::fast) noexcept {
  detail::geglu_backward_array(dy, gate, up, dgate, dup, n, a, p);
}
/// As the bfloat16 overload, for float16.
inline void geglu_backward(const float16* dy, const float16* gate, const float16* up,
                           float16* dgate, float16* dup, std::size_t n,
                           approximate a = approximate::none,
                           accuracy p = accuracy::fast) noexcept {
  detail::geglu_backward_array(dy, gate, up, dgate, dup, n, a, p);
}

#if GELU_HAS_SPAN
namespace detail {
template <class T>
inline void geglu_forward_span(std::span<const T> gate, std::span<const T> up, std::span<T> y,
                               approximate a, accuracy p) {
  check_choice("geglu_forward", a, p);
  check_sizes("geglu_forward", gate.size(), up.size());
  check_sizes("geglu_forward", gate.size(), y.size());
  geglu_forward_array(gate.data(), up.data(), y.data(), gate.size(), a, p);
}
template <class T>
inline void geglu_backward_span(std::span<const T> dy, std::span<const T> gate,
                                std::span<const T> up, std::span<T> dgate, std::span<T> dup,
                                approximate a, accuracy p) {
  check_choice("geglu_backward", a, p);
  check_sizes("geglu_backward", dy.size(), gate.size());
  check_sizes("geglu_backward", gate.size(), up.size());
  check_sizes("geglu_backward", gate.size(), dgate.size());
  check_sizes("geglu_backward", gate.size(), dup.size());
  geglu_backward_array(dy.data(), gate.data(), up.data(), dgate.data(), dup.data(), gate.size(), a,
                       p);
}
}  // namespace detail

/// Span overloads (C++20): as the pointer versions over gate.size() elements; throw
/// std::invalid_argument naming the value when `a` or `p` is not an enumerator, and naming both
/// sizes when two spans' sizes differ.
inline void geglu_forward(std::span<const float> gate, std::span<const float> up,
                          std::span<float> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  detail::geglu_forward_span(gate, up, y, a, p);
}
inline void geglu_forward(std::span<const double> gate, std::span<const double> up,
                          std::span<double> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  detail::geglu_forward_span(gate, up, y, a, p);
}
inline void geglu_backward(std::span<const float> dy, std::span<const float> gate,
                           std::span<const float> up, std::span<float> dgate, std::span<float> dup,
                           approximate a = approximate::none, accuracy p = accuracy::fast) {
  detail::geglu_backward_span(dy, gate, up, dgate, dup, a, p);
}
inline void geglu_backward(std::span<const double> dy, std::span<const double> gate,
                           std::span<const double> up, std::span<double> dgate,
                           std::span<double> dup, approximate a = approximate::none,
                           accuracy p = accuracy::fast) {
  detail::geglu_backward_span(dy, gate, up, dgate, dup, a, p);
}
inline void geglu_forward(std::span<const bfloat16> gate, std::span<const bfloat16> up,
                          std::span<bfloat16> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  detail::geglu_forward_span(gate, up, y, a, p);
}
inline void geglu_forward(std::span<const float16> gate, std::span<const float16> up,
                          std::span<float16> y, approximate a = approximate::none,
                          accuracy p = accuracy::fast) {
  detail::geglu_forward_span(gate, up, y, a, p);
}
inline void geglu_backward(std::span<const bfloat16> dy, std::span<const bfloat16> gate,
                           std::span<const bfloat16> up, std::span<bfloat16> dgate,
                           std::span<bfloat16> dup, approximate a = approximate::none,
                           accuracy p = accuracy::fast) {
  detail::geglu_backward_span(dy, gate, up, dgate, dup, a, p);
}
inline void geglu_backward(std::span<const float16> dy, std::span<const float16> gate,
                           std::span<const float16> up, std::span<float16> dgate,
                           std::span<float16> dup, approximate a = approximate::none,
                           accuracy p = accuracy::fast) {
  detail::geglu_backward_span(dy, gate, up, dgate, dup, a, p);
}
#endif

}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
