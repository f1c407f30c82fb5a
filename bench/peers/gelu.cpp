// gelu itself: forward, backward and the fused forward_and_derivative.
#include <gelu/gelu.hpp>

#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T, gelu::accuracy P>
kernel_set<T> ours() {
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    gelu::forward(x, y, n, gelu::approximate::none, P);
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    gelu::forward(x, y, n, gelu::approximate::tanh, P);
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    gelu::forward(x, y, n, gelu::approximate::sigmoid, P);
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::backward(dy, x, dx, n, gelu::approximate::none, P);
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::backward(dy, x, dx, n, gelu::approximate::tanh, P);
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    gelu::backward(dy, x, dx, n, gelu::approximate::sigmoid, P);
  };
  k.fused[exact] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::forward_and_derivative(x, y, d, n, gelu::approximate::none, P);
  };
  k.fused[tanh_form] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::forward_and_derivative(x, y, d, n, gelu::approximate::tanh, P);
  };
  k.fused[sigmoid_form] = [](const T* x, T* y, T* d, std::size_t n) {
    gelu::forward_and_derivative(x, y, d, n, gelu::approximate::sigmoid, P);
  };
  return k;
}

// gelu's two tiers: "gelu" is the default (fast) tier, "gelu_precise" the precise one; the report
// shows both against the peers.
template <gelu::accuracy P>
implementation tier(const char* name, const char* what) {
  implementation impl{name, what, ours<float, P>(), ours<double, P>()};
  impl.bf16 = ours<gelu::bfloat16, P>();
  impl.f16 = ours<gelu::float16, P>();
  return impl;
}

const registrar add_fast{tier<gelu::accuracy::fast>(
    "gelu", "gelu " GELU_VERSION_STRING
            " (this library), fast tier (the default): float lanes, erfc form, x*sigma(z), "
            "derivatives through their zero; bf16/fp16 computed in float, rounded once")};
const registrar add_precise{tier<gelu::accuracy::precise>(
    "gelu_precise", "gelu " GELU_VERSION_STRING
                    " (this library), precise tier: float through double, double through "
                    "double-double steps; bf16/fp16 computed in float, rounded once")};

}  // namespace
}  // namespace gelu_bench
