// gelu/detail/precise_float.hpp -- the precise tier's float kernels: exact, tanh and sigmoid
// GELU with their derivatives, written once over the double lane type D (double or
// xsimd::batch<double, A>); evaluate.hpp widens the float input and rounds each result once.
//
// Method. A float input is exact in double, and so are x^2, 2|z| and (for a >= 2^-29) a + 1;
// every other step is plain double (relative error 2^-53 each) except the fitted polynomials of
// float_coefficients.hpp (exp 2^-38.5, M 2^-31.8, zero windows 2^-35.1). The double result is
// thus within ~2^-31.7 of the truth, and the one rounding to float gives <= 0.5 + 2^-7 ULP.
//  * exact: a = |x|, E = exp(-a^2/2), Phi(-a) = E M(a) (no 1 + erf): G = -a Phi(-a) for x < 0,
//    x (1 - Phi(-a)) for x >= 0; G' = E (M - a/sqrt(2 pi)), or 1 minus that.
//  * tanh, sigmoid: x sigma(z), z = 2u or 1.702 x, from e = exp(-|z|) <= 1.
//  * each derivative near its zero x0 (x in [-1.05, -0.5]) as t P(t), t = x - x0.
//  * exp(-s/2): 2^(N/16) from a 16-entry table times a degree-4 polynomial; M: 16 rows by the
//    exponent and leading mantissa bits of a + 1, degree 7.
// Measured max error over all 2^32 float inputs: gelu<none> 0.5043 ULP (x = -8.7046, M's row for
// a in [7, 9)), gelu_derivative<none> 0.5005 (x = -1.0669), gelu_derivative<sigmoid> 0.5003
// (x = -0.9448), the other three 0.5000. Tested bound: 0.51 ULP (tests/bounds.hpp).
// Error budget: docs/numerics.md, "The float kernels".
#pragma once

#include "constants.hpp"
#include "eft.hpp"
#include "float_coefficients.hpp"
#include "kernel_common.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {
namespace for_float {

/// exp(-s/2) for s in [0, 350] (exact double s): 2^(N/16) Q(rho), N = round(-8 s / ln2),
/// rho = s + N ln2/8 in [-ln2/16, ln2/16], 2^(j/16) from a 16-entry table, 2^floor(N/16) added
/// to the exponent bits. Relative error < 2^-38 (Q's) + 2^-46 (ln2/8 rounded) + 2^-52.
template <class D>
inline D exp_minus_half(const D& s) noexcept {
  using namespace coefficients::precise_float;
  D t = lanes::fma(s, D(minus_8_log2e), D(round_magic));  // low mantissa bits of t: N
  D n = t - D(round_magic);
  D rho = lanes::fma(n, D(ln2_8), s);  // |error| < 2^-45 for s <= 1000
  auto bits = lanes::to_bits(t);
  D q = lanes::mul_uncontracted(horner(exp_half, rho, 0), lanes::lookup<16>(exp2_sixteenths, bits));
  // N <= 0 sits in the low bits of t as a two's complement number; (bits >> 4) << 52 moves
  // floor(N/16) into the exponent field and shifts the magic's own bits out, so adding it to
  // q's bits (q in [0.97, 1.96], N >= -8 * 350 / ln2) subtracts |floor(N/16)| from q's exponent
  // modulo 2^12, which never wraps below 1: the result stays a normal double.
  return lanes::from_bits(lanes::to_bits(q) + ((bits >> 4) << 52));
}

/// M(a) = Phi(-a) exp(a^2/2) for a in [0, 15), relative error < 2^-31.8: a degree-7 polynomial
/// per row in v = u - mid_row, u = a + 1 (v exact by Sterbenz). The fast tier's M (fast::
/// mills_ratio) shares the rows but not the variable: in float lanes it rounds v from a, not
/// from u, and keeps c0 as a pair; here u's rounding (< 2^-53) is harmless.
template <class D>
inline D mills_ratio(const D& a) noexcept {
  using namespace coefficients::precise_float;
  D u = a + D(1.0);
  auto row = mills_row(u);
  D v = u - lanes::lookup_row<16>(mills_mid, row);
  return horner_rows(mills, row, v, 0);
}

// ---- exact GELU: G = x Phi(x), G' = Phi(x) + x phi(x) ----------------------------------------
//
// a = |x| clamped to 14.99 (NaN kept; G and G' round to -0 in float below -14.55; G(x) = x, G'(x) =
// 1 far before +14.99), E = exp(-a^2/2), q = E M(a) = Phi(-a):
//   x < 0:  G = -a q,        G' = E (M - a/sqrt(2 pi))   (near x0 = -0.7518: t P(t))
//   x >= 0: G = x (1 - q),   G' = 1 - E (M - a/sqrt(2 pi))
template <want W, class D>
inline value_and_derivative<D> gelu_exact(const D& x) noexcept {
  D a = lanes::abs(x);
  D ac = lanes::min_keep_nan(14.99, a);
  D e = exp_minus_half(ac * ac);  // exact argument
  D m = mills_ratio(ac);
  auto neg = x < D(0.0);
  value_and_derivative<D> r{D(0.0), D(0.0)};
  if constexpr (W != want::derivative) {
    D q = lanes::mul_uncontracted(e, m);
    // x < 0: -ac * q (keeps -inf away); x >= 0, +-0, +inf, NaN: x * (1 - q)
    r.value = lanes::select(neg, lanes::negate(ac), x) * lanes::select(neg, q, D(1.0) - q);
  }
  if constexpr (W != want::value) {
    using k = form_constants<double>;
    D d = lanes::fma(ac, D(-k::inv_sqrt2pi.hi), m);
    D ed = lanes::mul_uncontracted(e, d);
    D y = lanes::select(neg, ed, D(1.0) - ed);
    // the zero window is evaluated for every batch, not behind a branch: real activations put
    // lanes in it in about half of the batches at random, and mispredictions cost more
    D t = near_zero(x, k::x0_exact, coefficients::precise_float::zero_exact, nullptr);
    r.derivative = lanes::select(zero_window(x), t, y);
  }
  return r;
}

// ---- x sigma(z): tanh GELU (z = 2u) and sigmoid GELU (z = 1.702 x) --------------------------
//
// e = exp(-|z|) <= 1, r = 1 / (1 + e):
//   value:      x >= 0: x r                   x < 0: xc e r
//   derivative: x >= 0: (1 + e + x z' e) r^2  x < 0: e (1 + e + x z') r^2   (near x0: t P(t))
// xc is x clamped to [-limit, limit] (NaN kept), beyond which value and derivative round to x and 1
// (above) or to -0 (below) in float; `xdz` is x z'(x) at xc.
template <want W, class D, int Width>
inline value_and_derivative<D> x_sigmoid(const D& x, const D& xc, const D& z, const D& xdz,
                                         split_constant<double> x0,
                                         const double (&zero_poly)[Width][1]) noexcept {
  D az = lanes::abs(z);
  D e = exp_minus_half(az + az);
  D den = D(1.0) + e;
  D r = D(1.0) / den;
  auto neg = x < D(0.0);
  value_and_derivative<D> out{D(0.0), D(0.0)};
  if constexpr (W != want::derivative) out.value = lanes::select(neg, xc * e, x) * r;
  if constexpr (W != want::value) {
    // numerator e (1 + e) + x z' e (x < 0) or (1 + e) + x z' e (x >= 0)
    D num = lanes::fma(xdz, e, lanes::mul_uncontracted(lanes::select(neg, e, D(1.0)), den));
    D y = (num * r) * r;
    out.derivative = lanes::select(zero_window(x), near_zero(x, x0, zero_poly, nullptr), y);
  }
  return out;
}

/// z = 2 sqrt(2/pi) x (1 + 0.044715 x^2), x z' = 2 sqrt(2/pi) x (1 + 3 * 0.044715 x^2), with x
/// clamped to [-11, 11] (float T(x) == x above 5.07, T rounds to -0 below -10.78, T' below -10.89).
template <want W, class D>
inline value_and_derivative<D> gelu_tanh(const D& x) noexcept {
  using k = form_constants<double>;
  D xc = lanes::max_keep_nan(-11.0, lanes::min_keep_nan(11.0, x));
  D sq = xc * xc;
  D kx = lanes::mul_uncontracted(D(k::two_k.hi), xc);
  D z = lanes::mul_uncontracted(kx, lanes::fma(sq, D(k::c_cubic.hi), D(1.0)));
  D xdz = lanes::mul_uncontracted(kx, lanes::fma(sq, D(k::c_cubic3.hi), D(1.0)));
  return x_sigmoid<W>(x, xc, z, xdz, k::x0_tanh, coefficients::precise_float::zero_tanh);
}

/// z = x z' = 1.702 x, with x clamped to [-66, 66] (float S(x) == x above 10.2, S and S' round
/// to -0 below -63.53, S' below -63.84).
template <want W, class D>
inline value_and_derivative<D> gelu_sigmoid(const D& x) noexcept {
  using k = form_constants<double>;
  D xc = lanes::max_keep_nan(-66.0, lanes::min_keep_nan(66.0, x));
  D z = lanes::mul_uncontracted(D(k::b_sigmoid.hi), xc);
  return x_sigmoid<W>(x, xc, z, z, k::x0_sigmoid, coefficients::precise_float::zero_sigmoid);
}

/// The value of each form for 0 < |x| < 2^-100 as x/2 + |x| 2^-40 (exact in double), else value.
/// There f(x) = x/2 + c x^2 + O(x^3) with c > 0 (1/sqrt(2 pi) for the exact and tanh forms,
/// 1.702/4 for sigmoid), and the kernels' double result is x/2 itself: the c x^2 term lies below
/// double's last bit. Where x/2 is halfway between two floats (x an odd float subnormal, or below
/// 2^-125 with an odd last bit) or two bfloat16 values, rounding x/2 breaks a tie the true value
/// does not have. x/2 + |x| 2^-40 lies above x/2, as the truth does, and within 2^-39 relative
/// of it, far closer than any other float or bfloat16 midpoint: it rounds as the truth does, to
/// float, and to bfloat16 through the float rounded to odd (narrowing.hpp). (float16's smallest
/// subnormal, 2^-24, is far above this range.) +-0 and NaN are kept.
template <class L>
GELU_FORCE_INLINE auto is_tiny(const L& x) noexcept {  // the lanes with_tiny_x changes
  const L a = lanes::abs(x);
  return (a < L(0x1p-100)) & (a > L(0.0));
}
template <class D>
GELU_FORCE_INLINE D with_tiny_x(const D& x, const D& value) noexcept {
  return lanes::select(is_tiny(x), D(0.5) * x + lanes::abs(x) * D(0x1p-40), value);
}

}  // namespace for_float
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
