// Scalar libm loops: the formulas as written in most code (std::erf, std::tanh, std::exp).
#include <cmath>

#include "formulas.hpp"
#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
kernel_set<T> libm() {
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      y[i] = formula::exact<T, T>(x[i], [](T v) { return std::erf(v); });
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      y[i] = formula::tanh_form<T, T>(x[i], [](T v) { return std::tanh(v); });
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      y[i] = formula::sigmoid_form<T, T>(x[i], [](T v) { return std::exp(v); });
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      dx[i] = dy[i] * formula::exact_derivative<T, T>(
                          x[i], [](T v) { return std::erf(v); }, [](T v) { return std::exp(v); });
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      dx[i] = dy[i] * formula::tanh_derivative<T, T>(x[i], [](T v) { return std::tanh(v); });
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      dx[i] = dy[i] * formula::sigmoid_derivative<T, T>(x[i], [](T v) { return std::exp(v); });
  };
  return k;
}

const registrar add{{"libm", "scalar loop over std::erf / std::tanh / std::exp (glibc)",
                     libm<float>(), libm<double>()}};

}  // namespace
}  // namespace gelu_bench
