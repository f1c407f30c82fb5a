// Max ULP error of every function against MPFR, asserted against the documented bound.
#include <cstdio>
#include <string>

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

template <class T>
void measure(int f, const std::vector<T>& xs, worst<T>& w) {
  for (T x : xs) {
    if (!std::isfinite(x)) continue;
    double e = gelu_test::library_error(f, x);
    ++w.n;
    if (!(e <= w.ulp)) {
      w.ulp = e;
      w.at = x;
    }
  }
}

template <class T>
void check_function(int f, const char* type) {
  static const std::vector<T> sweep = gelu_test::binade_sweep<T>(sizeof(T) == 4 ? 96 : 12);
  static const std::vector<T> random =
      gelu_test::random_inputs<T>(sizeof(T) == 4 ? 30000 : 40000, T(sizeof(T) == 4 ? -16 : -45), T(10), 20261122);
  static const std::vector<T> edges = gelu_test::edge_inputs<T>(sizeof(T) == 4 ? 400 : 200);
  worst<T> w;
  measure(f, sweep, w);
  measure(f, random, w);
  measure(f, edges, w);
  std::printf("%-26s %-6s max %.4f ULP at %.17g (%zu inputs, bound %.0f)\n", gelu_test::function_names[f], type,
              w.ulp, static_cast<double>(w.at), w.n, gelu_test::bound_of(f));
  INFO(gelu_test::function_names[f] << " " << type << ": max " << w.ulp << " ULP at x = " << w.at);
  CHECK(w.ulp <= gelu_test::bound_of(f));
}

}  // namespace

TEST_CASE("accuracy: float, every function within its bound", "[accuracy][float]") {
  for (int f = 0; f < 6; ++f) check_function<float>(f, "float");
}

TEST_CASE("accuracy: double, every function within its bound", "[accuracy][double]") {
  for (int f = 0; f < 6; ++f) check_function<double>(f, "double");
}
