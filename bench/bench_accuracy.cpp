// Accuracy of gelu and of every peer on the same inputs, against MPFR (200 bits): the numbers
// printed beside the speed table. For each implementation, variant and type: max ULP over
// x >= -3 and over all inputs (of the finite results), the share of inputs above 4 ULP (NaN and
// inf included), and how many give NaN or inf (the truth is finite for every finite x).
// Derivatives are read from backward() with dy = 1.
//
// Inputs: float: every 65537th bit pattern (--long: every 4099th), i.e. every binade of both
// signs; double: 64 (--long: 512) random mantissas in every binade 2^-40 .. 2^9 of both signs,
// plus 4 (--long: 32) bit patterns per binade over the whole format; and both: the 4096 values
// nearest each derivative's zero (x ~ -0.75).
// --csv FILE also writes float errors on a grid of x in [-16, 8], step 1/500 (for the plots).
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mpfr_reference.hpp"
#include "peers/registry.hpp"

namespace {

using gelu_bench::implementation;

struct stats {
  double max_ge_m3 = 0, max_all = 0, arg_all = 0;
  std::size_t above4 = 0, nonfinite = 0, n = 0;
};

/// Inputs next to the derivatives' zeros, at the end of sample_inputs().
constexpr std::size_t kZeroInputs = 3 * 2 * 2048;

template <class T>
std::vector<T> sample_inputs(bool long_run) {
  std::vector<T> xs;
  if constexpr (sizeof(T) == 4) {
    const std::uint64_t stride = long_run ? 4099 : 65537;
    for (std::uint64_t u = 0; u < (std::uint64_t{1} << 32); u += stride) {
      std::uint32_t b = static_cast<std::uint32_t>(u);
      float x;
      std::memcpy(&x, &b, sizeof x);
      if (std::isfinite(x)) xs.push_back(x);
    }
  } else {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> m(1.0, 2.0);
    const int per = long_run ? 512 : 64;
    for (int e = -40; e <= 9; ++e)
      for (int i = 0; i < per; ++i) {
        double v = std::ldexp(m(rng), e);
        xs.push_back(v);
        xs.push_back(-v);
      }
    // and every binade of the format (overflow of x^2, x^3, exp; subnormals), evenly in bits
    const std::uint64_t stride = (std::uint64_t{1} << 50) / (long_run ? 32 : 4) + 12345;
    for (std::uint64_t u = 0; u <= ~std::uint64_t{0} - stride; u += stride) {
      double x;
      std::memcpy(&x, &u, sizeof x);
      if (std::isfinite(x)) xs.push_back(x);
    }
  }
  // The zeros of the three derivatives (docs/numerics.md), where Phi + x phi and the like
  // cancel: 2048 consecutive values on each side. Sparse samples miss the worst errors there.
  for (double zero : {-0.75179152469356445746, -0.75246142207101625849, -0.75115425544128895130}) {
    T lo = static_cast<T>(zero), hi = lo;
    for (std::size_t i = 0; i < kZeroInputs / 6; ++i) {
      xs.push_back(lo);
      xs.push_back(hi);
      lo = std::nextafter(lo, T(-1));
      hi = std::nextafter(hi, T(0));
    }
  }
  return xs;
}

/// out[f][i]: implementation's function f (2 * variant + derivative) at xs[i]; empty if absent.
template <class T>
std::vector<std::vector<T>> outputs_of(const implementation& impl, const std::vector<T>& xs) {
  const auto& k = gelu_bench::kernels_of<T>(impl);
  std::vector<std::vector<T>> out(6);
  std::vector<T> ones(xs.size(), T(1));
  for (int v = 0; v < 3; ++v) {
    if (k.forward[v]) {
      out[2 * v].resize(xs.size());
      k.forward[v](xs.data(), out[2 * v].data(), xs.size());
    }
    if (k.backward[v]) {
      out[2 * v + 1].resize(xs.size());
      k.backward[v](ones.data(), xs.data(), out[2 * v + 1].data(), xs.size());
    }
  }
  return out;
}

template <class T>
void measure(bool long_run) {
  const std::vector<T> xs = sample_inputs<T>(long_run);
  const auto& impls = gelu_bench::registry();
  std::vector<std::vector<std::vector<T>>> outs;
  for (const auto& impl : impls) outs.push_back(outputs_of(impl, xs));
  std::vector<std::vector<stats>> st(impls.size(), std::vector<stats>(6));
  gelu_test::mpfr_value r;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    for (int f = 0; f < 6; ++f) {
      bool any = false;
      for (const auto& o : outs) any = any || !o[f].empty();
      if (!any) continue;
      gelu_test::reference(f, static_cast<double>(xs[i]), r.v);
      for (std::size_t p = 0; p < impls.size(); ++p) {
        if (outs[p][f].empty()) continue;
        T y = outs[p][f][i];
        double e = gelu_test::ulp_error<T>(y, r.v);
        stats& s = st[p][f];
        const bool sweep = i < xs.size() - kZeroInputs;  // shares: of the sweep only
        s.n += sweep;
        s.above4 += sweep && e > 4;
        if (!std::isfinite(y)) {  // the truth is finite for every finite x: counted apart
          s.nonfinite += sweep;
          continue;
        }
        if (xs[i] >= T(-3) && e > s.max_ge_m3) s.max_ge_m3 = e;
        if (e > s.max_all) {
          s.max_all = e;
          s.arg_all = static_cast<double>(xs[i]);
        }
      }
    }
  }
  const char* fname[6] = {"exact",           "exact derivative", "tanh",
                          "tanh derivative", "sigmoid",          "sigmoid derivative"};
  std::printf(
      "\n%s, %zu inputs in the sweep (shares below are of these), plus %zu at the "
      "derivatives' zeros\n\n",
      sizeof(T) == 4 ? "float" : "double", xs.size() - kZeroInputs, kZeroInputs);
  std::printf(
      "| function | implementation | max ULP, x >= -3 | max ULP, all x | at x | inputs > 4 ULP | "
      "NaN/inf |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (int f = 0; f < 6; ++f)
    for (std::size_t p = 0; p < impls.size(); ++p) {
      const stats& s = st[p][f];
      if (s.n == 0) continue;
      std::printf("| %s | %s | %.3g | %.3g | %.7g | %.2f %% | %zu |\n", fname[f],
                  impls[p].name.c_str(), s.max_ge_m3, s.max_all, s.arg_all,
                  100.0 * static_cast<double>(s.above4) / static_cast<double>(s.n), s.nonfinite);
    }
}

/// Float errors on a grid of x in [-16, 8] (step 1/500): one row per function and x, one column
/// per implementation (empty where it has no such function).
void write_csv(const std::string& path) {
  std::vector<float> xs;
  for (int i = 0; i <= 12000; ++i) xs.push_back(-16.0f + static_cast<float>(i) / 500.0f);
  const auto& impls = gelu_bench::registry();
  std::vector<std::vector<std::vector<float>>> outs;
  for (const auto& impl : impls) outs.push_back(outputs_of(impl, xs));
  std::ofstream out(path);
  out << "function,x";
  for (const auto& impl : impls) out << ',' << impl.name;
  out << '\n';
  gelu_test::mpfr_value r;
  for (int f = 0; f < 6; ++f) {
    for (std::size_t i = 0; i < xs.size(); ++i) {
      gelu_test::reference(f, static_cast<double>(xs[i]), r.v);
      out << f << ',' << xs[i];
      for (const auto& o : outs) {
        out << ',';
        if (!o[f].empty()) out << gelu_test::ulp_error<float>(o[f][i], r.v);
      }
      out << '\n';
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool long_run = false;
  std::string csv;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--long")
      long_run = true;
    else if (a == "--csv" && i + 1 < argc)
      csv = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--long] [--csv FILE]\n", argv[0]);
      return 2;
    }
  }
  std::printf("Implementations:\n");
  for (const auto& impl : gelu_bench::registry())
    std::printf("- %s: %s\n", impl.name.c_str(), impl.what.c_str());
  measure<float>(long_run);
  measure<double>(long_run);
  if (!csv.empty()) write_csv(csv);
  return 0;
}
