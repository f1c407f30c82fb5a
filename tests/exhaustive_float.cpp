// Exhaustive float test: every one of the 2^32 float bit patterns through each of the six float
// kernels (through the array API, which is bit-identical to the scalar one), against an x87
// long double reference built from cancellation-free formulas. The reference is first checked
// against MPFR (tests/mpfr_reference.hpp) on a sample: it must be within a quarter of its
// error band (reference_band) there.
//
// Whether each result is the correctly rounded one is decided exactly: from the reference where
// it lies farther than its band from both midpoints around the result, else by MPFR itself (the
// midpoints are exact in double). A ULP error computed in double cannot tell 0.5 from 0.5 plus a
// hair (the subnormal midpoints of x/2 at tiny x, for instance); this count can.
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

bool cancels(int f, float x) { return (f & 1) && x > -1.25f && x < -0.3f; }

ld reference(int f, float x) {
  if (std::isinf(x))
    return (f & 1) ? (x > 0 ? 1.0L : 0.0L) : (x > 0 ? static_cast<ld>(x) : -0.0L);  // the limits
  return cancels(f, x) ? reference_in<ld>(f, x) : static_cast<ld>(reference_in<double>(f, x));
}

/// The reference's error band at x: 2^-40 |r| where it is computed in double (its roundings
/// cost < 2^-44 relative, 16 times less), plus 2^-60 absolute where long double computes a
/// cancelling difference of terms below 1 (each rounded to 2^-64 relative), plus 2^-1000 so
/// that a double that underflowed to 0 has one.
ld reference_band(int f, float x, ld r) {
  return 0x1p-40L * std::fabs(r) + (cancels(f, x) ? 0x1p-60L : 0.0L) + 0x1p-1000L;
}

/// Whether y (finite x) is f(x) rounded to nearest float, ties to even, decided exactly: the
/// midpoints between y and its neighbours are exact in double; the reference r decides where
/// it lies farther than its band from both, MPFR otherwise (counted in mpfr_calls).
bool correctly_rounded(int f, float x, float y, ld r, std::uint64_t& mpfr_calls) {
  if (std::isnan(y) || std::isinf(y)) return false;
  const auto mid = [y](float towards) {
    const float n = std::nextafter(y, towards);  // FLT_MAX's neighbour: the overflow threshold
    return std::isinf(n) ? static_cast<double>(y) + std::copysign(0x1p103, static_cast<double>(y))
                         : 0.5 * (static_cast<double>(y) + static_cast<double>(n));
  };
  const double up = mid(INFINITY), down = mid(-INFINITY);
  if (!(f & 1) && x != 0 && std::fabs(x) < 0x1p-100f) {
    // f(x) = x/2 + c x^2 with 0 < c x^2 < |x| 2^-100, and no midpoint (at least 2^-150 apart)
    // lies strictly between x/2 and x/2 + |x| 2^-100: exact, no reference needed
    const double half = 0.5 * static_cast<double>(x);
    return half >= down && half < up;
  }
  const ld band = reference_band(f, x, r);
  if (r - band > down && r + band < up) return true;
  if (r + band < down || r - band > up) return false;
  ++mpfr_calls;
  gelu_test::mpfr_value v;
  gelu_test::reference(f, static_cast<double>(x), v.v);
  const int above_down = mpfr_cmp_d(v.v, down), below_up = mpfr_cmp_d(v.v, up);
  if (above_down > 0 && below_up < 0) return true;
  const bool even = (gelu_test::bits_of(y) & 1u) == 0;
  return (above_down == 0 || below_up == 0) && even;  // a tie, to even
}

const char* const* names = gelu_test::function_names;

/// The long double reference against MPFR on a sample: its largest error as a fraction of its
/// band (reference_band).
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
  gelu_test::mpfr_value v, d;
  for (float x : xs) {
    const ld r = reference(f, x);
    gelu_test::reference(f, static_cast<double>(x), v.v);
    mpfr_set_ld(d.v, r, MPFR_RNDN);
    mpfr_sub(d.v, d.v, v.v, MPFR_RNDN);
    const double e =
        std::fabs(mpfr_get_d(d.v, MPFR_RNDN)) / static_cast<double>(reference_band(f, x, r));
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

struct result {
  double max_ulp = 0;
  float argmax = 0;
  std::uint64_t misrounded = 0, mpfr_calls = 0, over_bound = 0, count = 0;
  float first_misrounded = NAN;
};

void note(result& r, double e, float x, float y, double bound, int f, gelu::accuracy tier) {
  ++r.count;
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
        for (std::size_t k = 0; k < tiers.size(); ++k) {
          result& out = parts[t][k];
          note(out,
               gelu_test::ulp_error(y[k][i], r, gelu_test::zero_reference::may_have_underflowed),
               x[i], y[k][i], gelu_test::bound_ulp<float>(tiers[k]), f, tiers[k]);
          if (std::isfinite(x[i]) && !correctly_rounded(f, x[i], y[k][i], r, out.mpfr_calls) &&
              out.misrounded++ == 0)
            out.first_misrounded = x[i];
        }
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
      all[k].misrounded += r.misrounded;
      all[k].mpfr_calls += r.mpfr_calls;
      if (std::isnan(all[k].first_misrounded)) all[k].first_misrounded = r.first_misrounded;
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
              "not CR", "inputs", "seconds");
  for (int f = 0; f < 6; ++f) {
    if (only >= 0 && f != only) continue;
    const double ref_err = validate_reference(f);
    if (!(ref_err < 0.25)) {
      std::printf("%-26s reference error vs MPFR %.3g of its band: too large to judge\n", names[f],
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
          "%-26s %-8s %10.4f %14.7g %12llu %14llu %8.1f  bound %.2f %s (reference within %.2g of "
          "its band; %llu MPFR decisions; first not CR at x = %a)\n",
          names[f], gelu_test::tier_name(tiers[k]), r.max_ulp, static_cast<double>(r.argmax),
          static_cast<unsigned long long>(r.misrounded), static_cast<unsigned long long>(r.count),
          secs, bound, ok ? "PASS" : "FAIL", ref_err, static_cast<unsigned long long>(r.mpfr_calls),
          static_cast<double>(r.first_misrounded));
    }
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed\n", passes, failures);
  return failures ? 1 : 0;
}
