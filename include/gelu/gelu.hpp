// TEMPORARY SKELETON (naive formulas) -- replaced by the real kernels. API shape is final.
#pragma once
#include <cmath>
#include <cstddef>
#include <xsimd/xsimd.hpp>
namespace gelu {
enum class approximate { none, tanh, sigmoid };
namespace detail {
template <class T> T erfc_(T x) { using std::erfc; using xsimd::erfc; return erfc(x); }
template <class T> T exp_(T x) { using std::exp; using xsimd::exp; return exp(x); }
}
template <approximate A = approximate::none, class T> inline T gelu(T x) noexcept {
  if constexpr (A == approximate::none) return T(0.5) * x * detail::erfc_(T(-0.70710678118654752440) * x);
  else if constexpr (A == approximate::tanh) { T u = T(0.79788456080286535588) * (x + T(0.044715) * x * x * x); return x / (T(1) + detail::exp_(T(-2) * u)); }
  else return x / (T(1) + detail::exp_(T(-1.702) * x));
}
template <approximate A = approximate::none, class T> inline T gelu_derivative(T x) noexcept {
  if constexpr (A == approximate::none) return T(0.5) * detail::erfc_(T(-0.70710678118654752440) * x) + x * T(0.39894228040143267794) * detail::exp_(T(-0.5) * x * x);
  else if constexpr (A == approximate::tanh) { T u = T(0.79788456080286535588) * (x + T(0.044715) * x * x * x); T s = T(1) / (T(1) + detail::exp_(T(-2) * u)); return s + x * s * (T(1) - s) * T(2 * 0.79788456080286535588) * (T(1) + T(3 * 0.044715) * x * x); }
  else { T s = T(1) / (T(1) + detail::exp_(T(-1.702) * x)); return s + T(1.702) * x * s * (T(1) - s); }
}
#define GELU_SKELETON_ARRAY(F) \
  inline void forward(const F* x, F* y, std::size_t n, approximate a = approximate::none) noexcept { for (std::size_t i = 0; i < n; ++i) y[i] = a == approximate::none ? gelu<approximate::none>(x[i]) : a == approximate::tanh ? gelu<approximate::tanh>(x[i]) : gelu<approximate::sigmoid>(x[i]); } \
  inline void backward(const F* dy, const F* x, F* dx, std::size_t n, approximate a = approximate::none) noexcept { for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (a == approximate::none ? gelu_derivative<approximate::none>(x[i]) : a == approximate::tanh ? gelu_derivative<approximate::tanh>(x[i]) : gelu_derivative<approximate::sigmoid>(x[i])); }
GELU_SKELETON_ARRAY(float)
GELU_SKELETON_ARRAY(double)
}  // namespace gelu
