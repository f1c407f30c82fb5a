// GeGLU's documented scalar composition (include/gelu/geglu.hpp), written independently of the
// library's loops, and the second factors (up, dy) the GeGLU tests draw.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>
#include <vector>

#include "bounds.hpp"

namespace gelu_test {

/// Second factors (up, dy): every binade's worth of random bit patterns (finite, magnitudes
/// limited for double so that dy * up stays finite), values around 1, mantissas near 2 (where
/// gelu's relative error counts double in ULPs of the product), and signed zeros.
template <class T>
std::vector<T> factors(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> unit(-4.0, 4.0), near2(1.875, 2.0);
  std::uniform_int_distribution<int> exps(sizeof(T) == 4 ? -149 : -600, sizeof(T) == 4 ? 127 : 500);
  std::vector<T> out;
  while (out.size() < n) {
    switch (out.size() % 4) {
      case 0: {
        T v = static_cast<T>(std::ldexp(near2(g), exps(g)));
        out.push_back(g() & 1 ? v : -v);
        break;
      }
      case 1:
        out.push_back(static_cast<T>(unit(g)));
        break;
      case 2:
        out.push_back(static_cast<T>((g() & 1 ? 1 : -1) * near2(g)));
        break;
      default: {
        T v = static_cast<T>(std::ldexp(1.0 + 0.0625 * unit(g), exps(g)));
        out.push_back(v == 0 ? T(-0.0) : v);
      }
    }
  }
  return out;
}

// bfloat16 and float16 compute in float: the float composition of the inputs (converted by the
// types' own operators), each output rounded once to the 16-bit type.
template <class T>
using compute_t = std::conditional_t<sizeof(T) == 2, float, T>;
template <class T>
compute_t<T> widen(T v) {
  return static_cast<compute_t<T>>(v);
}

template <gelu::approximate A, gelu::accuracy P, class T>
T ref_y(T gate, T up) {
  return T(gelu::gelu<A, P>(widen(gate)) * widen(up));
}
template <gelu::approximate A, gelu::accuracy P, class T>
T ref_dup(T dy, T gate) {
  return T(widen(dy) * gelu::gelu<A, P>(widen(gate)));
}
/// dgate in T's compute type (the value a 16-bit output rounds).
template <gelu::approximate A, gelu::accuracy P, class C>
C ref_dgate_compute(C dy, C gate, C up) {
  C d = gelu::gelu_derivative<A, P>(gate);
  if constexpr (sizeof(C) == 4 && P == gelu::accuracy::precise)
    return static_cast<float>((static_cast<double>(dy) * static_cast<double>(up)) *
                              static_cast<double>(d));
  else
    return (dy * up) * d;
}
template <gelu::approximate A, gelu::accuracy P, class T>
T ref_dgate(T dy, T gate, T up) {
  return T(ref_dgate_compute<A, P>(widen(dy), widen(gate), widen(up)));
}

}  // namespace gelu_test
