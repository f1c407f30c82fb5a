// Exhaustive float test: every one of the 2^32 float bit patterns through each of the six float
// kernels (through the array API, which is bit-identical to the scalar one), against an x87
// long double reference built from cancellation-free formulas. The reference is first checked
// against MPFR (tests/mpfr_reference.hpp) on a sample; it must be within 1/1000 float ULP there.
//
// Usage: exhaustive_float [kernel 0-5 | all] [--stride N] [--tier fast|precise|both]
// (stride 1 = every pattern; default: both tiers)
#include <atomic>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <gelu/gelu.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bounds.hpp"
#include "inputs.hpp"
#include "mpfr_reference.hpp"
#include "ulp.hpp"

namespace {

using ld = long double;

// x sigma(z) and its derivative with z' given, from e = exp(-|z|) (no cancellation but at x0).
template <class R>
R x_sigmoid(R x, R z) {
  R e = std::exp(-std::fabs(z));
  return z >= 0 ? x / (1 + e) : x * e / (1 + e);
}
template <class R>
R x_sigmoid_derivative(R x, R z, R dz) {
  R e = std::exp(-std::fabs(z));
  R d = 1 + e;
  return z >= 0 ? (1 + e + x * dz * e) / (d * d) : e * (1 + e + x * dz) / (d * d);
}

/// The six functions in precision R. For float x, x*x is exact in double; the roundings of
/// x/sqrt(2), z and exp cost < 2^-44 relative in double, except near the derivatives' zeros,
/// where cancellation amplifies them (up to ~2^29): there `reference` uses long double.
template <class R>
R reference_in(int f, R x) {
  const R two_k = R(2) * std::sqrt(R(2) / R(3.14159265358979323846264338327950288L));
  const R inv_sqrt2 = R(0.707106781186547524400844362104849039L);
  const R inv_sqrt2pi = R(0.398942280401432677939946059934381868L);
  const R c = R(0.044715L), b = R(1.702L);
  switch (f) {
    case 0:
      return R(0.5) * x * std::erfc(-x * inv_sqrt2);
    case 1:
      return R(0.5) * std::erfc(-x * inv_sqrt2) + x * inv_sqrt2pi * std::exp(R(-0.5) * x * x);
    case 2:
      return x_sigmoid(x, two_k * x * (1 + c * x * x));
    case 3:
      return x_sigmoid_derivative(x, two_k * x * (1 + c * x * x), two_k * (1 + 3 * c * x * x));
    case 4:
      return x_sigmoid(x, b * x);
    default:
      return x_sigmoid_derivative(x, b * x, b);
  }
}

ld reference(int f, float x) {
  if (std::isinf(x))
    return (f & 1) ? (x > 0 ? 1.0L : 0.0L) : (x > 0 ? static_cast<ld>(x) : -0.0L);  // the limits
  bool cancels = (f & 1) && x > -1.25f && x < -0.3f;
  return cancels ? reference_in<ld>(f, x) : static_cast<ld>(reference_in<double>(f, x));
}

const char* const* names = gelu_test::function_names;

/// The long double reference against MPFR on a sample: its error in float ULPs.
double validate_reference(int f) {
  double worst = 0;
  std::uint64_t state = 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(f);
  std::vector<float> xs;
  for (int i = 0; i < 100000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    float x = gelu_test::from_bits<float>(static_cast<std::uint32_t>(state >> 32));
    if (i % 4 == 1)
      x = -16.0f + 26.0f * static_cast<float>(state >> 40) / 16777216.0f;  // the busy range
    if (i % 4 == 2)
      x = -0.7518f +
          0.01f * (static_cast<float>(state >> 40) / 16777216.0f - 0.5f);  // zero crossings
    if (!std::isfinite(x)) continue;
    xs.push_back(x);
  }
  for (float x : xs) {
    ld r = reference(f, x);
    double e = gelu_test::reference_error_in_float_ulps(f, x, r);
    if (e > worst) worst = e;
  }
  return worst;
}

struct result {
  double max_ulp = 0;
  float argmax = 0;
  std::uint64_t over_half = 0, over_bound = 0, count = 0;
};

void note(result& r, double e, float x, float y, double bound, int f, gelu::accuracy tier) {
  ++r.count;
  if (e > 0.5) ++r.over_half;
  if (e > bound && ++r.over_bound <= 5)
    std::printf("  %s %s: x = %a (%.9g) y = %a, %.4f ULP\n", names[f], gelu_test::tier_name(tier),
                static_cast<double>(x), static_cast<double>(x), static_cast<double>(y), e);
  if (e > r.max_ulp || std::isnan(e)) {
    r.max_ulp = std::isnan(e) ? INFINITY : e;
    r.argmax = x;
  }
}

/// Every stride-th float through function f of each tier (one reference per input serves all);
/// prints the first inputs over their tier's bound.
std::vector<result> sweep(int f, const std::vector<gelu::accuracy>& tiers, std::uint64_t stride) {
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::vector<result>> parts(threads, std::vector<result>(tiers.size()));
  const std::uint64_t total = 1ULL << 32;
  const std::size_t chunk = 1 << 16;
  std::atomic<std::uint64_t> next{0};
  auto work = [&](unsigned t) {
    std::vector<float> x(chunk), ones(chunk, 1.0f);
    std::vector<std::vector<float>> y(tiers.size(), std::vector<float>(chunk));
    for (;;) {
      std::uint64_t start = next.fetch_add(chunk * stride);
      if (start >= total) break;
      std::size_t n = 0;
      for (std::uint64_t u = start; u < total && n < chunk; u += stride)
        x[n++] = gelu_test::from_bits<float>(static_cast<std::uint32_t>(u));
      for (std::size_t k = 0; k < tiers.size(); ++k) {
        if (f & 1)
          gelu::backward(ones.data(), x.data(), y[k].data(), n, gelu_test::variant_of(f), tiers[k]);
        else
          gelu::forward(x.data(), y[k].data(), n, gelu_test::variant_of(f), tiers[k]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const ld r = reference(f, x[i]);  // mostly in double: a 0 may be an underflowed truth
        for (std::size_t k = 0; k < tiers.size(); ++k)
          note(parts[t][k],
               gelu_test::ulp_error(y[k][i], r, gelu_test::zero_reference::may_have_underflowed),
               x[i], y[k][i], gelu_test::bound_ulp<float>(tiers[k]), f, tiers[k]);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& th : pool) th.join();
  std::vector<result> all(tiers.size());
  for (const auto& part : parts)
    for (std::size_t k = 0; k < tiers.size(); ++k) {
      const result& r = part[k];
      all[k].count += r.count;
      all[k].over_half += r.over_half;
      if (r.max_ulp > all[k].max_ulp) {
        all[k].max_ulp = r.max_ulp;
        all[k].argmax = r.argmax;
      }
    }
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  int only = -1;
  std::uint64_t stride = 1;
  std::vector<gelu::accuracy> tiers{gelu::accuracy::fast, gelu::accuracy::precise};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--stride" && i + 1 < argc) {
      stride = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--tier" && i + 1 < argc) {
      std::string t = argv[++i];
      if (t == "fast") tiers = {gelu::accuracy::fast};
      if (t == "precise") tiers = {gelu::accuracy::precise};
    } else if (a != "all") {
      only = std::atoi(a.c_str());
    }
  }
  if (stride == 0) stride = 1;
  int failures = 0, passes = 0;
  std::printf("%-26s %-8s %10s %14s %12s %14s %8s\n", "kernel (float)", "tier", "max ULP", "at x",
              "> 0.5 ULP", "inputs", "seconds");
  for (int f = 0; f < 6; ++f) {
    if (only >= 0 && f != only) continue;
    const double ref_err = validate_reference(f);
    if (!(ref_err < 1e-3)) {
      std::printf("%-26s reference error vs MPFR %.3g float ULP: too large to judge\n", names[f],
                  ref_err);
      ++failures;
      continue;
    }
    auto t0 = std::chrono::steady_clock::now();
    std::vector<result> rs = sweep(f, tiers, stride);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (std::size_t k = 0; k < tiers.size(); ++k) {
      const result& r = rs[k];
      const double bound = gelu_test::bound_ulp<float>(tiers[k]);
      bool ok = r.max_ulp <= bound;
      failures += !ok;
      passes += ok;
      std::printf(
          "%-26s %-8s %10.4f %14.7g %12llu %14llu %8.1f  bound %.2f %s (reference checked to %.1e "
          "ULP)\n",
          names[f], gelu_test::tier_name(tiers[k]), r.max_ulp, static_cast<double>(r.argmax),
          static_cast<unsigned long long>(r.over_half), static_cast<unsigned long long>(r.count),
          secs, bound, ok ? "PASS" : "FAIL", ref_err);
    }
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed\n", passes, failures);
  return failures ? 1 : 0;
}
