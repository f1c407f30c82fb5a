// The ULP measure of every test (and of bench/bench_accuracy.cpp). In a format of p significant
// bits whose smallest normal is 2^emin, ulp(v) = 2^(max(e, emin) - p + 1) for 2^e <= |v| < 2^(e+1);
// at 0 and below the smallest normal, the smallest subnormal 2^(emin - p + 1). The error of a
// result y against a true value r is |y - r| / ulp(r), in ULPs of r.
//
// Special values, for every kind of reference: a NaN r wants a NaN y (0, else infinite); a NaN y
// is an infinite error; y = +-inf is exact where r rounds to it in y's format (r the same
// infinity, or |r| at or beyond the overflow threshold with y's sign), else an infinite error, as
// is a finite y for an infinite r. A zero r needs an exact 0 (anything else: an infinite error)
// unless the reference may be a nonzero truth that underflowed in its own type
// (zero_reference::may_have_underflowed): then it is measured like any r below the normal range.
#pragma once

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <gelu/storage_types.hpp>
#include <limits>

namespace gelu_test {

/// A 200-bit MPFR number: the references and the differences from them.
constexpr mpfr_prec_t reference_bits = 200;
struct mpfr_value {
  mpfr_t v;
  mpfr_value() { mpfr_init2(v, reference_bits); }
  ~mpfr_value() { mpfr_clear(v); }
  mpfr_value(const mpfr_value&) = delete;
  mpfr_value& operator=(const mpfr_value&) = delete;
};

/// T's format: p significant bits, smallest normal 2^emin, largest finite value, and the overflow
/// threshold (max + ulp(max) / 2: values of that magnitude and above round to infinity).
template <class T>
struct format {
  static constexpr int p = std::numeric_limits<T>::digits;
  static constexpr int emin = std::numeric_limits<T>::min_exponent - 1;
  static constexpr long double max = std::numeric_limits<T>::max();
};
template <>
struct format<gelu::bfloat16> {
  static constexpr int p = 8, emin = -126;
  static constexpr long double max = 0x1.fep127L;
};
template <>
struct format<gelu::float16> {
  static constexpr int p = 11, emin = -14;
  static constexpr long double max = 65504.0L;
};
template <class T>
long double overflow_threshold() {
  return format<T>::max + std::ldexp(1.0L, std::ilogb(format<T>::max) - format<T>::p);
}

/// The exponent of ulp(v) in T's format for 2^e <= |v| < 2^(e+1).
template <class T>
long ulp_exponent(long e) {
  return std::max<long>(e, format<T>::emin) - format<T>::p + 1;
}
/// e with 2^e <= |r| < 2^(e+1) (r nonzero; taken from r rounded to double, as MPFR gives it).
inline long exponent_of(const mpfr_t r) {
  long e;
  mpfr_get_d_2exp(&e, r, MPFR_RNDN);  // |r| = m 2^e, m in [0.5, 1)
  return e - 1;
}

/// ulp(v) in T's format, v finite (ulp(0): the smallest subnormal).
template <class T>
long double ulp_of(long double v) {
  int e = format<T>::emin + 1;
  if (v != 0) std::frexp(v, &e);
  return std::ldexp(1.0L, static_cast<int>(ulp_exponent<T>(e - 1)));
}
template <class T>
long double ulp_of(const mpfr_t r) {
  const long e = mpfr_zero_p(r) ? format<T>::emin : exponent_of(r);
  return std::ldexp(1.0L, static_cast<int>(ulp_exponent<T>(e)));
}

/// v as a long double (bfloat16 and float16 through float, which holds them exactly).
template <class T>
long double value_of(T v) {
  if constexpr (sizeof(T) == 2)
    return static_cast<float>(v);
  else
    return static_cast<long double>(v);
}

/// |a - b| for MPFR b, as a long double.
inline long double abs_diff(long double a, const mpfr_t b) {
  mpfr_value d;
  mpfr_set_ld(d.v, a, MPFR_RNDN);
  mpfr_sub(d.v, d.v, b, MPFR_RNDN);
  return std::fabs(mpfr_get_ld(d.v, MPFR_RNDN));
}

/// What a zero reference stands for (see the top of this file).
enum class zero_reference { exact, may_have_underflowed };

/// The error of y (T: float, double, bfloat16 or float16) in ULPs of T at the reference r, r a
/// double or long double, computed in r's type. With `allowed` > 0: the part of |y - r| beyond
/// `allowed`, in ULPs.
template <class T, class R>
double ulp_error(T y_t, R r, zero_reference zero, R allowed = 0) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const R y = static_cast<R>(value_of(y_t));
  if (std::isnan(r)) return std::isnan(y) ? 0 : inf;
  if (std::isnan(y)) return inf;
  if (std::isinf(y))
    return y == r || (std::fabs(r) >= overflow_threshold<T>() && std::signbit(y) == std::signbit(r))
               ? 0
               : inf;
  if (std::isinf(r)) return inf;
  if (r == 0 && zero == zero_reference::exact) return y == 0 ? 0 : inf;
  const long e = r == 0 ? format<T>::emin : std::ilogb(r);
  return static_cast<double>(std::max(R(0), std::fabs(y - r) - allowed) /
                             std::ldexp(R(1), static_cast<int>(ulp_exponent<T>(e))));
}

/// The error of y (any value, converted exactly to MPFR) in ULPs of T at the MPFR truth r (finite;
/// a zero r is a true zero), the difference taken at 200 bits and rounded once to double.
template <class T>
double ulp_error(long double y, const mpfr_t r) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  if (std::isnan(y)) return inf;
  if (mpfr_zero_p(r)) return y == 0 ? 0.0 : inf;
  if (std::isinf(y))
    return std::fabs(mpfr_get_ld(r, MPFR_RNDN)) >= overflow_threshold<T>() &&
                   std::signbit(y) == (mpfr_sgn(r) < 0)
               ? 0
               : inf;
  mpfr_value d;
  mpfr_set_ld(d.v, y, MPFR_RNDN);
  mpfr_sub(d.v, d.v, r, MPFR_RNDN);
  mpfr_mul_2si(d.v, d.v, -ulp_exponent<T>(exponent_of(r)), MPFR_RNDN);
  return std::fabs(mpfr_get_d(d.v, MPFR_RNDN));
}

}  // namespace gelu_test
