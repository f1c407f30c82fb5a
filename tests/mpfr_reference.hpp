// MPFR references (200 bits) for the six functions; errors in ULPs (tests/ulp.hpp) of the
// library's results and of other references.
#pragma once

#include <mpfr.h>

#include "bounds.hpp"
#include "ulp.hpp"

namespace gelu_test {

/// r = f(x) for function index f (bounds.hpp), x finite. 0.044715 and 1.702 are exact decimals.
inline void reference(int f, double x, mpfr_t r) {
  mpfr_value t, u, s, k, z, dz;
  mpfr_set_d(t.v, x, MPFR_RNDN);
  if (f < 2) {
    mpfr_sqrt_ui(u.v, 2, MPFR_RNDN);
    mpfr_div(u.v, t.v, u.v, MPFR_RNDN);
    mpfr_neg(u.v, u.v, MPFR_RNDN);
    mpfr_erfc(u.v, u.v, MPFR_RNDN);
    mpfr_div_ui(u.v, u.v, 2, MPFR_RNDN);  // Phi(x)
    if (f == exact_value) {
      mpfr_mul(r, t.v, u.v, MPFR_RNDN);
      return;
    }
    mpfr_sqr(s.v, t.v, MPFR_RNDN);
    mpfr_div_si(s.v, s.v, -2, MPFR_RNDN);
    mpfr_exp(s.v, s.v, MPFR_RNDN);
    mpfr_const_pi(k.v, MPFR_RNDN);
    mpfr_mul_ui(k.v, k.v, 2, MPFR_RNDN);
    mpfr_sqrt(k.v, k.v, MPFR_RNDN);
    mpfr_div(s.v, s.v, k.v, MPFR_RNDN);
    mpfr_mul(s.v, s.v, t.v, MPFR_RNDN);  // x phi(x)
    mpfr_add(r, u.v, s.v, MPFR_RNDN);
    return;
  }
  if (f < 4) {  // z = 2 sqrt(2/pi) (x + 0.044715 x^3), z' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2)
    mpfr_const_pi(k.v, MPFR_RNDN);
    mpfr_ui_div(k.v, 2, k.v, MPFR_RNDN);
    mpfr_sqrt(k.v, k.v, MPFR_RNDN);
    mpfr_mul_ui(k.v, k.v, 2, MPFR_RNDN);
    mpfr_set_str(s.v, "0.044715", 10, MPFR_RNDN);
    mpfr_sqr(u.v, t.v, MPFR_RNDN);
    mpfr_mul(u.v, u.v, s.v, MPFR_RNDN);
    mpfr_mul_ui(dz.v, u.v, 3, MPFR_RNDN);
    mpfr_add_ui(u.v, u.v, 1, MPFR_RNDN);
    mpfr_mul(u.v, u.v, t.v, MPFR_RNDN);
    mpfr_mul(z.v, u.v, k.v, MPFR_RNDN);
    mpfr_add_ui(dz.v, dz.v, 1, MPFR_RNDN);
    mpfr_mul(dz.v, dz.v, k.v, MPFR_RNDN);
  } else {  // z = 1.702 x
    mpfr_set_str(dz.v, "1.702", 10, MPFR_RNDN);
    mpfr_mul(z.v, t.v, dz.v, MPFR_RNDN);
  }
  mpfr_neg(u.v, z.v, MPFR_RNDN);
  mpfr_exp(u.v, u.v, MPFR_RNDN);
  mpfr_add_ui(u.v, u.v, 1, MPFR_RNDN);
  mpfr_ui_div(s.v, 1, u.v, MPFR_RNDN);  // sigma(z)
  if (!(f & 1)) {
    mpfr_mul(r, t.v, s.v, MPFR_RNDN);
    return;
  }
  mpfr_ui_sub(u.v, 1, s.v, MPFR_RNDN);  // 200 bits: ample for the cancellation here in practice
  mpfr_mul(u.v, u.v, s.v, MPFR_RNDN);
  mpfr_mul(u.v, u.v, dz.v, MPFR_RNDN);
  mpfr_mul(u.v, u.v, t.v, MPFR_RNDN);
  mpfr_add(r, s.v, u.v, MPFR_RNDN);
}

/// Errors of the library's function f at x in both tiers, in ULPs of T (one MPFR reference).
struct tier_errors {
  double fast, precise;
};
template <class T>
tier_errors library_errors(int f, T x) {
  mpfr_value r;
  reference(f, static_cast<double>(x), r.v);
  return {ulp_error<T>(call<gelu::accuracy::fast>(f, x), r.v),
          ulp_error<T>(call<gelu::accuracy::precise>(f, x), r.v)};
}

/// For the exhaustive test: error of a long double reference value, in float ULPs.
inline double reference_error_in_float_ulps(int f, float x, long double r_fast) {
  mpfr_value r;
  reference(f, static_cast<double>(x), r.v);
  return ulp_error<float>(r_fast, r.v);
}

}  // namespace gelu_test
