// gelu/detail/kernel_common.hpp -- what the kernel families share: what a caller asks for (a
// kernel returns gelu::value_and_derivative), the zero window of the derivatives and its
// polynomial, and the row index of the Mills-ratio tables.
#pragma once

#include <cstddef>
#include <type_traits>

#include "../types.hpp"
#include "attributes.hpp"
#include "constants.hpp"
#include "eft.hpp"
#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {

/// Which of value / derivative a caller wants (the other is left 0 and its code removed).
enum class want { value, derivative, both };

/// A constant as hi + lo in the precision T (hi the nearest T).
template <class T>
struct split_constant {
  T hi, lo;
};
/// The double-double hi + lo as a split_constant<T>: as is for double; for float the float
/// nearest hi and the float nearest the rest.
template <class T>
constexpr split_constant<T> split(double hi, double lo) {
  if constexpr (std::is_same<T, float>::value)
    return {static_cast<float>(hi), static_cast<float>((hi - static_cast<float>(hi)) + lo)};
  else
    return {hi, lo};
}

/// The forms' constants (constants.hpp) in the precision T: 1/sqrt(2 pi); 2 sqrt(2/pi), c =
/// 0.044715 and 3c of the tanh form (z = 2u = 2 sqrt(2/pi) x (1 + c x^2)); b = 1.702 of the
/// sigmoid form; the zeros x0 of the three derivatives.
template <class T>
struct form_constants {
  static constexpr split_constant<T> inv_sqrt2pi =
      split<T>(coefficients::inv_sqrt2pi_hi, coefficients::inv_sqrt2pi_lo);
  static constexpr split_constant<T> two_k =
      split<T>(coefficients::two_k_hi, coefficients::two_k_lo);
  static constexpr split_constant<T> c_cubic =
      split<T>(coefficients::c_cubic_hi, coefficients::c_cubic_lo);
  static constexpr split_constant<T> c_cubic3 =
      split<T>(coefficients::c_cubic3_hi, coefficients::c_cubic3_lo);
  static constexpr split_constant<T> b_sigmoid =
      split<T>(coefficients::b_sigmoid_hi, coefficients::b_sigmoid_lo);
  static constexpr split_constant<T> x0_exact =
      split<T>(coefficients::x0_exact_hi, coefficients::x0_exact_lo);
  static constexpr split_constant<T> x0_tanh =
      split<T>(coefficients::x0_tanh_hi, coefficients::x0_tanh_lo);
  static constexpr split_constant<T> x0_sigmoid =
      split<T>(coefficients::x0_sigmoid_hi, coefficients::x0_sigmoid_lo);
};

/// The interval [-1.05, -0.5] around the derivatives' zeros (x0 = -0.7512 .. -0.7525), where
/// Phi + x phi and its tanh / sigmoid analogues cancel: there each derivative is evaluated as
/// (x - x0) P(x - x0), with P fitted on this interval by tools/gen_coefficients.py.
template <class D>
inline auto zero_window(const D& x) noexcept {
  using T = lanes::element_t<D>;  // float lanes compare with the float nearest -1.05
  return (x >= D(static_cast<T>(-1.05))) & (x <= D(static_cast<T>(-0.5)));
}

/// f'(x) = t P(t) on the zero window, t = (x - x0_hi) - x0_lo (x - x0_hi exact by Sterbenz), in
/// the lanes L: P's constant term as hi + lo when `lo` is a table, else (lo = nullptr) plain
/// Horner. The fast tier (float and double) and the precise float kernels (in double lanes) use
/// it; the precise double kernels carry t and P's leading terms as double-doubles instead
/// (for_double::near_zero_compensated), since there each rounding of the result's own precision
/// would cost up to half an ULP.
template <class L, class T, int N, class Lo>
GELU_FORCE_INLINE L near_zero(const L& x, split_constant<T> x0, const T (&hi)[N][1],
                              Lo lo) noexcept {
  L t = (x - L(x0.hi)) - L(x0.lo);
  L p = horner(hi, t, 1);
  if constexpr (std::is_same<Lo, std::nullptr_t>::value)
    p = lanes::fma(p, t, L(hi[0][0]));
  else
    p = lanes::fma(p, t, L(lo[0][0])) + L(hi[0][0]);
  return t * p;
}

/// The row of the Mills-ratio tables of the precise float kernels and the fast tier for
/// u = a + 1: its exponent and two leading mantissa bits, i.e. u in [2^e (1 + m/4),
/// 2^e (1 + (m+1)/4)), read from the low bits (a lookup masks the rest; the generator stores the
/// rows rotated by the exponent bias).
template <class L>
GELU_FORCE_INLINE auto mills_row(const L& u) noexcept {
  return lanes::to_bits(u) >> (lanes::bit_layout<lanes::element_t<L>>::mantissa_bits - 2);
}

}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
