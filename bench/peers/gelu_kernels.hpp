// gelu's array functions as a benchmark kernel_set, for each way of calling them: the static
// header (gelu.cpp, gelu_native.cpp) and gelu::dispatch (gelu_dispatch.cpp). Api is a struct
// with static forward / backward / forward_and_derivative taking gelu.hpp's arguments.
#pragma once

#include <gelu/types.hpp>

#include "registry.hpp"

namespace gelu_bench {

template <class T, class Api, gelu::accuracy P = gelu::accuracy::fast>
kernel_set<T> gelu_kernels() {
  using gelu::approximate;
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    Api::forward(x, y, n, approximate::none, P);
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    Api::forward(x, y, n, approximate::tanh, P);
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    Api::forward(x, y, n, approximate::sigmoid, P);
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    Api::backward(dy, x, dx, n, approximate::none, P);
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    Api::backward(dy, x, dx, n, approximate::tanh, P);
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    Api::backward(dy, x, dx, n, approximate::sigmoid, P);
  };
  k.fused[exact] = [](const T* x, T* y, T* d, std::size_t n) {
    Api::forward_and_derivative(x, y, d, n, approximate::none, P);
  };
  k.fused[tanh_form] = [](const T* x, T* y, T* d, std::size_t n) {
    Api::forward_and_derivative(x, y, d, n, approximate::tanh, P);
  };
  k.fused[sigmoid_form] = [](const T* x, T* y, T* d, std::size_t n) {
    Api::forward_and_derivative(x, y, d, n, approximate::sigmoid, P);
  };
  return k;
}

}  // namespace gelu_bench
