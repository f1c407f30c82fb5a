// Special values through the scalar, batch and array APIs.
#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"

namespace {

/// f at x in tier P through all three paths (scalar, lane 0.. of a batch filled with x, one array
/// element).
template <gelu::accuracy P, class T>
std::vector<T> all_paths(int f, T x) {
  std::vector<T> out{gelu_test::call<P>(f, x)};
  xsimd::batch<T> b = gelu_test::call<P>(f, xsimd::batch<T>(x));
  out.push_back(b.get(0));
  out.push_back(b.get(xsimd::batch<T>::size - 1));
  T y = 0, one = 1;
  if (f & 1)
    gelu::backward(&one, &x, &y, 1, gelu_test::variant_of(f), P);
  else
    gelu::forward(&x, &y, 1, gelu_test::variant_of(f), P);
  out.push_back(y);
  return out;
}

template <gelu::accuracy P, class T>
void check_specials() {
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  // huge finite inputs: +-FLT_MAX, +-1e30 and (double) +-DBL_MAX, +-1e300, and some past the x^3
  // overflow point (float 6.98e12)
  std::vector<T> huge{T(FLT_MAX), T(1e30), T(1e13), T(7e12), T(1e20), T(3e38)};
  if (sizeof(T) == 8) {
    huge.push_back(static_cast<T>(DBL_MAX));
    huge.push_back(static_cast<T>(1e300));
    huge.push_back(static_cast<T>(5.7e102));
  }
  for (int f = 0; f < 6; ++f) {
    INFO(gelu_test::function_names[f] << (sizeof(T) == 4 ? " float " : " double ")
                                      << gelu_test::tier_name(P));
    const bool d = (f & 1) != 0;
    for (T y : all_paths<P>(f, nan)) CHECK(std::isnan(y));
    for (T y : all_paths<P>(f, -nan)) CHECK(std::isnan(y));
    for (T y : all_paths<P>(f, inf)) CHECK(y == (d ? T(1) : inf));
    for (T y : all_paths<P>(f, -inf)) {
      CHECK(y == 0);
      if (!d) CHECK(std::signbit(y));
    }
    for (T y : all_paths<P>(f, T(0))) {
      CHECK(y == (d ? T(0.5) : T(0)));
      CHECK(!std::signbit(y));
    }
    for (T y : all_paths<P>(f, -T(0))) {
      CHECK(y == (d ? T(0.5) : T(0)));
      if (!d) CHECK(std::signbit(y));
    }
    for (T h : huge) {
      INFO("x = +-" << h);
      for (T y : all_paths<P>(f, h)) CHECK(y == (d ? T(1) : h));
      for (T y : all_paths<P>(f, -h)) {
        CHECK(y == 0);
        if (!d) CHECK(std::signbit(y));
      }
    }
    // subnormal inputs: value ~ x/2, derivative ~ 1/2, never flushed
    const T sub = std::numeric_limits<T>::denorm_min() * T(12345);
    for (T y : all_paths<P>(f, sub)) CHECK((d ? y == T(0.5) : (y > 0 && y < sub)));
    for (T y : all_paths<P>(f, -sub)) CHECK((d ? y == T(0.5) : (y < 0 && y > -sub)));
  }
}

}  // namespace

TEST_CASE("special values: float, fast tier", "[special]") {
  check_specials<gelu::accuracy::fast, float>();
}
TEST_CASE("special values: float, precise tier", "[special]") {
  check_specials<gelu::accuracy::precise, float>();
}
TEST_CASE("special values: double, fast tier", "[special]") {
  check_specials<gelu::accuracy::fast, double>();
}
TEST_CASE("special values: double, precise tier", "[special]") {
  check_specials<gelu::accuracy::precise, double>();
}
