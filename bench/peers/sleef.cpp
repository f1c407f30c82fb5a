// SLEEF 3.5 vector functions (1.0-ULP erf / tanh / exp) of the build's widest ISA, composed
// into GELU like the others.
#include <sleef.h>

#include <xsimd/xsimd.hpp>

#include "batch_loop.hpp"
#include "formulas.hpp"
#include "registry.hpp"

namespace gelu_bench {
namespace {

#if defined(__AVX512F__)
#define GELU_SLEEF_F(fn) Sleef_##fn##f16_u10
#define GELU_SLEEF_D(fn) Sleef_##fn##d8_u10
#define GELU_SLEEF_ISA "AVX-512"
#elif defined(__AVX2__)
#define GELU_SLEEF_F(fn) Sleef_##fn##f8_u10
#define GELU_SLEEF_D(fn) Sleef_##fn##d4_u10
#define GELU_SLEEF_ISA "AVX2"
#else
#define GELU_SLEEF_F(fn) Sleef_##fn##f4_u10
#define GELU_SLEEF_D(fn) Sleef_##fn##d2_u10
#define GELU_SLEEF_ISA "SSE2"
#endif

using bf = xsimd::batch<float>;
using bd = xsimd::batch<double>;
inline bf s_erf(const bf& v) { return GELU_SLEEF_F(erf)(v); }
inline bf s_tanh(const bf& v) { return GELU_SLEEF_F(tanh)(v); }
inline bf s_exp(const bf& v) { return GELU_SLEEF_F(exp)(v); }
inline bd s_erf(const bd& v) { return GELU_SLEEF_D(erf)(v); }
inline bd s_tanh(const bd& v) { return GELU_SLEEF_D(tanh)(v); }
inline bd s_exp(const bd& v) { return GELU_SLEEF_D(exp)(v); }

template <class T>
kernel_set<T> sleef() {
  using B = xsimd::batch<T>;
  kernel_set<T> k;
  k.forward[exact] = [](const T* x, T* y, std::size_t n) {
    map_batches(x, y, n, [](const B& v) {
      return formula::exact<B, B>(v, [](const B& u) { return s_erf(u); });
    });
  };
  k.forward[tanh_form] = [](const T* x, T* y, std::size_t n) {
    map_batches(x, y, n, [](const B& v) {
      return formula::tanh_form<B, B>(v, [](const B& u) { return s_tanh(u); });
    });
  };
  k.forward[sigmoid_form] = [](const T* x, T* y, std::size_t n) {
    map_batches(x, y, n, [](const B& v) {
      return formula::sigmoid_form<B, B>(v, [](const B& u) { return s_exp(u); });
    });
  };
  k.backward[exact] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    map_batches_scaled(dy, x, dx, n, [](const B& v) {
      return formula::exact_derivative<B, B>(
          v, [](const B& u) { return s_erf(u); }, [](const B& u) { return s_exp(u); });
    });
  };
  k.backward[tanh_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    map_batches_scaled(dy, x, dx, n, [](const B& v) {
      return formula::tanh_derivative<B, B>(v, [](const B& u) { return s_tanh(u); });
    });
  };
  k.backward[sigmoid_form] = [](const T* dy, const T* x, T* dx, std::size_t n) {
    map_batches_scaled(dy, x, dx, n, [](const B& v) {
      return formula::sigmoid_derivative<B, B>(v, [](const B& u) { return s_exp(u); });
    });
  };
  return k;
}

const registrar add{{"sleef",
                     "SLEEF " GELU_SLEEF_ISA " erf/tanh/exp (u10) composed as 0.5x(1+erf), ...",
                     sleef<float>(), sleef<double>()}};

}  // namespace
}  // namespace gelu_bench
