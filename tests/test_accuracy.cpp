// Max ULP error of every function against MPFR, asserted against the documented bound.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "catch.hpp"
#include "inputs.hpp"
#include "mpfr_reference.hpp"

namespace {

template <class T>
struct worst {
  double ulp = 0;
  T at = 0;
  std::size_t n = 0;
};

/// The worst error of each tier (one MPFR reference per input serves both).
template <class T>
struct worst_pair {
  worst<T> fast, precise;
};

template <class T>
void note(worst<T>& w, double e, T x) {
  ++w.n;
  if (!(e <= w.ulp)) {
    w.ulp = e;
    w.at = x;
  }
}

template <class T>
void measure(int f, const std::vector<T>& xs, worst_pair<T>& w) {
  for (T x : xs) {
    if (!std::isfinite(x)) continue;
    gelu_test::tier_errors e = gelu_test::library_errors(f, x);
    note(w.fast, e.fast, x);
    note(w.precise, e.precise, x);
  }
}

// The inputs, per function (the finite ones are counted and printed as `n`):
//   float:  48 bit patterns in each of the 255 binades, both signs (24 480); 12 000 seeded random
//           ones (a third random bit patterns, the rest uniform in [-16, 10] and [-4, 2.5]); 200
//           consecutive floats on each side of the 64 threshold points that are floats and a
//           10 001-point grid over [-1.2, -0.3] (35 601); 500 uniform in +-0.1 around each of the
//           62 thresholds up to 1000 (31 000). About 103 000 in all.
//   double: 6 per binade (24 564); 40 000 random ones (as float, in [-45, 10]); 100 on each side
//           of the 66 thresholds and the grid (23 201); 500 around each threshold (31 000).
//           About 119 000 in all.
// For float, tests/exhaustive_float.cpp checks every input; for double, the windows around the
// underflow onsets hold the largest errors. MPFR costs ~5-10 us per evaluation: one ISA's run
// takes about 15 s.
// With GELU_TEST_REDUCED set in the environment (the AArch64 build run under qemu, the ASan
// configurations of scripts/ci-matrix.sh), every count but the grid is divided by 4, and the
// binades get 8 (float) or 2 (double) bit patterns each: about 31 000 (float) and 39 000
// (double) inputs per function.
template <class T>
worst_pair<T> measure_function(int f) {
  constexpr bool is_float = sizeof(T) == 4;
  static const unsigned r = std::getenv("GELU_TEST_REDUCED") ? 4 : 1;
  static const std::vector<T> sweep =
      gelu_test::binade_sweep<T>(r == 1 ? (is_float ? 48 : 6) : (is_float ? 8 : 2));
  static const std::vector<T> random = gelu_test::random_inputs<T>(
      (is_float ? 12000 : 40000) / r, T(is_float ? -16 : -45), T(10), 20261122);
  static const std::vector<T> edges =
      gelu_test::edge_inputs<T>(static_cast<int>((is_float ? 200 : 100) / r));
  static const std::vector<T> windows =
      gelu_test::threshold_windows<T>(static_cast<int>(500 / r), 20261123);
  worst_pair<T> w;
  measure(f, sweep, w);
  measure(f, random, w);
  measure(f, edges, w);
  measure(f, windows, w);
  return w;
}

template <class T>
void check_type(const char* type) {
  worst_pair<T> w[6];
  std::printf("%-26s %-6s %-8s %-8s %-24s %s\n", "function", "type", "tier", "maxulp", "argmax",
              "n");
  for (int f = 0; f < 6; ++f) {
    w[f] = measure_function<T>(f);
    for (const worst<T>* t : {&w[f].fast, &w[f].precise})
      std::printf("%-26s %-6s %-8s %-8.4f %-24.17g %zu\n", gelu_test::function_names[f], type,
                  t == &w[f].fast ? "fast" : "precise", t->ulp, static_cast<double>(t->at), t->n);
  }
  std::fflush(stdout);
  for (int f = 0; f < 6; ++f)
    for (gelu::accuracy p : gelu_test::tiers) {
      const worst<T>& t = p == gelu::accuracy::fast ? w[f].fast : w[f].precise;
      const double bound = gelu_test::bound_ulp<T>(p);
      INFO(gelu_test::function_names[f] << " " << type << " " << gelu_test::tier_name(p) << ": max "
                                        << t.ulp << " ULP at x = " << t.at << ", bound " << bound);
      REQUIRE(t.ulp <= bound);
    }
}

}  // namespace

TEST_CASE("accuracy: float, both tiers, every function within its bound", "[accuracy][float]") {
  check_type<float>("float");
}

TEST_CASE("accuracy: double, both tiers, every function within its bound", "[accuracy][double]") {
  check_type<double>("double");
}

namespace {

/// gelu at 0 < |x| < 2^-100 in float: x/2 + c x^2 with c > 0 (each form), so correctly rounded it
/// is x/2 where that is a float, and the float above x/2 where x/2 is halfway between two floats
/// (x an odd subnormal, or below 2^-125 with an odd last bit): a tie the truth does not have.
float tiny_x_value(float x) {
  const double half = 0.5 * static_cast<double>(x);  // exact
  const float f = static_cast<float>(half);
  if (static_cast<double>(f) == half) return f;
  return static_cast<double>(f) > half ? f : std::nextafter(f, INFINITY);
}

}  // namespace

TEST_CASE("accuracy: float precise at tiny x, the subnormals, correctly rounded",
          "[accuracy][float]") {
  // every float subnormal of both signs (every 61st with GELU_TEST_REDUCED: qemu, sanitizers),
  // and every 97th normal float below 2^-100
  const std::uint32_t step = std::getenv("GELU_TEST_REDUCED") ? 61 : 1;
  std::vector<float> xs;
  for (std::uint32_t b = 1; b < 0x00800000u; b += step)
    xs.push_back(gelu_test::from_bits<float>(b));
  for (std::uint32_t b = 0x00800000u; b < 0x0d800000u; b += 97)
    xs.push_back(gelu_test::from_bits<float>(b));
  const std::size_t positive = xs.size();
  for (std::size_t i = 0; i < positive; ++i) xs.push_back(-xs[i]);
  std::vector<float> y(xs.size()), d(xs.size());
  for (int f : {gelu_test::exact_value, gelu_test::tanh_value, gelu_test::sigmoid_value}) {
    const gelu::approximate a = gelu_test::variant_of(f);
    gelu::forward_and_derivative(xs.data(), y.data(), d.data(), xs.size(), a,
                                 gelu::accuracy::precise);
    std::size_t wrong_value = 0, wrong_derivative = 0, wrong_scalar = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      wrong_value += !gelu_test::same_bits(y[i], tiny_x_value(xs[i]));
      wrong_derivative += d[i] != 0.5f;  // 0.5 + 2 c x rounds to 0.5 here
      if (i % 101 == 0)
        wrong_scalar +=
            !gelu_test::same_bits(gelu_test::call<gelu::accuracy::precise>(f, xs[i]), y[i]);
    }
    INFO(gelu_test::form_name(a) << ": " << xs.size() << " inputs");
    CHECK(wrong_value == 0);
    CHECK(wrong_derivative == 0);
    CHECK(wrong_scalar == 0);
  }
}

TEST_CASE("accuracy: float precise backward, dy * gelu'(x) rounded once, within 0.51 ULP",
          "[accuracy][float]") {
  // The product of dy and the kernel's double derivative (within 2^-31.7, relative), rounded
  // once: <= 0.5 + 2^-7.7 ULP of the product. Where |gelu'(x)| < 2^-149 and |dy| >= 16 the
  // product is +-0, off by less than |dy| 2^-149 (gelu.hpp): allowed as an absolute term.
  std::vector<float> xs = gelu_test::random_inputs<float>(6000, -16.0f, 10.0f, 20261207);
  for (float x : gelu_test::edge_inputs<float>(20)) xs.push_back(x);
  const float dys[] = {1.0f, -3.0f, 0.1f, 1e30f, 0x1.fffffep127f, 0x1p-120f, 0x1p-149f};
  std::vector<float> dy(xs.size()), dx(xs.size());
  gelu_test::mpfr_value r, p, tiny;
  mpfr_set_ui_2exp(tiny.v, 1, -149, MPFR_RNDN);
  for (int f :
       {gelu_test::exact_derivative, gelu_test::tanh_derivative, gelu_test::sigmoid_derivative}) {
    std::vector<double> worst(std::size(dys), 0.0);
    std::vector<gelu_test::mpfr_value> refs(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (std::isfinite(xs[i])) gelu_test::reference(f, static_cast<double>(xs[i]), refs[i].v);
    for (std::size_t k = 0; k < std::size(dys); ++k) {
      std::fill(dy.begin(), dy.end(), dys[k]);
      gelu::backward(dy.data(), xs.data(), dx.data(), xs.size(), gelu_test::variant_of(f),
                     gelu::accuracy::precise);
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i])) continue;
        mpfr_mul_d(p.v, refs[i].v, static_cast<double>(dys[k]), MPFR_RNDN);
        const bool tail = std::fabs(dys[k]) >= 16.0f && mpfr_cmpabs(refs[i].v, tiny.v) < 0;
        double e = gelu_test::ulp_error<float>(dx[i], p.v);
        if (tail) {  // |gelu'| < 2^-149, |dy| >= 16: within the absolute term counts as 0
          mpfr_sub_d(r.v, p.v, static_cast<double>(dx[i]), MPFR_RNDN);
          if (std::fabs(mpfr_get_d(r.v, MPFR_RNDN)) <= std::fabs(dys[k]) * 0x1p-149) e = 0;
        }
        if (!(e <= worst[k])) worst[k] = e;
      }
    }
    for (std::size_t k = 0; k < std::size(dys); ++k) {
      std::printf("%-26s precise backward dy = %-14g max %.4f ULP\n", gelu_test::function_names[f],
                  static_cast<double>(dys[k]), worst[k]);
      INFO(gelu_test::function_names[f] << " dy = " << dys[k] << ": " << worst[k] << " ULP");
      CHECK(worst[k] <= gelu_test::bound_ulp<float>(gelu::accuracy::precise));
    }
  }
}
