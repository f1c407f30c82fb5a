// gelu/detail/double_exp.hpp -- exp of a non-positive double-double argument, kept unrounded,
// for the precise double kernels (precise_double.hpp; docs/numerics.md, "The double kernels").
#pragma once

#include "double_coefficients.hpp"
#include "eft.hpp"

namespace gelu {
inline namespace GELU_ISA_NAMESPACE {
namespace detail {
namespace for_double {

/// exp(z.hi + z.lo) for z <= 0, as scale1 * scale2 * (m.hi + m.lo).
/// m is a normalised double-double in [0.70, 1.42] with relative error below 2^-56 (the
/// fitted polynomial's, coefficients::precise_double::exp_tail); scale1 and scale2 are powers of
/// two, each a normal double (scale1 scale2 = 2^n), applied by the caller after its last sum; a
/// result in the subnormal range is rounded once onto the subnormal grid (scaled() in
/// precise_double.hpp uses n for that). Domain: z.hi <= 0 (any finite value; below -1400 the result
/// is +0). |z.lo| <= ulp(z.hi).
template <class D>
struct scaled_exp {
  dd<D> m;
  D scale1, scale2, n;
};

template <class D>
inline scaled_exp<D> exp_nonpositive(const dd<D>& z) noexcept {
  using namespace coefficients::precise_double;
  D zh = lanes::select(z.hi > D(-1400.0), z.hi, D(-1400.0));
  D zl = lanes::select(z.hi > D(-1400.0), z.lo, D(0.0));
  D n = lanes::fma(zh, D(log2e), D(round_magic)) - D(round_magic);  // round(z / ln2)
  // r = z - n*ln2 as a double-double; n*ln2_short_hi is exact (n has at most 11 bits)
  D r1 = lanes::fma(-n, D(ln2_short_hi), zh);
  dd<D> nm = two_prod(n, D(ln2_short_mid));
  dd<D> r = two_sum(r1, -nm.hi);
  D rl = r.lo - nm.lo;
  rl = lanes::fma(-n, D(ln2_short_lo), rl);
  rl = rl + zl;
  // exp(rh + rl) = (1 + q) (1 + rl) with q = rh + rh^2 P(rh); rl reaches 2^-43 (the rounding of
  // a large |z|), so the product rl * q is kept whole: 1 + rh + [rh^2 P + rl (1 + q)]
  D rh = r.hi;
  D rr = rh * rh;
  D p = horner(exp_tail, rh, 0);
  D q = lanes::fma(rr, p, rh);
  D tail = lanes::fma(rl, q, rl);
  tail = lanes::fma(rr, p, tail);
  dd<D> m = fast_two_sum(D(1.0), rh);
  m = fast_two_sum(m.hi, m.lo + tail);
  D n1 = lanes::round_int(n * D(0.5));
  D n2 = n - n1;
  return {m, lanes::exp2_int(n1), lanes::exp2_int(n2), n};
}

}  // namespace for_double
}  // namespace detail
}  // namespace GELU_ISA_NAMESPACE
}  // namespace gelu
