// The documented error bounds (include/gelu/gelu.hpp), in ULPs of the true value: one table,
// shared by every test.
#pragma once
#include <gelu/gelu.hpp>

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

/// Every function's documented bound for element type T: float 0.51 ULP (measured over all 2^32
/// inputs: 0.5043), double 0.75 ULP (measured: 0.694, gelu_derivative<tanh> at its zero).
template <class T>
inline constexpr double bound_ulp() {
  return sizeof(T) == 4 ? 0.51 : 0.75;
}
inline constexpr gelu::approximate variant_of(int f) {
  return f < 2   ? gelu::approximate::none
         : f < 4 ? gelu::approximate::tanh
                 : gelu::approximate::sigmoid;
}

/// The library's function f at x (scalar, batch or any T the API takes).
template <class T>
T call(int f, T x) {
  using gelu::approximate;
  switch (f) {
    case exact_value:
      return gelu::gelu<approximate::none>(x);
    case exact_derivative:
      return gelu::gelu_derivative<approximate::none>(x);
    case tanh_value:
      return gelu::gelu<approximate::tanh>(x);
    case tanh_derivative:
      return gelu::gelu_derivative<approximate::tanh>(x);
    case sigmoid_value:
      return gelu::gelu<approximate::sigmoid>(x);
    default:
      return gelu::gelu_derivative<approximate::sigmoid>(x);
  }
}

}  // namespace gelu_test
