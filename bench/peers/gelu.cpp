// gelu itself: forward, backward and the fused forward_and_derivative.
#include <gelu/gelu.hpp>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
kernel_set<T> ours() {
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    gelu::forward(x, y, n, gelu::approximate::none);
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    gelu::forward(x, y, n, gelu::approximate::tanh);
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    gelu::forward(x, y, n, gelu::approximate::sigmoid);
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::backward(dy, x, dx, n, gelu::approximate::none);
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::backward(dy, x, dx, n, gelu::approximate::tanh);
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::backward(dy, x, dx, n, gelu::approximate::sigmoid);
  };
  k.fused[exact] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::forward_and_derivative(x, y, d, n, gelu::approximate::none);
  };
  k.fused[tanh_form] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::forward_and_derivative(x, y, d, n, gelu::approximate::tanh);
  };
  k.fused[sigmoid_form] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::forward_and_derivative(x, y, d, n, gelu::approximate::sigmoid);
  };
  return k;
}

const registrar add{{"gelu",
                     "gelu " GELU_VERSION_STRING
                     " (this library): erfc form, x*sigma(z), derivatives through their zero",
                     ours<float>(), ours<double>()}};

}  // namespace
}  // namespace gelu_bench
