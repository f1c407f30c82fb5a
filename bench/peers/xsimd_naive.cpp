// xsimd's own erf / tanh / exp, composed naively into GELU (0.5 x (1 + erf(x / sqrt 2)), ...).
#include <xsimd/xsimd.hpp>

#include "batch_loop.hpp"
#include "formulas.hpp"
#include "registry.hpp"

namespace gelu_bench {
namespace {

template <class T>
kernel_set<T> naive() {
  using B = xsimd::batch<T>;
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    map_batches(x, y, n, [](const B& v) {
      return formula::exact<B, B>(v, [](const B& u) { return xsimd::erf(u); });
    });
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    map_batches(x, y, n, [](const B& v) {
      return formula::tanh_form<B, B>(v, [](const B& u) { return xsimd::tanh(u); });
    });
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    map_batches(x, y, n, [](const B& v) {
      return formula::sigmoid_form<B, B>(v, [](const B& u) { return xsimd::exp(u); });
    });
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    map_batches_scaled(dy, x, dx, n, [](const B& v) {
      return formula::exact_derivative<B, B>(
          v, [](const B& u) { return xsimd::erf(u); }, [](const B& u) { return xsimd::exp(u); });
    });
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    map_batches_scaled(dy, x, dx, n, [](const B& v) {
      return formula::tanh_derivative<B, B>(v, [](const B& u) { return xsimd::tanh(u); });
    });
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    map_batches_scaled(dy, x, dx, n, [](const B& v) {
      return formula::sigmoid_derivative<B, B>(v, [](const B& u) { return xsimd::exp(u); });
    });
  };
  return k;
}

const registrar add{
    {"xsimd", "xsimd::erf / tanh / exp composed naively", naive<float>(), naive<double>()}};

}  // namespace
}  // namespace gelu_bench
