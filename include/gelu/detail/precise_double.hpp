// gelu/detail/precise_double.hpp -- the precise tier's double kernels: exact, tanh and sigmoid
// GELU with their derivatives, written once over the lane type D (double or
// xsimd::batch<double, A>); exp is in double_exp.hpp.
//
// Method. The formulations of the float kernels (precise_float.hpp): Phi(-a) = exp(-a^2/2) M(a)
// with no 1 + erf, x sigma(z) from e = exp(-|z|) <= 1 with no 1 + tanh and no x^3, t P(t) near
// each derivative's zero. Every step whose rounding would reach the result at full size is a
// double-double step (eft.hpp): exp's argument (a^2 split exactly, z formed compensated) and
// reduction, M's and the windows' leading coefficients, the final products and quotients. exp's
// scale 2^n is applied last, and a subnormal result is rounded once onto the subnormal grid
// (scaled). The fitted pieces (double_coefficients.hpp: exp 2^-56.9, M rows 2^-61 to 2^-71, M's
// tail 2^-56.4, windows 2^-59 to 2^-60.6) add about 0.1-0.2 ULP to the final rounding's 0.5.
// Measured max error (MPFR; the tests' ~119 000 inputs per function and a denser 906 000, in
// the SSE2 and AVX-512 builds): gelu 0.624 / 0.625 / 0.624 ULP (exact / tanh / sigmoid),
// gelu_derivative 0.626 / 0.694 / 0.644, the largest at the tanh derivative's zero.
// Tested bound: 0.75 ULP (tests/bounds.hpp).
// Error budget: docs/numerics.md, "The double kernels".
#pragma once

#include <cmath>

#include "constants.hpp"
#include "double_exp.hpp"
#include "kernel_common.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {
namespace for_double {

// ---- shared pieces ------------------------------------------------------------------------

/// M(a) = Phi(-a) * exp(a^2/2) for a in [0, 40], as a double-double (relative error < 2^-54).
/// Rows 0..7 cover a in [row, row + 1) for a < 8; a >= 8 reads row 7 and takes the 1/a tail.
/// Its own row scheme, not mills_row's (kernel_common.hpp): a double result needs M to 2^-54,
/// here degree 17 on unit rows with c0..c4 compensated, and a 1/a tail beyond 8.
template <class D>
inline dd<D> mills_ratio(const D& a) noexcept {
  using namespace coefficients::precise_double;
  D row = lanes::floor_nonnegative(lanes::select(a < D(8.0), a, D(7.0)));
  D v = a - row;  // exact (Sterbenz)
  // Horner in double down to c5, then c4..c0 compensated with their double-double coefficients
  constexpr int dd_terms = sizeof(mills_lo) / sizeof(mills_lo[0]);
  constexpr int terms = sizeof(mills_hi) / sizeof(mills_hi[0]);
  D p = lanes::lookup8(mills_hi[terms - 1], row);
  for (int j = terms - 2; j >= dd_terms; --j)
    p = lanes::fma(p, v, lanes::lookup8(mills_hi[j], row));
  dd<D> m = {p, D(0.0)};
  for (int j = dd_terms - 1; j >= 0; --j)
    m = horner_dd_step(v, m, lanes::lookup8(mills_hi[j], row), lanes::lookup8(mills_lo[j], row));
  auto far = a >= D(8.0);
  if (lanes::any(far)) {
    D at = lanes::select(far, a, D(8.0));
    D w = D(1.0) / at;
    D wl = w * residual(w, at, D(1.0));  // 1/a == w + wl to ~2^-104
    D y = w * w;
    dd<D> r = {horner(mills_tail_hi, y, 2), D(0.0)};
    r = horner_dd_step(y, r, D(mills_tail_hi[1][0]), D(mills_tail_lo[1][0]));
    r = horner_dd_step(y, r, D(mills_tail_hi[0][0]), D(mills_tail_lo[0][0]));
    dd<D> t = mul_dd(dd<D>{w, wl}, r);
    m = {lanes::select(far, t.hi, m.hi), lanes::select(far, t.lo, m.lo)};
  }
  return m;
}

/// exp(-a^2/2) for a in [0, 40], from the exact square a*a = hi + lo.
template <class D>
inline scaled_exp<D> gauss(const D& a) noexcept {
  dd<D> sq = two_prod(a, a);
  return exp_nonpositive(dd<D>{D(-0.5) * sq.hi, D(-0.5) * sq.lo});
}

/// s1 * s2 * (y.hi + y.lo), rounded once. For a normal result the sum rounds, and the scaling is
/// exact. A subnormal result would be rounded twice that way (to 53 bits, then to the subnormal
/// grid: up to 0.75 ULP); instead, with g = 2^-1022 / 2^n of y's sign, the doubles of
/// [g, 2g) are spaced exactly as the subnormals are after the scaling, so g + y rounds once onto
/// that grid, and (g + y - g) s1 s2 is exact.
template <class D>
inline D scaled(const dd<D>& y, const scaled_exp<D>& e) noexcept {
  D s = y.hi + y.lo;
  D r = (s * e.scale1) * e.scale2;
  auto subnormal = lanes::abs(r) < D(0x1p-1022);
  if (lanes::any(subnormal)) {
    D grid = lanes::exp2_int(D(-1022.0) - e.n);  // only here: the rare subnormal results
    D g = lanes::select(y.hi < D(0.0), lanes::negate(grid), grid);
    dd<D> u = two_sum(g, y.hi);
    D v = u.hi + (u.lo + y.lo);  // the one rounding
    D once = ((v - g) * e.scale1) * e.scale2;
    // v - g is +0 when the result rounds to zero; r is then the zero with y's sign
    r = lanes::select(subnormal & (once != D(0.0)), once, r);
  }
  return r;
}

/// 1 - s1 * s2 * (q.hi + q.lo), as a double-double, for |q * s1 * s2| <= 1/2 (no cancellation;
/// the exact derivative passes values in [-0.129, 0.5]).
template <class D>
inline dd<D> one_minus_scaled(const dd<D>& q, const scaled_exp<D>& e) noexcept {
  D qh = lanes::mul_uncontracted(lanes::mul_uncontracted(q.hi, e.scale1), e.scale2);
  D ql = lanes::mul_uncontracted(lanes::mul_uncontracted(q.lo, e.scale1), e.scale2);
  dd<D> s = two_sum(D(1.0), -qh);
  return {s.hi, s.lo - ql};
}

/// Derivative near its zero x0: f'(x) = t * P(t), t = x - x0 (x0 = x0_hi + x0_lo, t exact to
/// ~2^-106), P's two leading coefficients double-double. The other kernels' near_zero
/// (kernel_common.hpp) rounds t and evaluates P plainly: for a double result each such rounding
/// would cost up to half an ULP.
template <class D, int Width>
inline D near_zero_compensated(const D& x, double x0_hi, double x0_lo,
                               const double (&p_hi)[Width][1],
                               const double (&p_lo)[2][1]) noexcept {
  D t1 = x - D(x0_hi);  // exact: x is within a factor 2 of x0
  D th = t1 - D(x0_lo);
  D tl = (t1 - th) - D(x0_lo);
  dd<D> p = {horner(p_hi, th, 2), D(0.0)};
  p = horner_dd_step(th, p, D(p_hi[1][0]), D(p_lo[1][0]));
  p = horner_dd_step(th, p, D(p_hi[0][0]), D(p_lo[0][0]));
  dd<D> y = two_prod(th, p.hi);
  D c = lanes::fma(tl, p.hi, y.lo);
  c = lanes::fma(th, p.lo, c);
  return y.hi + c;
}

/// NaN stays NaN (whatever the clamps did), x == +inf gives `at_pos_inf`.
template <class D>
inline D finish(const D& x, const D& y, const D& at_pos_inf) noexcept {
  D r = lanes::select(x == D(HUGE_VAL), at_pos_inf, y);
  return lanes::select(lanes::is_nan(x), x, r);
}

// ---- exact GELU ---------------------------------------------------------------------------

/// Value and/or derivative; both share a = |x|, exp(-a^2/2) and M(a).
template <want W, class D>
inline value_and_derivative<D> gelu_exact(const D& x) noexcept {
  using namespace coefficients;
  using namespace coefficients::precise_double;
  D a = lanes::abs(x);
  D ac = lanes::select(a < D(40.0), a, D(40.0));  // G(-40) is far below the smallest subnormal
  scaled_exp<D> e = gauss(ac);
  dd<D> m = mills_ratio(ac);
  value_and_derivative<D> r{D(0.0), D(0.0)};
  if constexpr (W != want::derivative) {
    dd<D> q = mul_dd(e.m, m);  // Phi(-a) = s1 s2 q
    // x < 0: G = -a Phi(-a)
    dd<D> t = two_prod(ac, q.hi);
    t.lo = lanes::fma(ac, q.lo, t.lo);
    D neg = lanes::negate(scaled(t, e));
    // x >= 0: G = x (1 - Phi(-a))
    dd<D> om = one_minus_scaled(q, e);
    D xs = lanes::select(a < D(40.0), x, D(0.0));  // G(x) == x there; keeps x * 0 away from inf
    dd<D> xo = two_prod(xs, om.hi);
    D pos = xo.hi + lanes::fma(xs, om.lo, xo.lo);
    pos = lanes::select(a < D(40.0), pos, x);
    D y = lanes::select(x < D(0.0), neg, pos);
    y = lanes::select(x == D(0.0), x, y);  // keeps the sign of zero
    r.value = finish(x, y, x);
  }
  if constexpr (W != want::value) {
    // G'(x) = Phi(x) + x phi(x) with a = |x|, E = exp(-a^2/2):
    //   x < 0: E (M - a/sqrt(2 pi)),   x >= 0: 1 - E (M - a/sqrt(2 pi))
    dd<D> p = two_prod(ac, D(inv_sqrt2pi_hi));
    p.lo = lanes::fma(ac, D(inv_sqrt2pi_lo), p.lo);
    dd<D> d = add_dd(m, dd<D>{-p.hi, -p.lo});
    dd<D> ed = mul_dd(e.m, d);
    D neg = scaled(ed, e);
    dd<D> om = one_minus_scaled(ed, e);
    D pos = om.hi + om.lo;
    D y = lanes::select(x < D(0.0), neg, pos);
    auto w = zero_window(x);
    if (lanes::any(w))
      y = lanes::select(
          w, near_zero_compensated(x, x0_exact_hi, x0_exact_lo, zero_exact_hi, zero_exact_lo), y);
    r.derivative = finish(x, y, D(1.0));
  }
  return r;
}

// ---- x * sigmoid(z) forms: tanh GELU (z = 2u) and sigmoid GELU (z = 1.702 x) -------------

/// 2 sqrt(2/pi) x (1 + c x^2) as a double-double from sq = x^2 (c = c_hi + c_lo): z for
/// c = 0.044715, x z' for 3c; |xc| <= 32.
template <class D>
inline dd<D> tanh_argument(const D& xc, const dd<D>& sq, double c_hi, double c_lo) noexcept {
  dd<D> cx2 = two_prod(D(c_hi), sq.hi);
  cx2.lo = lanes::fma(D(c_lo), sq.hi, lanes::fma(D(c_hi), sq.lo, cx2.lo));
  dd<D> g = two_sum(D(1.0), cx2.hi);  // 1 + c x^2
  g.lo = g.lo + cx2.lo;
  dd<D> q = two_prod(xc, g.hi);
  q.lo = lanes::fma(xc, g.lo, q.lo);
  return mul_dd(dd<D>{D(coefficients::two_k_hi), D(coefficients::two_k_lo)}, q);
}

/// e = exp(-|z|) and its scaled parts.
template <class D>
inline scaled_exp<D> exp_minus_abs(const dd<D>& z) noexcept {
  D nh = -lanes::abs(z.hi);
  D nl = lanes::select(z.hi < D(0.0), z.lo, -z.lo);
  return exp_nonpositive(dd<D>{nh, nl});
}

/// e = exp(-|z|) <= 1 itself as a double-double: m scaled by s1 s2 (for 1 + e and x z' e).
template <class D>
inline dd<D> scaled_value(const scaled_exp<D>& e) noexcept {
  D h = lanes::mul_uncontracted(lanes::mul_uncontracted(e.m.hi, e.scale1), e.scale2);
  D l = lanes::mul_uncontracted(lanes::mul_uncontracted(e.m.lo, e.scale1), e.scale2);
  return {h, l};
}

/// x sigma(z) and its derivative from one e = exp(-|z|):
///   value:      x >= 0: x / (1 + e)                         x < 0: x e / (1 + e)
///   derivative: x >= 0: (1 + e + x z' e) / (1 + e)^2        x < 0: e (1 + e + x z') / (1 + e)^2
/// with the derivative's zero window evaluated as t P(t) (x0, p_hi, p_lo). xc: x clamped to
/// [-saturation, saturation], where the value is x (above) or rounds to 0 (below); `xdz` is
/// x z'(x) at xc as a double-double.
template <want W, class D, int Width>
inline value_and_derivative<D> x_sigmoid(const D& x, const D& xc, double saturation, const dd<D>& z,
                                         const dd<D>& xdz, double x0_hi, double x0_lo,
                                         const double (&p_hi)[Width][1],
                                         const double (&p_lo)[2][1]) noexcept {
  scaled_exp<D> e = exp_minus_abs(z);
  dd<D> ev = scaled_value(e);
  dd<D> den = fast_two_sum(D(1.0), ev.hi);
  den.lo = den.lo + ev.lo;
  auto neg = x < D(0.0);
  value_and_derivative<D> r{D(0.0), D(0.0)};
  if constexpr (W != want::derivative) {
    dd<D> nn = two_prod(xc, e.m.hi);
    nn.lo = lanes::fma(xc, e.m.lo, nn.lo);
    dd<D> num = {lanes::select(neg, nn.hi, xc), lanes::select(neg, nn.lo, D(0.0))};
    dd<D> q = div_dd(num, den);
    D y = lanes::select(neg, scaled(q, e), q.hi + q.lo);
    y = lanes::select(x == D(0.0), x, y);
    y = lanes::select(x >= D(saturation), x, y);  // x sigma(z) rounds to x far below `saturation`
    r.value = finish(x, y, x);
  }
  if constexpr (W != want::value) {
    dd<D> den2 = mul_dd(den, den);
    dd<D> bpos = add_dd(den, mul_dd(xdz, ev));
    dd<D> bneg = mul_dd(e.m, add_dd(den, xdz));
    dd<D> num = {lanes::select(neg, bneg.hi, bpos.hi), lanes::select(neg, bneg.lo, bpos.lo)};
    dd<D> q = div_dd(num, den2);
    D y = lanes::select(neg, scaled(q, e), q.hi + q.lo);
    auto w = zero_window(x);
    if (lanes::any(w)) y = lanes::select(w, near_zero_compensated(x, x0_hi, x0_lo, p_hi, p_lo), y);
    r.derivative = finish(x, y, D(1.0));
  }
  return r;
}

/// T(x) = x sigma(2u), u = sqrt(2/pi) (x + 0.044715 x^3); x clamped to [-32, 32] (T(x) == x
/// above 7.2, T underflows below -21.6).
template <want W, class D>
inline value_and_derivative<D> gelu_tanh(const D& x) noexcept {
  using namespace coefficients;
  D xc = lanes::clamp(x, -32.0, 32.0);
  dd<D> sq = two_prod(xc, xc);
  dd<D> z = tanh_argument(xc, sq, c_cubic_hi, c_cubic_lo);
  dd<D> xdz = {D(0.0), D(0.0)};
  if constexpr (W != want::value)
    xdz = tanh_argument(xc, sq, c_cubic3_hi, c_cubic3_lo);  // x z' = 2k x (1 + 3c x^2)
  return x_sigmoid<W>(x, xc, 32.0, z, xdz, x0_tanh_hi, x0_tanh_lo,
                      coefficients::precise_double::zero_tanh_hi,
                      coefficients::precise_double::zero_tanh_lo);
}

/// z = 1.702 x as a double-double.
template <class D>
inline dd<D> sigmoid_argument(const D& xc) noexcept {
  dd<D> z = two_prod(D(coefficients::b_sigmoid_hi), xc);
  z.lo = lanes::fma(D(coefficients::b_sigmoid_lo), xc, z.lo);
  return z;
}

/// S(x) = x sigma(1.702 x); x clamped to [-1000, 1000] (S(x) == x above 22, S underflows below
/// -442).
template <want W, class D>
inline value_and_derivative<D> gelu_sigmoid(const D& x) noexcept {
  using namespace coefficients;
  D xc = lanes::clamp(x, -1000.0, 1000.0);
  dd<D> z = sigmoid_argument(xc);
  return x_sigmoid<W>(x, xc, 1000.0, z, z, x0_sigmoid_hi, x0_sigmoid_lo,  // x z' = 1.702 x = z
                      coefficients::precise_double::zero_sigmoid_hi,
                      coefficients::precise_double::zero_sigmoid_lo);
}

}  // namespace for_double
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
