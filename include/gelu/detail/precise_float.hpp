// gelu/detail/precise_float.hpp -- the six GELU kernels for float results, written once over
// the double lane type D (double or xsimd::batch<double, A>).
//
// A float input is exact in double, and so are x^2 and x^2/2; every step below then carries a
// relative error near 2^-53 except the fitted polynomials (float_coefficients.hpp: exp 2^-38,
// M 2^-31.8, zero windows 2^-35), so the double result is within ~2^-31 of the truth and the
// final rounding to float adds at most 0.5 ULP: the float error stays below 0.5 + 2^-7 ULP,
// without the double-double steps of precise_double.hpp. The formulations are the same
// (docs/numerics.md): Phi(-a) = exp(-a^2/2) M(a) with no 1 + erf; x sigma(z) with
// e = exp(-|z|) <= 1; each derivative's zero crossing as t P(t). Each kernel returns value and
// derivative together, sharing exp (and M); a caller that uses one of them gets the other's code
// removed by the compiler, and the results are the same bits either way.
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
  D q = lanes::mul_uncontracted(horner(exp_half, rho, 0), lanes::lookup16(exp2_sixteenths, bits));
  // N <= 0 sits in the low bits of t as a two's complement number; (bits >> 4) << 52 moves
  // floor(N/16) into the exponent field and shifts the magic's own bits out, so adding it to
  // q's bits (q in [0.97, 1.96], N >= -8 * 350 / ln2) subtracts |floor(N/16)| from q's exponent
  // modulo 2^12, which never wraps below 1: the result stays a normal double.
  return lanes::from_bits(lanes::to_bits(q) + ((bits >> 4) << 52));
}

/// M(a) = Phi(-a) exp(a^2/2) for a in [0, 15), relative error < 2^-31.8: a degree-7 polynomial
/// per row, the row chosen by the exponent and two leading mantissa bits of a + 1.
template <class D>
inline D mills_ratio(const D& a) noexcept {
  using coefficients::precise_float::mills;
  constexpr int terms = sizeof(mills) / sizeof(mills[0]);
  D u = a + D(1.0);
  auto row = lanes::to_bits(u) >> 50;  // exponent and two leading mantissa bits of u
  D v = u - lanes::lookup16(coefficients::precise_float::mills_mid, row);
  D m = lanes::lookup16(mills[terms - 1], row);
  for (int j = terms - 2; j >= 0; --j) m = lanes::fma(m, v, lanes::lookup16(mills[j], row));
  return m;
}

/// f'(x) = t P(t), t = x - x0 on [-1.05, -0.5]: x - x0_hi is exact (Sterbenz), and subtracting
/// x0_lo rounds t once (relative error 2^-53, far below the float result's ULP).
template <class D, int Width>
inline D near_zero(const D& x, double x0_hi, double x0_lo, const double (&p)[Width][1]) noexcept {
  D t = (x - D(x0_hi)) - D(x0_lo);
  return t * horner(p, t, 0);
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
    D d = lanes::fma(ac, D(-coefficients::inv_sqrt2pi_hi), m);
    D ed = lanes::mul_uncontracted(e, d);
    D y = lanes::select(neg, ed, D(1.0) - ed);
    // the zero window is evaluated for every batch, not behind a branch: real activations put
    // lanes in it in about half of the batches at random, and mispredictions cost more
    auto w = zero_window(x);
    y = lanes::select(w,
                      near_zero(x, coefficients::x0_exact_hi, coefficients::x0_exact_lo,
                                coefficients::precise_float::zero_exact),
                      y);
    r.derivative = y;
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
                                         double x0_hi, double x0_lo,
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
    auto w = zero_window(x);
    y = lanes::select(w, near_zero(x, x0_hi, x0_lo, zero_poly), y);
    out.derivative = y;
  }
  return out;
}

/// z = 2 sqrt(2/pi) x (1 + 0.044715 x^2), x z' = 2 sqrt(2/pi) x (1 + 3 * 0.044715 x^2), with x
/// clamped to [-11, 11] (float T(x) == x above 5.07, T rounds to -0 below -10.78, T' below -10.89).
template <want W, class D>
inline value_and_derivative<D> gelu_tanh(const D& x) noexcept {
  D xc = lanes::max_keep_nan(-11.0, lanes::min_keep_nan(11.0, x));
  D sq = xc * xc;
  D kx = lanes::mul_uncontracted(D(coefficients::two_k_hi), xc);
  D z = lanes::mul_uncontracted(kx, lanes::fma(sq, D(coefficients::c_cubic_hi), D(1.0)));
  D xdz = lanes::mul_uncontracted(kx, lanes::fma(sq, D(coefficients::c_cubic3_hi), D(1.0)));
  return x_sigmoid<W>(x, xc, z, xdz, coefficients::x0_tanh_hi, coefficients::x0_tanh_lo,
                      coefficients::precise_float::zero_tanh);
}

/// z = x z' = 1.702 x, with x clamped to [-66, 66] (float S(x) == x above 10.2, S and S' round
/// to -0 below -63.53, S' below -63.84).
template <want W, class D>
inline value_and_derivative<D> gelu_sigmoid(const D& x) noexcept {
  D xc = lanes::max_keep_nan(-66.0, lanes::min_keep_nan(66.0, x));
  D z = lanes::mul_uncontracted(D(coefficients::b_sigmoid_hi), xc);
  return x_sigmoid<W>(x, xc, z, z, coefficients::x0_sigmoid_hi, coefficients::x0_sigmoid_lo,
                      coefficients::precise_float::zero_sigmoid);
}

}  // namespace for_float
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
