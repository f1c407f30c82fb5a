// gelu/detail/fast_kernels.hpp -- the fast tier (accuracy::fast, the default): exact, tanh and
// sigmoid GELU with their derivatives, written once over the lane type L of the result (float,
// double, xsimd::batch<float, A>, xsimd::batch<double, A>): a float computes in float lanes and
// a double in plain double, with no double-double step.
//
// Method. The precise tier's formulations (Phi(-a) = exp(-a^2/2) M(a), x sigma(z) from
// e = exp(-|z|) <= 1, t P(t) near each derivative's zero x0), with error-free steps where the
// result amplifies an intermediate's error:
//  * exp's argument is carried as hi + lo (a^2 split exactly, z = 2u or 1.702 x with their
//    roundings carried) and its lo part enters the reduced argument: in the tails an absolute
//    error of the argument becomes the same relative error of the result;
//  * exp's reduction n ln2 - s is exact (ln2_hi has 11 trailing zero bits), the reduced
//    argument's rounding is added back, and 2^-n is applied after the last product with one
//    rounding, so a subnormal result is rounded once;
//  * M's variable v = a - centre is rounded once from a, and its constant term is a pair that the
//    callers fold into their next product;
//  * the tanh and sigmoid derivatives sum 1 + e and 1 + e + x z' exactly and correct 1/(1 + e)
//    by its residual;
//  * float builds with a register permute take an exp-free table path on the common range,
//    chosen per element (kernel_choice.hpp): AVX-512 -3.125 <= x < 4.875 (body_path, 32 rows of
//    degree 5), AVX2 |x| < 3.75 (mirror_path, 8 rows of degree 7 at x = -|x|, mirrored by
//    f(x) - f(-x) = x).
// Measured max error, ULP. Float, all 2^32 inputs, AVX-512 / AVX2 builds: gelu 2.33 / 2.63
// (exact), 2.93 / 2.84 (tanh), 2.98 / 2.98 (sigmoid); gelu_derivative 2.82 / 2.97, 3.13 / 3.13,
// 2.60 / 2.60. They sit in the tails (exp, M and their products, x = -4 to -13) and just outside
// the zero windows; in the AVX2 build, exact gelu's and its derivative's sit on the mirrored rows
// (x = -2.77, -1.75). Without FMA (SSE2, every 41st float input) exact gelu reaches 2.87 and its
// derivative 2.88; there the float tanh and sigmoid forms run the precise kernels
// (kernel_choice.hpp). Double, over the tests' sample in three builds: gelu 2.37, 2.37, 2.58;
// gelu_derivative 3.17, 3.36, 2.82.
// Tested bound: 4 ULP, float and double (tests/bounds.hpp).
// Error budget: docs/numerics.md, "The fast tier".
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "../types.hpp"
#include "constants.hpp"
#include "double_coefficients.hpp"
#include "eft.hpp"
#include "fast_coefficients.hpp"
#include "kernel_choice.hpp"
#include "kernel_common.hpp"
#include "lanes.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {
namespace fast {

/// Per-precision constants and tables: the bit layout, the forms' constants, the clamps beyond
/// which every result has its limit (rounded to x, 1 or -0 in T), and the fitted polynomials.
template <class T>
struct traits;

template <>
struct traits<float> : lanes::bit_layout<float>, form_constants<float> {
  static constexpr float first_scale_max = 100;  // 2^-n applied as 2^-min(n, 100) 2^-rest
  // G, G' round to -0 below -14.55 and to x, 1 far below 14.9; 14.9 + 1 < 16 (M's rows)
  static constexpr float exact_limit = 14.9f;
  static constexpr float tanh_limit = 11;     // T rounds to -0 below -10.78, T' below -10.89
  static constexpr float sigmoid_limit = 66;  // S, S' round to -0 below -63.84
  static constexpr float log2e = coefficients::fast::log2e_float;
  static constexpr float ln2_hi = coefficients::fast::ln2_hi_float;
  static constexpr float ln2_lo = coefficients::fast::ln2_lo_float;
  static constexpr const auto& exp_poly = coefficients::fast::exp_float;
  static constexpr const auto& mills_hi = coefficients::fast::mills_float_hi;
  static constexpr const auto& mills_lo = coefficients::fast::mills_float_lo;
  static constexpr const auto& mills_center = coefficients::fast::mills_center_float;
  static constexpr unsigned mills_row_offset = 0;
  static constexpr const auto& zero_exact_hi = coefficients::fast::zero_exact_float_hi;
  static constexpr const auto& zero_exact_lo = coefficients::fast::zero_exact_float_lo;
  static constexpr const auto& zero_tanh_hi = coefficients::fast::zero_tanh_float_hi;
  static constexpr const auto& zero_tanh_lo = coefficients::fast::zero_tanh_float_lo;
  static constexpr const auto& zero_sigmoid_hi = coefficients::fast::zero_sigmoid_float_hi;
  static constexpr const auto& zero_sigmoid_lo = coefficients::fast::zero_sigmoid_float_lo;
};

template <>
struct traits<double> : lanes::bit_layout<double>, form_constants<double> {
  static constexpr double first_scale_max = 1000;
  // G, G' round to -0 below -38.68 and to x, 1 far below 39; 39 + 1 < 256 (M's rows)
  static constexpr double exact_limit = 39;
  static constexpr double tanh_limit = 22;      // T, T' round to -0 below -21.6
  static constexpr double sigmoid_limit = 445;  // S, S' round to -0 below -441.4
  static constexpr double log2e = coefficients::precise_double::log2e;
  static constexpr double ln2_hi = coefficients::fast::ln2_hi_double;
  static constexpr double ln2_lo = coefficients::fast::ln2_lo_double;
  static constexpr const auto& exp_poly = coefficients::precise_double::exp_tail;
  static constexpr const auto& mills_hi = coefficients::fast::mills_double_hi;
  static constexpr const auto& mills_lo = coefficients::fast::mills_double_lo;
  static constexpr const auto& mills_center = coefficients::fast::mills_center_double;
  // one added to u's exponent: u < 16 reads rows 0..15 (tools/gen_coefficients.py)
  static constexpr unsigned mills_row_offset = 4;
  // the precise tier's windows, evaluated by plain Horner in double (no lo tables)
  static constexpr const auto& zero_exact_hi = coefficients::precise_double::zero_exact_hi;
  static constexpr std::nullptr_t zero_exact_lo = nullptr;
  static constexpr const auto& zero_tanh_hi = coefficients::precise_double::zero_tanh_hi;
  static constexpr std::nullptr_t zero_tanh_lo = nullptr;
  static constexpr const auto& zero_sigmoid_hi = coefficients::precise_double::zero_sigmoid_hi;
  static constexpr std::nullptr_t zero_sigmoid_lo = nullptr;
};

// ---- exp --------------------------------------------------------------------------------------
/// exp(-(s_hi + s_lo)) for 0 <= s_hi <= 1000 (float: <= 120), |s_lo| a few ulp(s_hi), as
/// p 2^-n: n = round(s_hi / ln2), r = n ln2 - s_hi exact, plus c = n ln2_lo - s_lo; r + c is
/// rounded to r for the polynomial and its rounding error delta added to e^r - 1, so
/// p = 1 + (r + r^2 P(r) + delta) in [0.70, 1.42] carries the argument's error only as far as
/// the polynomial's own rounding. The caller applies 2^-n with scaled() after its
/// last product. A NaN s gives a NaN p.
template <class L>
struct exp_parts {
  L p, n;
};
template <class L>
GELU_FORCE_INLINE exp_parts<L> exp_negative(const L& s_hi, const L& s_lo) noexcept {
  using tr = traits<lanes::element_t<L>>;
  L n = lanes::fma(s_hi, L(tr::log2e), L(tr::round_magic)) - L(tr::round_magic);
  L r_hi = lanes::fma(n, L(tr::ln2_hi), lanes::negate(s_hi));  // exact
  L c = lanes::fma(n, L(tr::ln2_lo), lanes::negate(s_lo));     // small: its rounding is harmless
  L r = r_hi + c;
  L delta = c - (r - r_hi);  // r's rounding error, put back into e^r - 1 below
  L rr = r * r;
  L poly;
  if constexpr (std::is_same<lanes::element_t<L>, double>::value)
    poly = estrin(tr::exp_poly, r, rr);  // 12 terms: a Horner chain that long limited the loops
  else
    poly = horner(tr::exp_poly, r, 0);
  L p = L(1) + (lanes::fma(rr, poly, r) + delta);
  return {p, n};
}

/// y 2^-n for 0 <= n <= 2 first_scale_max: 2^-min(n, max) is exact on the y the kernels pass,
/// and the second factor rounds once, onto the subnormal grid when the result is that small.
/// The last product is uncontracted (an fma with +0, which the compiler cannot fold into a
/// following addition; with -0 it may, and GCC does on AArch64): an exact zero product becomes
/// +0, so callers never pass a y whose zero sign matters.
template <class L>
GELU_FORCE_INLINE L scaled(const L& y, const L& n) noexcept {
  using tr = traits<lanes::element_t<L>>;
  L n1 = lanes::select(n < L(tr::first_scale_max), n, L(tr::first_scale_max));
  return lanes::mul_uncontracted(y * lanes::exp2_int(lanes::negate(n1)), lanes::exp2_int(n1 - n));
}
#if defined(__AVX512F__)
/// The same, rounded once by one instruction on AVX-512 batches (vscalefps/pd): the same bits,
/// as both round the exact y 2^-n once.
template <class T, class A>
GELU_FORCE_INLINE xsimd::batch<T, A> scaled(const xsimd::batch<T, A>& y,
                                            const xsimd::batch<T, A>& n) noexcept {
  if constexpr (isa::has_scale_exp2<A>)
    return isa::scale_exp2(y, lanes::negate(n), A{});
  else
    return scaled<xsimd::batch<T, A>>(y, n);
}
#endif

// ---- M(a) = Phi(-a) exp(a^2/2) ------------------------------------------------------------------
/// A row's polynomial in t with its constant term as hi + lo: {c0_hi, c0_lo + t P(t)}, each
/// coefficient read by lanes::lookup_row<Read> (register permutes where the ISA has them; Read =
/// Rows unless the caller knows every row is below a smaller Read).
template <int Read = 0, class L, class Row, class T, int Terms, int Rows>
GELU_FORCE_INLINE dd<L> row_polynomial(const T (&hi)[Terms][Rows], const T (&lo)[1][Rows],
                                       const Row& row, const L& t) noexcept {
  constexpr int read = Read == 0 ? Rows : Read;
  L p = horner_rows<read>(hi, row, t, 1);
  return {lanes::lookup_row<read>(hi[0], row),
          lanes::fma(p, t, lanes::lookup_row<read>(lo[0], row))};
}

/// M(a) on rows read by lanes::lookup_row<Read>: v = a - centre rounded once, Horner in v.
template <int Read, class L, class Row>
GELU_FORCE_INLINE dd<L> mills_polynomial(const L& a, const Row& row) noexcept {
  using tr = traits<lanes::element_t<L>>;
  L v = a - lanes::lookup_row<Read>(tr::mills_center, row);
  return row_polynomial<Read>(tr::mills_hi, tr::mills_lo, row, v);
}

/// M(a) for 0 <= a <= exact_limit, as the unevaluated sum c0_hi + (c0_lo + v P'(v)) of the
/// row's constant term and the rest: the row by mills_row(a + 1) (kernel_common.hpp; 16 rows in
/// float, 32 in double, there offset by 4 so that a < 15 reads rows 0..15), v = a - centre
/// rounded once, Horner in v. The callers fold the sum into their next product, so M itself is
/// never rounded. A double batch whose lanes all have a < 15 (u < 16) reads 16 rows where that
/// is cheaper (isa::cheaper_lookup16: AVX-512, AVX2): the same entries, so the same bits.
/// (The precise float kernels' M reads the same kind of rows in double, with v = u - mid and a
/// plain c0: for_float::mills_ratio.)
template <class L>
GELU_FORCE_INLINE dd<L> mills_ratio(const L& a) noexcept {
  using tr = traits<lanes::element_t<L>>;
  constexpr int rows = sizeof(tr::mills_center) / sizeof(tr::mills_center[0]);
  L u = a + L(1);
  auto row = mills_row(u) + tr::mills_row_offset;
  if constexpr (isa::cheaper_lookup16<L>::value) {
    if (lanes::all(u < L(16))) return mills_polynomial<16>(a, row);
  }
  return mills_polynomial<rows>(a, row);
}

// ---- exact GELU ---------------------------------------------------------------------------------
// Everywhere: a = |x| clamped to exact_limit (NaN kept), E = exp(-a^2/2) = p 2^-n, M = M(a):
//   x < 0:  G = -(a M p) 2^-n          G' = (M - a/sqrt(2 pi)) p 2^-n
//   x >= 0: G = x (1 - (M p) 2^-n)     G' = 1 - (M - a/sqrt(2 pi)) p 2^-n
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> exact_everywhere(const L& x) noexcept {
  using tr = traits<lanes::element_t<L>>;
  L a = lanes::min_keep_nan(tr::exact_limit, lanes::abs(x));
  dd<L> sq = two_prod(a, a);
  exp_parts<L> e = exp_negative(sq.hi * L(0.5), sq.lo * L(0.5));
  dd<L> m = mills_ratio(a);
  auto neg = x < L(0);
  value_and_derivative<L> r{L(0), L(0)};
  if constexpr (W != want::derivative) {
    L f = lanes::select(neg, a, L(1));
    L y = scaled(lanes::fma(f, m.hi, f * m.lo) * e.p, e.n);  // f M rounded once
    r.value = lanes::select(neg, lanes::negate(y), x * (L(1) - y));
  }
  if constexpr (W != want::value) {
    // M - a/sqrt(2 pi) with a/sqrt(2 pi) split exactly: next to the zero window the difference
    // is a third of its terms, and without FMA a rounded product there cost up to 4.4 ULP
    dd<L> ac = two_prod(a, L(tr::inv_sqrt2pi.hi));
    L d = (m.hi - ac.hi) + lanes::fma(a, L(-tr::inv_sqrt2pi.lo), m.lo - ac.lo);
    L y = scaled(d * e.p, e.n);
    r.derivative = lanes::select(neg, y, L(1) - y);
  }
  return r;
}

// ---- the body path: the common range without exp (AVX2 and AVX-512 float builds) -------------
/// The 32 rows of width 1/4 are centred at k/4, k = body_first_row .. body_first_row + 31: they
/// serve [-3.125, 4.875). 4x = -12.5 rounds to the even -12, the first row; 4x = 19.5 would
/// round to 20, beyond the last, so the upper end is excluded.
inline constexpr float body_lower = coefficients::fast::body_first_row / 4.0f - 0.125f;
inline constexpr float body_upper = (coefficients::fast::body_first_row + 31) / 4.0f + 0.125f;
static_assert(coefficients::fast::body_first_row % 2 == 0,
              "the lower end must round into the first row");
/// The 8 mirrored rows of width 1/2 are centred at a = i/2, i = 0..7 (and expanded at their upper
/// ends): they serve a < 3.75 (2a = 7.5 would round to 8).
inline constexpr float mirror_upper = 3.75f;
/// The elements the table path of this build (kernel_choice.hpp's this_build::tables) serves
/// (false for NaN); asked only in builds that have one.
template <class L>
GELU_FORCE_INLINE auto in_body(const L& x) noexcept {
  using mask = decltype(x < x);  // bool & bool is an int
  if constexpr (this_build::tables == table_path::mirror8)
    return mask(lanes::abs(x) < L(mirror_upper));
  return mask((x >= L(body_lower)) & (x < L(body_upper)));
}

/// The tables of one form: its factor F (GELU = x F(x): Phi, sigma(2u) or sigma(1.702 x)) and
/// its derivative over the distance to its zero, Rows rows (coefficients::fast::body_*_float,
/// coefficients::fast::mirror_*_float).
template <int Terms, int Rows>
struct body_table {
  using terms = const float (&)[Terms][Rows];
  terms factor_hi;
  const float (&factor_lo)[1][Rows];
  terms derivative_hi;
  const float (&derivative_lo)[1][Rows];
};
using rows32_table = body_table<coefficients::fast::body_terms, 32>;
using mirror8_table = body_table<coefficients::fast::mirror_terms, 8>;

/// body_lower <= x < body_upper, float: k = round(4x), row k - body_first_row, t = x - k/4
/// (exact, and +-0 at x = +-0), each polynomial's constant term as hi + lo; GELU = x c0_hi +
/// x (c0_lo + t P(t)) rounded once, and the derivative (x - x0) Q(x), Q the table of
/// f'(x) / (x - x0). GELU keeps the sign of x, -0 included: F > 0, and at x = +-0 the row's
/// c0_lo >= 0 is all of the low part, so x * f.lo is a zero of x's sign.
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> body_path(const L& x, const rows32_table& tab,
                                                    split_constant<float> x0) noexcept {
  using tr = traits<float>;
  constexpr float magic = tr::round_magic - coefficients::fast::body_first_row;  // exact
  L k = lanes::fma(x, L(4.0f), L(magic));  // round(4x) - body_first_row in the low bits
  auto row = lanes::to_bits(k);
  L t = lanes::fma(k - L(magic), L(-0.25f), x);  // x - round(4x)/4, exact
  value_and_derivative<L> r{L(0), L(0)};
  if constexpr (W != want::derivative) {
    dd<L> f = row_polynomial(tab.factor_hi, tab.factor_lo, row, t);
    r.value = lanes::fma(x, f.hi, x * f.lo);
  }
  if constexpr (W != want::value) {  // (x - x0) Q(x): x - x0_hi is exact near x0
    L t0 = (x - L(x0.hi)) - L(x0.lo);
    dd<L> q = row_polynomial(tab.derivative_hi, tab.derivative_lo, row, t);
    r.derivative = lanes::fma(t0, q.hi, t0 * q.lo);
  }
  return r;
}

/// |x| < 3.75, float, from the tables at x = -a, a = |x| (each form has f(x) - f(-x) = x):
/// row i = round(2a), t = a - (i/2 + 1/4) in [-1/2, 0] (exact for i >= 1; on row 0 its rounding
/// moves F by < 0.1 units of 2^-24); y = a F(-a) >= 0 rounded once as in body_path, GELU = -y
/// for x < 0 and x - y for x >= 0 (y <= x/2; x = -0 gives -0 - +0 = -0); d = (a - a0) Q(a) =
/// f'(-a), a0 = -x0, and f'(x) = d for x < 0, 1 - d for x >= 0, where |d| <= 1/2.
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> mirror_path(const L& x, const mirror8_table& tab,
                                                      split_constant<float> x0) noexcept {
  using tr = traits<float>;
  L a = lanes::abs(x);
  L k = lanes::fma(a, L(2.0f), L(tr::round_magic));  // round(2a) in the low bits
  auto row = lanes::to_bits(k);
  L t = a - lanes::fma(k - L(tr::round_magic), L(0.5f), L(0.25f));
  auto nonneg = x >= L(0);
  value_and_derivative<L> r{L(0), L(0)};
  if constexpr (W != want::derivative) {
    dd<L> f = row_polynomial(tab.factor_hi, tab.factor_lo, row, t);
    r.value = lanes::select(nonneg, x, L(0)) - lanes::fma(a, f.hi, a * f.lo);
  }
  if constexpr (W != want::value) {  // a - a0_hi is exact near a0
    L t0 = (a + L(x0.hi)) + L(x0.lo);
    dd<L> q = row_polynomial(tab.derivative_hi, tab.derivative_lo, row, t);
    L d = lanes::fma(t0, q.hi, t0 * q.lo);
    r.derivative = lanes::select(nonneg, L(1) - d, d);
  }
  return r;
}

// Each form's four tables of one layout
// (coefficients::fast::<layout>_<form>_{factor,derivative}_float_*).
#define GELU_BODY_TABLES(type, name, layout, form)                                      \
  inline constexpr type name{coefficients::fast::layout##_##form##_factor_float_hi,     \
                             coefficients::fast::layout##_##form##_factor_float_lo,     \
                             coefficients::fast::layout##_##form##_derivative_float_hi, \
                             coefficients::fast::layout##_##form##_derivative_float_lo};
GELU_BODY_TABLES(rows32_table, exact_tables, body, exact)
GELU_BODY_TABLES(rows32_table, tanh_tables, body, tanh)
GELU_BODY_TABLES(rows32_table, sigmoid_tables, body, sigmoid)
GELU_BODY_TABLES(mirror8_table, mirror_exact_tables, mirror, exact)
GELU_BODY_TABLES(mirror8_table, mirror_tanh_tables, mirror, tanh)
GELU_BODY_TABLES(mirror8_table, mirror_sigmoid_tables, mirror, sigmoid)
#undef GELU_BODY_TABLES

/// The body path of form A in this build's layout, for the elements in_body(x) holds.
template <approximate A, want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> body_part(const L& x) noexcept {
  using tr = traits<float>;
  constexpr split_constant<float> x0 = A == approximate::none   ? tr::x0_exact
                                       : A == approximate::tanh ? tr::x0_tanh
                                                                : tr::x0_sigmoid;
  if constexpr (this_build::tables == table_path::mirror8) {
    constexpr const auto& tab = A == approximate::none   ? mirror_exact_tables
                                : A == approximate::tanh ? mirror_tanh_tables
                                                         : mirror_sigmoid_tables;
    return mirror_path<W>(x, tab, x0);
  } else {
    constexpr const auto& tab = A == approximate::none   ? exact_tables
                                : A == approximate::tanh ? tanh_tables
                                                         : sigmoid_tables;
    return body_path<W>(x, tab, x0);
  }
}

// ---- x sigma(z): tanh GELU (z = 2u) and sigmoid GELU (z = 1.702 x) -----------------------------
// z = z_hi + z_lo, e = exp(-|z|) = p 2^-n <= 1, q = 1 / (1 + e) (for the derivative carried as
// r + r_lo):
//   value:      x >= 0: x / (1 + e)            x < 0: -(|xc| p / (1 + e)) 2^-n
//   derivative: x >= 0: (1 + e + x z' e) q^2   x < 0: (p (1 + e + x z') q^2) 2^-n
// xc is x clamped to the form's limit (NaN kept); x z' (at xc) = xdz + xdz_lo. For the
// derivative, 1 + e and 1 + e + x z' are summed exactly and q is corrected for the division's
// rounding: these sums and quotients are where its roundings would otherwise pile up (9 ULP).
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> x_sigmoid(const L& x, const L& xc, const L& z_hi,
                                                    const L& z_lo, const L& xdz,
                                                    const L& xdz_lo) noexcept {
  auto z_neg = z_hi < L(0);
  exp_parts<L> e = exp_negative(lanes::abs(z_hi), lanes::select(z_neg, lanes::negate(z_lo), z_lo));
  L ef = scaled(e.p, e.n);
  L den = L(1) + ef;
  L den_lo = (L(1) - den) + ef;  // exact: 1 >= ef
  L r = lanes::div(L(1), den);
  L r_lo = r * lanes::fma(lanes::negate(den_lo), r, residual(den, r, L(1)));  // q - r
  auto neg = x < L(0);
  L n = lanes::select(neg, e.n, L(0));
  value_and_derivative<L> out{L(0), L(0)};
  if constexpr (W != want::derivative) {  // one division, not v * r: one rounding fewer
    // x < 0 as -(|xc| p / (1 + e)) 2^-n: a result that underflows is -0 with or without FMA;
    // x >= 0 unscaled, which keeps gelu(-0) = -0
    L v = lanes::div(lanes::select(neg, lanes::abs(xc) * e.p, x), den);
    out.value = lanes::select(neg, lanes::negate(scaled(v, n)), v);
  }
  if constexpr (W != want::value) {
    // x < 0: p (1 + e + x z'), the sum two-summed; x >= 0: 1 + e + x z' e, no cancellation
    dd<L> t = two_sum(den, xdz);
    L t_lo = (t.lo + den_lo) + xdz_lo;
    L num_neg = lanes::fma(e.p, t.hi, e.p * t_lo);
    L num_pos = lanes::fma(xdz, ef, den) + den_lo;
    L num = lanes::select(neg, num_neg, num_pos);
    dd<L> rr = two_prod(r, r);
    L rr_lo = lanes::fma(L(2) * r, r_lo, rr.lo);  // q^2 = rr.hi + rr_lo
    out.derivative = scaled(lanes::fma(num, rr.hi, num * rr_lo), n);
  }
  return out;
}

/// z = 2 sqrt(2/pi) x (1 + 0.044715 x^2) as z_hi + z_lo: the square split exactly, 1 + c x^2
/// and the products each with their rounding error carried; x z' = 2 sqrt(2/pi) x (1 + 3c x^2).
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> tanh_everywhere(const L& x) noexcept {
  using tr = traits<lanes::element_t<L>>;
  L xc = lanes::max_keep_nan(-tr::tanh_limit, lanes::min_keep_nan(tr::tanh_limit, x));
  dd<L> sq = two_prod(xc, xc);
  L w = lanes::fma(sq.hi, L(tr::c_cubic.hi), L(1));  // 1 + c x^2 >= 1, so 1 - w is exact
  L w_lo = fma_error(sq.hi, L(tr::c_cubic.hi), L(1), w);
  w_lo = lanes::fma(sq.lo, L(tr::c_cubic.hi), w_lo);
  w_lo = lanes::fma(sq.hi, L(tr::c_cubic.lo), w_lo);
  dd<L> kx = two_prod(L(tr::two_k.hi), xc);
  L kx_lo = lanes::fma(L(tr::two_k.lo), xc, kx.lo);
  dd<L> z = two_prod(kx.hi, w);
  L z_lo = lanes::fma(kx.hi, w_lo, z.lo);
  z_lo = lanes::fma(kx_lo, w, z_lo);
  L w3 = lanes::fma(sq.hi, L(tr::c_cubic3.hi), L(1));  // 1 + 3c x^2, rounding error carried too
  L w3_lo = fma_error(sq.hi, L(tr::c_cubic3.hi), L(1), w3);
  dd<L> xdz = two_prod(kx.hi, w3);
  L xdz_lo = lanes::fma(kx.hi, w3_lo, xdz.lo);
  xdz_lo = lanes::fma(kx_lo, w3, xdz_lo);
  return x_sigmoid<W>(x, xc, z.hi, z_lo, xdz.hi, xdz_lo);
}

/// z = x z' = 1.702 x as z_hi + z_lo (1.702 itself as hi + lo).
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> sigmoid_everywhere(const L& x) noexcept {
  using tr = traits<lanes::element_t<L>>;
  L xc = lanes::max_keep_nan(-tr::sigmoid_limit, lanes::min_keep_nan(tr::sigmoid_limit, x));
  dd<L> z = two_prod(L(tr::b_sigmoid.hi), xc);  // also x z'
  L z_lo = lanes::fma(L(tr::b_sigmoid.lo), xc, z.lo);
  return x_sigmoid<W>(x, xc, z.hi, z_lo, z.hi, z_lo);
}

// ---- each form: the table path and the general path, chosen per element -----------------------
/// The general path of form A: exact_everywhere, tanh_everywhere or sigmoid_everywhere. The
/// array loops of AVX2 and AVX-512 float builds call it only on the elements that need it
/// (compacting_loops.hpp); per element, gelu_<form>(x) is select(in_body(x), body_part(x),
/// general_part(x)), bit for bit.
template <approximate A, want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> general_part(const L& x) noexcept {
  if constexpr (A == approximate::none) return exact_everywhere<W>(x);
  if constexpr (A == approximate::tanh) return tanh_everywhere<W>(x);
  if constexpr (A == approximate::sigmoid) return sigmoid_everywhere<W>(x);
}

/// Form A's derivative on its zero window, t P(t) (near_zero, kernel_common.hpp).
template <approximate A, class L>
GELU_FORCE_INLINE L window_part(const L& x) noexcept {
  using tr = traits<lanes::element_t<L>>;
  if constexpr (A == approximate::none)
    return near_zero(x, tr::x0_exact, tr::zero_exact_hi, tr::zero_exact_lo);
  else if constexpr (A == approximate::tanh)
    return near_zero(x, tr::x0_tanh, tr::zero_tanh_hi, tr::zero_tanh_lo);
  else
    return near_zero(x, tr::x0_sigmoid, tr::zero_sigmoid_hi, tr::zero_sigmoid_lo);
}

/// Form A's value and derivative: in AVX2 and AVX-512 float builds an element in_body takes
/// body_part and any other general_part -- per element, so a batch computes general_part only
/// when one of its lanes needs it, and every element's result depends on its x alone; in other
/// builds general_part, then on the zero window window_part.
template <approximate A, want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> assemble(const L& x) noexcept {
  value_and_derivative<L> r{L(0), L(0)};
  if constexpr (kernel_choice<A, accuracy::fast, lanes::element_t<L>>::tables != table_path::none) {
    // the zero window lies inside the body, whose derivative has the zero factored out
    auto body = in_body(x);
    r = body_part<A, W>(x);
    if (!lanes::all(body)) {
      value_and_derivative<L> e = general_part<A, W>(x);
      r.value = lanes::select(body, r.value, e.value);
      r.derivative = lanes::select(body, r.derivative, e.derivative);
    }
  } else {
    r = general_part<A, W>(x);
    if constexpr (W != want::value)
      r.derivative = lanes::select(zero_window(x), window_part<A>(x), r.derivative);
  }
  return r;
}

/// Exact GELU and its derivative.
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> gelu_exact(const L& x) noexcept {
  return assemble<approximate::none, W>(x);
}
/// Tanh GELU and its derivative.
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> gelu_tanh(const L& x) noexcept {
  return assemble<approximate::tanh, W>(x);
}
/// Sigmoid GELU and its derivative.
template <want W, class L>
GELU_FORCE_INLINE value_and_derivative<L> gelu_sigmoid(const L& x) noexcept {
  return assemble<approximate::sigmoid, W>(x);
}

}  // namespace fast
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
