// The documented error bounds (include/gelu/gelu.hpp), in ULPs of the true value: one table,
// shared by every test.
#pragma once
#include <gelu/gelu.hpp>
#include <type_traits>

namespace gelu_test {

/// Function index used by all tests: 2 * variant + (derivative ? 1 : 0).
enum : int {
  exact_value,
  exact_derivative,
  tanh_value,
  tanh_derivative,
  sigmoid_value,
  sigmoid_derivative
};
inline constexpr const char* function_names[6] = {"gelu<none>",    "gelu_derivative<none>",
                                                  "gelu<tanh>",    "gelu_derivative<tanh>",
                                                  "gelu<sigmoid>", "gelu_derivative<sigmoid>"};

/// Every function's documented bound for element type T in tier P:
///   precise: float 0.51 ULP (measured over all 2^32 inputs: 0.5043), double 0.75 ULP (measured:
///     0.694, gelu_derivative<tanh> at its zero);
///   fast: 4 ULP, float and double (float measured over all 2^32 inputs: 3.13 in the AVX-512
///     build; samples of the SSE2 (no FMA) build reach 3.49: README).
template <class T>
inline constexpr double bound_ulp(gelu::accuracy p) {
  if (p == gelu::accuracy::precise) return sizeof(T) == 4 ? 0.51 : 0.75;
  return 4.0;
}

/// Both tiers, for tests that run once per tier.
inline constexpr gelu::accuracy tiers[2] = {gelu::accuracy::fast, gelu::accuracy::precise};
inline const char* tier_name(gelu::accuracy p) {
  return p == gelu::accuracy::fast ? "fast" : "precise";
}
/// f(std::integral_constant<gelu::accuracy, P>{}) for each tier P.
template <class F>
void for_each_tier(F&& f) {
  f(std::integral_constant<gelu::accuracy, gelu::accuracy::fast>{});
  f(std::integral_constant<gelu::accuracy, gelu::accuracy::precise>{});
}

inline const char* form_name(gelu::approximate a) {
  return a == gelu::approximate::none ? "none" : a == gelu::approximate::tanh ? "tanh" : "sigmoid";
}
/// f(std::integral_constant<gelu::approximate, A>{}) for each form A: none, tanh, sigmoid.
template <class F>
void for_each_form(F&& f) {
  f(std::integral_constant<gelu::approximate, gelu::approximate::none>{});
  f(std::integral_constant<gelu::approximate, gelu::approximate::tanh>{});
  f(std::integral_constant<gelu::approximate, gelu::approximate::sigmoid>{});
}

/// "float", "double", "bfloat16" or "float16".
template <class T>
const char* type_name() {
  if constexpr (std::is_same<T, gelu::bfloat16>::value) return "bfloat16";
  if constexpr (std::is_same<T, gelu::float16>::value) return "float16";
  return sizeof(T) == 4 ? "float" : "double";
}

inline constexpr gelu::approximate variant_of(int f) {
  return f < 2   ? gelu::approximate::none
         : f < 4 ? gelu::approximate::tanh
                 : gelu::approximate::sigmoid;
}

/// The library's function f at x in tier P (scalar, batch or any T the API takes).
template <gelu::accuracy P, class T>
T call(int f, T x) {
  using gelu::approximate;
  switch (f) {
    case exact_value:
      return gelu::gelu<approximate::none, P>(x);
    case exact_derivative:
      return gelu::gelu_derivative<approximate::none, P>(x);
    case tanh_value:
      return gelu::gelu<approximate::tanh, P>(x);
    case tanh_derivative:
      return gelu::gelu_derivative<approximate::tanh, P>(x);
    case sigmoid_value:
      return gelu::gelu<approximate::sigmoid, P>(x);
    default:
      return gelu::gelu_derivative<approximate::sigmoid, P>(x);
  }
}

}  // namespace gelu_test
