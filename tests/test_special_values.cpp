// Special values through the scalar, batch and array APIs, and through GeGLU.
#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

#include "bounds.hpp"
#include "catch.hpp"
#include "inputs.hpp"

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

/// geglu_forward / geglu_backward: every pair of gate and up from a set of special and plain
/// values gives gelu's special value times the factor, in the scalar composition's order.
template <class T>
void check_geglu_specials() {
  using lim = std::numeric_limits<T>;
  const T inf = lim::infinity(), nan = lim::quiet_NaN();
  const std::vector<T> vals = {nan, inf, -inf, T(0), -T(0), T(2), T(-2), T(-1e30)};
  for (gelu::approximate a :
       {gelu::approximate::none, gelu::approximate::tanh, gelu::approximate::sigmoid})
    for (gelu::accuracy p : gelu_test::tiers) {
      INFO(gelu_test::type_name<T>()
           << ", approximate " << static_cast<int>(a) << ", " << gelu_test::tier_name(p));
      std::vector<T> gate, up;
      for (T g : vals)
        for (T u : vals) {
          gate.push_back(g);
          up.push_back(u);
        }
      const std::size_t n = gate.size();
      std::vector<T> y(n), dg(n), du(n), dy(up.rbegin(), up.rend());
      gelu::geglu_forward(gate.data(), up.data(), y.data(), n, a, p);
      gelu::geglu_backward(dy.data(), gate.data(), up.data(), dg.data(), du.data(), n, a, p);
      for (std::size_t i = 0; i < n; ++i) {
        const T g = gate[i], u = up[i], d = dy[i];
        // gelu's special values (gelu.hpp; the sign of gelu'(-inf) = 0 is the kernel's)
        T gv = 0, gd = 0;
        gelu::forward_and_derivative(&g, &gv, &gd, 1, a, p);
        if (g == T(2) || g == T(-2)) continue;  // finite: test_geglu_identity, test_geglu_accuracy
        INFO("gate " << g << ", up " << u << ", dy " << d);
        CHECK(gelu_test::same_bits(y[i], gv * u));
        CHECK(gelu_test::same_bits(du[i], d * gv));
        const T dg_expected = p == gelu::accuracy::precise
                                  ? static_cast<T>((static_cast<double>(d) * u) * gd)
                                  : (d * u) * gd;
        CHECK(gelu_test::same_bits(dg[i], dg_expected));
      }
      // the documented cases, spelled out
      // indices into vals
      enum { NaN, Inf, NegInf, Zero, NegZero, Two, NegTwo };
      auto at = [&](int g, int u) {
        return static_cast<std::size_t>(g) * vals.size() + static_cast<std::size_t>(u);
      };
      CHECK(std::isnan(y[at(NegInf, Inf)]));                                 // -0 * inf
      CHECK((y[at(NegInf, Two)] == 0 && std::signbit(y[at(NegInf, Two)])));  // -0 * 2 = -0
      CHECK((y[at(NegInf, NegTwo)] == 0 && !std::signbit(y[at(NegInf, NegTwo)])));
      CHECK(std::isnan(y[at(Inf, Zero)]));  // inf * 0
      CHECK((y[at(NegZero, Two)] == 0 && std::signbit(y[at(NegZero, Two)])));
      CHECK((y[at(Zero, NegZero)] == 0 && std::signbit(y[at(Zero, NegZero)])));
      CHECK(std::isnan(y[at(NaN, Zero)]));
      CHECK(std::isnan(y[at(Two, NaN)]));
    }
}

}  // namespace

TEMPLATE_TEST_CASE("special values", "[special]", float, double) {
  gelu_test::for_each_tier([](auto p) { check_specials<decltype(p)::value, TestType>(); });
}
TEST_CASE("geglu: special values", "[geglu][special]") {
  check_geglu_specials<float>();
  check_geglu_specials<double>();
}
