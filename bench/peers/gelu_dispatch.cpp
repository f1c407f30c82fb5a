// gelu::dispatch: gelu's array functions with the instruction set chosen at run time (the best
// this CPU runs, or GELU_ARCH's cap), whatever flags this benchmark is built with. Beside the
// static build ("gelu", compiled with GELU_BENCH_ARCH_FLAGS) it shows what a program built with
// default flags gets, e.g. GELU_BENCH_ARCH_FLAGS='' scripts/bench.sh.
#include <gelu/dispatch.hpp>
#include <gelu/version.hpp>
#include <string>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
kernel_set<T> dispatched() {
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    gelu::dispatch::forward(x, y, n, gelu::approximate::none);
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    gelu::dispatch::forward(x, y, n, gelu::approximate::tanh);
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    gelu::dispatch::forward(x, y, n, gelu::approximate::sigmoid);
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::dispatch::backward(dy, x, dx, n, gelu::approximate::none);
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::dispatch::backward(dy, x, dx, n, gelu::approximate::tanh);
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::dispatch::backward(dy, x, dx, n, gelu::approximate::sigmoid);
  };
  k.fused[exact] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::dispatch::forward_and_derivative(x, y, d, n, gelu::approximate::none);
  };
  k.fused[tanh_form] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::dispatch::forward_and_derivative(x, y, d, n, gelu::approximate::tanh);
  };
  k.fused[sigmoid_form] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::dispatch::forward_and_derivative(x, y, d, n, gelu::approximate::sigmoid);
  };
  return k;
}

const registrar add{{"gelu_dispatch",
                     std::string("gelu " GELU_VERSION_STRING
                                 " (this library), fast tier through gelu::dispatch (instruction "
                                 "set chosen at run time): ") +
                         gelu::dispatch::active_isa() + " (" +
                         gelu::dispatch::detail::active_isa_namespace() + ")",
                     dispatched<float>(), dispatched<double>()}};

}  // namespace
}  // namespace gelu_bench
