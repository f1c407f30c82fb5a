// Input sets shared by the tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

namespace gelu_test {

template <class T>
using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T>
T from_bits(bits_t<T> u) {
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class T>
bits_t<T> bits_of(T x) {
  bits_t<T> u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

/// `per_binade` evenly spaced bit patterns in every binade (and the subnormal range), both signs.
template <class T>
std::vector<T> binade_sweep(unsigned per_binade) {
  using U = bits_t<T>;
  constexpr int mant = std::numeric_limits<T>::digits - 1;
  constexpr U exps = sizeof(T) == 4 ? 255 : 2047;
  std::vector<T> out;
  for (U e = 0; e < exps; ++e)
    for (unsigned k = 0; k < per_binade; ++k) {
      U m = static_cast<U>((static_cast<U>(1) << mant) / per_binade * k + (k * 2654435761u) % 97);
      U u = static_cast<U>((e << mant) | (m & ((static_cast<U>(1) << mant) - 1)));
      out.push_back(from_bits<T>(u));
      out.push_back(-from_bits<T>(u));
    }
  return out;
}

/// Seeded random inputs: random bit patterns (finite) and uniform values in [lo, hi].
template <class T>
std::vector<T> random_inputs(std::size_t n, T lo, T hi, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<T> uni(lo, hi);
  std::vector<T> out;
  while (out.size() < n) {
    T x = from_bits<T>(static_cast<bits_t<T>>(g()));
    if (std::isfinite(x)) out.push_back(x);
    out.push_back(uni(g));
    out.push_back(uni(g) * T(0.25));  // more weight on [-11, 2.5]
  }
  return out;
}

/// `count` consecutive representable numbers on each side of `center`.
template <class T>
std::vector<T> around(T center, int count) {
  std::vector<T> out;
  T up = center, down = center;
  for (int i = 0; i < count; ++i) {
    out.push_back(up);
    out.push_back(down);
    up = std::nextafter(up, std::numeric_limits<T>::infinity());
    down = std::nextafter(down, -std::numeric_limits<T>::infinity());
  }
  return out;
}

/// The derivatives' zeros and the thresholds of docs/numerics.md (underflow onsets, exp overflow
/// points, saturation, x^3 overflow) and of the kernels (window ends, table and clamp limits).
// clang-format off
inline constexpr double threshold_points[] = {
      -0.75179152469356445746, -0.75246142207101625849, -0.75115425544128895130,  // zeros
      -13.1462, -14.3561, -13.3419, -14.5413, -10.1006, -10.7709, -53.6540, -63.5273,  // f32
      -10.06097, -52.12858, 5.3475156, 5.910161, 5.06138, 10.18136,                     // f32
      -37.6159, -38.5801, -37.7122, -38.6748, -21.1769, -21.5471, -419.763, -441.377,   // f64
      -21.15979, -417.02862, 8.2126862, 8.714327, 7.14507, 21.99174,                    // f64
      4.994137, 9.899267, -10.2350, -10.8945, -53.9634, -63.8372,  // f32: T, S saturate; T', S'
      7.135929, 21.76529, -21.2238, -21.5927, -420.075, -441.689,  // f64: T, S saturate; T', S'
      6.98e12, -6.98e12, 5.65e102, -5.65e102, -1.05, -0.5, -1.0, 1.0, 8.0, -8.0, 7.75, -40.0,
      32.0, -32.0,
      14.99, -14.99, 11.0, -11.0, 66.0, -66.0, 7.0, 1000.0, -1000.0};  // clamps, last double row
// clang-format on

/// Dense inputs: `per_point` consecutive numbers on each side of every threshold point that is a
/// T, and a grid of 10 001 points over [-1.2, -0.3].
template <class T>
std::vector<T> edge_inputs(int per_point) {
  std::vector<T> out;
  for (double p : threshold_points) {
    if (std::fabs(p) > static_cast<double>(std::numeric_limits<T>::max())) continue;  // not a T
    auto a = around(static_cast<T>(p), per_point);
    out.insert(out.end(), a.begin(), a.end());
  }
  for (int i = 0; i <= 10000; ++i)
    out.push_back(static_cast<T>(-1.2 + 0.9 * i / 10000.0));  // [-1.2, -0.3]
  return out;
}

/// `per_point` seeded uniform inputs in [p - 0.1, p + 0.1] around every threshold point p that
/// is a T and below 1000 in magnitude.
template <class T>
std::vector<T> threshold_windows(int per_point, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> offset(-0.1, 0.1);
  std::vector<T> out;
  for (double p : threshold_points) {
    if (std::fabs(p) > 1000) continue;
    for (int i = 0; i < per_point; ++i) out.push_back(static_cast<T>(p + offset(g)));
  }
  return out;
}

/// The set the same-bits tests run over: every binade, random values, the edges, specials, and
/// a run where most batches lie in the float table paths' ranges ([-3.125, 4.875) in AVX-512
/// builds, |x| < 3.75 in AVX2 builds) and a few lanes do not (1 in 37: the compacting loops of
/// AVX-512 builds carry such lanes across batches, see detail/compacting_loops.hpp), and the
/// ranges' ends with their neighbours.
template <class T>
std::vector<T> identity_inputs(unsigned seed) {
  std::vector<T> xs = binade_sweep<T>(6);
  auto r = random_inputs<T>(3000, T(-40), T(10), seed);
  xs.insert(xs.end(), r.begin(), r.end());
  auto body = random_inputs<T>(2000, T(-3.1), T(3.7), seed + 1);
  auto tails = random_inputs<T>(60, T(-20), T(-3.8), seed + 2);
  for (std::size_t i = 0; i < body.size(); ++i) xs.push_back(i % 37 == 5 ? tails[i / 37] : body[i]);
  auto e = edge_inputs<T>(8);
  xs.insert(xs.end(), e.begin(), e.end());
  for (T end : {T(-3.125), T(4.875), T(-3.75), T(3.75), T(-15), T(15)})
    for (T v : {std::nextafter(end, T(-10)), end, std::nextafter(end, T(10))}) xs.push_back(v);
  for (T s :
       {std::numeric_limits<T>::infinity(), -std::numeric_limits<T>::infinity(),
        std::numeric_limits<T>::quiet_NaN(), T(0), -T(0), std::numeric_limits<T>::denorm_min()})
    xs.push_back(s);
  return xs;
}

/// a and b are the same bits (any two NaNs count as the same); T: float, double, gelu::bfloat16
/// or gelu::float16.
template <class T>
bool same_bits(T a, T b) {
  const auto is_nan = [](T v) {
    if constexpr (sizeof(T) == 2)
      return std::isnan(static_cast<float>(v));
    else
      return std::isnan(v);
  };
  if (is_nan(a) && is_nan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace gelu_test
